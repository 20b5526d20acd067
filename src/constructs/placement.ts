/** Placement of replicated workloads' pods: anti-affinity presets and topology spread. */
import type * as k8s from '../../imports/k8s';
import { invalidProp } from './errors';
import type { Workload } from './workload';

/** Anti-affinity preset: spread replicas over nodes softly (default), strictly, or not at all. */
export type AntiAffinity = 'soft' | 'hard' | 'none';

/** Placement props of replicated workloads (WebService, StatefulDb). */
export interface PlacementProps {
  /**
   * Spread the replicas over nodes: 'soft' prefers distinct nodes, 'hard' requires them, 'none' does not spread.
   * Ignored when `affinity` is given.
   * @default 'soft'
   */
  readonly antiAffinity?: AntiAffinity;
  /**
   * Raw affinity (overrides the antiAffinity preset).
   * @default - from antiAffinity
   */
  readonly affinity?: k8s.Affinity;
  /**
   * Spread the replicas over a topology domain (e.g. zones).
   * @default - no topology spread constraint
   */
  readonly topologySpread?: { readonly topologyKey?: string; readonly maxSkew?: number; readonly whenUnsatisfiable?: 'DoNotSchedule' | 'ScheduleAnyway' };
}

/** Renders the placement props for a workload's pods. */
export function renderPlacement(w: Workload, props: PlacementProps): { affinity?: k8s.Affinity; topologySpreadConstraints?: k8s.TopologySpreadConstraint[] } {
  const preset = props.antiAffinity ?? 'soft';
  if (!['soft', 'hard', 'none'].includes(preset)) invalidProp(w, 'antiAffinity', preset, "must be 'soft', 'hard' or 'none'", "use antiAffinity: 'soft'");
  let affinity = props.affinity;
  if (!affinity && preset !== 'none') {
    const term: k8s.PodAffinityTerm = { labelSelector: { matchLabels: { ...w.selector } }, topologyKey: 'kubernetes.io/hostname' };
    affinity = {
      podAntiAffinity: preset === 'hard'
        ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
        : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
    };
  }
  const ts = props.topologySpread;
  let topologySpreadConstraints: k8s.TopologySpreadConstraint[] | undefined;
  if (ts) {
    if (ts.maxSkew !== undefined && (!Number.isInteger(ts.maxSkew) || ts.maxSkew < 1)) invalidProp(w, 'topologySpread.maxSkew', ts.maxSkew, 'must be an integer >= 1', 'use maxSkew: 1');
    topologySpreadConstraints = [{
      maxSkew: ts.maxSkew ?? 1,
      topologyKey: ts.topologyKey ?? 'topology.kubernetes.io/zone',
      whenUnsatisfiable: ts.whenUnsatisfiable ?? 'ScheduleAnyway',
      labelSelector: { matchLabels: { ...w.selector } },
    }];
  }
  return { affinity, topologySpreadConstraints };
}
