/**
 * The checks the API server makes on a CustomResourceDefinition's own schema before it accepts
 * the CRD (apiextensions validation of openAPIV3Schema, "structural schema" rules), the ones a
 * validator needs so that it never validates custom resources against a schema the cluster would
 * refuse, nor silently against half of one:
 * - every schema node is a mapping (a property written `port: null` or `port: 5` is not a schema);
 * - (apiextensions.k8s.io/v1) every node outside allOf/anyOf/oneOf/not has a `type` (object, array, string, integer,
 *   number or boolean), unless it is x-kubernetes-int-or-string or x-kubernetes-preserve-unknown-fields;
 * - an array has `items`; `properties` and `additionalProperties` are not both set;
 * - every `pattern` compiles under RE2 (Go's syntax).
 */
import { joinPath } from '../parse/yaml';
import { compilePattern } from './patterns';

export interface CrdProblem {
  /** Path in the CRD document. */
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

const TYPES = new Set(['object', 'array', 'string', 'integer', 'number', 'boolean']);
/** A bound on the problems reported per CRD (a broken generator repeats one mistake everywhere). */
const MAX_PROBLEMS = 20;
const MAX_DEPTH = 100;

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function shown(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'string') return `the string ${JSON.stringify(v.length > 40 ? v.slice(0, 37) + '...' : v)}`;
  return `${typeof v === 'object' ? 'a mapping' : `the ${typeof v} ${String(v)}`}`;
}

/** The problems of one openAPIV3Schema (path: where it sits in the CRD document). */
export function schemaProblems(schema: unknown, path: string, structural: boolean): CrdProblem[] {
  const out: CrdProblem[] = [];
  walk(schema, path, false, 0, out, structural);
  return out;
}

/** insideCombinator: a value-validation node; structural: false for v1beta1 CRDs (no type required there). */
function walk(node: unknown, path: string, insideCombinator: boolean, depth: number, out: CrdProblem[], structural: boolean): void {
  if (out.length >= MAX_PROBLEMS) return;
  if (!isMap(node)) {
    out.push({ path, message: `a schema must be a mapping, got ${shown(node)}`, fix: 'write the schema as a mapping with a type, e.g. {type: string}, or remove the entry' });
    return;
  }
  if (depth > MAX_DEPTH) {
    out.push({ path, message: `schema nested more than ${MAX_DEPTH} levels deep`, fix: 'flatten the schema' });
    return;
  }
  const type = node.type;
  const intOrString = node['x-kubernetes-int-or-string'] === true;
  const preserve = node['x-kubernetes-preserve-unknown-fields'] === true;
  if (type === undefined) {
    if (structural && !insideCombinator && !intOrString && !preserve) {
      out.push({ path: joinPath(path, 'type'), message: "missing 'type': every schema of a structural CRD needs one", fix: 'add a type (object, array, string, integer, number or boolean), or x-kubernetes-preserve-unknown-fields: true' });
    }
  } else if (typeof type !== 'string' || !TYPES.has(type)) {
    out.push({ path: joinPath(path, 'type'), message: `'type' must be one of object, array, string, integer, number, boolean, got ${shown(type)}`, fix: 'use one of those types' });
  }
  if (typeof node.pattern === 'string') {
    const re = compilePattern(node.pattern);
    if (typeof re === 'string') out.push({ path: joinPath(path, 'pattern'), message: `pattern ${JSON.stringify(node.pattern)} does not compile as an RE2 regular expression (what the API server uses): ${re}`, fix: 'fix the regular expression (RE2 syntax: no lookahead, lookbehind or backreferences)' });
  } else if (node.pattern !== undefined) {
    out.push({ path: joinPath(path, 'pattern'), message: `'pattern' must be a string, got ${shown(node.pattern)}`, fix: 'quote the regular expression' });
  }
  if (structural && type === 'array' && node.items === undefined && !insideCombinator) {
    out.push({ path, message: "an array schema needs 'items'", fix: 'add items: {type: ...}' });
  }
  if (node.properties !== undefined && isMap(node.additionalProperties)) {
    out.push({ path, message: "'properties' and 'additionalProperties' are mutually exclusive", fix: 'keep one of them' });
  }
  if (node.properties !== undefined) {
    if (!isMap(node.properties)) {
      out.push({ path: joinPath(path, 'properties'), message: `'properties' must be a mapping of field names to schemas, got ${shown(node.properties)}`, fix: 'write one schema per field name' });
    } else {
      for (const [k, v] of Object.entries(node.properties)) walk(v, joinPath(joinPath(path, 'properties'), k), false, depth + 1, out, structural);
    }
  }
  if (node.items !== undefined) walk(node.items, joinPath(path, 'items'), insideCombinator, depth + 1, out, structural);
  if (node.additionalProperties !== undefined && typeof node.additionalProperties !== 'boolean') {
    walk(node.additionalProperties, joinPath(path, 'additionalProperties'), insideCombinator, depth + 1, out, structural);
  }
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    const list = node[key];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      out.push({ path: joinPath(path, key), message: `'${key}' must be a list of schemas, got ${shown(list)}`, fix: "put '- ' before each schema" });
      continue;
    }
    list.forEach((s, i) => walk(s, joinPath(joinPath(path, key), i), true, depth + 1, out, structural));
  }
  if (node.not !== undefined) walk(node.not, joinPath(path, 'not'), true, depth + 1, out, structural);
}

/** The openAPIV3Schema of each version of a CRD object, with its path in the document. */
export function crdVersionSchemas(crd: Record<string, unknown>): { name: string; schema: unknown; path: string }[] {
  const spec = isMap(crd.spec) ? crd.spec : undefined;
  if (!spec) return [];
  const out: { name: string; schema: unknown; path: string }[] = [];
  // apiextensions.k8s.io/v1beta1 could carry one top-level validation schema.
  const top = isMap(spec.validation) && 'openAPIV3Schema' in spec.validation ? spec.validation.openAPIV3Schema : undefined;
  const versions = Array.isArray(spec.versions) ? spec.versions : [];
  versions.forEach((v, i) => {
    if (!isMap(v) || typeof v.name !== 'string') return;
    const own = isMap(v.schema) && 'openAPIV3Schema' in v.schema;
    out.push({
      name: v.name,
      schema: own ? (v.schema as Record<string, unknown>).openAPIV3Schema : top,
      path: own ? `spec.versions[${i}].schema.openAPIV3Schema` : 'spec.validation.openAPIV3Schema',
    });
  });
  if (out.length === 0 && typeof spec.version === 'string') out.push({ name: spec.version, schema: top, path: 'spec.validation.openAPIV3Schema' });
  return out;
}

/** Problems of every version schema of a CRD (a version without a schema is none: v1beta1 allowed it). */
export function crdProblems(crd: Record<string, unknown>, structural: boolean): CrdProblem[] {
  const out: CrdProblem[] = [];
  const seen = new Set<unknown>();
  for (const v of crdVersionSchemas(crd)) {
    if (v.schema === undefined || seen.has(v.schema)) continue;
    seen.add(v.schema);
    const problems = schemaProblems(v.schema, v.path, structural);
    if (structural && isMap(v.schema) && v.schema.type !== 'object' && !problems.some((p) => p.path === joinPath(v.path, 'type'))) {
      problems.unshift({ path: joinPath(v.path, 'type'), message: `the root of a CRD schema must be 'type: object', got ${shown(v.schema.type)}`, fix: 'set type: object at the root' });
    }
    out.push(...problems);
  }
  return out.slice(0, MAX_PROBLEMS);
}
