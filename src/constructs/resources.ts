import type { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { parseQuantity, quantity } from '../validate/rules/syntax';
import { checkSyntax, invalidProp } from './errors';

/** A closed choice of container sizes. */
export type ResourcePreset = 'small' | 'medium' | 'large';

/** Raw container resources. Memory limit defaults to the memory request. */
export interface ResourceValues {
  /** CPU request, a quantity ('250m', '1'). */
  readonly cpu: string;
  /** Memory request, a quantity ('256Mi'). */
  readonly memory: string;
  /**
   * Memory limit, >= the request.
   * @default - equal to the memory request
   */
  readonly memoryLimit?: string;
  /**
   * CPU limit. Not set by default: a CPU limit throttles the container through CFS quotas even
   * when the node is idle, adding latency, while CPU requests already guarantee its share.
   * @default - none
   */
  readonly cpuLimit?: string;
}

/**
 * The presets. Memory limit equals the request: memory is not compressible, so a limit above the
 * request lets the node overcommit and OOM-kill at random under pressure.
 */
export const RESOURCE_PRESETS: Readonly<Record<ResourcePreset, ResourceValues>> = {
  small: { cpu: '100m', memory: '128Mi', memoryLimit: '128Mi' },
  medium: { cpu: '500m', memory: '512Mi', memoryLimit: '512Mi' },
  large: { cpu: '1', memory: '2Gi', memoryLimit: '2Gi' },
};

/**
 * A resources prop: a preset name or raw values; 'none' writes no requests or limits (a workload
 * adopted as it runs today; the scheduler then cannot place it by size).
 */
export type ResourcesSpec = ResourcePreset | ResourceValues | 'none';

/**
 * Resolves and checks a resources prop into requests (cpu, memory) and limits (memory, optional
 * cpu). `at` prefixes the prop in messages ('sidecars[0].' for a sidecar's).
 */
export function renderResources(scope: IConstruct, spec: ResourcesSpec, at = ''): k8s.ResourceRequirements {
  let v: ResourceValues;
  if (spec === 'none') return {};
  if (typeof spec === 'string') {
    const preset = RESOURCE_PRESETS[spec as ResourcePreset];
    if (!preset) {
      invalidProp(scope, `${at}resources`, spec, "must be 'small', 'medium', 'large', 'none' or { cpu, memory, memoryLimit? }", "use resources: 'small'");
    }
    v = preset;
  } else {
    v = spec;
  }
  const memoryLimit = v.memoryLimit ?? v.memory;
  const fix = "write a Kubernetes quantity without spaces, e.g. cpu '250m' or '1', memory '256Mi' or '1Gi'";
  for (const [key, value] of [['cpu', v.cpu], ['memory', v.memory], ['memoryLimit', memoryLimit], ['cpuLimit', v.cpuLimit]] as const) {
    if (value === undefined) continue;
    const prop = `${at}resources.${key}`;
    checkSyntax(scope, prop, value, quantity(value), fix);
    if (parseQuantity(value)! <= 0) invalidProp(scope, prop, value, 'must be positive', fix);
  }
  if (parseQuantity(memoryLimit)! < parseQuantity(v.memory)!) {
    invalidProp(scope, `${at}resources.memoryLimit`, memoryLimit, `must be >= the memory request ${v.memory}`, `raise memoryLimit to at least ${v.memory}`);
  }
  if (v.cpuLimit !== undefined && parseQuantity(v.cpuLimit)! < parseQuantity(v.cpu)!) {
    invalidProp(scope, `${at}resources.cpuLimit`, v.cpuLimit, `must be >= the cpu request ${v.cpu}`, `raise cpuLimit to at least ${v.cpu}, or drop it`);
  }
  const limits: Record<string, k8s.Quantity> = { memory: k8s.Quantity.fromString(memoryLimit) };
  if (v.cpuLimit !== undefined) limits.cpu = k8s.Quantity.fromString(v.cpuLimit);
  return {
    requests: { cpu: k8s.Quantity.fromString(v.cpu), memory: k8s.Quantity.fromString(v.memory) },
    limits,
  };
}
