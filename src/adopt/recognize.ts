/**
 * Which input objects a helmless construct adopts. Verified by synthesis, never guessed: for each
 * workload (Deployment + the Service selecting its pods -> WebService, Deployment alone -> Worker,
 * StatefulSet + its governing Service -> StatefulDb, DaemonSet -> DaemonAgent, Job -> WorkerJob,
 * CronJob -> Cron; the HPA and PDB selecting it folded in) adopt derives the construct's props from
 * the objects, with the options that keep what runs today (the live selector and pod labels, the
 * names, `Security.asIs`, no probes / resources / PDB / ServiceAccount the input lacks, the rollout
 * settings). What those options do not express becomes `asDeployed` fields, so the adopted program
 * writes the input field for field (new labels and annotations on object metadata aside). The
 * construct is rendered in a scratch chart and compared with the input; it is used only when the
 * comparison is exact and every object it writes is in the input.
 */
import { App, Chart } from 'cdk8s';
import { isRecord } from '../diff/secrets';
import { HelmlessChart } from '../constructs/helmless-chart';
import { AsDeployed } from '../constructs/as-deployed';
import { ConfigMap } from '../constructs/config-map';
import { Cron } from '../constructs/cron';
import { DaemonAgent } from '../constructs/daemon-agent';
import { StatefulDb } from '../constructs/stateful-db';
import { WebService } from '../constructs/web-service';
import { Worker } from '../constructs/worker';
import { WorkerJob } from '../constructs/worker-job';
import { Security } from '../constructs/security';
import { SecretSource } from '../constructs/secrets';
import { EnvFrom } from '../constructs/env';
import { Mount } from '../constructs/volumes';
import { Probe } from '../constructs/probes';
import { Duration } from '../constructs/values';
import { LABEL_INSTANCE } from '../constructs/labels';
import { quietly, warningsOf } from '../constructs/warnings';
import { lintDocumentsDetailed } from '../validate/policy';
import { ADOPTED_AS_IS, CONFIG_MAP_CALLS, Code, code, codesIn, isCode, isUnset } from './code';
import { AdoptedConfigMap, ConfigMapIndex, createConfigMap } from './configmaps';
import { ChartSettings, chartOf, changes, objectKeyOf, selects } from './objects';
import { Related, deriveProps } from './derive';
import { simplify } from './simplify';
import { constructKey, isConstructRef } from './refs';
import { foldedKeys, foldRoutes } from './routes';

export { ADOPTED_AS_IS, UNSET, code, isCode, isUnset } from './code';
export type { Code } from './code';
export { objectKeyOf } from './objects';
export type { ChartSettings } from './objects';

export type ConstructName = 'WebService' | 'Worker' | 'StatefulDb' | 'DaemonAgent' | 'WorkerJob' | 'Cron';

export interface Recognized {
  readonly construct: ConstructName | 'ConfigMap';
  readonly id: string;
  /** Props; values may be {@link Code}. */
  readonly props: Record<string, unknown>;
  readonly chart: ChartSettings;
  /** Object keys (objectKeyOf) of the input objects it reproduces. */
  readonly consumes: readonly string[];
  /** Fields the construct adds to the input, as 'Kind name: path' (labels and annotations on object metadata). */
  readonly adds: readonly string[];
  /** How many fields are kept with `asDeployed` (what the options do not express). */
  readonly asDeployedFields: number;
  /** The construct warnings the program would print at synth. */
  readonly warnings?: readonly string[];
  /** The variable the program binds it to, when another construct connects to it. */
  readonly varName?: string;
}

export interface Rejected {
  readonly construct: ConstructName;
  /** Key of the workload object. */
  readonly key: string;
  readonly why: string;
}

type Obj = Record<string, any>;
/** A construct's objects as rendered, with the construct warnings it would print at synth. */
type Rendered = Obj[] & { readonly warnings: readonly string[] };

const WORKLOAD_KINDS: Record<string, (o: Obj) => ConstructName> = {
  'apps/v1/Deployment': () => 'WebService',
  'apps/v1/StatefulSet': () => 'StatefulDb',
  'apps/v1/DaemonSet': () => 'DaemonAgent',
  'batch/v1/Job': () => 'WorkerJob',
  'batch/v1/CronJob': () => 'Cron',
};

/** Props as the constructs take them: calls made (ConfigMaps from `cms`), unset markers undefined. */
function evaluate(v: unknown, cms: ReadonlyMap<string, ConfigMap>, refs: ReadonlyMap<string, unknown> = new Map()): unknown {
  if (isConstructRef(v)) {
    if (!refs.has(v.key)) throw new Error(`no adopted construct ${v.varName} to refer to`);
    return refs.get(v.key);
  }
  if (isCode(v)) return call(v, cms);
  if (isUnset(v)) return undefined;
  if (Array.isArray(v)) return v.map((x) => evaluate(x, cms, refs));
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, evaluate(x, cms, refs)]));
  return v;
}

function call(c: Code, cms: ReadonlyMap<string, ConfigMap>): unknown {
  const arg = evaluate(c.arg, cms) as never;
  const options = c.options as never;
  switch (c.call) {
    case 'EnvFrom.secret': return EnvFrom.secret(SecretSource.existing(arg), options);
    case 'SecretSource.existing': return c.key !== undefined ? SecretSource.existing(arg).key(c.key) : SecretSource.existing(arg);
    case 'Security.asIs': return Security.asIs(arg);
    case 'Security.restricted': return Security.restricted(arg);
    case 'Security.relaxed': return Security.relaxed(arg);
    case 'Probe.exec': return Probe.exec(arg);
    case 'Duration.seconds': return Duration.seconds(arg);
    case 'AsDeployed.fields': return AsDeployed.fields(arg);
    case 'Probe.http': return Probe.http(arg, options);
    case 'Probe.tcp': return Probe.tcp(options);
    case 'Probe.grpc': return Probe.grpc(options);
    case 'ConfigMap.key': return cms.get(c.arg as string)!.key(c.key!);
    case 'EnvFrom.configMap': return EnvFrom.configMap(cms.get(c.arg as string)!, options);
    case 'Mount.configMap': return Mount.configMap(cms.get(c.arg as string)!, c.key!, options);
  }
}

/** The ConfigMaps `props` refer to. */
function configMapsIn(props: Record<string, unknown>, index: ConfigMapIndex | undefined): AdoptedConfigMap[] {
  const keys = new Set(codesIn(props).filter((c) => (CONFIG_MAP_CALLS as readonly string[]).includes(c.call)).map((c) => c.arg as string));
  return [...keys].map((k) => index?.get(k)).filter((x): x is AdoptedConfigMap => x !== undefined);
}

function build(construct: ConstructName, c: Chart, id: string, p: never): unknown {
  switch (construct) {
    case 'WebService': return new WebService(c, id, p);
    case 'Worker': return new Worker(c, id, p);
    case 'StatefulDb': return new StatefulDb(c, id, p);
    case 'DaemonAgent': return new DaemonAgent(c, id, p);
    case 'WorkerJob': return new WorkerJob(c, id, p);
    case 'Cron': return new Cron(c, id, p);
  }
}

/**
 * The workload's objects, rendered in a scratch app (the ConfigMaps it refers to beside it, and the
 * `backends` its connections name, in charts of their own; neither returned).
 */
function render(construct: ConstructName, id: string, props: Record<string, unknown>, chart: ChartSettings, index?: ConfigMapIndex, backends: readonly Recognized[] = []): Rendered {
  const app = new App({ outdir: '/nonexistent-helmless-adopt' });
  const refs = new Map<string, unknown>();
  backends.forEach((b, i) => {
    const bc = new HelmlessChart(app, `adopt-backend-${i}`, { namespace: b.chart.namespace, instance: b.chart.instance, partOf: b.chart.partOf });
    const bcms = new Map(configMapsIn(b.props, index).map((cm) => [cm.key, createConfigMap(bc, cm)]));
    refs.set(constructKey(b), build(b.construct as ConstructName, bc, b.id, evaluate(b.props, bcms) as never));
  });
  const c = new HelmlessChart(app, chart.instance, { namespace: chart.namespace, instance: chart.instance, partOf: chart.partOf });
  const used = configMapsIn(props, index);
  const cms = new Map(used.map((cm) => [cm.key, createConfigMap(c, cm)]));
  build(construct, c, id, evaluate(props, cms, refs) as never);
  const skip = new Set(used.map((cm) => cm.key));
  const objects = quietly(() => (c as Chart).toJson() as Obj[]).filter((o) => !skip.has(objectKeyOf(o)));
  return Object.assign(objects, { warnings: warningsOf(c).map((w) => w.message) });
}

/** The minimal props a construct would have been written with (output of helmless itself). */
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

/** The objects related to workload `o`: the Service selecting it, its HPA and PDB. */
function relatedOf(o: Obj, construct: ConstructName, objects: readonly Obj[], claimed: Set<string>): Related {
  const ns = o.metadata.namespace;
  const same = objects.filter((x) => x.metadata?.namespace === ns && !claimed.has(objectKeyOf(x)));
  const podLabels = (construct === 'Cron' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template)?.metadata?.labels;
  const out: Related = {};
  if (o.kind === 'Deployment') {
    out.service = same.find((x) => x.kind === 'Service' && x.metadata.name === o.metadata.name && selects(x.spec?.selector, podLabels) && x.spec?.clusterIP !== 'None');
    out.hpa = same.find((x) => x.kind === 'HorizontalPodAutoscaler' && x.apiVersion === 'autoscaling/v2' && x.spec?.scaleTargetRef?.kind === 'Deployment' && x.spec.scaleTargetRef.name === o.metadata.name && x.metadata.name === o.metadata.name);
  }
  if (o.kind === 'StatefulSet') out.headless = same.find((x) => x.kind === 'Service' && x.metadata.name === o.spec?.serviceName);
  if (o.kind === 'Deployment' || o.kind === 'StatefulSet') {
    out.pdb = same.find((x) => x.kind === 'PodDisruptionBudget' && x.metadata.name === o.metadata.name && selects(x.spec?.selector?.matchLabels, podLabels));
  }
  return out;
}

/** What the recognizer compares against: the input by key, what is claimed, the adoptable ConfigMaps. */
interface Input {
  readonly byKey: ReadonlyMap<string, Obj>;
  readonly claimed: Set<string>;
  readonly configMaps: ConfigMapIndex;
  /** The adopted constructs the props' connections name (rendered beside the workload). */
  readonly backends?: readonly Recognized[];
}

/**
 * Tries every workload of `objects` against its construct. `objects` are the normalised inputs;
 * objects already claimed by an earlier construct are not claimed twice. The ConfigMaps the
 * recognized workloads refer to by object come first in the result.
 */
export function recognize(objects: readonly Obj[]): { recognized: Recognized[]; rejected: Rejected[] } {
  const input: Input = { byKey: new Map(objects.map((o) => [objectKeyOf(o), o])), claimed: new Set<string>(), configMaps: new ConfigMapIndex(objects) };
  const recognized: Recognized[] = [];
  const rejected: Rejected[] = [];
  for (const o of objects) {
    const pick = WORKLOAD_KINDS[`${o.apiVersion}/${o.kind}`];
    if (!pick || input.claimed.has(objectKeyOf(o))) continue;
    const result = recognizeOne(pick(o), o, objects, input, rejected);
    if ('why' in result) {
      rejected.push({ construct: result.construct, key: objectKeyOf(o), why: result.why });
      continue;
    }
    result.consumes.forEach((k) => input.claimed.add(k));
    recognized.push(result);
  }
  // The ConfigMaps the constructs refer to, as constructs of their own (declared before them).
  const used = new Set(recognized.flatMap((r) => configMapsIn(r.props, input.configMaps)).map((cm) => cm.key));
  const configMaps: Recognized[] = input.configMaps.all.filter((cm) => used.has(cm.key) && !input.claimed.has(cm.key))
    .map((cm) => ({ construct: 'ConfigMap', id: cm.id, props: cm.props, chart: cm.chart, consumes: [cm.key], adds: [], asDeployedFields: 0 }));
  return { recognized: [...configMaps, ...recognized], rejected };
}

/** One workload: helmless's own props when they reproduce it, else the derived ones; else why not. */
function recognizeOne(pick: ConstructName, o: Obj, objects: readonly Obj[], input: Input, rejected: Rejected[]): Recognized | { construct: ConstructName; why: string } {
  const related = relatedOf(o, pick, objects, input.claimed);
  const construct: ConstructName = pick === 'WebService' && !related.service ? 'Worker' : pick;
  const why = (w: string) => ({ construct, why: w });
  // A content-named Job (helmless's WorkerJob: '<name>-<10 hex of its template>') is adopted as the
  // WorkerJob '<name>', which names it the same while its template stays; any other Job keeps its
  // name as it is (templateHash: false).
  const hashed = construct === 'WorkerJob' ? /^(.+)-[0-9a-f]{10}$/.exec(o.metadata.name as string) : null;
  const id = hashed ? hashed[1] : o.metadata.name as string;
  const jobNaming = (p: Record<string, unknown>): Record<string, unknown> => (construct === 'WorkerJob' && !hashed ? { ...p, templateHash: false } : p);
  const chart = chartOf(o);
  // helmless's own output first: the props it was written with, when rendering them is exact.
  if (o.metadata?.labels?.[LABEL_INSTANCE]) {
    const exact = candidateProps(construct, o).map((p) => exactOne(construct, id, jobNaming(p), chart, input)).find((r) => r !== undefined);
    if (exact) return exact;
  }
  const derived0 = deriveProps(construct, o, related, input.configMaps.in(chart));
  if (typeof derived0 === 'string') return why(derived0);
  const derived = jobNaming(derived0);
  const { env: _e, envFrom: _f, envOrder: _o, ...withoutEnv } = derived;
  // Its Ingress and HTTPRoute become the WebService's own options when it writes them exactly.
  const routes = construct === 'WebService' ? foldRoutes(related.service!, o.metadata.name as string, objects, input.claimed) : { props: {}, kept: new Map<string, string>() };
  for (const [k, w] of routes.kept) rejected.push({ construct, key: k, why: w });
  const routed = Object.keys(routes.props).length > 0;
  const variants: { id: string; props: Record<string, unknown> }[] = [
    ...(routed ? [{ id, props: { ...derived, ...routes.props } }] : []),
    { id, props: derived },
    // The template as adopted hashes to another name: keep the Job's name as it is.
    ...(hashed ? [{ id: o.metadata.name as string, props: { ...derived, templateHash: false } }] : []),
    // e.g. a literal value under a credential-looking name, which the construct refuses: env kept as deployed.
    ...(derived.env !== undefined || derived.envFrom !== undefined ? [{ id, props: withoutEnv }] : []),
  ];
  let first: string | undefined;
  for (const v of variants) {
    const result = adoptOne(construct, v.id, v.props, chart, input, o);
    if (typeof result !== 'string' && routed && v.props.ingress === undefined && v.props.route === undefined) {
      for (const k of foldedKeys(routes.props, objects, o)) rejected.push({ construct, key: k, why: `as the WebService's option it ${first!.replace(/^the construct /, '')}` });
    }
    if (typeof result !== 'string') {
      const template = construct === 'Cron' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template;
      const short = simplify(o, template, v.props, result, (p) => adoptOne(construct, v.id, p, chart, input, o));
      if (hashed && v.id !== id) {
        // The shortened template may hash to the Job's name again: then it is the WorkerJob '<name>' helmless wrote.
        const { templateHash: _t, ...named } = short.props;
        const again = adoptOne(construct, id, named, chart, input, o);
        if (typeof again !== 'string') return simplify(o, template, named, again, (p) => adoptOne(construct, id, p, chart, input, o)).result;
      }
      return short.result;
    }
    first ??= result;
  }
  return why(first!);
}

/**
 * `r` again with other props (its connections): rendered beside `backends`, compared with the
 * input objects it reproduces, its asDeployed fields and suppressions derived anew.
 */
export function reverify(r: Recognized, props: Record<string, unknown>, objects: readonly Obj[], backends: readonly Recognized[]): Recognized | string {
  const byKey = new Map(objects.map((o) => [objectKeyOf(o), o]));
  const workload = r.consumes.map((k) => byKey.get(k)).find((o) => o !== undefined && WORKLOAD_KINDS[`${o.apiVersion}/${o.kind}`] !== undefined);
  if (!workload || r.construct === 'ConfigMap') return 'no workload object';
  return adoptOne(r.construct, r.id, props, r.chart, { byKey, claimed: new Set(), configMaps: new ConfigMapIndex(objects), backends }, workload);
}

/** `render`, with a failure as the construct's one-line message. */
function tryRender(construct: ConstructName, id: string, props: Record<string, unknown>, chart: ChartSettings, input: Input): Rendered | string {
  try {
    return render(construct, id, props, chart, input.configMaps, input.backends);
  } catch (e) {
    return (e as Error).message.split('\n')[0];
  }
}

/** The lint rules the workload's objects trip, accepted 'adopted as is' (added to `props.suppressions`). */
function withSuppressions(construct: ConstructName, id: string, props: Record<string, unknown>, chart: ChartSettings, input: Input, workload: Obj): Record<string, unknown> | string {
  const again = tryRender(construct, id, props, chart, input);
  if (typeof again === 'string') return `the construct refuses the kept fields: ${again}`;
  const { findings } = lintDocumentsDetailed(again.map((x, i) => ({ object: x, source: { file: 'adopted', documentIndex: i } })) as never);
  const rules = [...new Set(findings.filter((f) => f.object?.name === workload.metadata.name && f.object?.kind === workload.kind).map((f) => f.rule.slice('policy/'.length)))].sort();
  if (rules.length === 0) return props;
  const given = (props.suppressions ?? {}) as Record<string, string>;
  return { ...props, suppressions: Object.fromEntries([...new Set([...Object.keys(given), ...rules])].sort().map((r) => [r, given[r] ?? ADOPTED_AS_IS])) };
}

function adoptOne(construct: ConstructName, id: string, props0: Record<string, unknown>, chart: ChartSettings, input: Input, workload: Obj): Recognized | string {
  const rendered = tryRender(construct, id, props0, chart, input);
  if (typeof rendered === 'string') return `the construct refuses the derived props: ${rendered}`;
  const missing = rendered.filter((r) => !input.byKey.has(objectKeyOf(r)) || input.claimed.has(objectKeyOf(r)));
  if (missing.length) return `the construct would also create ${missing.map((r) => `${r.kind} ${r.metadata.name}`).join(', ')}`;
  const kinds = new Map<string, number>();
  for (const r of rendered) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
  const keyOf = (r: Obj) => (kinds.get(r.kind)! > 1 ? `${r.kind}/${r.metadata.name}` : r.kind);
  const asDeployed: Record<string, Record<string, unknown>> = {};
  for (const r of rendered) {
    const out = changes(r, input.byKey.get(objectKeyOf(r)));
    if (out.size > 0) asDeployed[keyOf(r)] = Object.fromEntries(out);
  }
  const count = Object.values(asDeployed).reduce((n, f) => n + Object.keys(f).length, 0);
  // Lint findings of the adopted objects are accepted as they are, with the reason, countably.
  const props = withSuppressions(construct, id, { ...props0, ...(count > 0 ? { asDeployed: code('AsDeployed.fields', asDeployed) } : {}) }, chart, input, workload);
  if (typeof props === 'string') return props;
  const again = tryRender(construct, id, props, chart, input);
  if (typeof again === 'string') return `the construct refuses the kept fields: ${again}`;
  const adds: string[] = [];
  for (const r of again) {
    const added: string[] = [];
    const left = changes(r, input.byKey.get(objectKeyOf(r)), added);
    if (left.size > 0) return `the construct would still change ${[...left.keys()].slice(0, 3).map((p) => `${r.kind} ${r.metadata.name}: ${p}`).join('; ')}`;
    adds.push(...added.map((a) => `${r.kind} ${r.metadata.name}: ${a}`));
  }
  return { construct, id, props, chart, consumes: rendered.map(objectKeyOf), adds, asDeployedFields: count, warnings: again.warnings };
}

/** The construct with `props`, when every object it writes is in the input and it changes nothing but adds. */
function exactOne(construct: ConstructName, id: string, props: Record<string, unknown>, chart: ChartSettings, input: Input): Recognized | undefined {
  const rendered = tryRender(construct, id, props, chart, input);
  if (typeof rendered === 'string') return undefined; // the adoption path says why, if it fails too
  if (rendered.some((r) => !input.byKey.has(objectKeyOf(r)) || input.claimed.has(objectKeyOf(r)))) return undefined;
  const adds: string[] = [];
  for (const r of rendered) if (changes(r, input.byKey.get(objectKeyOf(r)), adds).size > 0) return undefined;
  return { construct, id, props, chart, consumes: rendered.map(objectKeyOf), adds, asDeployedFields: 0 };
}
