/**
 * Custom resources: schemas from CustomResourceDefinitions given by the user (among the documents
 * being validated, in the project's crds/, or with --crds DIR). Bundled schemas of common custom
 * resources (bundled-crds.ts) are used only where the user gave no CRD.
 */
import { SchemaCompiler, type Validator } from './compile';
import { crdProblems, crdVersionSchemas } from './crd-structure';
import { gvkKey, type SchemaNode } from './versions';

export interface CrdSchema {
  readonly apiVersion: string;
  readonly kind: string;
  /** Where the CRD came from (the file holding it). */
  readonly origin: string;
  /** The validator, or undefined when the CRD's schema is invalid (see `problem`). */
  readonly validator?: Validator;
  /** Why the CRD's schema cannot be used (the API server would refuse the CRD). */
  readonly problem?: string;
}

/** Schemas of one set of CRDs, keyed 'apiVersion|Kind'. */
export type CrdRegistry = Map<string, CrdSchema>;

/** Whether a parsed object is a CustomResourceDefinition. */
export function isCrd(o: unknown): o is Record<string, unknown> {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return false;
  const c = o as Record<string, unknown>;
  return c.kind === 'CustomResourceDefinition' && typeof c.apiVersion === 'string' && c.apiVersion.startsWith('apiextensions.k8s.io/');
}

/**
 * Adds the versions of one CRD object to a registry. A version already registered keeps its
 * first CRD (the caller registers in order of precedence). A CRD whose schema the API server
 * would refuse registers its versions as unusable, so their custom resources are reported, not
 * passed. Malformed CRDs without a group or kind are ignored (the schema layer reports them).
 */
export function registerCrd(reg: CrdRegistry, crd: unknown, origin: string, objectMeta: Validator): void {
  if (!isCrd(crd)) return;
  const spec = crd.spec as Record<string, unknown> | undefined;
  if (!spec || typeof spec !== 'object' || typeof spec.group !== 'string') return;
  const names = spec.names as Record<string, unknown> | undefined;
  const kind = names && typeof names === 'object' && typeof names.kind === 'string' ? names.kind : undefined;
  if (!kind) return;
  const problems = crdProblems(crd, crd.apiVersion === 'apiextensions.k8s.io/v1');
  const compiler = new SchemaCompiler();
  for (const e of crdVersionSchemas(crd)) {
    const apiVersion = `${spec.group}/${e.name}`;
    const key = gvkKey(apiVersion, kind);
    if (reg.has(key)) continue;
    const own = problems.filter((p) => p.path.startsWith(e.path));
    if (own.length > 0) {
      reg.set(key, { apiVersion, kind, origin, problem: `${own[0].path}: ${own[0].message}${own.length > 1 ? ` (and ${own.length - 1} more)` : ''}` });
      continue;
    }
    const validator: Validator = e.schema && typeof e.schema === 'object' ? rootValidator(compiler, e.schema as SchemaNode, objectMeta) : () => {};
    reg.set(key, { apiVersion, kind, origin, validator });
  }
}

/**
 * The root of a custom resource: apiVersion, kind and metadata are implicit (metadata is
 * validated as ObjectMeta); the rest follows the CRD schema.
 */
function rootValidator(compiler: SchemaCompiler, schema: SchemaNode, objectMeta: Validator): Validator {
  const props = { ...((schema.properties as Record<string, SchemaNode> | undefined) ?? {}) };
  props.apiVersion = { type: 'string' };
  props.kind = { type: 'string' };
  delete props.metadata;
  const body = compiler.node({ ...schema, type: 'object', properties: { ...props, metadata: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } } });
  return (v, ctx) => {
    body(v, ctx);
    const meta = v && typeof v === 'object' ? (v as Record<string, unknown>).metadata : undefined;
    if (meta !== undefined && meta !== null) {
      ctx.path.push('metadata');
      objectMeta(meta, ctx);
      ctx.path.pop();
    }
  };
}
