/**
 * The one label-selector matcher of the validator: `matchLabels` and `matchExpressions`
 * (In, NotIn, Exists, DoesNotExist) of a Kubernetes LabelSelector, or the plain label map of a
 * Service's (or ReplicationController's) selector, against the labels of pods or objects, plus the
 * labels a controller adds to the pods it creates (src/validate/cluster-facts.ts `controllerLabels`).
 *
 * Untyped input is judged, never coerced: a selector value or a label value that is not a string
 * (a number, a map, a list: the schema layer reports those) never matches, and a label whose value
 * is not a string counts as absent. A malformed selector (not a map, `matchLabels` not a map,
 * `matchExpressions` not a list, an expression that is not a map or has no string key, an unknown
 * operator) selects nothing.
 *
 * Empty selectors: `labelSelectorMatches` and `labelMapMatches` answer the Kubernetes semantics of
 * a LabelSelector, where an empty selector (`{}`, no requirement) selects everything. Callers for
 * which an empty selector means something else say so before calling (`isEmptySelector`): a
 * Service without a selector has no managed endpoints (the wiring checks skip it), a PDB's empty
 * selector is reported by the API rules, the object graph draws no edge for one.
 */
import { isObj, type Obj } from './untyped';

/** A label the pods carry although their template does not: which values it may take. */
export interface ImpliedLabel {
  test(value: string): boolean;
  /** The one value, when it is known. */
  readonly exact?: string;
}
/** Labels added by a controller: key -> the values it may take (they replace the template's). A Map will do. */
export interface ImpliedLabels {
  get(key: string): ImpliedLabel | undefined;
  readonly size: number;
}
export const NO_IMPLIED: ImpliedLabels = new Map();

/** Labels to match: a metadata.labels map as written (non-string values count as absent). */
export type Labels = Readonly<Record<string, unknown>>;

const hasOwn = Object.prototype.hasOwnProperty;

/** The string value of label `key`, or undefined when absent or not a string. */
function labelValue(labels: Labels, key: string): string | undefined {
  if (!hasOwn.call(labels, key)) return undefined;
  const v = labels[key];
  return typeof v === 'string' ? v : undefined;
}

/** Every pair of a matchLabels-style map holds (an empty map holds; a non-map does not). */
function pairsHold(map: unknown, labels: Labels, implied: ImpliedLabels): boolean {
  if (!isObj(map)) return false;
  for (const k in map) {
    const v = map[k];
    if (typeof v !== 'string') return false;
    const imp = implied.size === 0 ? undefined : implied.get(k);
    if (imp ? !imp.test(v) : labelValue(labels, k) !== v) return false;
  }
  return true;
}

/** Whether any string of `values` passes `test` (non-strings are skipped; a non-list has none). */
function anyValue(values: unknown, test: (v: string) => boolean): boolean {
  if (!Array.isArray(values)) return false;
  for (const v of values) if (typeof v === 'string' && test(v)) return true;
  return false;
}

function expressionHolds(e: unknown, labels: Labels, implied: ImpliedLabels): boolean {
  if (!isObj(e) || typeof e.key !== 'string') return false;
  const key = e.key;
  const imp = implied.size === 0 ? undefined : implied.get(key);
  // An implied label is on every pod; its value is known only when `exact` is.
  const value = imp ? imp.exact : labelValue(labels, key);
  const has = imp !== undefined || value !== undefined;
  switch (e.operator) {
    case 'In':
      // an implied label of unknown value may take any value its test accepts
      return has && anyValue(e.values, value !== undefined ? (x) => x === value : (x) => imp!.test(x));
    case 'NotIn':
      return !(value !== undefined && anyValue(e.values, (x) => x === value));
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false;
  }
}

/**
 * Whether a LabelSelector (`{matchLabels, matchExpressions}`) selects `labels` (plus the
 * controller's `implied` labels, which take precedence over the template's). An empty selector
 * selects everything; a non-map selector (absent, null) selects nothing.
 */
export function labelSelectorMatches(selector: unknown, labels: Labels, implied: ImpliedLabels = NO_IMPLIED): boolean {
  if (!isObj(selector)) return false;
  const ml = selector.matchLabels;
  if (ml !== undefined && ml !== null && !pairsHold(ml, labels, implied)) return false;
  const me = selector.matchExpressions;
  if (me === undefined || me === null) return true;
  if (!Array.isArray(me)) return false;
  for (const e of me) if (!expressionHolds(e, labels, implied)) return false;
  return true;
}

/**
 * Whether a plain label map (a Service's spec.selector) selects `labels`: every pair is among
 * them. An empty map selects everything (a Service without a selector is the caller's case).
 */
export function labelMapMatches(map: unknown, labels: Labels, implied: ImpliedLabels = NO_IMPLIED): boolean {
  return pairsHold(map, labels, implied);
}

/** Whether a LabelSelector map has no requirement at all (no matchLabels pair, no expression). */
export function isEmptySelector(selector: Obj): boolean {
  const ml = selector.matchLabels;
  if (isObj(ml) && Object.keys(ml).length > 0) return false;
  const me = selector.matchExpressions;
  return !Array.isArray(me) || me.length === 0;
}
