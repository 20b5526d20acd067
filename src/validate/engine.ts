/**
 * The validation engine: composes the layers (schema, API-server rules, cross-object wiring)
 * over parsed documents and returns one deterministic list of findings. Pure: no I/O.
 *
 * A Validation takes documents one at a time, as they are parsed: the layers that judge a
 * document alone (schema, API-server rules) run on small batches, so a caller that hands over
 * each document as it is parsed lets it be collected young; only what the wiring layer keeps,
 * the findings and one summary entry per resource outlive the batch.
 */
import { guardDocument, guardLayer, internalFinding } from './internal';
import { apiServerRules } from './rules';
import { schemaFindings, SKIPPED_RULE, VENDORED_API_GROUPS, type SchemaOptions } from './schema';
import { listItemOf, ResourceList, type ValidationSummary } from './summary';
import type { Finding, ManifestDocument } from './types';
import { objectRef } from './untyped';
import { WiringIndex } from './wiring';

export { summarize, ResourceList, type ResourceVerdict, type ValidationSummary } from './summary';

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

/** Objects of documents, and beside each its List item number ('' for a document of its own). */
interface Objects {
  readonly docs: ManifestDocument[];
  readonly items: string[];
}

/**
 * Expands `List` documents into their items, for the layers that look at objects one by one:
 * the objects, and beside each its List item number ('' for a document of its own).
 */
function expandLists(docs: readonly ManifestDocument[], listFindings: Finding[]): Objects {
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

/**
 * The wiring layer fed one object at a time, in input order: it keeps small facts per object
 * (WiringIndex), not the documents. Each object's facts are guarded as the other layers guard a
 * document (a throw is an 'internal/wiring' finding on it); a throw in the final checks, which
 * look at all objects together, gives every object wired an 'internal/wiring' finding.
 */
class Wiring {
  private readonly index: WiringIndex;
  private readonly found: Finding[] = [];
  /** Where the objects wired are (for the final checks' failure, the one case that needs them). */
  private readonly sources: ManifestDocument['source'][] = [];

  constructor(opts: EngineOptions) {
    this.index = new WiringIndex(opts);
  }

  add(doc: ManifestDocument): void {
    this.sources.push(doc.source);
    guardDocument(this.found, doc, 'wiring', () => this.index.add(doc));
  }

  findings(): Finding[] {
    try {
      return this.found.concat(this.index.findings());
    } catch (e) {
      return this.found.concat(this.sources.map((source) => internalFinding({ object: undefined, source }, 'wiring', e)));
    }
  }
}

/** Documents judged together by the layers that look at one document at a time. */
const BATCH = 256;

/**
 * Whether a document's schema check may depend on a CRD that comes later in the input: custom
 * resources (groups Kubernetes does not serve itself), CRDs and Lists wait for the end of the
 * input; every other document is checked in its batch. (A CRD cannot define a kind in a group
 * Kubernetes serves: those groups have no dot or are reserved to Kubernetes.)
 */
function waitsForCrds(o: unknown): boolean {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return false;
  const { kind, apiVersion } = o as Record<string, unknown>;
  if (typeof kind !== 'string' || typeof apiVersion !== 'string') return false;
  if (kind === 'CustomResourceDefinition' || kind.toLowerCase() === 'list' || kind.endsWith('List')) return true;
  const slash = apiVersion.lastIndexOf('/');
  return !VENDORED_API_GROUPS.has(slash < 0 ? '' : apiVersion.slice(0, slash));
}

/**
 * One validation run over documents given one at a time (add), in any number of files; finish()
 * returns the findings, sorted. Throws UnknownVersionError for a Kubernetes version that is not
 * vendored (a usage error).
 */
export class Validation {
  private readonly found: Finding[] = [];
  private batch: ManifestDocument[] = [];
  /** Documents whose checks wait for all CRDs of the input (see waitsForCrds). */
  private readonly waiting: ManifestDocument[] = [];
  private readonly wiring: Wiring | undefined;
  private readonly resources = new ResourceList();
  /** Construct path and source location by 'file\0documentIndex', for documents that have them (synth). */
  private readonly origins = new Map<string, { constructPath?: string; sourceLocation?: string }>();

  constructor(private readonly opts: EngineOptions = {}) {
    this.wiring = opts.wiring === false ? undefined : new Wiring(opts);
  }

  /** Takes one parsed document; its per-document checks run with its batch. */
  add(doc: ManifestDocument): void {
    this.resources.addDocument(doc);
    const { file, documentIndex, constructPath, sourceLocation } = doc.source;
    if (constructPath || sourceLocation || this.origins.size > 0) {
      // the last document of a file and index describes it
      const key = `${file}\u0000${documentIndex}`;
      if (constructPath || sourceLocation || this.origins.has(key)) this.origins.set(key, { constructPath, sourceLocation });
    }
    if (waitsForCrds(doc.object)) return this.wait(doc);
    this.batch.push(doc);
    if (this.batch.length >= BATCH) this.flush();
  }

  /** The findings of every document added, sorted (file, document, path, severity, rule, message). */
  finish(): Finding[] {
    this.flush();
    this.check(this.waiting, false);
    let t0 = now();
    if (this.wiring) this.found.push(...this.wiring.findings());
    t0 = this.lap('wiring', t0);
    const sorted = sortFindings(this.withOrigins(dropCrossLayerDuplicates(this.found.map(normalizePath))));
    this.lap('sort', t0);
    return sorted;
  }

  /** Per-resource verdicts of the documents added, from the run's findings (all of them, input findings too). */
  summarize(findings: readonly Finding[], files: number): ValidationSummary {
    return this.resources.summarize(findings, files);
  }

  private flush(): void {
    const batch = this.batch;
    this.batch = [];
    this.check(batch, true);
  }

  /**
   * Keeps a document whose checks wait for the input's CRDs. Which of its objects the wiring
   * layer gets does not depend on CRDs (only on kind, apiVersion, --skip and --reject): they are
   * wired now, after the batch before them, so the wiring layer sees the input in order.
   */
  private wait(doc: ManifestDocument): void {
    this.waiting.push(doc);
    if (!this.wiring) return;
    this.flush();
    const found = guardLayer([doc], 'schema', (ds) => schemaFindings(ds, this.opts));
    const objects = expandLists([doc], found);
    for (const k of passedOn(objects, found)) this.wiring.add(objects.docs[k]);
  }

  /**
   * The layers that judge documents one by one. Each judges every document: a check that throws
   * on one document becomes an 'internal/<layer>' error on that document (internal.ts).
   */
  private check(docs: ManifestDocument[], wire: boolean): void {
    let t0 = now();
    const found = guardLayer(docs, 'schema', (ds) => schemaFindings(ds, this.opts));
    t0 = this.lap('schema', t0);
    const objects = expandLists(docs, found);
    const passOn = passedOn(objects, found);
    if (this.opts.apiRules !== false) for (const f of apiServerRules(passOn.map((k) => objects.docs[k]), this.opts)) found.push(f);
    this.lap('api', t0);
    for (const f of found) this.found.push(f);
    if (this.wiring && wire) for (const k of passOn) this.wiring.add(objects.docs[k]);
  }

  /** Adds the milliseconds since t0 to opts.timings[name]; returns now. */
  private lap(name: string, t0: number): number {
    const t = this.opts.timings;
    if (!t) return 0;
    const t1 = now();
    t[name] = (t[name] ?? 0) + (t1 - t0);
    return t1;
  }

  /** Copies the construct path and source location of each document onto its findings. */
  private withOrigins(findings: Finding[]): Finding[] {
    if (this.origins.size === 0) return findings;
    return findings.map((f) => {
      if (f.constructPath && f.sourceLocation) return f;
      const d = this.origins.get(`${f.file}\u0000${f.documentIndex}`);
      if (!d) return f;
      const extra: { constructPath?: string; sourceLocation?: string } = {};
      if (!f.constructPath && d.constructPath) extra.constructPath = d.constructPath;
      if (!f.sourceLocation && d.sourceLocation) extra.sourceLocation = d.sourceLocation;
      return Object.keys(extra).length ? { ...f, ...extra } : f;
    });
  }
}

/**
 * Which objects go on to the other layers (indexes in objects.docs): those the schema layer could
 * identify (not without kind, rejected or skipped); an excluded List document takes its items with it.
 */
function passedOn(objects: Objects, findings: readonly Finding[]): number[] {
  const excluded = new Set<string>();
  for (const f of findings) {
    if (f.rule === SKIPPED_RULE || f.rule === 'schema/rejected-kind' || f.rule === 'schema/missing-kind' || f.rule === 'schema/missing-api-version') {
      excluded.add(`${f.file}\u0000${f.documentIndex}\u0000${listItemOf(f.path)}`);
    }
  }
  const all = objects.docs.map((_, k) => k);
  if (excluded.size === 0) return all;
  return all.filter((k) => {
    const d = objects.docs[k];
    return !excluded.has(`${d.source.file}\u0000${d.source.documentIndex}\u0000${objects.items[k]}`) && !excluded.has(`${d.source.file}\u0000${d.source.documentIndex}\u0000`);
  });
}

/**
 * Validates parsed documents: schema (kubeconform parity) + API-server rules + cross-object
 * wiring. Findings are sorted deterministically. Throws UnknownVersionError for a Kubernetes
 * version that is not vendored (a usage error).
 */
export function validateDocuments(docs: readonly ManifestDocument[], opts: EngineOptions = {}): Finding[] {
  const run = new Validation(opts);
  for (const d of docs) run.add(d);
  return run.finish();
}

// The synth pipeline loads this module on its own: it needs the parser next to the engine.
export { parseManifests } from './parse/yaml';
export { locateFindings } from './parse/locate';
export { SourceTexts } from './parse/texts';
