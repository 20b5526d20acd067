/**
 * A fast YAML emitter for the JSON-shaped values `ApiObject.toJson()` produces, whose output is
 * byte-identical to cdk8s `Yaml.stringify` (the `yaml` package, YAML 1.1 schema, `lineWidth: 0`,
 * `keepUndefined: true`; documents joined with `---\n`, an `undefined` document written as an
 * empty line).
 *
 * Why: `Yaml.stringify` builds a node tree per document and tests every scalar against every tag
 * of the schema; it costs about 50x `JSON.stringify` of the same data and was most of the time of
 * a synth. This module writes the block style directly, following the same rules (which strings
 * need quotes, single or double, block literals with their chomping and indentation indicators,
 * the YAML 1.1 words and number-like strings, empty collections as `{}` / `[]`).
 *
 * Whatever it is not certain to write identically makes it hand that one document (documents are
 * independent) to cdk8s `Yaml.stringify` itself: an object referenced twice in a document (the
 * `yaml` package writes an anchor and an alias), a value that is not plain JSON data (class
 * instances, Dates, Maps, objects with `toJSON`, bigint, functions, symbols), the string `<<` (the
 * merge key), a key longer than 1024 characters, a top-level value that is not a plain object.
 * test/emit-yaml.test.ts compares the two byte for byte on random and adversarial values.
 */
import { Yaml } from 'cdk8s';

/** Thrown (and caught in this module) when a document must go to cdk8s `Yaml.stringify`. */
class Unsupported {}
const UNSUPPORTED = new Unsupported();

const INDENT_STEP = '  ';

// ------------------------------------------------------------------------------------------
// Scalars. Each rule below mirrors one of the `yaml` package's string rules for the options
// cdk8s uses (lineWidth 0 = never folded, so folding is never applied).

/** Characters that force a double-quoted string (control characters, lone surrogates). */
const FORCE_DOUBLE = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}]/u;

/** A plain scalar cannot start with an indicator, hold ': ' or ' #', or end in a space or ':'. */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;

/** Lines starting with '%', '---' or '...' would read as a directive or document marker. */
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;

/**
 * Strings that a YAML 1.1 reader resolves to something other than a string (null, booleans such
 * as yes/no/on/off/y/n, ints in any base, floats, sexagesimal numbers, timestamps): written
 * plain they would change type, so they are quoted. The same patterns as the `yaml` package's
 * 1.1 schema (test/emit-yaml.test.ts checks that they are the patterns of the schema cdk8s uses).
 */
export const YAML11_NON_STRING: readonly RegExp[] = [
  /^(?:~|[Nn]ull|NULL)?$/,
  /^(?:Y|y|[Yy]es|YES|[Tt]rue|TRUE|[Oo]n|ON)$/,
  /^(?:N|n|[Nn]o|NO|[Ff]alse|FALSE|[Oo]ff|OFF)$/,
  /^[-+]?0b[0-1_]+$/,
  /^[-+]?0[0-7_]+$/,
  /^[-+]?[0-9][0-9_]*$/,
  /^[-+]?0x[0-9a-fA-F_]+$/,
  /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/,
  /^[-+]?(?:[0-9][0-9_]*)?(?:\.[0-9_]*)?[eE][-+]?[0-9]+$/,
  /^[-+]?(?:[0-9][0-9_]*)?\.[0-9_]*$/,
  /^<<$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+$/,
  /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*$/,
  /^([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})(?:(?:t|T|[ \t]+)([0-9]{1,2}):([0-9]{1,2}):([0-9]{1,2}(\.[0-9]+)?)(?:[ \t]*(Z|[-+][012]?[0-9](?::[0-9]{2})?))?)?$/,
];

/**
 * Every pattern above needs one of these characters; most names, labels and images have
 * letters besides these, which lets them skip the pattern tests.
 */
const MAY_BE_NON_STRING = /^[-+0-9.~<NnYyTtFfOoEe]|^$/;

function resolvesToNonString(value: string): boolean {
  if (!MAY_BE_NON_STRING.test(value)) return false;
  for (const re of YAML11_NON_STRING) if (re.test(value)) return true;
  return false;
}

function doubleQuoted(value: string, indentIn: string, implicitKey: boolean): string {
  const json = JSON.stringify(value);
  const indent = indentIn || (DOCUMENT_MARKER.test(value) ? INDENT_STEP : '');
  let str = '';
  let start = 0;
  for (let i = 0, ch = json[i]; ch; ch = json[++i]) {
    if (ch === ' ' && json[i + 1] === '\\' && json[i + 2] === 'n') {
      // a space before a line break is escaped, or the reader would fold it away
      str += json.slice(start, i) + '\\ ';
      i += 1;
      start = i;
      ch = '\\';
    }
    if (ch === '\\') {
      switch (json[i + 1]) {
        case 'u': {
          str += json.slice(start, i);
          const code = json.substr(i + 2, 4);
          switch (code) {
            case '0000': str += '\\0'; break;
            case '0007': str += '\\a'; break;
            case '000b': str += '\\v'; break;
            case '001b': str += '\\e'; break;
            case '0085': str += '\\N'; break;
            case '00a0': str += '\\_'; break;
            case '2028': str += '\\L'; break;
            case '2029': str += '\\P'; break;
            default:
              str += code.substr(0, 2) === '00' ? '\\x' + code.substr(2) : json.substr(i, 6);
          }
          i += 5;
          start = i + 1;
          break;
        }
        case 'n':
          if (implicitKey || json[i + 2] === '"' || json.length < 40) {
            i += 1;
          } else {
            // a line break is written as an empty line (the reader folds the first one away)
            str += json.slice(start, i) + '\n\n';
            while (json[i + 2] === '\\' && json[i + 3] === 'n' && json[i + 4] !== '"') {
              str += '\n';
              i += 2;
            }
            str += indent;
            // a space after a line break is escaped, or the reader would fold it away
            if (json[i + 2] === ' ') str += '\\';
            i += 1;
            start = i + 1;
          }
          break;
        default:
          i += 1;
      }
    }
  }
  return start ? str + json.slice(start) : json;
}

function singleQuoted(value: string, indentIn: string, implicitKey: boolean): string {
  if ((implicitKey && value.includes('\n')) || /[ \t]\n|\n[ \t]/.test(value)) {
    return doubleQuoted(value, indentIn, implicitKey);
  }
  const indent = indentIn || (DOCUMENT_MARKER.test(value) ? INDENT_STEP : '');
  return "'" + value.replace(/'/g, "''").replace(/\n+/g, `$&\n${indent}`) + "'";
}

/** Single quotes when the string holds a double quote and no single one, else double quotes. */
function quoted(value: string, indent: string, implicitKey: boolean): string {
  const hasDouble = value.includes('"');
  const hasSingle = value.includes("'");
  return hasDouble && !hasSingle
    ? singleQuoted(value, indent, implicitKey)
    : doubleQuoted(value, indent, implicitKey);
}

let blockEndNewlines: RegExp;
try {
  blockEndNewlines = new RegExp('(^|(?<!\n))\n+(?!\n|$)', 'g');
} catch {
  blockEndNewlines = /\n+(?!\n|$)/g;
}

/** A multi-line value: a literal block (`|`), with chomping and indentation indicators as needed. */
function blockLiteral(valueIn: string, indentIn: string, implicitKey: boolean): string {
  // A block cannot end in whitespace unless its last line has content.
  if (/\n[\t ]+$/.test(valueIn)) return quoted(valueIn, indentIn, implicitKey);
  let value = valueIn;
  const indent = indentIn || (DOCUMENT_MARKER.test(value) ? INDENT_STEP : '');
  if (!value) return '|\n';
  // chomping from the whitespace at the end
  let endStart: number;
  for (endStart = value.length; endStart > 0; --endStart) {
    const ch = value[endStart - 1];
    if (ch !== '\n' && ch !== '\t' && ch !== ' ') break;
  }
  let end = value.substring(endStart);
  const endNlPos = end.indexOf('\n');
  let chomp: string;
  if (endNlPos === -1) chomp = '-';
  else if (value === end || endNlPos !== end.length - 1) chomp = '+';
  else chomp = '';
  if (end) {
    value = value.slice(0, -end.length);
    if (end[end.length - 1] === '\n') end = end.slice(0, -1);
    end = end.replace(blockEndNewlines, `$&${indent}`);
  }
  // indentation indicator from the whitespace at the start
  let startWithSpace = false;
  let startEnd: number;
  let startNlPos = -1;
  for (startEnd = 0; startEnd < value.length; ++startEnd) {
    const ch = value[startEnd];
    if (ch === ' ') startWithSpace = true;
    else if (ch === '\n') startNlPos = startEnd;
    else break;
  }
  let start = value.substring(0, startNlPos < startEnd ? startNlPos + 1 : startEnd);
  if (start) {
    value = value.substring(start.length);
    start = start.replace(/\n+/g, `$&${indent}`);
  }
  const header = (startWithSpace ? (indent ? '2' : '1') : '') + chomp;
  value = value.replace(/\n+/g, `$&${indent}`);
  return `|${header}\n${indent}${start}${value}${end}`;
}

/**
 * A string scalar as the `yaml` package writes it. `indent` is the indentation of the context
 * (the pair's for keys and values, the item's for sequence items); `topLevelKey` marks keys of
 * the document's own map (a key there starting with '---' or '...' is quoted).
 */
function stringScalar(value: string, indent: string, implicitKey: boolean, topLevelKey: boolean): string {
  if (value === '<<') throw UNSUPPORTED; // the merge key has a tag of its own
  if (FORCE_DOUBLE.test(value)) return doubleQuoted(value, indent, implicitKey);
  const multiLine = value.includes('\n');
  if (implicitKey && multiLine) return quoted(value, indent, implicitKey);
  if (NOT_PLAIN.test(value)) {
    return implicitKey || !multiLine ? quoted(value, indent, implicitKey) : blockLiteral(value, indent, implicitKey);
  }
  if (multiLine) return blockLiteral(value, indent, implicitKey);
  if (topLevelKey && DOCUMENT_MARKER.test(value)) return quoted(value, indent, implicitKey);
  if (resolvesToNonString(value)) return quoted(value, indent, implicitKey);
  return value;
}

/** Single-line value strings and non-top-level keys render the same at every depth: cached. */
const valueCache = new Map<string, string>();
const keyCache = new Map<string, string>();
const CACHE_MAX = 50_000;

function cached(cache: Map<string, string>, text: string, render: () => string): string {
  let s = cache.get(text);
  if (s === undefined) {
    s = render();
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(text, s);
  }
  return s;
}

function valueString(value: string, indent: string): string {
  if (value.includes('\n')) return stringScalar(value, indent, false, false);
  return cached(valueCache, value, () => stringScalar(value, indent, false, false));
}

function keyString(key: string, indent: string, topLevel: boolean): string {
  if (topLevel) return stringScalar(key, indent, true, true);
  return cached(keyCache, key, () => stringScalar(key, indent, true, false));
}

function numberScalar(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? '.nan' : n < 0 ? '-.inf' : '.inf';
  return Object.is(n, -0) ? '-0' : JSON.stringify(n);
}

// ------------------------------------------------------------------------------------------
// Collections.

type Kind = 'map' | 'seq' | 'scalar';

/** Per document: every object and array met, since the `yaml` package aliases a repeated one. */
const seen = new Set<object>();

function kindOf(v: unknown): Kind {
  if (v === null || typeof v !== 'object') return 'scalar';
  if (seen.has(v)) throw UNSUPPORTED;
  seen.add(v);
  const proto = Object.getPrototypeOf(v);
  if (proto === Array.prototype) {
    if (typeof (v as { toJSON?: unknown }).toJSON === 'function') throw UNSUPPORTED;
    return 'seq';
  }
  if (proto !== Object.prototype && proto !== null) throw UNSUPPORTED;
  if (typeof (v as { toJSON?: unknown }).toJSON === 'function' || Symbol.iterator in v) throw UNSUPPORTED;
  return 'map';
}

function scalar(v: unknown, indent: string): string {
  switch (typeof v) {
    case 'string': return valueString(v, indent);
    case 'number': return numberScalar(v);
    case 'boolean': return v ? 'true' : 'false';
    case 'undefined': return 'null';
    case 'object': if (v === null) return 'null'; break;
    default:
  }
  throw UNSUPPORTED;
}

/** INDENT[d]: the indentation of depth d (2 spaces a level); NEWLINE[d]: a line break into it. */
const INDENT: string[] = [''];
const NEWLINE: string[] = ['\n'];
function indentOf(depth: number): string {
  while (INDENT.length <= depth) {
    const next = INDENT[INDENT.length - 1] + INDENT_STEP;
    INDENT.push(next);
    NEWLINE.push('\n' + next);
  }
  return INDENT[depth];
}

/**
 * The output, appended to in order: cheaper than returning nested strings (whose intermediate
 * copies made most of the emitter's time garbage collection) or collecting pieces to join.
 */
let out = '';

/**
 * A non-empty map whose context sits at `depth` (the document's own map at 0; the map of a pair
 * value or of a sequence item one level under its key or dash): its lines start at that depth;
 * the caller has written whatever precedes the first line.
 */
function writeMap(obj: Record<string, unknown>, keys: readonly string[], depth: number): void {
  const pairDepth = depth + 1;
  const pairIndent = indentOf(pairDepth);
  const topLevel = depth === 0;
  const newline = NEWLINE[depth];
  for (let i = 0; i < keys.length; i++) {
    if (i > 0) out += newline;
    const key = keys[i];
    const k = keyString(key, pairIndent, topLevel);
    if (k.length > 1024) throw UNSUPPORTED; // written as an explicit '? key'
    const v = obj[key];
    const kind = kindOf(v);
    if (kind === 'scalar') {
      const s = scalar(v, pairIndent);
      out += k + (s === '' || s[0] === '\n' ? ':' : ': ') + s;
    } else if (kind === 'map') {
      const m = v as Record<string, unknown>;
      const mk = Object.keys(m);
      if (mk.length === 0) {
        out += k + ': {}';
      } else {
        out += k + ':' + NEWLINE[pairDepth];
        writeMap(m, mk, pairDepth);
      }
    } else {
      const a = v as unknown[];
      if (a.length === 0) {
        out += k + ': []';
      } else {
        out += k + ':' + NEWLINE[pairDepth];
        writeSeq(a, pairDepth);
      }
    }
  }
}

/** A non-empty sequence whose context sits at `depth`: '- ' items, their content one level in. */
function writeSeq(arr: readonly unknown[], depth: number): void {
  const itemDepth = depth + 1;
  const itemIndent = indentOf(itemDepth);
  const newline = NEWLINE[depth];
  for (let i = 0; i < arr.length; i++) {
    out += (i === 0 ? '- ' : newline + '- ');
    const v = arr[i];
    const kind = kindOf(v);
    if (kind === 'scalar') {
      out += scalar(v, itemIndent);
    } else if (kind === 'map') {
      const m = v as Record<string, unknown>;
      const mk = Object.keys(m);
      if (mk.length === 0) out += '{}';
      else writeMap(m, mk, itemDepth);
    } else {
      const a = v as unknown[];
      if (a.length === 0) out += '[]';
      else writeSeq(a, itemDepth);
    }
  }
}

/** Appends one document to `out`; false (with `out` as it was) when it must fall back. */
function writeDocument(doc: unknown): boolean {
  if (doc === undefined) {
    out += '\n';
    return true;
  }
  const mark = out;
  seen.clear();
  try {
    if (kindOf(doc) !== 'map') return false;
    const keys = Object.keys(doc as object);
    if (keys.length === 0) out += '{}';
    else writeMap(doc as Record<string, unknown>, keys, 0);
    out += '\n';
    return true;
  } catch (e) {
    if (e !== UNSUPPORTED) throw e;
    out = mark;
    return false;
  } finally {
    seen.clear();
  }
}

/**
 * One document as `Yaml.stringify(doc)` writes it, or undefined when this emitter is not certain
 * to match it byte for byte (the caller then uses `Yaml.stringify`).
 */
export function tryEmitDocument(doc: unknown): string | undefined {
  const saved = out;
  out = '';
  try {
    return writeDocument(doc) ? out : undefined;
  } finally {
    out = saved;
  }
}

/** Counts documents written, and those handed to `Yaml.stringify` (for tests and the bench). */
export const emitStats = { documents: 0, fallbacks: 0 };

/** Drop-in for cdk8s `Yaml.stringify(...docs)`: the same bytes, several times faster. */
export function emitYaml(...docs: unknown[]): string {
  const saved = out;
  out = '';
  try {
    for (let i = 0; i < docs.length; i++) {
      if (i > 0) out += '---\n';
      emitStats.documents++;
      if (!writeDocument(docs[i])) {
        emitStats.fallbacks++;
        out += Yaml.stringify(docs[i]);
      }
    }
    return out;
  } finally {
    out = saved;
  }
}
