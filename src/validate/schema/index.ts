/**
 * Layer 1: schema validation (kubeconform parity). Each document is checked against the
 * definition of its apiVersion/kind in the selected Kubernetes version; custom resources against
 * their CRD's openAPIV3Schema; `List` documents item by item, like kubeconform.
 */
import type { Finding, ManifestDocument, ValidateOptions } from '../types';
import { newCtx, SchemaCompiler, type Ctx, type Validator } from './compile';
import { bundledOrigin, bundledSchema } from './bundled-crds';
import { crdProblems } from './crd-structure';
import { isCrd, registerCrd, type CrdRegistry } from './crds';
import { describeObject, noSchema, preferredApiVersion, SKIPPED_RULE, UNKNOWN_CRD_RULE, type Emit, type ObjectInfo } from './no-schema';
import { objectRef } from '../untyped';
import { gvkKey, loadDefinitions, resolveVersion, type Definitions } from './versions';

export { availableVersions, resolveVersion, UnknownVersionError, DEFAULT_KUBERNETES_VERSION } from './versions';
export { REMOVED_APIS, removedApi } from './removed-apis';
export { editDistance, didYouMean, isQuantity } from './compile';
export { SKIPPED_RULE, UNKNOWN_CRD_RULE, VENDORED_API_GROUPS } from './no-schema';

export interface SchemaOptions extends ValidateOptions {
  /**
   * Custom resources whose CRD is unknown: 'skip' reports each as not validated (an info
   * finding, counted as skipped); 'error' fails them, as kubeconform does without
   * -ignore-missing-schemas. @default 'skip'
   */
  readonly missingCrds?: 'skip' | 'error';
  /** Also skip (instead of failing) unknown kinds of built-in API groups, like kubeconform's flag. @default false */
  readonly ignoreMissingSchemas?: boolean;
  /**
   * CRDs that are not among the documents validated (the project's crds/, --crds DIR), in order
   * of precedence. CRDs among the documents come first; all of them take precedence over the
   * bundled schemas. @default none
   */
  readonly crdSources?: readonly { readonly file: string; readonly object: unknown }[];
}

/**
 * Rules whose findings put a resource in kubeconform's "errors" bucket (the resource could not be
 * validated: unparsable, no kind, no schema, rejected); other error findings make it "invalid".
 */
export const ERROR_BUCKET_RULES: ReadonlySet<string> = new Set([
  'parse/yaml',
  'parse/alias',
  'parse/too-deep',
  'schema/not-an-object',
  'schema/missing-kind',
  'schema/missing-api-version',
  'schema/unknown-kind',
  'schema/unknown-api-version',
  'schema/removed-api',
  'schema/rejected-kind',
  'schema/duplicate-key',
  'schema/invalid-crd',
]);

/** Rule of the info finding that names the schema a custom resource was validated against, where two were available. */
export const CRD_SOURCE_RULE = 'schema/crd-source';
/** Rule of the error finding on a CRD whose own schema the API server would refuse. */
export const CRD_SCHEMA_RULE = 'schema/crd-schema';
/** Rules that put a resource in the "skipped" bucket. */
export const SKIPPED_RULES: ReadonlySet<string> = new Set([SKIPPED_RULE, UNKNOWN_CRD_RULE]);

interface VersionState {
  readonly defs: Definitions;
  readonly compiler: SchemaCompiler;
  /** kind -> apiVersion -> validator, of the kinds found so far (found per object without building a key). */
  readonly kinds: Map<string, Map<string, Validator>>;
}

const states = new Map<string, VersionState>();

function stateFor(version: string): VersionState {
  let s = states.get(version);
  if (!s) {
    const defs = loadDefinitions(version);
    s = { defs, compiler: new SchemaCompiler({ definition: defs.definition }), kinds: new Map() };
    states.set(version, s);
  }
  return s;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

function kindValidator(state: VersionState, apiVersion: string, kind: string): Validator | undefined {
  const cached = state.kinds.get(kind)?.get(apiVersion);
  if (cached) return cached;
  const name = state.defs.byGvk.get(gvkKey(apiVersion, kind));
  if (!name) return undefined;
  const v = state.compiler.definition(name);
  let byVersion = state.kinds.get(kind);
  if (!byVersion) state.kinds.set(kind, (byVersion = new Map()));
  byVersion.set(apiVersion, v);
  return v;
}

function matchesKindList(list: readonly string[] | undefined, apiVersion: string, kind: string): boolean {
  if (!list || list.length === 0) return false;
  return list.includes(kind) || list.includes(`${apiVersion}/${kind}`);
}

/** One schemaFindings call: its inputs, its version's schemas, the CRDs it knows and its findings. */
class SchemaRun {
  readonly version: string;
  readonly state: VersionState;
  readonly defs: Definitions;
  readonly strict: boolean;
  readonly findings: Finding[] = [];
  /** Kinds whose schema choice was already reported in this run (one info finding per kind). */
  readonly sourceNoted = new Set<string>();
  /** Whether --skip or --reject names kinds (then every object goes the long way). */
  readonly kindLists: boolean;
  /** The validators' context, shared by the run's objects (its path is empty between objects; judge takes its issues). */
  readonly ctx: Ctx;
  private crds: CrdRegistry | undefined;

  constructor(readonly docs: readonly ManifestDocument[], readonly opts: SchemaOptions) {
    this.version = resolveVersion(opts.kubernetesVersion);
    this.state = stateFor(this.version);
    this.defs = this.state.defs;
    this.strict = opts.strict ?? false;
    this.kindLists = (opts.skipKinds?.length ?? 0) > 0 || (opts.rejectKinds?.length ?? 0) > 0;
    this.ctx = newCtx(this.strict);
  }

  /** The user's CRDs for this run: those among the inputs first, then opts.crdSources. Built on first use. */
  crdRegistry(): CrdRegistry {
    if (this.crds) return this.crds;
    const crds: CrdRegistry = new Map();
    const meta = this.state.compiler.definition(OBJECT_META);
    for (const d of this.docs) {
      const o = d.object as Record<string, unknown> | null;
      if (o && typeof o === 'object' && typeof o.kind === 'string' && o.kind.toLowerCase() === 'list' && Array.isArray(o.items)) {
        for (const item of o.items) registerCrd(crds, item, d.source.file, meta);
      } else {
        registerCrd(crds, o, d.source.file, meta);
      }
    }
    for (const c of this.opts.crdSources ?? []) registerCrd(crds, c.object, c.file, meta);
    this.crds = crds;
    return crds;
  }

  /** Reports findings on `doc` about `object`, at paths under `prefix` ('items[2]' in a List). */
  emitter(doc: ManifestDocument, object: ObjectInfo | undefined, prefix: string): Emit {
    return (severity, rule, message, path, fix) => {
      const full = prefix && path ? `${prefix}.${path}`.replace(/\.\[/g, '[') : prefix || path;
      // Built field by field (no spreads), in the order the JSON output shows them.
      const f = { severity, rule, message, file: doc.source.file, documentIndex: doc.source.documentIndex } as { -readonly [K in keyof Finding]: Finding[K] };
      if (doc.source.constructPath) f.constructPath = doc.source.constructPath;
      if (doc.source.sourceLocation) f.sourceLocation = doc.source.sourceLocation;
      f.path = full;
      if (fix) f.fix = fix;
      if (object && Object.keys(object).length) f.object = object;
      this.findings.push(f);
    };
  }
}

/** Validates documents against the schemas; returns findings (unsorted). */
export function schemaFindings(docs: readonly ManifestDocument[], opts: SchemaOptions = {}): Finding[] {
  const run = new SchemaRun(docs, opts);
  for (const doc of docs) checkDocument(run, doc);
  return run.findings;
}

function checkDocument(run: SchemaRun, doc: ManifestDocument): void {
  const value = doc.object;
  if (value === null || value === undefined) return;
  if (typeof value !== 'object' || Array.isArray(value)) {
    const what = Array.isArray(value) ? 'a list' : `a ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
    run.emitter(doc, undefined, '')('error', 'schema/not-an-object', `document is ${what}, not a Kubernetes object (a mapping with apiVersion and kind)`, '', 'each document must be a mapping with apiVersion, kind and metadata');
    return;
  }
  const obj = value as Record<string, unknown>;
  if (doc.duplicateKeys && doc.duplicateKeys.length > 0) checkDuplicateKeys(run, doc, obj, doc.duplicateKeys);
  if (typeof obj.kind === 'string' && obj.kind.toLowerCase() === 'list' && obj.kind !== '' ) {
    const items = Array.isArray(obj.items) ? obj.items : [];
    items.forEach((item, i) => validateResource(run, doc, item, `items[${i}]`, true));
    return;
  }
  validateResource(run, doc, obj, '', false);
}

function checkDuplicateKeys(run: SchemaRun, doc: ManifestDocument, obj: Record<string, unknown>, paths: readonly string[]): void {
  const emit = run.emitter(doc, objectRef(obj), '');
  for (const p of paths) {
    const key = p.replace(/^.*[.[]"?|"?\]$/g, '') || p;
    // kubectl keeps the last value and the API server accepts the object: the first value is
    // dropped without a word (kubernetes/kubernetes issue 125885)
    const fix = 'remove one of them: kubectl keeps only the last value and the API server accepts it, so the first is silently dropped';
    if (run.strict) emit('error', 'schema/duplicate-key', `duplicate key '${key}' in one mapping: only the last value is used`, p, fix);
    else emit('warning', 'schema/duplicate-key', `duplicate key '${key}' in one mapping: only the last value is used`, p, fix);
  }
}

/** One object (the document, or an item of a List at `prefix`) against its schema. */
function validateResource(run: SchemaRun, doc: ManifestDocument, item: unknown, prefix: string, inList: boolean): void {
  if (item === null || typeof item !== 'object' || Array.isArray(item)) {
    run.emitter(doc, undefined, prefix)('error', 'schema/not-an-object', `list item is ${describeValueShort(item)}, not a Kubernetes object`, '');
    return;
  }
  const o = item as Record<string, unknown>;
  // the common case (a built-in kind, no --skip or --reject, no issue) makes no emitter and no object reference
  const av = o.apiVersion;
  const k = o.kind;
  const plain = !inList && typeof av === 'string' && av !== '' && typeof k === 'string' && k !== '' && !run.kindLists;
  const validator = plain ? kindValidator(run.state, av, k) : undefined;
  if (validator) return judge(run, doc, o, prefix, validator, undefined);
  const info = objectRef(o);
  const emit = run.emitter(doc, info, prefix);
  const gvk = identify(run, emit, o);
  if (!gvk) return;
  const [apiVersion, kind] = gvk;
  if (inList && kind.toLowerCase() === 'list') {
    emit('error', 'schema/unknown-kind', 'a List inside a List is not supported', '', 'flatten the nested List');
    return;
  }
  if (matchesKindList(run.opts.skipKinds, apiVersion, kind)) {
    emit('info', SKIPPED_RULE, `${describeObject(info)} skipped (--skip ${kind})`, '');
    return;
  }
  if (matchesKindList(run.opts.rejectKinds, apiVersion, kind)) {
    emit('error', 'schema/rejected-kind', `prohibited resource kind ${kind} (--reject)`, 'kind', `remove the ${kind}, or drop it from --reject`);
    return;
  }
  const v = kindValidator(run.state, apiVersion, kind) ?? customResourceValidator(run, emit, info, apiVersion, kind);
  if (v) judge(run, doc, o, prefix, v, emit);
}

/** Runs `validator` on `o` and reports its issues (and a CRD's structural problems) through `emit`, made when needed. */
function judge(run: SchemaRun, doc: ManifestDocument, o: Record<string, unknown>, prefix: string, validator: Validator, emit: Emit | undefined): void {
  const ctx = run.ctx;
  validator(o, ctx);
  const issues = ctx.issues;
  const crd = isCrd(o);
  if (issues.length === 0 && !crd) return;
  ctx.issues = [];
  const e = emit ?? run.emitter(doc, objectRef(o), prefix);
  for (let i = 0; i < issues.length; i++) e('error', issues[i].rule, issues[i].message, issues[i].path, issues[i].fix);
  if (crd) {
    for (const p of crdProblems(o, o.apiVersion === 'apiextensions.k8s.io/v1')) {
      e('error', CRD_SCHEMA_RULE, `the API server refuses this CRD: ${p.message}`, p.path, p.fix);
    }
  }
}

/** [apiVersion, kind] of an object, or undefined when one is missing (reported). */
function identify(run: SchemaRun, emit: Emit, o: Record<string, unknown>): [string, string] | undefined {
  const kind = o.kind;
  const apiVersion = o.apiVersion;
  const noKind = typeof kind !== 'string' || kind === '';
  const noApiVersion = typeof apiVersion !== 'string' || apiVersion === '';
  const got = (v: unknown): string => (v !== undefined && v !== null && v !== '' ? ` (got ${describeValueShort(v)})` : '');
  if (noKind && noApiVersion) {
    emit('error', 'schema/missing-kind', `missing 'apiVersion' and 'kind'${got(kind)}: this is not a Kubernetes object`, '', "every object needs e.g. 'apiVersion: apps/v1' and 'kind: Deployment'; leave non-manifest files out of the paths validated");
    return undefined;
  }
  if (noKind) {
    emit('error', 'schema/missing-kind', `missing 'kind'${got(kind)}: every object needs a kind`, 'kind', "add e.g. 'kind: Deployment'");
    return undefined;
  }
  if (noApiVersion) {
    const guess = run.defs.apiVersionsByKind.get(kind as string);
    emit('error', 'schema/missing-api-version', `missing 'apiVersion'${got(apiVersion)}: every object needs an apiVersion`, 'apiVersion', guess ? `add 'apiVersion: ${preferredApiVersion(guess)}'` : "add e.g. 'apiVersion: v1'");
    return undefined;
  }
  return [apiVersion as string, kind as string];
}

/** The validator of a custom resource (reporting which schema, or why none), or undefined when reported. */
function customResourceValidator(run: SchemaRun, emit: Emit, info: ObjectInfo, av: string, k: string): Validator | undefined {
  const key = gvkKey(av, k);
  const crd = run.crdRegistry().get(key);
  if (crd?.problem !== undefined) {
    emit('error', 'schema/invalid-crd', `${k} (${av}) cannot be validated: its CRD in ${crd.origin} has an invalid schema, which the API server refuses (${crd.problem})`, '', 'fix the CRD (see the schema/crd-schema finding on it)');
    return undefined;
  }
  if (crd?.validator) {
    const origin = bundledOrigin(av, k);
    if (origin && !run.sourceNoted.has(key)) {
      run.sourceNoted.add(key);
      emit('info', CRD_SOURCE_RULE, `${k} (${av}) validated against its CRD in ${crd.origin}, which takes precedence over the bundled schema (${origin})`, '');
    }
    return crd.validator;
  }
  const bundled = bundledSchema(av, k);
  if (bundled) {
    if (!run.sourceNoted.has(key)) {
      run.sourceNoted.add(key);
      emit('info', CRD_SOURCE_RULE, `${k} (${av}) validated against the bundled schema (${bundled.origin}): types, enums, patterns and required fields, not unknown fields`, '', 'give its CRD (among the files validated, in ./crds/ or with --crds DIR) to check it in full');
    }
    return bundled.validator;
  }
  noSchema(run, emit, info, av, k);
  return undefined;
}

function describeValueShort(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return JSON.stringify(v);
}
