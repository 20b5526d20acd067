import * as k8s from '../../imports/k8s';
import { checkInt, checkKnownProps, invalidProp } from './errors';
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
  checkKnownProps(w, a, 'AutoscalingOptions', 'autoscaling', 'autoscaling.');
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
