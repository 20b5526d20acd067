/**
 * The API server's defaulting (SetDefaults_* in kubernetes pkg/apis/<group>/v1/defaults.go),
 * applied before the API-server rules, so a rule judges the object the server would judge and
 * never rejects a value the server fills in (a liveness probe's successThreshold 0 becomes 1, a
 * volume without a source becomes an emptyDir, a User subject gets its apiGroup), and sees the
 * defaults the server then refuses (a Deployment's minReadySeconds at or above the default
 * progressDeadlineSeconds of 600).
 *
 * Only the defaults some rule reads are implemented. The object is never changed: what is filled
 * in goes into copies of the containers along the way (copy on write), and the paths filled in
 * are remembered, so a message about such a value can say where it came from. Pure.
 */
import { arr, isObj, obj, str, type Obj } from '../untyped';

type Key = string | number;
type Box = Obj | unknown[];

/** Paths (as the rules write them: 'spec.template.spec.restartPolicy') filled in, per defaulted object. */
const FILLED = new WeakMap<object, ReadonlySet<string>>();

/** The paths defaulting filled in on `o` (a result of withDefaults). */
export function defaultedPaths(o: object): ReadonlySet<string> | undefined {
  return FILLED.get(o);
}

function copyOf(v: Box): Box {
  if (Array.isArray(v)) return v.slice();
  const c: Obj = {};
  for (const k of Object.keys(v)) put(c, k, v[k]);
  return c;
}

/** `box[k] = value`, except that a '__proto__' key stays data (assignment would set the prototype). */
function put(box: Box, k: Key, value: unknown): void {
  if (k === '__proto__') Object.defineProperty(box, k, { value, enumerable: true, writable: true, configurable: true });
  else (box as Record<Key, unknown>)[k] = value;
}

function pathOf(keys: readonly Key[]): string {
  let p = '';
  for (const k of keys) p = typeof k === 'number' ? `${p}[${k}]` : p ? `${p}.${k}` : k;
  return p;
}

class Defaulter {
  root: Obj;
  readonly filled = new Set<string>();
  private readonly copies = new WeakSet<object>();

  constructor(private readonly original: Obj) {
    this.root = original;
  }

  /** The value at `keys` in the object as defaulted so far. */
  get(keys: readonly Key[]): unknown {
    let cur: unknown = this.root;
    for (const k of keys) {
      if (!cur || typeof cur !== 'object') return undefined;
      cur = (cur as Record<Key, unknown>)[k];
    }
    return cur;
  }

  /** Sets `value` at `keys` (every container on the way must exist), copying the containers it writes into. */
  set(keys: readonly Key[], value: unknown): void {
    if (this.root === this.original) this.root = this.own(this.root) as Obj;
    let cur: Box = this.root;
    for (let i = 0; i < keys.length - 1; i++) {
      const next = (cur as Record<Key, unknown>)[keys[i]];
      if (!next || typeof next !== 'object') return;
      const mine = this.own(next as Box);
      put(cur, keys[i], mine);
      cur = mine;
    }
    put(cur, keys[keys.length - 1], value);
    this.filled.add(pathOf(keys));
  }

  /** Sets `value` at `keys` when the field is absent (or, with `zero`, also when it is 0 / ''). */
  fill(keys: readonly Key[], value: unknown, zero = false): void {
    const v = this.get(keys);
    if (v === undefined || v === null || (zero && (v === 0 || v === ''))) this.set(keys, value);
  }

  private own(v: Box): Box {
    if (this.copies.has(v)) return v;
    const c = copyOf(v);
    this.copies.add(c);
    return c;
  }
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];
const VOLUME_SOURCES_NONE = new Set(['name']);

/** SetDefaults_PodSpec, _Container, _Probe, _Volume (and _Pod's for a bare Pod). */
function podSpec(d: Defaulter, at: Key[], isPod: boolean): void {
  const spec = obj(d.get(at));
  if (!spec) return;
  d.fill([...at, 'restartPolicy'], 'Always', true);
  d.fill([...at, 'dnsPolicy'], 'ClusterFirst', true);
  d.fill([...at, 'terminationGracePeriodSeconds'], 30);
  const hostNetwork = spec.hostNetwork === true;
  for (const list of CONTAINER_LISTS) {
    arr(spec[list]).forEach((c, i) => {
      if (!isObj(c)) return;
      const cp = [...at, list, i];
      d.fill([...cp, 'terminationMessagePolicy'], 'File', true);
      for (const probe of PROBES) {
        if (!isObj(c[probe])) continue;
        // 0 means "not set" for these int32 fields
        d.fill([...cp, probe, 'timeoutSeconds'], 1, true);
        d.fill([...cp, probe, 'periodSeconds'], 10, true);
        d.fill([...cp, probe, 'successThreshold'], 1, true);
        d.fill([...cp, probe, 'failureThreshold'], 3, true);
      }
      arr(c.ports).forEach((p, j) => {
        if (!isObj(p)) return;
        d.fill([...cp, 'ports', j, 'protocol'], 'TCP', true);
        // a Pod on the host network listens on the host: hostPort becomes containerPort (SetDefaults_Pod)
        if (isPod && hostNetwork && list !== 'ephemeralContainers' && typeof p.containerPort === 'number' && p.containerPort >= 1 && p.containerPort <= 65535) d.fill([...cp, 'ports', j, 'hostPort'], p.containerPort, true);
      });
    });
  }
  arr(spec.volumes).forEach((v, i) => {
    // a volume naming no source is an emptyDir
    if (isObj(v) && Object.keys(v).every((k) => VOLUME_SOURCES_NONE.has(k) || v[k] === null || v[k] === undefined)) d.set([...at, 'volumes', i, 'emptyDir'], {});
  });
}

function template(d: Defaulter, at: Key[]): void {
  if (isObj(d.get(at))) podSpec(d, [...at, 'spec'], false);
}

const BY_KIND: Record<string, (d: Defaulter, o: Obj) => void> = {
  'v1/Pod': (d) => podSpec(d, ['spec'], true),
  'v1/PodTemplate': (d) => template(d, ['template']),
  'v1/ReplicationController': (d, o) => {
    const labels = obj(obj(obj(obj(o.spec)?.template)?.metadata)?.labels);
    if (labels && isObj(o.spec) && Object.keys(obj(o.spec.selector) ?? {}).length === 0) d.set(['spec', 'selector'], labels);
    template(d, ['spec', 'template']);
  },
  'apps/v1/Deployment': (d, o) => {
    if (!isObj(o.spec)) return;
    d.fill(['spec', 'replicas'], 1);
    d.fill(['spec', 'revisionHistoryLimit'], 10);
    d.fill(['spec', 'progressDeadlineSeconds'], 600);
    if (!isObj(d.get(['spec', 'strategy']))) d.set(['spec', 'strategy'], {});
    d.fill(['spec', 'strategy', 'type'], 'RollingUpdate', true);
    if (d.get(['spec', 'strategy', 'type']) === 'RollingUpdate') {
      if (!isObj(d.get(['spec', 'strategy', 'rollingUpdate']))) d.set(['spec', 'strategy', 'rollingUpdate'], {});
      d.fill(['spec', 'strategy', 'rollingUpdate', 'maxUnavailable'], '25%');
      d.fill(['spec', 'strategy', 'rollingUpdate', 'maxSurge'], '25%');
    }
    template(d, ['spec', 'template']);
  },
  'apps/v1/DaemonSet': (d, o) => {
    if (!isObj(o.spec)) return;
    d.fill(['spec', 'revisionHistoryLimit'], 10);
    if (!isObj(d.get(['spec', 'updateStrategy']))) d.set(['spec', 'updateStrategy'], {});
    d.fill(['spec', 'updateStrategy', 'type'], 'RollingUpdate', true);
    if (d.get(['spec', 'updateStrategy', 'type']) === 'RollingUpdate') {
      if (!isObj(d.get(['spec', 'updateStrategy', 'rollingUpdate']))) d.set(['spec', 'updateStrategy', 'rollingUpdate'], {});
      d.fill(['spec', 'updateStrategy', 'rollingUpdate', 'maxUnavailable'], 1);
      d.fill(['spec', 'updateStrategy', 'rollingUpdate', 'maxSurge'], 0);
    }
    template(d, ['spec', 'template']);
  },
  'apps/v1/StatefulSet': (d, o) => {
    if (!isObj(o.spec)) return;
    d.fill(['spec', 'replicas'], 1);
    d.fill(['spec', 'revisionHistoryLimit'], 10);
    d.fill(['spec', 'podManagementPolicy'], 'OrderedReady', true);
    if (!isObj(d.get(['spec', 'updateStrategy']))) d.set(['spec', 'updateStrategy'], {});
    if (!str(d.get(['spec', 'updateStrategy', 'type']))) {
      d.set(['spec', 'updateStrategy', 'type'], 'RollingUpdate');
      if (!isObj(d.get(['spec', 'updateStrategy', 'rollingUpdate']))) d.set(['spec', 'updateStrategy', 'rollingUpdate'], {});
    }
    if (d.get(['spec', 'updateStrategy', 'type']) === 'RollingUpdate' && isObj(d.get(['spec', 'updateStrategy', 'rollingUpdate']))) {
      d.fill(['spec', 'updateStrategy', 'rollingUpdate', 'partition'], 0);
    }
    template(d, ['spec', 'template']);
  },
  'apps/v1/ReplicaSet': (d, o) => {
    if (!isObj(o.spec)) return;
    d.fill(['spec', 'replicas'], 1);
    template(d, ['spec', 'template']);
  },
  'batch/v1/Job': (d, o) => jobSpec(d, o.spec, ['spec']),
  'batch/v1/CronJob': (d, o) => {
    if (!isObj(o.spec)) return;
    d.fill(['spec', 'concurrencyPolicy'], 'Allow', true);
    d.fill(['spec', 'suspend'], false);
    d.fill(['spec', 'successfulJobsHistoryLimit'], 3);
    d.fill(['spec', 'failedJobsHistoryLimit'], 1);
    const jt = obj(o.spec.jobTemplate);
    if (jt) jobSpec(d, jt.spec, ['spec', 'jobTemplate', 'spec']);
  },
  'v1/Service': (d, o) => {
    const spec = obj(o.spec);
    if (!spec) return;
    d.fill(['spec', 'type'], 'ClusterIP', true);
    d.fill(['spec', 'sessionAffinity'], 'None', true);
    arr(spec.ports).forEach((p, i) => {
      if (!isObj(p)) return;
      d.fill(['spec', 'ports', i, 'protocol'], 'TCP', true);
      if (typeof p.port === 'number') d.fill(['spec', 'ports', i, 'targetPort'], p.port, true);
    });
  },
  'networking.k8s.io/v1/NetworkPolicy': (d, o) => {
    const spec = obj(o.spec);
    if (!spec) return;
    for (const dir of ['ingress', 'egress']) {
      arr(spec[dir]).forEach((r, i) => arr(obj(r)?.ports).forEach((p, j) => {
        if (isObj(p)) d.fill(['spec', dir, i, 'ports', j, 'protocol'], 'TCP');
      }));
    }
    if (arr(spec.policyTypes).length === 0) d.set(['spec', 'policyTypes'], arr(spec.egress).length > 0 ? ['Ingress', 'Egress'] : ['Ingress']);
  },
  'autoscaling/v2/HorizontalPodAutoscaler': (d, o) => {
    if (isObj(o.spec)) d.fill(['spec', 'minReplicas'], 1);
  },
  'autoscaling/v1/HorizontalPodAutoscaler': (d, o) => {
    if (isObj(o.spec)) d.fill(['spec', 'minReplicas'], 1);
  },
  'v1/Secret': (d) => d.fill(['type'], 'Opaque', true),
  'rbac.authorization.k8s.io/v1/RoleBinding': (d, o) => binding(d, o),
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': (d, o) => binding(d, o),
};

function jobSpec(d: Defaulter, spec: unknown, at: Key[]): void {
  const s = obj(spec);
  if (!s) return;
  if ((s.completions === undefined || s.completions === null) && (s.parallelism === undefined || s.parallelism === null)) d.set([...at, 'completions'], 1);
  d.fill([...at, 'parallelism'], 1);
  d.fill([...at, 'backoffLimit'], 6);
  d.fill([...at, 'completionMode'], 'NonIndexed');
  d.fill([...at, 'suspend'], false);
  template(d, [...at, 'template']);
}

function binding(d: Defaulter, o: Obj): void {
  if (isObj(o.roleRef)) d.fill(['roleRef', 'apiGroup'], 'rbac.authorization.k8s.io', true);
  arr(o.subjects).forEach((s, i) => {
    if (!isObj(s) || (s.apiGroup !== undefined && s.apiGroup !== null && s.apiGroup !== '')) return;
    if (s.kind === 'User' || s.kind === 'Group') d.set(['subjects', i, 'apiGroup'], 'rbac.authorization.k8s.io');
  });
}

/**
 * `o` as the API server stores it after defaulting (for the kinds and fields the rules read), or
 * `o` itself when nothing is filled in. `defaultedPaths` of the result lists what was filled in.
 */
export function withDefaults(o: Obj, apiVersion: string, kind: string): Obj {
  const apply = Object.prototype.hasOwnProperty.call(BY_KIND, `${apiVersion}/${kind}`) ? BY_KIND[`${apiVersion}/${kind}`] : undefined;
  if (!apply) return o;
  const d = new Defaulter(o);
  apply(d, o);
  if (d.root !== o) FILLED.set(d.root, d.filled);
  return d.root;
}
