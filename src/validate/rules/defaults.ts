/**
 * The API server's defaulting (SetDefaults_* in kubernetes pkg/apis/<group>/v1/defaults.go),
 * applied before the API-server rules, so a rule judges the object the server would judge and
 * never rejects a value the server fills in (a liveness probe's successThreshold 0 becomes 1, a
 * volume without a source becomes an emptyDir, a User subject gets its apiGroup), and sees the
 * defaults the server then refuses (a Deployment's minReadySeconds at or above the default
 * progressDeadlineSeconds of 600).
 *
 * Only the defaults some rule reads are implemented. The object is never changed: what is filled
 * in goes into copies of the containers along the way (copy on write, each container copied at
 * most once), and the places filled in are remembered, so a message about such a value can say
 * where it came from. Pure.
 *
 * Written for a validate of thousands of documents: the walk holds one small node per container
 * it visits and builds no path arrays or strings; the filled-in paths become strings only when a
 * rule asks (a finding is being made).
 */
import { arr, isObj, obj, str, type Obj } from '../untyped';

type Key = string | number;
type Box = Obj | unknown[];

/**
 * One defaulting: the object as defaulted so far, and the paths filled in, turned into strings on
 * the first question (a finding being made).
 */
export class Defaulted {
  /** (node, key) pairs, in the order they were filled in. */
  readonly places: (Node | Key)[] = [];
  private paths: Set<string> | undefined;

  constructor(public root: Obj) {}

  /** Whether `path` (as the rules write it: 'spec.template.spec.restartPolicy') was filled in. */
  has(path: string): boolean {
    return this.all().has(path);
  }

  all(): ReadonlySet<string> {
    if (!this.paths) {
      this.paths = new Set();
      for (let i = 0; i < this.places.length; i += 2) this.paths.add(pathTo((this.places[i] as Node).path(), this.places[i + 1] as Key));
    }
    return this.paths;
  }
}

/** What withDefaults filled in, per defaulted object (for defaultedPaths). */
const FILLED = new WeakMap<object, Defaulted>();

/** The paths defaulting filled in on `o` (a result of withDefaults). */
export function defaultedPaths(o: object): ReadonlySet<string> | undefined {
  return FILLED.get(o)?.all();
}

function pathTo(path: string, k: Key): string {
  return typeof k === 'number' ? `${path}[${k}]` : path ? `${path}.${k}` : k;
}

function copyOf(v: Box): Box {
  // spread defines each key (a '__proto__' key stays data) and, for a plain object, copies it in one step
  return Array.isArray(v) ? v.slice() : { ...v };
}

/** `box[k] = value`, except that a '__proto__' key stays data (assignment would set the prototype). */
function put(box: Box, k: Key, value: unknown): void {
  if (k === '__proto__') Object.defineProperty(box, k, { value, enumerable: true, writable: true, configurable: true });
  else (box as Record<Key, unknown>)[k] = value;
}

/**
 * A container of the object on the way down. The first write into it copies it, and its parents
 * on the way up (each at most once). A node must not outlive a write of its own key in the parent:
 * every walk takes a child's node after the parent's writes of that key.
 */
class Node {
  private mine: Box | undefined;
  constructor(private readonly src: Box, private readonly parent: Node | undefined, private readonly key: Key, private readonly out: Defaulted) {}

  /** The container as defaulted so far. */
  get box(): Box {
    return this.mine ?? this.src;
  }

  at(k: Key): unknown {
    return (this.box as Record<Key, unknown>)[k];
  }

  /** The node of `v`, the container at `k`. */
  node(k: Key, v: Box): Node {
    return new Node(v, this, k, this.out);
  }

  /** The node of the mapping at `k` (not a list), if there is one. */
  map(k: Key): Node | undefined {
    const v = this.at(k);
    return isObj(v) ? new Node(v, this, k, this.out) : undefined;
  }

  /** The node of the list (or mapping) at `k`, if there is one. */
  list(k: Key): Node | undefined {
    const v = this.at(k);
    return v && typeof v === 'object' ? new Node(v as Box, this, k, this.out) : undefined;
  }

  set(k: Key, value: unknown): void {
    put(this.own(), k, value);
    this.out.places.push(this, k);
  }

  /** Sets `value` at `k` when the field is absent (or, with `zero`, also when it is 0 / ''). */
  fill(k: Key, value: unknown, zero = false): void {
    const v = this.at(k);
    if (v === undefined || v === null || (zero && (v === 0 || v === ''))) this.set(k, value);
  }

  path(): string {
    return this.parent ? pathTo(this.parent.path(), this.key) : '';
  }

  private own(): Box {
    if (this.mine) return this.mine;
    const c = copyOf(this.src);
    this.mine = c;
    if (this.parent) put(this.parent.own(), this.key, c);
    else this.out.root = c as Obj;
    return c;
  }
}

const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'];
const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'];

/** SetDefaults_PodSpec, _Container, _Probe, _Volume (and _Pod's for a bare Pod). */
function podSpec(at: Node | undefined, isPod: boolean): void {
  if (!at) return;
  const spec = at.box as Obj;
  at.fill('restartPolicy', 'Always', true);
  at.fill('dnsPolicy', 'ClusterFirst', true);
  at.fill('terminationGracePeriodSeconds', 30);
  const hostNetwork = isPod && spec.hostNetwork === true;
  for (let idx = 0; idx < CONTAINER_LISTS.length; idx++) {
    const list = CONTAINER_LISTS[idx];
    const containers = arr(spec[list]);
    if (containers.length === 0) continue;
    const ln = at.node(list, containers);
    for (let i = 0; i < containers.length; i++) {
      const c = containers[i];
      if (isObj(c)) container(ln.node(i, c), c, hostNetwork && list !== 'ephemeralContainers');
    }
  }
  const volumes = arr(spec.volumes);
  let vn: Node | undefined;
  for (let i = 0; i < volumes.length; i++) {
    // a volume naming no source is an emptyDir
    const v = volumes[i];
    if (isObj(v) && namesNoSource(v)) (vn ??= at.node('volumes', volumes)).node(i, v).set('emptyDir', {});
  }
}

function container(cn: Node, c: Obj, hostPorts: boolean): void {
  cn.fill('terminationMessagePolicy', 'File', true);
  for (let idx = 0; idx < PROBES.length; idx++) {
    const probe = PROBES[idx];
    const p = c[probe];
    if (!isObj(p)) continue;
    // 0 means "not set" for these int32 fields
    const pn = cn.node(probe, p);
    pn.fill('timeoutSeconds', 1, true);
    pn.fill('periodSeconds', 10, true);
    pn.fill('successThreshold', 1, true);
    pn.fill('failureThreshold', 3, true);
  }
  const ports = arr(c.ports);
  if (ports.length === 0) return;
  const psn = cn.node('ports', ports);
  for (let j = 0; j < ports.length; j++) {
    const p = ports[j];
    if (!isObj(p)) continue;
    const pn = psn.node(j, p);
    pn.fill('protocol', 'TCP', true);
    // a Pod on the host network listens on the host: hostPort becomes containerPort (SetDefaults_Pod)
    if (hostPorts && typeof p.containerPort === 'number' && p.containerPort >= 1 && p.containerPort <= 65535) pn.fill('hostPort', p.containerPort, true);
  }
}

/** Whether a volume has no key but its name set (null counts as not set). */
function namesNoSource(v: Obj): boolean {
  const keys = Object.keys(v);
  for (let idx = 0; idx < keys.length; idx++) {
    const k = keys[idx];
    if (k !== 'name' && v[k] !== null && v[k] !== undefined) return false;
  }
  return true;
}

function template(t: Node | undefined): void {
  podSpec(t?.map('spec'), false);
}

/** A workload's update strategy: made a mapping when absent, its type filled in, and the rolling update's own fields. */
function strategy(spec: Node, field: string): Node {
  if (!isObj(spec.at(field))) spec.set(field, {});
  return spec.map(field) as Node;
}

function rollingUpdate(s: Node): Node {
  if (!isObj(s.at('rollingUpdate'))) s.set('rollingUpdate', {});
  return s.map('rollingUpdate') as Node;
}

const BY_KIND: Record<string, (root: Node, o: Obj) => void> = {
  'v1/Pod': (root) => podSpec(root.map('spec'), true),
  'v1/PodTemplate': (root) => template(root.map('template')),
  'v1/ReplicationController': (root, o) => {
    const labels = obj(obj(obj(obj(o.spec)?.template)?.metadata)?.labels);
    const spec = root.map('spec');
    if (labels && spec && Object.keys(obj((o.spec as Obj).selector) ?? {}).length === 0) spec.set('selector', labels);
    template(spec?.map('template'));
  },
  'apps/v1/Deployment': (root) => {
    const spec = root.map('spec');
    if (!spec) return;
    spec.fill('replicas', 1);
    spec.fill('revisionHistoryLimit', 10);
    spec.fill('progressDeadlineSeconds', 600);
    const s = strategy(spec, 'strategy');
    s.fill('type', 'RollingUpdate', true);
    if (s.at('type') === 'RollingUpdate') {
      const ru = rollingUpdate(s);
      ru.fill('maxUnavailable', '25%');
      ru.fill('maxSurge', '25%');
    }
    template(spec.map('template'));
  },
  'apps/v1/DaemonSet': (root) => {
    const spec = root.map('spec');
    if (!spec) return;
    spec.fill('revisionHistoryLimit', 10);
    const s = strategy(spec, 'updateStrategy');
    s.fill('type', 'RollingUpdate', true);
    if (s.at('type') === 'RollingUpdate') {
      const ru = rollingUpdate(s);
      ru.fill('maxUnavailable', 1);
      ru.fill('maxSurge', 0);
    }
    template(spec.map('template'));
  },
  'apps/v1/StatefulSet': (root) => {
    const spec = root.map('spec');
    if (!spec) return;
    spec.fill('replicas', 1);
    spec.fill('revisionHistoryLimit', 10);
    spec.fill('podManagementPolicy', 'OrderedReady', true);
    const s = strategy(spec, 'updateStrategy');
    if (!str(s.at('type'))) {
      s.set('type', 'RollingUpdate');
      if (!isObj(s.at('rollingUpdate'))) s.set('rollingUpdate', {});
    }
    if (s.at('type') === 'RollingUpdate') s.map('rollingUpdate')?.fill('partition', 0);
    template(spec.map('template'));
  },
  'apps/v1/ReplicaSet': (root) => {
    const spec = root.map('spec');
    if (!spec) return;
    spec.fill('replicas', 1);
    template(spec.map('template'));
  },
  'batch/v1/Job': (root) => jobSpec(root.map('spec')),
  'batch/v1/CronJob': (root) => {
    const spec = root.map('spec');
    if (!spec) return;
    spec.fill('concurrencyPolicy', 'Allow', true);
    spec.fill('suspend', false);
    spec.fill('successfulJobsHistoryLimit', 3);
    spec.fill('failedJobsHistoryLimit', 1);
    jobSpec(spec.map('jobTemplate')?.map('spec'));
  },
  'v1/Service': (root) => {
    const spec = root.map('spec');
    if (!spec) return;
    const ports = arr(spec.at('ports'));
    spec.fill('type', 'ClusterIP', true);
    spec.fill('sessionAffinity', 'None', true);
    const psn = ports.length > 0 ? spec.node('ports', ports) : undefined;
    for (let i = 0; i < ports.length; i++) {
      const p = ports[i];
      if (!isObj(p)) continue;
      const pn = (psn as Node).node(i, p);
      pn.fill('protocol', 'TCP', true);
      if (typeof p.port === 'number') pn.fill('targetPort', p.port, true);
    }
  },
  'networking.k8s.io/v1/NetworkPolicy': (root) => {
    const spec = root.map('spec');
    if (!spec) return;
    const snapshot = spec.box as Obj;
    for (const dir of ['ingress', 'egress']) networkPolicyPorts(spec, dir, arr(snapshot[dir]));
    if (arr(snapshot.policyTypes).length === 0) spec.set('policyTypes', arr(snapshot.egress).length > 0 ? ['Ingress', 'Egress'] : ['Ingress']);
  },
  'autoscaling/v2/HorizontalPodAutoscaler': (root) => root.map('spec')?.fill('minReplicas', 1),
  'autoscaling/v1/HorizontalPodAutoscaler': (root) => root.map('spec')?.fill('minReplicas', 1),
  'v1/Secret': (root) => root.fill('type', 'Opaque', true),
  'rbac.authorization.k8s.io/v1/RoleBinding': binding,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': binding,
};

/** BY_KIND as kind -> apiVersion -> defaulting: found per document without building a key. */
const APPLY = new Map<string, Map<string, (root: Node, o: Obj) => void>>();
for (const [key, apply] of Object.entries(BY_KIND)) {
  const slash = key.lastIndexOf('/');
  const kind = key.slice(slash + 1);
  if (!APPLY.has(kind)) APPLY.set(kind, new Map());
  APPLY.get(kind)?.set(key.slice(0, slash), apply);
}

function networkPolicyPorts(spec: Node, dir: string, rules: unknown[]): void {
  if (rules.length === 0) return;
  const dn = spec.node(dir, rules);
  for (let i = 0; i < rules.length; i++) {
    const r = obj(rules[i]);
    const ports = arr(r?.ports);
    if (ports.length === 0) continue;
    const psn = dn.node(i, r as Obj).node('ports', ports);
    for (let j = 0; j < ports.length; j++) {
      const p = ports[j];
      if (isObj(p)) psn.node(j, p).fill('protocol', 'TCP');
    }
  }
}

function jobSpec(at: Node | undefined): void {
  if (!at) return;
  const s = at.box as Obj;
  if ((s.completions === undefined || s.completions === null) && (s.parallelism === undefined || s.parallelism === null)) at.set('completions', 1);
  at.fill('parallelism', 1);
  at.fill('backoffLimit', 6);
  at.fill('completionMode', 'NonIndexed');
  at.fill('suspend', false);
  template(at.map('template'));
}

function binding(root: Node, o: Obj): void {
  if (isObj(o.roleRef)) root.node('roleRef', o.roleRef).fill('apiGroup', 'rbac.authorization.k8s.io', true);
  const subjects = arr(o.subjects);
  let sn: Node | undefined;
  for (let i = 0; i < subjects.length; i++) {
    const s = subjects[i];
    if (!isObj(s) || (s.apiGroup !== undefined && s.apiGroup !== null && s.apiGroup !== '')) continue;
    if (s.kind === 'User' || s.kind === 'Group') (sn ??= root.node('subjects', subjects)).node(i, s).set('apiGroup', 'rbac.authorization.k8s.io');
  }
}

/**
 * The API server's defaulting of `o`, for the rules: `root` is `o` as the server stores it (for the
 * kinds and fields the rules read), `o` itself when nothing is filled in; undefined for a kind
 * without defaults. (No table is kept: a validate of thousands of documents leaves nothing behind.)
 */
export function applyDefaults(o: Obj, apiVersion: string, kind: string): Defaulted | undefined {
  const apply = APPLY.get(kind)?.get(apiVersion);
  if (!apply) return undefined;
  const out = new Defaulted(o);
  apply(new Node(o, undefined, '', out), o);
  return out;
}

/**
 * `o` as the API server stores it after defaulting (for the kinds and fields the rules read), or
 * `o` itself when nothing is filled in. `defaultedPaths` of the result lists what was filled in.
 */
export function withDefaults(o: Obj, apiVersion: string, kind: string): Obj {
  const d = applyDefaults(o, apiVersion, kind);
  if (!d) return o;
  if (d.root !== o) FILLED.set(d.root, d);
  return d.root;
}
