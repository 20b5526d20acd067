/**
 * The vendored Kubernetes definitions (schemas/v<ver>.definitions.json.gz), loaded lazily:
 * one version is decompressed and parsed on first use, then kept.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

export const DEFAULT_KUBERNETES_VERSION = '1.27.0';

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
  readonly defs: Readonly<Record<string, SchemaNode>>;
  /** 'apiVersion|Kind' -> definition name, from x-kubernetes-group-version-kind. */
  readonly byGvk: ReadonlyMap<string, string>;
  /** Kind -> apiVersions that serve it in this version. */
  readonly apiVersionsByKind: ReadonlyMap<string, string[]>;
}

const loaded = new Map<string, Definitions>();

export function gvkKey(apiVersion: string, kind: string): string {
  return `${apiVersion}|${kind}`;
}

/** Loads (once) the definitions of a resolved version ('1.27.0'). */
export function loadDefinitions(version: string): Definitions {
  const cached = loaded.get(version);
  if (cached) return cached;
  const file = path.join(packageRoot(), 'schemas', `v${version}.definitions.json.gz`);
  const json = JSON.parse(zlib.gunzipSync(fs.readFileSync(file)).toString('utf8')) as { definitions: Record<string, SchemaNode> };
  const defs = json.definitions;
  const byGvk = new Map<string, string>();
  const apiVersionsByKind = new Map<string, string[]>();
  for (const [name, def] of Object.entries(defs)) {
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
  const d: Definitions = { version, defs, byGvk, apiVersionsByKind };
  loaded.set(version, d);
  return d;
}
