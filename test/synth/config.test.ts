// cdk8s.yaml is read like cdk8s reads it; the Kubernetes version follows the k8s@ import.
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ConfigError, readProjectConfig } from '../../src/synth/config';
import { formatFinding } from '../../src/synth/validate';
import { fixtureAppCommand, runHelmless, tempDir } from './helpers';

function project(config: string): string {
  const dir = tempDir('config');
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), config);
  return dir;
}

describe('cdk8s.yaml', () => {
  it('GIVEN no cdk8s.yaml WHEN read THEN output dist and Kubernetes 1.27.0, no app', () => {
    expect(readProjectConfig(tempDir('none'))).toEqual({ output: 'dist', kubernetesVersion: '1.27.0', app: undefined, crdFiles: [] });
  });

  it('GIVEN app, output, a k8s@ import and local CRD imports WHEN read THEN all are used (the CRD files, prefixed or not, for validation)', () => {
    const dir = project('app: node main.js\noutput: manifests\nimports:\n  - k8s@1.30.0\n  - crds/x.yaml\n  - mine:=crds/y.yml\n  - https://example.com/z.yaml\n');
    expect(readProjectConfig(dir)).toEqual({ app: 'node main.js', output: 'manifests', kubernetesVersion: '1.30.0', crdFiles: ['crds/x.yaml', 'crds/y.yml'] });
  });

  it('GIVEN a non-string output WHEN read THEN a ConfigError names the key and value', () => {
    expect(() => readProjectConfig(project('app: x\noutput: 3\n'))).toThrow(ConfigError);
    expect(() => readProjectConfig(project('app: x\noutput: [a]\n'))).toThrow(/'output' must be a non-empty string, got \["a"\]/);
  });

  it('GIVEN a k8s@1.30.0 import WHEN synth THEN it validates for 1.30.0 and writes to the configured output', () => {
    const dir = project(`app: ${JSON.stringify(fixtureAppCommand())}\noutput: manifests\nimports:\n  - k8s@1.30.0\n`);
    const r = runHelmless(['synth'], { cwd: dir });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/-> manifests\/ in .* valid for Kubernetes 1\.30\.0/);
    expect(fs.readdirSync(path.join(dir, 'manifests')).sort()).toEqual(['ops.k8s.yaml', 'shop.k8s.yaml']);
  });

  it('GIVEN --kubernetes-version WHEN synth THEN it wins over the import; an unvendored one is a usage error', () => {
    const dir = project(`app: ${JSON.stringify(fixtureAppCommand())}\nimports:\n  - k8s@1.30.0\n`);
    expect(runHelmless(['synth', '--kubernetes-version', '1.36'], { cwd: dir }).stdout).toMatch(/valid for Kubernetes 1\.36\.0/);
    const bad = runHelmless(['synth', '--kubernetes-version', '1.12'], { cwd: dir });
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
