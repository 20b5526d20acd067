/**
 * How the generated L1 classes (imports/*.ts) render an object: lossless, or an error.
 *
 * cdk8s-cli's generated `toJson()` applies the object's JSON patches first and then runs the
 * typed serializer (`toJson_KubeDeploymentProps`) over the result, which keeps only the fields the
 * class knows and reads `.value` of every Quantity / IntOrString position: a patched unknown field
 * (an init container's `restartPolicy` on old types) vanishes and a patched plain `'250m'` where a
 * Quantity is expected becomes `null`. scripts/import.js points every generated `toJson()` here
 * instead, which changes two things for every App and Chart, plain cdk8s or helmless, under
 * `helmless synth` and `cdk8s synth` alike:
 *
 * 1. the typed serializer runs on the props, then the patches apply to its output: a JSON patch
 *    reaches the YAML exactly as written (paths are the YAML's field names);
 * 2. a raw field the typed serializer would drop or write as null (an `as any` prop unknown to the
 *    class, a plain string where a Quantity is expected) is an error naming the construct path,
 *    the field path and the fix, instead of a silent loss.
 */
import { ApiObject, GroupVersionKind, JsonPatch } from 'cdk8s';
import { HelmlessPropError } from './constructs/errors';

/** A generated typed serializer (`toJson_KubeDeploymentProps`). */
export type TypedSerializer = (props: never) => Record<string, unknown> | undefined;

/** What {@link typedToJson} found the typed serializer would lose. */
export interface L1Loss {
  /** JSON path of the field, `spec.template.spec.containers[0].resources.requests.cpu`. */
  readonly path: string;
  readonly value: unknown;
  /** dropped: the class has no such field; nulled: the field expects a typed value (Quantity, IntOrString). */
  readonly kind: 'dropped' | 'nulled';
}

interface PatchOperation {
  readonly op: string;
  readonly path: string;
  readonly from?: string;
  readonly value?: unknown;
}

/** Renders `obj` through its typed serializer, then applies its JSON patches; throws on a loss. */
export function typedToJson(obj: ApiObject, gvk: GroupVersionKind, serialize: TypedSerializer): Record<string, unknown> {
  // The patch list is private to ApiObject: hold the patches back while the props are resolved.
  const patches = (obj as unknown as { patches: JsonPatch[] }).patches;
  const held = patches.splice(0, patches.length);
  let resolved: Record<string, unknown>;
  try {
    resolved = ApiObject.prototype.toJson.call(obj) as Record<string, unknown>;
  } finally {
    patches.push(...held);
  }
  const typed: Record<string, unknown> = { ...gvk, ...serialize(resolved as never) };
  const losses = findLosses(resolved, typed);
  if (losses.length > 0) throw lossError(obj, losses.map((l) => classify(l, resolved, serialize)));
  if (held.length === 0) return typed;
  const patched = JsonPatch.apply(typed, ...held.map(plainPatch)) as Record<string, unknown>;
  // As cdk8s orders them: apiVersion, kind and metadata first.
  const out: Record<string, unknown> = {};
  for (const k of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) if (k in patched) out[k] = patched[k];
  return out;
}

/** Every field of the resolved props that the typed output drops or turns into null/undefined. */
export function findLosses(resolved: unknown, typed: unknown, path = ''): L1Loss[] {
  const out: L1Loss[] = [];
  walk(resolved, typed, path, out);
  return out;
}

function walk(resolved: unknown, typed: unknown, path: string, out: L1Loss[]): void {
  if (resolved === undefined || resolved === null) return;
  if (typed === undefined || typed === null) {
    out.push({ path, value: resolved, kind: 'nulled' });
    return;
  }
  if (Array.isArray(resolved)) {
    if (!Array.isArray(typed)) return;
    resolved.forEach((v, i) => walk(v, typed[i], `${path}[${i}]`, out));
    return;
  }
  if (typeof resolved !== 'object') return;
  const r = resolved as Record<string, unknown>;
  // A resolved Quantity / IntOrString ({ value }) that the serializer unwrapped.
  if (typeof typed !== 'object') return;
  const t = typed as Record<string, unknown>;
  let normalized: Map<string, string> | undefined;
  for (const key of Object.keys(r)) {
    if (r[key] === undefined || r[key] === null) continue;
    let tk: string | undefined = key;
    if (!(key in t)) {
      // Props whose YAML name is no identifier: xKubernetesPreserveUnknownFields, ref ($ref).
      normalized ??= new Map(Object.keys(t).map((k) => [normalize(k), k]));
      tk = normalized.get(normalize(key));
    }
    const p = path ? `${path}.${key}` : key;
    if (tk === undefined) out.push({ path: p, value: r[key], kind: 'dropped' });
    else walk(r[key], t[tk], p, out);
  }
}

/**
 * A generated serializer removes a typed-value field it read as undefined (`port: 8080` where an
 * IntOrString is expected), which looks like an unknown field: ask it again with the value wrapped
 * as the typed class would wrap it, and call the loss 'nulled' when the value then comes through.
 */
function classify(loss: L1Loss, resolved: Record<string, unknown>, serialize: TypedSerializer): L1Loss {
  if (loss.kind !== 'dropped' || (typeof loss.value !== 'string' && typeof loss.value !== 'number')) return loss;
  const steps = loss.path.replace(/\[(\d+)\]/g, '.$1').split('.');
  const probe = structuredClone(resolved);
  let node = probe as Record<string, unknown>;
  for (const step of steps.slice(0, -1)) node = node[step] as Record<string, unknown>;
  node[steps[steps.length - 1]] = { value: loss.value };
  let out: unknown = serialize(probe as never);
  for (const step of steps) out = out === undefined || out === null ? undefined : (out as Record<string, unknown>)[step];
  return out === loss.value ? { ...loss, kind: 'nulled' } : loss;
}

function normalize(key: string): string {
  return key.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
}

/** Fields typed as IntOrString in the Kubernetes API (everything else with `.value` is a Quantity). */
const INT_OR_STRING_FIELDS = new Set(['port', 'targetPort', 'maxSurge', 'maxUnavailable', 'minAvailable']);

function lossError(obj: ApiObject, losses: readonly L1Loss[]): HelmlessPropError {
  const [first] = losses;
  const cls = obj.constructor.name;
  const more = losses.length > 1 ? ` (and ${losses.length - 1} more: ${losses.slice(1, 4).map((l) => l.path).join(', ')}${losses.length > 4 ? ', ...' : ''})` : '';
  const patch = `addJsonPatch(JsonPatch.add('${pointer(first.path)}', ${literal(first.value)}))`;
  if (first.kind === 'dropped') {
    return new HelmlessPropError(obj.node.path, first.path, first.value,
      `the typed class ${cls} has no field '${lastKey(first.path)}' here, so it would drop it from the YAML${more}`,
      `correct the field name; for a field the class does not know, use ${patch}, which reaches the YAML as written`);
  }
  const key = lastKey(first.path);
  const type = INT_OR_STRING_FIELDS.has(key) ? 'IntOrString' : 'Quantity';
  const factory = typeof first.value === 'number' ? 'fromNumber' : 'fromString';
  return new HelmlessPropError(obj.node.path, first.path, first.value,
    `the typed class ${cls} expects a k8s.${type} here and would write null or leave the field out${more}`,
    `use k8s.${type}.${factory}(${literal(first.value)}), or ${patch}, which reaches the YAML as written`);
}

function lastKey(path: string): string {
  return /([^.[\]]+)(?:\[\d+\])*$/.exec(path)?.[1] ?? path;
}

/** 'spec.containers[0].resources' -> '/spec/containers/0/resources'. */
function pointer(path: string): string {
  return '/' + path.replace(/\[(\d+)\]/g, '.$1').split('.').map((s) => s.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');
}

function literal(v: unknown): string {
  return typeof v === 'string' ? `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(v) ?? String(v);
}

/**
 * The patch with typed values (k8s.Quantity, k8s.IntOrString) replaced by what they render to:
 * before, patches ran ahead of the typed serializer, which unwrapped them.
 */
function plainPatch(p: JsonPatch): JsonPatch {
  const op = (p as unknown as { _toJson(): PatchOperation })._toJson();
  if (!('value' in op) || !hasTypedValue(op.value)) return p;
  const value = unwrap(op.value);
  switch (op.op) {
    case 'add': return JsonPatch.add(op.path, value);
    case 'replace': return JsonPatch.replace(op.path, value);
    case 'test': return JsonPatch.test(op.path, value);
    default: return p;
  }
}

function isTypedValue(v: unknown): v is { value: string | number } {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v) as object | null;
  if (proto === Object.prototype || proto === null) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && keys[0] === 'value';
}

function hasTypedValue(v: unknown): boolean {
  if (isTypedValue(v)) return true;
  if (Array.isArray(v)) return v.some(hasTypedValue);
  if (v !== null && typeof v === 'object') return Object.values(v).some(hasTypedValue);
  return false;
}

function unwrap(v: unknown): unknown {
  if (isTypedValue(v)) return v.value;
  if (Array.isArray(v)) return v.map(unwrap);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrap(x)]));
  return v;
}
