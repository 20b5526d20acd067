/**
 * Where the documents of parsed streams are, for line/column recovery (locate.ts). parseManifests
 * returns one for what it parsed; readInputs gathers those of all its inputs. Plain data owned by
 * the caller: nothing here is remembered between calls.
 */

/** The text of one document and where it starts. */
export interface DocumentText {
  /** The text of the document (without its `---` line). */
  readonly text: string;
  /** 1-based line in the file of the first line of `text`. */
  readonly line: number;
}

/** A parsed stream and where its documents are: text.slice(starts[i], stops[i]) starts on line lines[i]. */
export interface StreamTexts {
  readonly file: string;
  readonly text: string;
  readonly starts: number[];
  readonly stops: number[];
  readonly lines: number[];
}

/** Where a stream's documents are, its text not kept: `load` reads it again when asked (undefined when it cannot). */
interface ReloadableStream {
  readonly file: string;
  readonly text: undefined;
  readonly length: number;
  readonly starts: number[];
  readonly stops: number[];
  readonly lines: number[];
  readonly load: () => string | undefined;
}

/**
 * Reads bytes of a file again into `buf`, from `start`: returns how many (fewer than buf.length
 * when the file ends first), or undefined when it cannot, or when the file is no longer the one
 * parsed (its size or modification time changed).
 */
export type ReadRange = (buf: Buffer, start: number) => number | undefined;

/** Where the documents of a large file are, in bytes (windows.ts); a document's bytes are read again when asked for. */
interface ByteRangeStream {
  readonly file: string;
  readonly text: undefined;
  readonly byteStarts: number[];
  readonly byteStops: number[];
  readonly lines: number[];
  readonly read: ReadRange;
}

/**
 * Bytes read again at least at a time from a large file: findings are located document after
 * document, so the documents after the one asked for are usually asked for next.
 */
const RANGE_CHUNK = 1 << 20;

/**
 * The texts of parsed streams by file name (a file parsed again replaces its earlier text). A
 * stream added with addAllReloadable keeps only where its documents are; its text is read
 * again (and kept until another file's is) when one of its documents is asked for. A large
 * file (addByteRanges) is read again only around the documents asked for.
 */
export class SourceTexts {
  private readonly byFile = new Map<string, StreamTexts | ReloadableStream | ByteRangeStream>();
  /** The last text read again, by file (callers ask file by file: findings are sorted by file). */
  private loaded: { readonly file: string; readonly text: string | undefined } | undefined;
  /** The bytes last read again from a large file: [start, start + length) in `scratch`; length undefined when they could not be read. */
  private chunk: { readonly file: string; readonly start: number; readonly length: number | undefined } | undefined;
  /** Where a large file's bytes are read again (one buffer for all reads: no garbage per read). */
  private scratch: Buffer | undefined;

  /** All the streams of `sets` (a later set's file replaces an earlier one's). */
  static of(...sets: readonly SourceTexts[]): SourceTexts {
    const all = new SourceTexts();
    for (const s of sets) all.addAll(s);
    return all;
  }

  add(stream: StreamTexts): void {
    this.byFile.set(stream.file, stream);
  }

  addAll(other: SourceTexts): void {
    for (const s of other.byFile.values()) this.byFile.set(s.file, s);
  }

  /**
   * Adds the streams of `other` without their texts, so a caller can let a file's text go once
   * it is parsed: `load` reads the text again when one of its documents is asked for. A text
   * read again whose length differs from the one parsed (the file changed) locates nothing.
   */
  addAllReloadable(other: SourceTexts, load: () => string | undefined): void {
    for (const s of other.byFile.values()) {
      if (s.text === undefined) this.byFile.set(s.file, s);
      else this.addReloadable(s.file, { length: s.text.length, starts: s.starts, stops: s.stops, lines: s.lines }, load);
    }
  }

  /** Where the documents of `file` are (offsets in a text of `length` characters), the text read by `load` when asked for. */
  addReloadable(file: string, at: Omit<StreamTexts, 'file' | 'text'> & { readonly length: number }, load: () => string | undefined): void {
    // exact-size copies: the lists were built by push and kept room for more (one set per file)
    this.byFile.set(file, { file, text: undefined, length: at.length, starts: at.starts.slice(), stops: at.stops.slice(), lines: at.lines.slice(), load });
  }

  /** Where the documents of `file` are, in bytes of the file: `read` reads a document's bytes again when it is asked for. */
  addByteRanges(file: string, at: { readonly byteStarts: number[]; readonly byteStops: number[]; readonly lines: number[] }, read: ReadRange): void {
    this.byFile.set(file, { file, text: undefined, byteStarts: at.byteStarts.slice(), byteStops: at.byteStops.slice(), lines: at.lines.slice(), read });
  }

  /** The text of document `documentIndex` of `file`, or undefined when that file or document was not parsed. */
  documentText(file: string, documentIndex: number): DocumentText | undefined {
    const s = this.byFile.get(file);
    if (!s || !Number.isInteger(documentIndex) || documentIndex < 0 || documentIndex >= s.lines.length) return undefined;
    if ('byteStarts' in s) {
      const text = this.readDocument(s, s.byteStarts[documentIndex], s.byteStops[documentIndex]);
      return text === undefined ? undefined : { text, line: s.lines[documentIndex] };
    }
    const text = s.text ?? this.reload(s);
    if (text === undefined) return undefined;
    return { text: text.slice(s.starts[documentIndex], s.stops[documentIndex]), line: s.lines[documentIndex] };
  }

  /** Bytes [start, stop) of a large file as text, from the chunk last read when it holds them. */
  private readDocument(s: ByteRangeStream, start: number, stop: number): string | undefined {
    let c = this.chunk;
    if (!c || c.file !== s.file || (c.length !== undefined && (start < c.start || stop > c.start + c.length))) {
      if (!this.scratch || this.scratch.length < stop - start) this.scratch = Buffer.allocUnsafe(Math.max(RANGE_CHUNK, stop - start));
      let length: number | undefined;
      try {
        length = s.read(this.scratch, start);
      } catch {
        length = undefined;
      }
      c = this.chunk = { file: s.file, start, length };
    }
    if (c.length === undefined || stop > c.start + c.length) return undefined;
    return this.scratch!.toString('utf8', start - c.start, stop - c.start);
  }

  private reload(s: ReloadableStream): string | undefined {
    if (this.loaded?.file !== s.file) {
      let text: string | undefined;
      try {
        text = s.load();
      } catch {
        text = undefined;
      }
      this.loaded = { file: s.file, text: text !== undefined && text.length === s.length ? text : undefined };
    }
    return this.loaded.text;
  }
}
