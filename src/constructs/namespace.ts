import { ApiObject, Chart, JsonPatch, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { recordCreationSite } from '../source-location';
import { BASELINE_CAPABILITIES, RESTRICTED_VOLUME_TYPES } from '../validate/policy/pod';
import { quantity } from '../validate/rules/syntax';
import { checkInt, checkSyntax, invalidProp } from './errors';
import { checkName, claimName } from './names';
import { Obj, POD_KINDS, asList as list, asObj as o, podSpecOf } from './rendered';
import { targetVersion } from './target-version';

/** Pod Security Standard levels, most to least strict. */
export type PodSecurityLevel = 'restricted' | 'baseline' | 'privileged';

const LEVELS: readonly PodSecurityLevel[] = ['restricted', 'baseline', 'privileged'];
const rank = (l: PodSecurityLevel): number => LEVELS.indexOf(l);

/** The label keys of Pod Security admission. */
export const POD_SECURITY_LABEL = 'pod-security.kubernetes.io';

/** Options of the namespace's ResourceQuota: totals over every pod (and claim) of the namespace. */
export interface ResourceQuotaOptions {
  /**
   * Total CPU requests ('8', '8000m').
   * @default - no limit
   */
  readonly cpu?: string;
  /**
   * Total memory requests ('16Gi').
   * @default - no limit
   */
  readonly memory?: string;
  /**
   * Total memory limits ('16Gi').
   * @default - no limit
   */
  readonly memoryLimit?: string;
  /**
   * Number of pods.
   * @default - no limit
   */
  readonly pods?: number;
  /**
   * Total storage requested by PersistentVolumeClaims ('500Gi').
   * @default - no limit
   */
  readonly storage?: string;
  /**
   * Number of PersistentVolumeClaims.
   * @default - no limit
   */
  readonly persistentVolumeClaims?: number;
}

/** cpu / memory values of a LimitRange entry. */
export interface CpuMemory {
  /** @default - unset */
  readonly cpu?: string;
  /** @default - unset */
  readonly memory?: string;
}

/** Options of the namespace's LimitRange for containers (applies to containers that do not set their own). */
export interface LimitRangeOptions {
  /**
   * Requests given to a container that sets none.
   * @default - unset
   */
  readonly defaultRequest?: CpuMemory;
  /**
   * Limits given to a container that sets none.
   * @default - unset
   */
  readonly defaultLimit?: CpuMemory;
  /**
   * The most a container may ask for.
   * @default - unset
   */
  readonly max?: CpuMemory;
}

/** Props of a {@link Namespace}. */
export interface NamespaceProps {
  /**
   * The namespace's name. Workloads run in it when their chart has this namespace.
   * @default - the chart's namespace, else the construct id
   */
  readonly name?: string;
  /**
   * The Pod Security level admission enforces (`pod-security.kubernetes.io/enforce`). Given
   * explicitly, a workload of the namespace that needs a weaker level is a synth error (the API
   * server would reject its pods). 'privileged' must be given explicitly: it is never derived.
   * @default - derived at synth: the strictest level every workload of the namespace meets
   *   ('restricted' for helmless defaults, 'baseline' with a root or capability relaxation);
   *   a workload that needs 'privileged' (host access) is a synth error pointing to a namespace of its own
   */
  readonly podSecurity?: PodSecurityLevel;
  /**
   * The level `pod-security.kubernetes.io/warn` and `audit` report against, so a deviation shows
   * in `kubectl apply` and the audit log before it is enforced.
   * @default 'restricted'
   */
  readonly podSecurityWarn?: PodSecurityLevel;
  /**
   * Extra labels of the Namespace object.
   * @default - none
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * A ResourceQuota `<name>` capping the namespace's totals.
   * @default - none
   */
  readonly resourceQuota?: ResourceQuotaOptions;
  /**
   * A LimitRange `<name>` with container defaults and maximums.
   * @default - none
   */
  readonly limitRange?: LimitRangeOptions;
}

/**
 * The strictest Pod Security level a pod spec meets, and why it is not stricter. Covers the
 * controls helmless can render (host namespaces and paths, host ports, privileged, capabilities,
 * non-root, privilege escalation, seccomp, volume types).
 */
export function podSecurityLevelOf(pod: Obj): { readonly level: PodSecurityLevel; readonly reasons: readonly string[] } {
  const privileged: string[] = [];
  const baseline: string[] = [];
  if (pod.hostNetwork === true) privileged.push('hostNetwork');
  if (pod.hostPID === true) privileged.push('hostPID');
  if (pod.hostIPC === true) privileged.push('hostIPC');
  for (const v of list(pod.volumes)) {
    if (v.hostPath) privileged.push(`hostPath volume ${String(o(v.hostPath).path)}`);
    const type = Object.keys(v).find((k) => k !== 'name');
    if (type && type !== 'hostPath' && !RESTRICTED_VOLUME_TYPES.has(type)) baseline.push(`${type} volume`);
  }
  const podSc = o(pod.securityContext);
  for (const c of [...list(pod.initContainers), ...list(pod.containers)]) {
    const sc = o(c.securityContext);
    const name = `container '${String(c.name)}'`;
    if (sc.privileged === true) privileged.push(`${name} is privileged`);
    if (list(c.ports).some((p) => p.hostPort !== undefined && p.hostPort !== 0)) privileged.push(`${name} hostPort`);
    const add = (o(sc.capabilities).add ?? []) as string[];
    const unsafe = add.filter((cap) => !BASELINE_CAPABILITIES.has(cap));
    if (unsafe.length > 0) privileged.push(`${name} adds ${unsafe.join(', ')}`);
    const beyond = add.filter((cap) => cap !== 'NET_BIND_SERVICE' && BASELINE_CAPABILITIES.has(cap));
    if (beyond.length > 0) baseline.push(`${name} adds ${beyond.join(', ')}`);
    if (!((o(sc.capabilities).drop ?? []) as string[]).includes('ALL')) baseline.push(`${name} does not drop ALL capabilities`);
    const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
    const uid = sc.runAsUser ?? podSc.runAsUser;
    if (nonRoot !== true || uid === 0) baseline.push(`${name} may run as root`);
    if (sc.allowPrivilegeEscalation !== false) baseline.push(`${name} allows privilege escalation`);
    const seccomp = String(o(sc.seccompProfile ?? podSc.seccompProfile).type ?? '');
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') baseline.push(`${name} has no RuntimeDefault seccomp profile`);
  }
  if (privileged.length > 0) return { level: 'privileged', reasons: privileged };
  if (baseline.length > 0) return { level: 'baseline', reasons: baseline };
  return { level: 'restricted', reasons: [] };
}

/** One workload of the namespace and the level its pods need. */
interface Needs {
  readonly owner: IConstruct;
  readonly kind: string;
  readonly level: PodSecurityLevel;
  readonly reasons: readonly string[];
}

/**
 * The app's namespace: a Namespace object whose Pod Security admission labels are derived from
 * the workloads that run in it, with an optional ResourceQuota and LimitRange.
 */
export class Namespace extends Construct {
  public readonly name: string;
  /** The explicit `podSecurity`, if given (else the level is derived at synth). */
  public readonly podSecurity?: PodSecurityLevel;
  public readonly podSecurityWarn: PodSecurityLevel;
  public readonly namespace: k8s.KubeNamespace;
  public readonly resourceQuota?: k8s.KubeResourceQuota;
  public readonly limitRange?: k8s.KubeLimitRange;

  constructor(scope: Construct, id: string, props: NamespaceProps = {}) {
    super(scope, id);
    recordCreationSite(this);
    this.name = props.name ?? Chart.of(this).namespace ?? id;
    checkName(this, 'Namespace', this.name, 'dns1123-label');
    for (const [prop, v] of [['podSecurity', props.podSecurity], ['podSecurityWarn', props.podSecurityWarn]] as const) {
      if (v !== undefined && !LEVELS.includes(v)) invalidProp(this, prop, v, "must be 'restricted', 'baseline' or 'privileged'", `use ${prop}: 'restricted'`);
    }
    this.podSecurity = props.podSecurity;
    this.podSecurityWarn = props.podSecurityWarn ?? 'restricted';
    const version = `v1.${targetVersion(this).minor}`;
    claimName(this, 'Namespace', this.name);

    const enforce = Lazy.any({ produce: () => this.enforcedLevel() });
    this.namespace = new k8s.KubeNamespace(this, 'namespace', {
      metadata: {
        name: this.name,
        labels: {
          ...(props.labels ?? {}),
          [`${POD_SECURITY_LABEL}/enforce`]: enforce as unknown as string,
          [`${POD_SECURITY_LABEL}/enforce-version`]: version,
          [`${POD_SECURITY_LABEL}/warn`]: this.podSecurityWarn,
          [`${POD_SECURITY_LABEL}/warn-version`]: version,
          [`${POD_SECURITY_LABEL}/audit`]: this.podSecurityWarn,
          [`${POD_SECURITY_LABEL}/audit-version`]: version,
        },
      },
    });
    // A Namespace is cluster-scoped: the chart's namespace must not be written on it.
    if (Chart.of(this).namespace !== undefined) this.namespace.addJsonPatch(JsonPatch.remove('/metadata/namespace'));

    if (props.resourceQuota) this.resourceQuota = this.renderResourceQuota(props.resourceQuota);
    if (props.limitRange) this.limitRange = this.renderLimitRange(props.limitRange);

    this.node.addValidation({ validate: () => this.check() });
  }

  /** The ResourceQuota of `resourceQuota`: requests, the memory limit, and counts, each checked. */
  private renderResourceQuota(q: NonNullable<NamespaceProps['resourceQuota']>): k8s.KubeResourceQuota {
    const hard: Record<string, k8s.Quantity> = {};
    const qty = (key: string, prop: string, v: string | undefined) => {
      if (v === undefined) return;
      checkSyntax(this, `resourceQuota.${prop}`, v, quantity(String(v)), "write a quantity such as '8', '500m' or '16Gi'");
      hard[key] = k8s.Quantity.fromString(v);
    };
    const count = (key: string, prop: string, v: number | undefined) => {
      if (v === undefined) return;
      checkInt(this, `resourceQuota.${prop}`, v, 0);
      hard[key] = k8s.Quantity.fromNumber(v);
    };
    qty('requests.cpu', 'cpu', q.cpu);
    qty('requests.memory', 'memory', q.memory);
    qty('limits.memory', 'memoryLimit', q.memoryLimit);
    count('pods', 'pods', q.pods);
    qty('requests.storage', 'storage', q.storage);
    count('persistentvolumeclaims', 'persistentVolumeClaims', q.persistentVolumeClaims);
    if (Object.keys(hard).length === 0) invalidProp(this, 'resourceQuota', q, 'sets no limit', "set at least one, e.g. resourceQuota: { cpu: '8', memory: '16Gi' }");
    claimName(this, 'ResourceQuota', this.name);
    return new k8s.KubeResourceQuota(this, 'resource-quota', { metadata: { name: this.name, namespace: this.name }, spec: { hard } });
  }

  /** The LimitRange of `limitRange`: the containers' default requests, default limits and maxima. */
  private renderLimitRange(l: NonNullable<NamespaceProps['limitRange']>): k8s.KubeLimitRange {
    const values = (prop: string, v: CpuMemory | undefined): Record<string, k8s.Quantity> | undefined => {
      if (v === undefined) return undefined;
      const out: Record<string, k8s.Quantity> = {};
      for (const key of ['cpu', 'memory'] as const) {
        const x = v[key];
        if (x === undefined) continue;
        checkSyntax(this, `limitRange.${prop}.${key}`, x, quantity(String(x)), "write a quantity such as '100m' or '128Mi'");
        out[key] = k8s.Quantity.fromString(x);
      }
      return Object.keys(out).length > 0 ? out : undefined;
    };
    const item: k8s.LimitRangeItem = {
      type: 'Container',
      ...(values('defaultRequest', l.defaultRequest) ? { defaultRequest: values('defaultRequest', l.defaultRequest) } : {}),
      ...(values('defaultLimit', l.defaultLimit) ? { default: values('defaultLimit', l.defaultLimit) } : {}),
      ...(values('max', l.max) ? { max: values('max', l.max) } : {}),
    };
    if (Object.keys(item).length === 1) invalidProp(this, 'limitRange', l, 'sets nothing', "set at least one, e.g. limitRange: { defaultRequest: { cpu: '100m', memory: '128Mi' } }");
    claimName(this, 'LimitRange', this.name);
    return new k8s.KubeLimitRange(this, 'limit-range', { metadata: { name: this.name, namespace: this.name }, spec: { limits: [item] } });
  }

  /** The workloads whose objects land in this namespace, and the level each needs. */
  public workloads(): Needs[] {
    const out = new Map<IConstruct, Needs>();
    for (const c of this.node.root.node.findAll()) {
      if (!ApiObject.isApiObject(c) || !POD_KINDS.has(c.kind)) continue;
      if ((c.metadata.namespace ?? Chart.of(c).namespace) !== this.name) continue;
      const pod = podSpecOf(c.toJson() as Obj);
      if (!pod) continue;
      const owner = c.node.scope ?? c;
      const { level, reasons } = podSecurityLevelOf(pod);
      const prev = out.get(owner);
      if (!prev || rank(level) > rank(prev.level)) out.set(owner, { owner, kind: owner.constructor.name, level, reasons });
    }
    return [...out.values()];
  }

  /** The level written in the enforce label: the explicit one, else the weakest any workload needs (never 'privileged'). */
  private enforcedLevel(): PodSecurityLevel {
    if (this.podSecurity) return this.podSecurity;
    const needed = this.workloads().reduce((acc, w) => Math.max(acc, rank(w.level)), 0);
    return LEVELS[Math.min(needed, rank('baseline'))];
  }

  private check(): string[] {
    const errors: string[] = [];
    for (const w of this.workloads()) {
      const path = w.owner.node.path;
      if (this.podSecurity !== undefined) {
        if (rank(w.level) > rank(this.podSecurity)) {
          errors.push(`${w.kind} '${path}' needs Pod Security '${w.level}' (${w.reasons.join('; ')}), but namespace '${this.name}' enforces '${this.podSecurity}': the API server will reject its pods. Fix: relax the workload's settings, or move it to a namespace of its own`);
        }
      } else if (w.level === 'privileged') {
        errors.push(`${w.kind} '${path}' needs Pod Security 'privileged' (${w.reasons.join('; ')}); enforcing that on namespace '${this.name}' would let every pod of the app run unconfined. Fix: run it in a namespace of its own (a chart with namespace: '${this.name}-agents' and new Namespace(chart, 'namespace', { podSecurity: 'privileged' })), or set podSecurity: 'privileged' on this Namespace to accept it`);
      }
    }
    return errors;
  }
}
