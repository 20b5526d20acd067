/**
 * YAML allows a mapping or a list as a key (`? {a: 1}`, `[a, b]: x`); JavaScript objects do not,
 * and js-yaml turns such a key into '[object Object]' or 'a,b'. kubectl cannot convert such a
 * document to JSON ("invalid map key"), so each is an error: this renames them to their YAML text
 * ('{a: 1}', '[a, b]'), so every finding shows what the file says, and returns them for a finding.
 * Runs only when the text may hold one. Pure.
 */
import type * as YamlModule from 'yaml';

let YAML: typeof YamlModule | undefined;

/** Whether `text` may hold a collection used as a key (over-estimates; never misses one). */
export function mayHaveComplexKeys(text: string): boolean {
  return /(^|[\s,[{-])\?(\s|$)|[\]}]\s*:(\s|$)/m.test(text);
}

/** js-yaml's spelling of a collection key (String() of the value, maps as '[object Object]'). */
function jsyamlKey(node: YamlModule.Node): string {
  const Y = YAML!;
  if (Y.isMap(node)) return '[object Object]';
  if (Y.isSeq(node)) return node.items.map((i) => (Y.isNode(i) ? jsyamlKey(i) : String(i))).join(',');
  if (Y.isScalar(node)) return node.value === null ? 'null' : String(node.value as string);
  return '';
}

function yamlText(node: YamlModule.Node): string {
  const Y = YAML!;
  const copy = node.clone() as YamlModule.Node;
  Y.visit(copy, { Collection(_, n) { n.flow = true; } });
  if (Y.isCollection(copy)) copy.flow = true;
  return Y.stringify(copy, { flowCollectionPadding: false, lineWidth: 0 }).trim();
}

/** A collection used as a key: where (path of its mapping), its YAML text, its 1-based line in the text. */
export interface ComplexKey {
  readonly path: string;
  readonly key: string;
  readonly kind: 'mapping' | 'list';
  readonly line?: number;
}

function child(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return /^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key) ? (path ? `${path}.${key}` : key) : `${path}[${JSON.stringify(key)}]`;
}

function rename(node: unknown, value: unknown, path: string, found: ComplexKey[], lc: YamlModule.LineCounter): void {
  const Y = YAML!;
  if (!value || typeof value !== 'object') return;
  if (Y.isSeq(node) && Array.isArray(value)) {
    node.items.forEach((item, i) => rename(item, value[i], child(path, i), found, lc));
    return;
  }
  if (!Y.isMap(node) || Array.isArray(value)) return;
  const o = value as Record<string, unknown>;
  for (const pair of node.items) {
    const k = pair.key;
    if (Y.isCollection(k)) {
      const from = jsyamlKey(k);
      const to = yamlText(k);
      if (Object.prototype.hasOwnProperty.call(o, from) && !Object.prototype.hasOwnProperty.call(o, to)) {
        Object.defineProperty(o, to, { value: o[from], enumerable: true, writable: true, configurable: true });
        delete o[from];
      }
      const line = k.range ? lc.linePos(k.range[0]).line : undefined;
      found.push({ path: child(path, to), key: to, kind: Y.isMap(k) ? 'mapping' : 'list', ...(line ? { line } : {}) });
      rename(pair.value, o[to], child(path, to), found, lc);
    } else if (Y.isScalar(k)) {
      const key = k.value === null ? 'null' : String(k.value as string);
      if (Object.prototype.hasOwnProperty.call(o, key)) rename(pair.value, o[key], child(path, key), found, lc);
    }
  }
}

/** Renames collection keys in `value` (parsed from `text` by js-yaml) to their YAML text; returns them. */
export function renameComplexKeys(value: unknown, text: string): ComplexKey[] {
  YAML ??= require('yaml') as typeof YamlModule;
  const lc = new YAML.LineCounter();
  const doc = YAML.parseDocument(text, { uniqueKeys: false, lineCounter: lc });
  const found: ComplexKey[] = [];
  rename(doc.contents, value, '', found, lc);
  return found;
}
