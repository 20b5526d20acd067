// What to say about an object no schema describes: a removed API, a version that serves the kind
// under another apiVersion, an unknown built-in kind or group, kustomize configuration, or a
// custom resource whose CRD is unknown.
import { didYouMean } from './compile';
import { removedApi } from './removed-apis';
import { availableVersions, compareVersions, gvkKey, loadDefinitions, type Definitions } from './versions';
import type { Finding, Severity } from '../types';
import type { SchemaOptions } from './index';

export type ObjectInfo = NonNullable<Finding['object']>;

export interface Emit {
  (severity: Severity, rule: string, message: string, path: string, fix?: string): void;
}

/** Rule of the info finding that marks a resource skipped on request (--skip, --ignore-missing-schemas). */
export const SKIPPED_RULE = 'schema/skipped';
/** Rule of the info finding that marks a custom resource not validated because its CRD is unknown. */
export const UNKNOWN_CRD_RULE = 'schema/unknown-crd';
/** kustomize's own configuration files (Kustomization, Component): not cluster objects. */
const KUSTOMIZE_GROUP = 'kustomize.config.k8s.io';

export function describeObject(info: ObjectInfo): string {
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

export function preferredApiVersion(list: readonly string[]): string {
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

/** Where an object without a schema is judged: the Kubernetes version, its definitions, the options. */
export interface NoSchemaScope {
  readonly version: string;
  readonly defs: Definitions;
  readonly opts: SchemaOptions;
}

/** Reports why `apiVersion`/`kind` has no schema (one finding through `emit`). */
export function noSchema(scope: NoSchemaScope, emit: Emit, info: ObjectInfo, apiVersion: string, kind: string): void {
  const served = scope.defs.apiVersionsByKind.get(kind);
  const group = groupOf(apiVersion);
  if (removedOrMoved(scope, emit, apiVersion, kind, served)) return;
  if (isBuiltinGroup(group) || !group.includes('.')) {
    unknownBuiltin(scope, emit, info, apiVersion, kind, group);
    return;
  }
  if (group === KUSTOMIZE_GROUP) {
    // kustomization.yaml (HelmlessApp writes one per environment folder) is read by kustomize,
    // never sent to the API server: there is nothing to validate it against.
    emit('info', SKIPPED_RULE, `${describeObject(info)} skipped: ${kind} (${apiVersion}) is kustomize build configuration, not a cluster object`, '');
    return;
  }
  unknownCustomResource(scope, emit, info, apiVersion, kind);
}

/** A removed apiVersion, or a kind this version serves under another apiVersion: reported, true. */
function removedOrMoved(scope: NoSchemaScope, emit: Emit, apiVersion: string, kind: string, served: readonly string[] | undefined): boolean {
  const { version } = scope;
  const removed = removedApi(apiVersion, kind, version);
  if (removed) {
    const to = removed.replacement ?? (served ? preferredApiVersion(served) : undefined);
    emit(
      'error',
      'schema/removed-api',
      `${apiVersion} ${kind} was removed in Kubernetes ${removed.removedIn} and is not served by ${short(version)}${to ? `; use ${to}` : ''}`,
      'apiVersion',
      [to ? `change apiVersion to ${to}` : undefined, removed.note].filter(Boolean).join('; '),
    );
    return true;
  }
  if (served && served.length > 0) {
    const later = versionsServing(apiVersion, kind).filter((v) => compareVersions(v, version) > 0);
    const earlier = versionsServing(apiVersion, kind).filter((v) => compareVersions(v, version) < 0);
    const pref = preferredApiVersion(served);
    let msg = `Kubernetes ${short(version)} does not serve ${kind} as ${apiVersion}; it serves ${served.join(', ')}`;
    if (later.length > 0) msg += ` (${apiVersion} ${kind} appears in ${short(later[0])})`;
    else if (earlier.length > 0) msg += ` (${apiVersion} ${kind} was removed after ${short(earlier[earlier.length - 1])})`;
    emit('error', 'schema/unknown-api-version', msg, 'apiVersion', later.length > 0 ? `change apiVersion to ${pref}, or select --kubernetes-version ${short(later[0])} or newer` : `change apiVersion to ${pref}`);
    return true;
  }
  return false;
}

/** A kind of a built-in group (or a group without a dot) that this version does not serve. */
function unknownBuiltin(scope: NoSchemaScope, emit: Emit, info: ObjectInfo, apiVersion: string, kind: string, group: string): void {
  const { version, opts } = scope;
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
  const kinds = [...scope.defs.apiVersionsByKind.keys()];
  const guess = didYouMean(kind, kinds);
  emit('error', 'schema/unknown-kind', `unknown kind ${kind} in ${apiVersion || 'the core group'} (Kubernetes ${short(version)})`, 'kind', guess ? `did you mean ${guess}?` : 'check the kind and apiVersion');
}

/** A custom resource whose CRD is unknown: skipped (the default) or an error (--missing-crds error). */
function unknownCustomResource(scope: NoSchemaScope, emit: Emit, info: ObjectInfo, apiVersion: string, kind: string): void {
  const { opts } = scope;
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
