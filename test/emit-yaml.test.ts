// The fast YAML emitter must write exactly the bytes cdk8s Yaml.stringify writes, for every input.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { createRequire } from 'module';
import { App, Chart, Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HelmlessApp } from '../src/app';
import { HelmlessChart, StatefulDb, WebService } from '../src';
import { emitStats, emitYaml, tryEmitDocument, YAML11_NON_STRING } from '../src/emit-yaml';
import { buildApp } from '../src/main';

/** The same as cdk8s, byte for byte, with a readable diff when not. */
function expectSame(...docs: unknown[]): void {
  expect(JSON.stringify(emitYaml(...docs))).toBe(JSON.stringify(Yaml.stringify(...docs)));
}

/** Strings a YAML writer gets wrong easily: 1.1 words, numbers, indicators, spaces, breaks, escapes. */
const NASTY = [
  '', ' ', '  ', 'a', 'yes', 'Yes', 'YES', 'no', 'No', 'on', 'On', 'ON', 'off', 'Off', 'y', 'Y', 'n', 'N', 'true', 'True',
  'TRUE', 'false', 'FALSE', 'null', 'Null', 'NULL', '~', 'yEs', 'nO', '<<', '<', '<<<', '=',
  '0', '1', '-1', '+1', '007', '08', '0o7', '0b101', '0x1F', '0xg', '1_000', '1.0', '.5', '5.', '1e3', 'e5', 'E10', '1E-7', '-.inf', '.Inf',
  '.nan', '.NaN', '1:30', '190:20:30', '1:30.5', '1:60', '2024-01-01', '2024-1-1', '2024-01-01T10:00:00Z', '2024-01-01 10:00:00',
  '2024-01-01t1:2:3.5 +05:30', '10Gi', '100m', '0.5Gi', '1.2.3', '8080', ':', '::', 'a:', 'a: b', 'a:b', 'http://x:80/y',
  '#', 'a #b', 'a#b', '# x', '-', '--', '---', '---x', 'x---', '...', '...x', '%', '%x', '?', '? x', '?x', '- x', '-x', '-1x',
  '!x', '&a', '*a', '|', '>', '@x', '`x', "'", '"', "'a'", '"a"', 'it\'s', 'say "hi"', 'both \' and "', '[a]', '{a}', 'a,b', ',',
  'a ', ' a', '\ta', 'a\t', 'a\nb', 'a\n', 'a\n\n', '\na', '\n\na', '\n', '\n\n', ' \n', '\n ', 'a\n b', 'a \nb', 'a\n\tb',
  ' a\nb', '  a\n  b\n', 'a\nb\n\n\n', 'a\n\n\nb', 'line1\nline2\n', '#!/bin/sh\nset -e\necho "$X"\n', 'a\n---\nb', 'a\n...\n',
  'x\n%y', '\u0000', 'a\u0007b', '\u000b', '\u001b[0m', '\u007f', '\u0085', '\u00a0', 'a\u00a0b', '\u2028', '\u2029', '\ud800',
  'a\udc00b', '😀', 'ü', 'naïve: yes', 'a\\b', '\\n', '\r', 'a\r\nb', '\ta\n', 'x'.repeat(1030), 'long line '.repeat(20),
  'This is a longer sentence that is well beyond forty characters\nand has a second line with trailing space \n',
  'a long string of more than forty characters with\\backslashes\u0001 and a break\nhere\n\nand there',
];

const CHARS = [
  'a', 'b', 'y', 'n', 'o', 'e', 'E', 'x', '0', '1', '7', '9', ' ', ' ', '\n', '\n', '\t', ':', '#', '-', '?', "'", '"', '%', '.',
  '_', '+', ',', '[', ']', '{', '}', '&', '*', '!', '|', '>', '@', '`', '\\', '/', '<', '~', '\u0000', '\u0001', '\u001b', '\u007f',
  '\u0085', '\u00a0', '\u2028', '\ud800', '\udfff', 'é', '😀', '\r',
];
const nastyString = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...NASTY) },
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: fc.constantFrom('a', 'b', '\n', ' ', '\t', '"', "'", '#'), minLength: 38, maxLength: 60 }) },
);
const scalar = fc.oneof(
  { weight: 6, arbitrary: nastyString },
  { weight: 1, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(true, false, null, undefined, -0, 0, 1e21, 2 ** 60, NaN, Infinity, -Infinity) },
);
const { tree } = fc.letrec<{ tree: unknown; map: Record<string, unknown>; seq: unknown[] }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, { weight: 3, arbitrary: scalar }, tie('map'), tie('seq')),
  map: fc.dictionary(nastyString, tie('tree'), { maxKeys: 5 }),
  seq: fc.array(tie('tree'), { maxLength: 4 }),
}));
const document = fc.dictionary(nastyString, tree, { maxKeys: 6 });

describe('emitYaml', () => {
  it('uses the YAML 1.1 patterns of the schema cdk8s writes with', () => {
    const yaml = createRequire(require.resolve('cdk8s'))('yaml') as typeof import('yaml');
    const doc = new yaml.Document(null, { version: '1.1' });
    const schemaTests = doc.schema.tags
      .filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test)
      .map((t) => String(t.test));
    expect(YAML11_NON_STRING.map(String)).toEqual(schemaTests);
  });

  it.each(NASTY.map((s) => [JSON.stringify(s).slice(0, 40), s]))('GIVEN the string %s as key, value and item at every depth THEN the bytes are cdk8s', (_, s) => {
    expectSame({ [s]: s, k: s, seq: [s, [s], { [s]: [s] }], nested: { [s]: { deep: s, [s + 'x']: [{ a: s }] } } });
  });

  it('GIVEN random documents of adversarial keys and values THEN the bytes are always cdk8s', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof({ weight: 9, arbitrary: document }, { weight: 1, arbitrary: fc.constant(undefined) }), { minLength: 1, maxLength: 3 }), (docs) => {
        expect(emitYaml(...docs)).toBe(Yaml.stringify(...docs));
      }),
      { numRuns: 3000 },
    );
  });

  it('GIVEN random strings placed at every position THEN the bytes are always cdk8s', () => {
    fc.assert(
      fc.property(nastyString, nastyString, (a, b) => {
        const docs = [{ [a]: b, x: { [b]: a, l: [a, { [a]: b }, [b]] }, [b + a]: [[a], []], e: {} }];
        expect(emitYaml(...docs)).toBe(Yaml.stringify(...docs));
      }),
      { numRuns: 3000 },
    );
  });

  it('GIVEN plain JSON data THEN the fast path writes it (no document goes to Yaml.stringify)', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue({ maxDepth: 4 }).filter((v) => v !== null)), (doc) => {
        if (JSON.stringify(doc).includes('"<<"')) return;
        expect(tryEmitDocument(doc)).toBe(Yaml.stringify(doc));
      }),
      { numRuns: 500 },
    );
  });

  it('GIVEN the example app THEN every file is the bytes of cdk8s, all written by the fast path', () => {
    const app = buildApp(new HelmlessApp({ outdir: path.join(os.tmpdir(), 'unused') }));
    const files = app.render();
    expect(files.size).toBeGreaterThan(0);
    for (const objects of files.values()) {
      const docs = objects.map((o) => o.json);
      for (const d of docs) expect(tryEmitDocument(d)).toBe(Yaml.stringify(d));
      expectSame(...docs);
    }
  });

  it('GIVEN the bench app (WebService / StatefulDb) THEN the bytes are cdk8s, all written by the fast path', () => {
    const app = new App({ recordConstructMetadata: false });
    const chart = new HelmlessChart(app, 'bench');
    for (let i = 0; i < 6; i++) {
      if (i % 2 === 0) new WebService(chart, `web-${i}`, { image: `registry.example.com/app-${i}:1.${i}.0`, port: 8080, replicas: 2 });
      else new StatefulDb(chart, `db-${i}`, { image: `postgres:16.${i % 4}`, storage: '10Gi' });
    }
    const docs = chart.toJson();
    expect(docs.length).toBeGreaterThan(10);
    for (const d of docs) expect(tryEmitDocument(d)).toBe(Yaml.stringify(d));
    expectSame(...docs);
  });

  describe('fallback to Yaml.stringify for the one document it cannot vouch for', () => {
    const shared = { app: 'web' };
    class Custom { constructor(public readonly a = 1) {} }
    const cases: Array<[string, unknown]> = [
      ['an object referenced twice (anchor and alias)', { selector: shared, labels: shared }],
      ['an array referenced twice', (() => { const l = ['a']; return { a: l, b: { c: l } }; })()],
      ['an empty object referenced twice', (() => { const e = {}; return { a: e, b: [e] }; })()],
      ['the merge key <<', { '<<': 'x' }],
      ['the value <<', { a: ['<<'] }],
      ['a key longer than 1024 characters', { ['k'.repeat(1025)]: 1 }],
      ['a Date', { at: new Date(0) }],
      ['a class instance', { c: new Custom() }],
      ['an object with toJSON', { c: { toJSON: () => 'x' } }],
      ['a Map', { m: new Map([['a', 1]]) }],
      ['a top-level array', ['a', 'b']],
      ['a top-level string', 'yes'],
      ['a top-level null', null],
    ];
    it.each(cases)('GIVEN %s THEN that document falls back and still matches cdk8s', (_, doc) => {
      expect(tryEmitDocument(doc)).toBeUndefined();
      const before = emitStats.fallbacks;
      const plain = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } };
      expectSame(plain, doc, undefined, plain);
      expect(emitStats.fallbacks).toBe(before + 1);
    });

    it('GIVEN a value cdk8s cannot write (a function) THEN it throws as cdk8s does', () => {
      const doc = { f: () => 1 };
      expect(() => Yaml.stringify(doc)).toThrow();
      expect(() => emitYaml(doc)).toThrow();
    });
  });

  it('GIVEN an app written by HelmlessApp THEN each file holds the bytes of Yaml.stringify', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-emit-'));
    try {
      const app = new HelmlessApp({ outdir: out, kustomization: true });
      const chart = new Chart(app, 'c');
      new WebService(chart, 'web', { image: 'web:1', port: 8080 });
      app.synth();
      const expected = Yaml.stringify(...[...app.render().values()][0].map((o) => o.json));
      expect(fs.readFileSync(path.join(out, 'c.k8s.yaml'), 'utf8')).toBe(expected);
      expect(fs.readFileSync(path.join(out, 'kustomization.yaml'), 'utf8')).toBe(
        Yaml.stringify({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ['c.k8s.yaml'] }),
      );
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  });
});
