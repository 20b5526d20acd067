/**
 * Safe reading of untyped parsed YAML, shared by the API-server rules, the wiring checks and the
 * policy lint: each accessor returns the value when it has the expected shape, else a neutral
 * default, so malformed input never throws. Pure; no I/O.
 */

export type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function obj(v: unknown): Obj | undefined {
  return isObj(v) ? v : undefined;
}
/** What arr() gives for a missing or non-list field: one shared, frozen empty list (no allocation per call). */
const NO_ITEMS: unknown[] = Object.freeze([]) as unknown as unknown[];
export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : NO_ITEMS;
}
export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}
/**
 * The string items of a list (RBAC verbs, capabilities): other items are left out, never coerced
 * (`String({toString: 1})` throws; the schema layer reports the wrong type).
 */
export function strs(v: unknown): string[] {
  const out: string[] = [];
  for (const x of arr(v)) if (typeof x === 'string') out.push(x);
  return out;
}
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/**
 * `table[key]` when `key` is the table's own entry: a value from a manifest ('constructor',
 * 'toString') never finds an Object.prototype member.
 */
export function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/**
 * A value as a message shows it: JSON for strings, numbers and collections, '(absent)' for a
 * missing value, YAML's .inf / .nan for numbers JSON cannot write (never 'undefined' or 'NaN').
 */
export function show(v: unknown): string {
  if (v === undefined) return '(absent)';
  if (typeof v === 'number' && !Number.isFinite(v)) return Number.isNaN(v) ? '.nan' : v > 0 ? '.inf' : '-.inf';
  try {
    return JSON.stringify(v) ?? typeof v;
  } catch {
    return `a ${typeof v}`; // (YAML gives no value JSON cannot write; kept total all the same)
  }
}

/** apiVersion/kind/namespace/name of an object, as findings carry them (generateName stands in for a name). */
export interface ObjectRef { apiVersion?: string; kind?: string; namespace?: string; name?: string }

export function objectRef(o: Obj): ObjectRef {
  const md = obj(o.metadata);
  const ref: ObjectRef = {};
  if (typeof o.apiVersion === 'string') ref.apiVersion = o.apiVersion;
  if (typeof o.kind === 'string') ref.kind = o.kind;
  if (md && typeof md.namespace === 'string') ref.namespace = md.namespace;
  if (md && typeof md.name === 'string') ref.name = md.name;
  else if (md && typeof md.generateName === 'string') ref.name = md.generateName;
  return ref;
}
