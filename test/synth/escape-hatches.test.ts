// Escape hatches lose nothing: a JSON patch on an L1 object reaches the YAML exactly as written,
// under `helmless synth` and `cdk8s synth`, for a plain cdk8s App; what the typed layer would drop
// or turn into null is an error naming the path and the fix; what the target version does not
// serve is a validation error.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { resetProject, ROOT, runCli, tempDir, TSX_CJS } from './helpers';

const APP = `"${process.execPath}" -r "${TSX_CJS}" "${path.join(ROOT, 'test', 'fixtures', 'apps', 'patched.ts')}"`;
const CDK8S = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');

let shared: string | undefined;
/** One project folder for the file, emptied and configured for each test (see resetProject). */
function project(k8s: string): string {
  shared ??= tempDir('patched');
  const dir = resetProject(shared);
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), YAML.stringify({
    app: APP,
    output: 'dist',
    imports: [`k8s@${k8s}`],
    validations: [{ package: path.join(ROOT, 'lib', 'src', 'cdk8s-plugin'), version: '0.1.0', class: 'HelmlessValidation' }],
  }));
  return dir;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function deployment(dir: string, out = 'dist'): any {
  return YAML.parse(fs.readFileSync(path.join(dir, out, 'shop.k8s.yaml'), 'utf8'));
}

describe('GIVEN a plain cdk8s App whose Deployment is patched with a CPU request \'250m\' and a native sidecar', () => {
  it('WHEN helmless synth targets 1.35 THEN both patches reach the YAML as written', async () => {
    const dir = project('1.35.0');
    const r = await runCli(['synth', '-q'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const spec = deployment(dir).spec.template.spec;
    expect(spec.containers[0].resources.requests).toEqual({ cpu: '250m', memory: '128Mi' });
    expect(spec.initContainers[0].restartPolicy).toBe('Always');
    expect(fs.readFileSync(path.join(dir, 'dist', 'shop.k8s.yaml'), 'utf8')).toMatch(/^ +cpu: 250m$/m);
  });

  it('WHEN cdk8s synth runs the same app THEN it writes the same bytes', async () => {
    const dir = project('1.35.0');
    const viaCdk8s = spawnSync(process.execPath, [CDK8S, 'synth', '-o', 'from-cdk8s'], {
      cwd: dir, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, encoding: 'utf8',
    });
    expect(viaCdk8s.status, viaCdk8s.stdout + viaCdk8s.stderr).toBe(0);
    expect((await runCli(['synth', '-q', '-o', 'from-helmless'], { cwd: dir })).status).toBe(0);
    expect(deployment(dir, 'from-cdk8s').spec.template.spec.initContainers[0].restartPolicy).toBe('Always');
    // (cdk8s also writes construct-metadata.json for its validation plugins.)
    const yaml = (out: string): string => fs.readFileSync(path.join(dir, out, 'shop.k8s.yaml'), 'utf8');
    expect(yaml('from-cdk8s')).toBe(yaml('from-helmless'));
  });

  it('WHEN helmless synth targets 1.27 THEN the sidecar is an error on its line and dist/ is not written', async () => {
    const dir = project('1.27.0');
    const r = await runCli(['synth', '-q'], { cwd: dir });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n').filter((l) => l.includes('initContainers[0].restartPolicy'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^error \S+ dist\/shop\.k8s\.yaml#0:\d+ spec\.template\.spec\.initContainers\[0\]\.restartPolicy/);
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });
});

describe('GIVEN the same request as a raw prop (a plain string where the typed class expects a k8s.Quantity)', () => {
  it('WHEN helmless synth runs THEN it fails naming the construct, the path and k8s.Quantity.fromString, and writes nothing', async () => {
    const dir = project('1.35.0');
    const r = await runCli(['synth'], { cwd: dir, env: { FIXTURE_VARIANT: 'raw' } });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(
      "shop/web: spec.template.spec.containers[0].resources.requests.cpu \"250m\" is invalid: the typed class KubeDeployment expects a k8s.Quantity here");
    expect(r.stderr).toContain("Fix: use k8s.Quantity.fromString('250m')");
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });
});
