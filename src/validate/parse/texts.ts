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
 * The texts of parsed streams by file name (a file parsed again replaces its earlier text). A
 * stream added with addAllReloadable keeps only where its documents are; its text is read
 * again (and kept until another file's is) when one of its documents is asked for.
 */
export class SourceTexts {
  private readonly byFile = new Map<string, StreamTexts | ReloadableStream>();
  /** The last text read again, by file (callers ask file by file: findings are sorted by file). */
  private loaded: { readonly file: string; readonly text: string | undefined } | undefined;

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

  /** The text of document `documentIndex` of `file`, or undefined when that file or document was not parsed. */
  documentText(file: string, documentIndex: number): DocumentText | undefined {
    const s = this.byFile.get(file);
    if (!s || !Number.isInteger(documentIndex) || documentIndex < 0 || documentIndex >= s.starts.length) return undefined;
    const text = s.text ?? this.reload(s);
    if (text === undefined) return undefined;
    return { text: text.slice(s.starts[documentIndex], s.stops[documentIndex]), line: s.lines[documentIndex] };
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
