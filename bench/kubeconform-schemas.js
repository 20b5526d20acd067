'use strict';
// Writes per-kind JSON schemas in the layout kubeconform reads from a local -schema-location,
// so the real kubeconform can be timed offline against the same Kubernetes version we use
// (bench/run.js does, when KUBECONFORM names a kubeconform binary).
//   node bench/kubeconform-schemas.js <outDir> [version=v1.27.0]
//   require('./kubeconform-schemas').writeSchemas(outDir, version) -> { dir, written, skipped }
// Input: schemas/<version>.definitions.json.gz = {"definitions": {...}} (OpenAPI v2 definitions,
// already with IntOrString/Quantity as oneOf and `kind` enums, refs as "#/definitions/<name>").
// Output: <outDir>/<version>-standalone-strict/<kind>[-<group>]-<version>.json, one file per
// x-kubernetes-group-version-kind entry, shaped like kubernetes-json-schema's "standalone-strict"
// flavour: refs inlined, additionalProperties:false on objects with properties, optional fields
// nullable (type: [t, "null"]), int-or-string as oneOf, apiVersion/kind enums.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

class Recursive extends Error {}

// Deep copy of a schema with every "#/definitions/X" $ref replaced by a copy of X (the whole
// node is replaced, its sibling keys such as description are dropped, as jsonref does), and
// {format: int-or-string} replaced by oneOf string|integer. Throws Recursive on a cycle.
function inline(defs, node, stack) {
  if (Array.isArray(node)) return node.map((x) => inline(defs, x, stack));
  if (!node || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.replace(/^#\/definitions\//, '');
    if (stack.includes(name)) throw new Recursive(name);
    if (!defs[name]) throw new Error(`unresolved $ref ${node.$ref}`);
    return inline(defs, defs[name], [...stack, name]);
  }
  if (node.format === 'int-or-string') return { oneOf: [{ type: 'string' }, { type: 'integer' }] };
  const out = {};
  for (const [k, v] of Object.entries(node)) out[k] = inline(defs, v, stack);
  return out;
}

// Walks schema positions only (properties, items, additionalProperties, oneOf/anyOf/allOf, not):
// - strict: an object schema with `properties` and no additionalProperties gets false;
// - nullable: a string `type` becomes [type, "null"] unless the schema is a property listed in
//   its object's `required`. The root's own type stays as is, and the root's direct properties
//   are all nullable, required or not (a quirk of the published schemas, kept on purpose).
function shape(s, required) {
  if (!s || typeof s !== 'object' || Array.isArray(s)) return;
  if (typeof s.type === 'string' && s.type !== 'null' && !required) s.type = [s.type, 'null'];
  if (s.properties && typeof s.properties === 'object') {
    const req = new Set(Array.isArray(s.required) ? s.required : []);
    for (const [name, p] of Object.entries(s.properties)) shape(p, req.has(name));
    if (!('additionalProperties' in s)) s.additionalProperties = false;
  }
  if (s.items) for (const x of [].concat(s.items)) shape(x, false);
  if (s.additionalProperties && typeof s.additionalProperties === 'object') shape(s.additionalProperties, false);
  for (const k of ['oneOf', 'anyOf', 'allOf']) if (Array.isArray(s[k])) s[k].forEach((x) => shape(x, false));
  if (s.not) shape(s.not, false);
}

// kubeconform's file name for a GVK: lower-cased kind, "-<first dotted part of the group>" unless
// the core group, then "-<version>" (pkg/registry/registry.go schemaPath).
const fileName = (g) => `${[g.kind, g.group && g.group.split('.')[0], g.version].filter(Boolean).join('-').toLowerCase()}.json`;

/** Writes the schemas of one vendored version ('v1.27.0') under outDir; returns what it wrote. */
function writeSchemas(outDir, version = 'v1.27.0') {
  const src = path.join(__dirname, '..', 'schemas', `${version}.definitions.json.gz`);
  const defs = JSON.parse(zlib.gunzipSync(fs.readFileSync(src)).toString('utf8')).definitions;
  const dir = path.join(outDir, `${version}-standalone-strict`);
  fs.mkdirSync(dir, { recursive: true });
  let written = 0;
  const skipped = [];
  for (const [name, def] of Object.entries(defs)) {
    const gvks = def['x-kubernetes-group-version-kind'];
    if (!Array.isArray(gvks)) continue;
    let schema;
    try {
      schema = inline(defs, def, [name]);
    } catch (e) {
      if (!(e instanceof Recursive)) throw e;
      skipped.push(name); // self-referencing (CRD's JSONSchemaProps): not expressible standalone,
      continue; //           and absent from the published standalone schemas too
    }
    // Enums from the GVK list, as the published "expanded" schemas have them.
    const props = schema.properties || {};
    const apiVersions = [...new Set(gvks.map((g) => (g.group ? `${g.group}/${g.version}` : g.version)))];
    if (props.apiVersion) props.apiVersion.enum = apiVersions;
    if (props.kind) props.kind.enum = [...new Set(gvks.map((g) => g.kind))];
    for (const p of Object.values(props)) shape(p, false); // root properties: see shape()
    if (!schema.type) schema.type = 'object';
    schema.additionalProperties = false;
    schema.$schema = 'http://json-schema.org/schema#'; // kubeconform's compiler reads this as the latest draft
    const text = `${JSON.stringify(schema, null, 2)}\n`;
    for (const file of new Set(gvks.map(fileName))) {
      fs.writeFileSync(path.join(dir, file), text);
      written++;
    }
  }
  return { dir, written, skipped };
}

module.exports = { writeSchemas };

if (require.main === module) {
  const [outDir, version = 'v1.27.0'] = process.argv.slice(2);
  if (!outDir) {
    process.stderr.write('usage: node bench/kubeconform-schemas.js <outDir> [version=v1.27.0]\n');
    process.exit(2);
  }
  const { dir, written, skipped } = writeSchemas(outDir, version);
  process.stdout.write(`${written} schemas in ${dir}${skipped.length ? `; skipped (recursive): ${skipped.join(', ')}` : ''}\n`);
}
