import type { ApiObjectMetadata } from 'cdk8s';
import * as k8s from '../../imports/k8s';
import { checkInt, invalidProp } from './errors';
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

/** Options of a HorizontalPodAutoscaler (autoscaling/v2). */
export interface AutoscalingOptions {
  /** Fewest replicas (>= 1). */
  readonly minReplicas: number;
  /** Most replicas (>= minReplicas). */
  readonly maxReplicas: number;
  /**
   * Target average CPU utilisation, percent of the CPU request.
   * @default 70 (when memoryUtilization is not set either)
   */
  readonly cpuUtilization?: number;
  /**
   * Target average memory utilisation, percent of the memory request.
   * @default - no memory target
   */
  readonly memoryUtilization?: number;
}

/** Checks autoscaling options and renders the HPA spec targeting `target`. */
export function renderHpaSpec(w: Workload, a: AutoscalingOptions, target: { apiVersion: string; kind: string; name: string }): k8s.HorizontalPodAutoscalerSpecV2 {
  checkInt(w, 'autoscaling.minReplicas', a.minReplicas, 1);
  checkInt(w, 'autoscaling.maxReplicas', a.maxReplicas, 1);
  if (a.maxReplicas < a.minReplicas) {
    invalidProp(w, 'autoscaling.maxReplicas', a.maxReplicas, `must be >= minReplicas (${a.minReplicas})`, `raise maxReplicas to at least ${a.minReplicas}`);
  }
  checkInt(w, 'autoscaling.cpuUtilization', a.cpuUtilization, 1, 1000);
  checkInt(w, 'autoscaling.memoryUtilization', a.memoryUtilization, 1, 1000);
  const cpu = a.cpuUtilization ?? (a.memoryUtilization === undefined ? 70 : undefined);
  const metrics: k8s.MetricSpecV2[] = [];
  if (cpu !== undefined) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } });
  if (a.memoryUtilization !== undefined) {
    metrics.push({ type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: a.memoryUtilization } } });
  }
  return { scaleTargetRef: target, minReplicas: a.minReplicas, maxReplicas: a.maxReplicas, metrics };
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
