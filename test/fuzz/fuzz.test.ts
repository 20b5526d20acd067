import { describe, expect, it } from 'vitest';
import { checkCase, type Defect } from './harness';
import { srcCli } from './cli';
import { FAMILIES, loadSeeds, makeCase } from './mutate';

// The small run of the fuzzer (the large one: npm run fuzz). Deterministic: seed 1, the same
// inputs on every run (given the same seed files; the website examples join when present).
const DOCUMENTS = 2000;

describe('fuzzer: mutated manifests through validate and lint', () => {
  it(`GIVEN ${DOCUMENTS} documents mutated six ways WHEN validated and linted THEN exit 0/1/2 only, no internal error, a verdict per document, no 'undefined' / '[object Object]' / 'NaN', each within the time bound`, async () => {
    const seeds = loadSeeds();
    expect(seeds.length).toBeGreaterThan(20);
    const defects: Defect[] = [];
    const families = new Map<string, number>();
    let docs = 0;
    for (let i = 0; docs < DOCUMENTS; i++) {
      const c = makeCase(seeds, 1, i);
      families.set(c.family, (families.get(c.family) ?? 0) + 1);
      // each input through one command (validate, validate --strict, lint in turn): a few seconds
      // in all; the large run (npm run fuzz) sends every input through both
      const r = await checkCase(srcCli, c, { strict: i % 3 === 1, commands: [i % 3 === 2 ? 'lint' : 'validate'] });
      docs += r.documents;
      defects.push(...r.defects);
    }
    expect([...families.keys()].sort()).toEqual([...FAMILIES].sort());
    expect(defects.map((d) => `${d.id} [${d.family}: ${d.mutation}] ${d.command}: ${d.problem}`)).toEqual([]);
  }, 600_000);

  it('GIVEN the same seed twice WHEN cases are made THEN they are the same bytes (deterministic)', () => {
    const seeds = loadSeeds({ corpus: false });
    for (let i = 0; i < 60; i++) expect(makeCase(seeds, 7, i).bytes.equals(makeCase(seeds, 7, i).bytes)).toBe(true);
    expect(makeCase(seeds, 7, 1).bytes.equals(makeCase(seeds, 8, 1).bytes)).toBe(false);
  });
});
