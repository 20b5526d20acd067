/**
 * Line/column recovery for findings, done lazily: only the documents that have findings are
 * re-parsed with `yaml`'s document model (which keeps source positions).
 */
import type { Finding } from '../types';
import { documentTextOf, splitPath } from './yaml';

type YamlModule = typeof import('yaml');

interface Located {
  readonly line: number;
  readonly column: number;
}

/**
 * Fills `line`/`column` of findings that lack them, from the texts parsed by parseManifests in
 * this process. Findings of unknown files are returned unchanged.
 */
export function locateFindings(findings: readonly Finding[]): Finding[] {
  let YAML: YamlModule | undefined;
  const cache = new Map<string, { doc: import('yaml').Document.Parsed; lc: import('yaml').LineCounter; line: number } | null>();
  return findings.map((f) => {
    if (f.line !== undefined && f.column !== undefined) return f;
    const dt = documentTextOf(f.file, f.documentIndex);
    if (!dt) return f;
    const key = `${f.file}\u0000${f.documentIndex}`;
    let entry = cache.get(key);
    if (entry === undefined) {
      YAML ??= require('yaml') as YamlModule;
      try {
        const lc = new YAML.LineCounter();
        const doc = YAML.parseDocument(dt.text, { lineCounter: lc, uniqueKeys: false });
        entry = { doc, lc, line: dt.line };
      } catch {
        entry = null;
      }
      cache.set(key, entry);
    }
    if (!entry) return f.line !== undefined ? f : { ...f, line: dt.line };
    const pos = locate(YAML!, entry.doc, entry.lc, f.path);
    const loc: Located = pos ? { line: entry.line + pos.line - 1, column: pos.column } : { line: dt.line, column: 1 };
    return { ...f, line: f.line ?? loc.line, column: f.column ?? loc.column };
  });
}

/** Position of the node at `path` (or of its key, or of the deepest existing parent). */
function locate(YAML: YamlModule, doc: import('yaml').Document.Parsed, lc: import('yaml').LineCounter, path: string): Located | undefined {
  const keys = splitPath(path);
  let node: unknown = doc.contents;
  let best: number | undefined = rangeStart(node);
  for (const k of keys) {
    if (YAML.isAlias(node)) node = node.resolve(doc);
    if (YAML.isMap(node)) {
      const pair = node.items.find((p) => (YAML.isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(k));
      if (!pair) break;
      best = rangeStart(pair.key) ?? best;
      node = pair.value;
      // prefer the key's position for the last segment (the value may be on the next line)
    } else if (YAML.isSeq(node) && typeof k === 'number') {
      const item = node.items[k];
      if (item === undefined) break;
      best = rangeStart(item) ?? best;
      node = item;
    } else {
      break;
    }
  }
  if (best === undefined) return undefined;
  const p = lc.linePos(best);
  return { line: p.line, column: p.col };
}

function rangeStart(node: unknown): number | undefined {
  const r = (node as { range?: [number, number, number] } | null)?.range;
  return r ? r[0] : undefined;
}
