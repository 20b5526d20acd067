/**
 * Scalars for the fast path: plain keys and values resolved like KUBECTL_YAML_SCHEMA, quoted
 * scalars and one-line flow sequences of scalars.
 *
 * Keys and short plain values are remembered by a hash of their characters, so the many repeated
 * ones (`name`, `apiVersion`, `TCP`, `http`) are neither sliced nor resolved again. These tables
 * are a memo of a pure function (characters -> resolved scalar), shared by all parses on purpose:
 * a slot is used only after its characters compare equal to the text's, and it holds only
 * immutable values (strings, numbers, booleans, null), so no parse can see another's state
 * through it. The state of a parse lives in its Reader (fast-reader.ts).
 */
import { BOOL_WORDS, IMPLICIT_SCALAR_TYPES } from './schema-yaml11';
import { BAIL, endOfLine, ownSlice, ownString, type Reader } from './fast-reader';

interface YamlType {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}
const IMPLICIT = IMPLICIT_SCALAR_TYPES as unknown as readonly YamlType[];

/** Resolves a plain scalar like KUBECTL_YAML_SCHEMA (null, YAML 1.1 bool and octal, int, float, else string). */
export function resolvePlain(s: string): unknown {
  const c = s.charCodeAt(0);
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) {
    // letters start only null and boolean words (.inf/.nan start with '.')
    if (s.length <= 5) {
      const b = BOOL_WORDS.get(s);
      if (b !== undefined) return b;
      if (s === 'null' || s === 'Null' || s === 'NULL') return null;
    }
    return s;
  }
  if (c >= 49 && c <= 57 && s.length <= 15) {
    // plain decimal integers, the common case
    let k = 1;
    while (k < s.length) {
      const d = s.charCodeAt(k);
      if (d < 48 || d > 57) break;
      k++;
    }
    if (k === s.length) return Number(s);
  }
  // Only these first characters can start a null, int or float: digits + - . ~
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46 || c === 126) {
    for (const t of IMPLICIT) if (t.resolve(s)) return t.construct(s);
  }
  return s;
}

/** Characters of a plain key the fast path reads: A-Z a-z 0-9 _ . / - (1 = allowed). */
const KEY_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 47 || c === 45) KEY_CHAR[c] = 1;
}

/** ASCII characters a plain scalar starts with as it is (1); the others start other nodes. */
export const PLAIN_START = new Uint8Array(128);
for (let c = 33; c < 127; c++) PLAIN_START[c] = 1;
for (const ch of '#"\'[{|>&*!%@`?}],:') PLAIN_START[ch.charCodeAt(0)] = 0;

// The memo: per slot, the characters (in a pool, compared without building a string) and what
// they resolve to. A slot holds the last text that hashed to it (a miss just replaces it).
const CACHE_BITS = 12;
const CACHE_SLOTS = 1 << CACHE_BITS;
const CACHE_MASK = CACHE_SLOTS - 1;
/** Longest key remembered (keys are ASCII: the fast path takes no other key characters). */
const MAX_CACHED_KEY = 48;
const keyChars = new Uint8Array(CACHE_SLOTS * MAX_CACHED_KEY);
const keyLength = new Int32Array(CACHE_SLOTS);
const keyResolved: string[] = new Array<string>(CACHE_SLOTS).fill('');
/** Longest plain value remembered (longer ones are mostly unique: images, hosts, commands). */
const MAX_CACHED_VALUE = 24;
const valueChars = new Uint16Array(CACHE_SLOTS * MAX_CACHED_VALUE);
const valueLength = new Int32Array(CACHE_SLOTS);
const valueResolved: unknown[] = new Array<unknown>(CACHE_SLOTS).fill(null);

function slotOf(h: number, len: number): number {
  const x = (h ^ (h >>> 13) ^ (len << 7)) | 0;
  return (x ^ (x >>> CACHE_BITS)) & CACHE_MASK;
}

/**
 * The plain key [ks, p) (p: its ':'). A remembered key (checked when it was first read) is
 * recognised by comparing its characters; any other is checked and resolved now.
 */
export function plainKeyAt(r: Reader, ks: number, p: number): string {
  const cu = r.u;
  const len = p - ks;
  const slot = slotOf((Math.imul(Math.imul(cu[ks], 31) + cu[p - 1], 31) + cu[ks + (len >> 1)]) | 0, len);
  const base = slot * MAX_CACHED_KEY;
  let q = 0;
  if (keyLength[slot] === len) while (q < len && keyChars[base + q] === cu[ks + q]) q++;
  return q === len ? keyResolved[slot] : plainKey(r, ks, p, slot);
}

/**
 * A plain key [ks, p) as js-yaml reads it: resolved like a value, then made a string. Only
 * A-Z a-z 0-9 _ . / - are taken, not . / - first.
 */
function plainKey(r: Reader, ks: number, p: number, slot: number): string {
  const u = r.u;
  const c = u[ks];
  if (c === 46 || c === 47 || c === 45) throw BAIL;
  for (let k = ks; k < p; k++) {
    const d = u[k];
    if (d >= 128 || KEY_CHAR[d] === 0) throw BAIL;
  }
  const resolved = resolvePlain(ownSlice(r, ks, p)); // remembered below: a copy (fast-reader.ts)
  const key = typeof resolved === 'string' ? resolved : String(resolved);
  if (key === '__proto__') throw BAIL;
  // remembered in its slot (the characters were checked above)
  const len = p - ks;
  if (len <= MAX_CACHED_KEY) {
    const base = slot * MAX_CACHED_KEY;
    for (let i = 0; i < len; i++) keyChars[base + i] = u[ks + i];
    keyLength[slot] = len;
    keyResolved[slot] = key;
  }
  return key;
}

/**
 * A plain scalar from k to the end of the line or a ' #' comment, trailing spaces dropped.
 * Falls back on ': ' or a final ':' (a nested pair, which js-yaml refuses).
 */
export function plainScalar(r: Reader, k: number, le: number): unknown {
  const cu = r.u;
  let h = 0;
  let hEnd = 0;
  let t = k; // end of the last non-space character
  for (let e = k; e < le; e++) {
    const d = cu[e];
    if (d === 32) {
      if (e + 1 < le && cu[e + 1] === 35) break; // ' #': a comment
    } else {
      if (d === 58 && (e + 1 === le || cu[e + 1] === 32)) throw BAIL;
      t = e + 1;
    }
    h = (Math.imul(h, 31) + d) | 0;
    if (d !== 32) hEnd = h;
  }
  const len = t - k;
  if (len > MAX_CACHED_VALUE) return resolvePlain(ownSlice(r, k, t));
  const slot = slotOf(hEnd, len);
  const base = slot * MAX_CACHED_VALUE;
  if (valueLength[slot] === len) {
    let q = 0;
    while (q < len && valueChars[base + q] === cu[k + q]) q++;
    if (q === len) return valueResolved[slot];
  }
  return rememberValue(r, slot, k, len);
}

/** Reads the plain value [k, k + len) and remembers it in its slot. */
function rememberValue(r: Reader, slot: number, k: number, len: number): unknown {
  const v = resolvePlain(ownSlice(r, k, k + len));
  const base = slot * MAX_CACHED_VALUE;
  for (let i = 0; i < len; i++) valueChars[base + i] = r.u[k + i];
  valueLength[slot] = len;
  valueResolved[slot] = v;
  return v;
}

/** A single-quoted scalar opening at k ('' is a quote); sets resume after the closing quote. */
export function singleQuoted(r: Reader, k: number, le: number): string {
  const src = r.src;
  let out = '';
  let p = k + 1;
  for (;;) {
    const q = src.indexOf("'", p);
    if (q < 0 || q >= le) throw BAIL;
    if (q + 1 < le && r.u[q + 1] === 39) {
      out += src.slice(p, q + 1);
      p = q + 2;
      continue;
    }
    r.resume = q + 1;
    return p === k + 1 ? ownSlice(r, p, q) : ownString(out + src.slice(p, q));
  }
}

/** A double-quoted scalar without escapes opening at k; returns it and its closing quote's position in r.resume. */
export function doubleQuoted(r: Reader, k: number, le: number): string {
  const close = r.src.indexOf('"', k + 1);
  if (close < 0 || close >= le) throw BAIL;
  const s = ownSlice(r, k + 1, close);
  if (s.indexOf('\\') >= 0) throw BAIL;
  r.resume = close + 1;
  return s;
}

/** Characters that change the meaning of a plain scalar in flow context (1). */
const FLOW_SPECIAL = new Uint8Array(128);
for (const ch of '[{}#:"\'&*!?|>%@`') FLOW_SPECIAL[ch.charCodeAt(0)] = 1;

/** A plain scalar of a flow sequence from p; sets resume to its end (',' or ']'). */
function flowPlain(r: Reader, p: number, le: number): unknown {
  const u = r.u;
  let e = p;
  while (e < le) {
    const d = u[e];
    if (d === 44 || d === 93) break;
    if (d < 128 && FLOW_SPECIAL[d] === 1) throw BAIL;
    e++;
  }
  let t = e;
  while (t > p && u[t - 1] === 32) t--;
  if (t === p) throw BAIL;
  if (u[p] === 45 && (t === p + 1 || u[p + 1] === 32)) throw BAIL;
  r.resume = e;
  return resolvePlain(ownSlice(r, p, t));
}

/** A one-line flow sequence of scalars from k ('[') to le: [a, "b", 'c', 1]. */
export function flowSeq(r: Reader, k: number, le: number): unknown[] {
  const u = r.u;
  const out: unknown[] = [];
  let p = k + 1;
  while (p < le && u[p] === 32) p++;
  if (p < le && u[p] === 93) {
    endOfLine(r, p + 1, le);
    return out;
  }
  for (;;) {
    while (p < le && u[p] === 32) p++;
    if (p >= le) throw BAIL;
    const c = u[p];
    if (c === 34) out.push(doubleQuoted(r, p, le));
    else if (c === 39) out.push(singleQuoted(r, p, le));
    else out.push(flowPlain(r, p, le));
    p = r.resume;
    while (p < le && u[p] === 32) p++;
    const d = p < le ? u[p] : -1;
    if (d === 44) {
      p++;
      continue;
    }
    if (d === 93) {
      endOfLine(r, p + 1, le);
      return out;
    }
    throw BAIL;
  }
}
