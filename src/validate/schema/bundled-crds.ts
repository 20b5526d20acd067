/**
 * Bundled schemas of widely used custom resources, from the `@kubernetes-models/*` npm packages
 * (generated from the upstream projects' API types; MIT). Each package ships one validator per
 * kind (JSON Schema, run by ajv); a kind is loaded on first use only, from
 * `<package>/<group>/<version>/<Kind>`.
 *
 * What a bundled schema checks: types, enums, patterns, lengths, ranges and required fields. Not
 * unknown fields: the packages' schemas leave objects open, and a bundled schema may be older than
 * the operator a cluster runs. A CRD given by the user (among the inputs, in the project's crds/
 * or with --crds) takes precedence and is checked in full. bench/RESULTS.md records why these
 * packages were chosen and what they cost.
 */
import { joinPath } from '../parse/yaml';
import type { Issue, Validator } from './compile';
import { describeValue, didYouMean, typeFix } from './compile';
import { ARTICLE } from './primitives';

/** API group -> the npm package that ships its kinds. */
export const BUNDLED_GROUPS: Readonly<Record<string, string>> = {
  'monitoring.coreos.com': '@kubernetes-models/prometheus-operator',
  'external-secrets.io': '@kubernetes-models/external-secrets',
  'generators.external-secrets.io': '@kubernetes-models/external-secrets',
  'gateway.networking.k8s.io': '@kubernetes-models/gateway-api',
  'cert-manager.io': '@kubernetes-models/cert-manager',
  'acme.cert-manager.io': '@kubernetes-models/cert-manager',
  'trust.cert-manager.io': '@kubernetes-models/cert-manager',
  'policy.cert-manager.io': '@kubernetes-models/cert-manager',
  'argoproj.io': '@kubernetes-models/argo-cd',
  'kustomize.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
  'helm.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
  'source.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
  'notification.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
  'image.toolkit.fluxcd.io': '@kubernetes-models/flux-cd',
  'keda.sh': '@kubernetes-models/keda',
};

export interface BundledSchema {
  /** 'npm-package@version', for the finding that names the schema used. */
  readonly origin: string;
  readonly validator: Validator;
}

interface AjvError {
  readonly instancePath: string;
  readonly keyword: string;
  readonly params: Record<string, unknown>;
  readonly message?: string;
}
interface ModelClass {
  new (data: unknown): { validate(): void };
}

const cache = new Map<string, BundledSchema | null>();
const versions = new Map<string, string>();

const VERSION = /^v\d+(?:(?:alpha|beta)\d+)?$/;
const KIND = /^[A-Z][A-Za-z0-9]*$/;

function packageVersion(pkg: string): string {
  let v = versions.get(pkg);
  if (v === undefined) {
    v = (require(`${pkg}/package.json`) as { version: string }).version;
    versions.set(pkg, v);
  }
  return v;
}

const origins = new Map<string, { origin: string; id: string } | null>();

/**
 * The package that serves apiVersion/kind ('npm-package@version'), found without loading it (a
 * validator costs a few hundred milliseconds to load: only bundledSchema loads one).
 */
export function bundledOrigin(apiVersion: string, kind: string): string | undefined {
  return locate(apiVersion, kind)?.origin;
}

function locate(apiVersion: string, kind: string): { origin: string; id: string } | undefined {
  const key = `${apiVersion}|${kind}`;
  const hit = origins.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = apiVersion.slice(slash + 1);
  const pkg = Object.prototype.hasOwnProperty.call(BUNDLED_GROUPS, group) ? BUNDLED_GROUPS[group] : undefined;
  let found: { origin: string; id: string } | null = null;
  if (pkg && VERSION.test(version) && KIND.test(kind)) {
    try {
      found = { origin: `${pkg}@${packageVersion(pkg)}`, id: require.resolve(`${pkg}/${group}/${version}/${kind}`) };
    } catch {
      found = null; // the package serves no such version or kind
    }
  }
  origins.set(key, found);
  return found ?? undefined;
}

/** The bundled schema of apiVersion/kind (loaded on first use), or undefined when no bundled package serves it. */
export function bundledSchema(apiVersion: string, kind: string): BundledSchema | undefined {
  const key = `${apiVersion}|${kind}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit ?? undefined;
  const where = locate(apiVersion, kind);
  const model = where ? (require(where.id) as Record<string, unknown>)[kind] : undefined;
  const found = where && typeof model === 'function' ? { origin: where.origin, validator: modelValidator(model as ModelClass) } : null;
  cache.set(key, found);
  return found ?? undefined;
}

/** Paths our own layers check: apiVersion and kind are known here, metadata is checked as ObjectMeta. */
const OWN = /^\/(?:metadata|apiVersion|kind)(?:\/|$)/;

function modelValidator(Model: ModelClass): Validator {
  return (value, ctx) => {
    let errors: readonly AjvError[];
    try {
      new Model(value).validate();
      return;
    } catch (e) {
      const list = (e as { errors?: unknown }).errors;
      if (!Array.isArray(list)) throw e;
      errors = list as AjvError[];
    }
    const seen = new Set<string>();
    for (const err of errors) {
      if (OWN.test(err.instancePath)) continue;
      const issue = toIssue(err, value, ctx.path);
      if (!issue) continue;
      const k = `${issue.path}\u0000${issue.message}`;
      if (seen.has(k)) continue;
      seen.add(k);
      ctx.issues.push(issue);
    }
  };
}

/** Follows a JSON pointer into the object: the keys (array indexes as numbers) and the value found. */
function resolvePointer(root: unknown, pointer: string): { keys: (string | number)[]; value: unknown } {
  const keys: (string | number)[] = [];
  let cur: unknown = root;
  if (pointer === '') return { keys, value: cur };
  for (const raw of pointer.slice(1).split('/')) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      const i = Number(seg);
      keys.push(i);
      cur = cur[i];
    } else {
      keys.push(seg);
      cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[seg] : undefined;
    }
  }
  return { keys, value: cur };
}

function fieldOf(keys: readonly (string | number)[]): string {
  for (let i = keys.length - 1; i >= 0; i--) {
    const k = keys[i];
    if (typeof k === 'string') return i === keys.length - 1 ? `'${k}'` : `'${k}' item`;
  }
  return 'the document';
}

function toIssue(err: AjvError, root: unknown, prefix: readonly (string | number)[]): Issue | undefined {
  const { keys, value } = resolvePointer(root, err.instancePath);
  let path = '';
  for (const k of [...prefix, ...keys]) path = joinPath(path, k);
  const field = fieldOf(keys);
  const where = path ? ` in ${path}` : '';
  const p = err.params;
  switch (err.keyword) {
    case 'required': {
      const name = String(p.missingProperty);
      return { rule: 'schema/required', path: joinPath(path, name), message: `missing required field '${name}'${where}`, fix: `add '${name}'` };
    }
    case 'type': {
      if (value === null) return undefined; // null stands for "not set" (kubeconform's reading)
      const types = String(p.type).split(',');
      const fix = types.length === 1 ? typeFix(types[0], value) : undefined;
      return { rule: 'schema/type', path, message: `${field} must be ${types.map((t) => ARTICLE[t] ?? t).join(' or ')}, got ${describeValue(value)}`, ...(fix ? { fix } : {}) };
    }
    case 'enum': {
      const allowed = Array.isArray(p.allowedValues) ? p.allowedValues : [];
      const shown = allowed.slice(0, 10).map((x) => JSON.stringify(x)).join(', ') + (allowed.length > 10 ? ', …' : '');
      const guess = typeof value === 'string' ? didYouMean(value, allowed.filter((x): x is string => typeof x === 'string')) : undefined;
      return { rule: 'schema/enum', path, message: `${field} must be one of ${shown}, got ${describeValue(value)}`, ...(guess ? { fix: `did you mean ${guess}?` } : {}) };
    }
    case 'pattern':
      return { rule: 'schema/pattern', path, message: `${field} ${JSON.stringify(value)} does not match the pattern ${String(p.pattern)}` };
    case 'minLength':
    case 'maxLength':
    case 'minItems':
    case 'maxItems':
    case 'minProperties':
    case 'maxProperties':
      return { rule: 'schema/length', path, message: `${field} must have ${err.keyword.startsWith('min') ? 'at least' : 'at most'} ${String(p.limit)} ${err.keyword.endsWith('Length') ? 'characters' : err.keyword.endsWith('Items') ? 'items' : 'fields'}` };
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { rule: 'schema/range', path, message: `${field} must be ${String(p.comparison)} ${String(p.limit)}, got ${describeValue(value)}` };
    case 'format':
      return { rule: 'schema/format', path, message: `${field} must be a valid ${String(p.format)}, got ${describeValue(value)}` };
    case 'oneOf':
    case 'anyOf':
      return { rule: 'schema/one-of', path, message: `${field} matches none of the allowed alternatives${err.keyword === 'oneOf' && Array.isArray(p.passingSchemas) ? ' (or more than one)' : ''}` };
    case 'additionalProperties':
      return { rule: 'schema/unknown-field', path: joinPath(path, String(p.additionalProperty)), message: `unknown field '${String(p.additionalProperty)}'${where}`, fix: 'remove it' };
    default:
      return { rule: 'schema/invalid', path, message: `${field} ${err.message ?? `fails the '${err.keyword}' check`}` };
  }
}
