// The swap itself: restore on failure, recovery from a run killed mid-swap.
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { createStaging, removeStaleStaging, swapIn } from '../../src/synth/atomic';
import { stagingLeftovers, tempDir, treeHash } from './helpers';

function output(dir: string): string {
  const out = path.join(dir, 'dist');
  fs.mkdirSync(out);
  fs.writeFileSync(path.join(out, 'a.k8s.yaml'), 'kind: ConfigMap\n');
  return out;
}

describe('swapIn', () => {
  it('GIVEN a staged output WHEN swapped in THEN it replaces the folder and the staging folder is gone', () => {
    const dir = tempDir('swap');
    const out = output(dir);
    const staging = createStaging(out);
    fs.mkdirSync(staging.out);
    fs.writeFileSync(path.join(staging.out, 'b.k8s.yaml'), 'kind: Service\n');
    swapIn(staging, out);
    expect(fs.readdirSync(out)).toEqual(['b.k8s.yaml']);
    expect(stagingLeftovers(dir)).toEqual([]);
  });

  it('GIVEN the rename of the new folder fails WHEN swapping THEN the old folder is put back unchanged', () => {
    const dir = tempDir('swapfail');
    const out = output(dir);
    const before = treeHash(out);
    const staging = createStaging(out); // staging.out never created: the second rename fails
    expect(() => swapIn(staging, out)).toThrow(/ENOENT/);
    expect(treeHash(out)).toBe(before);
    expect(stagingLeftovers(dir)).toEqual([]);
  });
});

describe('removeStaleStaging', () => {
  it('GIVEN a dead run that moved the output aside WHEN the next run starts THEN the output is restored and the staging removed', () => {
    const dir = tempDir('stale');
    const out = output(dir);
    const before = treeHash(out);
    const staging = createStaging(out);
    fs.writeFileSync(path.join(staging.root, 'pid'), '999999999'); // no such process
    fs.renameSync(out, path.join(staging.root, 'old'));
    removeStaleStaging(out);
    expect(treeHash(out)).toBe(before);
    expect(stagingLeftovers(dir)).toEqual([]);
  });

  it('GIVEN a staging folder of a live run WHEN another run starts THEN it is left alone', () => {
    const dir = tempDir('live');
    const out = output(dir);
    const staging = createStaging(out);
    fs.writeFileSync(path.join(staging.root, 'pid'), String(process.ppid));
    removeStaleStaging(out);
    expect(fs.existsSync(staging.root)).toBe(true);
  });
});
