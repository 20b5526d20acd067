/**
 * Parsing for validation: fast (js-yaml), document by document, never throwing.
 *
 * A stream is split into documents the way kubeconform (and kubectl's YAML reader) does: on
 * every line that starts with `---`. Each document is parsed on its own with js-yaml, so a
 * broken document costs one `parse/yaml` finding and the others are still validated.
 * js-yaml is ~10x faster than `yaml`'s document model; `yaml` is used only on the slow paths
 * (duplicate keys, line/column recovery for documents that have findings).
 */
import { mayHaveComplexKeys, renameComplexKeys } from './complex-keys';
import * as jsyaml from 'js-yaml';
import type { Finding, ManifestDocument } from '../types';
import { FALLBACK, charCodesOf, fastParseRange, Reader } from './fast';
import { ownString } from './fast-reader';
import { SourceTexts, type StreamTexts } from './texts';
import { KUBECTL_YAML_SCHEMA } from './schema-yaml11';

/** kubectl's scalar rules (YAML 1.1 booleans and octals) over js-yaml's core schema, with merge keys. */
const SCHEMA = KUBECTL_YAML_SCHEMA;

/** Largest expanded size (nodes) a document may reach through aliases. */
export const MAX_EXPANDED_NODES = 1_000_000;
/** Deepest nesting accepted in one document. */
export const MAX_DEPTH = 200;

export interface ParseResult {
  /** The documents, in order (none when ParseOptions.onDocument took them). */
  readonly docs: ManifestDocument[];
  readonly findings: Finding[];
  /** Where each document's text is, for locateFindings. */
  readonly texts: SourceTexts;
}

export interface ParseOptions {
  /** The text's bytes when it is ASCII (as many bytes as characters): read as its character codes. */
  readonly asciiBytes?: Uint8Array;
  /**
   * Given each document as soon as it is parsed, instead of collecting them in `docs`: the
   * caller can check a document and let it go before the next one is parsed.
   */
  readonly onDocument?: (doc: ManifestDocument) => void;
}

interface Chunk {
  readonly text: string;
  readonly line: number;
}

/**
 * Splits a stream on lines starting with `---` (kubeconform's SplitYAMLDocument: the separator
 * line is dropped, a leading `---` stays with the first document, which YAML accepts).
 */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  let startLine = 1;
  for (;;) {
    const sep = text.indexOf('\n---', start);
    if (sep < 0) break;
    chunks.push({ text: text.slice(start, sep + 1), line: startLine });
    const lines = countNewlines(text, start, sep + 1); // lines of the chunk, the separator follows
    const nl = text.indexOf('\n', sep + 1);
    if (nl < 0) return chunks; // the stream ends on the separator line
    start = nl + 1;
    startLine += lines + 1;
  }
  chunks.push({ text: text.slice(start), line: startLine });
  return chunks;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  let i = text.indexOf('\n', from);
  while (i >= 0 && i < to) {
    n++;
    i = text.indexOf('\n', i + 1);
  }
  return n;
}

function finding(file: string, documentIndex: number, rule: string, message: string, fix?: string, line?: number, column?: number): Finding {
  return { severity: 'error', rule, message, file, documentIndex, path: '', ...(fix ? { fix } : {}), ...(line ? { line } : {}), ...(column ? { column } : {}) };
}

/**
 * Parses a YAML (or JSON) stream into documents. Never throws: YAML errors, alias bombs and
 * too-deep documents become findings for that document only. Empty and comment-only
 * documents yield no ManifestDocument (they are fine) but keep their index. Everything the
 * parse needs lives in this call (a Reader for the fast path); the result carries the texts
 * locateFindings reads.
 */
export function parseManifests(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const docs: ManifestDocument[] = [];
  const findings: Finding[] = [];
  const onDocument = options.onDocument ?? ((d: ManifestDocument): void => void docs.push(d));
  const { stream } = parseStream(text, file, { ...options, onDocument }, findings, { line: 1, index: 0 });
  const texts = new SourceTexts();
  texts.add(stream);
  return { docs, findings, texts };
}

/** Where a part of a stream starts: its first line and the index of its first document. */
export interface StreamAt {
  readonly line: number;
  readonly index: number;
}

/**
 * Parses `text` as the part of a stream that starts at `at` (a whole stream starts at line 1,
 * document 0; a part cut at a separator line starts after it). Returns where its documents are
 * (offsets in `text`) and where the next part starts, when it ends just before a separator line.
 */
export function parseStream(
  text: string, file: string, options: ParseOptions & { readonly onDocument: (doc: ManifestDocument) => void }, findings: Finding[], at: StreamAt,
): { stream: StreamTexts; next: StreamAt } {
  let asciiBytes = options.asciiBytes;
  if (at.line === 1 && text.charCodeAt(0) === 0xfeff) {
    text = text.slice(1);
    asciiBytes = undefined;
  }
  const onDocument = options.onDocument;
  const stream: StreamTexts = { file, text, starts: [], stops: [], lines: [] };
  // the text's character codes: the input's bytes when they are ASCII
  const reader = new Reader(text, asciiBytes && asciiBytes.length === text.length ? asciiBytes : charCodesOf(text));
  // One pass over the stream, cutting documents as splitDocuments does: the fast path parses
  // each document in place (text offsets, character codes); only the documents it leaves to
  // js-yaml are sliced. Tabs and CRs send a document to js-yaml: they are found once.
  const slowChars = new SlowChars(text);
  let start = 0;
  let line = at.line;
  for (let index = at.index; ; index++) {
    const sep = text.indexOf('\n---', start);
    const stop = sep < 0 ? text.length : sep + 1;
    stream.starts.push(start);
    stream.stops.push(stop);
    stream.lines.push(line);
    const breaks = parseDocument(reader, slowChars.inRange(start, stop), { text, start, stop, line, file, index }, onDocument, findings);
    const next = { line: line + (breaks >= 0 ? breaks : countNewlines(text, start, stop)) + 1, index: index + 1 }; // and the separator line
    if (sep < 0) return { stream, next };
    const nl = text.indexOf('\n', stop);
    if (nl < 0) return { stream, next }; // the stream ends on the separator line
    line = next.line;
    start = nl + 1;
  }
}

/** Where the next tab and carriage return of a text are, asked for ranges in order. */
class SlowChars {
  private tab: number;
  private cr: number;

  constructor(private readonly text: string) {
    this.tab = text.indexOf('\t');
    this.cr = text.indexOf('\r');
  }

  /** Whether text[start, stop) holds a tab or a carriage return (ranges asked in increasing order). */
  inRange(start: number, stop: number): boolean {
    if (this.tab >= 0 && this.tab < start) this.tab = this.text.indexOf('\t', start);
    if (this.cr >= 0 && this.cr < start) this.cr = this.text.indexOf('\r', start);
    return (this.tab >= 0 && this.tab < stop) || (this.cr >= 0 && this.cr < stop);
  }
}

/** One document of a stream: text[start, stop), on line `line`, number `index` of `file`. */
interface DocumentRange {
  readonly text: string;
  readonly start: number;
  readonly stop: number;
  readonly line: number;
  readonly file: string;
  readonly index: number;
}

/**
 * Parses one document (fast path first, unless `slow`) and hands it to onDocument; returns its
 * line breaks when the fast path counted them, else -1.
 */
function parseDocument(reader: Reader, slow: boolean, d: DocumentRange, onDocument: (doc: ManifestDocument) => void, findings: Finding[]): number {
  let value: unknown = FALLBACK;
  if (!slow) {
    try {
      value = fastParseRange(reader, d.start, d.stop);
    } catch {
      value = FALLBACK; // never expected: js-yaml decides
    }
  }
  if (value !== FALLBACK && reader.maxDepth < MAX_DEPTH) {
    // the fast path takes no aliases and knows its depth: no expansion or depth check needed
    if (value !== undefined && value !== null) onDocument({ object: value, source: { file: d.file, documentIndex: d.index, line: d.line } });
    return reader.breaks;
  }
  // a copy: js-yaml's strings are slices of what it reads, and would keep the whole stream alive
  const r = parseChunk({ text: ownString(d.text.slice(d.start, d.stop)), line: d.line }, d.file, d.index, value);
  if (r.finding) findings.push(r.finding);
  if (r.doc) onDocument(r.doc);
  return -1;
}

interface ChunkResult {
  doc?: ManifestDocument;
  finding?: Finding;
}

/**
 * Loads one document like kubectl's YAML reader (go-yaml) would: `\'` in a double-quoted scalar
 * is accepted as a quote, and content after a `...` document-end marker is ignored (with a
 * warning) because go-yaml's Unmarshal reads only the first document.
 */
function loadLikeKubectl(text: string, file: string, warnings: string[]): unknown {
  let t = text;
  for (let attempt = 0; attempt < 1000; attempt++) {
    try {
      return jsyaml.load(t, { schema: SCHEMA, filename: file });
    } catch (e) {
      if (!(e instanceof jsyaml.YAMLException)) throw e;
      const pos = (e.mark as { position?: number } | undefined)?.position ?? -1;
      if (e.reason === 'unknown escape sequence' && t[pos] === "'" && t[pos - 1] === '\\') {
        t = t.slice(0, pos - 1) + t.slice(pos);
        continue;
      }
      if (e.reason === 'expected a single document in the stream, but found more') {
        const all = jsyaml.loadAll(t, undefined, { schema: SCHEMA, filename: file });
        warnings.push("content after the document end marker '...' is ignored (kubectl reads only the first document); use '---' to start a new document");
        return all[0];
      }
      throw e;
    }
  }
  return jsyaml.load(t, { schema: SCHEMA, filename: file });
}

/**
 * Parses one document the fast path did not answer: `fast` is FALLBACK, or what the fast path
 * read when it is too deep to take as it is.
 */
function parseChunk(chunk: Chunk, file: string, index: number, fast: unknown): ChunkResult {
  let value: unknown;
  let duplicateKeys: string[] | undefined;
  const warnings: string[] = [];
  try {
    value = fast === FALLBACK ? loadLikeKubectl(chunk.text, file, warnings) : fast;
  } catch (e) {
    if (e instanceof jsyaml.YAMLException && /duplicated mapping key/.test(e.reason ?? e.message)) {
      try {
        value = jsyaml.load(chunk.text, { schema: SCHEMA, json: true });
        duplicateKeys = findDuplicateKeys(chunk.text);
      } catch (e2) {
        return { finding: yamlError(e2, chunk, file, index) };
      }
    } else {
      return { finding: yamlError(e, chunk, file, index) };
    }
  }
  const warning = warnings.length > 0 ? { ...finding(file, index, 'parse/ignored-content', warnings[0], undefined, chunk.line), severity: 'warning' as const } : undefined;
  if (warning && (value === undefined || value === null)) return { finding: warning };
  if (value === undefined || value === null) return {};
  if (typeof value === 'object' && chunk.text.includes('*')) {
    const problem = checkExpansion(value);
    if (problem) {
      return { finding: finding(file, index, 'parse/alias', problem, 'expand the aliases by hand or remove the recursive anchor; Kubernetes manifests rarely need YAML anchors', chunk.line) };
    }
  } else if (typeof value === 'object' && mayBeDeep(chunk.text)) {
    const problem = checkExpansion(value);
    if (problem) return { finding: finding(file, index, 'parse/too-deep', problem, `flatten the document to at most ${MAX_DEPTH} levels`, chunk.line) };
  }
  const source = { file, documentIndex: index, line: chunk.line };
  const doc: ManifestDocument = duplicateKeys && duplicateKeys.length > 0 ? { object: value, source, duplicateKeys } : { object: value, source };
  const complex = typeof value === 'object' && mayHaveComplexKeys(chunk.text) ? renameComplexKeys(value, chunk.text) : [];
  if (complex.length > 0) {
    const k = complex[0];
    const more = complex.length > 1 ? ` (and ${complex.length - 1} more)` : '';
    const f = finding(file, index, 'parse/complex-key',
      `a ${k.kind} is used as a key: ${k.key}${more}; keys in Kubernetes objects are strings, and kubectl cannot convert this document to JSON`,
      'write the key as a string, or remove the entry', k.line !== undefined ? chunk.line + k.line - 1 : chunk.line);
    return { doc, finding: { ...f, path: k.path } };
  }
  return warning ? { doc, finding: warning } : { doc };
}

/**
 * Cheap, conservative pre-check: a document can only be nested deeper than MAX_DEPTH with deep
 * indentation or many open flow brackets (quotes are ignored, which can only over-estimate).
 */
function mayBeDeep(text: string): boolean {
  if (/\n[ -]{200}/.test(text)) return true;
  // fewer than 64 opening brackets in all cannot nest 64 deep (counted with indexOf, cheaply)
  let opens = 0;
  for (let p = text.indexOf('['); p >= 0 && opens <= 64; p = text.indexOf('[', p + 1)) opens++;
  for (let p = text.indexOf('{'); p >= 0 && opens <= 64; p = text.indexOf('{', p + 1)) opens++;
  if (opens <= 64) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (++depth > 64) return true;
    } else if (c === 93 || c === 125) depth--;
  }
  return false;
}

function yamlError(e: unknown, chunk: Chunk, file: string, index: number): Finding {
  if (e instanceof RangeError) {
    return finding(file, index, 'parse/too-deep', `document is nested too deeply to parse (more than the parser's stack allows)`, `flatten the document to at most ${MAX_DEPTH} levels`, chunk.line);
  }
  if (e instanceof jsyaml.YAMLException) {
    const mark = e.mark as { line?: number; column?: number } | undefined;
    const line = mark && typeof mark.line === 'number' ? chunk.line + mark.line : chunk.line;
    const column = mark && typeof mark.column === 'number' ? mark.column + 1 : undefined;
    const reason = e.reason || e.message.split('\n')[0];
    return finding(file, index, 'parse/yaml', `invalid YAML: ${reason}`, yamlFix(reason, chunk.text), line, column);
  }
  const msg = e instanceof Error ? e.message : String(e);
  return finding(file, index, 'parse/yaml', `invalid YAML: ${msg}`, undefined, chunk.line);
}

function yamlFix(reason: string, text: string): string | undefined {
  if (/tab/i.test(reason) || /\n\t/.test(text)) return 'indent with spaces, not tabs';
  if (/unidentified alias/.test(reason)) return "quote the value: an unquoted '*' starts a YAML alias";
  if (/escape/.test(reason)) return 'use single quotes, or escape only what YAML double quotes allow (\\\\, \\", \\n, \\t, \\uXXXX)';
  if (/end of the stream or a document separator/.test(reason)) return 'separate documents with a line containing only ---';
  return undefined;
}

/**
 * Measures the document as a tree (aliases expanded), without expanding it: rejects cycles,
 * more than MAX_EXPANDED_NODES nodes and more than MAX_DEPTH levels.
 */
export function checkExpansion(root: unknown): string | undefined {
  const sizes = new Map<object, number>();
  const onStack = new Set<object>();
  let problem: string | undefined;
  const visit = (v: unknown, depth: number): number => {
    if (problem) return 0;
    if (v === null || typeof v !== 'object') return 1;
    if (depth > MAX_DEPTH) {
      problem = `document is nested more than ${MAX_DEPTH} levels deep`;
      return 0;
    }
    const known = sizes.get(v);
    if (known !== undefined) return known;
    if (onStack.has(v)) {
      problem = 'recursive YAML alias: an anchor refers to itself';
      return 0;
    }
    onStack.add(v);
    let n = 1;
    const children = Array.isArray(v) ? v : Object.values(v);
    for (const c of children) {
      n += visit(c, depth + 1);
      if (n > MAX_EXPANDED_NODES) {
        problem = `YAML aliases expand this document to more than ${MAX_EXPANDED_NODES.toLocaleString('en-US')} nodes (an alias bomb)`;
        return 0;
      }
    }
    onStack.delete(v);
    sizes.set(v, n);
    return n;
  };
  visit(root, 0);
  return problem;
}

/**
 * Paths of duplicate keys in a document (slow path: only documents js-yaml refused for a
 * duplicate key). Uses `yaml`'s document model, loaded on demand.
 */
export function findDuplicateKeys(text: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const YAML = require('yaml') as typeof import('yaml');
  const doc = YAML.parseDocument(text, { uniqueKeys: false });
  const out: string[] = [];
  const walk = (node: unknown, path: string, depth: number): void => {
    if (depth > MAX_DEPTH) return;
    if (YAML.isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = YAML.isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const child = joinPath(path, key);
        if (seen.has(key)) out.push(child);
        seen.add(key);
        walk(pair.value, child, depth + 1);
      }
    } else if (YAML.isSeq(node)) {
      node.items.forEach((item, i) => walk(item, `${path}[${i}]`, depth + 1));
    }
  };
  walk(doc.contents, '', 0);
  return out;
}

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** 'spec.template' + 'x' -> 'spec.template.x'; keys with dots or odd characters are bracketed. */
export function joinPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (SIMPLE_KEY.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** Splits a finding path back into keys ('a.b[0]["x.y"]' -> ['a','b',0,'x.y']). */
export function splitPath(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  const re = /([^.[\]]+)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(path)) !== null) {
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else if (m[3] !== undefined) out.push(JSON.parse(m[3]) as string);
  }
  return out;
}
