import type { ApiObjectMetadata } from 'cdk8s';
import * as k8s from '../../imports/k8s';
import { checkInt, checkKnownProps, invalidProp } from './errors';
import { Duration } from './values';
import type { Workload } from './workload';

/** Options of a PodDisruptionBudget. */
export interface DisruptionBudgetOptions {
  /**
   * Pods that may be down at once during voluntary disruptions (drains): a count or a percentage ('25%').
   * @default 1
   */
  readonly maxUnavailable?: number | string;
  /**
   * Whether pods that are running but not ready may be evicted even when the budget is spent.
   * 'AlwaysAllow' keeps a crash-looping pod from blocking node drains.
   * @default 'AlwaysAllow'
   */
  readonly unhealthyPodEvictionPolicy?: 'AlwaysAllow' | 'IfHealthyBudget';
}

/** One scaling policy: at most `value` pods (or percent) per `period`. */
export interface ScalingPolicyOptions {
  readonly type: 'Pods' | 'Percent';
  /** Pods, or percent of the current replicas (>= 1). */
  readonly value: number;
  /** The window the change is measured over (1s to 30 minutes). */
  readonly period: Duration;
}

/** Scale-up or scale-down rules of an HPA. */
export interface ScalingRulesOptions {
  /**
   * How long past recommendations are considered, so the count does not flap (0 to 1 hour).
   * @default - Kubernetes' default (0 for scale-up, 5 minutes for scale-down)
   */
  readonly stabilizationWindow?: Duration;
  /**
   * Limits on the rate of change.
   * @default - Kubernetes' defaults
   */
  readonly policies?: readonly ScalingPolicyOptions[];
  /**
   * Which policy wins when several apply; 'Disabled' turns this direction off.
   * @default 'Max'
   */
  readonly selectPolicy?: 'Max' | 'Min' | 'Disabled';
}

/** A custom (per-pod) or external metric target of an HPA. */
export class AutoscalingMetric {
  /**
   * A metric every pod reports (custom.metrics.k8s.io, e.g. via prometheus-adapter): the HPA keeps
   * its average per pod at `averageValue` ('100', '500m').
   */
  public static pods(name: string, averageValue: string | number, selector?: Readonly<Record<string, string>>): AutoscalingMetric {
    return new AutoscalingMetric('Pods', name, String(averageValue), selector);
  }

  /**
   * A metric from outside the cluster (external.metrics.k8s.io, e.g. a queue's length): the HPA
   * keeps its value per pod at `averageValue`.
   */
  public static external(name: string, averageValue: string | number, selector?: Readonly<Record<string, string>>): AutoscalingMetric {
    return new AutoscalingMetric('External', name, String(averageValue), selector);
  }

  private constructor(
    public readonly type: 'Pods' | 'External',
    public readonly name: string,
    public readonly averageValue: string,
    public readonly selector?: Readonly<Record<string, string>>,
  ) {}

  /** The metric spec. */
  public render(w: Workload): k8s.MetricSpecV2 {
    if (!/^[A-Za-z_:][A-Za-z0-9_:.\-/]*$/.test(this.name)) invalidProp(w, 'autoscaling.metrics', this.name, 'must be a metric name', "use e.g. 'http_requests_per_second'");
    if (!/^\d+(\.\d+)?(m|k|M|G)?$/.test(this.averageValue)) invalidProp(w, `autoscaling.metrics.${this.name}`, this.averageValue, 'must be a positive quantity', "use e.g. '100' or '500m'");
    const metric = { name: this.name, ...(this.selector ? { selector: { matchLabels: { ...this.selector } } } : {}) };
    const target = { type: 'AverageValue', averageValue: k8s.Quantity.fromString(this.averageValue) };
    return this.type === 'Pods'
      ? { type: 'Pods', pods: { metric, target } }
      : { type: 'External', external: { metric, target } };
  }
}

/** Options of a HorizontalPodAutoscaler (autoscaling/v2). */
export interface AutoscalingOptions {
  /** Fewest replicas (>= 1). */
  readonly minReplicas: number;
  /** Most replicas (>= minReplicas). */
  readonly maxReplicas: number;
  /**
   * Target average CPU utilisation, percent of the CPU request.
   * @default 70 (when no other target is set)
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory utilisation, percent of the memory request.
   * @default - no memory target
   */
  readonly memoryUtilization?: number;
  /**
   * Custom (per-pod) and external metric targets: `AutoscalingMetric.pods(name, value)`,
   * `AutoscalingMetric.external(name, value)`.
   * @default - none
   */
  readonly metrics?: readonly AutoscalingMetric[];
  /**
   * Scale-up and scale-down rules (stabilization window, rate policies).
   * @default - Kubernetes' defaults
   */
  readonly behavior?: { readonly scaleUp?: ScalingRulesOptions; readonly scaleDown?: ScalingRulesOptions };
}

/** Checks autoscaling options and renders the HPA spec targeting `target`. */
export function renderHpaSpec(w: Workload, a: AutoscalingOptions, target: { apiVersion: string; kind: string; name: string }): k8s.HorizontalPodAutoscalerSpecV2 {
  checkKnownProps(w, a, 'AutoscalingOptions', 'autoscaling', 'autoscaling.');
  checkInt(w, 'autoscaling.minReplicas', a.minReplicas, 1);
  checkInt(w, 'autoscaling.maxReplicas', a.maxReplicas, 1);
  if (a.maxReplicas < a.minReplicas) {
    invalidProp(w, 'autoscaling.maxReplicas', a.maxReplicas, `must be >= minReplicas (${a.minReplicas})`, `raise maxReplicas to at least ${a.minReplicas}`);
  }
  checkInt(w, 'autoscaling.cpuUtilization', a.cpuUtilization, 1, 1000);
  checkInt(w, 'autoscaling.memoryUtilization', a.memoryUtilization, 1, 1000);
  const custom = a.metrics ?? [];
  const cpu = a.cpuUtilization ?? (a.memoryUtilization === undefined && custom.length === 0 ? 70 : undefined);
  const metrics: k8s.MetricSpecV2[] = [];
  if (cpu !== undefined) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } });
  if (a.memoryUtilization !== undefined) {
    metrics.push({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: a.memoryUtilization } } });
  }
  for (const m of custom) {
    if (!(m instanceof AutoscalingMetric)) invalidProp(w, 'autoscaling.metrics', m, 'must be AutoscalingMetric.pods(...) or AutoscalingMetric.external(...)', "use AutoscalingMetric.pods('http_requests_per_second', 100)");
    metrics.push(m.render(w));
  }
  const behavior = a.behavior ? renderBehavior(w, a.behavior) : undefined;
  return { scaleTargetRef: target, minReplicas: a.minReplicas, maxReplicas: a.maxReplicas, metrics, ...(behavior ? { behavior } : {}) };
}

function renderRules(w: Workload, prop: string, r: ScalingRulesOptions): k8s.HpaScalingRulesV2 {
  const window = r.stabilizationWindow?.toSeconds();
  if (window !== undefined && (window < 0 || window > 3600)) invalidProp(w, `${prop}.stabilizationWindow`, `${window}s`, 'must be from 0 to 1 hour', 'use Duration.minutes(5)');
  const select = r.selectPolicy;
  if (select !== undefined && !['Max', 'Min', 'Disabled'].includes(select)) invalidProp(w, `${prop}.selectPolicy`, select, "must be 'Max', 'Min' or 'Disabled'", "use selectPolicy: 'Max'");
  const policies = (r.policies ?? []).map((p, i) => {
    if (p.type !== 'Pods' && p.type !== 'Percent') invalidProp(w, `${prop}.policies[${i}].type`, p.type, "must be 'Pods' or 'Percent'", "use type: 'Percent'");
    checkInt(w, `${prop}.policies[${i}].value`, p.value, 1);
    const period = p.period?.toSeconds();
    if (period === undefined || period < 1 || period > 1800) invalidProp(w, `${prop}.policies[${i}].period`, period, 'must be from 1 second to 30 minutes', 'use Duration.minutes(1)');
    return { type: p.type, value: p.value, periodSeconds: period };
  });
  return {
    ...(window !== undefined ? { stabilizationWindowSeconds: window } : {}),
    ...(select !== undefined ? { selectPolicy: select } : {}),
    ...(policies.length > 0 ? { policies } : {}),
  };
}

function renderBehavior(w: Workload, b: NonNullable<AutoscalingOptions['behavior']>): k8s.HorizontalPodAutoscalerBehaviorV2 {
  return {
    ...(b.scaleUp ? { scaleUp: renderRules(w, 'autoscaling.behavior.scaleUp', b.scaleUp) } : {}),
    ...(b.scaleDown ? { scaleDown: renderRules(w, 'autoscaling.behavior.scaleDown', b.scaleDown) } : {}),
  };
}

/** Checks a count-or-percent prop and converts it. */
export function intOrPercent(w: Workload, prop: string, v: number | string): k8s.IntOrString {
  if (typeof v === 'number') {
    checkInt(w, prop, v, 0);
    return k8s.IntOrString.fromNumber(v);
  }
  const m = /^(\d+)%$/.exec(v);
  if (!m || Number(m[1]) > 100) invalidProp(w, prop, v, 'must be a whole number or a percentage from 0% to 100%', "use e.g. 1 or '25%'");
  return k8s.IntOrString.fromString(v);
}

/** Renders a PDB spec selecting the workload's pods. */
export function renderPdbSpec(w: Workload, o: DisruptionBudgetOptions): k8s.PodDisruptionBudgetSpec {
  checkKnownProps(w, o, 'DisruptionBudgetOptions', 'disruptionBudget', 'disruptionBudget.');
  return {
    maxUnavailable: intOrPercent(w, 'disruptionBudget.maxUnavailable', o.maxUnavailable ?? 1),
    selector: { matchLabels: { ...w.selector } },
    unhealthyPodEvictionPolicy: checkEvictionPolicy(w, o.unhealthyPodEvictionPolicy ?? 'AlwaysAllow'),
  };
}

function checkEvictionPolicy(w: Workload, v: string): string {
  if (v !== 'AlwaysAllow' && v !== 'IfHealthyBudget') {
    invalidProp(w, 'disruptionBudget.unhealthyPodEvictionPolicy', v, "must be 'AlwaysAllow' or 'IfHealthyBudget'", "use 'AlwaysAllow'");
  }
  return v;
}

/** Replica count, autoscaling, disruption budget and rolling update of a Deployment (WebService, Worker). */
export interface RolloutProps {
  /**
   * Replicas. Must be left unset when `autoscaling` is set: the HPA owns the count.
   * @default - 2 for a WebService, 1 for a Worker
   */
  readonly replicas?: number;
  /**
   * A HorizontalPodAutoscaler (autoscaling/v2).
   * @default - no HPA; `replicas` fixed
   */
  readonly autoscaling?: AutoscalingOptions;
  /**
   * The PodDisruptionBudget, or false for none.
   * @default - { maxUnavailable: 1 } when the (minimum) replica count is > 1, else none
   */
  readonly disruptionBudget?: DisruptionBudgetOptions | false;
  /**
   * Rolling update: extra pods during an update (count or percent).
   * @default '25%'
   */
  readonly maxSurge?: number | string;
  /**
   * Rolling update: pods that may be unavailable during an update.
   * @default 0 (never below the desired count)
   */
  readonly maxUnavailable?: number | string;
  /**
   * Old ReplicaSets kept for `kubectl rollout undo`.
   * @default 10
   */
  readonly revisionHistoryLimit?: number;
}

/** The resolved rollout props of a Deployment. */
export interface Rollout {
  /** The replica count written to the Deployment, undefined when an HPA owns it. */
  readonly replicas: number | undefined;
  /** The fewest pods that run (HPA minimum, else replicas). */
  readonly minReplicas: number;
  /** The most replicas (HPA maximum, else replicas), not counting a rollout's surge. */
  readonly maxPods: number;
  readonly revisionHistoryLimit: number;
  readonly strategy: k8s.DeploymentStrategy;
}

/** Checks and resolves the rollout props of `w`. */
export function resolveRollout(w: Workload, props: RolloutProps, defaultReplicas: number): Rollout {
  checkInt(w, 'replicas', props.replicas, 0);
  checkInt(w, 'revisionHistoryLimit', props.revisionHistoryLimit, 0);
  if (props.autoscaling && props.replicas !== undefined) {
    invalidProp(w, 'replicas', props.replicas, 'the HPA owns the replica count when autoscaling is set (a fixed count would fight it on every sync)',
      `remove replicas and set autoscaling.minReplicas (now ${props.autoscaling.minReplicas})`);
  }
  const replicas = props.autoscaling ? undefined : props.replicas ?? defaultReplicas;
  const maxSurge = intOrPercent(w, 'maxSurge', props.maxSurge ?? '25%');
  const maxUnavailable = intOrPercent(w, 'maxUnavailable', props.maxUnavailable ?? 0);
  if ((maxSurge.value === 0 || maxSurge.value === '0%') && (maxUnavailable.value === 0 || maxUnavailable.value === '0%')) {
    invalidProp(w, 'maxUnavailable', props.maxUnavailable ?? 0, 'maxSurge and maxUnavailable cannot both be 0 (the rollout could never progress)', 'set maxSurge to 1 or 25%');
  }
  return {
    replicas,
    minReplicas: props.autoscaling ? props.autoscaling.minReplicas : replicas!,
    maxPods: props.autoscaling ? props.autoscaling.maxReplicas : replicas!,
    revisionHistoryLimit: props.revisionHistoryLimit ?? 10,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } },
  };
}

/** The HPA and PDB of a Deployment with `rollout`, created in `w` (named like the workload). */
export function renderScaling(
  w: Workload & { readonly name: string }, props: RolloutProps, rollout: Rollout, deployment: k8s.KubeDeployment,
  metadata: (kind: string) => ApiObjectMetadata,
): { readonly hpa?: k8s.KubeHorizontalPodAutoscalerV2; readonly pdb?: k8s.KubePodDisruptionBudget } {
  const hpa = props.autoscaling
    ? new k8s.KubeHorizontalPodAutoscalerV2(w, 'hpa', {
      metadata: metadata('HorizontalPodAutoscaler'),
      spec: renderHpaSpec(w, props.autoscaling, { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment.name }),
    })
    : undefined;
  const pdb = props.disruptionBudget !== false && (props.disruptionBudget !== undefined || rollout.minReplicas > 1)
    ? new k8s.KubePodDisruptionBudget(w, 'pdb', {
      metadata: metadata('PodDisruptionBudget'),
      spec: renderPdbSpec(w, props.disruptionBudget ?? {}),
    })
    : undefined;
  return { hpa, pdb };
}
