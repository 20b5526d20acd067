import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { command, initOptions, INIT_KUBERNETES_VERSION } from '../../src/cli/init';
import type { CliIO } from '../../src/cli/main';
import { namespaceOf, projectNameFrom, scaffold } from '../../src/init/scaffold';
import { parseManifests } from '../../src/validate/parse/yaml';

function io(cwd: string): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => { out += s; return true; } } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => { err += s; return true; } } as unknown as NodeJS.WritableStream,
    stdin: process.stdin, cwd, env: {},
    out: () => out, err: () => err,
  };
}

function emptyDir(name = 'shop'): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-init-')), name);
  fs.mkdirSync(dir);
  return dir;
}

const own = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('helmless init: options', () => {
  it('GIVEN no flags in a folder named "My Shop_2" WHEN options are read THEN the name is made DNS-safe, the version is the supported default and the envs are dev and prod', () => {
    const o = initOptions([], '/x/My Shop_2');
    expect(o.name).toBe('my-shop-2');
    expect(o.kubernetesVersion).toBe(INIT_KUBERNETES_VERSION);
    expect(o.envs).toEqual(['dev', 'prod']);
    expect(o.helmlessSpec).toBe(`^${own.version}`);
    expect(o.versions.cdk8s).toBe(own.devDependencies.cdk8s);
    expect(o.versions.constructs).toBe(own.devDependencies.constructs);
  });

  it('GIVEN bad flags WHEN options are read THEN each is refused naming the value and the fix', () => {
    expect(() => initOptions(['--kubernetes-version', '1.20'], '/x/app')).toThrow(/'1\.20' is not one helmless has definitions for \(1\.27 to 1\.36\); pass e\.g\. --kubernetes-version 1\.35\.0/);
    expect(() => initOptions(['--envs', 'dev,Prod'], '/x/app')).toThrow(/environment 'Prod' must be lowercase/);
    expect(() => initOptions(['--envs', 'dev,dev'], '/x/app')).toThrow(/names an environment twice/);
    expect(() => initOptions(['--name', '9lives'], '/x/app')).toThrow(/project name '9lives' must be lowercase.*--name my-app/);
    expect(() => initOptions(['some-dir'], '/x/app')).toThrow(/unexpected argument 'some-dir'/);
    expect(() => initOptions(['--force'], '/x/app')).toThrow(/unknown option '--force'/);
  });

  it('GIVEN folder names WHEN turned into project names THEN only DNS-safe names come out', () => {
    expect(projectNameFrom('2024-Billing API')).toBe('billing-api');
    expect(projectNameFrom('___')).toBe('');
    expect(namespaceOf('shop', 'prod')).toBe('shop');
    expect(namespaceOf('shop', 'staging')).toBe('shop-staging');
  });
});

describe('helmless init: the scaffold', () => {
  const files = scaffold(initOptions(['--envs', 'dev,staging,prod', '--kubernetes-version', '1.34', '--repo-url', 'https://git.example.com/shop.git'], '/x/shop'));

  it('GIVEN three environments WHEN scaffolded THEN each gets an Argo CD Application and a Flux Kustomization pointing at its dist/ folder', () => {
    for (const env of ['dev', 'staging', 'prod']) {
      const argo = parseManifests(files.get(`deploy/argocd/${env}.yaml`)!, 'argo').docs[0].object as any;
      expect(argo).toMatchObject({ kind: 'Application', spec: { source: { path: `dist/${env}`, repoURL: 'https://git.example.com/shop.git' }, destination: { namespace: namespaceOf('shop', env) } } });
      const flux = parseManifests(files.get(`deploy/flux/${env}.yaml`)!, 'flux').docs[0].object as any;
      expect(flux).toMatchObject({ kind: 'Kustomization', spec: { path: `./dist/${env}`, prune: true, sourceRef: { kind: 'GitRepository', name: 'shop' } } });
    }
  });

  it('GIVEN a target version WHEN scaffolded THEN cdk8s.yaml declares it and the helmless validation plugin at this version', () => {
    const yaml = files.get('cdk8s.yaml')!;
    expect(yaml).toMatch(/- k8s@1\.34\.0\n/);
    expect(yaml).toMatch(new RegExp(`package: \\./node_modules/helmless\\n\\s+version: ${own.version.replace(/\./g, '\\.')}\\n\\s+class: HelmlessValidation`));
  });

  it('GIVEN the CI workflow WHEN read THEN it fails on a stale dist/ and posts helmless diff as markdown on pull requests', () => {
    const wf = files.get('.github/workflows/helmless.yml')!;
    expect(wf).toMatch(/git status --porcelain -- dist/);
    expect(wf).toMatch(/helmless diff --base "origin\/\$\{\{ github\.base_ref \}\}" --output markdown/);
    expect(wf).toMatch(/gh pr comment/);
  });

  it('GIVEN a folder with a file init would write WHEN init runs THEN it writes nothing and names the file', async () => {
    const dir = emptyDir();
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'src', 'main.ts'), '// mine\n');
    const c = io(dir);
    expect(await command.run([], c)).toBe(2);
    expect(c.err()).toMatch(/not overwriting 1 existing file: src\/main\.ts; nothing was written/);
    expect(fs.readdirSync(dir)).toEqual(['src']);
    expect(fs.readFileSync(path.join(dir, 'src', 'main.ts'), 'utf8')).toBe('// mine\n');
  });

  it('GIVEN an empty folder WHEN init runs THEN every scaffold file is written and one line says what next', async () => {
    const dir = emptyDir('tickets');
    const c = io(dir);
    expect(await command.run(['--envs', 'prod'], c)).toBe(0);
    expect(c.out()).toMatch(/^tickets: 13 files written \(Kubernetes 1\.35\.0, environments prod\)\. Next: npm install && npm run synth && npm test\n$/);
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies.helmless).toBe(`^${own.version}`);
  });
});
