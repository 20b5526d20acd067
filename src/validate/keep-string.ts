// Copies of parsed strings kept beyond a parse (the wiring index's facts, the parser's memo of
// scalars). The fast parser returns a
// string of 13 or more characters as a V8 "sliced string": a view into the whole file's text, so
// one name kept from a document keeps the whole file alive (a 37 MB file for a label value). The
// keepers hold only copies. `(' ' + s).slice(1)` is not one (V8 slices the joined string again);
// using the string as a property key is: V8 stores keys as flat, internalized strings, which also
// makes the copies of repeated strings (label keys and values, namespaces) one string. It is
// about 3x faster than a Buffer or JSON round trip (measured on node 20).

/** V8 copies strings shorter than this when slicing: they never point into the file's text. */
const SLICED_MIN = 13;

/** `s`, as a flat string of its own (shared with any other kept string of the same characters). */
export function keep<T extends string | undefined>(s: T): T {
  if (s === undefined || s.length < SLICED_MIN) return s;
  // A key of 13+ characters is never an array index nor '__proto__': it becomes a named property.
  const o: Record<string, 1> = {};
  o[s] = 1;
  for (const k in o) return k as T;
  return s;
}
