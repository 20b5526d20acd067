/**
 * Schema `pattern`s as the API server runs them: Go's RE2 (syntax and semantics), linear in the
 * length of the value, so a pattern such as `^(a+)+$` cannot hang a run. re2js (a JavaScript port
 * of RE2) is loaded on the first pattern; compiled patterns are kept per pattern text.
 */
import type * as Re2 from 're2js';

export interface CompiledPattern {
  /** Whether the value matches somewhere (Go's regexp.MatchString: unanchored). */
  test(value: string): boolean;
}

let re2: typeof Re2 | undefined;
const compiled = new Map<string, CompiledPattern | string>();

function engine(): typeof Re2 {
  if (!re2) re2 = require('re2js') as typeof Re2;
  return re2;
}

/** The compiled pattern, or the reason RE2 refuses it (a string). */
export function compilePattern(pattern: string): CompiledPattern | string {
  const hit = compiled.get(pattern);
  if (hit !== undefined) return hit;
  let out: CompiledPattern | string;
  try {
    const re = engine().RE2JS.compile(pattern);
    out = { test: (value: string) => re.matcher(value).find() };
  } catch (e) {
    if (!(e instanceof engine().RE2JSSyntaxException)) throw e;
    out = (e as Error).message.replace(/^error parsing regexp: /, '');
  }
  compiled.set(pattern, out);
  return out;
}
