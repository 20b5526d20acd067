// The same sources give the same bytes in dist/ from any clone path, time zone and locale.
import * as fs from 'fs';
import * as path from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runHelmless, tempDir, treeDiff, treeHash } from './helpers';

const SKIP = new Set(['node_modules', '.git', 'dist']);

/** A copy of the repository (sources, lib/, config) with node_modules symlinked. */
function cloneAt(name: string): string {
  const dir = path.join(tempDir('clone'), name);
  fs.mkdirSync(dir);
  for (const entry of fs.readdirSync(ROOT)) {
    if (SKIP.has(entry) || entry.includes('.helmless-')) continue;
    fs.cpSync(path.join(ROOT, entry), path.join(dir, entry), { recursive: true });
  }
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  return dir;
}

const FIXTURE = 'node -r tsx/cjs test/fixtures/apps/shop.ts';
// The type check is left out: it writes nothing to the output (only gates it; typecheck.test.ts
// covers it), and in a new clone it checks the whole program cold, ~1-2 s of CPU a synth, five times.
const NO_TYPECHECK = '--no-typecheck';

describe('deterministic output', () => {
  let a: string;
  let b: string;
  beforeAll(() => {
    a = cloneAt('first-clone');
    b = cloneAt('a-much-longer-second-clone-path');
  });

  const envA = { TZ: 'UTC', LC_ALL: 'C', LANG: 'C' };
  const envB = { TZ: 'Pacific/Chatham', LC_ALL: 'tr_TR.UTF-8', LANG: 'tr_TR.UTF-8' };

  it('GIVEN two clone paths, TZ and LC_ALL WHEN the fixture app is synthesised THEN dist/ is byte-identical', () => {
    const ra = runHelmless(['synth', '--app', FIXTURE, '-q', NO_TYPECHECK], { cwd: a, env: envA });
    const rb = runHelmless(['synth', '--app', FIXTURE, '-q', NO_TYPECHECK], { cwd: b, env: envB });
    expect(ra.status).toBe(0);
    expect(rb.status).toBe(0);
    expect(treeDiff(path.join(a, 'dist'), path.join(b, 'dist'))).toEqual([]);
    // and nothing in it mentions where the clone lives
    for (const dir of [a, b]) {
      for (const f of fs.readdirSync(path.join(dir, 'dist'))) {
        expect(fs.readFileSync(path.join(dir, 'dist', f), 'utf8')).not.toContain(dir);
      }
    }
  });

  it('GIVEN the same objects created in another order WHEN synthesised THEN the bytes do not change', () => {
    const r = runHelmless(['synth', '--app', FIXTURE, '-q', '-o', 'reordered', NO_TYPECHECK], { cwd: a, env: { FIXTURE_VARIANT: 'reordered' } });
    expect(r.status).toBe(0);
    expect(treeHash(path.join(a, 'reordered'))).toBe(treeHash(path.join(a, 'dist')));
  });

  it.runIf(fs.existsSync(path.join(ROOT, 'src', 'main.ts')))(
    'GIVEN two clone paths, TZ and LC_ALL WHEN the example app (cdk8s.yaml) is synthesised THEN dist/ is byte-identical',
    () => {
      const ra = runHelmless(['synth', '-q', '-o', 'example', NO_TYPECHECK], { cwd: a, env: envA });
      const rb = runHelmless(['synth', '-q', '-o', 'example', NO_TYPECHECK], { cwd: b, env: envB });
      expect(ra.stderr).toBe('');
      expect(ra.status).toBe(0);
      expect(rb.status).toBe(0);
      expect(treeDiff(path.join(a, 'example'), path.join(b, 'example'))).toEqual([]);
    },
  );
});
