// Scaling: PodDisruptionBudget and HorizontalPodAutoscaler (autoscaling/v1 and v2).
import { arr, Ctx, isObj, obj, Obj, q, specRule, str, type RuleTable } from './context';
import { checkIntOrPercent, checkQuantityField, enumCheck } from './common';
import { checkLabelSelector } from './labels';

function checkPdb(ctx: Ctx, spec: Obj): void {
  const hasMin = spec.minAvailable !== undefined && spec.minAvailable !== null;
  const hasMax = spec.maxUnavailable !== undefined && spec.maxUnavailable !== null;
  if (hasMin && hasMax) {
    ctx.error('pdb', 'spec', 'Invalid value: minAvailable and maxUnavailable cannot be both set', 'keep either minAvailable or maxUnavailable');
  }
  checkIntOrPercent(ctx, 'pdb', 'spec.minAvailable', spec.minAvailable, true);
  checkIntOrPercent(ctx, 'pdb', 'spec.maxUnavailable', spec.maxUnavailable, true);
  const sel = obj(spec.selector);
  if (sel) checkLabelSelector(ctx, 'spec.selector', sel);
  enumCheck(ctx, 'pdb', 'spec.unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy, ['IfHealthyBudget', 'AlwaysAllow']);
}

const HPA_METRIC_TYPES: Record<string, string> = {
  Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external',
};

/** Replica bounds, the scale target and (autoscaling/v1) the CPU target. */
function checkHpaSpec(ctx: Ctx, spec: Obj, _kind: string, apiVersion: string): void {
  const min = spec.minReplicas;
  const max = spec.maxReplicas;
  if (typeof min === 'number' && min < 1) {
    ctx.error('hpa', 'spec.minReplicas', `Invalid value: ${min}: must be greater than or equal to 1`,
      'use minReplicas >= 1 (scale-to-zero needs the HPAScaleToZero alpha feature)');
  }
  if (typeof max === 'number' && max < 1) ctx.error('hpa', 'spec.maxReplicas', `Invalid value: ${max}: must be greater than 0`);
  if (typeof max === 'number' && max < (typeof min === 'number' ? min : 1)) {
    ctx.error('hpa', 'spec.maxReplicas', `Invalid value: ${max}: must be greater than or equal to \`minReplicas\``,
      `raise maxReplicas to at least ${typeof min === 'number' ? min : 1}`);
  }
  const ref = obj(spec.scaleTargetRef);
  if (ref) {
    if (!str(ref.kind)) ctx.error('hpa', 'spec.scaleTargetRef.kind', 'Required value', 'e.g. Deployment');
    if (!str(ref.name)) ctx.error('hpa', 'spec.scaleTargetRef.name', 'Required value', 'name the workload to scale');
  }
  if (apiVersion === 'autoscaling/v1') {
    const t = spec.targetCPUUtilizationPercentage;
    if (typeof t === 'number' && t < 1) {
      ctx.error('hpa', 'spec.targetCPUUtilizationPercentage', `Invalid value: ${t}: must be greater than or equal to 1`);
    }
  }
}

function checkHpaMetrics(ctx: Ctx, spec: Obj): void {
  arr(spec.metrics).forEach((m, i) => {
    const mo = obj(m);
    if (mo) checkMetric(ctx, `spec.metrics[${i}]`, mo);
  });
}

function checkMetric(ctx: Ctx, mp: string, mo: Obj): void {
  const type = str(mo.type);
  if (mo.type === undefined || mo.type === null) {
    ctx.error('hpa', `${mp}.type`, 'Required value: must specify a metric source type', 'set type: Resource, Pods, Object, External or ContainerResource');
    return;
  }
  if (!type || !Object.prototype.hasOwnProperty.call(HPA_METRIC_TYPES, type)) {
    ctx.error('hpa', `${mp}.type`, `Unsupported value: ${q(mo.type)}: supported values: "ContainerResource", "External", "Object", "Pods", "Resource"`);
    return;
  }
  const field = HPA_METRIC_TYPES[type];
  if (!isObj(mo[field])) {
    ctx.error('hpa', `${mp}.${field}`, `Required value: must populate information for the given metric source`, `add ${field}: for type ${type}`);
  }
  for (const [t, f] of Object.entries(HPA_METRIC_TYPES)) {
    if (t !== type && isObj(mo[f])) {
      ctx.error('hpa', `${mp}.${f}`, `Forbidden: must populate the given metric source only`, `remove ${f} or change type`);
    }
  }
  const target = obj(obj(mo[field])?.target);
  if (target) checkMetricTarget(ctx, `${mp}.${field}.target`, target, type);
}

function checkMetricTarget(ctx: Ctx, tp: string, target: Obj, type: string): void {
  const tt = target.type;
  if (tt != null) enumCheck(ctx, 'hpa', `${tp}.type`, tt, ['Utilization', 'Value', 'AverageValue']);
  if (tt === 'Utilization' && target.averageUtilization === undefined) {
    ctx.error('hpa', `${tp}.averageUtilization`, 'Required value: must set either a target raw value or a target utilization');
  }
  if (tt === 'Value' && target.value === undefined) ctx.error('hpa', `${tp}.value`, 'Required value: must set either a target raw value or a target utilization');
  if (tt === 'AverageValue' && target.averageValue === undefined) {
    ctx.error('hpa', `${tp}.averageValue`, 'Required value: must set either a target raw value or a target utilization');
  }
  if (typeof target.averageUtilization === 'number' && target.averageUtilization <= 0) {
    ctx.error('hpa', `${tp}.averageUtilization`, `Invalid value: ${target.averageUtilization}: must be greater than 0`);
  }
  for (const f of ['value', 'averageValue']) {
    if (target[f] !== undefined) {
      const n = checkQuantityField(ctx, `${tp}.${f}`, target[f]);
      if (n !== undefined && n <= 0) ctx.error('hpa', `${tp}.${f}`, `Invalid value: ${q(target[f])}: must be positive`);
    }
  }
  if ((type === 'Resource' || type === 'ContainerResource') && tt === 'Value') {
    ctx.error('hpa', `${tp}.type`, 'Invalid value: "Value": must be either Utilization or AverageValue', 'use averageUtilization or averageValue');
  }
}

function checkHpaBehavior(ctx: Ctx, spec: Obj): void {
  const behavior = obj(spec.behavior);
  if (!behavior) return;
  for (const dir of ['scaleUp', 'scaleDown']) {
    const r = obj(behavior[dir]);
    if (!r) continue;
    const rp = `spec.behavior.${dir}`;
    if (typeof r.stabilizationWindowSeconds === 'number' && (r.stabilizationWindowSeconds < 0 || r.stabilizationWindowSeconds > 3600)) {
      ctx.error('hpa', `${rp}.stabilizationWindowSeconds`, `Invalid value: ${r.stabilizationWindowSeconds}: must be less than or equal to 3600`);
    }
    if (r.selectPolicy != null) enumCheck(ctx, 'hpa', `${rp}.selectPolicy`, r.selectPolicy, ['Max', 'Min', 'Disabled']);
    arr(r.policies).forEach((p, i) => {
      const po = obj(p);
      if (!po) return;
      if (po.type != null) enumCheck(ctx, 'hpa', `${rp}.policies[${i}].type`, po.type, ['Pods', 'Percent']);
      if (typeof po.value === 'number' && po.value <= 0) ctx.error('hpa', `${rp}.policies[${i}].value`, `Invalid value: ${po.value}: must be greater than zero`);
      if (typeof po.periodSeconds === 'number' && (po.periodSeconds <= 0 || po.periodSeconds > 1800)) {
        ctx.error('hpa', `${rp}.policies[${i}].periodSeconds`, `Invalid value: ${po.periodSeconds}: must be greater than zero and less than or equal to 1800`);
      }
    });
  }
}

const HPA_V2 = ['autoscaling/v2'];

export const SCALING_RULES: RuleTable = {
  PodDisruptionBudget: [specRule('pdb/spec', ['policy/v1'], checkPdb)],
  HorizontalPodAutoscaler: [
    specRule('hpa/spec', ['autoscaling/v2', 'autoscaling/v1'], checkHpaSpec),
    specRule('hpa/metrics', HPA_V2, checkHpaMetrics),
    specRule('hpa/behavior', HPA_V2, checkHpaBehavior),
  ],
};
