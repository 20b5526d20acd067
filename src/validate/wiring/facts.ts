// The small per-document facts the wiring checks keep (what a document is, the labels and
// selectors it carries, the names it references) and the per-namespace index over them. Facts
// never hold a parsed document: at most a small piece of one (a labels map, a selector, a Service's
// ports), so the caller may let each document go once it is added (src/validate/wiring/index.ts).
import { IMPLIED_KEYS } from '../cluster-facts';
import type { ImpliedLabels, Labels } from '../label-selector';
import { documentPath, type Finding, type ManifestDocument, type Severity, type SourceRef } from '../types';
import { isObj, obj, str, type Obj, type ObjectRef } from '../untyped';

export const EXTERNAL_SECRETS_ANNOTATION = 'helmless.io/external-secrets';

/** Where a finding about a document points: its source and identity (objectRef), not its content. */
export interface DocRef extends Readonly<ObjectRef> {
  readonly source: SourceRef;
}

export function docRef(doc: ManifestDocument, o: Obj): DocRef {
  return namedRef(doc, o, '', '');
}

/** The DocRef of a named document, which is also its entry in the table of named objects (one object for both). */
export function namedRef(doc: ManifestDocument, o: Obj, group: string, latest: string): Named {
  // objectRef's fields, read in place (no object made only to be copied)
  const md = obj(o.metadata);
  const name = md && typeof md.name === 'string' ? md.name : md && typeof md.generateName === 'string' ? md.generateName : undefined;
  return {
    source: doc.source, apiVersion: str(o.apiVersion), kind: str(o.kind), namespace: md && typeof md.namespace === 'string' ? md.namespace : undefined, name,
    group, more: undefined, latest,
  };
}

/** The finding's object: apiVersion, kind, namespace, name when the document has them (objectRef's shape). */
function refOf(at: DocRef): ObjectRef {
  const ref: ObjectRef = {};
  if (at.apiVersion !== undefined) ref.apiVersion = at.apiVersion;
  if (at.kind !== undefined) ref.kind = at.kind;
  if (at.namespace !== undefined) ref.namespace = at.namespace;
  if (at.name !== undefined) ref.name = at.name;
  return ref;
}

/** A wiring finding on a document (the shape rules/context.ts `makeFinding` gives). */
export function findingAt(at: DocRef, severity: Severity, rule: string, path: string, message: string, fix?: string): Finding {
  const f: { -readonly [K in keyof Finding]: Finding[K] } = {
    severity, rule: `wiring/${rule}`, message, file: at.source.file, documentIndex: at.source.documentIndex, path: documentPath(at.source, path),
  };
  if (fix) f.fix = fix;
  f.object = refOf(at);
  if (at.source.constructPath) f.constructPath = at.source.constructPath;
  if (at.source.sourceLocation) f.sourceLocation = at.source.sourceLocation;
  return f;
}

/** Where the checks put their findings, and how sure a missing reference is. */
export interface Report {
  readonly out: Finding[];
  /** error when the documents are the whole application (evidence: complete), else warning. */
  readonly missingSeverity: Severity;
  /** '' or ' (only the documents given were searched)'. */
  readonly missingNote: string;
}

export function report(r: Report, at: DocRef, severity: Severity, rule: string, path: string, message: string, fix?: string): void {
  r.out.push(findingAt(at, severity, rule, path, message, fix));
}

/** A reference from a workload's pod spec to an object of its namespace, in document order. */
export type WorkloadRef =
  | { readonly type: 'secret' | 'configMap'; readonly path: string; readonly name: string; readonly key: string | undefined }
  | { readonly type: 'pvc'; readonly path: string; readonly name: string }
  /** A finding the document alone decides (a probe naming an undeclared port), kept in its place. */
  | { readonly type: 'finding'; readonly finding: Finding };

/** Pods: a workload's template, or the pods an operator runs for a custom resource. */
export interface PodFacts {
  readonly at: DocRef;
  readonly kind: string;
  readonly name: string;
  readonly podLabels: Labels;
  /** Labels the controller (or operator) adds to the pods besides the template's. */
  readonly implied: ImpliedLabels;
  /** Container port names and numbers, each once (small lists: a Set per workload cost more). */
  readonly portNames: readonly string[];
  readonly portNumbers: readonly number[];
}

export interface WorkloadFacts extends PodFacts {
  readonly ns: string;
  /** The references to check against the other documents (optional and declared ones left out). */
  readonly refs: readonly WorkloadRef[];
  /** A StatefulSet's spec.serviceName. */
  readonly serviceName: string | undefined;
}

export interface ServiceFacts {
  readonly at: DocRef;
  readonly name: string;
  readonly ns: string;
  readonly type: string;
  /** spec.selector as written (a map), when it is one. */
  readonly selector: Obj | undefined;
  /** spec.ports as written. */
  readonly ports: readonly unknown[];
  readonly clusterIP: unknown;
  readonly labels: Labels;
}

/** label key -> label value -> the items carrying that pair (nested: no 'key=value' string per label). */
export type LabelIndex<T> = Map<string, Map<string, T[]>>;

export interface NsIndex {
  readonly pods: PodFacts[];
  /** Pods by label pair. */
  readonly podsByLabel: LabelIndex<PodFacts>;
  readonly services: Map<string, ServiceFacts>;
  readonly allServices: ServiceFacts[];
  /** Services by metadata label pair, built when a ServiceMonitor first needs it (`servicesByLabel`). */
  servicesByLabel: LabelIndex<ServiceFacts> | undefined;
  /** name -> known keys, or null when the keys are unknown (produced by an operator). */
  readonly secrets: Map<string, Keys | null>;
  readonly configMaps: Map<string, Keys>;
  readonly pvcs: Set<string>;
  /** kind -> name -> the named objects (duplicate detection; scaleTargetRef and roleRef lookups). */
  readonly named: Map<string, Map<string, Named>>;
}

/** The first object of a kind and name (per API group: `more`), and the apiVersion of the last one. */
export interface Named extends DocRef {
  readonly group: string;
  more: Named[] | undefined;
  latest: string;
}

export function newNs(): NsIndex {
  return {
    pods: [], podsByLabel: new Map(), services: new Map(), allServices: [], servicesByLabel: undefined, secrets: new Map(),
    configMaps: new Map(), pvcs: new Set(), named: new Map(),
  };
}

// TRIM: a list the facts keep is kept as an exact-size copy (`slice()`): one built by push, or
// parsed, keeps room for 17 elements (~150 bytes) whatever it holds; at 50,000 documents the
// lists of references, Service ports and Ingress backends kept ~5 MB of such room.

/**
 * A path kept in the facts, flattened: a path built by joining is a tree of pieces (~5 string
 * objects of 32 bytes and the pieces); reading one character makes V8 flatten it in place.
 */
export function flatPath(path: string): string {
  path.charCodeAt(0);
  return path;
}

/**
 * Paths kept in the facts, each text once per call: the workloads made from one template repeat
 * the same reference paths (at 50,000 documents ~1 MB of copies of a few dozen paths).
 */
export class PathTable {
  private readonly paths = new Map<string, string>();
  /** The path kept for `path`'s text (flattened the first time it is seen). */
  keep(path: string): string {
    const seen = this.paths.get(path);
    if (seen !== undefined) return seen;
    this.paths.set(path, flatPath(path));
    return path;
  }
}

export function indexLabels<T>(index: LabelIndex<T>, labels: Labels, item: T): void {
  for (const k of Object.keys(labels)) {
    const v = labels[k];
    if (typeof v !== 'string') continue; // not a label value (the schema layer says so): selects nothing
    let byValue = index.get(k);
    if (!byValue) index.set(k, (byValue = new Map()));
    const l = byValue.get(v);
    if (l) l.push(item);
    else byValue.set(v, [item]);
  }
}

/** Candidates that may match a selector: the shortest list among its `matchLabels` pairs, else all. */
export function candidates<T>(all: T[], byLabel: LabelIndex<T>, matchLabels: unknown): T[] {
  if (!isObj(matchLabels)) return all;
  let best: T[] | undefined;
  for (const k in matchLabels) {
    if (IMPLIED_KEYS.has(k)) continue; // added by controllers: not in the template index
    const v = matchLabels[k];
    const l = (typeof v === 'string' ? byLabel.get(k)?.get(v) : undefined) ?? [];
    if (!best || l.length < best.length) best = l;
  }
  return best ?? all;
}

/** The namespace's Services by label pair (built once, on first use: only ServiceMonitors select Services by label). */
export function servicesByLabel(x: NsIndex): LabelIndex<ServiceFacts> {
  if (!x.servicesByLabel) {
    x.servicesByLabel = new Map();
    for (const s of x.allServices) indexLabels(x.servicesByLabel, s.labels, s);
  }
  return x.servicesByLabel;
}

// The API groups of the built-in kinds, each one string: a slice under 13 characters is a copy,
// so every Deployment's group was a string of its own (~0.4 MB at 50,000 documents).
const BUILT_IN_GROUPS: ReadonlyMap<string, string> = new Map(
  ['apps', 'batch', 'autoscaling', 'policy', 'networking.k8s.io', 'rbac.authorization.k8s.io', 'storage.k8s.io', 'scheduling.k8s.io',
    'apiextensions.k8s.io', 'admissionregistration.k8s.io', 'coordination.k8s.io', 'discovery.k8s.io', 'node.k8s.io', 'monitoring.coreos.com',
  ].map((g) => [g, g]),
);

export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  if (i < 0) return '';
  const group = apiVersion.slice(0, i);
  return BUILT_IN_GROUPS.get(group) ?? group;
}

export function splitNames(v: unknown): string[] {
  return typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : [];
}

/**
 * The keys of a Secret or ConfigMap, each once in first-seen order: a list up to KEYS_IN_LIST
 * keys, else a Set. MEMORY: a Set of a few strings is ~280 bytes, an exact-size list ~50; at
 * 50,000 documents the 12,500 Secrets' and ConfigMaps' Sets were ~3.5 MB of the live set.
 */
export type Keys = readonly string[] | ReadonlySet<string>;
const KEYS_IN_LIST = 16;

export function hasKey(keys: Keys, key: string): boolean {
  return Array.isArray(keys) ? keys.includes(key) : (keys as ReadonlySet<string>).has(key);
}

/** The keys of the maps given (non-maps skipped), as `Keys`. */
export function keysOf(...maps: unknown[]): Keys {
  const keys: string[] = [];
  for (const m of maps) if (isObj(m)) for (const k in m) if (Object.prototype.hasOwnProperty.call(m, k)) keys.push(k);
  return uniqueKeys(keys);
}

/** `keys` without repeats (first-seen order), as `Keys`. */
export function uniqueKeys(keys: readonly string[]): Keys {
  if (keys.length > KEYS_IN_LIST) {
    const set = new Set(keys);
    return set.size > KEYS_IN_LIST ? set : Array.from(set);
  }
  const out: string[] = [];
  for (let i = 0; i < keys.length; i++) if (!out.includes(keys[i])) out.push(keys[i]);
  return out.slice(); // exact size (TRIM)
}

export const NONE: ReadonlySet<string> = new Set<string>();
export const NO_NAMES: readonly string[] = [];
export const NO_NUMBERS: readonly number[] = [];

/** Appends `v` unless the list has it (the order of a Set, for lists of a few items). */
export function addOnce<T>(list: T[] | undefined, v: T): T[] {
  if (!list) return [v];
  if (!list.includes(v)) list.push(v);
  return list;
}
