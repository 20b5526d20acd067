/**
 * Deterministic mutations of Kubernetes manifests for the fuzzer: the same seed number gives the
 * same inputs on every machine (given the same seed files). Six families: structural, type swap,
 * kind swap, YAML-level, byte-level and keys hostile to JavaScript (toString, valueOf, __proto__,
 * constructor). Test code only.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as yaml from 'js-yaml';

/** mulberry32: a small deterministic PRNG (32-bit state). */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export const FAMILIES = ['structural', 'type-swap', 'kind-swap', 'yaml', 'bytes', 'hostile-key'] as const;
export type Family = (typeof FAMILIES)[number];

export interface Seed {
  readonly name: string;
  /** One parsed document (a mapping). */
  readonly object: Record<string, unknown>;
}

export interface FuzzCase {
  readonly id: string;
  readonly family: Family;
  /** What was done, for the report. */
  readonly mutation: string;
  readonly text: string;
}

const ROOT = path.resolve(__dirname, '../..');
/** The Kubernetes website examples, when this machine has them (never copied into the repository). */
export const CORPUS_DIR = path.resolve(ROOT, '..', 'shared', 'corpus', 'k8s-website-examples');

function yamlFiles(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(p));
    else if (/\.(ya?ml|json)$/.test(e.name)) out.push(p);
  }
  return out;
}

/** The seed documents: the repository's fixtures and dist/, then the website examples when present. */
export function loadSeeds(opts: { corpus?: boolean } = {}): Seed[] {
  const files = [...yamlFiles(path.join(ROOT, 'test/fixtures')), ...yamlFiles(path.join(ROOT, 'dist'))];
  if (opts.corpus !== false) files.push(...yamlFiles(CORPUS_DIR));
  const seeds: Seed[] = [];
  for (const f of files) {
    let docs: unknown[];
    try {
      docs = yaml.loadAll(fs.readFileSync(f, 'utf8'));
    } catch {
      continue; // a seed that does not parse is not a seed
    }
    docs.forEach((d, i) => {
      if (d && typeof d === 'object' && !Array.isArray(d)) seeds.push({ name: `${path.relative(ROOT, f)}#${i}`, object: d as Record<string, unknown> });
    });
  }
  return seeds;
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function clone<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Every container (map or list) in the tree, with its path. */
function containers(v: unknown, at = '', out: { at: string; c: Record<string, unknown> | unknown[] }[] = []): typeof out {
  if (Array.isArray(v)) {
    out.push({ at, c: v });
    v.forEach((x, i) => containers(x, `${at}[${i}]`, out));
  } else if (v && typeof v === 'object') {
    out.push({ at, c: v as Record<string, unknown> });
    for (const k of Object.keys(v)) containers((v as Record<string, unknown>)[k], at ? `${at}.${k}` : k, out);
  }
  return out;
}

/** Every slot (container + key/index holding a value). */
function slots(root: unknown): { at: string; c: Record<string, unknown> | unknown[]; k: string | number }[] {
  const out: { at: string; c: Record<string, unknown> | unknown[]; k: string | number }[] = [];
  for (const { at, c } of containers(root)) {
    if (Array.isArray(c)) c.forEach((_, i) => out.push({ at: `${at}[${i}]`, c, k: i }));
    else for (const k of Object.keys(c)) out.push({ at: at ? `${at}.${k}` : k, c, k });
  }
  return out;
}

function setSlot(c: Record<string, unknown> | unknown[], k: string | number, v: unknown): void {
  // defineProperty: a '__proto__' key is data, never the prototype
  Object.defineProperty(c, k, { value: v, enumerable: true, writable: true, configurable: true });
}

const HOSTILE_KEYS = ['toString', 'valueOf', '__proto__', 'constructor', 'hasOwnProperty', 'toJSON', 'length', 'then'];

/** Maps whose values must be strings: where a map or list as a value hits string coercion. */
const STRING_MAPS = new Set(['labels', 'annotations', 'matchLabels', 'selector', 'nodeSelector', 'data', 'stringData']);

/** Fields whose value the checks look up in tables: where a hostile word as a value hurts most. */
const LOOKED_UP = new Set(['kind', 'apiVersion', 'type', 'operator', 'protocol', 'name', 'restartPolicy', 'imagePullPolicy', 'effect',
  'scheme', 'pathType', 'dnsPolicy', 'policyTypes', 'verbs', 'resources', 'apiGroups', 'add', 'drop', 'accessModes', 'concurrencyPolicy',
  'podManagementPolicy', 'selectPolicy', 'sessionAffinity', 'externalTrafficPolicy', 'internalTrafficPolicy', 'ipFamilyPolicy', 'schedule',
  'targetPort', 'port', 'secretName', 'claimName', 'serviceAccountName', 'priorityClassName', 'storageClassName', 'volumeMode', 'key']);

function oddValue(r: Rng): unknown {
  switch (r.int(14)) {
    case 0: return {};
    case 1: return [];
    case 2: return null;
    case 3: return r.pick([0, -1, 1.5, 2147483648, 65536, -0.0001, 1e21, 99999999999999999999]);
    case 4: return r.pick([true, false]);
    case 5: return r.pick(['', ' ', '-', 'a'.repeat(300), '💥', '0', '100%', '1e3', 'TCP', 'Always', '*', '..', '/', ...HOSTILE_KEYS]);
    case 6: return { [r.pick(HOSTILE_KEYS)]: r.pick([1, 'x', {}, [], null]) };
    case 7: return [{ toString: 1 }];
    case 8: return [[1, 2], { a: [] }];
    case 9: return { a: { b: { c: { d: 'e' } } } };
    case 10: return r.pick(['yes', 'no', 'on', 'off', '~', 'null', '0x1F', '0o17', '1_000', '.inf', '-.nan']);
    case 11: { const o: Record<string, unknown> = {}; setSlot(o, '__proto__', { polluted: 1 }); return o; }
    case 12: return [null, null];
    default: return r.pick([{ name: 1 }, { port: 'x' }, { key: {}, operator: [] }]);
  }
}

function swapType(v: unknown, r: Rng): unknown {
  if (typeof v === 'string') return r.pick<unknown>([Number(v.length), {}, [v], { value: v }, true, null, { toString: v }]);
  if (typeof v === 'number') return r.pick<unknown>([String(v), `${v}x`, [v], { n: v }, false, -v, v + 0.5]);
  if (typeof v === 'boolean') return r.pick<unknown>([String(v), v ? 1 : 0, [v], {}]);
  if (v === null) return r.pick<unknown>(['', 0, {}, []]);
  if (Array.isArray(v)) return r.pick<unknown>([v[0] ?? 'x', {}, v.length, 'a,b', Object.fromEntries(v.map((x, i) => [String(i), x]))]);
  if (v && typeof v === 'object') return r.pick<unknown>([Object.keys(v).join(','), Object.values(v), 1, null, [v]]);
  return oddValue(r);
}

const KINDS: [string, string][] = [
  ['v1', 'Pod'], ['apps/v1', 'Deployment'], ['apps/v1', 'StatefulSet'], ['apps/v1', 'DaemonSet'], ['apps/v1', 'ReplicaSet'],
  ['batch/v1', 'Job'], ['batch/v1', 'CronJob'], ['v1', 'Service'], ['networking.k8s.io/v1', 'Ingress'],
  ['networking.k8s.io/v1', 'NetworkPolicy'], ['policy/v1', 'PodDisruptionBudget'], ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['autoscaling/v1', 'HorizontalPodAutoscaler'], ['v1', 'ConfigMap'], ['v1', 'Secret'], ['v1', 'PersistentVolumeClaim'],
  ['rbac.authorization.k8s.io/v1', 'Role'], ['rbac.authorization.k8s.io/v1', 'ClusterRole'], ['rbac.authorization.k8s.io/v1', 'RoleBinding'],
  ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding'], ['v1', 'ServiceAccount'], ['v1', 'Namespace'], ['v1', 'List'],
  ['apiextensions.k8s.io/v1', 'CustomResourceDefinition'], ['monitoring.coreos.com/v1', 'ServiceMonitor'], ['example.com/v1', 'Widget'],
  ['extensions/v1beta1', 'Deployment'], ['v1', 'PodTemplate'], ['v1', 'ReplicationController'],
];

function structural(o: Record<string, unknown>, r: Rng): string {
  const ss = slots(o);
  const cs = containers(o);
  if (ss.length === 0) return 'nothing to mutate';
  switch (r.int(7)) {
    case 0: { // delete a field or item
      const s = r.pick(ss);
      if (Array.isArray(s.c)) s.c.splice(s.k as number, 1);
      else delete (s.c as Record<string, unknown>)[s.k];
      return `deleted ${s.at}`;
    }
    case 1: { // empty a container
      const c = r.pick(cs);
      if (Array.isArray(c.c)) c.c.length = 0;
      else for (const k of Object.keys(c.c)) delete (c.c as Record<string, unknown>)[k];
      return `emptied ${c.at || '<root>'}`;
    }
    case 2: { // duplicate a list item
      const lists = cs.filter((c) => Array.isArray(c.c) && c.c.length > 0);
      if (lists.length === 0) return 'no list';
      const l = r.pick(lists).c as unknown[];
      l.push(clone(l[r.int(l.length)]));
      return `duplicated an item of a list`;
    }
    case 3: { // move a subtree elsewhere
      const a = r.pick(ss);
      const b = r.pick(ss);
      setSlot(b.c, b.k, clone(a.c as never)[a.k as never] ?? null);
      return `copied ${a.at} onto ${b.at}`;
    }
    case 4: { // wrap in a list, or unwrap
      const s = r.pick(ss);
      const v = (s.c as Record<string | number, unknown>)[s.k];
      setSlot(s.c, s.k, Array.isArray(v) ? v[0] ?? null : [v]);
      return `wrapped/unwrapped ${s.at}`;
    }
    case 5: { // an empty object in a list (matchExpressions: [{}], metrics: [{}], containers: [{}])
      const lists = cs.filter((c) => Array.isArray(c.c));
      if (lists.length === 0) return 'no list';
      const l = r.pick(lists);
      (l.c as unknown[]).push({});
      return `appended {} to ${l.at}`;
    }
    default: { // remove a required-looking field everywhere
      const key = r.pick(['name', 'port', 'mountPath', 'operator', 'key', 'type', 'image', 'containerPort', 'selector', 'kind', 'apiVersion', 'metadata', 'spec']);
      for (const c of cs) if (!Array.isArray(c.c)) delete (c.c as Record<string, unknown>)[key];
      return `removed every '${key}'`;
    }
  }
}

function typeSwap(o: Record<string, unknown>, r: Rng): string {
  const ss = slots(o);
  if (ss.length === 0) return 'nothing to mutate';
  const n = 1 + r.int(3);
  const done: string[] = [];
  for (let i = 0; i < n; i++) {
    const s = r.pick(ss);
    const v = (s.c as Record<string | number, unknown>)[s.k];
    setSlot(s.c, s.k, r.chance(0.7) ? swapType(v, r) : oddValue(r));
    done.push(s.at);
  }
  return `swapped the type of ${done.join(', ')}`;
}

function kindSwap(o: Record<string, unknown>, r: Rng): string {
  const [apiVersion, kind] = r.pick(KINDS);
  if (r.chance(0.8)) o.apiVersion = apiVersion;
  else o.apiVersion = r.pick(KINDS)[0];
  o.kind = kind;
  if (kind === 'List' && r.chance(0.5)) o.items = [clone(o), 1, null];
  return `kind ${String(o.apiVersion)} ${kind}`;
}

function hostileKey(o: Record<string, unknown>, r: Rng): string {
  const cs = containers(o).filter((c) => !Array.isArray(c.c));
  const key = r.pick(HOSTILE_KEYS);
  const value = r.pick<unknown>([1, 'x', {}, [], null, { toString: 1 }, { valueOf: {} }, [{ toString: 1 }]]);
  // string maps anywhere (labels of the object and of its pod template, selectors, annotations, data)
  const maps = cs.filter((c) => STRING_MAPS.has(c.at.replace(/^.*\./, '')));
  if (maps.length > 0 && r.chance(0.5)) {
    const m = r.pick(maps);
    if (r.chance(0.5)) setSlot(m.c, key, value);
    else {
      const keys = Object.keys(m.c);
      setSlot(m.c, keys.length > 0 && r.chance(0.7) ? r.pick(keys) : r.pick(['env', 'app', 'app.kubernetes.io/name']), r.pick<unknown>([{ toString: 1 }, { valueOf: 1 }, [1], {}, { constructor: 1 }]));
    }
    return `${m.at} with a hostile key or value (${key})`;
  }
  if (r.chance(0.3)) {
    // a hostile word as a value where the checks look names up (kind, type, operator, protocol...)
    let strings = slots(o).filter((s) => typeof (s.c as Record<string | number, unknown>)[s.k] === 'string');
    const lookedUp = strings.filter((s) => LOOKED_UP.has(typeof s.k === 'number' ? s.at.replace(/^.*\.([^.[]+)\[\d+\]$/, '$1') : s.k));
    if (lookedUp.length > 0 && r.chance(0.7)) strings = lookedUp;
    if (strings.length > 0) {
      const s = r.pick(strings);
      setSlot(s.c, s.k, key);
      return `value '${key}' at ${s.at}`;
    }
  }
  const c = r.pick(cs);
  setSlot(c.c, key, value);
  return `key '${key}' in ${c.at || '<root>'}`;
}

/** YAML-level damage, on the text: anchors, tags, complex keys, duplicate keys, merges, indentation. */
function yamlLevel(text: string, r: Rng): { text: string; what: string } {
  const lines = text.split('\n');
  const at = r.int(Math.max(1, lines.length));
  const indent = /^\s*/.exec(lines[at] ?? '')?.[0] ?? '';
  const insert = (s: string, what: string): { text: string; what: string } => {
    lines.splice(at, 0, ...s.split('\n').map((l) => indent + l));
    return { text: lines.join('\n'), what };
  };
  switch (r.int(12)) {
    case 0: return insert('? [a, b]\n: 1', 'complex key (a list)');
    case 1: return insert('? {a: 1}\n: x', 'complex key (a map)');
    case 2: return insert(`${r.pick(['name', 'image', 'port', 'kind'])}: dup`, 'duplicate key');
    case 3: return insert('<<: {merged: 1}', 'merge key');
    case 4: return insert('x: !!binary aGVsbG8=', '!!binary tag');
    case 5: return insert('x: !!set {a, b}', '!!set tag');
    case 6: return insert('x: !!timestamp 2001-12-14', 'timestamp');
    case 7: return insert('x: &a [1, 2]\ny: *a', 'anchor and alias');
    case 8: return insert('x: !custom 1', 'unknown tag');
    case 9: {
      lines[at] = (lines[at] ?? '').replace(/^(\s*)/, r.chance(0.5) ? '$1\t' : '$1 ');
      return { text: lines.join('\n'), what: 'indentation changed' };
    }
    case 10: return insert('---', 'document separator in the middle');
    default: return insert(`${r.pick(['1', 'null', 'true', '"x"', '0.5', '[]'])}: v`, 'non-string key');
  }
}

/** Byte-level damage: flips, inserted bytes (NUL, invalid UTF-8, BOM), truncation. */
function byteLevel(text: string, r: Rng): { text: string; bytes: Buffer; what: string } {
  let b = Buffer.from(text, 'utf8');
  const what: string[] = [];
  const n = 1 + r.int(3);
  for (let i = 0; i < n; i++) {
    const at = r.int(Math.max(1, b.length));
    switch (r.int(5)) {
      case 0: if (b.length > 0) { b[at] = r.int(256); what.push('byte changed'); } break;
      case 1: b = Buffer.concat([b.subarray(0, at), Buffer.from([r.pick([0, 0xff, 0xc3, 0xef, 0x0d, 0x09, 0x7f, 0x80])]), b.subarray(at)]); what.push('byte inserted'); break;
      case 2: b = b.subarray(0, at); what.push('truncated'); break;
      case 3: b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + r.int(20)))]); what.push('bytes deleted'); break;
      default: b = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), b]); what.push('BOM'); break;
    }
  }
  return { text: b.toString('latin1'), bytes: b, what: what.join(', ') };
}

export function dump(o: unknown, r: Rng): string {
  try {
    return r.chance(0.25) ? JSON.stringify(o, null, r.chance(0.5) ? 2 : undefined) : yaml.dump(o, { noRefs: true, lineWidth: -1 });
  } catch {
    return JSON.stringify(o) ?? 'null';
  }
}

export interface GeneratedCase extends FuzzCase {
  /** The input as bytes (byte-level cases are not valid UTF-8 text). */
  readonly bytes: Buffer;
}

/**
 * Case `i` of the run seeded `seed`: 1 to 3 seed documents (more than one exercises the
 * cross-object checks), one family of mutation, as a file's bytes.
 */
export function makeCase(seeds: readonly Seed[], seed: number, i: number): GeneratedCase {
  const r = new Rng((seed * 1_000_003 + i) >>> 0);
  const family = FAMILIES[i % FAMILIES.length];
  const n = r.chance(0.7) ? 1 : 1 + r.int(3);
  const objs = Array.from({ length: n }, () => clone(r.pick(seeds).object));
  const target = objs[r.int(objs.length)];
  let mutation = '';
  let text = '';
  let bytes: Buffer | undefined;
  switch (family) {
    case 'structural': mutation = structural(target, r); break;
    case 'type-swap': mutation = typeSwap(target, r); break;
    case 'kind-swap': mutation = kindSwap(target, r); break;
    case 'hostile-key': mutation = hostileKey(target, r); break;
    default: break;
  }
  text = objs.map((o) => dump(o, r)).join('\n---\n');
  if (family === 'yaml') {
    const y = yamlLevel(text, r);
    text = y.text;
    mutation = y.what;
  } else if (family === 'bytes') {
    const b = byteLevel(text, r);
    bytes = b.bytes;
    mutation = b.what;
  }
  return { id: `${seed}:${i}`, family, mutation, text, bytes: bytes ?? Buffer.from(text, 'utf8') };
}
