/**
 * The validation engine: composes the layers (schema, API-server rules, cross-object wiring)
 * over parsed documents and returns one deterministic list of findings. Pure: no I/O.
 */
import { guardLayer, INTERNAL_PREFIX } from './internal';
import { apiServerRules } from './rules';
import { ERROR_BUCKET_RULES, schemaFindings, SKIPPED_RULE, SKIPPED_RULES, type SchemaOptions } from './schema';
import type { Finding, ManifestDocument } from './types';
import { objectRef } from './untyped';
import { wiringChecks } from './wiring';

export interface EngineOptions extends SchemaOptions {
  /** Run the API-server rules layer. @default true */
  readonly apiRules?: boolean;
  /** Run the cross-object wiring layer. @default true */
  readonly wiring?: boolean;
  /** When given, filled with the milliseconds spent per layer ('schema', 'api', 'wiring', 'sort'). */
  readonly timings?: Record<string, number>;
}

const now = (): number => Number(process.hrtime.bigint()) / 1e6;

const SEVERITY_ORDER: Record<string, number> = { error: 0, warning: 1, info: 2 };

/** Orders findings by file, document, path, severity, rule, message (stable across runs). */
export function compareFindings(a: Finding, b: Finding): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  if (a.documentIndex !== b.documentIndex) return a.documentIndex - b.documentIndex;
  if (a.path !== b.path) return a.path < b.path ? -1 : 1;
  const s = (SEVERITY_ORDER[a.severity] ?? 9) - (SEVERITY_ORDER[b.severity] ?? 9);
  if (s !== 0) return s;
  if (a.rule !== b.rule) return a.rule < b.rule ? -1 : 1;
  return a.message < b.message ? -1 : a.message > b.message ? 1 : 0;
}

/** Sorts and removes exact duplicates (same file, document, path, rule and message). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const sorted = [...findings].sort(compareFindings);
  const out: Finding[] = [];
  for (const f of sorted) {
    const prev = out[out.length - 1];
    if (prev && compareFindings(prev, f) === 0) continue;
    out.push(f);
  }
  return out;
}

/**
 * Expands `List` documents into their items, for the layers that look at objects one by one:
 * the objects, and beside each its List item number ('' for a document of its own).
 */
function expandLists(docs: readonly ManifestDocument[], listFindings: Finding[]): { docs: ManifestDocument[]; items: string[] } {
  const out: ManifestDocument[] = [];
  const items: string[] = [];
  for (const d of docs) {
    const o = d.object as Record<string, unknown> | null;
    if (!o || typeof o !== 'object' || Array.isArray(o)) continue;
    // `List` and the typed lists (ConfigMapList, RoleBindingList...): kubectl applies each item.
    if (typeof o.kind === 'string' && (o.kind.toLowerCase() === 'list' || (o.kind.endsWith('List') && Array.isArray(o.items)))) {
      if (!Array.isArray(o.items)) {
        // nothing to expand: the List itself is the finding (kubectl: "no objects passed to apply")
        listFindings.push(listWithoutItems(d, o));
        continue;
      }
      o.items.forEach((item, i) => {
        if (item && typeof item === 'object' && !Array.isArray(item)) {
          out.push({ object: item, source: { ...d.source, listItem: i } });
          items.push(String(i));
        }
      });
    } else {
      out.push(d);
      items.push('');
    }
  }
  return { docs: out, items };
}

function listWithoutItems(d: ManifestDocument, o: Record<string, unknown>): Finding {
  const absent = o.items === undefined || o.items === null;
  return {
    severity: 'error',
    rule: absent ? 'schema/required' : 'schema/type',
    message: absent ? 'a List needs items: it has none, so it holds no object to apply' : `'items' must be a list, got ${describeKind(o.items)}`,
    file: d.source.file,
    documentIndex: d.source.documentIndex,
    path: 'items',
    fix: 'list the objects under items: (or write them as documents of their own, separated by ---)',
    object: objectRef(o),
  };
}

function describeKind(v: unknown): string {
  return Array.isArray(v) ? 'a list' : v !== null && typeof v === 'object' ? 'a mapping' : `a ${typeof v}`;
}

/** Copies the construct path and source location of each document onto its findings. */
function attachSources(findings: Finding[], docs: readonly ManifestDocument[]): Finding[] {
  let any = false;
  for (const d of docs) if (d.source.constructPath || d.source.sourceLocation) any = true;
  if (!any) return findings;
  const byKey = new Map<string, ManifestDocument>();
  for (const d of docs) byKey.set(`${d.source.file}\u0000${d.source.documentIndex}`, d);
  return findings.map((f) => {
    if (f.constructPath && f.sourceLocation) return f;
    const d = byKey.get(`${f.file}\u0000${f.documentIndex}`);
    if (!d) return f;
    const extra: { constructPath?: string; sourceLocation?: string } = {};
    if (!f.constructPath && d.source.constructPath) extra.constructPath = d.source.constructPath;
    if (!f.sourceLocation && d.source.sourceLocation) extra.sourceLocation = d.source.sourceLocation;
    return Object.keys(extra).length ? { ...f, ...extra } : f;
  });
}

/**
 * Validates parsed documents: schema (kubeconform parity) + API-server rules + cross-object
 * wiring. Findings are sorted deterministically. Throws UnknownVersionError for a Kubernetes
 * version that is not vendored (a usage error).
 */
export function validateDocuments(docs: readonly ManifestDocument[], opts: EngineOptions = {}): Finding[] {
  const t = opts.timings;
  let t0 = t ? now() : 0;
  const lap = (name: string): void => {
    if (!t) return;
    const t1 = now();
    t[name] = (t[name] ?? 0) + (t1 - t0);
    t0 = t1;
  };
  // Each layer judges every document: a check that throws on one document becomes an
  // 'internal/<layer>' error on that document (src/validate/internal.ts), never a lost file.
  const findings: Finding[] = guardLayer(docs, 'schema', (ds) => schemaFindings(ds, opts));
  lap('schema');
  const objects = expandLists(docs, findings);
  // Objects the schema layer could not identify (no kind, rejected, skipped) are not passed on.
  const excluded = new Set<string>();
  for (const f of findings) {
    if (f.rule === SKIPPED_RULE || f.rule === 'schema/rejected-kind' || f.rule === 'schema/missing-kind' || f.rule === 'schema/missing-api-version') {
      excluded.add(`${f.file}\u0000${f.documentIndex}\u0000${listItemOf(f.path)}`);
    }
  }
  // An excluded list document takes its items with it.
  const passOn = excluded.size === 0 ? objects.docs
    : objects.docs.filter((d, i) => !excluded.has(`${d.source.file}\u0000${d.source.documentIndex}\u0000${objects.items[i]}`)
      && !excluded.has(`${d.source.file}\u0000${d.source.documentIndex}\u0000`));
  if (opts.apiRules !== false) findings.push(...apiServerRules(passOn, opts));
  lap('api');
  if (opts.wiring !== false) findings.push(...guardLayer(passOn, 'wiring', (ds) => wiringChecks(ds, opts)));
  lap('wiring');
  const sorted = sortFindings(attachSources(dropCrossLayerDuplicates(findings.map(normalizePath)), docs));
  lap('sort');
  return sorted;
}

const SIMPLE_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

/** One spelling for paths across layers: a["b"] -> a.b when b is a plain key. */
function normalizePath(f: Finding): Finding {
  if (f.path.indexOf('["') < 0) return f;
  const path = f.path.replace(/\["((?:[^"\\]|\\.)*)"\]/g, (m, k: string) => (SIMPLE_KEY.test(k) ? `.${k}` : m)).replace(/^\./, '');
  return path === f.path ? f : { ...f, path };
}

/**
 * The schema layer and the API-server rules both check some syntax (quantities): when both
 * report the same problem at the same place ('schema/x' and 'api/x'), keep the schema finding.
 */
function dropCrossLayerDuplicates(findings: Finding[]): Finding[] {
  const schemaAt = new Set<string>();
  for (const f of findings) if (f.rule.startsWith('schema/')) schemaAt.add(`${f.file}\u0000${f.documentIndex}\u0000${f.path}\u0000${f.rule.slice(7)}`);
  if (schemaAt.size === 0) return findings;
  // a missing required field is reported by the schema layer; the API rule saying the same
  // ("Required value") at the same path adds nothing
  const at = (f: Finding, rule: string): string => `${f.file}\u0000${f.documentIndex}\u0000${f.path}\u0000${rule}`;
  return findings.filter(
    (f) => !(f.rule.startsWith('api/') && (schemaAt.has(at(f, f.rule.slice(4))) || (f.message.startsWith('Required value') && schemaAt.has(at(f, 'required'))))),
  );
}

/** 'items[3].spec' -> '3'; '' for findings outside List items. */
function listItemOf(path: string): string {
  const m = /^items\[(\d+)\]/.exec(path);
  return m ? m[1] : '';
}

export interface ValidationSummary {
  readonly files: number;
  /** Resources validated: non-empty documents, with List items counted one by one. */
  readonly resources: number;
  readonly valid: number;
  readonly invalid: number;
  /** Resources that could not be validated (unparsable, no kind, no schema, rejected). */
  readonly errors: number;
  readonly skipped: number;
  readonly errorFindings: number;
  readonly warningFindings: number;
  /** One entry per resource, in input order. */
  readonly entries: readonly ResourceVerdict[];
}

export interface ResourceVerdict {
  readonly file: string;
  readonly documentIndex: number;
  /** Index in the List's items, for List documents. */
  readonly item?: number;
  readonly kind?: string;
  readonly name?: string;
  readonly verdict: 'valid' | 'invalid' | 'errors' | 'skipped';
}

/**
 * Per-resource verdicts in kubeconform's buckets. `docs` are the parsed documents; findings of
 * documents that did not parse count as one resource in "errors".
 */
export function summarize(docs: readonly ManifestDocument[], findings: readonly Finding[], files: number): ValidationSummary {
  type Bucket = 'valid' | 'invalid' | 'errors' | 'skipped';
  type Entry = { file: string; documentIndex: number; item?: number; kind?: string; name?: string; verdict?: Bucket };
  // One entry per resource in input order, with its bucket at the same index; found again by
  // file -> document (or a key per List item), so no string key is built per document.
  const entries: Entry[] = [];
  const buckets: Bucket[] = [];
  const byFile = new Map<string, Map<number, number>>(); // whole documents
  const listItems = new Map<string, number>(); // items of List documents (rare): 'file\0doc\0item'
  const lookup = (file: string, documentIndex: number, item: string): number | undefined =>
    item === '' ? byFile.get(file)?.get(documentIndex) : listItems.get(`${file}\u0000${documentIndex}\u0000${item}`);
  const add = (file: string, documentIndex: number, item: number | undefined, o: unknown): number => {
    // Builds the entry in one object (kind and name only when known): no spreads per document.
    const e: Entry = { file, documentIndex };
    if (item !== undefined) e.item = item;
    if (o && typeof o === 'object' && !Array.isArray(o)) {
      const r = o as Record<string, unknown>;
      const m = r.metadata as Record<string, unknown> | undefined;
      const name = m && typeof m === 'object' ? (typeof m.name === 'string' ? m.name : typeof m.generateName === 'string' ? m.generateName : undefined) : undefined;
      if (typeof r.kind === 'string') e.kind = r.kind;
      if (name) e.name = name;
    }
    let at = lookup(file, documentIndex, item === undefined ? '' : String(item));
    if (at === undefined) {
      at = entries.length;
      if (item !== undefined) listItems.set(`${file}\u0000${documentIndex}\u0000${item}`, at);
      else {
        let perDoc = byFile.get(file);
        if (!perDoc) byFile.set(file, (perDoc = new Map()));
        perDoc.set(documentIndex, at);
      }
    }
    entries[at] = e; // the same document given twice: the last one describes it
    buckets[at] = 'valid';
    return at;
  };
  const rank: Record<Bucket, number> = { valid: 0, skipped: 1, invalid: 2, errors: 3 };
  for (const d of docs) {
    const o = d.object as Record<string, unknown> | null;
    if (o && typeof o === 'object' && !Array.isArray(o) && typeof o.kind === 'string' && o.kind.toLowerCase() === 'list') {
      const items = Array.isArray(o.items) ? o.items : [];
      for (let i = 0; i < items.length; i++) add(d.source.file, d.source.documentIndex, i, items[i]);
      // a List whose items are not a list is judged as a document of its own (an empty one holds nothing)
      if (!Array.isArray(o.items)) add(d.source.file, d.source.documentIndex, undefined, o);
    } else {
      add(d.source.file, d.source.documentIndex, undefined, o);
    }
  }
  let errorFindings = 0;
  let warningFindings = 0;
  for (const f of findings) {
    if (f.severity === 'error') errorFindings++;
    else if (f.severity === 'warning') warningFindings++;
    if (f.rule.startsWith('input/')) continue;
    const bucket: Bucket | undefined =
      SKIPPED_RULES.has(f.rule) ? 'skipped' : f.severity !== 'error' ? undefined
        : ERROR_BUCKET_RULES.has(f.rule) || f.rule.startsWith(INTERNAL_PREFIX) ? 'errors' : 'invalid';
    if (!bucket) continue;
    // a document-level finding of a List (e.g. duplicate key) counts for the List document
    let at = lookup(f.file, f.documentIndex, listItemOf(f.path)) ?? lookup(f.file, f.documentIndex, '');
    if (at === undefined) {
      // a document that did not parse: one resource in its bucket
      if (!f.rule.startsWith('parse/')) continue;
      at = add(f.file, f.documentIndex, undefined, undefined);
    }
    if (rank[bucket] > rank[buckets[at]]) buckets[at] = bucket;
  }
  let valid = 0;
  let invalid = 0;
  let errors = 0;
  let skipped = 0;
  for (let k = 0; k < entries.length; k++) {
    const b = buckets[k];
    entries[k].verdict = b; // last, as the JSON output has always shown it
    if (b === 'valid') valid++;
    else if (b === 'invalid') invalid++;
    else if (b === 'errors') errors++;
    else skipped++;
  }
  const out = entries as ResourceVerdict[];
  const order = (a: ResourceVerdict, b: ResourceVerdict): number => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.documentIndex - b.documentIndex || (a.item ?? -1) - (b.item ?? -1));
  let sorted = true;
  for (let k = 1; k < out.length && sorted; k++) if (order(out[k - 1], out[k]) > 0) sorted = false;
  if (!sorted) out.sort(order);
  return { files, resources: out.length, valid, invalid, errors, skipped, errorFindings, warningFindings, entries: out };
}

// The synth pipeline loads this module on its own: it needs the parser next to the engine.
export { parseManifests } from './parse/yaml';
export { locateFindings } from './parse/locate';
export { SourceTexts } from './parse/texts';
