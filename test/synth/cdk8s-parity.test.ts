// `npx cdk8s synth` and `helmless synth` write the same bytes, and cdk8s runs helmless
// validation through the plugin declared in cdk8s.yaml (non-zero exit on violations).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { describe, expect, it } from 'vitest';
import { fixtureAppCommand, fixtureProject, ROOT, runCli, tempDir, treeDiff, treeHash } from './helpers';

const CDK8S = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');

function cdk8sSynth(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [CDK8S, 'synth', ...args], {
    cwd,
    env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env },
    encoding: 'utf8',
  });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The worker's fixture project folder, emptied for each test, with the plugin declared (see fixtureProject). */
function pluginProject(): string {
  return fixtureProject(YAML.stringify({
    app: fixtureAppCommand(),
    output: 'dist',
    validations: [{ package: path.join(ROOT, 'lib', 'src', 'cdk8s-plugin'), version: '0.1.0', class: 'HelmlessValidation' }],
  }));
}

describe('cdk8s synth parity and the validation plugin', () => {
  it('GIVEN the fixture app WHEN synthesised by cdk8s and by helmless THEN the output folders are byte-identical and the warning counts equal', async () => {
    const project = pluginProject();
    const viaCdk8s = cdk8sSynth(project, ['-o', 'from-cdk8s']);
    expect(viaCdk8s.out).toMatch(/Validations ended succesfully/);
    expect(viaCdk8s.status).toBe(0);
    const viaHelmless = await runCli(['synth', '-o', 'from-helmless'], { cwd: project });
    expect(viaHelmless.status).toBe(0);
    // The same counts: the plugin's summary table and helmless synth's summary line.
    const count = (re: RegExp, text: string) => Number(re.exec(text)?.[1] ?? 0);
    const lintWarnings = count(/(\d+) lint warnings?/, viaHelmless.stdout);
    expect(lintWarnings).toBeGreaterThan(0);
    expect(count(/lintWarnings\s*│\s*(\d+)/, viaCdk8s.out)).toBe(lintWarnings);
    expect(count(/║ warnings\s*│\s*(\d+)/, viaCdk8s.out)).toBe(count(/, (\d+) warnings?(?! \(helmless)/, viaHelmless.stdout));
    expect(treeDiff(path.join(project, 'from-cdk8s'), path.join(project, 'from-helmless'))).toEqual([]);
    expect(treeHash(path.join(project, 'from-cdk8s'))).toBe(treeHash(path.join(project, 'from-helmless')));
  });

  it('GIVEN an invalid app WHEN cdk8s synth runs the plugin THEN it exits non-zero with the finding, construct path and TS line', () => {
    const project = pluginProject();
    const r = cdk8sSynth(project, [], { FIXTURE_VARIANT: 'duplicate' });
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/error synth\/name-collision \(1 occurrences\)/);
    expect(r.out).toMatch(/construct shop\/config-again, test\/fixtures\/apps\/shop\.ts:\d+/);
    expect(r.out).toMatch(/- Construct Path: shop\/config-again\n\s+- Manifest Path: dist\/shop\.k8s\.yaml\n\s+- Resource Name: ConfigMap\/web-config/);
    expect(r.out).toMatch(/Validation failed/);
  });

  it.runIf(fs.existsSync(path.join(ROOT, 'src', 'main.ts')))(
    "GIVEN this repository's cdk8s.yaml WHEN cdk8s synth and npm run synth write to temp folders THEN the bytes are equal",
    async () => {
      const a = tempDir('repo-cdk8s');
      const b = tempDir('repo-helmless');
      const viaCdk8s = cdk8sSynth(ROOT, ['-o', a]);
      expect(viaCdk8s.out).toMatch(/Validations ended succesfully/);
      expect(viaCdk8s.status).toBe(0);
      const viaHelmless = await runCli(['synth', '-o', b, '--quiet']);
      expect(viaHelmless.stderr).toBe('');
      expect(viaHelmless.status).toBe(0);
      expect(treeDiff(a, b)).toEqual([]);
    },
  );
});
