/**
 * Literal block scalars (`|`, `|-`, `|+`) for the fast path, read exactly as js-yaml reads them;
 * anything subtler (indentation indicators, an empty block, more-indented leading blank lines,
 * a block running to a text without a final newline) is left to js-yaml.
 */
import { BAIL, endOfLine, lineBreakAt, lineEndAt, ownString, type Reader } from './fast-reader';

const CLIP = 0;
const STRIP = 1;
const KEEP = 2;

/**
 * Literal block scalar: '|', '|-' or '|+' (optionally followed by a comment) at k, on a line
 * ending at le, owned by a key or dash at column ind. Sets resume to the first line after it.
 */
export function literalBlock(r: Reader, k: number, le: number, ind: number): string {
  const chomp = blockHeader(r, k, le);
  const first = firstBlockLine(r, le + 1, ind);
  const body = blockBody(r, first.start, first.indent);
  let { text, trailing } = body;
  if (first.leadingBlank > 0) text = '\n'.repeat(first.leadingBlank) + text;
  if (body.last > r.end) {
    // the block runs to the end of the text: a last line without '\n' (split's final '') is not a line
    if (trailing > 0) trailing--;
    else throw BAIL; // no newline at the end of the text after the block: let js-yaml decide
  }
  if (chomp === CLIP) text += '\n';
  else if (chomp === KEEP) text += '\n' + '\n'.repeat(trailing);
  // the caller continues after the block's last line
  r.resume = body.last;
  return ownString(text); // joined slices of the text: a copy (fast-reader.ts)
}

/** The chomping indicator after the '|' at k (an indentation indicator and the like fall back). */
function blockHeader(r: Reader, k: number, le: number): number {
  let p = k + 1;
  let chomp = CLIP;
  const c = p < le ? r.u[p] : -1;
  if (c === 45) {
    chomp = STRIP;
    p++;
  } else if (c === 43) {
    chomp = KEEP;
    p++;
  }
  if (p < le) {
    if (r.u[p] !== 32) throw BAIL;
    endOfLine(r, p, le);
  }
  return chomp;
}

/**
 * The first non-blank line of the block from line start j: its start, its indentation (the
 * block's) and the blank lines before it.
 */
function firstBlockLine(r: Reader, j: number, ind: number): { start: number; indent: number; leadingBlank: number } {
  const u = r.u;
  const end = r.end;
  let indent = -1;
  let maxLeadingBlank = 0;
  let leadingBlank = 0;
  while (j <= end) {
    let q = j;
    while (q < end && u[q] === 32) q++;
    if (q === end || u[q] === 10) {
      if (q < end) lineBreakAt(r, q);
      if (q - j > maxLeadingBlank) maxLeadingBlank = q - j;
      leadingBlank++;
      j = q + 1;
      continue;
    }
    indent = q - j;
    break;
  }
  // an empty block scalar: js-yaml's handling of trailing blank lines is subtle; leave it to js-yaml
  if (indent <= ind || j > end) throw BAIL;
  if (maxLeadingBlank > indent) throw BAIL;
  return { start: j, indent, leadingBlank };
}

/**
 * The lines of the block from `last` (its first content line) while they are indented by at least
 * `indent`: their text, the blank lines after the last content line, and where the block ends.
 */
function blockBody(r: Reader, last: number, indent: number): { text: string; trailing: number; last: number } {
  const u = r.u;
  const end = r.end;
  let text = '';
  /** Blank lines seen since the last content line (each '' or its spaces beyond the indentation). */
  let pendingBlank = '';
  let trailing = 0;
  let any = false;
  while (last <= end) {
    let q = last;
    while (q < end && u[q] === 32) q++;
    let e: number;
    if (q === end || u[q] === 10) {
      if (q < end) lineBreakAt(r, q);
      if (q - last <= indent) {
        pendingBlank += '\n';
        trailing++;
        last = q + 1;
        continue;
      }
      e = q; // spaces beyond the indentation are content: flush the blank lines before it
    } else {
      if (q - last < indent) break;
      e = lineEndAt(r, q);
    }
    text += (any ? '\n' : '') + pendingBlank + r.src.slice(last + indent, e);
    pendingBlank = '';
    trailing = 0;
    any = true;
    last = e + 1;
  }
  return { text, trailing, last };
}
