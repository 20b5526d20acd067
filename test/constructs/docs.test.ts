import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';

/**
 * Docs cannot drift from the props: every optional prop of a construct documents its @default,
 * and every prop has a row in the README's Constructs section.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const FILES = ['workload.ts', 'workload-props.ts', 'placement.ts', 'web-service.ts', 'worker.ts', 'worker-job.ts', 'cron.ts', 'daemon-agent.ts', 'stateful-db.ts', 'availability.ts', 'labels.ts', 'containers.ts', 'volumes.ts', 'env.ts', 'permissions.ts', 'namespace.ts'];
const INTERFACES = /export interface (\w+(?:Props|Settings|Options)|Permission) (?:extends [\w, ]+ )?(?:\{\}|\{([\s\S]*?)\n\})/g;
/** Internal plumbing between the shared pod builder and the constructs, not user props. */
const INTERNAL = new Set(['PodOptions', 'ResolvedJobSettings']);

interface Prop { readonly iface: string; readonly name: string; readonly optional: boolean; readonly doc: string }

function props(): Prop[] {
  const out: Prop[] = [];
  for (const f of FILES) {
    const text = fs.readFileSync(path.join(ROOT, 'src', 'constructs', f), 'utf8');
    for (const m of text.matchAll(INTERFACES)) {
      if (INTERNAL.has(m[1]) || m[2] === undefined) continue;
      const body = m[2];
      // top-level members only (two-space indent), with the doc comment right above
      const re = /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/)?\n  readonly (\w+)(\?)?:/g;
      for (const p of body.matchAll(re)) out.push({ iface: m[1], name: p[2], optional: p[3] === '?', doc: p[1] ?? '' });
    }
  }
  return out;
}

describe('construct docs', () => {
  const all = props();
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Constructs'));

  it('GIVEN the construct sources WHEN scanned THEN props are found (the scanner works)', () => {
    expect(all.length).toBeGreaterThan(60);
    expect(all.some((p) => p.iface === 'RolloutProps' && p.name === 'replicas')).toBe(true);
    expect(all.some((p) => p.iface === 'SidecarOptions' && p.name === 'native')).toBe(true);
  });

  it('every optional prop documents its @default', () => {
    const missing = all.filter((p) => p.optional && !/@default/.test(p.doc)).map((p) => `${p.iface}.${p.name}`);
    expect(missing).toEqual([]);
  });

  it('every prop of the six constructs and their containers has a README row', () => {
    const documented = new Set([...section.matchAll(/^\| `([^`]+)`(?: \/ `([^`]+)`)?(?: \/ `([^`]+)`)?/gm)].flatMap((m) => [m[1], m[2], m[3]]).filter(Boolean));
    const ifaces = new Set(['WorkloadProps', 'PlacementProps', 'WebServiceProps', 'RolloutProps', 'WorkerProps', 'JobSettings', 'CronProps', 'DaemonAgentProps', 'StatefulDbProps', 'LabelProps', 'ContainerOptions', 'SidecarOptions', 'Permission', 'NamespaceProps']);
    const missing = all.filter((p) => ifaces.has(p.iface) && !documented.has(p.name)).map((p) => `${p.iface}.${p.name}`);
    expect(missing).toEqual([]);
  });
});
