/**
 * Field-level comparison of two versions of one object. Lists of named things (containers, ports,
 * env, volumes, volumeMounts, volumeClaimTemplates, ...) are matched by name, not by index, so an
 * insertion shows as one added item instead of N changed ones.
 */
import { isRecord } from './secrets';

export interface RawFieldChange {
  readonly path: string;
  readonly change: 'added' | 'removed' | 'changed';
  readonly old?: unknown;
  readonly new?: unknown;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function keySegment(parent: string, key: string): string {
  if (PLAIN_KEY.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** The name that identifies a list item: `name`, else `metadata.name` (volumeClaimTemplates). */
function itemName(item: unknown): string | undefined {
  if (!isRecord(item)) return undefined;
  if (typeof item.name === 'string' && item.name !== '') return item.name;
  if (isRecord(item.metadata) && typeof item.metadata.name === 'string' && item.metadata.name !== '') return item.metadata.name;
  return undefined;
}

/** Names of all items when every item has one and they are unique; else undefined (match by index). */
function namesOf(list: readonly unknown[]): string[] | undefined {
  const names: string[] = [];
  for (const item of list) {
    const n = itemName(item);
    if (n === undefined) return undefined;
    names.push(n);
  }
  return new Set(names).size === names.length ? names : undefined;
}

function nameSegment(parent: string, name: string): string {
  return /^[A-Za-z0-9_.\-/:]+$/.test(name) ? `${parent}[name=${name}]` : `${parent}[name=${JSON.stringify(name)}]`;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => deepEqual(x, b[i]));
  }
  if (isRecord(a)) {
    if (!isRecord(b)) return false;
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    if (ka.length !== kb.length) return false;
    return ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

export function diffValues(a: unknown, b: unknown, path = '', out: RawFieldChange[] = []): RawFieldChange[] {
  if (deepEqual(a, b)) return out;
  if (a === undefined) {
    out.push({ path, change: 'added', new: b });
    return out;
  }
  if (b === undefined) {
    out.push({ path, change: 'removed', old: a });
    return out;
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) diffValues(a[k], b[k], keySegment(path, k), out);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    const na = namesOf(a);
    const nb = namesOf(b);
    // Named on both sides (an empty list counts as named when the other side is).
    if ((na || a.length === 0) && (nb || b.length === 0) && (na?.length || nb?.length)) {
      const namesA = na ?? [];
      const namesB = nb ?? [];
      const byA = new Map(namesA.map((n, i) => [n, a[i]]));
      const byB = new Map(namesB.map((n, i) => [n, b[i]]));
      for (const n of namesA) diffValues(byA.get(n), byB.get(n), nameSegment(path, n), out);
      for (const n of namesB) if (!byA.has(n)) diffValues(undefined, byB.get(n), nameSegment(path, n), out);
      // Same items, another order: order matters for some lists (containers start order, env
      // references to earlier vars), so say so once.
      const common = namesA.filter((n) => byB.has(n));
      const commonB = namesB.filter((n) => byA.has(n));
      if (common.join('\u0000') !== commonB.join('\u0000')) out.push({ path: `${path}[*]`, change: 'changed', old: common, new: commonB });
      return out;
    }
    // Lists of scalars or unnamed items: by index.
    const n = Math.max(a.length, b.length);
    for (let i = 0; i < n; i++) diffValues(a[i], b[i], `${path}[${i}]`, out);
    return out;
  }
  out.push({ path, change: 'changed', old: a, new: b });
  return out;
}

/** All leaves of a value as `path=value` strings (for similarity of renamed objects). */
export function leaves(v: unknown, path = '', out: string[] = []): string[] {
  if (Array.isArray(v)) {
    const names = namesOf(v);
    v.forEach((x, i) => leaves(x, names ? nameSegment(path, names[i]) : `${path}[${i}]`, out));
  } else if (isRecord(v)) {
    for (const k of Object.keys(v).sort()) leaves(v[k], keySegment(path, k), out);
  } else {
    out.push(`${path}=${JSON.stringify(v)}`);
  }
  return out;
}
