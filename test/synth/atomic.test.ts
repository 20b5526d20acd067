// helmless synth replaces the output folder only when the app ran and every object is valid;
// otherwise the folder stays byte-for-byte as it was and no staging folder is left behind.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN, fixtureProject, listTree, ROOT, runCli, stagingLeftovers, treeHash, TSX_CJS } from './helpers';

describe('helmless synth: atomic replacement of the output folder', () => {
  let project: string;
  let dist: string;
  let goodHash: string;

  beforeAll(async () => {
    project = fixtureProject();
    dist = path.join(project, 'dist');
    const r = await runCli(['synth'], { cwd: project });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    goodHash = treeHash(dist);
  });

  it('GIVEN a valid app WHEN synth THEN one file per chart, YAML only, and a one-line summary', async () => {
    expect(listTree(dist)).toEqual(['ops.k8s.yaml', 'shop.k8s.yaml']);
    const again = await runCli(['synth'], { cwd: project });
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/^helmless synth: 2 files, 5 objects -> dist\/ in \d+\.\d s, valid for Kubernetes 1\.35\.0/);
    expect(again.stdout.trim().split('\n')).toHaveLength(1);
    expect(treeHash(dist)).toBe(goodHash);
    expect(stagingLeftovers(project)).toEqual([]);
  });

  it('GIVEN an app that throws WHEN synth THEN exit 2, the error shown, dist/ untouched, no leftovers', async () => {
    const r = await runCli(['synth'], { cwd: project, env: { FIXTURE_VARIANT: 'throws' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('fixture: the app failed while building the chart');
    const last = r.stderr.trim().split('\n').pop();
    expect(last).toMatch(/^helmless synth: the app .* exited with code 1: Error: fixture: the app failed while building the chart \(test\/fixtures\/apps\/shop\.ts:\d+\); dist\/ left unchanged/);
    expect(treeHash(dist)).toBe(goodHash);
    expect(stagingLeftovers(project)).toEqual([]);
  });

  it('GIVEN an app that never calls synth() WHEN synth THEN exit 2 and dist/ untouched', async () => {
    const r = await runCli(['synth'], { cwd: project, env: { FIXTURE_VARIANT: 'nosynth' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/wrote nothing to CDK8S_OUTDIR; does it call app\.synth\(\)\?/);
    expect(treeHash(dist)).toBe(goodHash);
    expect(stagingLeftovers(project)).toEqual([]);
  });

  it('GIVEN an app whose charts are all empty WHEN synth THEN exit 2 rather than wiping dist/', async () => {
    const r = await runCli(['synth', '--app', 'node -e "require(\'fs\').mkdirSync(process.env.CDK8S_OUTDIR)"'], { cwd: project });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/wrote no YAML files/);
    expect(treeHash(dist)).toBe(goodHash);
  });

  it('GIVEN two constructs that emit the same object WHEN synth THEN exit 1 naming both construct paths and the TypeScript line', async () => {
    const r = await runCli(['synth'], { cwd: project, env: { FIXTURE_VARIANT: 'duplicate' } });
    expect(r.status).toBe(1);
    const line = r.stderr.split('\n').find((l) => l.includes('synth/name-collision'));
    expect(line).toBeDefined();
    expect(line).toMatch(/^error synth\/name-collision dist\/shop\.k8s\.yaml#2:\d+ metadata\.name: ConfigMap 'shop\/web-config' is defined twice/);
    expect(line).toContain("construct 'shop/config'");
    expect(line).toContain("construct 'shop/config-again'");
    expect(line).toMatch(/\(construct shop\/config-again, test\/fixtures\/apps\/shop\.ts:\d+\) — fix: /);
    expect(r.stderr).toMatch(/1 error; dist\/ left unchanged/);
    expect(r.stdout).toBe('');
    expect(treeHash(dist)).toBe(goodHash);
    expect(stagingLeftovers(project)).toEqual([]);
  });

  it('GIVEN a Deployment whose selector does not match its pod labels WHEN synth THEN exit 1 with the API-server finding attributed to the construct', async () => {
    const r = await runCli(['synth'], { cwd: project, env: { FIXTURE_VARIANT: 'selector' } });
    expect(r.status).toBe(1);
    const line = r.stderr.split('\n').find((l) => l.startsWith('error '));
    expect(line).toMatch(/^error api\/selector dist\/shop\.k8s\.yaml#\d+:\d+ spec\.template\.metadata\.labels: .*does not match/);
    expect(line).toMatch(/\(construct shop\/web\/deployment, test\/fixtures\/apps\/shop\.ts:\d+\) — fix: /);
    expect(treeHash(dist)).toBe(goodHash);
    expect(stagingLeftovers(project)).toEqual([]);
  });

  it('GIVEN two helmless constructs claiming one object name WHEN synth THEN exit 1 and one line naming both construct paths and the line, dist/ untouched', async () => {
    const app = `"${process.execPath}" -r "${TSX_CJS}" "${path.join(ROOT, 'test', 'fixtures', 'apps', 'collision.ts')}"`;
    const r = await runCli(['synth', '--app', app], { cwd: project });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/shop\/frontend: ServiceAccount name "web" is invalid: it collides with .* created by 'shop\/web'/);
    expect(r.stderr).toMatch(/^helmless synth: HelmlessPropError: shop\/frontend: .* \(test\/fixtures\/apps\/collision\.ts:8\); dist\/ left unchanged/);
    expect(treeHash(dist)).toBe(goodHash);
    expect(stagingLeftovers(project)).toEqual([]);
  });

  it('GIVEN a fixed app after failures WHEN synth THEN dist/ is replaced as a whole (stray files go)', async () => {
    fs.writeFileSync(path.join(dist, 'stray.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stray\n');
    const r = await runCli(['synth'], { cwd: project, env: { FIXTURE_VARIANT: 'changed' } });
    expect(r.status).toBe(0);
    expect(listTree(dist)).toEqual(['ops.k8s.yaml', 'shop.k8s.yaml']);
    expect(fs.readFileSync(path.join(dist, 'shop.k8s.yaml'), 'utf8')).toContain('LOG_LEVEL: debug');
    expect(treeHash(dist)).not.toBe(goodHash);
    expect(stagingLeftovers(project)).toEqual([]);
    // back to the good app: back to the same bytes
    expect((await runCli(['synth'], { cwd: project })).status).toBe(0);
    expect(treeHash(dist)).toBe(goodHash);
  });

  it('GIVEN --output WHEN synth THEN writes there and leaves the configured folder alone', async () => {
    const r = await runCli(['synth', '-o', 'out/manifests', '--quiet'], { cwd: project });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
    expect(treeHash(path.join(project, 'out', 'manifests'))).toBe(goodHash);
    expect(treeHash(dist)).toBe(goodHash);
    expect(stagingLeftovers(path.join(project, 'out'))).toEqual([]);
  });

  it('GIVEN a synth in progress WHEN interrupted with SIGINT THEN exit 130, dist/ untouched, no staging folder left', async () => {
    const child = spawn(process.execPath, [BIN, 'synth'], {
      cwd: project,
      env: { ...process.env, FIXTURE_VARIANT: 'slow' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    // wait until the staging folder exists (the app is running), then interrupt
    for (let i = 0; i < 600 && stagingLeftovers(project).length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(stagingLeftovers(project)).toHaveLength(1);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.once('close', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(stderr).toMatch(/interrupted \(SIGINT\); dist\/ left unchanged/);
    expect(stagingLeftovers(project)).toEqual([]);
    expect(treeHash(dist)).toBe(goodHash);
  });
});
