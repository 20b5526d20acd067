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

/** The texts of parsed streams by file name (a file parsed again replaces its earlier text). */
export class SourceTexts {
  private readonly byFile = new Map<string, StreamTexts>();

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

  /** The text of document `documentIndex` of `file`, or undefined when that file or document was not parsed. */
  documentText(file: string, documentIndex: number): DocumentText | undefined {
    const s = this.byFile.get(file);
    if (!s || !Number.isInteger(documentIndex) || documentIndex < 0 || documentIndex >= s.starts.length) return undefined;
    return { text: s.text.slice(s.starts[documentIndex], s.stops[documentIndex]), line: s.lines[documentIndex] };
  }
}
