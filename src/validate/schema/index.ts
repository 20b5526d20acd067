/**
 * Layer 1: schema validation (kubeconform parity). Each document is checked against the
 * definition of its apiVersion/kind in the selected Kubernetes version; custom resources against
 * their CRD's openAPIV3Schema; `List` documents item by item, like kubeconform.
 */
import type { Finding, ManifestDocument, Severity, ValidateOptions } from '../types';
import { didYouMean, newCtx, SchemaCompiler, type Validator } from './compile';
import { bundledOrigin, bundledSchema } from './bundled-crds';
import { crdProblems } from './crd-structure';
import { isCrd, registerCrd, type CrdRegistry } from './crds';
import { removedApi } from './removed-apis';
import { objectRef } from '../untyped';
import { availableVersions, compareVersions, gvkKey, loadDefinitions, resolveVersion, type Definitions } from './versions';

export { availableVersions, resolveVersion, UnknownVersionError, DEFAULT_KUBERNETES_VERSION } from './versions';
export { REMOVED_APIS, removedApi } from './removed-apis';
export { editDistance, didYouMean, isQuantity } from './compile';

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

/** Rule of the info finding that marks a resource skipped on request (--skip, --ignore-missing-schemas). */
export const SKIPPED_RULE = 'schema/skipped';
/** Rule of the info finding that names the schema a custom resource was validated against, where two were available. */
export const CRD_SOURCE_RULE = 'schema/crd-source';
/** Rule of the error finding on a CRD whose own schema the API server would refuse. */
export const CRD_SCHEMA_RULE = 'schema/crd-schema';
/** Rule of the info finding that marks a custom resource not validated because its CRD is unknown. */
export const UNKNOWN_CRD_RULE = 'schema/unknown-crd';
/** kustomize's own configuration files (Kustomization, Component): not cluster objects. */
const KUSTOMIZE_GROUP = 'kustomize.config.k8s.io';
/** Rules that put a resource in the "skipped" bucket. */
export const SKIPPED_RULES: ReadonlySet<string> = new Set([SKIPPED_RULE, UNKNOWN_CRD_RULE]);

interface VersionState {
  readonly defs: Definitions;
  readonly compiler: SchemaCompiler;
  readonly kinds: Map<string, Validator>;
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
  const key = gvkKey(apiVersion, kind);
  const cached = state.kinds.get(key);
  if (cached) return cached;
  const name = state.defs.byGvk.get(key);
  if (!name) return undefined;
  const v = state.compiler.definition(name);
  state.kinds.set(key, v);
  return v;
}

type ObjectInfo = NonNullable<Finding['object']>;

function describeObject(info: ObjectInfo): string {
  return `${info.kind ?? '?'}${info.name ? ` '${info.name}'` : ''}`;
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.lastIndexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

/**
 * The API groups of the vendored definitions, all versions together (the core group is ''). A
 * constant, so that telling a custom resource's group from a built-in one does not load ten
 * versions of definitions (~120 ms); test/validate/schema-groups.test.ts recomputes it from
 * schemas/ and fails when a newly vendored version adds a group.
 */
export const VENDORED_API_GROUPS: ReadonlySet<string> = new Set([
  '', 'admission.k8s.io', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apps',
  'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io', 'coordination.k8s.io',
  'discovery.k8s.io', 'events.k8s.io', 'extensions', 'flowcontrol.apiserver.k8s.io', 'imagepolicy.k8s.io',
  'internal.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'resource.k8s.io',
  'scheduling.k8s.io', 'storage.k8s.io', 'storagemigration.k8s.io',
]);

/**
 * Whether a group is one Kubernetes serves itself: any group of the vendored definitions (in
 * this or another vendored version), and the core group. Other groups, *.k8s.io ones included
 * (snapshot.storage.k8s.io, gateway.networking.k8s.io), come from CRDs.
 */
function isBuiltinGroup(group: string): boolean {
  return VENDORED_API_GROUPS.has(group);
}

const STABILITY = (apiVersion: string): number => {
  const v = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
  const m = /^v(\d+)(?:(alpha|beta)(\d+))?$/.exec(v);
  if (!m) return 0;
  const major = Number(m[1]) * 1000;
  return m[2] === undefined ? major + 999 : m[2] === 'beta' ? major + 500 + Number(m[3]) : major + Number(m[3]);
};

function preferredApiVersion(list: readonly string[]): string {
  return [...list].sort((a, b) => STABILITY(b) - STABILITY(a))[0];
}

/** Other vendored versions that serve apiVersion/kind (only computed on this error path). */
function versionsServing(apiVersion: string, kind: string): string[] {
  const out: string[] = [];
  for (const v of availableVersions()) {
    if (loadDefinitions(v).byGvk.has(gvkKey(apiVersion, kind))) out.push(v);
  }
  return out;
}

function short(version: string): string {
  return version.replace(/\.0$/, '');
}

function matchesKindList(list: readonly string[] | undefined, apiVersion: string, kind: string): boolean {
  if (!list || list.length === 0) return false;
  return list.includes(kind) || list.includes(`${apiVersion}/${kind}`);
}

interface Emit {
  (severity: Severity, rule: string, message: string, path: string, fix?: string): void;
}

/** Validates documents against the schemas; returns findings (unsorted). */
export function schemaFindings(docs: readonly ManifestDocument[], opts: SchemaOptions = {}): Finding[] {
  const version = resolveVersion(opts.kubernetesVersion);
  const state = stateFor(version);
  const strict = opts.strict ?? false;
  const findings: Finding[] = [];

  // The user's CRDs for this run: those among the inputs first, then opts.crdSources.
  let crds: CrdRegistry | undefined;
  const crdRegistry = (): CrdRegistry => {
    if (crds) return crds;
    crds = new Map();
    const meta = state.compiler.definition(OBJECT_META);
    for (const d of docs) {
      const o = d.object as Record<string, unknown> | null;
      if (o && typeof o === 'object' && typeof o.kind === 'string' && o.kind.toLowerCase() === 'list' && Array.isArray(o.items)) {
        for (const item of o.items) registerCrd(crds, item, d.source.file, meta);
      } else {
        registerCrd(crds, o, d.source.file, meta);
      }
    }
    for (const c of opts.crdSources ?? []) registerCrd(crds, c.object, c.file, meta);
    return crds;
  };
  /** Kinds whose schema choice was already reported in this run (one info finding per kind). */
  const sourceNoted = new Set<string>();

  for (const doc of docs) {
    const value = doc.object;
    if (value === null || value === undefined) continue;
    const mk = (object: ObjectInfo | undefined, prefix: string): Emit => (severity, rule, message, path, fix) => {
      const full = prefix && path ? `${prefix}.${path}`.replace(/\.\[/g, '[') : prefix || path;
      // Built field by field (no spreads), in the order the JSON output shows them.
      const f = { severity, rule, message, file: doc.source.file, documentIndex: doc.source.documentIndex } as { -readonly [K in keyof Finding]: Finding[K] };
      if (doc.source.constructPath) f.constructPath = doc.source.constructPath;
      if (doc.source.sourceLocation) f.sourceLocation = doc.source.sourceLocation;
      f.path = full;
      if (fix) f.fix = fix;
      if (object && Object.keys(object).length) f.object = object;
      findings.push(f);
    };
    if (typeof value !== 'object' || Array.isArray(value)) {
      const what = Array.isArray(value) ? 'a list' : `a ${typeof value} (${JSON.stringify(value).slice(0, 40)})`;
      mk(undefined, '')('error', 'schema/not-an-object', `document is ${what}, not a Kubernetes object (a mapping with apiVersion and kind)`, '', 'each document must be a mapping with apiVersion, kind and metadata');
      continue;
    }
    const obj = value as Record<string, unknown>;
    if (doc.duplicateKeys && doc.duplicateKeys.length > 0) {
      const emit = mk(objectRef(obj), '');
      for (const p of doc.duplicateKeys) {
        const key = p.replace(/^.*[.[]"?|"?\]$/g, '') || p;
        // kubectl keeps the last value and the API server accepts the object: the first value is
        // dropped without a word (kubernetes/kubernetes issue 125885)
        const fix = 'remove one of them: kubectl keeps only the last value and the API server accepts it, so the first is silently dropped';
        if (strict) emit('error', 'schema/duplicate-key', `duplicate key '${key}' in one mapping: only the last value is used`, p, fix);
        else emit('warning', 'schema/duplicate-key', `duplicate key '${key}' in one mapping: only the last value is used`, p, fix);
      }
    }
    if (typeof obj.kind === 'string' && obj.kind.toLowerCase() === 'list' && obj.kind !== '' ) {
      const items = Array.isArray(obj.items) ? obj.items : [];
      items.forEach((item, i) => validateResource(item, `items[${i}]`, true));
      continue;
    }
    validateResource(obj, '', false);

    function validateResource(item: unknown, prefix: string, inList: boolean): void {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) {
        mk(undefined, prefix)('error', 'schema/not-an-object', `list item is ${describeValueShort(item)}, not a Kubernetes object`, '');
        return;
      }
      const o = item as Record<string, unknown>;
      const info = objectRef(o);
      const emit = mk(info, prefix);
      const kind = o.kind;
      const apiVersion = o.apiVersion;
      const noKind = typeof kind !== 'string' || kind === '';
      const noApiVersion = typeof apiVersion !== 'string' || apiVersion === '';
      const got = (v: unknown): string => (v !== undefined && v !== null && v !== '' ? ` (got ${describeValueShort(v)})` : '');
      if (noKind && noApiVersion) {
        emit('error', 'schema/missing-kind', `missing 'apiVersion' and 'kind'${got(kind)}: this is not a Kubernetes object`, '', "every object needs e.g. 'apiVersion: apps/v1' and 'kind: Deployment'; leave non-manifest files out of the paths validated");
        return;
      }
      if (noKind) {
        emit('error', 'schema/missing-kind', `missing 'kind'${got(kind)}: every object needs a kind`, 'kind', "add e.g. 'kind: Deployment'");
        return;
      }
      if (noApiVersion) {
        const guess = state.defs.apiVersionsByKind.get(kind as string);
        emit('error', 'schema/missing-api-version', `missing 'apiVersion'${got(apiVersion)}: every object needs an apiVersion`, 'apiVersion', guess ? `add 'apiVersion: ${preferredApiVersion(guess)}'` : "add e.g. 'apiVersion: v1'");
        return;
      }
      const k = kind as string;
      const av = apiVersion as string;
      if (inList && k.toLowerCase() === 'list') {
        emit('error', 'schema/unknown-kind', 'a List inside a List is not supported', '', 'flatten the nested List');
        return;
      }
      if (matchesKindList(opts.skipKinds, av, k)) {
        emit('info', SKIPPED_RULE, `${describeObject(info)} skipped (--skip ${k})`, '');
        return;
      }
      if (matchesKindList(opts.rejectKinds, av, k)) {
        emit('error', 'schema/rejected-kind', `prohibited resource kind ${k} (--reject)`, 'kind', `remove the ${k}, or drop it from --reject`);
        return;
      }
      let validator = kindValidator(state, av, k);
      if (!validator) validator = customResourceValidator(emit, info, av, k);
      if (!validator) return;
      const ctx = newCtx(strict);
      validator(o, ctx);
      for (const issue of ctx.issues) emit('error', issue.rule, issue.message, issue.path, issue.fix);
      if (isCrd(o)) {
        for (const p of crdProblems(o, o.apiVersion === 'apiextensions.k8s.io/v1')) {
          emit('error', CRD_SCHEMA_RULE, `the API server refuses this CRD: ${p.message}`, p.path, p.fix);
        }
      }
    }

    /** The validator of a custom resource (reporting which schema, or why none), or undefined when reported. */
    function customResourceValidator(emit: Emit, info: ObjectInfo, av: string, k: string): Validator | undefined {
      const key = gvkKey(av, k);
      const crd = crdRegistry().get(key);
      if (crd?.problem !== undefined) {
        emit('error', 'schema/invalid-crd', `${k} (${av}) cannot be validated: its CRD in ${crd.origin} has an invalid schema, which the API server refuses (${crd.problem})`, '', 'fix the CRD (see the schema/crd-schema finding on it)');
        return undefined;
      }
      if (crd?.validator) {
        const origin = bundledOrigin(av, k);
        if (origin && !sourceNoted.has(key)) {
          sourceNoted.add(key);
          emit('info', CRD_SOURCE_RULE, `${k} (${av}) validated against its CRD in ${crd.origin}, which takes precedence over the bundled schema (${origin})`, '');
        }
        return crd.validator;
      }
      const bundled = bundledSchema(av, k);
      if (bundled) {
        if (!sourceNoted.has(key)) {
          sourceNoted.add(key);
          emit('info', CRD_SOURCE_RULE, `${k} (${av}) validated against the bundled schema (${bundled.origin}): types, enums, patterns and required fields, not unknown fields`, '', 'give its CRD (among the files validated, in ./crds/ or with --crds DIR) to check it in full');
        }
        return bundled.validator;
      }
      noSchema(emit, info, av, k);
      return undefined;
    }
  }

  function noSchema(emit: Emit, info: ObjectInfo, apiVersion: string, kind: string): void {
    const removed = removedApi(apiVersion, kind, version);
    const served = state.defs.apiVersionsByKind.get(kind);
    const group = groupOf(apiVersion);
    if (removed) {
      const to = removed.replacement ?? (served ? preferredApiVersion(served) : undefined);
      emit(
        'error',
        'schema/removed-api',
        `${apiVersion} ${kind} was removed in Kubernetes ${removed.removedIn} and is not served by ${short(version)}${to ? `; use ${to}` : ''}`,
        'apiVersion',
        [to ? `change apiVersion to ${to}` : undefined, removed.note].filter(Boolean).join('; '),
      );
      return;
    }
    if (served && served.length > 0) {
      const later = versionsServing(apiVersion, kind).filter((v) => compareVersions(v, version) > 0);
      const earlier = versionsServing(apiVersion, kind).filter((v) => compareVersions(v, version) < 0);
      const pref = preferredApiVersion(served);
      let msg = `Kubernetes ${short(version)} does not serve ${kind} as ${apiVersion}; it serves ${served.join(', ')}`;
      if (later.length > 0) msg += ` (${apiVersion} ${kind} appears in ${short(later[0])})`;
      else if (earlier.length > 0) msg += ` (${apiVersion} ${kind} was removed after ${short(earlier[earlier.length - 1])})`;
      emit('error', 'schema/unknown-api-version', msg, 'apiVersion', later.length > 0 ? `change apiVersion to ${pref}, or select --kubernetes-version ${short(later[0])} or newer` : `change apiVersion to ${pref}`);
      return;
    }
    if (isBuiltinGroup(group) || !group.includes('.')) {
      const later = versionsServing(apiVersion, kind).filter((v) => compareVersions(v, version) > 0);
      if (opts.ignoreMissingSchemas) {
        emit('info', SKIPPED_RULE, `${describeObject(info)} skipped: no schema for ${apiVersion} ${kind} in Kubernetes ${short(version)} (--ignore-missing-schemas)`, '');
        return;
      }
      if (later.length > 0) {
        emit('error', 'schema/unknown-kind', `${apiVersion} ${kind} is not served by Kubernetes ${short(version)}; it appears in ${short(later[0])}`, 'kind', `select --kubernetes-version ${short(later[0])} or newer`);
        return;
      }
      if (!isBuiltinGroup(group)) {
        emit('error', 'schema/unknown-api-version', `Kubernetes has no API group '${group}' (custom resource groups contain a dot, e.g. example.com)`, 'apiVersion', 'check the apiVersion');
        return;
      }
      const kinds = [...state.defs.apiVersionsByKind.keys()];
      const guess = didYouMean(kind, kinds);
      emit('error', 'schema/unknown-kind', `unknown kind ${kind} in ${apiVersion || 'the core group'} (Kubernetes ${short(version)})`, 'kind', guess ? `did you mean ${guess}?` : 'check the kind and apiVersion');
      return;
    }
    if (group === KUSTOMIZE_GROUP) {
      // kustomization.yaml (HelmlessApp writes one per environment folder) is read by kustomize,
      // never sent to the API server: there is nothing to validate it against.
      emit('info', SKIPPED_RULE, `${describeObject(info)} skipped: ${kind} (${apiVersion}) is kustomize build configuration, not a cluster object`, '');
      return;
    }
    if ((opts.missingCrds ?? 'skip') === 'skip' || opts.ignoreMissingSchemas) {
      emit(
        'info',
        UNKNOWN_CRD_RULE,
        `${describeObject(info)} was not validated: no schema for ${kind} (${apiVersion}), a custom resource whose CustomResourceDefinition is not known`,
        '',
        'give its CRD (among the files validated, in ./crds/ or with --crds DIR) to have it checked',
      );
      return;
    }
    emit(
      'error',
      'schema/unknown-kind',
      `no schema for ${kind} (${apiVersion}): it is not built into Kubernetes and its CustomResourceDefinition is not known`,
      'kind',
      'give its CRD (among the files validated, in ./crds/ or with --crds DIR), or pass --missing-crds skip to report it as not validated',
    );
  }

  return findings;
}

function describeValueShort(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return JSON.stringify(v);
}
