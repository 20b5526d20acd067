/**
 * The state of one fast-path parse and the line scanning every part of the fast path shares.
 *
 * A Reader belongs to one call (parseManifests makes one per stream, fastParse one per text): it
 * holds the text, its character codes, the range of the document being read and where the scan
 * is. Nothing here is module-level, so two parses never see each other's position.
 */

/** The character codes of a text, one element per UTF-16 code unit (what charCodeAt returns). */
export type CharCodes = Uint8Array | Uint16Array;

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

/**
 * V8 returns a slice of 13 or more characters as a view into the whole string (a "sliced
 * string"): one parsed value kept past the parse (a wiring fact, an API rule's memo of valid
 * names) would keep the whole file's text alive. The parser hands out copies of such strings.
 */
const SLICED_MIN = 13;

type Latin1Bytes = Buffer & { latin1Slice?: (start: number, end: number) => string };

/** `s` as a string of its own when it may be a view into a larger text. */
export function ownString(s: string): string {
  // a JSON round trip builds a new flat string; (' ' + s).slice(1) is one only for one-byte
  // strings (measured: a two-byte one still kept its text)
  return s.length < SLICED_MIN ? s : (JSON.parse(JSON.stringify(s)) as string);
}

/** src[a, b) as a string of its own (see SLICED_MIN): from the bytes when the text is ASCII. */
export function ownSlice(r: Reader, a: number, b: number): string {
  if (b - a < SLICED_MIN) return r.src.slice(a, b);
  const bytes = r.bytes;
  if (bytes === undefined) return ownString(r.src.slice(a, b));
  return bytes.latin1Slice ? bytes.latin1Slice(a, b) : bytes.toString('latin1', a, b);
}

/** Thrown inside the fast path when the text is outside its subset; the caller falls back to js-yaml. */
export class Bail extends Error {}
export const BAIL = new Bail();

/** Most mapping keys held for the duplicate check (deeper mappings use a property lookup). */
export const KEY_STACK_SIZE = 4096;

/** The text being parsed and where the scan is; one per parse call. */
export class Reader {
  /** End (exclusive) of the document range being read. */
  end = 0;
  /** Past the last line: what the line scanners return when no line is left. */
  eof = 1;
  /** Start of the current content line (set by the parsers), or eof. */
  cur = 0;
  /** End of the line nextContent last returned (its '\n', or end). */
  lineEnd = 0;
  /** Indentation of the line nextContent last returned. */
  contentIndent = 0;
  /** Where the line scan continues after a value (set by every value parser). */
  resume = 0;
  depth = 0;
  /** Deepest nesting of the document (blocks and flow sequences). */
  maxDepth = 0;
  /** Line breaks of the document, counted once each as they are met. */
  breaks = 0;
  /** The last line break counted. */
  lastBreak = -1;
  /** Keys of the mappings being read, innermost last (each lists its first keys). */
  readonly keyStack: string[] = [];
  keyTop = 0;
  /** The character codes when they are bytes (an ASCII text): ownSlice copies from them. */
  readonly bytes: Latin1Bytes | undefined;

  /** `codes` are charCodesOf(src) (or the ASCII bytes src was decoded from). */
  constructor(
    readonly src: string,
    readonly u: CharCodes,
  ) {
    this.bytes = Buffer.isBuffer(u) ? u : undefined;
  }

  /** Starts reading the document src[start, stop). */
  begin(start: number, stop: number): void {
    this.end = stop;
    this.eof = stop + 1;
    this.depth = 0;
    this.maxDepth = 0;
    this.breaks = 0;
    this.lastBreak = start - 1;
    this.keyTop = 0;
  }
}

/** Counts the line break at nl, unless it was met before (a line can be looked at twice). */
export function lineBreakAt(r: Reader, nl: number): void {
  if (nl > r.lastBreak) {
    r.lastBreak = nl;
    r.breaks++;
  }
}

/** End of the line containing p: its '\n', or the end of the range. */
export function lineEndAt(r: Reader, p: number): number {
  const nl = r.src.indexOf('\n', p);
  if (nl < 0 || nl >= r.end) return r.end;
  lineBreakAt(r, nl);
  return nl;
}

/**
 * Skips blank and comment lines from the line starting at `from`; returns the start of the next
 * content line (setting contentIndent and lineEnd), or eof.
 */
export function nextContent(r: Reader, from: number): number {
  const cu = r.u;
  const e = r.end;
  let p = from;
  while (p <= e) {
    let k = p;
    while (k < e && cu[k] === 32) k++;
    if (k === e) return r.eof;
    const c = cu[k];
    if (c === 10) {
      lineBreakAt(r, k);
      p = k + 1;
      continue;
    }
    if (c === 35 /* # */) {
      p = lineEndAt(r, k) + 1;
      continue;
    }
    r.contentIndent = k - p;
    r.lineEnd = lineEndAt(r, k);
    return p;
  }
  return r.eof;
}

/** Whether the line [ls, le) is '---' followed by nothing, spaces, or spaces and a comment. */
export function isMarkerLine(r: Reader, ls: number, le: number): boolean {
  if (ls + 3 > le || !r.src.startsWith('---', ls)) return false;
  const u = r.u;
  let k = ls + 3;
  if (k === le) return true;
  if (u[k] !== 32) return false;
  while (k < le && u[k] === 32) k++;
  return k === le || u[k] === 35;
}

/** Whether the line starting at ls has a sequence dash ('-' then a space or the end) at column ind. */
export function isSeqItem(r: Reader, ls: number, ind: number, le: number): boolean {
  const p = ls + ind;
  return r.u[p] === 45 /* - */ && (p + 1 === le || r.u[p + 1] === 32);
}

/** After a closed scalar at p: only spaces, or spaces and a comment, up to le. */
export function endOfLine(r: Reader, p: number, le: number): void {
  const u = r.u;
  let k = p;
  while (k < le && u[k] === 32) k++;
  if (k === le) return;
  if (u[k] === 35 && k > p) return;
  throw BAIL;
}
