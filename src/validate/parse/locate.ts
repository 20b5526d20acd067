/**
 * Line/column recovery for findings, done lazily: only documents that have findings are looked
 * at. Block-style YAML (nearly all manifests) is located by a line scan that follows the path's
 * keys and list indexes by indentation; anything else (flow style, anchors) is re-parsed with
 * `yaml`'s document model, which keeps source positions.
 */
import type { Finding } from '../types';
import type { DocumentText, SourceTexts } from './texts';
import { splitPath } from './yaml';

type YamlModule = typeof import('yaml');

interface Located {
  readonly line: number;
  readonly column: number;
}

/** Documents re-parsed with `yaml` at most, per call (the rest get the document's first line). */
const MAX_SLOW_DOCUMENTS = 500;

/**
 * Fills `line`/`column` of findings that lack them, from `texts` (what parseManifests or
 * readInputs returned for the files the findings name). Findings of other files are returned
 * unchanged.
 */
export function locateFindings(findings: readonly Finding[], texts: SourceTexts): Finding[] {
  let YAML: YamlModule | undefined;
  let slow = 0;
  // the document last looked at: findings come sorted by file and document, so one is enough
  // (a cache of every document with findings held them all when most documents had one)
  let current: { key: string; dt: DocumentText | undefined; lines: string[]; yaml?: { doc: import('yaml').Document.Parsed; lc: import('yaml').LineCounter } | null } | undefined;
  return findings.map((f) => {
    if (f.line !== undefined && f.column !== undefined) return f;
    const key = `${f.file}\u0000${f.documentIndex}`;
    if (current?.key !== key) {
      const dt = texts.documentText(f.file, f.documentIndex);
      current = { key, dt, lines: dt ? dt.text.split('\n') : [] };
    }
    const { dt, lines } = current;
    if (!dt) return f;
    const keys = splitPath(f.path);
    let pos: Located | undefined = keys.length === 0 ? firstContentLine(lines) : scanBlockPath(lines, keys);
    if (!pos && keys.length > 0) {
      if (current.yaml === undefined && slow < MAX_SLOW_DOCUMENTS) {
        slow++;
        YAML ??= require('yaml') as YamlModule;
        try {
          const lc = new YAML.LineCounter();
          current.yaml = { doc: YAML.parseDocument(dt.text, { lineCounter: lc, uniqueKeys: false }), lc };
        } catch {
          current.yaml = null;
        }
      }
      if (current.yaml) pos = locateWithYaml(YAML!, current.yaml.doc, current.yaml.lc, keys);
    }
    const loc: Located = pos ? { line: dt.line + pos.line - 1, column: pos.column } : { line: dt.line, column: 1 };
    return { ...f, line: f.line ?? loc.line, column: f.column ?? loc.column };
  });
}

function indentOf(line: string): number {
  let k = 0;
  while (k < line.length && line.charCodeAt(k) === 32) k++;
  return k;
}

function isBlankOrComment(line: string, ind: number): boolean {
  return ind === line.length || line.charCodeAt(ind) === 35;
}

function firstContentLine(lines: string[]): Located | undefined {
  for (let i = 0; i < lines.length; i++) {
    const ind = indentOf(lines[i]);
    if (!isBlankOrComment(lines[i], ind) && !lines[i].startsWith('---')) return { line: i + 1, column: ind + 1 };
  }
  return undefined;
}

/** Where a mapping key starts on a line ('key:' possibly after '- ' prefixes), or -1. */
function keyColumn(line: string, ind: number, key: string): number {
  let k = ind;
  while (line.charCodeAt(k) === 45 && line.charCodeAt(k + 1) === 32) {
    k += 2;
    while (line.charCodeAt(k) === 32) k++;
  }
  for (const form of [key, JSON.stringify(key), `'${key}'`]) {
    if (line.startsWith(form, k)) {
      let e = k + form.length;
      while (line.charCodeAt(e) === 32) e++;
      if (line.charCodeAt(e) === 58 && (e + 1 === line.length || line.charCodeAt(e + 1) === 32)) return k;
    }
  }
  return -1;
}

/** A node being walked: its lines [from, to) and the column its content must be right of. */
interface Span {
  from: number;
  to: number;
  parentCol: number;
}

/** Where key k of the mapping in `span` is ({ line: -1 } when it is not there). */
function findKey(lines: string[], span: Span, k: string): { line: number; col: number } {
  // the node's keys sit at the first content column greater than parentCol
  let nodeCol = -1;
  for (let i = span.from; i < span.to; i++) {
    const line = lines[i];
    const ind = indentOf(line);
    if (isBlankOrComment(line, ind)) continue;
    if (ind <= span.parentCol && i !== span.from) break;
    // the key may follow '- ' on the line that opens a list item
    const c = keyColumn(line, ind, k);
    const contentCol = i === span.from ? contentStart(line, ind) : ind;
    if (nodeCol < 0) nodeCol = contentCol;
    if (c >= 0 && (c === nodeCol || (i === span.from && c > span.parentCol))) return { line: i, col: c };
  }
  return { line: -1, col: -1 };
}

/** Where item k of the block sequence in `span` is ({ line: -1 } when it is not; undefined when it is no block sequence). */
function findItem(lines: string[], span: Span, k: number): { line: number; col: number } | undefined {
  // lines with '- ' at the sequence's column
  let seqCol = -1;
  let count = -1;
  for (let i = span.from; i < span.to; i++) {
    const line = lines[i];
    const ind = indentOf(line);
    if (isBlankOrComment(line, ind)) continue;
    if (ind <= span.parentCol && i !== span.from) break;
    const dash = i === span.from ? line.indexOf('- ', ind) : ind;
    if (seqCol < 0) {
      if (line.charCodeAt(dash) !== 45) return undefined; // flow sequence or not a list
      seqCol = dash;
    }
    if (dash === seqCol && line.charCodeAt(dash) === 45 && (line.charCodeAt(dash + 1) === 32 || dash + 1 === line.length)) {
      if (++count === k) return { line: i, col: dash };
    } else if (ind < seqCol) break;
  }
  return { line: -1, col: -1 };
}

/** End (exclusive) of the node found at line `found`, column `col`: the first line at or left of col. */
function nodeEnd(lines: string[], found: number, col: number, to: number): number {
  let end = found + 1;
  while (end < to) {
    const line = lines[end];
    const ind = indentOf(line);
    if (!isBlankOrComment(line, ind) && ind <= col) break;
    end++;
  }
  return end;
}

/** End of a key's value when the next step is `next`: a block sequence may sit at the key's own column ('key:\n- a'). */
function valueEnd(lines: string[], end: number, col: number, next: string | number | undefined): number {
  let to = end;
  while (to < lines.length) {
    const line = lines[to];
    const ind = indentOf(line);
    // blank lines, and for an index the items and their deeper lines ('key:\n- a: 1\n  b: 2')
    if (isBlankOrComment(line, ind) || (typeof next === 'number' && (ind > col || (ind === col && line.charCodeAt(ind) === 45)))) to++;
    else break;
  }
  return to;
}

/** Where the walk answers when step s is absent from `span`: the deepest existing parent, when the text leaves no doubt. */
function absent(lines: string[], span: Span, k: string | number, s: number, result: Located | undefined, lastItemLine: number): Located | undefined {
  // the key's text appears nowhere in the node: else ask yaml
  if (typeof k === 'string') {
    for (let i = span.from; i < span.to; i++) if (lines[i].includes(k)) return undefined;
  }
  return s === 0 ? documentStart(lines) : lastItemLine >= 0 ? itemStart(lines, lastItemLine, result!.column - 1) : result;
}

/**
 * Follows the path through block YAML by indentation. Returns undefined when the text does not
 * look like plain block YAML for this path (the caller then asks `yaml`).
 */
export function scanBlockPath(lines: string[], keys: (string | number)[]): Located | undefined {
  const span: Span = { from: 0, to: lines.length, parentCol: -1 };
  let result: Located | undefined;
  let lastItemLine = -1; // line of the last list item walked into (its '- '), when the last step was an index
  for (let s = 0; s < keys.length; s++) {
    const k = keys[s];
    const at = typeof k === 'string' ? findKey(lines, span, k) : findItem(lines, span, k);
    if (!at) return undefined;
    if (at.line < 0) return absent(lines, span, k, s, result, lastItemLine);
    result = { line: at.line + 1, column: at.col + 1 };
    lastItemLine = typeof k === 'number' ? at.line : -1;
    const end = nodeEnd(lines, at.line, at.col, span.to);
    if (typeof k === 'number') {
      Object.assign(span, { from: at.line, to: end, parentCol: at.col });
      continue;
    }
    // a value on the same line ends the walk unless more keys follow (then it must be a block)
    const rest = lines[at.line].slice(at.col).replace(/^[^:]*:\s*/, '');
    if (s < keys.length - 1 && rest !== '' && !rest.startsWith('#') && !rest.startsWith('|') && !rest.startsWith('>')) {
      return rest.startsWith('[') || rest.startsWith('{') ? undefined : result;
    }
    const next = keys[s + 1];
    Object.assign(span, { from: at.line + 1, to: valueEnd(lines, end, at.col, next), parentCol: typeof next === 'number' ? at.col - 1 : at.col });
  }
  // a list item is where its content starts (as in yaml's model), not its '- '
  return lastItemLine >= 0 ? itemStart(lines, lastItemLine, result!.column - 1) : result;
}

/** Plain characters a block key or scalar may start with (not an indicator: - [ { & ! * | > % # ' etc.). */
function plainStart(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 34 || c === 46 || c === 47;
}

/** Where yaml's model starts the document's content (its first key), when that is plain. */
function documentStart(lines: string[]): Located | undefined {
  const first = firstContentLine(lines);
  if (!first || first.column !== 1) return undefined;
  return plainStart(lines[first.line - 1].charCodeAt(0)) ? first : undefined;
}

/** Where yaml's model starts the list item whose '- ' is at (line, dash): the content after it on that line, when plain. */
function itemStart(lines: string[], line: number, dash: number): Located | undefined {
  const text = lines[line];
  let k = dash + 1;
  while (text.charCodeAt(k) === 32) k++;
  if (k >= text.length || !plainStart(text.charCodeAt(k))) return undefined;
  return { line: line + 1, column: k + 1 };
}

/** Column where the content of a line starts after any '- ' prefixes. */
function contentStart(line: string, ind: number): number {
  let k = ind;
  while (line.charCodeAt(k) === 45 && line.charCodeAt(k + 1) === 32) {
    k += 2;
    while (line.charCodeAt(k) === 32) k++;
  }
  return k;
}

/** Position of the node at `path` (or of its key, or of the deepest existing parent). */
export function locateWithYaml(YAML: YamlModule, doc: import('yaml').Document.Parsed, lc: import('yaml').LineCounter, keys: (string | number)[]): Located | undefined {
  let node: unknown = doc.contents;
  let best: number | undefined = rangeStart(node);
  for (const k of keys) {
    if (YAML.isAlias(node)) node = node.resolve(doc);
    if (YAML.isMap(node)) {
      const pair = node.items.find((p) => (YAML.isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(k));
      if (!pair) break;
      best = rangeStart(pair.key) ?? best;
      node = pair.value;
    } else if (YAML.isSeq(node) && typeof k === 'number') {
      const item = node.items[k];
      if (item === undefined) break;
      best = rangeStart(item) ?? best;
      node = item;
    } else {
      break;
    }
  }
  if (best === undefined) return undefined;
  const p = lc.linePos(best);
  return { line: p.line, column: p.col };
}

function rangeStart(node: unknown): number | undefined {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? r[0] : undefined;
}
