/**
 * Custom resources: schemas from CustomResourceDefinitions (the vendored crds/*.yaml, loaded on
 * first need, and any CRD among the documents being validated).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as jsyaml from 'js-yaml';
import { SchemaCompiler, type Validator } from './compile';
import { gvkKey, packageRoot, type SchemaNode } from './versions';

export interface CrdSchema {
  readonly apiVersion: string;
  readonly kind: string;
  /** Where the CRD came from ('crds/servicemonitor.yaml', or the input file). */
  readonly origin: string;
  readonly validator: Validator;
}

/** Schemas of one set of CRDs, keyed 'apiVersion|Kind'. */
export type CrdRegistry = Map<string, CrdSchema>;

/** Adds the versions of one CRD object to a registry; ignores malformed CRDs (the schema layer reports them). */
export function registerCrd(reg: CrdRegistry, crd: unknown, origin: string, objectMeta: Validator): void {
  if (!crd || typeof crd !== 'object') return;
  const c = crd as Record<string, unknown>;
  if (c.kind !== 'CustomResourceDefinition' || typeof c.apiVersion !== 'string' || !c.apiVersion.startsWith('apiextensions.k8s.io/')) return;
  const spec = c.spec as Record<string, unknown> | undefined;
  if (!spec || typeof spec.group !== 'string') return;
  const names = spec.names as Record<string, unknown> | undefined;
  const kind = names && typeof names.kind === 'string' ? names.kind : undefined;
  if (!kind) return;
  const versions = Array.isArray(spec.versions) ? (spec.versions as Record<string, unknown>[]) : [];
  // apiextensions.k8s.io/v1beta1 could carry one top-level validation schema.
  const topSchema = (spec.validation as { openAPIV3Schema?: SchemaNode } | undefined)?.openAPIV3Schema;
  const entries: { name: string; schema?: SchemaNode }[] = versions
    .filter((v) => v && typeof v.name === 'string')
    .map((v) => ({ name: v.name as string, schema: (v.schema as { openAPIV3Schema?: SchemaNode } | undefined)?.openAPIV3Schema ?? topSchema }));
  if (entries.length === 0 && typeof spec.version === 'string') entries.push({ name: spec.version, schema: topSchema });
  const compiler = new SchemaCompiler();
  for (const e of entries) {
    const apiVersion = `${spec.group}/${e.name}`;
    const key = gvkKey(apiVersion, kind);
    if (reg.has(key)) continue;
    let validator: Validator;
    try {
      validator = e.schema && typeof e.schema === 'object' ? rootValidator(compiler, e.schema, objectMeta) : () => {};
    } catch {
      validator = () => {};
    }
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

let vendored: { file: string; docs: unknown[] }[] | undefined;

/** The CRD documents of crds/*.yaml (parsed once). */
export function vendoredCrdDocuments(): { file: string; docs: unknown[] }[] {
  if (vendored) return vendored;
  const dir = path.join(packageRoot(), 'crds');
  const out: { file: string; docs: unknown[] }[] = [];
  let files: string[] = [];
  try {
    files = fs.readdirSync(dir).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch {
    files = [];
  }
  for (const f of files) {
    try {
      out.push({ file: `crds/${f}`, docs: jsyaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8'), undefined, { schema: jsyaml.CORE_SCHEMA }) });
    } catch {
      // a broken vendored CRD is caught by the test suite; at run time it is simply not used
    }
  }
  vendored = out;
  return out;
}
