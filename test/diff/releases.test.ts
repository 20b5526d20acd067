// A release-tag bump of the example app, as review sees it and as a cluster applies it: every Job
// that keeps its name keeps its pod template (a Job's template is immutable), the replaced Job is
// not "breaking", and the label-only churn (app.kubernetes.io/version) is one line.
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { ENVIRONMENTS, ShopChart } from '../../src/charts';
import type { EnvironmentConfig } from '../../src/charts';
import { diffDocuments, formatMarkdown, formatText } from '../../src/diff';
import type { DiffInput } from '../../src/diff';

type Obj = { kind: string; metadata: { name: string; namespace?: string }; spec?: { template?: unknown } };

function release(env: EnvironmentConfig, releaseTag: string): Obj[] {
  const chart = new ShopChart(Testing.app(), `shop-${env.stage}`, { ...env, releaseTag });
  return Testing.synth(chart) as Obj[];
}

const inputs = (objects: Obj[]): DiffInput[] => objects.map((object) => ({ file: 'shop.k8s.yaml', object }));

describe.each(ENVIRONMENTS.map((e) => [e.stage, e] as const))("two releases of the example app's %s environment", (_stage, env) => {
  const first = release(env, '2.3.1');
  const second = release(env, '2.4.0');

  it('GIVEN two release tags WHEN both are synthesised THEN every Job that keeps its name keeps its pod template', () => {
    const jobs = (objs: Obj[]) => new Map(objs.filter((o) => o.kind === 'Job').map((o) => [o.metadata.name, o.spec?.template]));
    const before = jobs(first);
    const after = jobs(second);
    expect(before.size).toBeGreaterThan(0);
    for (const [name, template] of after) if (before.has(name)) expect(template).toEqual(before.get(name));
    // The migration runs again: its Job is a new one.
    expect([...after.keys()].some((n) => !before.has(n))).toBe(true);
  });

  it('GIVEN the same release twice WHEN synthesised THEN the Job keeps its name (the migration does not run again)', () => {
    const names = (objs: Obj[]) => objs.filter((o) => o.kind === 'Job').map((o) => o.metadata.name);
    expect(names(release(env, '2.3.1'))).toEqual(names(first));
  });

  it('GIVEN the release-tag bump WHEN diffed THEN nothing is breaking, the Job is replaced by design and the label-only churn is one line', () => {
    const report = diffDocuments(inputs(first), inputs(second));
    expect(report.summary.breaking).toBe(0);
    const removedJob = report.objects.find((o) => o.kind === 'Job' && o.change === 'removed');
    expect(removedJob?.replacedBy?.name).toMatch(/^migrate-[0-9a-f]{10}$/);
    expect(removedJob?.renamedTo).toBeUndefined();
    const text = formatText(report);
    expect(text).not.toMatch(/breaking/);
    const groupLines = text.split('\n').filter((l) => /labels only\): /.test(l));
    expect(groupLines).toHaveLength(1);
    expect(groupLines[0]).toMatch(/^~ app\.kubernetes\.io\/version: "2\.3\.1" → "2\.4\.0" on \d+ objects \(labels only\)/);
    // Objects whose behaviour changes still have their own entries: the image moves.
    for (const kind of ['Deployment', 'CronJob']) expect(text).toMatch(new RegExp(`~ ${kind} [\\w-]+/[\\w-]+ `));
    // ...and objects whose only change is the label do not.
    expect(text).not.toMatch(/~ ServiceAccount /);
    expect(formatMarkdown(report)).toMatch(/^- app\.kubernetes\.io\/version: "2\.3\.1" → "2\.4\.0" on \d+ objects \(labels only\)/m);
  });
});

describe('content-named replacements in the diff', () => {
  const job = (name: string, image: string) => ({
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name, namespace: 'shop' },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'migrate', image }] } } },
  });

  it('GIVEN a plain-named Job whose template changes WHEN diffed THEN it is breaking (apply is refused)', () => {
    const r = diffDocuments(inputs([job('migrate', 'app:1') as Obj]), inputs([job('migrate', 'app:2') as Obj]));
    expect(r.objects[0].breaking.map((b) => b.rule)).toEqual(['immutable-job-template']);
  });

  it('GIVEN a plain-named Job replaced by a hash-named one (the first release with templateHash) WHEN diffed THEN it is a replacement, not breaking', () => {
    const r = diffDocuments(inputs([job('migrate', 'app:1') as Obj]), inputs([job('migrate-0123456789', 'app:2') as Obj]));
    expect(r.summary.breaking).toBe(0);
    expect(r.objects.find((o) => o.change === 'added')?.replaces?.name).toBe('migrate');
  });

  it('GIVEN a Job of another name removed WHEN diffed THEN no replacement is claimed', () => {
    const r = diffDocuments(inputs([job('seed-0123456789', 'app:1') as Obj]), inputs([job('migrate-0123456789', 'app:1') as Obj]));
    expect(r.objects.every((o) => !o.replacedBy && !o.replaces)).toBe(true);
  });

  it('GIVEN one object whose only change is a label WHEN diffed THEN it keeps its own entry (groups start at two)', () => {
    const sa = (version: string) => ({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/version': version } } });
    const r = diffDocuments(inputs([sa('1') as Obj]), inputs([sa('2') as Obj]));
    expect(r.labelChanges).toEqual([]);
    expect(formatText(r)).toMatch(/~ ServiceAccount shop\/web/);
  });
});
