/**
 * The vendored Kubernetes definitions (schemas/v<ver>.definitions.json.gz), loaded lazily: one
 * version on first use, then kept; from the build's index (lib/schemas) one definition at a time.
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as Zlib from 'zlib';
import { isObj } from '../untyped';

/**
 * The version validation uses when none is given (no flag, no project): the newest vendored one
 * (a test keeps it equal to the newest file in schemas/). Inside a project, the CLI passes the
 * version of cdk8s.yaml's k8s@ import instead.
 */
export const DEFAULT_KUBERNETES_VERSION = '1.36.0';

let root: string | undefined;

/** The package root (the directory holding schemas/ and crds/), from src/ or lib/src/. */
export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (fs.existsSync(path.join(dir, 'schemas')) && fs.existsSync(path.join(dir, 'package.json'))) {
      root = dir;
      return dir;
    }
    dir = path.dirname(dir);
  }
  throw new Error(`helmless: cannot find the vendored schemas/ directory above ${__dirname}`);
}

let available: string[] | undefined;

/** Vendored versions, ascending ('1.27.0', …). */
export function availableVersions(): string[] {
  if (available) return available;
  const files = fs.readdirSync(path.join(packageRoot(), 'schemas'));
  available = files
    .map((f) => /^v(\d+\.\d+\.\d+)\.definitions\.json\.gz$/.exec(f)?.[1])
    .filter((v): v is string => !!v)
    .sort((a, b) => compareVersions(a, b));
  return available;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

export class UnknownVersionError extends Error {
  constructor(readonly requested: string, readonly available: readonly string[]) {
    super(
      `Kubernetes version '${requested}' is not available: choose one of ${available.map((v) => v.replace(/\.0$/, '')).join(', ')} ` +
        `(as 'x.y' or 'x.y.z')`,
    );
    this.name = 'UnknownVersionError';
  }
}

/** '1.30' / '1.30.0' / 'v1.30' -> '1.30.0'; throws UnknownVersionError for versions not vendored. */
export function resolveVersion(requested: string | undefined): string {
  const want = (requested ?? DEFAULT_KUBERNETES_VERSION).trim().replace(/^v/, '');
  const m = /^(\d+)\.(\d+)(?:\.(\d+))?$/.exec(want);
  const versions = availableVersions();
  if (!m) throw new UnknownVersionError(requested ?? '', versions);
  const full = `${Number(m[1])}.${Number(m[2])}.${m[3] === undefined ? 0 : Number(m[3])}`;
  if (versions.includes(full)) return full;
  // A patch release uses the definitions of its minor version.
  const minor = versions.find((v) => v.startsWith(`${Number(m[1])}.${Number(m[2])}.`));
  if (minor && m[3] !== undefined) return minor;
  throw new UnknownVersionError(requested ?? '', versions);
}

export type SchemaNode = Record<string, unknown>;

export interface Definitions {
  readonly version: string;
  /**
   * The named definition ('io.k8s.api.apps.v1.Deployment') without its documentation (the
   * `description` of each schema node, never read by validation: schemas/ ships without it, see
   * scripts/strip-schemas.js, and a definitions file vendored with it loses it here), prepared on
   * first use; undefined when there is none.
   */
  definition(name: string): SchemaNode | undefined;
  /** 'apiVersion|Kind' -> definition name, from x-kubernetes-group-version-kind. */
  readonly byGvk: ReadonlyMap<string, string>;
  /** Kind -> apiVersions that serve it in this version. */
  readonly apiVersionsByKind: ReadonlyMap<string, string[]>;
}

const loaded = new Map<string, Definitions>();

export function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}|${kind}`;
}

/** The vendored (gzipped) definitions file of a version. */
export function vendoredFile(version: string): string {
  return path.join(packageRoot(), 'schemas', `v${version}.definitions.json.gz`);
}

/**
 * Where the build (scripts/schema-index.js) writes a version's definitions index:
 * lib/schemas/v<ver>.jsonl. A build output, like the rest of lib/.
 */
export function definitionsIndexFile(version: string): string {
  return path.join(packageRoot(), 'lib', 'schemas', `v${version}.jsonl`);
}

/** Loads (once) the definitions of a resolved version ('1.27.0'). */
export function loadDefinitions(version: string): Definitions {
  const cached = loaded.get(version);
  if (cached) return cached;
  const gz = fs.readFileSync(vendoredFile(version));
  const d = definitionsFromIndex(definitionsIndexFile(version), gz, version) ?? definitionsFromVendored(version, gz);
  loaded.set(version, d);
  return d;
}

/** Decompresses and parses a whole vendored definitions file (its bytes), and indexes its kinds. */
export function definitionsFromVendored(version: string, gz: Buffer): Definitions {
  const { defs, byGvk, apiVersionsByKind } = parseVendored(gz);
  const prepared = new Map<string, SchemaNode>();
  const definition = (name: string): SchemaNode | undefined => {
    let def = prepared.get(name);
    if (def === undefined && hasOwn.call(defs, name)) prepared.set(name, (def = withoutDocs(defs[name])));
    return def;
  };
  return { version, definition, byGvk, apiVersionsByKind };
}

/** Schema keywords whose value is a schema, and those whose value is a map or list of schemas. */
const SUBSCHEMA = new Set(['items', 'additionalProperties', 'not', 'additionalItems']);
const SUBSCHEMA_MAPS = new Set(['properties', 'patternProperties', 'definitions']);
const SUBSCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);

/**
 * A copy of a schema node without the `description` of it and of its subschemas. Only schema
 * positions are walked: a property named "description" (JSONSchemaProps has one) and values
 * (enum, default, example) are kept as they are.
 */
export function withoutDocs(node: SchemaNode): SchemaNode {
  const out: SchemaNode = {};
  for (const k of Object.keys(node)) {
    const v = node[k];
    if (k === 'description' && typeof v === 'string') continue;
    if (SUBSCHEMA.has(k)) out[k] = schemaWithoutDocs(v);
    else if (SUBSCHEMA_MAPS.has(k) && isObj(v)) {
      const m: Record<string, unknown> = {};
      for (const name of Object.keys(v)) m[name] = schemaWithoutDocs(v[name]);
      out[k] = m;
    } else if (SUBSCHEMA_LISTS.has(k) && Array.isArray(v)) out[k] = v.map(schemaWithoutDocs);
    else out[k] = v;
  }
  return out;
}

/** withoutDocs for what should be a schema: anything else (true, false, malformed) as it is. */
function schemaWithoutDocs(v: unknown): unknown {
  return isObj(v) ? withoutDocs(v) : v;
}

function parseVendored(gz: Buffer): { defs: Record<string, SchemaNode>; byGvk: Map<string, string>; apiVersionsByKind: Map<string, string[]> } {
  // zlib is loaded here only: a run that reads the build's index never needs it
  const zlib = require('zlib') as typeof Zlib;
  const json = JSON.parse(zlib.gunzipSync(gz).toString('utf8')) as { definitions: Record<string, SchemaNode> };
  const defs = json.definitions;
  const byGvk = new Map<string, string>();
  const apiVersionsByKind = new Map<string, string[]>();
  for (const name of Object.keys(defs)) {
    const def = defs[name];
    const gvks = def['x-kubernetes-group-version-kind'] as { group: string; version: string; kind: string }[] | undefined;
    if (!gvks) continue;
    // Only definitions that are objects one can write (they have apiVersion and kind fields).
    const props = def.properties as Record<string, unknown> | undefined;
    if (!props || !props.kind || !props.apiVersion) continue;
    for (const g of gvks) {
      const apiVersion = g.group ? `${g.group}/${g.version}` : g.version;
      const key = gvkKey(apiVersion, g.kind);
      if (!byGvk.has(key)) byGvk.set(key, name);
      const list = apiVersionsByKind.get(g.kind) ?? [];
      if (!list.includes(apiVersion)) list.push(apiVersion);
      apiVersionsByKind.set(g.kind, list);
    }
  }
  return { defs, byGvk, apiVersionsByKind };
}

const hasOwn = Object.prototype.hasOwnProperty;

/**
 * The index: a header line (the hash of the vendored file it was made from, the kind maps and
 * the definition names) and then one definition per line, without its documentation, in the
 * order of the names, all in ASCII (~240 KB for 1.27; upstream's file with its descriptions is ~830 KB).
 * Reading it costs a file read and a split; a definition is parsed only when the schema
 * compiler asks for it (a run over Deployments and Services parses ~40 of ~550), instead of
 * decompressing and parsing the whole version on every run (~10 ms and ~6 MB of objects).
 */
interface IndexHeader {
  readonly source: string;
  readonly byGvk: [string, string][];
  readonly apiVersionsByKind: [string, string[]][];
  readonly names: string[];
}

/**
 * JSON text in ASCII: every other character (JSON text can only have them inside strings) as a
 * \u escape, so the index reader takes the bytes as they are instead of decoding UTF-8.
 */
export function asciiJson(text: string): string {
  return text.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * What identifies the definitions a vendored file holds: its gzip trailer, the CRC-32 and the size
 * of the uncompressed text (a file is one gzip member, written by scripts/strip-schemas.js). No
 * hash is computed at start: loading Node's crypto module alone cost ~6.5 ms of every run.
 */
function sourceHash(gz: Buffer): string {
  return gz.length >= 18 && gz[0] === 0x1f && gz[1] === 0x8b ? `gzip-crc32-size:${gz.toString('hex', gz.length - 8)}` : '';
}

/** Writes the index of a vendored version (the build's step); returns the file written. */
export function writeDefinitionsIndex(version: string, file: string = definitionsIndexFile(version)): string {
  const gz = fs.readFileSync(vendoredFile(version));
  const { defs, byGvk, apiVersionsByKind } = parseVendored(gz);
  const names = Object.keys(defs);
  const header: IndexHeader = { source: sourceHash(gz), byGvk: [...byGvk], apiVersionsByKind: [...apiVersionsByKind], names };
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const text = [JSON.stringify(header), ...names.map((n) => JSON.stringify(withoutDocs(defs[n])))].join('\n') + '\n';
  fs.writeFileSync(tmp, asciiJson(text));
  fs.renameSync(tmp, file); // whole or not at all for a concurrent reader
  return file;
}

/**
 * The definitions from an index `file` when it was made from exactly these vendored bytes (`gz`),
 * else undefined (no index, unreadable, made from another file, or cut short).
 */
export function definitionsFromIndex(file: string, gz: Buffer, version: string): Definitions | undefined {
  let lines: string[];
  let header: IndexHeader;
  try {
    lines = fs.readFileSync(file, 'latin1').split('\n'); // the writer makes it ASCII
    header = JSON.parse(lines[0]) as IndexHeader;
  } catch {
    return undefined; // not built (running from src/ without a build) or unreadable: parse the vendored file
  }
  // made from another file, or cut short (the writer ends the last definition with a line break)
  const source = sourceHash(gz);
  if (source === '' || header.source !== source || lines.length !== header.names.length + 2 || lines[lines.length - 1] !== '') return undefined;
  // name -> line; each definition is parsed on first use and kept (a Map: an object with an
  // accessor per definition costs V8 a copy of all its properties each time one is replaced)
  const lineOf = new Map<string, number>();
  header.names.forEach((name, i) => lineOf.set(name, i + 1));
  const parsed = new Map<string, SchemaNode>();
  const definition = (name: string): SchemaNode | undefined => {
    let def = parsed.get(name);
    if (def === undefined) {
      const line = lineOf.get(name);
      if (line === undefined) return undefined;
      def = JSON.parse(lines[line]) as SchemaNode;
      parsed.set(name, def);
    }
    return def;
  };
  return { version, definition, byGvk: new Map(header.byGvk), apiVersionsByKind: new Map(header.apiVersionsByKind) };
}
