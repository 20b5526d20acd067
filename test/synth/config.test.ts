// cdk8s.yaml is read like cdk8s reads it; the Kubernetes version follows the k8s@ import.
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readProjectConfig } from '../../src/synth/config';
import { formatFinding } from '../../src/synth/validate';
import { K8S_IMPORT_VERSION } from '../../imports/k8s-version';
import { DEFAULT_TARGET_VERSION } from '../../src/constructs/target-version';
import { availableVersions } from '../../src/validate';
import { fixtureAppCommand, fixtureProject, ROOT, runCli, tempDir } from './helpers';

/** The worker's fixture project folder, emptied and given `config` for each use (see fixtureProject). */
const project = (config: string): string => fixtureProject(config);

describe('cdk8s.yaml', () => {
  it('GIVEN no cdk8s.yaml WHEN read THEN output dist, the version of the bundled L1 types, no app', () => {
    expect(readProjectConfig(tempDir('none'))).toEqual({ output: 'dist', kubernetesVersion: K8S_IMPORT_VERSION, app: undefined, crdFiles: [] });
  });

  it("GIVEN this repository WHEN its cdk8s.yaml and imports are read THEN the k8s@ import, the L1 types' version and the constructs' default are one version", () => {
    expect(readProjectConfig(ROOT).kubernetesVersion).toBe('1.35.0');
    expect(K8S_IMPORT_VERSION).toBe('1.35.0');
    expect(DEFAULT_TARGET_VERSION).toBe(K8S_IMPORT_VERSION);
    expect(fs.readFileSync(path.join(ROOT, 'imports', 'k8s.ts'), 'utf8')).toContain('initContainers'); // the generated L1 types are there
  });

  it('GIVEN a folder with and without a cdk8s.yaml WHEN validate and lint run without --kubernetes-version THEN the project version, else the newest vendored one', async () => {
    const file = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
    const inProject = project('app: node main.js\nimports:\n  - k8s@1.30.0\n');
    const outside = tempDir('outside');
    for (const dir of [inProject, outside]) fs.writeFileSync(path.join(dir, 'c.yaml'), file);
    for (const cmd of ['validate', 'lint']) {
      const a = await runCli([cmd, '-o', 'json', 'c.yaml'], { cwd: inProject });
      expect(a.status, a.stderr).toBe(0);
      expect(JSON.parse(a.stdout).kubernetesVersion).toBe('1.30.0');
      const b = await runCli([cmd, '-o', 'json', 'c.yaml'], { cwd: outside });
      expect(b.status, b.stderr).toBe(0);
      expect(JSON.parse(b.stdout).kubernetesVersion).toBe(availableVersions()[availableVersions().length - 1]);
      const c = await runCli([cmd, '-o', 'json', '--kubernetes-version', '1.27', 'c.yaml'], { cwd: outside });
      expect(JSON.parse(c.stdout).kubernetesVersion).toBe('1.27.0');
    }
  });

  it('GIVEN app, output, a k8s@ import and local CRD imports WHEN read THEN all are used (the CRD files, prefixed or not, for validation)', () => {
    const dir = project('app: node main.js\noutput: manifests\nimports:\n  - k8s@1.30.0\n  - crds/x.yaml\n  - mine:=crds/y.yml\n  - https://example.com/z.yaml\n');
    expect(readProjectConfig(dir)).toEqual({ app: 'node main.js', output: 'manifests', kubernetesVersion: '1.30.0', crdFiles: ['crds/x.yaml', 'crds/y.yml'] });
  });

  it('GIVEN a non-string output WHEN read THEN a ConfigError names the key and value', () => {
    expect(() => readProjectConfig(project('app: x\noutput: 3\n'))).toThrow(ConfigError);
    expect(() => readProjectConfig(project('app: x\noutput: [a]\n'))).toThrow(/'output' must be a non-empty string, got \["a"\]/);
  });

  it('GIVEN a k8s@1.30.0 import WHEN synth THEN it validates for 1.30.0 and writes to the configured output', async () => {
    const dir = project(`app: ${JSON.stringify(fixtureAppCommand())}\noutput: manifests\nimports:\n  - k8s@1.30.0\n`);
    const r = await runCli(['synth'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/-> manifests\/ in .* valid for Kubernetes 1\.30\.0/);
    expect(fs.readdirSync(path.join(dir, 'manifests')).sort()).toEqual(['ops.k8s.yaml', 'shop.k8s.yaml']);
  });

  it('GIVEN --kubernetes-version WHEN synth THEN it wins over the import; an unvendored one is a usage error', async () => {
    const dir = project(`app: ${JSON.stringify(fixtureAppCommand())}\nimports:\n  - k8s@1.30.0\n`);
    expect((await runCli(['synth', '--kubernetes-version', '1.36'], { cwd: dir })).stdout).toMatch(/valid for Kubernetes 1\.36\.0/);
    const bad = await runCli(['synth', '--kubernetes-version', '1.12'], { cwd: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--kubernetes-version: Kubernetes version '1\.12' is not available: choose one of 1\.27/);
  });
});

describe('finding lines', () => {
  it('GIVEN a finding with attribution WHEN formatted THEN one line: severity, rule, file#doc:line, path, message, construct, TS line, fix', () => {
    const line = formatFinding({
      severity: 'error', rule: 'api/selector', message: 'selector does not match\ntemplate labels', file: 'dist/shop-prod.k8s.yaml',
      documentIndex: 3, line: 46, path: 'spec.selector', fix: 'use the pod labels', constructPath: 'shop-prod/web/deployment', sourceLocation: 'src/charts/shop.ts:42',
    });
    expect(line).toBe('error api/selector dist/shop-prod.k8s.yaml#3:46 spec.selector: selector does not match template labels (construct shop-prod/web/deployment, src/charts/shop.ts:42) — fix: use the pod labels');
  });

  it('GIVEN a whole-document finding without attribution WHEN formatted THEN no empty parentheses or path', () => {
    expect(formatFinding({ severity: 'warning', rule: 'parse/x', message: 'm', file: 'a.yaml', documentIndex: 0, path: '' })).toBe('warning parse/x a.yaml#0: m');
  });
});
