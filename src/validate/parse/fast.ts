/**
 * A fast path for the YAML that manifests are made of: block mappings and sequences, plain and
 * simply-quoted scalars, one-line flow sequences, `{}`/`[]` and literal block scalars (`|`).
 *
 * It returns exactly what js-yaml (core schema) returns for the same text, or FALLBACK as soon as
 * it meets anything else (anchors, aliases, tags, escapes, folded or multi-line scalars, flow
 * mappings, tabs, CR line ends, duplicate keys, …): the caller then parses the document with
 * js-yaml. A differential test holds it to that contract over the corpus and random documents.
 * Scalars are resolved with js-yaml's own core-schema types, so numbers, booleans and nulls agree.
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

let lines: string[] = [];
let n = 0;
let i = 0;
let depth = 0;
/** Deepest nesting of the last document fastParse answered for (blocks and flow sequences). */
export let lastFastDepth = 0;

function indentOf(line: string): number {
  let k = 0;
  while (k < line.length && line.charCodeAt(k) === 32) k++;
  return k;
}

/** Indentation of the line the last nextContent call returned (so callers need not rescan it). */
let contentIndent = 0;

/** Skips blank and comment lines; returns the index of the next content line (or n). */
function nextContent(from: number): number {
  let j = from;
  while (j < n) {
    const line = lines[j];
    const k = indentOf(line);
    if (k === line.length) {
      j++;
      continue;
    }
    if (line.charCodeAt(k) === 35 /* # */) {
      j++;
      continue;
    }
    contentIndent = k;
    return j;
  }
  return n;
}

/** Parses a document; FALLBACK when it is outside the fast subset. */
export function fastParse(text: string): FastResult {
  if (text.indexOf('\t') >= 0 || text.indexOf('\r') >= 0) return FALLBACK;
  lines = text.split('\n');
  n = lines.length;
  try {
    depth = 0;
    lastFastDepth = 0;
    i = nextContent(0);
    if (i >= n) return undefined;
    const first = lines[i];
    if (first.startsWith('---') || first.startsWith('...') || first.startsWith('%')) return FALLBACK;
    const ind = indentOf(first);
    const v = parseNode(ind);
    i = nextContent(i);
    if (i < n) return FALLBACK; // something left over (less indented content, '...', etc.)
    return v;
  } catch (e) {
    if (e instanceof Bail) return FALLBACK;
    if (e instanceof RangeError) return FALLBACK;
    throw e;
  } finally {
    lines = [];
  }
}

function isSeqItem(line: string, ind: number): boolean {
  return line.charCodeAt(ind) === 45 /* - */ && (ind + 1 === line.length || line.charCodeAt(ind + 1) === 32);
}

/** The node whose first content line is lines[i], indented by `ind`. */
function parseNode(ind: number): unknown {
  const line = lines[i];
  if (isSeqItem(line, ind)) return parseSeq(ind);
  return parseMap(ind);
}

function parseMap(ind: number): Record<string, unknown> {
  if (++depth > lastFastDepth) lastFastDepth = depth;
  try {
    return parseMapBody(ind);
  } finally {
    depth--;
  }
}

function parseMapBody(ind: number): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (;;) {
    const line = lines[i];
    const c = line.charCodeAt(ind);
    let key: string;
    let restStart: number;
    if (c === 34 /* " */) {
      const close = line.indexOf('"', ind + 1);
      if (close < 0) throw BAIL;
      key = line.slice(ind + 1, close);
      if (key.indexOf('\\') >= 0 || line.charCodeAt(close + 1) !== 58 /* : */) throw BAIL;
      restStart = close + 2;
    } else if (c === 39 /* ' */) {
      const close = line.indexOf("'", ind + 1);
      if (close < 0 || line.charCodeAt(close + 1) !== 58) throw BAIL;
      key = line.slice(ind + 1, close);
      restStart = close + 2;
    } else {
      let colon = ind;
      for (;;) {
        if (colon >= line.length) throw BAIL;
        const d = line.charCodeAt(colon);
        if (d === 58) break;
        // A-Z a-z 0-9 _ . / -
        if (!((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || (d >= 48 && d <= 57) || d === 95 || d === 46 || d === 47 || d === 45)) throw BAIL;
        colon++;
      }
      if (colon === ind) throw BAIL;
      const first = line.charCodeAt(ind);
      if (first === 46 || first === 47 || first === 45) throw BAIL;
      const raw = line.slice(ind, colon);
      const resolved = resolvePlain(raw);
      key = typeof resolved === 'string' ? resolved : String(resolved);
      restStart = colon + 1;
    }
    if (restStart < line.length && line.charCodeAt(restStart) !== 32) throw BAIL; // 'a:b' is not a pair
    if (key === '__proto__' || key === '<<') throw BAIL;
    if (obj[key] !== undefined && hasOwn.call(obj, key)) throw BAIL; // duplicate: js-yaml reports it
    obj[key] = parseValueAfter(line, restStart, ind, true);
    i = nextContent(i + 1);
    if (i >= n) return obj;
    const next = lines[i];
    const ni = contentIndent;
    if (ni < ind) return obj;
    if (ni > ind) throw BAIL; // continuation of a multi-line scalar, or an error: js-yaml decides
    if (isSeqItem(next, ind)) throw BAIL; // '- ' at a mapping's indentation outside a value
  }
}

function parseSeq(ind: number): unknown[] {
  if (++depth > lastFastDepth) lastFastDepth = depth;
  try {
    return parseSeqBody(ind);
  } finally {
    depth--;
  }
}

function parseSeqBody(ind: number): unknown[] {
  const arr: unknown[] = [];
  for (;;) {
    const line = lines[i];
    // content after '- '
    let k = ind + 1;
    while (k < line.length && line.charCodeAt(k) === 32) k++;
    if (k >= line.length || line.charCodeAt(k) === 35 /* # */) {
      if (k < line.length && line.charCodeAt(k - 1) !== 32) throw BAIL;
      // '-' alone: the item is the nested block below; an empty item (null) is left to js-yaml,
      // which reads a following less-indented '- x' as part of the inner sequence
      const item = nestedBlock(ind, false);
      if (item === null) throw BAIL;
      arr.push(item);
    } else if (isSeqItem(line, k)) {
      throw BAIL; // '- - x'
    } else if (looksLikePair(line, k)) {
      // compact mapping: '- key: value' continues at column k (parseMap reads the first key at
      // column k and only looks at the indentation of the lines after it)
      arr.push(parseMap(k));
      // parseMap leaves i at the next content line (or n)
      if (i >= n) return arr;
      const ni = indentOf(lines[i]);
      if (ni < ind) return arr;
      if (ni === ind && isSeqItem(lines[i], ind)) continue;
      if (ni === ind) return arr; // the parent mapping continues
      throw BAIL;
    } else {
      arr.push(parseValueAfter(line, k - 1, ind, false));
    }
    i = nextContent(i + 1);
    if (i >= n) return arr;
    const next = lines[i];
    const ni = contentIndent;
    if (ni < ind) return arr;
    if (ni > ind) throw BAIL;
    if (!isSeqItem(next, ind)) return arr; // back to the parent mapping at the same indentation
  }
}

/** Whether the text at k is 'key:' followed by a space or the end of the line. */
function looksLikePair(line: string, k: number): boolean {
  const c = line.charCodeAt(k);
  if (c === 34 || c === 39) {
    const close = line.indexOf(String.fromCharCode(c), k + 1);
    return close > 0 && line.charCodeAt(close + 1) === 58 && (close + 2 === line.length || line.charCodeAt(close + 2) === 32);
  }
  const colon = line.indexOf(':', k);
  if (colon < 0) return false;
  if (colon + 1 !== line.length && line.charCodeAt(colon + 1) !== 32) {
    // 'http://x' style: a colon not followed by a space does not separate a pair; anything
    // more complicated is left to js-yaml
    if (line.indexOf(': ', colon + 1) >= 0 || line.endsWith(':')) throw BAIL;
    return false;
  }
  if (c === 63 || c === 45 || c === 91 || c === 123 || c === 38 || c === 42 || c === 33) throw BAIL;
  return true;
}

/**
 * The value after 'key:' (at restStart, pointing at the space or the end) or after '- '.
 * `ind` is the indentation of the owning key or dash.
 */
function parseValueAfter(line: string, restStart: number, ind: number, inMap: boolean): unknown {
  let k = restStart;
  while (k < line.length && line.charCodeAt(k) === 32) k++;
  if (k >= line.length || line.charCodeAt(k) === 35 /* # */) {
    return nestedBlock(ind, inMap);
  }
  const c = line.charCodeAt(k);
  switch (c) {
    case 34 /* " */: {
      const close = line.indexOf('"', k + 1);
      if (close < 0) throw BAIL;
      const s = line.slice(k + 1, close);
      if (s.indexOf('\\') >= 0) throw BAIL;
      endOfLine(line, close + 1);
      return s;
    }
    case 39 /* ' */: {
      let out = '';
      let p = k + 1;
      for (;;) {
        const q = line.indexOf("'", p);
        if (q < 0) throw BAIL;
        out += line.slice(p, q);
        if (line.charCodeAt(q + 1) === 39) {
          out += "'";
          p = q + 2;
          continue;
        }
        endOfLine(line, q + 1);
        return out;
      }
    }
    case 91 /* [ */:
      return flowSeq(line, k);
    case 123 /* { */: {
      let e = k + 1;
      while (e < line.length && line.charCodeAt(e) === 32) e++;
      if (line.charCodeAt(e) !== 125) throw BAIL;
      endOfLine(line, e + 1);
      return {};
    }
    case 124 /* | */:
      return literalBlock(line, k, ind);
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
      throw BAIL;
    default: {
      if (c === 58 || (c === 45 && (k + 1 === line.length || line.charCodeAt(k + 1) === 32))) throw BAIL; // ':' / '- '
      let end = line.length;
      const hash = line.indexOf(' #', k);
      if (hash >= 0) end = hash;
      let s = line.slice(k, end);
      let t = s.length;
      while (t > 0 && s.charCodeAt(t - 1) === 32) t--;
      if (t !== s.length) s = s.slice(0, t);
      if (s.indexOf(': ') >= 0 || s.charCodeAt(s.length - 1) === 58) throw BAIL;
      return resolvePlain(s);
    }
  }
}

/** After a closed scalar: only spaces, or spaces and a comment. */
function endOfLine(line: string, p: number): void {
  let k = p;
  while (k < line.length && line.charCodeAt(k) === 32) k++;
  if (k === line.length) return;
  if (line.charCodeAt(k) === 35 && k > p) return;
  throw BAIL;
}

/**
 * The block below a 'key:' or '-' with nothing after it: a more indented node, a sequence at
 * the same indentation (allowed for mapping values), or null.
 */
function nestedBlock(ind: number, inMap: boolean): unknown {
  const j = nextContent(i + 1);
  if (j >= n) return null;
  const line = lines[j];
  const ni = contentIndent;
  if (ni > ind) {
    i = j;
    const v = parseNode(ni);
    // parseNode leaves i on the next content line; step back so the caller's nextContent finds it
    i = i - 1;
    return v;
  }
  if (inMap && ni === ind && isSeqItem(line, ind)) {
    i = j;
    const v = parseSeq(ind);
    i = i - 1;
    return v;
  }
  return null;
}

/** A one-line flow sequence of scalars: [a, "b", 'c', 1]. */
function flowSeq(line: string, k: number): unknown[] {
  const out: unknown[] = [];
  let p = k + 1;
  const skip = (): void => {
    while (p < line.length && line.charCodeAt(p) === 32) p++;
  };
  skip();
  if (line.charCodeAt(p) === 93) {
    endOfLine(line, p + 1);
    return out;
  }
  for (;;) {
    skip();
    const c = line.charCodeAt(p);
    if (c === 34) {
      const close = line.indexOf('"', p + 1);
      if (close < 0) throw BAIL;
      const s = line.slice(p + 1, close);
      if (s.indexOf('\\') >= 0) throw BAIL;
      out.push(s);
      p = close + 1;
    } else if (c === 39) {
      let s = '';
      let q = p + 1;
      for (;;) {
        const e = line.indexOf("'", q);
        if (e < 0) throw BAIL;
        s += line.slice(q, e);
        if (line.charCodeAt(e + 1) === 39) {
          s += "'";
          q = e + 2;
          continue;
        }
        p = e + 1;
        break;
      }
      out.push(s);
    } else {
      let e = p;
      while (e < line.length) {
        const d = line.charCodeAt(e);
        if (d === 44 || d === 93) break;
        // characters that change the meaning in flow context
        if (d === 91 || d === 123 || d === 125 || d === 35 || d === 58 || d === 34 || d === 39 || d === 38 || d === 42 || d === 33 || d === 63 || d === 124 || d === 62 || d === 37 || d === 64 || d === 96) throw BAIL;
        e++;
      }
      let s = line.slice(p, e);
      let t = s.length;
      while (t > 0 && s.charCodeAt(t - 1) === 32) t--;
      s = s.slice(0, t);
      if (s.length === 0) throw BAIL;
      if (s.charCodeAt(0) === 45 && (s.length === 1 || s.charCodeAt(1) === 32)) throw BAIL;
      out.push(resolvePlain(s));
      p = e;
    }
    skip();
    const d = line.charCodeAt(p);
    if (d === 44) {
      p++;
      continue;
    }
    if (d === 93) {
      endOfLine(line, p + 1);
      return out;
    }
    throw BAIL;
  }
}

/** Literal block scalar: '|', '|-' or '|+' (optionally followed by a comment). */
function literalBlock(line: string, k: number, ind: number): string {
  let p = k + 1;
  let chomp: 'clip' | 'strip' | 'keep' = 'clip';
  const c = line.charCodeAt(p);
  if (c === 45) {
    chomp = 'strip';
    p++;
  } else if (c === 43) {
    chomp = 'keep';
    p++;
  }
  if (p < line.length) {
    const d = line.charCodeAt(p);
    if (d !== 32) throw BAIL; // indentation indicators and the like
    endOfLine(line, p);
  }
  // find the content indentation from the first non-blank line
  let j = i + 1;
  let contentIndent = -1;
  let maxLeadingBlank = 0;
  while (j < n) {
    const l = lines[j];
    const li = indentOf(l);
    if (li === l.length) {
      if (li > maxLeadingBlank) maxLeadingBlank = li;
      j++;
      continue;
    }
    contentIndent = li;
    break;
  }
  if (contentIndent <= ind || j >= n) {
    // empty block scalar: js-yaml's handling of trailing blank lines is subtle; leave it to js-yaml
    throw BAIL;
  }
  if (maxLeadingBlank > contentIndent) throw BAIL;
  const parts: string[] = [];
  // leading blank lines become empty lines
  for (let b = i + 1; b < j; b++) parts.push('');
  let last = j;
  while (last < n) {
    const l = lines[last];
    const li = indentOf(l);
    if (li === l.length) {
      if (li > contentIndent) parts.push(l.slice(contentIndent));
      else parts.push('');
      last++;
      continue;
    }
    if (li < contentIndent) break;
    parts.push(l.slice(contentIndent));
    last++;
  }
  // the last line of a file has no '\n' after it: split gave a final '' for a trailing newline
  const endsFile = last >= n;
  let trailing = 0;
  while (parts.length > 0 && parts[parts.length - 1] === '') {
    parts.pop();
    trailing++;
  }
  if (endsFile) {
    // the final '' of split() is not a line
    if (trailing > 0) trailing--;
    else throw BAIL; // no newline at the end of the file after the block: let js-yaml decide
  }
  let text = parts.join('\n');
  if (chomp === 'clip') text += '\n';
  else if (chomp === 'keep') text += '\n' + '\n'.repeat(trailing);
  // the caller continues after the block's last line
  i = last - 1;
  return text;
}
