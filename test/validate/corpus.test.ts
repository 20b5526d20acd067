// Corpus parity with kubeconform: runs only where ../shared/corpus exists (dev and CI machines).
import * as fs from 'fs';
import { describe, expect, it } from 'vitest';
import { checkFixtures, checkWebsite, CORPUS, formatTable, loadExceptions, unexplained } from '../../scripts/corpus-check';

const present = fs.existsSync(CORPUS);

// Skipped (and shown as skipped) where the corpus, kept beside the repository on dev and CI machines, is absent.
describe.skipIf(!present)('corpus parity with kubeconform', () => {
  const exceptions = present ? loadExceptions() : [];

  it('GIVEN every exception WHEN read THEN each names a set, file, version, layer and a reason', () => {
    for (const e of exceptions) {
      expect(e.reason.length).toBeGreaterThan(40);
      expect(['schema', 'api', 'wiring']).toContain(e.layer);
      expect(fs.existsSync(`${CORPUS}/${e.set === 'website' ? 'k8s-website-examples' : 'kubeconform-fixtures'}/${e.file}`)).toBe(true);
    }
  });

  it("GIVEN the Kubernetes website examples WHEN validated at 1.27 and 1.36 (--strict) THEN kubeconform's exit code is reproduced except for listed reasons", async () => {
    const rows = await checkWebsite(exceptions);
    expect(rows.length).toBeGreaterThan(900);
    const bad = unexplained(rows);
    expect(bad, formatTable(bad)).toEqual([]);
    // the schema layer alone is kubeconform: only 'schema' exceptions may differ there
    expect(rows.filter((r) => !r.schemaAgree).every((r) => r.exceptionLayer === 'schema')).toBe(true);
  });

  it('GIVEN the website examples WHEN validated with --missing-crds error (kubeconform\'s treatment of unknown CRDs) THEN only the listed exceptions differ', async () => {
    const rows = await checkWebsite(exceptions, 'kubeconform');
    const bad = unexplained(rows);
    expect(bad, formatTable(bad)).toEqual([]);
    expect(rows.filter((r) => !r.agree).every((r) => exceptions.some((e) => e.file === r.file))).toBe(true);
  });

  it("GIVEN kubeconform's own fixtures WHEN validated with the flags of its acceptance tests THEN its verdicts are reproduced", async () => {
    const rows = await checkFixtures(exceptions);
    expect(rows.length).toBeGreaterThan(20);
    const bad = unexplained(rows);
    expect(bad, formatTable(bad)).toEqual([]);
    expect(rows.filter((r) => !r.schemaAgree).every((r) => r.exceptionLayer === 'schema')).toBe(true);
  });
});
