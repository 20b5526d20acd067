/**
 * A fast path for the YAML that manifests are made of: block mappings and sequences, plain and
 * simply-quoted scalars, one-line flow sequences, `{}`/`[]` and literal block scalars (`|`).
 *
 * It returns exactly what js-yaml (kubectl's YAML schema, see schema-yaml11.ts) returns for the
 * same text, or FALLBACK as soon as it meets anything else (anchors, aliases, tags, escapes,
 * folded or multi-line scalars, flow mappings, tabs, CR line ends, duplicate keys, …): the caller
 * then parses the document with js-yaml. A differential test holds it to that contract over the
 * corpus and random documents.
 *
 * It reads one range of a text (a document of a stream) in a single pass with offsets, without
 * splitting it into lines, and slices only the final keys and values. Keys and short plain
 * values are remembered by a hash of their characters, so the many repeated ones (`name`,
 * `apiVersion`, `TCP`, `http`) are neither sliced nor resolved again.
 */
import { BOOL_WORDS, IMPLICIT_SCALAR_TYPES } from './schema-yaml11';

export const FALLBACK: unique symbol = Symbol('fallback');
export type FastResult = unknown | typeof FALLBACK;

interface YamlType {
  resolve(data: string): boolean;
  construct(data: string): unknown;
}
const IMPLICIT = IMPLICIT_SCALAR_TYPES as unknown as readonly YamlType[];

const hasOwn = Object.prototype.hasOwnProperty;

class Bail extends Error {}
const BAIL = new Bail();

/** Resolves a plain scalar like KUBECTL_YAML_SCHEMA (null, YAML 1.1 bool and octal, int, float, else string). */
function resolvePlain(s: string): unknown {
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

/**
 * Caches of plain keys and short plain values by a hash of their characters: the characters
 * (in a pool, compared without building a string) and what they resolve to. A slot holds the
 * last text that hashed to it (a miss just replaces it).
 */
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

/** The character codes of a text, one element per UTF-16 code unit (what charCodeAt returns). */
export type CharCodes = Uint8Array | Uint16Array;
const NO_CODES: CharCodes = new Uint8Array(0);

/**
 * The character codes of a text, for the parser to read as array elements (cheaper than
 * charCodeAt, before and after the code is optimised): its bytes when the text is ASCII, else its
 * UTF-16 code units.
 */
export function charCodesOf(text: string): CharCodes {
  if (Buffer.byteLength(text, 'utf8') === text.length) return Buffer.from(text, 'latin1');
  const b = Buffer.from(text, 'utf16le');
  if (b.byteOffset % 2 === 0) return new Uint16Array(b.buffer, b.byteOffset, text.length);
  const out = new Uint16Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** Keys of the mappings being read, innermost last (each lists its first MAX_LISTED_KEYS keys). */
const KEY_STACK_SIZE = 4096;
const MAX_LISTED_KEYS = 12;
const keyStack: string[] = new Array<string>(KEY_STACK_SIZE).fill('');
let keyTop = 0;

// The text being parsed, its character codes and the range [start, end) of the document in it.
let src = '';
let u: CharCodes = NO_CODES;
let end = 0;
/** Past the last line: what the line scanners return when no line is left. */
let eof = 1;
/** Start of the current content line (set by the parsers), or eof. */
let cur = 0;
/** End of the line nextContent last returned (its '\n', or end). */
let lineEnd = 0;
/** Indentation of the line nextContent last returned. */
let contentIndent = 0;
/** Where the line scan continues after a value (set by every value parser). */
let resume = 0;
let depth = 0;
let maxDepth = 0;

/** Deepest nesting of the last document the fast path answered for (blocks and flow sequences). */
export function lastFastDepth(): number {
  return maxDepth;
}

/** Line breaks in the document the fast path last answered for (counted once each as they are met). */
let breaks = 0;
/** The last line break counted. */
let lastBreak = -1;

/** Line breaks in the range of the last document the fast path answered for. */
export function lastFastLineBreaks(): number {
  return breaks;
}

/** Counts the line break at nl, unless it was met before (a line can be looked at twice). */
function lineBreakAt(nl: number): void {
  if (nl > lastBreak) {
    lastBreak = nl;
    breaks++;
  }
}

/** End of the line containing p: its '\n', or the end of the range. */
function lineEndAt(p: number): number {
  const nl = src.indexOf('\n', p);
  if (nl < 0 || nl >= end) return end;
  lineBreakAt(nl);
  return nl;
}

/**
 * Skips blank and comment lines from the line starting at `from`; returns the start of the next
 * content line (setting contentIndent and lineEnd), or eof.
 */
function nextContent(from: number): number {
  const cu = u;
  const e = end;
  let p = from;
  while (p <= e) {
    let k = p;
    while (k < e && cu[k] === 32) k++;
    if (k === e) return eof;
    const c = cu[k];
    if (c === 10) {
      lineBreakAt(k);
      p = k + 1;
      continue;
    }
    if (c === 35 /* # */) {
      p = lineEndAt(k) + 1;
      continue;
    }
    contentIndent = k - p;
    lineEnd = lineEndAt(k);
    return p;
  }
  return eof;
}

/** Parses a whole text as one document; FALLBACK when it is outside the fast subset. */
export function fastParse(text: string): FastResult {
  if (text.indexOf('\t') >= 0 || text.indexOf('\r') >= 0) return FALLBACK;
  return fastParseRange(text, charCodesOf(text), 0, text.length);
}

/**
 * Parses text[start, stop) as one document; FALLBACK when it is outside the fast subset.
 * `codes` are charCodesOf(text). The caller has made sure the range holds no tab and no
 * carriage return.
 */
export function fastParseRange(text: string, codes: CharCodes, start: number, stop: number): FastResult {
  src = text;
  u = codes;
  end = stop;
  eof = stop + 1;
  try {
    depth = 0;
    maxDepth = 0;
    breaks = 0;
    lastBreak = start - 1;
    keyTop = 0;
    cur = nextContent(start);
    if (cur === eof) return undefined;
    if (contentIndent === 0 && u[cur] === 45 && isMarkerLine(cur, lineEnd)) {
      // an explicit document start ('---' alone on its line, as the first document of a stream
      // keeps it): the document is what follows, or null
      cur = nextContent(lineEnd + 1);
      if (cur === eof) return null;
    }
    if (contentIndent === 0) {
      const c = u[cur];
      if (c === 37 /* % */ || ((c === 45 || c === 46) && src.startsWith(c === 45 ? '---' : '...', cur) && cur + 3 <= lineEnd)) return FALLBACK;
    }
    const v = parseNode(contentIndent);
    if (cur !== eof) return FALLBACK; // something left over (less indented content, '...', etc.)
    return v;
  } catch (e) {
    if (e instanceof Bail) return FALLBACK;
    if (e instanceof RangeError) return FALLBACK;
    throw e;
  } finally {
    src = '';
    u = NO_CODES;
  }
}

/** Whether the line [ls, le) is '---' followed by nothing, spaces, or spaces and a comment. */
function isMarkerLine(ls: number, le: number): boolean {
  if (ls + 3 > le || !src.startsWith('---', ls)) return false;
  let k = ls + 3;
  if (k === le) return true;
  if (u[k] !== 32) return false;
  while (k < le && u[k] === 32) k++;
  return k === le || u[k] === 35;
}

/** Whether the line starting at ls has a sequence dash ('-' then a space or the end) at column ind. */
function isSeqItem(ls: number, ind: number, le: number): boolean {
  const p = ls + ind;
  return u[p] === 45 /* - */ && (p + 1 === le || u[p + 1] === 32);
}

/** The node whose first content line is the current line, indented by `ind`. */
function parseNode(ind: number): unknown {
  if (isSeqItem(cur, ind, lineEnd)) return parseSeq(ind);
  return parseMap(ind);
}


/** A quoted key at ks (quote character q) followed by ':'; returns the key, sets resume after ':'. */
function quotedKey(ks: number, le: number, q: number): string {
  const close = src.indexOf(q === 34 ? '"' : "'", ks + 1);
  if (close < 0 || close + 1 >= le || u[close + 1] !== 58 /* : */) throw BAIL;
  const key = src.slice(ks + 1, close);
  if (q === 34 && key.indexOf('\\') >= 0) throw BAIL;
  if (key === '__proto__' || key === '<<') throw BAIL;
  resume = close + 2;
  return key;
}

/**
 * Block mapping whose first key is on the current line at column `ind`. Leaves cur on the next
 * content line after the mapping (or eof).
 */
function parseMap(ind: number): Record<string, unknown> {
  if (++depth > maxDepth) maxDepth = depth;
  const obj: Record<string, unknown> = {};
  // the first keys of the mapping, to refuse a duplicate without a property lookup
  const listed = keyTop;
  let n = 0;
  for (;;) {
    const ls = cur;
    const le = lineEnd;
    const ks = ls + ind;
    const c = u[ks];
    let key: string;
    let rest: number;
    if (c === 34 /* " */ || c === 39 /* ' */) {
      key = quotedKey(ks, le, c);
      rest = resume;
    } else {
      // the key runs to the first ':' of the line; a remembered key (checked when it was first
      // read) is recognised by comparing its characters, any other is checked now
      const cu = u;
      const p = src.indexOf(':', ks);
      if (p < 0 || p >= le) throw BAIL;
      const len = p - ks;
      if (len === 0) throw BAIL;
      const slot = slotOf((Math.imul(Math.imul(c, 31) + cu[p - 1], 31) + cu[ks + (len >> 1)]) | 0, len);
      const base = slot * MAX_CACHED_KEY;
      let q = 0;
      if (keyLength[slot] === len) while (q < len && keyChars[base + q] === cu[ks + q]) q++;
      key = q === len ? keyResolved[slot] : plainKey(ks, p, slot);
      rest = p + 1;
    }
    if (rest < le && u[rest] !== 32) throw BAIL; // 'a:b' is not a pair
    // a duplicate key: js-yaml reports it
    if (n < MAX_LISTED_KEYS && listed + n < KEY_STACK_SIZE) {
      for (let i = listed; i < listed + n; i++) if (keyStack[i] === key) throw BAIL;
      keyStack[listed + n] = key;
      keyTop = listed + ++n;
    } else if (obj[key] !== undefined && hasOwn.call(obj, key)) throw BAIL;
    obj[key] = parseValueAfter(rest, le, ind, true);
    keyTop = listed + n; // nested mappings listed their keys above this mapping's
    const next = nextContent(resume);
    cur = next;
    if (next === eof) break;
    const ni = contentIndent;
    if (ni < ind) break;
    if (ni > ind) throw BAIL; // continuation of a multi-line scalar, or an error: js-yaml decides
    if (isSeqItem(next, ind, lineEnd)) throw BAIL; // '- ' at a mapping's indentation outside a value
  }
  keyTop = listed;
  depth--;
  return obj;
}

/**
 * A plain key [ks, p) as js-yaml reads it: resolved like a value, then made a string. Only
 * A-Z a-z 0-9 _ . / - are taken, not . / - first.
 */
function plainKey(ks: number, p: number, slot: number): string {
  const c = u[ks];
  if (c === 46 || c === 47 || c === 45) throw BAIL;
  for (let k = ks; k < p; k++) {
    const d = u[k];
    if (d >= 128 || KEY_CHAR[d] === 0) throw BAIL;
  }
  const resolved = resolvePlain(src.slice(ks, p));
  const key = typeof resolved === 'string' ? resolved : String(resolved);
  if (key === '__proto__') throw BAIL;
  // remembered in its cache slot (the characters were checked above)
  const len = p - ks;
  if (len <= MAX_CACHED_KEY) {
    const base = slot * MAX_CACHED_KEY;
    for (let r = 0; r < len; r++) keyChars[base + r] = u[ks + r];
    keyLength[slot] = len;
    keyResolved[slot] = key;
  }
  return key;
}


/** Block sequence whose first dash is on the current line at column `ind`. Leaves cur like parseMap. */
function endSeq(arr: unknown[]): unknown[] {
  depth--;
  return arr;
}

function parseSeq(ind: number): unknown[] {
  if (++depth > maxDepth) maxDepth = depth;
  const arr: unknown[] = [];
  for (;;) {
    const ls = cur;
    const le = lineEnd;
    // content after '- '
    let k = ls + ind + 1;
    while (k < le && u[k] === 32) k++;
    if (k >= le || u[k] === 35 /* # */) {
      if (k < le && u[k - 1] !== 32) throw BAIL;
      // '-' alone: the item is the nested block below; an empty item (null) is left to js-yaml,
      // which reads a following less-indented '- x' as part of the inner sequence
      const item = nestedBlock(ind, false, le);
      if (item === null) throw BAIL;
      arr.push(item);
    } else if (isSeqItem(k, 0, le)) {
      throw BAIL; // '- - x'
    } else if (looksLikePair(k, le)) {
      // compact mapping: '- key: value' continues at column k - ls (parseMap reads the first
      // key there and only looks at the indentation of the lines after it)
      arr.push(parseMap(k - ls));
      // parseMap leaves cur on the next content line (or eof), contentIndent its indentation
      if (cur === eof) return endSeq(arr);
      const ni = contentIndent;
      if (ni < ind) return endSeq(arr);
      if (ni === ind && isSeqItem(cur, ind, lineEnd)) continue;
      if (ni === ind) return endSeq(arr); // the parent mapping continues
      throw BAIL;
    } else {
      arr.push(parseValueAfter(k - 1, le, ind, false));
    }
    const next = nextContent(resume);
    cur = next;
    if (next === eof) return endSeq(arr);
    const ni = contentIndent;
    if (ni < ind) return endSeq(arr);
    if (ni > ind) throw BAIL;
    if (!isSeqItem(next, ind, lineEnd)) return endSeq(arr); // back to the parent mapping at the same indentation
  }
}

/** Whether the text at k (before le, the end of its line) is 'key:' followed by a space or the end of the line. */
function looksLikePair(k: number, le: number): boolean {
  const c = u[k];
  if (c === 34 || c === 39) {
    const close = src.indexOf(c === 34 ? '"' : "'", k + 1);
    return close > 0 && close + 1 < le && u[close + 1] === 58 && (close + 2 === le || u[close + 2] === 32);
  }
  const colon = src.indexOf(':', k);
  if (colon < 0 || colon >= le) return false;
  if (colon + 1 !== le && u[colon + 1] !== 32) {
    // 'http://x' style: a colon not followed by a space does not separate a pair; anything
    // more complicated is left to js-yaml
    const sep = src.indexOf(': ', colon + 1);
    if ((sep >= 0 && sep + 1 < le) || u[le - 1] === 58) throw BAIL;
    return false;
  }
  if (c === 63 || c === 45 || c === 91 || c === 123 || c === 38 || c === 42 || c === 33) throw BAIL;
  return true;
}

/**
 * The value after 'key:' (at restStart, pointing at the space or the end of the line) or after
 * '- '. `le` is the end of the line, `ind` the indentation of the owning key or dash. Sets
 * resume to where the line scan continues.
 */
function parseValueAfter(restStart: number, le: number, ind: number, inMap: boolean): unknown {
  let k = restStart;
  while (k < le && u[k] === 32) k++;
  if (k >= le) return nestedBlock(ind, inMap, le);
  const c = u[k];
  if (c < 128 && PLAIN_START[c] === 1) {
    if (c === 45 && (k + 1 === le || u[k + 1] === 32)) throw BAIL; // '- '
    resume = le + 1;
    return plainScalar(k, le);
  }
  return otherValue(c, k, le, ind, inMap);
}

/** ASCII characters a plain scalar starts with as it is (1); the others start other nodes. */
const PLAIN_START = new Uint8Array(128);
for (let c = 33; c < 127; c++) PLAIN_START[c] = 1;
for (const ch of '#"\'[{|>&*!%@`?}],:') PLAIN_START[ch.charCodeAt(0)] = 0;

/** parseValueAfter for a value starting with c at k that is not a plain ASCII scalar. */
function otherValue(c: number, k: number, le: number, ind: number, inMap: boolean): unknown {
  switch (c) {
    case 35 /* # */:
      return nestedBlock(ind, inMap, le);
    case 34 /* " */: {
      const close = src.indexOf('"', k + 1);
      if (close < 0 || close >= le) throw BAIL;
      const s = src.slice(k + 1, close);
      if (s.indexOf('\\') >= 0) throw BAIL;
      endOfLine(close + 1, le);
      resume = le + 1;
      return s;
    }
    case 39 /* ' */: {
      const s = singleQuoted(k, le);
      endOfLine(resume, le);
      resume = le + 1;
      return s;
    }
    case 91 /* [ */: {
      const v = flowSeq(k, le);
      resume = le + 1;
      return v;
    }
    case 123 /* { */: {
      let e = k + 1;
      while (e < le && u[e] === 32) e++;
      if (e >= le || u[e] !== 125) throw BAIL;
      endOfLine(e + 1, le);
      resume = le + 1;
      return {};
    }
    case 124 /* | */:
      return literalBlock(k, le, ind);
    case 62 /* > */:
    case 38 /* & */:
    case 42 /* * */:
    case 33 /* ! */:
    case 37 /* % */:
    case 64 /* @ */:
    case 96 /* ` */:
    case 63 /* ? */:
    case 125 /* } */:
    case 93 /* ] */:
    case 44 /* , */:
    case 58 /* : */:
      throw BAIL;
    default:
      // a plain scalar starting with a non-ASCII character
      resume = le + 1;
      return plainScalar(k, le);
  }
}

/**
 * A plain scalar from k to the end of the line or a ' #' comment, trailing spaces dropped.
 * Falls back on ': ' or a final ':' (a nested pair, which js-yaml refuses).
 */
function plainScalar(k: number, le: number): unknown {
  const s = src;
  const cu = u;
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
  if (len > MAX_CACHED_VALUE) return resolvePlain(s.slice(k, t));
  const slot = slotOf(hEnd, len);
  const base = slot * MAX_CACHED_VALUE;
  if (valueLength[slot] === len) {
    let q = 0;
    while (q < len && valueChars[base + q] === cu[k + q]) q++;
    if (q === len) return valueResolved[slot];
  }
  return rememberValue(slot, k, len);
}

/** Reads the plain value [k, k + len) and remembers it in its cache slot. */
function rememberValue(slot: number, k: number, len: number): unknown {
  const v = resolvePlain(src.slice(k, k + len));
  const base = slot * MAX_CACHED_VALUE;
  for (let r = 0; r < len; r++) valueChars[base + r] = u[k + r];
  valueLength[slot] = len;
  valueResolved[slot] = v;
  return v;
}

/** A single-quoted scalar opening at k ('' is a quote); sets resume after the closing quote. */
function singleQuoted(k: number, le: number): string {
  let out = '';
  let p = k + 1;
  for (;;) {
    const q = src.indexOf("'", p);
    if (q < 0 || q >= le) throw BAIL;
    if (q + 1 < le && u[q + 1] === 39) {
      out += src.slice(p, q + 1);
      p = q + 2;
      continue;
    }
    resume = q + 1;
    return p === k + 1 ? src.slice(p, q) : out + src.slice(p, q);
  }
}

/** After a closed scalar at p: only spaces, or spaces and a comment, up to le. */
function endOfLine(p: number, le: number): void {
  let k = p;
  while (k < le && u[k] === 32) k++;
  if (k === le) return;
  if (u[k] === 35 && k > p) return;
  throw BAIL;
}

/**
 * The block below a 'key:' or '-' with nothing after it (le: the end of that line): a more
 * indented node, a sequence at the same indentation (allowed for mapping values), or null.
 */
function nestedBlock(ind: number, inMap: boolean, le: number): unknown {
  const j = nextContent(le + 1);
  resume = j;
  if (j === eof) return null;
  const ni = contentIndent;
  if (ni > ind) {
    cur = j;
    const v = parseNode(ni);
    // parseNode leaves cur on the next content line: the caller's scan starts there again
    resume = cur;
    return v;
  }
  if (inMap && ni === ind && isSeqItem(j, ind, lineEnd)) {
    cur = j;
    const v = parseSeq(ind);
    resume = cur;
    return v;
  }
  return null;
}

/** A one-line flow sequence of scalars from k ('[') to le: [a, "b", 'c', 1]. */
function flowSeq(k: number, le: number): unknown[] {
  const out: unknown[] = [];
  let p = k + 1;
  while (p < le && u[p] === 32) p++;
  if (p < le && u[p] === 93) {
    endOfLine(p + 1, le);
    return out;
  }
  for (;;) {
    while (p < le && u[p] === 32) p++;
    if (p >= le) throw BAIL;
    const c = u[p];
    if (c === 34) {
      const close = src.indexOf('"', p + 1);
      if (close < 0 || close >= le) throw BAIL;
      const s = src.slice(p + 1, close);
      if (s.indexOf('\\') >= 0) throw BAIL;
      out.push(s);
      p = close + 1;
    } else if (c === 39) {
      out.push(singleQuoted(p, le));
      p = resume;
    } else {
      let e = p;
      while (e < le) {
        const d = u[e];
        if (d === 44 || d === 93) break;
        // characters that change the meaning in flow context
        if (d === 91 || d === 123 || d === 125 || d === 35 || d === 58 || d === 34 || d === 39 || d === 38 || d === 42 || d === 33 || d === 63 || d === 124 || d === 62 || d === 37 || d === 64 || d === 96) throw BAIL;
        e++;
      }
      let t = e;
      while (t > p && u[t - 1] === 32) t--;
      if (t === p) throw BAIL;
      if (u[p] === 45 && (t === p + 1 || u[p + 1] === 32)) throw BAIL;
      out.push(resolvePlain(src.slice(p, t)));
      p = e;
    }
    while (p < le && u[p] === 32) p++;
    const d = p < le ? u[p] : -1;
    if (d === 44) {
      p++;
      continue;
    }
    if (d === 93) {
      endOfLine(p + 1, le);
      return out;
    }
    throw BAIL;
  }
}

/**
 * Literal block scalar: '|', '|-' or '|+' (optionally followed by a comment) at k, on a line
 * ending at le, owned by a key or dash at column ind. Sets resume to the first line after it.
 */
function literalBlock(k: number, le: number, ind: number): string {
  let p = k + 1;
  let chomp = 0; // 0 clip, 1 strip, 2 keep
  const c = p < le ? u[p] : -1;
  if (c === 45) {
    chomp = 1;
    p++;
  } else if (c === 43) {
    chomp = 2;
    p++;
  }
  if (p < le) {
    if (u[p] !== 32) throw BAIL; // indentation indicators and the like
    endOfLine(p, le);
  }
  // the content indentation is that of the first non-blank line
  let j = le + 1;
  let blockIndent = -1;
  let maxLeadingBlank = 0;
  let leadingBlank = 0;
  while (j <= end) {
    let q = j;
    while (q < end && u[q] === 32) q++;
    if (q === end || u[q] === 10) {
      if (q < end) lineBreakAt(q);
      if (q - j > maxLeadingBlank) maxLeadingBlank = q - j;
      leadingBlank++;
      j = q + 1;
      continue;
    }
    blockIndent = q - j;
    break;
  }
  if (blockIndent <= ind || j > end) {
    // empty block scalar: js-yaml's handling of trailing blank lines is subtle; leave it to js-yaml
    throw BAIL;
  }
  if (maxLeadingBlank > blockIndent) throw BAIL;
  // leading blank lines become empty lines
  let text = leadingBlank > 0 ? '\n'.repeat(leadingBlank) : '';
  /** Blank lines seen since the last content line (each '' or its spaces beyond the indentation). */
  let pendingBlank = '';
  let trailing = 0;
  let last = j;
  let any = false;
  while (last <= end) {
    let q = last;
    while (q < end && u[q] === 32) q++;
    if (q === end || u[q] === 10) {
      if (q < end) lineBreakAt(q);
      if (q - last > blockIndent) {
        // spaces beyond the indentation are content: flush the blank lines before it
        text += (any ? '\n' : '') + pendingBlank + src.slice(last + blockIndent, q);
        pendingBlank = '';
        trailing = 0;
        any = true;
      } else {
        pendingBlank += '\n';
        trailing++;
      }
      last = q + 1;
      continue;
    }
    if (q - last < blockIndent) break;
    const e = lineEndAt(q);
    text += (any ? '\n' : '') + pendingBlank + src.slice(last + blockIndent, e);
    pendingBlank = '';
    trailing = 0;
    any = true;
    last = e + 1;
  }
  if (last > end) {
    // the block runs to the end of the text: a last line without '\n' (split's final '') is not a line
    if (trailing > 0) trailing--;
    else throw BAIL; // no newline at the end of the text after the block: let js-yaml decide
  }
  if (chomp === 0) text += '\n';
  else if (chomp === 2) text += '\n' + '\n'.repeat(trailing);
  // the caller continues after the block's last line
  resume = last;
  return text;
}
