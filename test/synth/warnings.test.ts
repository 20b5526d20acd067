import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ROOT, TSX_CJS, runCli, tempDir } from './helpers';

describe('construct warnings under helmless synth', () => {
  it('GIVEN an app whose construct warns WHEN helmless synth runs THEN one stderr line per warning, the summary counts it, and the synth succeeds', async () => {
    const dir = tempDir('warning');
    const app = `"${process.execPath}" -r "${TSX_CJS}" "${path.join(ROOT, 'test', 'fixtures', 'apps', 'warning.ts')}"`;
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `app: ${JSON.stringify(app)}\noutput: dist\n`);
    const r = await runCli(['synth'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('helmless warning: '));
    expect(lines).toEqual([expect.stringMatching(/^helmless warning: edge\/proxy: container 'proxy' binds port 443 as UID 65532 without the NET_BIND_SERVICE capability/)]);
    expect(r.stdout).toMatch(/, 1 construct warning \(above\)\n$/);
    expect(fs.readdirSync(path.join(dir, 'dist'))).toEqual(['edge.k8s.yaml']);
  });
});
