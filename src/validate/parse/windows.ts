/**
 * A large file read and parsed in parts ("windows") cut at separator lines, so that neither its
 * bytes nor its text are held whole while its documents are checked: a 37 MB stream held both
 * (the bytes are the parser's character codes, beside the text) at 50,000 documents, ~75 MB of
 * the peak. Each window is parsed as the part of the stream it is (parseStream: its first line
 * and document index), so documents, lines and findings are those of the whole text.
 *
 * A file is read twice: first only to check it is plain UTF-8 (no NUL byte, no UTF-16
 * byte-order mark), since a finding about its encoding must come before any of its documents;
 * anything else is left to the whole-file path, which reports it as before.
 */
import * as fs from 'fs';
import type { Finding, ManifestDocument } from '../types';
import { parseStream, type StreamAt } from './yaml';

/**
 * Bytes read at a time (a window grows when one document is larger). Small enough for a
 * window's text to be an ordinary young object (V8 puts strings over ~128 KB in the large-object
 * space, freed only by a full collection: 1 MiB windows left ~35 MB of dead texts there at the
 * end of a 37 MB file).
 */
export const WINDOW_BYTES = 1 << 16;
/** Files at least this large are read in windows. */
export const WINDOWED_FROM = 1 << 20;

// eslint-disable-next-line @typescript-eslint/no-var-requires
const isUtf8 = (require('buffer') as { isUtf8?: (b: Uint8Array) => boolean }).isUtf8;

/**
 * Where the documents of a file parsed in windows are: document i is the UTF-8 bytes
 * [byteStarts[i], byteStops[i]) of the file (its text without the `---` line) and starts on line
 * lines[i]. Byte offsets, so that locating a finding reads that document's bytes again, not the
 * whole file (a 37 MB file read whole at the end raised the peak by ~75 MB: its bytes and its text).
 */
export interface WindowedStream {
  readonly byteStarts: number[];
  readonly byteStops: number[];
  readonly lines: number[];
}

/**
 * Parses the file open at `fd` (`size` bytes) window by window, giving each document to
 * onDocument and each parse finding to `findings`. Returns undefined, having parsed nothing,
 * when the file is not plain UTF-8 (the caller reads it whole).
 */
export function parseWindowed(fd: number, size: number, file: string, onDocument: (doc: ManifestDocument) => void, findings: Finding[]): WindowedStream | undefined {
  if (!isUtf8 || !plainUtf8(fd, size, Buffer.allocUnsafe(WINDOW_BYTES * 16))) return undefined;
  const out: WindowedStream = { byteStarts: [], byteStops: [], lines: [] };
  let at: StreamAt = { line: 1, index: 0 };
  let pos = 0;
  let window = WINDOW_BYTES;
  let space = Buffer.allocUnsafe(WINDOW_BYTES); // reused: nothing parsed keeps a view of it (fast-reader.ts)
  while (pos < size) {
    if (space.length < window) space = Buffer.allocUnsafe(window);
    const buf = space.subarray(0, Math.min(window, size - pos));
    const n = readAt(fd, buf, pos);
    const last = pos + n >= size || n < buf.length;
    const cut = last ? { end: n, next: n } : cutAt(buf, n);
    if (!cut) {
      window *= 2; // one document longer than the window
      continue;
    }
    let text = buf.toString('utf8', 0, cut.end);
    const bom = pos === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0; // decodeInput drops it
    if (bom) text = text.slice(1);
    const bytes = bom ? buf.subarray(3, cut.end) : buf.subarray(0, cut.end);
    const ascii = bytes.length === text.length;
    const r = parseStream(text, file, { asciiBytes: ascii ? bytes : undefined, onDocument }, findings, at);
    // file offsets: where the window's text starts, plus the bytes of the text before each offset
    const base = pos + (bom ? 3 : 0);
    const byteAt = ascii ? (c: number): number => base + c : byteOffsets(text, base);
    for (let i = 0; i < r.stream.starts.length; i++) {
      out.byteStarts.push(byteAt(r.stream.starts[i]));
      out.byteStops.push(byteAt(r.stream.stops[i]));
      out.lines.push(r.stream.lines[i]);
    }
    at = r.next;
    pos += cut.next;
    if (last) break;
  }
  return out;
}

/**
 * The file offset of character offset c of `text` (whose first byte is at `base`), for offsets
 * asked in increasing order (a document's start, then its stop, then the next one's start): each
 * call counts only the bytes since the previous one.
 */
function byteOffsets(text: string, base: number): (c: number) => number {
  let chars = 0;
  let bytes = base;
  return (c) => {
    if (c < chars) {
      chars = 0;
      bytes = base;
    }
    bytes += Buffer.byteLength(text.slice(chars, c), 'utf8');
    chars = c;
    return bytes;
  };
}

/** Reads buf.length bytes of fd from `pos` (fewer when the file ends first); returns how many. */
export function readAt(fd: number, buf: Buffer, pos: number): number {
  let got = 0;
  while (got < buf.length) {
    const n = fs.readSync(fd, buf, got, buf.length - got, pos + got);
    if (n === 0) break; // the file shrank
    got += n;
  }
  return got;
}

/**
 * Where to end a window of n bytes: before the last separator line ('\n---') whose line is
 * complete, which the whole-text parse also takes as a separator (the line before it is not
 * itself a separator line), and after which no byte-order mark starts the next window.
 * end: the window's last byte + 1 (its '\n'); next: where the next window starts.
 */
function cutAt(buf: Buffer, n: number): { end: number; next: number } | undefined {
  let from = n - 1;
  for (;;) {
    const c = buf.lastIndexOf('\n---', from);
    if (c < 0) return undefined;
    from = c - 1;
    const nl = buf.indexOf(10, c + 1);
    if (nl < 0 || nl >= n - 3) continue;
    const lineStart = c === 0 ? 0 : buf.lastIndexOf(10, c - 1) + 1;
    if (buf[lineStart] === 45 /* - */) continue;
    if (buf[nl + 1] === 0xef && buf[nl + 2] === 0xbb && buf[nl + 3] === 0xbf) continue;
    return { end: c + 1, next: nl + 1 };
  }
}

/** Whether the file is UTF-8 without NUL bytes or a UTF-16 byte-order mark (what decodeInput takes as is). */
function plainUtf8(fd: number, size: number, buf: Buffer): boolean {
  let pos = 0;
  while (pos < size) {
    const n = readAt(fd, buf.subarray(0, Math.min(buf.length, size - pos)), pos);
    if (n === 0) return false;
    const chunk = buf.subarray(0, n);
    if (pos === 0 && n >= 2 && ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))) return false;
    if (chunk.indexOf(0) >= 0) return false;
    // up to the last ASCII byte, so no character is cut in two
    let k = n;
    if (pos + n < size) {
      while (k > 0 && chunk[k - 1] >= 0x80) k--;
      if (k === 0) return false;
    }
    if (!isUtf8!(chunk.subarray(0, k))) return false;
    pos += k;
  }
  return true;
}
