/**
 * `helmless adopt`: Kubernetes manifests -> a TypeScript program that recreates them.
 * Every object becomes the typed L1 class of its apiVersion/kind (`k8s.KubeDeployment`, props in
 * the camelCase the class expects, `k8s.Quantity` / `k8s.IntOrString` where the schema wants them);
 * when no class exists (custom resources, removed API versions) or the typed class would drop or
 * mistype a field (a field outside the schema of the bundled L1 types), a plain cdk8s `ApiObject` carries the object
 * verbatim, and a comment says why. Conservative by design: an exact L1 beats a lossy construct.
 * Whatever the program will not reproduce (status, server-populated metadata, null fields) is
 * listed in `notes`, which the CLI prints at the top of the program and on stderr.
 */
import { K8S_IMPORT_VERSION } from '../../imports/k8s-version';
import { isRecord } from '../diff/secrets';
import { Field, FieldKind, l1Table, L1Table } from './l1-types';
import { CONFIG_MAP_CALLS, Code, ident, isCode, isIdent, isUnset, mapCodes, code as codeOf } from './code';
import { objectKeyOf, recognize, Recognized } from './recognize';
import { connectAdopted } from './connections';
import { backendsFirst, isConstructRef } from './refs';

export interface AdoptDocument {
  /** File the document came from, as the user named it. */
  readonly file: string;
  /** 0-based index of the document in the file. */
  readonly documentIndex: number;
  readonly object: unknown;
}

export interface AdoptedObject {
  readonly file: string;
  readonly documentIndex: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** Construct id in the generated program. */
  readonly id: string;
  /** 'k8s.KubeDeployment', 'ApiObject' when no typed class fits, or the construct ('WebService web'). */
  readonly via: string;
  /** Why a plain ApiObject was used, when it was. */
  readonly reason?: string;
}

export interface AdoptResult {
  readonly code: string;
  /** What the program will not reproduce exactly, one line each, naming file, document and path. */
  readonly notes: readonly string[];
  /** Things to fix before committing the program (literal secret values), one line each. */
  readonly warnings: readonly string[];
  readonly objects: readonly AdoptedObject[];
}

export interface AdoptOptions {
  /** Chart id (and output file name: `<chart>.k8s.yaml`). @default 'adopted' */
  readonly chart?: string;
  /** The command line to mention in the header. @default 'helmless adopt' */
  readonly commandLine?: string;
  /**
   * Use helmless constructs where one reproduces a group of objects (verified by rendering it).
   * @default true
   */
  readonly constructs?: boolean;
}

export class AdoptError extends Error {}

class Lossy extends Error {
  constructor(readonly path: string, readonly why: string) {
    super(`${path}: ${why}`);
  }
}

/** metadata fields the API server writes; a program must not (and cdk8s would refuse some). */
const SERVER_METADATA = ['creationTimestamp', 'uid', 'resourceVersion', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

// ---------------------------------------------------------------------------------------------
// TypeScript literal emission

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function str(s: string): string {
  return `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

function key(k: string): string {
  return IDENT.test(k) ? k : str(k);
}

function block(entries: string[], open: string, close: string, ind: string): string {
  if (entries.length === 0) return open + close;
  // Short, flat values on one line: `{ cpu: '250m', memory: '256Mi' }`.
  const pad = open === '{' ? ' ' : '';
  const oneLine = `${open}${pad}${entries.join(', ')}${pad}${close}`;
  if (entries.every((e) => !e.includes('\n')) && ind.length + oneLine.length <= 72) return oneLine;
  const inner = ind + '  ';
  return `${open}\n${entries.map((e) => `${inner}${e},`).join('\n')}\n${ind}${close}`;
}

/** A Code as the call it stands for (ConfigMap calls: after their key became the program's variable). */
function callLit(v: Code, ind: string): string {
  const opts = v.options ? `, ${lit(v.options, ind)}` : '';
  switch (v.call) {
    case 'EnvFrom.secret': return `EnvFrom.secret(SecretSource.existing(${lit(v.arg, ind)})${opts})`;
    case 'ConfigMap.key': return `${lit(v.arg, ind)}.key(${str(v.key!)})`;
    case 'Mount.configMap': return `Mount.configMap(${lit(v.arg, ind)}, ${str(v.key!)}${opts})`;
    case 'Probe.tcp':
    case 'Probe.grpc': return `${v.call}(${v.options ? lit(v.options, ind) : ''})`;
    case 'Duration.seconds': {
      const n = v.arg as number;
      return n > 0 && n % 3600 === 0 ? `Duration.hours(${n / 3600})` : n > 0 && n % 60 === 0 ? `Duration.minutes(${n / 60})` : `Duration.seconds(${n})`;
    }
    case 'Security.restricted': return `Security.restricted(${isRecord(v.arg) && Object.keys(v.arg).length > 0 ? lit(v.arg, ind) : ''})`;
    default: return `${v.call}(${v.arg === undefined ? '' : lit(v.arg, ind)}${opts})${v.key !== undefined ? `.key(${str(v.key)})` : ''}`;
  }
}

/** A plain JSON value as a TypeScript literal. */
export function lit(v: unknown, ind = ''): string {
  if (v === null) return 'null';
  if (isUnset(v)) return 'undefined';
  if (isIdent(v)) return v.ident;
  if (isConstructRef(v)) return v.varName;
  if (isCode(v)) return callLit(v, ind);
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== 'object' || x === null)) {
      const one = `[${v.map((x) => lit(x)).join(', ')}]`;
      if (one.length <= 80) return one;
    }
    return block(v.map((x) => lit(x, ind + '  ')), '[', ']', ind);
  }
  if (isRecord(v)) return block(Object.keys(v).map((k) => `${key(k)}: ${lit(v[k], ind + '  ')}`), '{', '}', ind);
  throw new AdoptError(`cannot represent ${typeof v} in TypeScript`);
}

// ---------------------------------------------------------------------------------------------
// Typed emission against the L1 table

function joinPath(p: string, k: string | number): string {
  if (typeof k === 'number') return `${p}[${k}]`;
  return IDENT.test(k) ? (p ? `${p}.${k}` : k) : `${p}[${JSON.stringify(k)}]`;
}

function checkPlain(v: unknown, tsType: string | undefined, path: string): void {
  if (tsType === undefined) return;
  const t = tsType.trim();
  const scalar = (x: unknown, s: string) => {
    if (s === 'string' && typeof x !== 'string') throw new Lossy(path, `expected a string, got ${JSON.stringify(x)}`);
    if (s === 'number' && typeof x !== 'number') throw new Lossy(path, `expected a number, got ${JSON.stringify(x)}`);
    if (s === 'boolean' && typeof x !== 'boolean') throw new Lossy(path, `expected a boolean, got ${JSON.stringify(x)}`);
  };
  if (t === 'string' || t === 'number' || t === 'boolean') return scalar(v, t);
  const arr = /^(string|number|boolean)\[\]$/.exec(t);
  if (arr) {
    if (!Array.isArray(v)) throw new Lossy(path, `expected a list, got ${JSON.stringify(v)}`);
    v.forEach((x) => scalar(x, arr[1]));
    return;
  }
  const map = /^\{ \[key: string\]: (string|number|boolean) \}$/.exec(t);
  if (map) {
    if (!isRecord(v)) throw new Lossy(path, `expected a mapping, got ${JSON.stringify(v)}`);
    Object.values(v).forEach((x) => scalar(x, map[1]));
  }
}

class Emitter {
  /** Interface prop types, for checking plain values (string vs number). */
  constructor(private readonly table: L1Table, private readonly tsTypes: (struct: string, prop: string) => string | undefined) {}

  struct(v: unknown, ref: string, path: string, ind: string): string {
    const fields = this.table.structs.get(ref);
    if (!fields) throw new Lossy(path, `no typed struct ${ref}`);
    if (!isRecord(v)) throw new Lossy(path, `expected a mapping, got ${JSON.stringify(v)}`);
    const entries: string[] = [];
    for (const k of Object.keys(v)) {
      const f = fields.get(k);
      if (!f) throw new Lossy(joinPath(path, k), `'${k}' is not a field of ${ref} in the Kubernetes ${K8S_IMPORT_VERSION} schema, so the typed class would drop it`);
      entries.push(`${f.prop}: ${this.field(v[k], f, ref, joinPath(path, k), ind + '  ')}`);
    }
    return block(entries, '{', '}', ind);
  }

  private field(v: unknown, f: Field, owner: string, path: string, ind: string): string {
    const t: FieldKind = f.type;
    switch (t.kind) {
      case 'struct':
        return this.struct(v, t.ref, path, ind);
      case 'structArray':
        if (!Array.isArray(v)) throw new Lossy(path, 'expected a list');
        return block(v.map((x, i) => this.struct(x, t.ref, joinPath(path, i), ind + '  ')), '[', ']', ind);
      case 'structMap':
        if (!isRecord(v)) throw new Lossy(path, 'expected a mapping');
        return block(Object.keys(v).map((k) => `${key(k)}: ${this.struct(v[k], t.ref, joinPath(path, k), ind + '  ')}`), '{', '}', ind);
      case 'quantity':
        return quantity(v, path);
      case 'intOrString':
        if (typeof v === 'number') return `k8s.IntOrString.fromNumber(${v})`;
        if (typeof v === 'string') return `k8s.IntOrString.fromString(${str(v)})`;
        throw new Lossy(path, `expected a number or a string, got ${JSON.stringify(v)}`);
      case 'quantityMap':
        if (!isRecord(v)) throw new Lossy(path, 'expected a mapping');
        return block(Object.keys(v).map((k) => `${key(k)}: ${quantity(v[k], joinPath(path, k))}`), '{', '}', ind);
      case 'date': {
        if (typeof v !== 'string' || Number.isNaN(Date.parse(v)) || new Date(v).toISOString() !== v) throw new Lossy(path, `timestamp ${JSON.stringify(v)} would not print back identically`);
        return `new Date(${str(v)})`;
      }
      default:
        checkPlain(v, this.tsTypes(owner, f.prop), path);
        return lit(v, ind);
    }
  }
}

function quantity(v: unknown, path: string): string {
  if (typeof v === 'number') return `k8s.Quantity.fromNumber(${v})`;
  if (typeof v === 'string') return `k8s.Quantity.fromString(${str(v)})`;
  throw new Lossy(path, `expected a quantity, got ${JSON.stringify(v)}`);
}

// ---------------------------------------------------------------------------------------------
// Normalisation: what a program does not write

function stripNulls(v: unknown, path: string, dropped: string[]): unknown {
  if (Array.isArray(v)) return v.map((x, i) => stripNulls(x, joinPath(path, i), dropped));
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null) {
      dropped.push(joinPath(path, k));
      continue;
    }
    out[k] = stripNulls(x, joinPath(path, k), dropped);
  }
  return out;
}

/**
 * The object as the program will write it: without status, server-populated metadata and null
 * fields (the API server treats null as unset). Each removal is one note.
 */
export function normalizeForAdoption(o: Record<string, unknown>, where: string, notes: string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...o };
  if ('status' in copy) {
    delete copy.status;
    notes.push(`${where}: dropped status (written by the cluster, not by a manifest)`);
  }
  if (isRecord(copy.metadata)) {
    const meta: Record<string, unknown> = { ...copy.metadata };
    for (const k of SERVER_METADATA) {
      if (k in meta) {
        delete meta[k];
        notes.push(`${where}: dropped metadata.${k} (set by the API server)`);
      }
    }
    copy.metadata = meta;
  }
  // Helm charts often write TypeMeta into claim templates; the API server sets it itself (and the
  // typed class has no such fields), so it goes, with a note, instead of the whole object going untyped.
  if (copy.kind === 'StatefulSet' && isRecord(copy.spec) && Array.isArray(copy.spec.volumeClaimTemplates)) {
    copy.spec = {
      ...copy.spec,
      volumeClaimTemplates: copy.spec.volumeClaimTemplates.map((t: unknown, i: number) => {
        if (!isRecord(t) || (t.apiVersion === undefined && t.kind === undefined)) return t;
        if ((t.apiVersion ?? 'v1') !== 'v1' || (t.kind ?? 'PersistentVolumeClaim') !== 'PersistentVolumeClaim') return t;
        const { apiVersion: _a, kind: _k, ...rest } = t;
        notes.push(`${where}: dropped spec.volumeClaimTemplates[${i}].apiVersion/kind (v1 PersistentVolumeClaim, set by the API server)`);
        return rest;
      }),
    };
  }
  const dropped: string[] = [];
  const out = stripNulls(copy, '', dropped) as Record<string, unknown>;
  for (const d of dropped) notes.push(`${where}: dropped ${d}: null (null means unset)`);
  return out;
}

// ---------------------------------------------------------------------------------------------

/** Names a variable may not take: the program's own, and JavaScript's reserved words (a namespace 'default'). */
const TAKEN = new Set(['app', 'chart', 'k8s', 'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in', 'instanceof', 'new', 'null', 'return',
  'super', 'switch', 'this', 'throw', 'true', 'try', 'typeof', 'var', 'void', 'while', 'with', 'yield', 'let', 'static', 'implements',
  'interface', 'package', 'private', 'protected', 'public', 'await', 'arguments', 'eval', 'undefined']);

/** A variable for a chart (`suffix` 'Chart') or a ConfigMap ('Config'), from its name. */
function chartVar(instance: string, used: Set<string>, suffix = 'Chart'): string {
  let v = instance.replace(/[^A-Za-z0-9]+(.)?/g, (_m, c: string | undefined) => (c ? c.toUpperCase() : '')).replace(/^[0-9]/, '_$&');
  if (!v || TAKEN.has(v)) v = `${v || 'c'}${suffix}`;
  for (let i = 2, b = v; used.has(v); i++) v = `${b}${i}`;
  used.add(v);
  return v;
}

/**
 * One HelmlessChart per (namespace, instance, partOf), then the constructs in it (ConfigMaps as
 * variables the workloads refer to); when constructs connect to others, the charts first and then
 * every construct after its backends.
 */
function renderConstructs(recognized0: readonly Recognized[], notes: string[]): string[] {
  const connected = recognized0.some((r) => r.varName !== undefined);
  const recognized = connected ? backendsFirst(recognized0) : recognized0;
  const vars = new Set<string>(recognized.flatMap((r) => (r.varName !== undefined ? [r.varName] : [])));
  const charts = new Map<string, { v: string; code: string[] }>();
  const sequence: string[] = [];
  const configMapVars = new Map<string, string>();
  // A ConfigMap's object key in a call -> its variable.
  const refs = (props: Record<string, unknown>) => mapCodes(props, (c) => ((CONFIG_MAP_CALLS as readonly string[]).includes(c.call)
    ? codeOf(c.call, ident(configMapVars.get(c.arg as string)!), c.key, c.options) : c));
  for (const r of recognized) {
    const key = JSON.stringify(r.chart);
    let c = charts.get(key);
    if (!c) {
      const v = chartVar(r.chart.instance, vars);
      const props = { ...(r.chart.namespace ? { namespace: r.chart.namespace } : {}), instance: r.chart.instance, partOf: r.chart.partOf };
      c = { v, code: [`const ${v} = new HelmlessChart(app, ${str(r.chart.instance)}, ${lit(props)});`] };
      charts.set(key, c);
    }
    let line: string;
    if (r.construct === 'ConfigMap') {
      const v = chartVar(r.id, vars, 'Config');
      configMapVars.set(r.consumes[0], v);
      line = `const ${v} = new ConfigMap(${c.v}, ${str(r.id)}, ${lit(r.props)});`;
    } else {
      const kept = r.asDeployedFields > 0 ? `// ${r.asDeployedFields} field${r.asDeployedFields === 1 ? '' : 's'} kept with asDeployed (no option expresses them yet).\n` : '';
      line = `${kept}${r.varName !== undefined ? `const ${r.varName} = ` : ''}new ${r.construct}(${c.v}, ${str(r.id)}, ${lit(refs(r.props))});`;
      for (const a of r.adds) notes.push(`${r.construct} ${r.id} adds (helmless metadata): ${a}`);
    }
    (connected ? sequence : c.code).push(line);
  }
  const blocks = [...charts.values()].map((c) => c.code.join('\n'));
  return connected ? [blocks.join('\n'), sequence.join('\n')] : blocks;
}

function constructId(kind: string, name: string, namespace: string | undefined, used: Set<string>): string {
  const base = `${kind.toLowerCase()}-${name}`;
  let id = base;
  if (used.has(id) && namespace) id = `${base}-${namespace}`;
  for (let i = 2; used.has(id); i++) id = `${base}-${i}`;
  used.add(id);
  return id;
}

function expandLists(docs: readonly AdoptDocument[]): AdoptDocument[] {
  const out: AdoptDocument[] = [];
  for (const d of docs) {
    const o = d.object;
    if (isRecord(o) && typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
      for (const item of o.items) out.push({ ...d, object: item });
    } else {
      out.push(d);
    }
  }
  return out;
}

/** Prints the TypeScript program (see the module comment). Throws AdoptError for input it cannot represent. */
export function generateProgram(documents: readonly AdoptDocument[], opts: AdoptOptions = {}): AdoptResult {
  const table = l1Table();
  const emitter = new Emitter(table, (st, p) => table.propTypes.get(st)?.get(p));
  const notes: string[] = [];
  const warnings: string[] = [];
  const objects: AdoptedObject[] = [];
  const bodies: string[] = [];
  const todos: string[] = [];
  const used = new Set<string>();
  let needsApiObject = false;
  let needsK8s = false;
  const seen = new Map<string, string>();

  interface Item { d: AdoptDocument; o: Record<string, unknown>; clean: Record<string, unknown>; where: string; namespace?: string; name: string }
  const items: Item[] = [];
  for (const d of expandLists(documents)) {
    const where0 = `${d.file} document ${d.documentIndex + 1}`;
    const o = d.object;
    if (o === null || o === undefined) continue;
    if (!isRecord(o) || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') {
      throw new AdoptError(`${where0}: not a Kubernetes object (needs apiVersion and kind); remove it or fix it.`);
    }
    const meta = isRecord(o.metadata) ? o.metadata : undefined;
    if (!meta || typeof meta.name !== 'string' || meta.name === '') {
      throw new AdoptError(`${where0} (${o.kind}): has no metadata.name${meta && meta.generateName ? ' (generateName is not reproducible: every apply would create another object)' : ''}; give it a name.`);
    }
    const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
    const where = `${where0} (${o.kind} ${namespace ? `${namespace}/` : ''}${meta.name})`;
    const identity = objectKeyOf(o);
    if (seen.has(identity)) throw new AdoptError(`${where}: the same object is also ${seen.get(identity)}; keep one.`);
    seen.set(identity, where0);
    items.push({ d, o, clean: normalizeForAdoption(o, where, notes), where, namespace, name: meta.name });
    const literal = o.kind === 'Secret' ? ['data', 'stringData'].filter((k) => isRecord(o[k]) && Object.keys(o[k] as object).length > 0) : [];
    if (literal.length) {
      warnings.push(`${where}: carries literal secret values (${literal.join(', ')}); the program leaves them out (a TODO in their place): manage the Secret with SecretSource.externalSecret / sealedSecret, or keep it on the cluster and refer to it with SecretSource.existing, before the adopted app replaces the manifests.`);
    }
  }

  // Constructs first: they claim whole groups of objects.
  const found = opts.constructs === false ? { recognized: [] as Recognized[], rejected: [] } : recognize(items.map((i) => i.clean));
  const recognized = connectAdopted(found.recognized, items.map((i) => i.clean));
  const rejected = found.rejected;
  const claimedBy = new Map<string, Recognized>();
  for (const r of recognized) for (const k of r.consumes) claimedBy.set(k, r);
  const whyNot = new Map(rejected.map((r) => [r.key, `// Not converted to ${r.construct}: ${r.why}.`]));
  const constructBlocks = renderConstructs(recognized, notes);

  for (const { d, o, clean, namespace, name } of items) {
    const kind = o.kind as string;
    const apiVersion0 = o.apiVersion as string;
    const by = claimedBy.get(objectKeyOf(clean));
    if (by) {
      objects.push({ file: d.file, documentIndex: d.documentIndex, apiVersion: apiVersion0, kind, namespace, name, id: by.id, via: `${by.construct} ${by.id}` });
      continue;
    }
    if (kind === 'Secret' && ['data', 'stringData'].some((k) => isRecord(clean[k]) && Object.keys(clean[k] as object).length > 0)) {
      // Never a secret value in the program: a reference with a TODO instead.
      const keys = [...new Set(['data', 'stringData'].flatMap((k) => (isRecord(clean[k]) ? Object.keys(clean[k] as object) : [])))].sort();
      todos.push(`// ${d.file} #${d.documentIndex + 1}: Secret ${namespace ? `${namespace}/` : ''}${name}\n` +
        `// TODO: its values (keys ${keys.join(', ')}) are left out so that they never land in git or dist/. The Secret stays on the\n` +
        `// cluster only while nothing prunes it: create it from a secret store, e.g. SecretSource.externalSecret(...) or\n` +
        `// SecretSource.sealedSecret(...), and refer to it as SecretSource.existing(${str(name)}) until then.`);
      notes.push(`${d.file} document ${d.documentIndex + 1} (Secret ${namespace ? `${namespace}/` : ''}${name}): not written (literal secret values, keys ${keys.join(', ')}); a TODO says how to manage it`);
      objects.push({ file: d.file, documentIndex: d.documentIndex, apiVersion: apiVersion0, kind, namespace, name, id: name, via: 'TODO', reason: 'literal secret values are never written into the program' });
      continue;
    }
    const id = constructId(kind, name, namespace, used);
    const cls = table.classes.get(`${apiVersion0}/${kind}`);
    const { apiVersion, kind: _kind, ...rest } = clean;
    let body: string | undefined;
    let reason: string | undefined;
    if (cls) {
      try {
        body = `new k8s.${cls.className}(chart, ${str(id)}, ${emitter.struct(rest, cls.propsType, '', '')});`;
      } catch (e) {
        if (!(e instanceof Lossy)) throw e;
        reason = `k8s.${cls.className} would not reproduce it exactly (${e.message})`;
      }
    } else {
      reason = `no typed class for ${apiVersion0} ${kind} in helmless's k8s ${K8S_IMPORT_VERSION} imports${/\./.test(apiVersion0.split('/')[0]) && apiVersion0.includes('/') ? ' (a custom resource)' : ''}`;
    }
    if (body === undefined) {
      needsApiObject = true;
      body = `// Plain ApiObject: ${reason}.\nnew ApiObject(chart, ${str(id)}, ${lit({ apiVersion, kind: _kind, ...rest })});`;
    } else {
      needsK8s = true;
    }
    const comment = whyNot.get(objectKeyOf(clean));
    bodies.push(`// ${d.file} #${d.documentIndex + 1}: ${kind} ${namespace ? `${namespace}/` : ''}${name}\n${comment ? `${comment}\n` : ''}${body}`);
    objects.push({
      file: d.file, documentIndex: d.documentIndex, apiVersion: apiVersion0, kind, namespace, name, id,
      via: reason ? 'ApiObject' : `k8s.${cls!.className}`, ...(reason ? { reason } : {}),
    });
  }
  if (objects.length === 0) throw new AdoptError('no Kubernetes objects in the input; nothing to adopt.');

  const chartIds = new Set(recognized.map((r) => r.chart.instance));
  let chart = opts.chart ?? 'adopted';
  for (let i = 2; chartIds.has(chart); i++) chart = `${opts.chart ?? 'adopted'}-${i}`;
  const typed = objects.filter((x) => x.via.startsWith('k8s.')).length;
  const plain = objects.filter((x) => x.via === 'ApiObject').length;
  const todo = objects.filter((x) => x.via === 'TODO').length;
  const files = [...chartIds, ...(bodies.length ? [chart] : [])].map((c) => `${c}.k8s.yaml`);
  const header = [
    `// Generated by \`${opts.commandLine ?? 'helmless adopt'}\`: ${objects.length} object${objects.length === 1 ? '' : 's'}: ${[
      recognized.length ? `${objects.length - typed - plain - todo} in ${recognized.length} helmless construct${recognized.length === 1 ? '' : 's'}` : '',
      todo ? `${todo} Secret${todo === 1 ? '' : 's'} left as a TODO (no values in code)` : '',
      typed ? `${typed} typed k8s.Kube*` : '',
      plain ? `${plain} plain ApiObject` : '',
    ].filter((x) => x).join(', ')}.`,
    `// Running it (e.g. \`CDK8S_OUTDIR=dist npx tsx app.ts\`) writes ${files.join(', ')} into CDK8S_OUTDIR (default dist/)`,
    '// with the same objects and fields as the input. Next steps: replace more groups of objects by helmless',
    '// constructs (WebService, StatefulDb, WorkerJob, Cron, DaemonAgent) and let `helmless diff` show the difference.',
    '//',
    notes.length === 0
      ? '// Not reproduced: nothing (every field of the input is written back, and no construct adds any).'
      : `// Not reproduced, or added by helmless defaults (${notes.length}):\n${notes.map((n) => `//  - ${n.replace(/\n/g, ' ')}`).join('\n')}`,
    ...warnings.map((w) => `// WARNING: ${w.replace(/\n/g, ' ')}`),
  ];
  const cdk8sNames = [...(needsApiObject ? ['ApiObject'] : []), ...(bodies.length ? ['Chart'] : [])];
  const helpers = new Set<string>();
  const findCalls = (v: unknown): void => {
    if (isCode(v)) { helpers.add(v.call.split('.')[0]); if (v.call === 'EnvFrom.secret') helpers.add('SecretSource'); findCalls(v.arg); return; }
    if (Array.isArray(v)) v.forEach(findCalls);
    else if (isRecord(v)) Object.values(v).forEach(findCalls);
  };
  recognized.forEach((r) => findCalls(r.props));
  const helmlessNames = ['HelmlessApp', ...(recognized.length ? ['HelmlessChart'] : []), ...[...new Set([...recognized.map((r) => r.construct), ...helpers])].sort(), ...(needsK8s ? ['k8s'] : [])];
  const imports = [...(cdk8sNames.length ? [`import { ${cdk8sNames.join(', ')} } from 'cdk8s';`] : []), `import { ${helmlessNames.join(', ')} } from 'helmless';`];
  const code = [
    ...header,
    ...imports,
    '',
    '// HelmlessApp: output folder from CDK8S_OUTDIR (default dist/), one file per chart, stable object order.',
    'const app = new HelmlessApp();',
    ...(constructBlocks.length ? ['', constructBlocks.join('\n\n')] : []),
    ...(bodies.length ? ['', `const chart = new Chart(app, ${str(chart)});`, '', bodies.join('\n\n')] : []),
    ...(todos.length ? ['', todos.join('\n\n')] : []),
    '',
    'app.synth();',
    '',
  ].join('\n');
  return { code, notes, warnings, objects };
}
