/**
 * Which input objects a helmless construct reproduces. Verified by synthesis, never guessed: for
 * each workload (Deployment -> WebService, StatefulSet -> StatefulDb, DaemonSet -> DaemonAgent,
 * Job -> WorkerJob, CronJob -> Cron) adopt derives the construct's props from the object, renders
 * the construct in a scratch chart with the same namespace / instance / part-of, and compares what
 * it writes with the input using the diff engine. The construct is used only when every object it
 * writes is in the input and nothing differs except fields the construct adds (helmless defaults,
 * reported); otherwise the objects stay typed L1 and a comment says what the construct would change.
 */
import { App } from 'cdk8s';
import { diffDocuments } from '../diff/engine';
import { isRecord } from '../diff/secrets';
import type { FieldChange } from '../diff/types';
import { HelmlessChart } from '../constructs/helmless-chart';
import { Cron } from '../constructs/cron';
import { DaemonAgent } from '../constructs/daemon-agent';
import { StatefulDb } from '../constructs/stateful-db';
import { WebService } from '../constructs/web-service';
import { WorkerJob } from '../constructs/worker-job';
import { LABEL_INSTANCE, LABEL_NAME, LABEL_PART_OF } from '../constructs/labels';

export type ConstructName = 'WebService' | 'StatefulDb' | 'DaemonAgent' | 'WorkerJob' | 'Cron';

const BY_KIND: Record<string, ConstructName> = {
  'apps/v1/Deployment': 'WebService',
  'apps/v1/StatefulSet': 'StatefulDb',
  'apps/v1/DaemonSet': 'DaemonAgent',
  'batch/v1/Job': 'WorkerJob',
  'batch/v1/CronJob': 'Cron',
};

export interface ChartSettings {
  readonly namespace?: string;
  readonly instance: string;
  readonly partOf: string;
}

export interface Recognized {
  readonly construct: ConstructName;
  readonly id: string;
  readonly props: Record<string, unknown>;
  readonly chart: ChartSettings;
  /** Object keys (objectKeyOf) of the input objects it reproduces. */
  readonly consumes: readonly string[];
  /** Fields the construct adds to the input (its defaults), as 'Kind name: path'. */
  readonly adds: readonly string[];
}

export interface Rejected {
  readonly construct: ConstructName;
  /** Key of the workload object. */
  readonly key: string;
  readonly why: string;
}

export function objectKeyOf(o: Record<string, unknown>): string {
  const meta = (isRecord(o.metadata) ? o.metadata : {}) as Record<string, unknown>;
  const av = String(o.apiVersion);
  return [av.includes('/') ? av.split('/')[0] : '', o.kind, meta.namespace ?? '', meta.name].join('/');
}

type Obj = Record<string, any>;

function render(construct: ConstructName, id: string, props: Record<string, unknown>, chart: ChartSettings): Obj[] {
  const app = new App({ outdir: '/nonexistent-helmless-adopt' });
  const c = new HelmlessChart(app, chart.instance, { namespace: chart.namespace, instance: chart.instance, partOf: chart.partOf });
  const p = props as never;
  switch (construct) {
    case 'WebService': new WebService(c, id, p); break;
    case 'StatefulDb': new StatefulDb(c, id, p); break;
    case 'DaemonAgent': new DaemonAgent(c, id, p); break;
    case 'WorkerJob': new WorkerJob(c, id, p); break;
    case 'Cron': new Cron(c, id, p); break;
  }
  return c.toJson() as Obj[];
}

function candidateProps(construct: ConstructName, o: Obj): Record<string, unknown>[] {
  const podSpec = construct === 'Cron' ? o.spec?.jobTemplate?.spec?.template?.spec : o.spec?.template?.spec;
  const c = podSpec?.containers?.[0];
  if (!c || typeof c.image !== 'string') return [];
  const base: Record<string, unknown> = { image: c.image };
  if (Array.isArray(c.command)) base.command = c.command;
  if (Array.isArray(c.args)) base.args = c.args;
  const p = c.ports?.[0];
  const ports: unknown[] = p && typeof p.containerPort === 'number' ? [p.containerPort, ...(p.name ? [{ port: p.containerPort, name: p.name }] : [])] : [undefined];
  const out: Record<string, unknown>[] = [];
  for (const port of ports) {
    const props: Record<string, unknown> = { ...base };
    switch (construct) {
      case 'WebService':
        if (port === undefined) return [];
        props.port = port;
        if (typeof o.spec?.replicas === 'number') props.replicas = o.spec.replicas;
        break;
      case 'StatefulDb': {
        const storage = o.spec?.volumeClaimTemplates?.[0]?.spec?.resources?.requests?.storage;
        if (port === undefined || typeof storage !== 'string') return [];
        props.port = port;
        props.storage = storage;
        break;
      }
      case 'DaemonAgent':
        if (port !== undefined) props.port = port;
        break;
      case 'Cron':
        if (typeof o.spec?.schedule !== 'string') return [];
        props.schedule = o.spec.schedule;
        break;
      default:
        break;
    }
    out.push(props);
  }
  return out;
}

function describeChange(kind: string, name: string, f: FieldChange): string {
  const v = (x: unknown) => (x === undefined ? '(unset)' : JSON.stringify(x).slice(0, 60));
  if (f.change === 'added') return `${kind} ${name}: ${f.path} added (${v(f.new)})`;
  if (f.change === 'removed') return `${kind} ${name}: ${f.path} dropped`;
  return `${kind} ${name}: ${f.path} ${v(f.old)} -> ${v(f.new)}`;
}

/**
 * Tries every workload of `objects` against its construct. `objects` are the normalised inputs;
 * objects already claimed by an earlier construct are not claimed twice.
 */
export function recognize(objects: readonly Obj[]): { recognized: Recognized[]; rejected: Rejected[] } {
  const byKey = new Map(objects.map((o) => [objectKeyOf(o), o]));
  const claimed = new Set<string>();
  const recognized: Recognized[] = [];
  const rejected: Rejected[] = [];
  for (const o of objects) {
    const construct = BY_KIND[`${o.apiVersion}/${o.kind}`];
    if (!construct) continue;
    const key = objectKeyOf(o);
    if (claimed.has(key)) continue;
    const labels = (o.metadata?.labels ?? {}) as Record<string, string>;
    const id = labels[LABEL_NAME] ?? o.metadata.name;
    const instance = labels[LABEL_INSTANCE];
    if (!instance) {
      rejected.push({ construct, key, why: `it has no ${LABEL_INSTANCE} label, and the construct selects pods on ${LABEL_NAME} + ${LABEL_INSTANCE}: adopting it would change the selector (immutable)` });
      continue;
    }
    const chart: ChartSettings = { namespace: o.metadata.namespace, instance, partOf: labels[LABEL_PART_OF] ?? instance };
    let why = 'no usable props (no container image or port)';
    for (const props of candidateProps(construct, o)) {
      let rendered: Obj[];
      try {
        rendered = render(construct, id, props, chart);
      } catch (e) {
        why = `the construct refuses the derived props: ${(e as Error).message.split('\n')[0]}`;
        continue;
      }
      const missing = rendered.filter((r) => !byKey.has(objectKeyOf(r)) || claimed.has(objectKeyOf(r)));
      if (missing.length) {
        why = `the construct would also create ${missing.map((r) => `${r.kind} ${r.metadata.name}`).join(', ')}`;
        continue;
      }
      const report = diffDocuments(rendered.map((r) => ({ file: 'x', object: byKey.get(objectKeyOf(r)) })), rendered.map((r) => ({ file: 'x', object: r })));
      const changes = report.objects.flatMap((x) => x.fields.map((f) => ({ x, f })));
      const bad = changes.filter(({ f }) => f.change !== 'added');
      if (bad.length) {
        why = `the construct would change ${bad.slice(0, 3).map(({ x, f }) => describeChange(x.kind, x.name, f)).join('; ')}${bad.length > 3 ? ` (and ${bad.length - 3} more)` : ''}`;
        continue;
      }
      const consumes = rendered.map((r) => objectKeyOf(r));
      consumes.forEach((k) => claimed.add(k));
      recognized.push({ construct, id, props, chart, consumes, adds: changes.map(({ x, f }) => describeChange(x.kind, x.name, f)) });
      why = '';
      break;
    }
    if (why) rejected.push({ construct, key, why });
  }
  return { recognized, rejected };
}
