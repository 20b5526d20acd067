// Whether a label selector selects a set of labels (metav1.LabelSelector semantics), for the API rules.
// Not ../label-selector.ts (the wiring, lint and graph matcher) on purpose: on mistyped input (a number
// or a map where a string belongs) the two answer differently, and the API rules' findings on such
// input are pinned by a differential check against the fuzzer's cases (delegating changed 2 of 15,528).
import { arr, obj, Obj, str } from './context';

/** True when `selector` selects a pod with `labels` (metav1.LabelSelector semantics). */
export function selectorMatches(selector: Obj, labels: Record<string, unknown>): boolean {
  const ml = obj(selector.matchLabels) ?? {};
  for (const k in ml) if (labels[k] !== ml[k]) return false;
  const expressions = arr(selector.matchExpressions);
  for (let idx = 0; idx < expressions.length; idx++) {
    const e = expressions[idx];
    const ex = obj(e);
    if (!ex) continue;
    const key = str(ex.key) ?? '';
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const values = arr(ex.values);
    switch (ex.operator) {
      case 'In': if (!has || !values.includes(labels[key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

export function selectorIsEmpty(sel: Obj): boolean {
  return Object.keys(obj(sel.matchLabels) ?? {}).length === 0 && arr(sel.matchExpressions).length === 0;
}
