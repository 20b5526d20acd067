// The build's index of the vendored definitions (lib/schemas/v<ver>.jsonl, scripts/schema-index.js):
// it gives exactly what the vendored file gives, for every version, and is never used when it was
// made from another file or is incomplete.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as zlib from 'zlib';
import { afterAll, describe, expect, it } from 'vitest';
import {
  availableVersions, definitionsFromIndex, definitionsFromVendored, loadDefinitions, vendoredFile, writeDefinitionsIndex,
} from '../../src/validate/schema/versions';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-defs-index-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function vendored(version: string): { gz: Buffer; names: string[] } {
  const gz = fs.readFileSync(vendoredFile(version));
  const names = Object.keys((JSON.parse(zlib.gunzipSync(gz).toString('utf8')) as { definitions: object }).definitions);
  return { gz, names };
}

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
