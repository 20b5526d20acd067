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
import { AsDeployed, formatFieldPath } from '../constructs/as-deployed';
import { Cron } from '../constructs/cron';
import { DaemonAgent } from '../constructs/daemon-agent';
import { StatefulDb } from '../constructs/stateful-db';
import { WebService } from '../constructs/web-service';
import { Worker } from '../constructs/worker';
import { WorkerJob } from '../constructs/worker-job';
import { Security } from '../constructs/security';
import { SecretSource } from '../constructs/secrets';
import { EnvFrom } from '../constructs/env';
import { LABEL_INSTANCE, LABEL_PART_OF } from '../constructs/labels';
import { lintDocumentsDetailed } from '../validate/policy';
import { constructKey, isConstructRef } from './refs';
import { foldedKeys, foldRoutes } from './routes';

export type ConstructName = 'WebService' | 'Worker' | 'StatefulDb' | 'DaemonAgent' | 'WorkerJob' | 'Cron';

/** The reason written with every choice that keeps the input's own setting. */
export const ADOPTED_AS_IS = 'adopted as is';

export interface ChartSettings {
  readonly namespace?: string;
  readonly instance: string;
  readonly partOf: string;
}

/** A prop value the generator prints as a call (`Security.asIs({...})`) rather than a literal. */
export type Code = { readonly call: 'Security.asIs' | 'AsDeployed.fields' | 'SecretSource.existing' | 'EnvFrom.secret'; readonly arg: unknown; readonly key?: string };

/** Marks a field asDeployed removes (printed as `undefined`). */
export const UNSET = Object.freeze({ $unset: true });
export function isUnset(v: unknown): boolean { return isRecord(v) && v.$unset === true && Object.keys(v).length === 1; }

export interface Recognized {
  readonly construct: ConstructName;
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
  /** The variable the program binds it to, when another construct connects to it. */
  readonly varName?: string;
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

const WORKLOAD_KINDS: Record<string, (o: Obj) => ConstructName> = {
  'apps/v1/Deployment': () => 'WebService',
  'apps/v1/StatefulSet': () => 'StatefulDb',
  'apps/v1/DaemonSet': () => 'DaemonAgent',
  'batch/v1/Job': () => 'WorkerJob',
  'batch/v1/CronJob': () => 'Cron',
};

const CODE = Symbol('adopt-code');
/** Marks a value the generator prints as a call. */
export function code(call: Code['call'], arg: unknown, key?: string): Code { return Object.assign({ call, arg, ...(key !== undefined ? { key } : {}) }, { [CODE]: true }); }
export function isCode(v: unknown): v is Code { return isRecord(v) && (v as { [CODE]?: boolean })[CODE] === true; }

/** Props as the constructs take them: calls made, unset markers undefined, references to the constructs in `refs`. */
function evaluate(v: unknown, refs: ReadonlyMap<string, unknown> = new Map()): unknown {
  if (isConstructRef(v)) {
    if (!refs.has(v.key)) throw new Error(`no adopted construct ${v.varName} to refer to`);
    return refs.get(v.key);
  }
  if (isCode(v)) {
    const arg = evaluate(v.arg) as never;
    if (v.call === 'EnvFrom.secret') return EnvFrom.secret(SecretSource.existing(arg));
    if (v.call === 'SecretSource.existing') return v.key !== undefined ? SecretSource.existing(arg).key(v.key) : SecretSource.existing(arg);
    return v.call === 'Security.asIs' ? Security.asIs(arg) : AsDeployed.fields(arg);
  }
  if (isUnset(v)) return undefined;
  if (Array.isArray(v)) return v.map((x) => evaluate(x, refs));
  if (isRecord(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, evaluate(x, refs)]));
  return v;
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

/** The objects of the construct, rendered in a scratch app beside the `backends` its props refer to. */
function render(construct: ConstructName, id: string, props: Record<string, unknown>, chart: ChartSettings, backends: readonly Recognized[] = []): Obj[] {
  const app = new App({ outdir: '/nonexistent-helmless-adopt' });
  const refs = new Map<string, unknown>();
  backends.forEach((b, i) => {
    const bc = new HelmlessChart(app, `adopt-backend-${i}`, { namespace: b.chart.namespace, instance: b.chart.instance, partOf: b.chart.partOf });
    refs.set(constructKey(b), build(b.construct, bc, b.id, evaluate(b.props) as never));
  });
  const c = new HelmlessChart(app, chart.instance, { namespace: chart.namespace, instance: chart.instance, partOf: chart.partOf });
  build(construct, c, id, evaluate(props, refs) as never);
  return (c as Chart).toJson() as Obj[];
}

/** Whether every label of `selector` is on `labels`. */
function selects(selector: unknown, labels: unknown): boolean {
  if (!isRecord(selector) || !isRecord(labels) || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
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

/** Env as the construct takes it (literals, Secret keys by reference), when every entry is one of those. */
function envOf(env: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(env) || env.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const e of env as Obj[]) {
    const ref = e.valueFrom?.secretKeyRef;
    if (typeof e.value === 'string' && e.valueFrom === undefined) out[e.name] = e.value;
    else if (ref && typeof ref.name === 'string' && typeof ref.key === 'string' && ref.optional === undefined && Object.keys(e.valueFrom).length === 1) out[e.name] = code('SecretSource.existing', ref.name, ref.key);
    else return undefined;
  }
  return out;
}

/** envFrom as the construct takes it, when it reads whole Secrets only (ConfigMaps need a ConfigMap construct). */
function envFromOf(envFrom: unknown): unknown[] | undefined {
  if (!Array.isArray(envFrom) || envFrom.length === 0) return undefined;
  if (!envFrom.every((e: Obj) => Object.keys(e).length === 1 && typeof e.secretRef?.name === 'string' && Object.keys(e.secretRef).length === 1)) return undefined;
  return envFrom.map((e: Obj) => code('EnvFrom.secret', e.secretRef.name));
}

/** Every Secret the pod reads by name (env, envFrom, volumes, image pull secrets). */
function secretNamesOf(pod: Obj): string[] {
  const names = new Set<string>();
  for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])] as Obj[]) {
    for (const e of c.env ?? []) if (typeof e.valueFrom?.secretKeyRef?.name === 'string') names.add(e.valueFrom.secretKeyRef.name);
    for (const e of c.envFrom ?? []) if (typeof e.secretRef?.name === 'string') names.add(e.secretRef.name);
  }
  for (const v of pod.volumes ?? []) {
    if (typeof v.secret?.secretName === 'string') names.add(v.secret.secretName);
    for (const s of v.projected?.sources ?? []) if (typeof s.secret?.name === 'string') names.add(s.secret.name);
  }
  for (const s of pod.imagePullSecrets ?? []) if (typeof s.name === 'string') names.add(s.name);
  return [...names].sort();
}

/** A sidecar's or init container's options that keep it as deployed (the rest: asDeployed). */
function extraContainer(x: Obj): Record<string, unknown> {
  return {
    name: x.name,
    image: x.image,
    ...(Array.isArray(x.command) ? { command: x.command } : {}),
    ...(Array.isArray(x.args) ? { args: x.args } : {}),
    security: code('Security.asIs', { reason: ADOPTED_AS_IS, ...(x.securityContext ? { container: x.securityContext } : {}) }),
    resources: resourcesOf(x.resources),
    writablePaths: [],
  };
}

/** A resources prop that writes `r` exactly, else 'none' (asDeployed then keeps the input's). */
function resourcesOf(r: Obj | undefined): unknown {
  const req = r?.requests ?? {};
  const lim = r?.limits ?? {};
  const known = Object.keys(req).every((k) => k === 'cpu' || k === 'memory') && Object.keys(lim).every((k) => k === 'cpu' || k === 'memory');
  if (!known || typeof req.cpu !== 'string' || typeof req.memory !== 'string' || typeof lim.memory !== 'string') return 'none';
  return { cpu: req.cpu, memory: req.memory, memoryLimit: lim.memory, ...(typeof lim.cpu === 'string' ? { cpuLimit: lim.cpu } : {}) };
}

/** The props of the input workload `o` that keep what runs today. */
function deriveProps(construct: ConstructName, o: Obj, related: { service?: Obj; hpa?: Obj; pdb?: Obj; headless?: Obj }): Record<string, unknown> | string {
  const template = construct === 'Cron' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template;
  const pod = template?.spec;
  const c = pod?.containers?.[0];
  if (!c || typeof c.image !== 'string') return 'no container with an image';
  const sel = o.spec?.selector;
  if (sel && (sel.matchExpressions !== undefined || !isRecord(sel.matchLabels))) return 'its selector uses matchExpressions, which the constructs do not write';
  const props: Record<string, unknown> = { image: c.image };
  if (c.name !== o.metadata.name) props.containerName = c.name;
  if (Array.isArray(c.command)) props.command = c.command;
  if (Array.isArray(c.args)) props.args = c.args;
  if (sel) props.selector = sel.matchLabels;
  props.podLabels = template?.metadata?.labels ?? {};
  props.podAnnotations = template?.metadata?.annotations ?? {};
  props.security = code('Security.asIs', { reason: ADOPTED_AS_IS, ...(pod.securityContext ? { pod: pod.securityContext } : {}), ...(c.securityContext ? { container: c.securityContext } : {}) });
  const env = envOf(c.env);
  if (env) props.env = env;
  const envNames = (c.env ?? []).map((e: Obj) => e.name as string);
  if (env && envNames.join('\n') !== [...envNames].sort().join('\n')) props.envOrder = envNames;
  const envFrom = envFromOf(c.envFrom);
  if (envFrom) props.envFrom = envFrom;
  const secrets = secretNamesOf(pod);
  if (secrets.length > 0) props.annotations = { 'helmless.io/external-secrets': secrets.join(',') };
  props.resources = resourcesOf(c.resources);
  props.explicitDefaults = false;
  if (pod.enableServiceLinks !== false) props.enableServiceLinks = true;
  if (pod.automountServiceAccountToken !== false) props.automountServiceAccountToken = true;
  const sidecars = (pod.containers as Obj[]).slice(1);
  if (sidecars.some((x) => typeof x.image !== 'string') || (pod.initContainers ?? []).some((x: Obj) => typeof x.image !== 'string')) return 'a container without an image';
  if (sidecars.length > 0) props.sidecars = sidecars.map((x) => ({ ...extraContainer(x), native: false, ...(x.ports?.[0]?.name ? { port: { port: x.ports[0].containerPort, name: x.ports[0].name } } : {}) }));
  if (Array.isArray(pod.initContainers) && pod.initContainers.length > 0) {
    // Native sidecars (restartPolicy Always) in the input stay as deployed.
    if (pod.initContainers.some((x: Obj) => x.restartPolicy !== undefined)) return 'it has native sidecars, which adopt keeps as typed objects for now';
    props.initContainers = pod.initContainers.map(extraContainer);
  }
  if (Array.isArray(pod.tolerations)) props.tolerations = pod.tolerations;
  const own = Object.fromEntries(Object.entries(o.metadata.labels ?? {}).filter(([k]) => !k.startsWith('app.kubernetes.io/')));
  if (Object.keys(own).length > 0) props.labels = own;
  props.writablePaths = [];
  props.serviceAccount = pod.serviceAccountName ?? pod.serviceAccount ?? 'default';
  if (isRecord(pod.nodeSelector)) props.nodeSelector = pod.nodeSelector;
  if (typeof pod.priorityClassName === 'string') props.priorityClassName = pod.priorityClassName;
  const port = c.ports?.[0];
  const portSpec = port && typeof port.containerPort === 'number'
    ? (port.name ? { port: port.containerPort, name: port.name } : port.containerPort)
    : undefined;
  switch (construct) {
    case 'WebService':
    case 'Worker': {
      if (construct === 'WebService') {
        const sp = related.service?.spec?.ports?.[0];
        if (portSpec === undefined) return 'no container port for the Service';
        props.port = typeof portSpec === 'number' ? { port: portSpec, ...(sp && sp.port !== portSpec ? { servicePort: sp.port } : {}) }
          : { ...portSpec, ...(sp && sp.port !== portSpec.port ? { servicePort: sp.port } : {}) };
        if (related.service?.spec?.type && related.service.spec.type !== 'ClusterIP') props.serviceType = related.service.spec.type;
        props.readiness = false;
        props.liveness = false;
      }
      if (related.hpa) {
        const h = related.hpa.spec;
        const cpu = (h.metrics ?? []).find((m: Obj) => m.resource?.name === 'cpu')?.resource?.target?.averageUtilization;
        props.autoscaling = { minReplicas: h.minReplicas ?? 1, maxReplicas: h.maxReplicas, ...(cpu ? { cpuUtilization: cpu } : {}) };
      } else {
        props.replicas = typeof o.spec?.replicas === 'number' ? o.spec.replicas : 1;
      }
      const ru = o.spec?.strategy?.rollingUpdate;
      if (ru?.maxSurge !== undefined) props.maxSurge = ru.maxSurge;
      if (ru?.maxUnavailable !== undefined) props.maxUnavailable = ru.maxUnavailable;
      if (typeof o.spec?.revisionHistoryLimit === 'number') props.revisionHistoryLimit = o.spec.revisionHistoryLimit;
      props.disruptionBudget = related.pdb?.spec?.maxUnavailable !== undefined ? { maxUnavailable: related.pdb.spec.maxUnavailable } : false;
      props.antiAffinity = 'none';
      break;
    }
    case 'StatefulDb': {
      const claim = o.spec?.volumeClaimTemplates?.[0];
      const storage = claim?.spec?.resources?.requests?.storage;
      if (typeof storage !== 'string') return 'no volumeClaimTemplate with a storage request';
      if (portSpec === undefined) return 'no container port';
      const mount = (c.volumeMounts ?? []).find((m: Obj) => m.name === claim.metadata?.name);
      if (!mount) return 'the main container does not mount its volumeClaimTemplate';
      props.engine = 'generic';
      props.port = portSpec;
      props.storage = storage;
      props.dataPath = mount.mountPath;
      props.claimName = claim.metadata.name;
      if (typeof o.spec.serviceName === 'string') props.headlessServiceName = o.spec.serviceName;
      props.replicas = typeof o.spec?.replicas === 'number' ? o.spec.replicas : 1;
      props.clientService = false;
      props.readiness = false;
      props.liveness = false;
      props.startup = false;
      props.disruptionBudget = related.pdb?.spec?.maxUnavailable !== undefined ? { maxUnavailable: related.pdb.spec.maxUnavailable } : false;
      props.antiAffinity = 'none';
      if (Array.isArray(claim.spec.accessModes)) props.accessModes = claim.spec.accessModes;
      if (typeof claim.spec.storageClassName === 'string') props.storageClassName = claim.spec.storageClassName;
      break;
    }
    case 'DaemonAgent':
      if (portSpec !== undefined) {
        props.port = portSpec;
        props.readiness = false;
        props.liveness = false;
      }
      props.service = false;
      break;
    case 'Cron':
      if (typeof o.spec?.schedule !== 'string') return 'no schedule';
      props.schedule = o.spec.schedule;
      break;
    default:
      break;
  }
  return props;
}

/**
 * Field-by-field differences between what the construct wrote (`rendered`) and the input (`want`)
 * as asDeployed entries (path -> the input's value, or an unset marker). Labels and annotations the
 * construct adds to object metadata are allowed (reported in `adds`), not undone.
 */
function residual(rendered: unknown, want: unknown, path: (string | number)[], out: Map<string, unknown>, adds: string[]): void {
  const top = path.length === 2 && path[0] === 'metadata' && (path[1] === 'labels' || path[1] === 'annotations');
  if (top && want === undefined) want = {};
  if (isRecord(rendered) && isRecord(want)) {
    for (const k of new Set([...Object.keys(rendered), ...Object.keys(want)])) {
      if (top && !(k in want)) {
        adds.push(`${formatFieldPath([...path, k])} added`);
        continue;
      }
      residual(rendered[k], want[k], [...path, k], out, adds);
    }
    return;
  }
  const names = (l: unknown[]) => l.map((x) => (isRecord(x) ? x.name : undefined)).join('\n');
  const reordered = Array.isArray(rendered) && Array.isArray(want) && rendered.every((x) => isRecord(x) && typeof x.name === 'string') &&
    names(rendered) !== names(want) && names([...rendered].sort((a: any, b: any) => a.name.localeCompare(b.name))) === names([...want].sort((a: any, b: any) => a.name.localeCompare(b.name)));
  if (Array.isArray(rendered) && Array.isArray(want) && rendered.length === want.length && !reordered) {
    rendered.forEach((x, i) => residual(x, want[i], [...path, i], out, adds));
    return;
  }
  if (JSON.stringify(rendered) === JSON.stringify(want)) return;
  if (path.length === 1 && path[0] === 'metadata' && want === undefined) return;
  out.set(formatFieldPath(path), want === undefined ? UNSET : want);
}

/** The objects related to workload `o`: the Service selecting it, its HPA and PDB. */
function relatedOf(o: Obj, construct: ConstructName, objects: readonly Obj[], claimed: Set<string>): { service?: Obj; hpa?: Obj; pdb?: Obj; headless?: Obj } {
  const ns = o.metadata.namespace;
  const same = objects.filter((x) => x.metadata?.namespace === ns && !claimed.has(objectKeyOf(x)));
  const podLabels = (construct === 'Cron' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template)?.metadata?.labels;
  const out: { service?: Obj; hpa?: Obj; pdb?: Obj; headless?: Obj } = {};
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
    const pick = WORKLOAD_KINDS[`${o.apiVersion}/${o.kind}`];
    if (!pick) continue;
    const key = objectKeyOf(o);
    if (claimed.has(key)) continue;
    let construct = pick(o);
    const related = relatedOf(o, construct, objects, claimed);
    if (construct === 'WebService' && !related.service) construct = 'Worker';
    const labels = (o.metadata?.labels ?? {}) as Record<string, string>;
    // A content-named Job (helmless's WorkerJob: '<name>-<10 hex of its template>') is adopted as the
    // WorkerJob '<name>', which names it the same while its template stays; any other Job keeps its
    // name as it is (templateHash: false).
    const hashed = construct === 'WorkerJob' ? /^(.+)-[0-9a-f]{10}$/.exec(o.metadata.name as string) : null;
    const id = hashed ? hashed[1] : o.metadata.name as string;
    const jobNaming = (p: Record<string, unknown>): Record<string, unknown> => (construct === 'WorkerJob' && !hashed ? { ...p, templateHash: false } : p);
    const instance = labels[LABEL_INSTANCE] ?? o.metadata.namespace ?? 'adopted';
    const chart: ChartSettings = { namespace: o.metadata.namespace, instance, partOf: labels[LABEL_PART_OF] ?? instance };
    // helmless's own output first: the props it was written with, when rendering them is exact.
    if (labels[LABEL_INSTANCE]) {
      const exact = candidateProps(construct, o).map((p) => exactOne(construct, id, jobNaming(p), chart, byKey, claimed)).find((r) => r !== undefined);
      if (exact) {
        exact.consumes.forEach((k) => claimed.add(k));
        recognized.push(exact);
        continue;
      }
    }
    const derived0 = deriveProps(construct, o, related);
    const derived = typeof derived0 === 'string' ? derived0 : jobNaming(derived0);
    if (typeof derived === 'string') {
      rejected.push({ construct, key, why: derived });
      continue;
    }
    const attempt = (props: Record<string, unknown>): Recognized | string => {
      let result = adoptOne(construct, id, props, chart, byKey, claimed, o);
      if (typeof result === 'string' && hashed) {
        // The template as adopted hashes to another name: keep the Job's name as it is.
        const again = adoptOne(construct, o.metadata.name as string, { ...props, templateHash: false }, chart, byKey, claimed, o);
        if (typeof again !== 'string') result = again;
      }
      if (typeof result === 'string' && (props.env !== undefined || props.envFrom !== undefined)) {
        // e.g. a literal value under a credential-looking name, which the construct refuses: env kept as deployed.
        const { env: _e, envFrom: _f, envOrder: _o, ...rest } = props;
        const again = adoptOne(construct, id, rest, chart, byKey, claimed, o);
        if (typeof again !== 'string') result = again;
      }
      return result;
    };
    // Its Ingress and HTTPRoute become the WebService's own options when it writes them exactly.
    const routes = construct === 'WebService' ? foldRoutes(related.service!, o.metadata.name as string, objects, claimed) : { props: {}, kept: new Map<string, string>() };
    for (const [k, why] of routes.kept) rejected.push({ construct, key: k, why });
    let result = attempt({ ...derived, ...routes.props });
    if (typeof result === 'string' && Object.keys(routes.props).length > 0) {
      const without = attempt(derived);
      if (typeof without !== 'string') {
        for (const k of foldedKeys(routes.props, objects, o)) rejected.push({ construct, key: k, why: `as the WebService's option it ${result.replace(/^the construct /, '')}` });
        result = without;
      }
    }
    if (typeof result === 'string') {
      rejected.push({ construct, key, why: result });
      continue;
    }
    result.consumes.forEach((k) => claimed.add(k));
    recognized.push(result);
  }
  return { recognized, rejected };
}

/**
 * `r` again with other props (its connections): rendered beside `backends`, compared with the
 * input objects it reproduces, its asDeployed fields and suppressions derived anew.
 */
export function reverify(r: Recognized, props: Record<string, unknown>, objects: readonly Obj[], backends: readonly Recognized[]): Recognized | string {
  const byKey = new Map(objects.map((o) => [objectKeyOf(o), o]));
  const workload = r.consumes.map((k) => byKey.get(k)).find((o) => o !== undefined && WORKLOAD_KINDS[`${o.apiVersion}/${o.kind}`] !== undefined);
  if (!workload) return 'no workload object';
  return adoptOne(r.construct, r.id, props, r.chart, byKey, new Set(), workload, backends);
}

function adoptOne(construct: ConstructName, id: string, props0: Record<string, unknown>, chart: ChartSettings, byKey: Map<string, Obj>, claimed: Set<string>, workload: Obj, backends: readonly Recognized[] = []): Recognized | string {
  let rendered: Obj[];
  try {
    rendered = render(construct, id, props0, chart, backends);
  } catch (e) {
    return `the construct refuses the derived props: ${(e as Error).message.split('\n')[0]}`;
  }
  const missing = rendered.filter((r) => !byKey.has(objectKeyOf(r)) || claimed.has(objectKeyOf(r)));
  if (missing.length) return `the construct would also create ${missing.map((r) => `${r.kind} ${r.metadata.name}`).join(', ')}`;
  const kinds = new Map<string, number>();
  for (const r of rendered) kinds.set(r.kind, (kinds.get(r.kind) ?? 0) + 1);
  const keyOf = (r: Obj) => (kinds.get(r.kind)! > 1 ? `${r.kind}/${r.metadata.name}` : r.kind);
  const asDeployed: Record<string, Record<string, unknown>> = {};
  for (const r of rendered) {
    const out = new Map<string, unknown>();
    residual(r, byKey.get(objectKeyOf(r)), [], out, []);
    if (out.size > 0) asDeployed[keyOf(r)] = Object.fromEntries(out);
  }
  const props: Record<string, unknown> = { ...props0 };
  const count = Object.values(asDeployed).reduce((n, f) => n + Object.keys(f).length, 0);
  if (count > 0) props.asDeployed = code('AsDeployed.fields', asDeployed);
  // Lint findings of the adopted objects are accepted as they are, with the reason, countably.
  let again: Obj[];
  try {
    again = render(construct, id, props, chart, backends);
    const { findings } = lintDocumentsDetailed(again.map((x, i) => ({ object: x, source: { file: 'adopted', documentIndex: i } })) as never);
    const rules = [...new Set(findings.filter((f) => f.object?.name === workload.metadata.name && f.object?.kind === workload.kind).map((f) => f.rule.slice('policy/'.length)))].sort();
    if (rules.length > 0) {
      props.suppressions = Object.fromEntries(rules.map((r) => [r, ADOPTED_AS_IS]));
      again = render(construct, id, props, chart, backends);
    }
  } catch (e) {
    return `the construct refuses the kept fields: ${(e as Error).message.split('\n')[0]}`;
  }
  const adds: string[] = [];
  for (const r of again) {
    const left = new Map<string, unknown>();
    const added: string[] = [];
    residual(r, byKey.get(objectKeyOf(r)), [], left, added);
    if (left.size > 0) return `the construct would still change ${[...left.keys()].slice(0, 3).map((p) => `${r.kind} ${r.metadata.name}: ${p}`).join('; ')}`;
    adds.push(...added.map((a) => `${r.kind} ${r.metadata.name}: ${a}`));
  }
  return { construct, id, props, chart, consumes: rendered.map(objectKeyOf), adds, asDeployedFields: count };
}

/** The construct with `props`, when every object it writes is in the input and it changes nothing but adds. */
function exactOne(construct: ConstructName, id: string, props: Record<string, unknown>, chart: ChartSettings, byKey: Map<string, Obj>, claimed: Set<string>): Recognized | undefined {
  let rendered: Obj[];
  try {
    rendered = render(construct, id, props, chart);
  } catch {
    return undefined; // the adoption path below says why, if it fails too
  }
  if (rendered.some((r) => !byKey.has(objectKeyOf(r)) || claimed.has(objectKeyOf(r)))) return undefined;
  const adds: string[] = [];
  for (const r of rendered) {
    const left = new Map<string, unknown>();
    residual(r, byKey.get(objectKeyOf(r)), [], left, adds);
    if (left.size > 0) return undefined;
  }
  return { construct, id, props, chart, consumes: rendered.map(objectKeyOf), adds, asDeployedFields: 0 };
}
