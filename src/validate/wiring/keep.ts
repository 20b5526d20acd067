// Copies of the small values the wiring index keeps (src/validate/keep-string.ts says why: a
// parsed string may be a view of the whole file's text).
import { keep } from '../keep-string';

export { keep };

/** A copy of plain parsed data (maps, lists, scalars) whose strings are kept (`keep`). Keys are property keys: already flat. */
export function keepData<T>(v: T): T {
  if (typeof v === 'string') return keep(v);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(keepData) as T;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(v)) out[k] = keepData((v as Record<string, unknown>)[k]);
  return out as T;
}
