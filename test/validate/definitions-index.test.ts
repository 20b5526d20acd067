// The build's index of the vendored definitions (lib/schemas/v<ver>.jsonl, scripts/schema-index.js):
// it gives exactly what the vendored file gives, for every version, and is never used when it was
// made from another file or is incomplete.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  asciiJson, availableVersions, definitionsFromIndex, definitionsFromVendored, loadDefinitions, vendoredFile, withoutDocs,
  writeDefinitionsIndex,
} from '../../src/validate/schema/versions';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-defs-index-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function vendored(version: string): { gz: Buffer; names: string[] } {
  const gz = fs.readFileSync(vendoredFile(version));
  const names = Object.keys((JSON.parse(zlib.gunzipSync(gz).toString('utf8')) as { definitions: object }).definitions);
  return { gz, names };
}

describe('vendored definitions (schemas/)', () => {
  it.each(availableVersions())('GIVEN schemas/v%s WHEN read THEN it carries no upstream documentation, only what validation reads', (version) => {
    const defs = (JSON.parse(zlib.gunzipSync(fs.readFileSync(vendoredFile(version))).toString('utf8')) as { definitions: Record<string, Record<string, unknown>> }).definitions;
    const names = Object.keys(defs);
    expect(names.length).toBeGreaterThan(400);
    // withoutDocs (what the validator keeps) changes nothing: scripts/strip-schemas.js shipped the stripped form
    for (const name of names) expect(withoutDocs(defs[name]), name).toEqual(defs[name]);
    expect(defs['io.k8s.api.apps.v1.Deployment'].description).toBeUndefined();
    expect(Object.keys(defs['io.k8s.api.apps.v1.Deployment'].properties as object)).toEqual(['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  });
});

describe('definitions index', () => {
  it.each(availableVersions())('GIVEN the index of %s WHEN read THEN every kind and definition equals the vendored file', (version) => {
    const file = writeDefinitionsIndex(version, path.join(tmp, `v${version}.jsonl`));
    const { gz, names } = vendored(version);
    const fromIndex = definitionsFromIndex(file, gz, version);
    const direct = definitionsFromVendored(version, gz);
    expect(fromIndex).toBeDefined();
    expect([...fromIndex!.byGvk]).toEqual([...direct.byGvk]);
    expect([...fromIndex!.apiVersionsByKind]).toEqual([...direct.apiVersionsByKind]);
    expect(names.length).toBeGreaterThan(400);
    for (const name of names) expect(fromIndex!.definition(name)).toEqual(direct.definition(name));
    for (const absent of ['io.k8s.api.apps.v1.Nope', 'constructor', '__proto__', 'toString']) {
      expect(fromIndex!.definition(absent)).toBeUndefined();
      expect(direct.definition(absent)).toBeUndefined();
    }
  });

  it('GIVEN a definition WHEN prepared THEN the documentation goes and every schema keyword, value and field named description stays', () => {
    const { gz } = vendored('1.27.0');
    const props = definitionsFromVendored('1.27.0', gz).definition('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps')!;
    expect(props.description).toBeUndefined();
    const fields = props.properties as Record<string, Record<string, unknown>>;
    expect(fields.description).toEqual({ type: 'string' }); // the openAPIV3Schema field itself
    expect(fields.required).toEqual({ type: 'array', items: { type: 'string' } });
    const schema = {
      description: 'doc', type: 'object', required: ['a'],
      properties: { description: { description: 'doc', type: 'string' }, a: { enum: [{ description: 'a value' }], default: { description: 'kept' } } },
      items: { description: 'doc', type: 'string' }, additionalProperties: { description: 'doc' },
      oneOf: [{ description: 'doc', type: 'integer' }], 'x-kubernetes-int-or-string': true,
    };
    expect(withoutDocs(schema)).toEqual({
      type: 'object', required: ['a'],
      properties: { description: { type: 'string' }, a: { enum: [{ description: 'a value' }], default: { description: 'kept' } } },
      items: { type: 'string' }, additionalProperties: {}, oneOf: [{ type: 'integer' }], 'x-kubernetes-int-or-string': true,
    });
  });

  it('GIVEN JSON text with any characters WHEN made ASCII THEN it parses to the same value', () => {
    const value = { k: 'caf\u00e9 \u2014 \ud83d\ude80 "q" \\ \n', e: ['\u00ff'] };
    const text = asciiJson(JSON.stringify(value));
    expect(/^[\x00-\x7f]*$/.test(text)).toBe(true);
    expect(JSON.parse(text)).toEqual(value);
    for (const v of availableVersions()) {
      const bytes = fs.readFileSync(writeDefinitionsIndex(v, path.join(tmp, `ascii-${v}.jsonl`)));
      expect(bytes.findIndex((b) => b >= 0x80)).toBe(-1);
    }
  });

  it('GIVEN an index made from another vendored file WHEN read THEN it is not used', () => {
    const file = writeDefinitionsIndex('1.27.0', path.join(tmp, 'stale.jsonl'));
    expect(definitionsFromIndex(file, vendored('1.28.0').gz, '1.28.0')).toBeUndefined();
    expect(definitionsFromIndex(file, vendored('1.27.0').gz, '1.27.0')).toBeDefined();
  });

  it('GIVEN an index cut short, empty, missing or not JSON WHEN read THEN it is not used', () => {
    const { gz } = vendored('1.27.0');
    const file = writeDefinitionsIndex('1.27.0', path.join(tmp, 'cut.jsonl'));
    const text = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, text.slice(0, text.length - 200)); // inside the last definition
    expect(definitionsFromIndex(file, gz, '1.27.0')).toBeUndefined();
    fs.writeFileSync(file, text.slice(0, text.lastIndexOf('\n', text.length - 2) + 1)); // a whole line short
    expect(definitionsFromIndex(file, gz, '1.27.0')).toBeUndefined();
    fs.writeFileSync(file, '');
    expect(definitionsFromIndex(file, gz, '1.27.0')).toBeUndefined();
    fs.writeFileSync(file, '{not json\n');
    expect(definitionsFromIndex(file, gz, '1.27.0')).toBeUndefined();
    expect(definitionsFromIndex(path.join(tmp, 'missing.jsonl'), gz, '1.27.0')).toBeUndefined();
  });

  it('GIVEN the build WHEN a version is loaded THEN its definitions equal the vendored file', () => {
    const { gz, names } = vendored('1.27.0');
    const direct = definitionsFromVendored('1.27.0', gz);
    const loaded = loadDefinitions('1.27.0');
    expect([...loaded.byGvk]).toEqual([...direct.byGvk]);
    for (const name of names) expect(loaded.definition(name)).toEqual(direct.definition(name));
  });
});
