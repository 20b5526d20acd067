import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { describe, expect, it } from 'vitest';
import { Validation } from '../../src/validate/engine';
import { readInputs } from '../../src/validate/parse/inputs';
import { locateFindings } from '../../src/validate/parse/locate';
import { parseInput } from '../../src/validate/parse/inputs';
import type { ManifestDocument } from '../../src/validate/types';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

/** Every string of 13 or more characters in a parsed value (what V8 may keep as a view of its text). */
function longStrings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') {
    if (v.length >= 13) out.push(v);
  } else if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      out.push(k);
      longStrings(x, out);
    }
  }
  return out;
}

/** A stream of `n` documents, each with long values of every scalar style the fast path reads. */
function stream(n: number, extra = ''): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    docs.push(
      [
        `# ${'a comment nobody keeps '.repeat(100)}`,
        'apiVersion: v1',
        'kind: ConfigMap',
        'metadata:',
        `  name: a-config-map-named-${i}${extra}`,
        '  labels:',
        `    app.kubernetes.io/name: short-${i}`,
        'data:',
        `  plain: a-plain-value-that-is-longer-than-the-memo-${i}`,
        `  single: 'a single-quoted value ${i}'`,
        `  double: "a double-quoted value ${i}"`,
        `  flow: [first-flow-item-${i}, "second flow item ${i}"]`,
        '  block: |',
        `    a literal block line ${i}`,
        `    and another literal block line ${i}`,
      ].join('\n'),
    );
  }
  return docs.join('\n---\n') + '\n';
}

/** Live heap after a full collection, in bytes (external strings, such as a decoded file's text, included). */
function liveHeap(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

describe('parsed strings do not keep the text they were read from', () => {
  for (const [what, extra] of [
    ['an ASCII text (read from its bytes)', ''],
    ['a non-ASCII text', '-é'],
  ] as const) {
    it(`GIVEN ${what} of several MB WHEN only the long strings of its documents are kept THEN the text can be collected`, () => {
      const text = stream(5000, extra);
      const size = text.length;
      expect(size).toBeGreaterThan(12_000_000);
      const before = liveHeap();
      const docs: ManifestDocument[] = [];
      // (the result's texts hold the text: only its findings are kept)
      const { findings } = parseInput(Buffer.from(text), 'big.yaml', (d) => docs.push(d));
      expect(findings).toEqual([]);
      expect(docs).toHaveLength(5000);
      // what a wiring fact or a rule's memo would keep: the long names and values
      const kept = docs.flatMap((d) => longStrings(d.object));
      docs.length = 0;
      const keptChars = kept.reduce((n, s) => n + s.length, 0);
      const grown = liveHeap() - before;
      // the strings themselves, their headers and the array (~60 bytes each): far less than the text
      expect(grown).toBeLessThan(keptChars + kept.length * 64 + 2_000_000);
      expect(grown).toBeLessThan(size / 3);
      expect(kept.some((s) => s.startsWith('a literal block line'))).toBe(true);
    });
  }

  it('GIVEN slices of a text kept (what the parser used to hand out) WHEN measured the same way THEN the whole text stays: the check can fail', () => {
    const before = liveHeap();
    let text: string | undefined = stream(5000);
    const size = text.length;
    const kept: string[] = [];
    for (let k = 0; k < size; k += 300) kept.push(text.slice(k, k + 20));
    text = undefined;
    expect(liveHeap() - before).toBeGreaterThan(size);
    expect(kept.length).toBeGreaterThan(0);
  });
});

describe('readInputs: texts read again for locateFindings', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-texts-'));
  const deployment = (name: string, configMap: string): string =>
    `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n    spec:\n      containers:\n        - name: app\n          image: registry.example.com/app:1.0.0\n          envFrom:\n            - configMapRef:\n                name: ${configMap}\n`;

  async function run(dir: string, change?: () => void) {
    const validation = new Validation({ strict: true });
    const input = await readInputs([dir], { cwd: tmp, onDocument: (d) => validation.add(d) });
    change?.();
    return locateFindings(validation.finish(), input.texts);
  }

  it('GIVEN a wiring finding in the second of two files WHEN located after all files were read THEN it carries the line and column of that file', async () => {
    const dir = path.join(tmp, 'two');
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, 'a.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: present\n---\n${deployment('first', 'present')}`);
    fs.writeFileSync(path.join(dir, 'b.yaml'), `# a comment line\n---\n${deployment('second', 'absent')}`);
    const found = (await run(dir)).filter((f) => f.rule === 'wiring/missing-configmap');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ file: 'two/b.yaml', documentIndex: 1, line: 19, column: 17 });
  });

  it('GIVEN a file that changes length on disk after it was read WHEN its findings are located THEN they are left without a line (its text was not kept, and the new one does not match)', async () => {
    const dir = path.join(tmp, 'changed');
    fs.mkdirSync(dir);
    const file = path.join(dir, 'c.yaml');
    fs.writeFileSync(file, deployment('third', 'absent'));
    const found = (await run(dir, () => fs.writeFileSync(file, '# rewritten\n' + deployment('third', 'absent')))).filter((f) => f.rule === 'wiring/missing-configmap');
    expect(found).toHaveLength(1);
    expect(found[0].line).toBeUndefined();
  });
});
