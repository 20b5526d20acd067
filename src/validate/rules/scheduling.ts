// Scheduling constraints of a pod: tolerations and node / pod (anti-)affinity.
import { arr, Ctx, obj, Obj, q, str } from './context';
import { enumCheck } from './common';
import { checkLabelSelector } from './labels';
import { labelKey, labelValue } from './syntax';

export function checkToleration(ctx: Ctx, path: string, t: Obj | undefined): void {
  if (!t) return;
  const key = str(t.key);
  if (key) ctx.syntax('pod', `${path}.key`, key, labelKey(key));
  const op = t.operator;
  if (!key && op !== 'Exists') {
    ctx.error('pod', `${path}.operator`, `Invalid value: ${q(op ?? '')}: operator must be Exists when \`key\` is empty, which means "match all values and all keys"`,
      'set operator: Exists or give a key');
  }
  if (op === 'Exists' && typeof t.value === 'string' && t.value !== '') {
    ctx.error('pod', `${path}.operator`, "Invalid value: \"Exists\": value must be empty when `operator` is 'Exists'", 'remove value');
  } else if (op !== undefined && op !== 'Exists' && op !== 'Equal') {
    ctx.error('pod', `${path}.operator`, `Unsupported value: ${q(op)}: supported values: "Equal", "Exists"`,
      op === 'Gt' || op === 'Lt' ? 'Gt/Lt need the alpha TaintTolerationComparisonOperators feature gate (1.35+), off by default; use Equal or Exists'
        : 'use Equal or Exists');
  }
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
    ctx.error('pod', `${path}.effect`, `Invalid value: ${q(t.effect ?? '')}: effect must be 'NoExecute' when \`tolerationSeconds\` is set`,
      'set effect: NoExecute or remove tolerationSeconds');
  }
  if (t.effect !== undefined && t.effect !== '') enumCheck(ctx, 'pod', `${path}.effect`, t.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
  if (typeof t.value === 'string' && t.value !== '') ctx.syntax('pod', `${path}.value`, t.value, labelValue(t.value));
}

const NODE_OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

function checkNodeSelectorTerm(ctx: Ctx, path: string, term: Obj): void {
  for (const field of ['matchExpressions', 'matchFields']) {
    arr(term[field]).forEach((r, i) => {
      const ro = obj(r);
      if (!ro) return;
      const rp = `${path}.${field}[${i}]`;
      const op = ro.operator;
      const values = arr(ro.values);
      if (op === undefined || op === null) {
        ctx.error('affinity', `${rp}.operator`, 'Required value: an operator is required', `use one of ${NODE_OPS.join(', ')}`);
      } else if (!NODE_OPS.includes(op as string)) {
        ctx.error('affinity', `${rp}.operator`, `Invalid value: ${q(op)}: not a valid selector operator`, `use one of ${NODE_OPS.join(', ')}`);
      } else if ((op === 'In' || op === 'NotIn') && values.length === 0) {
        ctx.error('affinity', `${rp}.values`, "Required value: must be specified when `operator` is 'In' or 'NotIn'");
      } else if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
        ctx.error('affinity', `${rp}.values`, "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
      } else if ((op === 'Gt' || op === 'Lt') && (values.length !== 1 || !/^-?[0-9]+$/.test(typeof values[0] === 'string' || typeof values[0] === 'number' ? `${values[0]}` : ''))) {
        ctx.error('affinity', `${rp}.values`, "Required value: must be specified single value when `operator` is 'Lt' or 'Gt'");
      }
      const key = str(ro.key);
      if (key && field === 'matchExpressions') ctx.syntax('affinity', `${rp}.key`, key, labelKey(key));
    });
  }
}

function checkPodAffinityTerm(ctx: Ctx, path: string, term: Obj): void {
  if (!str(term.topologyKey)) ctx.error('affinity', `${path}.topologyKey`, 'Required value: can not be empty', 'e.g. kubernetes.io/hostname');
  else ctx.syntax('affinity', `${path}.topologyKey`, term.topologyKey as string, labelKey(term.topologyKey as string));
  if (term.labelSelector) checkLabelSelector(ctx, `${path}.labelSelector`, term.labelSelector);
  if (term.namespaceSelector) checkLabelSelector(ctx, `${path}.namespaceSelector`, term.namespaceSelector);
}

export function checkAffinity(ctx: Ctx, path: string, a: Obj): void {
  const na = obj(a.nodeAffinity);
  if (na) {
    const req = obj(na.requiredDuringSchedulingIgnoredDuringExecution);
    if (req) {
      const terms = arr(req.nodeSelectorTerms);
      if (terms.length === 0) {
        ctx.error('affinity', `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`,
          'Required value: must have at least one node selector term');
      }
      terms.forEach((t, i) => {
        const to = obj(t);
        if (to) checkNodeSelectorTerm(ctx, `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`, to);
      });
    }
    arr(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
      const po = obj(p);
      if (!po) return;
      const pp = `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      if (typeof po.weight === 'number' && (po.weight < 1 || po.weight > 100)) {
        ctx.error('affinity', `${pp}.weight`, `Invalid value: ${po.weight}: must be in the range 1-100`);
      }
      const pref = obj(po.preference);
      if (pref) checkNodeSelectorTerm(ctx, `${pp}.preference`, pref);
    });
  }
  for (const k of ['podAffinity', 'podAntiAffinity']) {
    const pa = obj(a[k]);
    if (!pa) continue;
    arr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const to = obj(t);
      if (to) checkPodAffinityTerm(ctx, `${path}.${k}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, to);
    });
    arr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const to = obj(t);
      if (!to) return;
      const tp = `${path}.${k}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      if (typeof to.weight === 'number' && (to.weight < 1 || to.weight > 100)) {
        ctx.error('affinity', `${tp}.weight`, `Invalid value: ${to.weight}: must be in the range 1-100`);
      }
      const pat = obj(to.podAffinityTerm);
      if (pat) checkPodAffinityTerm(ctx, `${tp}.podAffinityTerm`, pat);
    });
  }
}
