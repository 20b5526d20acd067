import { describe, expect, it } from 'vitest';
import * as jsyaml from 'js-yaml';
import { decodeInput, parseInput, parseManifests, splitDocuments, MAX_INPUT_BYTES, locateFindings, validateDocuments } from '../../src/validate';
import { charCodesOf, FALLBACK, fastParse, fastParseRange, Reader } from '../../src/validate/parse/fast';
import { KUBECTL_YAML_SCHEMA } from '../../src/validate/parse/schema-yaml11';

const CORE = KUBECTL_YAML_SCHEMA;

describe('splitDocuments', () => {
  it('GIVEN a stream with separators WHEN split THEN each document keeps its first line number', () => {
    const text = 'a: 1\nb: 2\n---\nc: 3\n--- # comment\n\nd: 4\n';
    const chunks = splitDocuments(text);
    expect(chunks.map((c) => c.line)).toEqual([1, 4, 6]);
    expect(chunks.map((c) => c.text)).toEqual(['a: 1\nb: 2\n', 'c: 3\n', '\nd: 4\n']);
  });

  it('GIVEN a leading separator WHEN split THEN it stays with the first document (kubeconform does the same)', () => {
    expect(splitDocuments('---\na: 1\n').map((c) => c.text)).toEqual(['---\na: 1\n']);
  });
});

describe('parseManifests', () => {
  it('GIVEN empty and comment-only documents WHEN parsed THEN they yield no document and no finding, and indexes still count them', () => {
    // '---' directly after a separator stays with the next document (as in kubeconform's splitter)
    const r = parseManifests('# only a comment\n---\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n', 'f.yaml');
    expect(r.findings).toEqual([]);
    expect(r.docs).toHaveLength(1);
    expect(r.docs[0].source).toMatchObject({ file: 'f.yaml', documentIndex: 1, line: 3 });
  });

  it('GIVEN one broken document among valid ones WHEN parsed THEN one parse/yaml finding names it and the others are parsed', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\n---\nkey: [unclosed\n---\napiVersion: v1\nkind: Secret\n';
    const r = parseManifests(text, 'm.yaml');
    expect(r.docs.map((d) => (d.object as { kind: string }).kind)).toEqual(['ConfigMap', 'Secret']);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ rule: 'parse/yaml', file: 'm.yaml', documentIndex: 1, severity: 'error' });
    expect(r.findings[0].line).toBeGreaterThanOrEqual(4);
  });

  it('GIVEN tab indentation WHEN parsed THEN the finding says to indent with spaces', () => {
    const r = parseManifests('a:\n\tb: 1\n', 't.yaml');
    expect(r.findings[0].rule).toBe('parse/yaml');
    expect(r.findings[0].fix).toMatch(/spaces/);
  });

  it('GIVEN a duplicate key WHEN parsed THEN the document is kept (last value wins) and the key path is recorded', () => {
    const r = parseManifests('apiVersion: v1\nkind: Pod\nspec:\n  containers: []\n  containers:\n  - name: a\n', 'd.yaml');
    expect(r.findings).toEqual([]);
    expect(r.docs[0].duplicateKeys).toEqual(['spec.containers']);
    expect((r.docs[0].object as { spec: { containers: unknown[] } }).spec.containers).toHaveLength(1);
  });

  it("GIVEN \\' inside a double-quoted string WHEN parsed THEN it is read as a quote, like kubectl's YAML reader", () => {
    const r = parseManifests('a: "it\\\'s"\n', 'q.yaml');
    expect(r.findings).toEqual([]);
    expect(r.docs[0].object).toEqual({ a: "it's" });
  });

  it("GIVEN content after a '...' end marker WHEN parsed THEN the first document is kept and a warning says the rest is ignored", () => {
    const r = parseManifests('a: 1\n...\nb: 2\n', 'e.yaml');
    expect(r.docs[0].object).toEqual({ a: 1 });
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ rule: 'parse/ignored-content', severity: 'warning' });
  });

  it('GIVEN a billion-laughs alias bomb WHEN parsed THEN it is refused quickly with parse/alias and the next document still parses', () => {
    let bomb = 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n';
    let prev = 'a';
    for (let i = 0; i < 9; i++) {
      bomb += `b${i}: &b${i} [${Array(10).fill(`*${prev}`).join(',')}]\n`;
      prev = `b${i}`;
    }
    const r = parseManifests(bomb + '---\napiVersion: v1\nkind: ConfigMap\n', 'bomb.yaml');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ rule: 'parse/alias', documentIndex: 0 });
    expect(r.findings[0].message).toMatch(/alias bomb/);
    expect(r.docs).toHaveLength(1);
  });

  it('GIVEN a recursive alias WHEN parsed THEN it is refused as a recursive alias instead of looping', () => {
    const r = parseManifests('a: &x [*x]\n', 'cyc.yaml');
    expect(r.findings[0]).toMatchObject({ rule: 'parse/alias' });
    expect(r.findings[0].message).toMatch(/recursive/);
  });

  it('GIVEN modest anchors and aliases WHEN parsed THEN they are accepted', () => {
    const r = parseManifests('x: &l {app: a}\nz: *l\n', 'ok.yaml');
    expect(r.findings).toEqual([]);
    expect(r.docs[0].object).toEqual({ x: { app: 'a' }, z: { app: 'a' } });
  });

  it('GIVEN very deep nesting WHEN parsed THEN a too-deep finding is reported, no stack overflow escapes', () => {
    const deep = 'a: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n';
    const flat = 'a: ' + '['.repeat(300) + ']'.repeat(300) + '\n';
    for (const text of [deep, flat]) {
      const r = parseManifests(text, 'deep.yaml');
      expect(r.findings).toHaveLength(1);
      expect(r.findings[0].rule).toBe('parse/too-deep');
    }
  });

  it('GIVEN thousands of levels of block indentation WHEN parsed THEN parse/too-deep, no stack overflow escapes', () => {
    let text = '';
    for (let i = 0; i < 3000; i++) text += `${' '.repeat(i)}a:\n`;
    const r = parseManifests(text + '---\napiVersion: v1\nkind: Namespace\n', 'indent.yaml');
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0].rule).toBe('parse/too-deep');
    expect(r.docs).toHaveLength(1);
  });

  it("GIVEN YAML 1.1 booleans and octals WHEN parsed THEN they mean what they mean to kubectl (go-yaml v2)", () => {
    const text = 'a: yes\nb: off\nc: Y\nd: "yes"\nmode: 0644\nneg: -010\nzero: 0\ndec: 644\nhex: 0x1F\n';
    const want = { a: true, b: false, c: true, d: 'yes', mode: 420, neg: -8, zero: 0, dec: 644, hex: 31 };
    expect(parseManifests(text, 'y.yaml').docs[0].object).toEqual(want);
    expect(parseManifests('x: &r 1\n' + text, 'y2.yaml').docs[0].object).toEqual({ x: 1, ...want }); // js-yaml path
  });

  it('GIVEN merge keys and YAML-1.1-looking scalars WHEN parsed THEN merges apply and timestamps stay strings', () => {
    const r = parseManifests('base: &b {x: 1}\nm:\n  <<: *b\n  w: 2\nt: 2024-01-01\n', 'merge.yaml');
    expect(r.docs[0].object).toEqual({ base: { x: 1 }, m: { x: 1, w: 2 }, t: '2024-01-01' });
  });
});

describe('decodeInput / parseInput', () => {
  it('GIVEN invalid UTF-8 WHEN decoded THEN input/encoding names the offset of the bad byte', () => {
    const r = decodeInput(Buffer.from([0x61, 0x3a, 0x20, 0xff, 0xfe, 0x0a]), 'bad.yaml');
    expect('finding' in r && r.finding).toMatchObject({ rule: 'input/encoding', file: 'bad.yaml' });
    expect('finding' in r && r.finding.message).toMatch(/offset 3/);
  });

  it('GIVEN binary data WHEN decoded THEN input/binary, not a YAML error', () => {
    const r = decodeInput(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]), 'a.out');
    expect('finding' in r && r.finding.rule).toBe('input/binary');
  });

  it('GIVEN UTF-16 with a byte-order mark WHEN decoded THEN the text is read', () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('kind: Pod\n', 'utf16le')]);
    expect(decodeInput(utf16, 'w.yaml')).toEqual({ text: 'kind: Pod\n' });
  });

  it('GIVEN a UTF-8 byte-order mark WHEN parsed THEN it is ignored', () => {
    const r = parseInput(Buffer.from('\ufeffapiVersion: v1\nkind: Namespace\n'), 'bom.yaml');
    expect(r.findings).toEqual([]);
    expect(r.docs[0].object).toEqual({ apiVersion: 'v1', kind: 'Namespace' });
  });

  it('GIVEN an input above the size cap WHEN parsed THEN input/too-large, without parsing it', () => {
    const big = { length: MAX_INPUT_BYTES + 1 } as unknown as Uint8Array;
    const r = parseInput(big, 'big.yaml');
    expect(r.findings[0]).toMatchObject({ rule: 'input/too-large' });
    expect(r.findings[0].message).toMatch(/64 MiB/);
  });
});

describe('parseManifests: documents read in place', () => {
  it('GIVEN ASCII bytes, a UTF-8 byte-order mark or non-ASCII text WHEN parsed THEN the documents and their lines are the same as parsing each chunk', () => {
    const text = 'a: 1\n---\nb: café\n---\n# c\n\nc: |\n  x\n---\n  z\n';
    const chunks = splitDocuments(text);
    const want = chunks.map((c) => ({ object: jsyaml.load(c.text, { schema: CORE }), line: c.line }));
    // the '---' line inside the block scalar cuts it, as kubeconform cuts it
    expect(want).toEqual([
      { object: { a: 1 }, line: 1 },
      { object: { b: 'café' }, line: 3 },
      { object: { c: 'x\n' }, line: 5 },
      { object: 'z', line: 10 },
    ]);
    for (const [t, r] of [
      [text, parseManifests(text, 'x.yaml')],
      [text, parseInput(Buffer.from(text), 'x.yaml')],
      [text, parseInput(Buffer.from('\ufeff' + text), 'x.yaml')],
      [text.replace('café', 'cafe'), parseInput(Buffer.from(text.replace('café', 'cafe')), 'x.yaml')],
    ] as const) {
      expect(r.findings).toEqual([]);
      expect(r.docs.map((d) => ({ object: d.object, line: d.source.line }))).toEqual(splitDocuments(t).map((c) => ({ object: jsyaml.load(c.text, { schema: CORE }), line: c.line })));
    }
  });
});

describe('locateFindings', () => {
  it('GIVEN a finding on a nested path WHEN located THEN line and column point at that key in the file', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: "3"\n  selector: {}\n  template: {}\n';
    const { docs, texts } = parseManifests(text, 'loc.yaml');
    const findings = locateFindings(validateDocuments(docs, { apiRules: false, wiring: false }), texts);
    const f = findings.find((x) => x.path === 'spec.replicas');
    expect(f).toMatchObject({ line: 11, column: 3, documentIndex: 1 });
  });

  it('GIVEN two streams of the same file name parsed one after the other WHEN the first one\'s findings are located THEN they point into the first text, not the last one parsed', () => {
    // with one text per file name kept for the whole process, the second parse replaced the first
    const first = parseManifests('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: "3"\n', 'app.yaml');
    const second = parseManifests('# another version of the file\n\n\n\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: "3"\n', 'app.yaml');
    const opts = { apiRules: false, wiring: false } as const;
    const [a, b] = [first, second].map((p) => locateFindings(validateDocuments(p.docs, opts), p.texts).find((x) => x.path === 'spec.replicas'));
    expect(a).toMatchObject({ line: 6, column: 3 });
    expect(b).toMatchObject({ line: 10, column: 3 });
  });

  it('GIVEN a parse interleaved with another WHEN each reads documents THEN each reads its own text (no parse state is shared)', () => {
    // two readers of the fast path, used turn by turn as two streams parsed at once would use them
    const texts = ['a: 1\nb:\n  c: [x, w]\n', 'z:\n- k: |\n    block\n  v: "q"\n'];
    const readers = texts.map((t) => new Reader(t, charCodesOf(t)));
    const got = [fastParseRange(readers[0], 0, 5), fastParseRange(readers[1], 0, texts[1].length), fastParseRange(readers[0], 5, texts[0].length)];
    expect(got).toEqual([{ a: 1 }, { z: [{ k: 'block\n', v: 'q' }] }, { b: { c: ['x', 'w'] } }]);
    expect(readers.map((r) => r.breaks)).toEqual([2, 4]);
  });
});

describe('fast path parser', () => {
  const cases = [
    'a: 1\nb: true\nc: null\nd: ~\ne: 1.5\nf: 0x1F\ng: "q"\nh: \'it\'\'s\'\ni:\nj: 010\nk: +1\nl: .inf\nm: 1e3\n',
    'list:\n- a\n- b: 1\n  c: 2\n-\n  - nested\n- [x, "y", 3]\n',
    'm:\n  k: |\n    line1\n\n    line3\n  s: |-\n    x\n  p: |+\n    y\n\n  z: {}\n',
    'ports:\n  - name: http\n    containerPort: 8080\n    protocol: TCP\nargs: ["--a=1", --b]\n',
    'url: http://example.com/x\nv: "1.0"\nyes: no\nt: 2024-01-01\nkey with spaces: x\n',
    '"80": a\n\'q\': b\n1: c\ntrue: d\n',
    'a: b # comment\n# full comment\nc: "d" # c\n',
  ];
  for (const [n, text] of cases.entries()) {
    it(`GIVEN snippet ${n} WHEN parsed fast THEN it equals js-yaml's result or falls back`, () => {
      const got = fastParse(text);
      const want = jsyaml.load(text, { schema: CORE });
      if (got !== FALLBACK) expect(got).toEqual(want);
    });
  }

  it('GIVEN typical manifest YAML WHEN parsed fast THEN the fast path is taken (not a fallback)', () => {
    const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels:\n    app.kubernetes.io/name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.25\n          args: ["--port=80"]\n          resources:\n            limits: {memory: 1Gi}\n';
    // flow mappings other than {} fall back; the rest of the document is fast-path material
    expect(fastParse(text.replace('limits: {memory: 1Gi}', 'limits:\n              memory: 1Gi'))).not.toBe(FALLBACK);
    expect(fastParse(text)).toBe(FALLBACK);
  });

  it('GIVEN an explicit document start (---) WHEN parsed fast THEN the document after it is read like js-yaml reads it', () => {
    for (const t of ['---\na: 1\n', '--- \nb: [x]\n', '---   # start\n# c\nc:\n  - d\n']) {
      const got = fastParse(t);
      expect(got).not.toBe(FALLBACK);
      expect(got).toEqual(jsyaml.load(t, { schema: CORE }));
    }
    expect(fastParse('---\n# nothing else\n')).toBeNull();
    for (const t of ['--- a: 1\n', '---\n---\na: 1\n', '--- !tag\na: 1\n', '---\n...\n']) expect(fastParse(t)).toBe(FALLBACK);
  });

  it('GIVEN non-ASCII text, keys that resolve to other strings and repeated look-alike keys and values WHEN parsed fast THEN it equals js-yaml', () => {
    for (const t of [
      'name: café\nnote: "日本語 😀"\nlist: [é, ü]\nlit: |\n  ß\n  ok\n',
      'y: 1\n010: 2\n1_000: 3\nNo: 4\nnull: 5\n',
      'ab: yes\nba: yet\naab: Yes\nabb: "yes"\nbab: 0o10\nbba: 010\nabc: 1.0\nacb: 1.5\n',
      'a: b # c\nd: "e" # f\ng: [h] # i\nj: {} # k\nl: | # m\n  n\n',
    ]) {
      const got = fastParse(t);
      expect(got).not.toBe(FALLBACK);
      expect(got).toEqual(jsyaml.load(t, { schema: CORE }));
    }
  });

  it('GIVEN anchors, tags, folded scalars or escapes WHEN parsed fast THEN it falls back to js-yaml', () => {
    const many = Array.from({ length: 14 }, (_, i) => `k${i}: ${i}\n`).join('');
    const dups = ['a: 1\nb:\n  a: 2\n  c: 3\nc: 4\na: 5\n', '"q": 1\nq: 2\n', many + 'k0: again\n', many + 'k13: again\n', 'x:\n  ' + many.replace(/\n(?=.)/g, '\n  ') + '  k2: again\n'];
    for (const t of dups) {
      expect(() => jsyaml.load(t, { schema: CORE })).toThrow(/duplicated mapping key/);
      expect(fastParse(t)).toBe(FALLBACK);
    }
    expect(fastParse(many + 'sub:\n  k0: 1\n  k1: 2\n')).toEqual(jsyaml.load(many + 'sub:\n  k0: 1\n  k1: 2\n', { schema: CORE }));
    for (const t of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: >\n  folded\n', 'a: "x\\ny"\n', 'a:\n  b\n  c\n', 'a: 1\na: 2\n']) {
      expect(fastParse(t)).toBe(FALLBACK);
    }
  });
});

/** Every path inside a parsed value ('a', 'a.b', 'a.b[0]', ...), depth first. */
function pathsOf(value: unknown, joinPath: (p: string, k: string | number) => string): string[] {
  const paths: string[] = [];
  const visit = (v: unknown, p: string): void => {
    if (p) paths.push(p);
    if (Array.isArray(v)) v.forEach((x, i) => visit(x, joinPath(p, i)));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, joinPath(p, k));
  };
  visit(value, '');
  return paths;
}

describe('locateFindings: the line scan agrees with yaml positions', () => {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { generateDocuments } = require('../../bench/corpus.js') as { generateDocuments: (n: number) => string[] };

  it('GIVEN generated manifests WHEN every path is located by the line scan THEN line (and key column) equal yaml’s document model', async () => {
    const YAML = await import('yaml');
    const { scanBlockPath, locateWithYaml } = await import('../../src/validate/parse/locate');
    const { joinPath, splitPath } = await import('../../src/validate/parse/yaml');
    let compared = 0;
    for (const text of generateDocuments(80)) {
      const obj = jsyaml.load(text, { schema: CORE });
      const lc = new YAML.LineCounter();
      const doc = YAML.parseDocument(text, { lineCounter: lc });
      const lines = text.split('\n');
      for (const p of pathsOf(obj, joinPath)) {
        const keys = splitPath(p);
        const a = scanBlockPath(lines, keys);
        if (!a) continue;
        const b = locateWithYaml(YAML, doc, lc, keys);
        expect(a, p).toEqual(b);
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(2000);
  });

  it('GIVEN paths that do not exist (lint reports missing fields) WHEN the line scan answers THEN line and column equal yaml’s deepest existing parent', async () => {
    const YAML = await import('yaml');
    const { scanBlockPath, locateWithYaml } = await import('../../src/validate/parse/locate');
    const { joinPath, splitPath } = await import('../../src/validate/parse/yaml');
    let answered = 0;
    let declined = 0;
    const texts = [...generateDocuments(60), 'a:\n  b: 1\n  c:\n  - x: 1\n  - "q"\n  - - n\n  -\n    y: 2\n', '# c\n---\nkind: X\nspec: |\n  text: 1\n', 'k: v\nm: {a: 1}\nl: [1, 2]\n', 'kind: List\nitems:\n- kind: A\n  metadata:\n    name: a\n- kind: B\n  metadata:\n    name: b\n    labels:\n      x: y\nafter: 1\n'];
    for (const text of texts) {
      const obj = jsyaml.load(text, { schema: CORE });
      const lc = new YAML.LineCounter();
      const doc = YAML.parseDocument(text, { lineCounter: lc });
      const lines = text.split('\n');
      for (const p of ['', ...pathsOf(obj, joinPath)]) {
        for (const missing of [joinPath(p, 'zzMissing'), joinPath(joinPath(p, 'zzMissing'), 'deeper'), joinPath(p, 99)]) {
          const keys = splitPath(missing);
          const a = scanBlockPath(lines, keys);
          if (!a) {
            declined++;
            continue;
          }
          const b = locateWithYaml(YAML, doc, lc, keys);
          expect(a, missing).toEqual(b);
          answered++;
        }
      }
    }
    expect(answered).toBeGreaterThan(3000);
    expect(declined).toBeGreaterThan(0); // flow style and items whose content starts on the next line go to yaml
  });

  it('GIVEN a flow-style document WHEN a finding is located THEN yaml’s document model still finds the line', () => {
    const text = '{\n  apiVersion: "apps/v1",\n  kind: "Deployment",\n  metadata: { name: "w" },\n  spec: {\n    replicas: "x",\n    selector: {},\n    template: {},\n  },\n}\n';
    const { docs, texts } = parseManifests(text, 'kyaml.yaml');
    const f = locateFindings(validateDocuments(docs, { apiRules: false, wiring: false }), texts).find((x) => x.path === 'spec.replicas');
    expect(f).toMatchObject({ line: 6, column: 5 });
  });
});
