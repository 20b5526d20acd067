import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');

describe('imports/', () => {
  const out = mkdtempSync(join(tmpdir(), 'helmless-imports-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('is exactly what the offline generator writes from schemas/ and import-crds/', () => {
    // GIVEN the vendored definitions and CRDs WHEN the generator runs with no network
    execFileSync(process.execPath, [join(root, 'scripts/import.js'), out], { cwd: root, stdio: 'pipe' });
    // THEN every committed file is reproduced byte for byte, and no file is missing or extra
    const committed = readdirSync(join(root, 'imports')).sort();
    expect(readdirSync(out).sort()).toEqual(committed);
    for (const f of committed) {
      expect(readFileSync(join(out, f), 'utf8'), `imports/${f} is stale: run 'npm run import' and commit`).toBe(
        readFileSync(join(root, 'imports', f), 'utf8'),
      );
    }
    expect(committed).toEqual(['bitnami.com.ts', 'external-secrets.io.ts', 'k8s.ts', 'monitoring.coreos.com.ts']);
  });
});
