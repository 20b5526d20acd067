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
 * splitting it into lines, and slices only the final keys and values. Where it is lives in a
 * Reader (fast-reader.ts), one per call; scalars are in fast-scalars.ts, block scalars in
 * fast-block.ts.
 */
import { literalBlock } from './fast-block';
import { Bail, BAIL, charCodesOf, endOfLine, isMarkerLine, isSeqItem, KEY_STACK_SIZE, nextContent, Reader } from './fast-reader';
import { doubleQuoted, flowSeq, PLAIN_START, plainKeyAt, plainScalar, singleQuoted } from './fast-scalars';

export { charCodesOf, Reader, type CharCodes } from './fast-reader';

export const FALLBACK: unique symbol = Symbol('fallback');
export type FastResult = unknown | typeof FALLBACK;

const hasOwn = Object.prototype.hasOwnProperty;

/** Mapping keys listed per mapping for the duplicate check (more are looked up as properties). */
const MAX_LISTED_KEYS = 12;

/** Parses a whole text as one document; FALLBACK when it is outside the fast subset. */
export function fastParse(text: string): FastResult {
  if (text.indexOf('\t') >= 0 || text.indexOf('\r') >= 0) return FALLBACK;
  return fastParseRange(new Reader(text, charCodesOf(text)), 0, text.length);
}

/**
 * Parses r.src[start, stop) as one document; FALLBACK when it is outside the fast subset. The
 * caller has made sure the range holds no tab and no carriage return. Afterwards r.maxDepth and
 * r.breaks tell the document's depth and line breaks.
 */
export function fastParseRange(r: Reader, start: number, stop: number): FastResult {
  r.begin(start, stop);
  try {
    r.cur = nextContent(r, start);
    if (r.cur === r.eof) return undefined;
    if (r.contentIndent === 0 && r.u[r.cur] === 45 && isMarkerLine(r, r.cur, r.lineEnd)) {
      // an explicit document start ('---' alone on its line, as the first document of a stream
      // keeps it): the document is what follows, or null
      r.cur = nextContent(r, r.lineEnd + 1);
      if (r.cur === r.eof) return null;
    }
    if (r.contentIndent === 0) {
      const c = r.u[r.cur];
      if (c === 37 /* % */ || ((c === 45 || c === 46) && r.src.startsWith(c === 45 ? '---' : '...', r.cur) && r.cur + 3 <= r.lineEnd)) return FALLBACK;
    }
    const v = parseNode(r, r.contentIndent);
    if (r.cur !== r.eof) return FALLBACK; // something left over (less indented content, '...', etc.)
    return v;
  } catch (e) {
    if (e instanceof Bail) return FALLBACK;
    if (e instanceof RangeError) return FALLBACK;
    throw e;
  }
}

/** The node whose first content line is the current line, indented by `ind`. */
function parseNode(r: Reader, ind: number): unknown {
  if (isSeqItem(r, r.cur, ind, r.lineEnd)) return parseSeq(r, ind);
  return parseMap(r, ind);
}

/** A quoted key at ks (quote character q) followed by ':'; returns the key, sets resume after ':'. */
function quotedKey(r: Reader, ks: number, le: number, q: number): string {
  const close = r.src.indexOf(q === 34 ? '"' : "'", ks + 1);
  if (close < 0 || close + 1 >= le || r.u[close + 1] !== 58 /* : */) throw BAIL;
  const key = r.src.slice(ks + 1, close);
  if (q === 34 && key.indexOf('\\') >= 0) throw BAIL;
  if (key === '__proto__' || key === '<<') throw BAIL;
  r.resume = close + 2;
  return key;
}

/** The key of the pair on the line [ks, le); sets resume after its ':'. */
function keyAt(r: Reader, ks: number, le: number): string {
  const c = r.u[ks];
  if (c === 34 /* " */ || c === 39 /* ' */) return quotedKey(r, ks, le, c);
  // the key runs to the first ':' of the line
  const p = r.src.indexOf(':', ks);
  if (p < 0 || p >= le || p === ks) throw BAIL;
  r.resume = p + 1;
  return plainKeyAt(r, ks, p);
}

/**
 * Refuses a duplicate key of the mapping whose keys start at r.keyStack[listed] (n listed so
 * far): js-yaml reports it. Returns the new number listed.
 */
function listKey(r: Reader, obj: Record<string, unknown>, listed: number, n: number, key: string): number {
  if (n < MAX_LISTED_KEYS && listed + n < KEY_STACK_SIZE) {
    const stack = r.keyStack;
    for (let i = listed; i < listed + n; i++) if (stack[i] === key) throw BAIL;
    stack[listed + n] = key;
    r.keyTop = listed + n + 1;
    return n + 1;
  }
  if (obj[key] !== undefined && hasOwn.call(obj, key)) throw BAIL;
  return n;
}

/**
 * Block mapping whose first key is on the current line at column `ind`. Leaves cur on the next
 * content line after the mapping (or eof).
 */
function parseMap(r: Reader, ind: number): Record<string, unknown> {
  if (++r.depth > r.maxDepth) r.maxDepth = r.depth;
  const obj: Record<string, unknown> = {};
  // the first keys of the mapping, to refuse a duplicate without a property lookup
  const listed = r.keyTop;
  let n = 0;
  for (;;) {
    const le = r.lineEnd;
    const key = keyAt(r, r.cur + ind, le);
    const rest = r.resume;
    if (rest < le && r.u[rest] !== 32) throw BAIL; // 'a:b' is not a pair
    n = listKey(r, obj, listed, n, key);
    obj[key] = parseValueAfter(r, rest, le, ind, true);
    r.keyTop = listed + n; // nested mappings listed their keys above this mapping's
    const next = nextContent(r, r.resume);
    r.cur = next;
    if (next === r.eof) break;
    const ni = r.contentIndent;
    if (ni < ind) break;
    if (ni > ind) throw BAIL; // continuation of a multi-line scalar, or an error: js-yaml decides
    if (isSeqItem(r, next, ind, r.lineEnd)) throw BAIL; // '- ' at a mapping's indentation outside a value
  }
  r.keyTop = listed;
  r.depth--;
  return obj;
}

const MORE = 0;
const DONE = 1;

/** Where a sequence goes after an item: MORE items, or DONE (cur is past it). */
function afterItem(r: Reader, ind: number): number {
  if (r.cur === r.eof) return DONE;
  const ni = r.contentIndent;
  if (ni < ind) return DONE;
  if (ni > ind) throw BAIL;
  return isSeqItem(r, r.cur, ind, r.lineEnd) ? MORE : DONE; // else the parent mapping continues
}

/** Block sequence whose first dash is on the current line at column `ind`. Leaves cur like parseMap. */
function parseSeq(r: Reader, ind: number): unknown[] {
  if (++r.depth > r.maxDepth) r.maxDepth = r.depth;
  const arr: unknown[] = [];
  const u = r.u;
  for (;;) {
    const ls = r.cur;
    const le = r.lineEnd;
    // content after '- '
    let k = ls + ind + 1;
    while (k < le && u[k] === 32) k++;
    if (k >= le || u[k] === 35 /* # */) {
      if (k < le && u[k - 1] !== 32) throw BAIL;
      // '-' alone: the item is the nested block below; an empty item (null) is left to js-yaml,
      // which reads a following less-indented '- x' as part of the inner sequence
      const item = nestedBlock(r, ind, false, le);
      if (item === null) throw BAIL;
      arr.push(item);
    } else if (isSeqItem(r, k, 0, le)) {
      throw BAIL; // '- - x'
    } else if (looksLikePair(r, k, le)) {
      // compact mapping: '- key: value' continues at column k - ls (parseMap reads the first
      // key there and only looks at the indentation of the lines after it); it leaves cur on
      // the next content line (or eof), contentIndent its indentation
      arr.push(parseMap(r, k - ls));
      if (afterItem(r, ind) === MORE) continue;
      break;
    } else {
      arr.push(parseValueAfter(r, k - 1, le, ind, false));
    }
    r.cur = nextContent(r, r.resume);
    if (afterItem(r, ind) === DONE) break;
  }
  r.depth--;
  return arr;
}

/** Whether the text at k (before le, the end of its line) is 'key:' followed by a space or the end of the line. */
function looksLikePair(r: Reader, k: number, le: number): boolean {
  const u = r.u;
  const c = u[k];
  if (c === 34 || c === 39) {
    const close = r.src.indexOf(c === 34 ? '"' : "'", k + 1);
    return close > 0 && close + 1 < le && u[close + 1] === 58 && (close + 2 === le || u[close + 2] === 32);
  }
  const colon = r.src.indexOf(':', k);
  if (colon < 0 || colon >= le) return false;
  if (colon + 1 !== le && u[colon + 1] !== 32) {
    // 'http://x' style: a colon not followed by a space does not separate a pair; anything
    // more complicated is left to js-yaml
    const sep = r.src.indexOf(': ', colon + 1);
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
function parseValueAfter(r: Reader, restStart: number, le: number, ind: number, inMap: boolean): unknown {
  const u = r.u;
  let k = restStart;
  while (k < le && u[k] === 32) k++;
  if (k >= le) return nestedBlock(r, ind, inMap, le);
  const c = u[k];
  if (c < 128 && PLAIN_START[c] === 1) {
    if (c === 45 && (k + 1 === le || u[k + 1] === 32)) throw BAIL; // '- '
    r.resume = le + 1;
    return plainScalar(r, k, le);
  }
  return otherValue(r, c, k, le, ind, inMap);
}

/** Indicators other than those otherValue reads: > & * ! % @ ` ? } ] , : (1). */
const INDICATOR = new Uint8Array(128);
for (const ch of '>&*!%@`?}],:') INDICATOR[ch.charCodeAt(0)] = 1;

/** parseValueAfter for a value starting with c at k that is not a plain ASCII scalar. */
function otherValue(r: Reader, c: number, k: number, le: number, ind: number, inMap: boolean): unknown {
  let v: unknown;
  switch (c) {
    case 35 /* # */:
      return nestedBlock(r, ind, inMap, le);
    case 124 /* | */:
      return literalBlock(r, k, le, ind);
    case 34 /* " */:
      v = doubleQuoted(r, k, le);
      endOfLine(r, r.resume, le);
      break;
    case 39 /* ' */:
      v = singleQuoted(r, k, le);
      endOfLine(r, r.resume, le);
      break;
    case 91 /* [ */:
      v = flowSeq(r, k, le);
      break;
    case 123 /* { */:
      v = emptyFlowMap(r, k, le);
      break;
    default:
      // the other indicators start what the fast path leaves to js-yaml
      if (c < 128 && INDICATOR[c] === 1) throw BAIL;
      v = plainScalar(r, k, le); // a plain scalar starting with a non-ASCII character
  }
  r.resume = le + 1;
  return v;
}

/** '{}' at k, alone on its line (other flow mappings are left to js-yaml). */
function emptyFlowMap(r: Reader, k: number, le: number): Record<string, unknown> {
  let e = k + 1;
  while (e < le && r.u[e] === 32) e++;
  if (e >= le || r.u[e] !== 125) throw BAIL;
  endOfLine(r, e + 1, le);
  return {};
}

/**
 * The block below a 'key:' or '-' with nothing after it (le: the end of that line): a more
 * indented node, a sequence at the same indentation (allowed for mapping values), or null.
 */
function nestedBlock(r: Reader, ind: number, inMap: boolean, le: number): unknown {
  const j = nextContent(r, le + 1);
  r.resume = j;
  if (j === r.eof) return null;
  const ni = r.contentIndent;
  let v: unknown = null;
  if (ni > ind) {
    r.cur = j;
    v = parseNode(r, ni);
  } else if (inMap && ni === ind && isSeqItem(r, j, ind, r.lineEnd)) {
    r.cur = j;
    v = parseSeq(r, ind);
  } else {
    return null;
  }
  // the node leaves cur on the next content line: the caller's scan starts there again
  r.resume = r.cur;
  return v;
}
