// GitOps freshness: the committed dist/ must be exactly what a synth of the current sources writes.
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir, treeDiff } from './synth/helpers';

const hasApp = fs.existsSync(path.join(ROOT, 'src', 'main.ts'));

describe('committed dist/ is fresh', () => {
  it.runIf(hasApp)('GIVEN the current sources WHEN synthesised into a temp folder THEN it equals the committed dist/', async () => {
    const fresh = path.join(tempDir('fresh'), 'dist');
    const r = await runCli(['synth', '--quiet', '-o', fresh]);
    expect(r.stderr, 'the example app must synthesise cleanly').toBe('');
    expect(r.status).toBe(0);
    const committed = path.join(ROOT, 'dist');
    const stale = fs.existsSync(committed) ? treeDiff(committed, fresh).map((d) => d.split(committed).join('dist').split(fresh).join('a fresh synth')) : ['dist/ is missing'];
    expect(
      stale,
      `dist/ is stale: ${stale.join('; ')}. Fix: run 'npm run synth' and commit dist/ together with the source change.`,
    ).toEqual([]);
  });
});
