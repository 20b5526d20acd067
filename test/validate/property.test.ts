// Property tests: whatever the input, the parser and the engine give a verdict or a clear
// finding, never an exception; the fast-path parser agrees with js-yaml whenever it answers.
import * as fc from 'fast-check';
import * as jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { parseInput, parseManifests, validateDocuments, summarize, locateFindings, formatFindings, type Finding } from '../../src/validate';
import { FALLBACK, fastParse } from '../../src/validate/parse/fast';
import { splitDocuments } from '../../src/validate/parse/yaml';
import { KUBECTL_YAML_SCHEMA } from '../../src/validate/parse/schema-yaml11';

const CORE = KUBECTL_YAML_SCHEMA;

const BASE = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: web
  template:
    metadata:
      labels:
        app.kubernetes.io/name: web
    spec:
      containers:
        - name: web
          image: nginx:1.25
          args: ["--port=80", -v]
          ports:
            - name: http
              containerPort: 80
          resources:
            limits:
              memory: 128Mi
          readinessProbe:
            httpGet:
              path: /
              port: http
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: conf
data:
  script.sh: |
    #!/bin/sh
    echo "hi"

  key: 'single ''quoted'''
`;

/** Runs the whole pipeline the CLI runs, in-process; returns the findings. */
function pipeline(bytes: Uint8Array, strict: boolean): Finding[] {
  const { docs, findings, texts } = parseInput(bytes, 'p.yaml');
  const all = [...findings, ...validateDocuments(docs, { strict })];
  const located = locateFindings(all, texts);
  summarize(docs, located, 1);
  for (const fmt of ['text', 'json', 'junit', 'sarif'] as const) formatFindings(located, fmt);
  return located;
}

function assertWellFormed(fs: Finding[]): void {
  for (const f of fs) {
    expect(typeof f.rule).toBe('string');
    expect(f.rule).toMatch(/^[a-z]+\/[a-z0-9-]+$/);
    expect(['error', 'warning', 'info']).toContain(f.severity);
    expect(f.message.length).toBeGreaterThan(0);
    expect(f.file).toBe('p.yaml');
  }
}

/** A mutation of the base text: replace, delete or insert characters and whole lines. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), text: fc.string({ maxLength: 8 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 30 }) }),
  fc.record({ kind: fc.constant('line' as const), at: fc.nat(), text: fc.constantFrom('  - x', '\t', '---', '...', 'key: [', 'a: &x 1', 'b: *x', '  extra: true', 'replicas: "2"', 'kind:', '- - -', '{', ': :', '? k', '|', '  <<: *x', 'apiVersion: v1', 'kind: List', 'items: [1, 2]') }),
);

function mutate(text: string, ms: { kind: 'replace' | 'delete' | 'line'; at: number; text?: string; len?: number }[]): string {
  let t = text;
  for (const m of ms) {
    const at = t.length === 0 ? 0 : m.at % t.length;
    if (m.kind === 'replace') t = t.slice(0, at) + m.text + t.slice(at + (m.text?.length ?? 0));
    else if (m.kind === 'delete') t = t.slice(0, at) + t.slice(at + (m.len ?? 1));
    else {
      const lines = t.split('\n');
      lines.splice(m.at % (lines.length + 1), 0, m.text ?? '');
      t = lines.join('\n');
    }
  }
  return t;
}

describe('property: never an exception', () => {
  it('GIVEN mutated valid manifests WHEN validated THEN every input gets findings or a clean verdict, never an exception', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.boolean(), (ms, strict) => {
        assertWellFormed(pipeline(Buffer.from(mutate(BASE, ms)), strict));
      }),
      { numRuns: 400 },
    );
  });

  it('GIVEN random strings WHEN validated THEN no exception', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        assertWellFormed(pipeline(Buffer.from(s), true));
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN random bytes WHEN validated THEN no exception, and undecodable input is an input/* finding', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const fs = pipeline(bytes, false);
        assertWellFormed(fs);
      }),
      { numRuns: 300 },
    );
  });

  it('GIVEN random JSON-like values as documents WHEN validated THEN no exception', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 5 }), fc.constantFrom('v1', 'apps/v1', 'batch/v1', 'example.com/v1', 'v1'), fc.constantFrom('Pod', 'Deployment', 'CronJob', 'Service', 'List', 'Widget', 'ConfigMap'), (spec, apiVersion, kind) => {
        const doc = { apiVersion, kind, metadata: { name: 'x' }, spec, items: Array.isArray(spec) ? spec : undefined };
        const text = jsyaml.dump(doc, { skipInvalid: true });
        assertWellFormed(pipeline(Buffer.from(text), true));
      }),
      { numRuns: 300 },
    );
  });
});

describe('property: the fast-path parser agrees with js-yaml', () => {
  const scalar = fc.oneof(
    fc.constantFrom('null', '~', 'true', 'False', '0', '010', '0x1F', '0o17', '1_000', '+1', '-2', '.5', '1e3', '.inf', '-.Inf', '.NaN', 'yes', 'on', '2024-01-01', '1.0', '12:30', 'a:b', 'http://x', '-x', '--flag=1', '25%', 'a #b', "''", '""', '"x y"', "'it''s'", '[]', '{}', '[a, "b", 1]', '[ ]', '{ }', '[a,b,]', '[a, [b]]', '{a: 1}', '&a x', '*a', '!!str x', '|', '>', '"a\\tb"', 'x: y'),
    fc.stringMatching(/^[A-Za-z0-9_.\-/ ]{1,12}$/),
  );
  const key = fc.oneof(fc.constantFrom('a', 'name', 'null', 'true', '1', '010', 'app.kubernetes.io/name', '"quoted"', "'q'", 'x y', '-k', '_k', 'k.'), fc.stringMatching(/^[a-z][a-z0-9]{0,6}$/));
  // Block YAML built from random keys, scalars, nesting, comments and blank lines.
  const node: fc.Memo<string[]> = fc.memo((depth) =>
    depth <= 1
      ? scalar.map((s) => [s])
      : fc.oneof(
          scalar.map((s) => [s]),
          fc.array(fc.tuple(key, node(depth - 1), fc.boolean()), { minLength: 1, maxLength: 4 }).map((pairs) => ['MAP', ...pairs.flatMap(([k, v, c]) => [k, ...v.map((l) => '\u0001' + l), ...(c ? ['\u0002'] : [])])]),
          fc.array(node(depth - 1), { minLength: 1, maxLength: 3 }).map((items) => ['SEQ', ...items.flatMap((v) => ['\u0003', ...v.map((l) => '\u0001' + l)])]),
        ),
  );

  function render(tree: string[], indent: number, compactSeqOffset: number): string {
    // A tiny renderer: MAP/SEQ headers followed by entries; \u0001 marks a child line.
    const pad = ' '.repeat(indent);
    const [head, ...rest] = tree;
    if (head !== 'MAP' && head !== 'SEQ') return head;
    const out: string[] = [];
    let i = 0;
    while (i < rest.length) {
      const entry = rest[i++];
      const child: string[] = [];
      while (i < rest.length && rest[i].startsWith('\u0001')) child.push(rest[i++].slice(1));
      let comment = false;
      if (rest[i] === '\u0002') {
        comment = true;
        i++;
      }
      const isScalar = child.length === 1 && child[0] !== 'MAP' && child[0] !== 'SEQ';
      if (head === 'MAP') {
        if (isScalar) out.push(`${pad}${entry}: ${child[0]}`);
        else out.push(`${pad}${entry}:`, render(child, indent + 2, compactSeqOffset));
      } else {
        if (isScalar) out.push(`${pad}- ${child[0]}`);
        else out.push(`${pad}-`, render(child, indent + 2 + compactSeqOffset, compactSeqOffset));
      }
      if (comment) out.push(`${pad}# a comment`, '');
    }
    return out.join('\n');
  }

  it('GIVEN generated block YAML WHEN the fast path answers THEN it equals js-yaml (or js-yaml also fails)', () => {
    let answered = 0;
    fc.assert(
      fc.property(node(4), fc.constantFrom(0, 1, 2), fc.boolean(), (tree, offset, trailingNewline) => {
        const text = render(tree, 0, offset) + (trailingNewline ? '\n' : '');
        const fast = fastParse(text);
        if (fast === FALLBACK) return;
        answered++;
        let expected: unknown;
        try {
          expected = jsyaml.load(text, { schema: CORE });
        } catch {
          throw new Error(`fast path accepted text js-yaml rejects:\n${text}`);
        }
        expect(fast ?? null).toEqual(expected ?? null);
      }),
      { numRuns: Number(process.env.HELMLESS_PROPERTY_RUNS ?? 1500) },
    );
    expect(answered).toBeGreaterThan(100);
  });

  it('GIVEN mutations of manifest text WHEN the fast path answers THEN it equals js-yaml', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 4 }), (ms) => {
        for (const chunk of mutate(BASE, ms).split('\n---\n')) {
          const fast = fastParse(chunk);
          if (fast === FALLBACK) continue;
          let expected: unknown;
          try {
            expected = jsyaml.load(chunk, { schema: CORE });
          } catch {
            throw new Error(`fast path accepted text js-yaml rejects:\n${chunk}`);
          }
          expect(fast ?? null).toEqual(expected ?? null);
        }
      }),
      { numRuns: Number(process.env.HELMLESS_PROPERTY_RUNS ?? 1500) },
    );
  });

  /** What parseManifests must give for a stream: js-yaml on each chunk splitDocuments cuts. */
  function reference(text: string): { index: number; line: number; object?: unknown; error?: true }[] {
    const out: { index: number; line: number; object?: unknown; error?: true }[] = [];
    for (const [index, c] of splitDocuments(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text).entries()) {
      let v: unknown;
      try {
        v = jsyaml.load(c.text, { schema: CORE });
      } catch (e) {
        try {
          // a '...' end marker followed by more content: kubectl reads the first document only
          // (parseManifests warns, see loadLikeKubectl)
          if (/expected a single document in the stream/.test(String((e as Error).message))) {
            v = jsyaml.loadAll(c.text, undefined, { schema: CORE })[0];
            if (v !== null && v !== undefined) out.push({ index, line: c.line, object: v });
            continue;
          }
          if (!/duplicated mapping key/.test(String((e as Error).message))) throw e;
          v = jsyaml.load(c.text, { schema: CORE, json: true }); // the last value wins, the key is reported
        } catch {
          out.push({ index, line: c.line, error: true });
          continue;
        }
      }
      if (v !== null && v !== undefined) out.push({ index, line: c.line, object: v });
    }
    return out;
  }

  // Pieces of streams: separators (any line starting with ---), a '---' line inside a block
  // scalar (it still cuts the document, as kubeconform does), comments after values, quoted
  // keys, an explicit document start, non-ASCII text.
  const separator = fc.constantFrom('---\n', '--- \n', '---  # next\n', '----\n', '---\n\n');
  const extra = fc.constantFrom(
    '',
    'notes: |\n  one\n---\n  two\n',
    'block: |-\n  a\n\n  b\n',
    'kept: |+\n  a\n\n',
    'c: d # a comment\n',
    '"quoted key": v\n',
    "'single': 'it''s'\n",
    'name: café\n',
    'emoji: "😀 ok"\n',
    'list:\n- a # c\n- "b"\n',
    '# only a comment\n',
  );
  const docText = fc.tuple(node(3), extra, fc.constantFrom('', '---\n', '--- # start\n', '\n# head\n'), fc.boolean()).map(([tree, x, head, crlf]) => {
    const body = render(tree, 0, 0);
    const t = head + (body.startsWith('MAP') || body.startsWith('SEQ') ? '' : body) + '\n' + x;
    return crlf ? t.replace(/\n/g, '\r\n') : t;
  });

  it('GIVEN streams of generated documents (separators, block scalars cut by ---, CRLF, BOM, non-ASCII) WHEN parsed THEN each document equals js-yaml on its chunk, with its line', () => {
    let docsSeen = 0;
    fc.assert(
      fc.property(fc.array(fc.tuple(docText, separator), { minLength: 1, maxLength: 5 }), fc.boolean(), fc.boolean(), (parts, bom, trailing) => {
        let text = parts.map(([d, sep], i) => (i === 0 ? d : sep + d)).join('');
        if (!trailing) text = text.replace(/\n$/, '');
        if (bom) text = '\ufeff' + text;
        const want = reference(text);
        // parseManifests on the text, and parseInput on its bytes (ASCII bytes are read directly)
        for (const got of [parseManifests(text, 's.yaml'), parseInput(Buffer.from(text, 'utf8'), 's.yaml')]) {
          const docs = got.docs.map((d) => ({ index: d.source.documentIndex, line: d.source.line, object: d.object }));
          const errors = got.findings.filter((f) => f.severity === 'error').map((f) => ({ index: f.documentIndex, line: expect.any(Number), error: true as const }));
          const all = [...docs, ...errors].sort((a, b) => a.index - b.index);
          expect(all).toEqual(want.map((w) => (w.error ? { ...w, line: expect.any(Number) } : w)));
          docsSeen += docs.length;
          // the texts kept for locating findings are the chunks
          const chunks = splitDocuments(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
          chunks.forEach((c, i) => expect(got.texts.documentText('s.yaml', i)).toEqual(c));
          expect(got.texts.documentText('s.yaml', chunks.length)).toBeUndefined();
        }
      }),
      { numRuns: Number(process.env.HELMLESS_PROPERTY_RUNS ?? 600) },
    );
    expect(docsSeen).toBeGreaterThan(100);
  });

  it('GIVEN the same documents WHEN parsed through parseManifests THEN the objects equal js-yaml loadAll', () => {
    const { docs } = parseManifests(BASE, 'b.yaml');
    expect(docs.map((d) => d.object)).toEqual(jsyaml.loadAll(BASE, undefined, { schema: CORE }));
  });
});
