/**
 * Values in adopted props that the generator prints as calls or references (`Security.asIs({...})`,
 * `EnvFrom.configMap(webConfig)`, `webConfig.key('LOG_LEVEL')`) rather than literals, and that the
 * recognizer evaluates into the constructs' own objects when it renders a candidate.
 */
import { isRecord } from '../diff/secrets';

/** The reason written with every choice that keeps the input's own setting. */
export const ADOPTED_AS_IS = 'adopted as is';

/** Calls whose first argument is an adopted ConfigMap (its object key; a variable in the program). */
export const CONFIG_MAP_CALLS = ['ConfigMap.key', 'EnvFrom.configMap', 'Mount.configMap'] as const;

export type Call = 'Security.asIs' | 'Security.restricted' | 'Security.relaxed' | 'AsDeployed.fields' | 'SecretSource.existing' | 'EnvFrom.secret'
  | 'Probe.http' | 'Probe.tcp' | 'Probe.grpc' | 'Probe.exec' | 'Duration.seconds' | typeof CONFIG_MAP_CALLS[number];

/**
 * A prop value printed as a call. `key`: the key of `.key(...)` (SecretSource.existing, ConfigMap.key)
 * or the mount path (Mount.configMap); `options`: a last options argument when not empty.
 */
export type Code = { readonly call: Call; readonly arg: unknown; readonly key?: string; readonly options?: Record<string, unknown> };

const CODE = Symbol('adopt-code');
const IDENT = Symbol('adopt-ident');

/** Marks a value the generator prints as a call. */
export function code(call: Call, arg: unknown, key?: string, options?: Record<string, unknown>): Code {
  return Object.assign({ call, arg, ...(key !== undefined ? { key } : {}), ...(options && Object.keys(options).length > 0 ? { options } : {}) }, { [CODE]: true });
}
export function isCode(v: unknown): v is Code { return isRecord(v) && (v as { [CODE]?: boolean })[CODE] === true; }

/** A variable of the program (printed bare). */
export type Ident = { readonly ident: string };
export function ident(name: string): Ident { return Object.assign({ ident: name }, { [IDENT]: true }); }
export function isIdent(v: unknown): v is Ident { return isRecord(v) && (v as { [IDENT]?: boolean })[IDENT] === true; }

/** Marks a field asDeployed removes (printed as `undefined`). */
export const UNSET = Object.freeze({ $unset: true });
export function isUnset(v: unknown): boolean { return isRecord(v) && v.$unset === true && Object.keys(v).length === 1; }

/** Maps every Code in `v` through `f` (props are plain JSON plus Codes). */
export function mapCodes(v: unknown, f: (c: Code) => unknown): unknown {
  if (isCode(v)) return f(v);
  if (Array.isArray(v)) return v.map((x) => mapCodes(x, f));
  // Marked values (identifiers, references to other constructs) are kept as they are.
  if (isRecord(v) && Object.getOwnPropertySymbols(v).length === 0 && !isUnset(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mapCodes(x, f)]));
  return v;
}

/** Every Code in `v`. */
export function codesIn(v: unknown): Code[] {
  const out: Code[] = [];
  mapCodes(v, (c) => { out.push(c); mapCodes(c.arg, (d) => { out.push(d); return d; }); return c; });
  return out;
}
