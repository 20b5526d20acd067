/**
 * Per-resource verdicts in kubeconform's buckets (valid, invalid, errors, skipped). The
 * resources are recorded document by document (kind and name only), so a caller that lets each
 * parsed document go after checking it can still summarize the run. Pure: no I/O.
 */
import { INTERNAL_PREFIX } from './internal';
import { ERROR_BUCKET_RULES, SKIPPED_RULES } from './schema';
import type { Finding, ManifestDocument } from './types';

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

type Bucket = ResourceVerdict['verdict'];

const RANK: Record<Bucket, number> = { valid: 0, skipped: 1, invalid: 2, errors: 3 };

/** 'items[3].spec' -> '3'; '' for findings outside List items. */
export function listItemOf(path: string): string {
  const m = /^items\[(\d+)\]/.exec(path);
  return m ? m[1] : '';
}

/**
 * The resources of a run, in input order: one entry per document (per item of a List), found
 * again by file -> document (or a key per List item), so no string key is built per document.
 *
 * MEMORY: the entries are parallel arrays (file, document, kind, name; List items aside) and a
 * file's documents an array of entry indexes, not an object per entry and a Map per file: at
 * 50,000 documents in files of 10 the objects and the 5,000 small Maps were ~11 MB of the live set.
 */
export class ResourceList {
  private readonly files: string[] = [];
  private readonly documents: number[] = [];
  private readonly kinds: (string | undefined)[] = [];
  private readonly names: (string | undefined)[] = [];
  /** entry -> index in the List's items, for the items of List documents (rare). */
  private readonly items = new Map<number, number>();
  private readonly byFile = new Map<string, number[]>(); // whole documents: documentIndex -> entry
  private readonly listItems = new Map<string, number>(); // items of List documents (rare): 'file\0doc\0item'
  private lastFile = '';
  private lastDocs: number[] | undefined;

  /** Records the resources of a parsed document (a List's items one by one). */
  addDocument(d: ManifestDocument): void {
    const o = d.object as Record<string, unknown> | null;
    if (o && typeof o === 'object' && !Array.isArray(o) && typeof o.kind === 'string' && o.kind.toLowerCase() === 'list') {
      const items = Array.isArray(o.items) ? o.items : [];
      for (let i = 0; i < items.length; i++) this.add(d.source.file, d.source.documentIndex, i, items[i]);
      // a List whose items are not a list is judged as a document of its own (an empty one holds nothing)
      if (!Array.isArray(o.items)) this.add(d.source.file, d.source.documentIndex, undefined, o);
    } else {
      this.add(d.source.file, d.source.documentIndex, undefined, o);
    }
  }

  /** The verdicts of the resources recorded, from the findings of the run. */
  summarize(findings: readonly Finding[], files: number): ValidationSummary {
    const buckets: Bucket[] = new Array<Bucket>(this.files.length).fill('valid');
    const count = { errorFindings: 0, warningFindings: 0 };
    for (const f of findings) this.judge(f, buckets, count);
    const totals: Record<Bucket, number> = { valid: 0, invalid: 0, errors: 0, skipped: 0 };
    const out: ResourceVerdict[] = new Array<ResourceVerdict>(this.files.length);
    for (let k = 0; k < out.length; k++) {
      out[k] = this.verdict(k, buckets[k]);
      totals[buckets[k]]++;
    }
    const order = (a: ResourceVerdict, b: ResourceVerdict): number => (a.file !== b.file ? (a.file < b.file ? -1 : 1) : a.documentIndex - b.documentIndex || (a.item ?? -1) - (b.item ?? -1));
    let sorted = true;
    for (let k = 1; k < out.length && sorted; k++) if (order(out[k - 1], out[k]) > 0) sorted = false;
    if (!sorted) out.sort(order);
    return { files, resources: out.length, ...totals, ...count, entries: out };
  }

  /** Entry k as the summary shows it: file, documentIndex, item, kind, name when known, verdict last (as the JSON output has always shown it). */
  private verdict(k: number, verdict: Bucket): ResourceVerdict {
    const e: { -readonly [K in keyof ResourceVerdict]?: ResourceVerdict[K] } = { file: this.files[k], documentIndex: this.documents[k] };
    const item = this.items.get(k);
    if (item !== undefined) e.item = item;
    if (this.kinds[k] !== undefined) e.kind = this.kinds[k];
    if (this.names[k] !== undefined) e.name = this.names[k];
    e.verdict = verdict;
    return e as ResourceVerdict;
  }

  /** Counts a finding and raises its resource's bucket. */
  private judge(f: Finding, buckets: Bucket[], count: { errorFindings: number; warningFindings: number }): void {
    if (f.severity === 'error') count.errorFindings++;
    else if (f.severity === 'warning') count.warningFindings++;
    if (f.rule.startsWith('input/')) return;
    const bucket: Bucket | undefined =
      SKIPPED_RULES.has(f.rule) ? 'skipped' : f.severity !== 'error' ? undefined
        : ERROR_BUCKET_RULES.has(f.rule) || f.rule.startsWith(INTERNAL_PREFIX) ? 'errors' : 'invalid';
    if (!bucket) return;
    // a document-level finding of a List (e.g. duplicate key) counts for the List document
    let at = this.lookup(f.file, f.documentIndex, listItemOf(f.path)) ?? this.lookup(f.file, f.documentIndex, '');
    if (at === undefined) {
      // a document that did not parse: one resource in its bucket
      if (!f.rule.startsWith('parse/')) return;
      at = this.add(f.file, f.documentIndex, undefined, undefined);
      buckets[at] = 'valid';
    }
    if (RANK[bucket] > RANK[buckets[at]]) buckets[at] = bucket;
  }

  private lookup(file: string, documentIndex: number, item: string): number | undefined {
    return item === '' ? this.docsOf(file)?.[documentIndex] : this.listItems.get(`${file}\u0000${documentIndex}\u0000${item}`);
  }

  /** The file's documentIndex -> entry array (the last file's kept at hand: documents come file by file). */
  private docsOf(file: string): number[] | undefined {
    if (file !== this.lastFile || !this.lastDocs) {
      this.lastDocs = this.byFile.get(file);
      this.lastFile = file;
    }
    return this.lastDocs;
  }

  private add(file: string, documentIndex: number, item: number | undefined, o: unknown): number {
    let kind: string | undefined;
    let name: string | undefined;
    if (o && typeof o === 'object' && !Array.isArray(o)) {
      const r = o as Record<string, unknown>;
      const m = r.metadata as Record<string, unknown> | undefined;
      name = m && typeof m === 'object' ? (typeof m.name === 'string' ? m.name : typeof m.generateName === 'string' ? m.generateName : undefined) : undefined;
      if (name === '') name = undefined;
      if (typeof r.kind === 'string') kind = r.kind;
    }
    let at = this.lookup(file, documentIndex, item === undefined ? '' : String(item));
    if (at === undefined) {
      at = this.files.length;
      if (item !== undefined) this.listItems.set(`${file}\u0000${documentIndex}\u0000${item}`, at);
      else {
        let perDoc = this.docsOf(file);
        if (!perDoc) this.byFile.set(file, (perDoc = this.lastDocs = []));
        // documents come in order: a push keeps the array packed
        if (documentIndex === perDoc.length) perDoc.push(at);
        else perDoc[documentIndex] = at;
      }
    }
    // the same document given twice: the last one describes it
    this.files[at] = file;
    this.documents[at] = documentIndex;
    this.kinds[at] = kind;
    this.names[at] = name;
    if (item !== undefined) this.items.set(at, item);
    return at;
  }
}

/**
 * Per-resource verdicts in kubeconform's buckets. `docs` are the parsed documents; findings of
 * documents that did not parse count as one resource in "errors".
 */
export function summarize(docs: readonly ManifestDocument[], findings: readonly Finding[], files: number): ValidationSummary {
  const list = new ResourceList();
  for (const d of docs) list.addDocument(d);
  return list.summarize(findings, files);
}
