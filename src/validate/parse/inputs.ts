/**
 * Reading manifests from files, directories and stdin, for `helmless validate` and `helmless lint`.
 * Every problem with one input becomes an `input/…` finding for that input; the others are
 * still read. Input findings make the CLI exit 2 (see src/cli/validate.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Finding, ManifestDocument } from '../types';
import { SourceTexts, type ReadRange } from './texts';
import { parseWindowed, readAt, WINDOWED_FROM } from './windows';
import { parseManifests, type ParseResult } from './yaml';

/** Largest input accepted (per file, and for stdin). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;
/** Extensions picked up when walking a directory (kubeconform's set). */
export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'];

export interface InputIO {
  readonly cwd: string;
  readonly stdin?: NodeJS.ReadableStream;
  /**
   * Given each document as soon as it is parsed, instead of collecting them in `docs` (see
   * ParseOptions.onDocument).
   */
  readonly onDocument?: (doc: ManifestDocument) => void;
}

export interface InputResult {
  readonly docs: ManifestDocument[];
  /** `input/…` findings (unreadable, too large, not text) and `parse/…` findings. */
  readonly findings: Finding[];
  /** Files (and stdin) read, in order. */
  readonly files: string[];
  /** Where each document's text is, for locateFindings. */
  readonly texts: SourceTexts;
}

function inputFinding(file: string, rule: string, message: string, fix?: string): Finding {
  return { severity: 'error', rule, message, file, documentIndex: 0, path: '', ...(fix ? { fix } : {}) };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });
/** Native UTF-8 check (Node >= 18.14), much faster than a fatal TextDecoder; the decoder is the fallback. */
// eslint-disable-next-line @typescript-eslint/no-var-requires
const isUtf8 = (require('buffer') as { isUtf8?: (b: Uint8Array) => boolean }).isUtf8;

/** Display name of a file: relative to the cwd when inside it. */
function displayName(abs: string, cwd: string): string {
  const rel = path.relative(cwd, abs);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : abs;
}

/**
 * Decodes bytes to text. UTF-8 (with or without BOM) and UTF-16 with a BOM are accepted;
 * anything else, or text with NUL bytes, is reported as not a text file.
 */
export function decodeInput(bytes: Uint8Array, file: string): { text: string } | { finding: Finding } {
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const le = bytes[0] === 0xff;
    try {
      const text = new TextDecoder(le ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes.subarray(2));
      return { text };
    } catch {
      return { finding: inputFinding(file, 'input/encoding', 'file starts with a UTF-16 byte-order mark but is not valid UTF-16', 'save the file as UTF-8') };
    }
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return { finding: inputFinding(file, 'input/binary', `file is binary, not YAML (NUL byte at offset ${nul})`, 'pass only YAML or JSON manifests; directories are walked for *.yaml, *.yml and *.json') };
  }
  try {
    let text = isUtf8 && isUtf8(bytes) ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8') : UTF8.decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { text };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    return { finding: inputFinding(file, 'input/encoding', `file is not valid UTF-8 (first bad byte at offset ${bad})`, 'save the file as UTF-8 (YAML requires a Unicode encoding)') };
  }
}

function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}

/** Parses one input's bytes into documents and findings (documents to onDocument when given). */
export function parseInput(bytes: Uint8Array, file: string, onDocument?: (doc: ManifestDocument) => void): ParseResult {
  if (bytes.length > MAX_INPUT_BYTES) {
    return { docs: [], findings: [tooLarge(file, bytes.length)], texts: new SourceTexts() };
  }
  const decoded = decodeInput(bytes, file);
  if ('finding' in decoded) return { docs: [], findings: [decoded.finding], texts: new SourceTexts() };
  // ASCII text (as many bytes as characters, after a UTF-8 byte-order mark): the parser reads
  // the bytes as character codes instead of encoding the text again
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  const ascii = bytes.length - bom === decoded.text.length ? bytes.subarray(bom) : undefined;
  return parseManifests(decoded.text, file, { asciiBytes: ascii, ...(onDocument ? { onDocument } : {}) });
}

function tooLarge(file: string, size: number): Finding {
  return inputFinding(file, 'input/too-large', `file is ${(size / 1048576).toFixed(1)} MiB, more than the ${MAX_INPUT_BYTES / 1048576} MiB limit`, 'split it into smaller files');
}

function describeFsError(e: unknown): { rule: string; message: string; fix?: string } {
  const err = e as NodeJS.ErrnoException;
  switch (err && err.code) {
    case 'ENOENT':
      return { rule: 'input/not-found', message: 'no such file or directory', fix: 'check the path' };
    case 'EACCES':
    case 'EPERM':
      return { rule: 'input/unreadable', message: 'permission denied', fix: 'make the file readable, or leave it out' };
    case 'EISDIR':
      return { rule: 'input/unreadable', message: 'is a directory' };
    case 'ELOOP':
      return { rule: 'input/unreadable', message: 'too many levels of symbolic links' };
    default:
      return { rule: 'input/unreadable', message: err && err.message ? err.message : String(e) };
  }
}

/** Lists the manifest files under a directory, recursively, sorted (byte order) for determinism. */
export function walkDirectory(dir: string, onError: (p: string, e: unknown) => void): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = (d: string): void => {
    let real: string;
    try {
      real = fs.realpathSync(d);
    } catch (e) {
      onError(d, e);
      return;
    }
    if (seen.has(real)) return; // symlink loop
    seen.add(real);
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch (e) {
      onError(d, e);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const ent of entries) {
      const p = path.join(d, ent.name);
      let isDir = ent.isDirectory();
      let isFile = ent.isFile();
      if (ent.isSymbolicLink()) {
        try {
          const st = fs.statSync(p);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // dangling link: not a manifest
        }
      }
      if (isDir) walk(p);
      else if (isFile && MANIFEST_EXTENSIONS.includes(path.extname(ent.name).toLowerCase())) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/**
 * A file's bytes, or its size when that is over MAX_INPUT_BYTES (nothing is read then). One open
 * and one fstat per file: on a directory of small manifests, a separate stat before
 * readFileSync was a third of the reading time. Whatever fstat gives no size for (a pipe such as
 * `<(helm template ...)`, /dev/stdin, procfs) is read to its end, as readFileSync does.
 */
function readLimited(abs: string, windowed?: (fd: number, st: fs.Stats) => boolean): Buffer | number | undefined {
  const fd = fs.openSync(abs, 'r');
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile() || st.size === 0) return fs.readFileSync(fd);
    if (st.size > MAX_INPUT_BYTES) return st.size;
    // a large file is parsed in windows when it is plain UTF-8 (undefined: done)
    if (windowed && st.size >= WINDOWED_FROM && windowed(fd, st)) return undefined;
    const bytes = Buffer.allocUnsafe(st.size);
    const got = readAt(fd, bytes, 0); // fewer when the file shrank since fstat
    return got < bytes.length ? bytes.subarray(0, got) : bytes;
  } finally {
    fs.closeSync(fd);
  }
}

async function readStream(stream: NodeJS.ReadableStream): Promise<{ bytes?: Buffer; size: number }> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += b.length;
    if (size > MAX_INPUT_BYTES) {
      // keep draining without storing, so the writer is not blocked
      parts.length = 0;
      continue;
    }
    parts.push(b);
  }
  return size > MAX_INPUT_BYTES ? { size } : { bytes: Buffer.concat(parts), size };
}

/**
 * Reads files, directories (recursively: *.yaml, *.yml, *.json) and '-' (stdin).
 * No paths means stdin, like kubeconform.
 */
export async function readInputs(paths: readonly string[], io: InputIO): Promise<InputResult> {
  const docs: ManifestDocument[] = [];
  const out: InputResult = { docs, findings: [], files: [], texts: new SourceTexts() };
  const onDocument = io.onDocument ?? ((d: ManifestDocument): void => void docs.push(d));
  const parsed: Parse = (name, bytes, reload) => {
    const r = parseInput(bytes, name, onDocument);
    for (const f of r.findings) out.findings.push(f);
    // a file's text is read again for locateFindings (few files have findings); stdin's is kept
    if (reload) out.texts.addAllReloadable(r.texts, reload);
    else out.texts.addAll(r.texts);
  };
  parsed.windowed = (name, fd, size, read) => {
    const w = parseWindowed(fd, size, name, onDocument, out.findings);
    if (w) out.texts.addByteRanges(name, w, read);
    return w !== undefined;
  };
  for (const p of paths.length === 0 ? ['-'] : paths) {
    if (p === '-') await readStdin(io, out, parsed);
    else readPath(p, io.cwd, out, parsed);
  }
  return out;
}

interface Parse {
  (name: string, bytes: Uint8Array, reload?: () => string | undefined): void;
  /** Parses a large file open at fd in windows (windows.ts); false when it must be read whole. */
  windowed?: (name: string, fd: number, size: number, read: ReadRange) => boolean;
}

async function readStdin(io: InputIO, out: InputResult, parse: Parse): Promise<void> {
  out.files.push('<stdin>');
  if (!io.stdin) {
    out.findings.push(inputFinding('<stdin>', 'input/unreadable', 'no standard input available'));
    return;
  }
  const { bytes, size } = await readStream(io.stdin);
  if (!bytes) out.findings.push(tooLarge('<stdin>', size));
  else parse('<stdin>', bytes);
}

/** Reads a file, or the manifest files of a directory (recursively). */
function readPath(p: string, cwd: string, out: InputResult, parse: Parse): void {
  const abs = path.resolve(cwd, p);
  let st: fs.Stats;
  try {
    st = fs.statSync(abs);
  } catch (e) {
    const d = describeFsError(e);
    out.findings.push(inputFinding(p, d.rule, `cannot read ${p}: ${d.message}`, d.fix));
    out.files.push(p);
    return;
  }
  if (!st.isDirectory()) return readFile(abs, cwd, out, parse);
  const found = walkDirectory(abs, (dp, e) => {
    const d = describeFsError(e);
    const name = displayName(dp, cwd);
    out.findings.push(inputFinding(name, d.rule, `cannot read directory ${name}: ${d.message}`, d.fix));
  });
  for (const f of found) readFile(f, cwd, out, parse);
}

function readFile(abs: string, cwd: string, out: InputResult, parse: Parse): void {
  const name = displayName(abs, cwd);
  out.files.push(name);
  let read: Buffer | number | undefined;
  try {
    read = readLimited(abs, parse.windowed && ((fd, st) => parse.windowed!(name, fd, st.size, rangeReader(abs, st))));
  } catch (e) {
    const d = describeFsError(e);
    out.findings.push(inputFinding(name, d.rule, `cannot read ${name}: ${d.message}`, d.fix));
    return;
  }
  if (read === undefined) return; // parsed in windows
  if (typeof read === 'number') out.findings.push(tooLarge(name, read));
  else parse(name, read, () => readText(abs));
}

/** Reads ranges of the file `abs` again while it is the file `parsed` describes (same size and modification time). */
function rangeReader(abs: string, parsed: fs.Stats): ReadRange {
  return (buf, start) => {
    const fd = fs.openSync(abs, 'r');
    try {
      const st = fs.fstatSync(fd);
      if (st.size !== parsed.size || st.mtimeMs !== parsed.mtimeMs) return undefined;
      return readAt(fd, buf.subarray(0, Math.max(0, Math.min(buf.length, st.size - start))), start);
    } finally {
      fs.closeSync(fd);
    }
  };
}

/** A file's text as parseManifests saw it (decoded, without a byte-order mark), or undefined. */
function readText(abs: string): string | undefined {
  const read = readLimited(abs);
  if (read === undefined || typeof read === 'number') return undefined;
  const decoded = decodeInput(read, abs);
  if ('finding' in decoded) return undefined;
  return decoded.text.charCodeAt(0) === 0xfeff ? decoded.text.slice(1) : decoded.text;
}
