// Label maps and label selectors (k8s.io/apimachinery metav1 validation).
import { arr, Ctx, join, obj, Obj, q, str } from './context';
import { labelKey, labelValue } from './syntax';

export function checkLabelSelector(ctx: Ctx, path: string, sel: unknown): void {
  const s = obj(sel);
  if (!s) return;
  const ml = obj(s.matchLabels);
  if (ml) checkLabels(ctx, 'selector', join(path, 'matchLabels'), ml);
  arr(s.matchExpressions).forEach((e, i) => {
    const ep = `${path}.matchExpressions[${i}]`;
    const ex = obj(e);
    if (!ex) return;
    const key = str(ex.key);
    if (key !== undefined) ctx.syntax('selector', `${ep}.key`, key, labelKey(key));
    const op = ex.operator;
    const values = arr(ex.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) {
        ctx.error('selector', `${ep}.values`, "Required value: must be specified when `operator` is 'In' or 'NotIn'", 'list at least one value');
      }
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) {
        ctx.error('selector', `${ep}.values`, "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'", 'remove values');
      }
    } else if (op !== undefined) {
      ctx.error('selector', `${ep}.operator`, `Invalid value: ${q(op)}: not a valid selector operator`,
        'use In, NotIn, Exists or DoesNotExist');
    }
    values.forEach((v, j) => {
      if (typeof v === 'string') ctx.syntax('selector', `${ep}.values[${j}]`, v, labelValue(v));
    });
  });
}

export function checkLabels(ctx: Ctx, rule: string, path: string, labels: Obj): void {
  const keys = Object.keys(labels);
  for (let idx = 0; idx < keys.length; idx++) {
    const k = keys[idx];
    const v = labels[k];
    const kErr = labelKey(k);
    if (kErr.length > 0) ctx.syntax(rule, path, k, kErr, 'label keys are [prefix/]name: a DNS subdomain prefix and a name of at most 63 alphanumerics, -, _ or .');
    if (typeof v === 'string') {
      const vErr = labelValue(v);
      if (vErr.length > 0) ctx.syntax(rule, `${path}[${q(k)}]`, v, vErr, 'label values are at most 63 alphanumerics, -, _ or ., starting and ending alphanumeric (or empty)');
    }
  }
}
