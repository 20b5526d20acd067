/**
 * Adopted props, shortened where the input is what a helmless default or option writes: each step
 * replaces an "as it runs" option by the short one (`Probe.http('/healthz')`, `'medium'`,
 * `Security.restricted({ runAsUser: 65534 })`) or by nothing (the default), and is kept only when
 * the construct, rendered, still reproduces the input with fewer fields kept as deployed (or as
 * many, in shorter props). Output helmless wrote comes back close to the props it was written with.
 */
import { isRecord } from '../diff/secrets';
import { code, isCode } from './code';
import type { Recognized } from './recognize';

type Obj = Record<string, any>;
type Props = Record<string, unknown>;
type Step = (p: Props) => Props | undefined;

const PRESETS: Record<string, Props> = {
  small: { cpu: '100m', memory: '128Mi', memoryLimit: '128Mi' },
  medium: { cpu: '500m', memory: '512Mi', memoryLimit: '512Mi' },
  large: { cpu: '1', memory: '2Gi', memoryLimit: '2Gi' },
};
const CONTROL_PLANE = ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master'];

function omit(p: Props, keys: readonly string[]): Props {
  return Object.fromEntries(Object.entries(p).filter(([k]) => !keys.includes(k)));
}

/** Leaves out `keys` (their defaults then apply). */
const drop = (...keys: string[]): Step => (p) => (keys.some((k) => k in p) ? omit(p, keys) : undefined);

/** Sets `key` to `value` (when it is not already). */
const set = (key: string, value: unknown): Step => (p) => (JSON.stringify(p[key]) === JSON.stringify(value) ? undefined : { ...p, [key]: value });

/** The probe option a container's probe is, when it is one of helmless's probe kinds (timings: the defaults). */
function probeOf(probe: Obj | undefined, c: Obj): unknown {
  if (!isRecord(probe)) return undefined;
  const primary = c.ports?.[0]?.name;
  const port = (h: Obj) => (typeof h.port === 'string' && h.port !== primary ? { port: h.port } : {});
  if (isRecord(probe.httpGet) && typeof probe.httpGet.path === 'string') {
    return code('Probe.http', probe.httpGet.path, undefined, { ...port(probe.httpGet), ...(probe.httpGet.scheme === 'HTTPS' ? { scheme: 'HTTPS' } : {}) });
  }
  if (isRecord(probe.tcpSocket)) return code('Probe.tcp', undefined, undefined, port(probe.tcpSocket));
  if (isRecord(probe.grpc)) return code('Probe.grpc', undefined, undefined, typeof probe.grpc.service === 'string' ? { service: probe.grpc.service } : {});
  const exec = (probe as Obj).exec;
  if (Array.isArray(exec?.command)) return code('Probe.exec', exec.command);
  return undefined;
}

/** The short form of a resources prop: a preset's name, or nothing for 'small'. */
function presetOf(r: unknown): string | undefined {
  return Object.keys(PRESETS).find((k) => JSON.stringify(PRESETS[k]) === JSON.stringify(r));
}

/** Security.restricted with the input's UID/GID (65532: the default), or Security.relaxed with the reason helmless wrote. */
function securitySteps(pod: Obj, template: Obj): Step[] {
  const ctx = pod.securityContext ?? {};
  const uid = ctx.runAsUser;
  const restricted = {
    ...(typeof uid === 'number' && uid !== 65532 ? { runAsUser: uid } : {}),
    ...(typeof ctx.runAsGroup === 'number' && ctx.runAsGroup !== (uid ?? 65532) ? { runAsGroup: ctx.runAsGroup } : {}),
    ...(typeof ctx.fsGroup === 'number' && ctx.fsGroup !== (ctx.runAsGroup ?? uid ?? 65532) ? { fsGroup: ctx.fsGroup } : {}),
  };
  const steps: Step[] = [drop('security'), set('security', code('Security.restricted', restricted))];
  const reason = template?.metadata?.annotations?.['helmless.io/allow-run-as-root-user'];
  if (typeof reason === 'string' && uid === 0) steps.push(set('security', code('Security.relaxed', { reason, allowRoot: true })));
  return steps;
}

/** Steps on one sidecar or init container (`list`, index `i`) of the input container `c`. */
function containerSteps(list: 'sidecars' | 'initContainers', i: number, c: Obj): Step[] {
  const at = (f: (x: Props) => Props | undefined): Step => (p) => {
    const xs = p[list];
    if (!Array.isArray(xs) || !isRecord(xs[i])) return undefined;
    const next = f(xs[i] as Props);
    return next === undefined ? undefined : { ...p, [list]: xs.map((x, j) => (j === i ? next : x)) };
  };
  const steps: Step[] = [at(drop('security')), at(drop('writablePaths')), at(drop('native'))];
  const preset = presetOf((c.resources && { cpu: c.resources.requests?.cpu, memory: c.resources.requests?.memory, memoryLimit: c.resources.limits?.memory }));
  if (preset === 'small') steps.push(at(drop('resources')));
  else if (preset) steps.push(at(set('resources', preset)));
  if (list === 'sidecars') {
    const readiness = probeOf(c.readinessProbe, c);
    const liveness = probeOf(c.livenessProbe, c);
    if (readiness) steps.push(at(set('readiness', readiness)));
    if (liveness) steps.push(at(set('liveness', liveness)));
  }
  return steps;
}

/** Every step worth trying on the props of workload `o` (pod template `template`), in order. */
function stepsFor(o: Obj, template: Obj): Step[] {
  const pod = template?.spec ?? {};
  const c = pod.containers?.[0] ?? {};
  const steps: Step[] = [drop('explicitDefaults'), ...securitySteps(pod, template), drop('writablePaths')];
  const preset = presetOf(c.resources && { cpu: c.resources.requests?.cpu, memory: c.resources.requests?.memory, memoryLimit: c.resources.limits?.memory });
  if (preset === 'small') steps.push(drop('resources'));
  else if (preset) steps.push(set('resources', preset));
  for (const [key, probe] of [['readiness', c.readinessProbe], ['liveness', c.livenessProbe], ['startup', c.startupProbe]] as const) {
    const p = probeOf(probe, c);
    steps.push(...(p ? [drop(key), set(key, p)] : [drop(key)]));
  }
  steps.push(
    drop('selector', 'podLabels', 'podAnnotations'), drop('selector', 'podLabels'), drop('podAnnotations'), drop('annotations'),
    drop('serviceAccount', 'automountServiceAccountToken'), drop('automountServiceAccountToken'), drop('enableServiceLinks'),
    drop('antiAffinity'), drop('disruptionBudget'), drop('replicas'), drop('revisionHistoryLimit'), drop('maxSurge', 'maxUnavailable'),
    drop('containerName'), drop('clientService'), drop('service'), drop('headlessServiceName', 'claimName'), drop('dataPath'), drop('engine'),
  );
  const tolerations = (pod.tolerations ?? []) as Obj[];
  if (tolerations.length === CONTROL_PLANE.length && tolerations.every((t) => CONTROL_PLANE.includes(t.key) && t.operator === 'Exists' && t.effect === 'NoSchedule')) {
    steps.push((p) => ('tolerations' in p ? { ...omit(p, ['tolerations']), runOnControlPlane: true } : undefined));
  }
  const inits = (pod.initContainers ?? []) as Obj[];
  const sidecars = [...inits.filter((x) => x.restartPolicy === 'Always'), ...(pod.containers ?? []).slice(1)];
  sidecars.forEach((x, i) => steps.push(...containerSteps('sidecars', i, x)));
  inits.filter((x) => x.restartPolicy !== 'Always').forEach((x, i) => steps.push(...containerSteps('initContainers', i, x)));
  return steps;
}

/**
 * Kept fields on a pod template's metadata. Without `podAnnotations`, helmless writes its lint
 * suppressions there, and a kept field would remove them (the findings would then fail synth).
 */
function podMetadataFields(r: Recognized): number {
  const kept = isCode(r.props.asDeployed) ? (r.props.asDeployed.arg as Record<string, Record<string, unknown>>) : {};
  return Object.values(kept).flatMap((f) => Object.keys(f)).filter((p) => /template\.metadata/.test(p)).length;
}

/** Lower is better: fields kept as deployed first, then the length of the props. */
function cost(r: Recognized, base: Props): number {
  const size = JSON.stringify(base, (_k, v) => (isCode(v) ? { c: v.call, a: v.arg, k: v.key, o: v.options } : v)).length;
  return r.asDeployedFields * 100_000 + size;
}

/**
 * The shortest props found step by step from `base` (which `first` rendered): `attempt` renders
 * props and compares them with the input (a string: the construct refuses them or changes a field).
 */
export function simplify(o: Obj, template: Obj, base: Props, first: Recognized, attempt: (p: Props) => Recognized | string): { result: Recognized; props: Props } {
  let best = first;
  let bestBase = base;
  const steps = stepsFor(o, template);
  for (let pass = 0; pass < 2; pass++) {
    let improved = false;
    for (const step of steps) {
      const next = step(bestBase);
      if (next === undefined) continue;
      const r = attempt(next);
      // A step that makes the construct warn (e.g. an image that would not start) is not shorter: it changes what runs.
      if (typeof r === 'string' || (r.warnings?.length ?? 0) > (best.warnings?.length ?? 0) || (!('podAnnotations' in next) && podMetadataFields(r) > 0)
        || cost(r, next) >= cost(best, bestBase)) continue;
      best = r;
      bestBase = next;
      improved = true;
    }
    if (!improved) break;
  }
  return { result: best, props: bestBase };
}
