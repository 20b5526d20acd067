/**
 * Env vars naming another adopted construct's Service become connections (issue 17): a literal
 * `DB_HOST=db`, `DATABASE_URL=postgres://db:5432/app` or `API_ADDR=api.shop.svc:80` in an adopted
 * workload, where `db` / `api` is the Service of an adopted StatefulDb, WebService or DaemonAgent,
 * becomes `connections: [{ to: db, env: { DATABASE_URL: 'postgres://{host}:{port}/app' } }]` (or
 * plain `db` / `{ to: db, envPrefix }` when the vars are exactly `<prefix>_HOST` and `_PORT`).
 * The env var's name and value stay as they are; the backend is passed by object, so the edge is
 * wired (derived NetworkPolicies, the synth checks). Each connection is verified like the
 * construct itself: rendered beside its backend, the client must still write the input exactly,
 * with no more asDeployed fields than before; otherwise the env var stays a literal.
 */
import { isRecord } from '../diff/secrets';
import { envPrefixOf } from '../constructs/connections';
import { HOST_ENV, hostOf } from '../validate/wiring/connection-hosts';
import { objectKeyOf, Recognized, reverify } from './recognize';
import { ConstructRef, constructKey, constructRef, isConstructRef } from './refs';

type Obj = Record<string, any>;

/** The constructs clients connect to through their Service. */
const BACKEND_CONSTRUCTS = new Set(['StatefulDb', 'WebService', 'DaemonAgent']);

/** An adopted construct's Service, which env values may name. */
export interface Backend {
  readonly r: Recognized;
  readonly service: string;
  readonly namespace: string;
  /** The Service's first port (what `{port}` becomes). */
  readonly port: number | undefined;
}

function backendsOf(recognized: readonly Recognized[], objects: readonly Obj[]): Backend[] {
  const byKey = new Map(objects.map((o) => [objectKeyOf(o), o]));
  const out: Backend[] = [];
  for (const r of recognized) {
    if (!BACKEND_CONSTRUCTS.has(r.construct)) continue;
    for (const k of r.consumes) {
      const o = byKey.get(k);
      if (o?.kind !== 'Service' || o.apiVersion !== 'v1' || o.spec?.type === 'ExternalName') continue;
      const port = o.spec?.ports?.[0]?.port;
      out.push({ r, service: o.metadata.name, namespace: o.metadata.namespace ?? 'default', port: typeof port === 'number' ? port : undefined });
    }
  }
  return out;
}

/**
 * `value` with the backend's Service as `{host}` (`{host}.{namespace}[.svc[.cluster.local]]` for the
 * qualified forms) and its port as `{port}`; undefined when the value does not name that Service
 * (another host, a bare name from another namespace, another port, braces of its own).
 */
export function connectionTemplate(value: string, clientNamespace: string, b: Backend): string | undefined {
  if (value !== value.trim() || /[{}]/.test(value)) return undefined;
  const host = hostOf(value);
  if (host === undefined) return undefined;
  const [name, ns, ...rest] = host.split('.');
  if (name !== b.service) return undefined;
  let hostTemplate = '{host}';
  if (ns === undefined) {
    if (b.namespace !== clientNamespace) return undefined; // a bare name resolves in the client's namespace only
  } else {
    const suffix = rest.join('.');
    if (ns !== b.namespace || !['', 'svc', 'svc.cluster.local'].includes(suffix)) return undefined;
    hostTemplate = `{host}.{namespace}${suffix ? `.${suffix}` : ''}`;
  }
  const authority = value.includes('://') ? value.indexOf('://') + 3 : 0;
  const end = value.slice(authority).search(/[/?#]/);
  const at = value.lastIndexOf('@', end < 0 ? value.length : authority + end);
  const start = Math.max(authority, at + 1);
  if (!value.startsWith(host, start)) return undefined;
  let after = value.slice(start + host.length);
  const port = /^:(\d+)/.exec(after);
  if (port) {
    if (Number(port[1]) !== b.port) return undefined;
    after = `:{port}${after.slice(port[0].length)}`;
  }
  return `${value.slice(0, start)}${hostTemplate}${after}`;
}

/** The client's literal env vars that name `b`, as templates (with `<P>_PORT` beside a `<P>_HOST`). */
function templatesFor(env: Readonly<Record<string, unknown>>, clientNamespace: string, b: Backend): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (typeof value !== 'string' || !HOST_ENV.test(name)) continue;
    const t = connectionTemplate(value, clientNamespace, b);
    if (t !== undefined) out[name] = t;
  }
  for (const name of Object.keys(out)) {
    const prefix = /^(.+)_HOST$/.exec(name)?.[1];
    if (prefix !== undefined && !out[name].includes('{port}') && b.port !== undefined && env[`${prefix}_PORT`] === String(b.port)) out[`${prefix}_PORT`] = '{port}';
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The connection entries to try, plainest first: `db`, `{ to: db, envPrefix }`, then `{ to: db, env }`. */
function forms(ref: ConstructRef, templates: Record<string, string>, backendName: string): unknown[] {
  const keys = Object.keys(templates).sort();
  const prefix = /^(.+)_HOST$/.exec(keys[0])?.[1];
  const plain = keys.length === 2 && prefix !== undefined && keys[1] === `${prefix}_PORT` && templates[keys[0]] === '{host}' && templates[keys[1]] === '{port}';
  const out: unknown[] = [];
  if (plain) out.push(prefix === envPrefixOf(backendName) ? ref : { to: ref, envPrefix: prefix });
  out.push({ to: ref, env: templates });
  return out;
}

/** Props with the connection `form` in place of the env vars it writes (connections right after env). */
function withConnection(props: Record<string, unknown>, converted: readonly string[], form: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const add = () => { out.connections = [...((props.connections as unknown[]) ?? []), form]; };
  for (const [k, v] of Object.entries(props)) {
    if (k === 'asDeployed' || k === 'suppressions' || k === 'connections') continue; // derived again
    if (k !== 'env') {
      out[k] = v;
      continue;
    }
    const rest = Object.fromEntries(Object.entries(v as Obj).filter(([name]) => !converted.includes(name)));
    if (Object.keys(rest).length > 0) out.env = rest;
    add();
  }
  if (out.connections === undefined) add();
  return out;
}

const RESERVED = new Set(('break case catch class const continue debugger default delete do else enum export extends false finally for function if import in '
  + 'instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package private protected '
  + 'public await app chart k8s undefined').split(' '));

/** Variable names for backends, unique, never a reserved word or a name the program already uses. */
function namer(): (r: Recognized) => string {
  const byKey = new Map<string, string>();
  const used = new Set<string>();
  return (r) => {
    const key = constructKey(r);
    const known = byKey.get(key);
    if (known !== undefined) return known;
    let v = r.id.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^[0-9]/, '_$&') || 'backend';
    if (RESERVED.has(v)) v = `${v}${r.construct}`;
    for (let i = 2, base = v; used.has(v); i++) v = `${base}${i}`;
    used.add(v);
    byKey.set(key, v);
    return v;
  };
}

/** Backends the connections of `props` refer to. */
function referenced(props: Record<string, unknown>, original: ReadonlyMap<string, Recognized>): Recognized[] {
  const refs = ((props.connections as unknown[]) ?? []).map((c) => (isConstructRef(c) ? c : (c as { to?: unknown }).to)).filter(isConstructRef);
  return [...new Set(refs.map((x) => x.key))].map((k) => original.get(k)).filter((x): x is Recognized => x !== undefined);
}

/**
 * The recognized constructs with their env vars that name another one's Service expressed as
 * connections, where that reproduces the input exactly; backends get the variable they are bound to.
 */
export function connectAdopted(recognized: readonly Recognized[], objects: readonly Obj[]): Recognized[] {
  const backends = backendsOf(recognized, objects);
  if (backends.length === 0) return [...recognized];
  const original = new Map(recognized.map((r) => [constructKey(r), r]));
  const varOf = namer();
  const bound = new Set<string>();
  const out = recognized.map((r) => {
    let current = r;
    for (const b of backends) {
      const env = current.props.env;
      if (!isRecord(env) || constructKey(b.r) === constructKey(r)) continue;
      const templates = templatesFor(env, r.chart.namespace ?? 'default', b);
      if (templates === undefined) continue;
      const ref = constructRef(b.r, varOf(b.r));
      for (const form of forms(ref, templates, b.r.id)) {
        const props = withConnection(current.props, Object.keys(templates), form);
        const again = reverify(current, props, objects, referenced(props, original));
        if (typeof again !== 'string' && again.asDeployedFields <= current.asDeployedFields) {
          current = again;
          bound.add(ref.key);
          break;
        }
      }
    }
    return current;
  });
  return out.map((r) => (bound.has(constructKey(r)) ? { ...r, varName: varOf(r) } : r));
}
