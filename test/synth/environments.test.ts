// Per-environment output folders with a kustomization.yaml each (issue 8), and the policy lint
// that helmless synth runs next to validation (issue 6).
import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { HelmlessApp } from '../../src/app';
import { buildApp } from '../../src/main';
import * as k8s from '../../imports/k8s';
import { fixtureProject, listTree, runCli, stagingLeftovers, tempDir, treeHash } from './helpers';

function configMaps(app: HelmlessApp, ids: readonly string[]): void {
  for (const id of ids) {
    const chart = new Chart(app, id);
    new k8s.KubeConfigMap(chart, 'cfg', { metadata: { name: `${id}-cfg` }, data: { A: '1' } });
  }
}

describe('environments: one folder per environment, with a kustomization', () => {
  it('GIVEN kustomization: true and a folder per chart WHEN synthesised THEN each folder lists exactly its own files', () => {
    const out = tempDir('kustomize');
    const app = new HelmlessApp({ outdir: out, kustomization: true, fileName: (c) => (c.node.id === 'ops' ? 'prod/ops' : `${c.node.id}/app`) });
    configMaps(app, ['dev', 'prod', 'ops']);
    app.synth();
    expect(listTree(out)).toEqual(['dev/app.k8s.yaml', 'dev/kustomization.yaml', 'prod/app.k8s.yaml', 'prod/kustomization.yaml', 'prod/ops.k8s.yaml']);
    expect(fs.readFileSync(path.join(out, 'prod', 'kustomization.yaml'), 'utf8')).toBe(
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - app.k8s.yaml\n  - ops.k8s.yaml\n',
    );
  });

  it('GIVEN the default WHEN synthesised THEN no kustomization.yaml is written', () => {
    const out = tempDir('no-kustomize');
    const app = new HelmlessApp({ outdir: out });
    configMaps(app, ['dev']);
    app.synth();
    expect(listTree(out)).toEqual(['dev.k8s.yaml']);
  });

  it('GIVEN a chart that would write kustomization.yaml itself WHEN synthesised THEN it is an error naming the file', () => {
    const app = new HelmlessApp({ outdir: tempDir('clash'), kustomization: true, outputFileExtension: '.yaml', fileName: () => 'prod/kustomization' });
    configMaps(app, ['prod']);
    expect(() => app.synth()).toThrow(/prod\/kustomization\.yaml.*rename that chart/);
  });

  it('GIVEN the example app WHEN built THEN dev and prod render to dist/dev/ and dist/prod/ with their own namespaces', () => {
    const app = buildApp(new HelmlessApp({ outdir: tempDir('example'), kustomization: true, fileName: (c) => `${c.node.id.replace(/^shop-/, '')}/shop` }));
    const files = app.render();
    expect([...files.keys()]).toEqual(['dev/shop', 'prod/shop']);
    const namespaces = (file: string) => new Set(files.get(file)!.map((o) => (o.json.metadata as { namespace?: string }).namespace));
    expect(namespaces('dev/shop')).toEqual(new Set(['shop-dev']));
    expect(namespaces('prod/shop')).toEqual(new Set(['shop']));
    // the committed dist/ has the same layout
    const dist = path.join(__dirname, '..', '..', 'dist');
    expect(listTree(dist)).toEqual(['dev/kustomization.yaml', 'dev/shop.k8s.yaml', 'prod/kustomization.yaml', 'prod/shop.k8s.yaml']);
  });
});

describe('helmless synth runs the policy lint', () => {
  /** The worker's fixture project, emptied for each test (see fixtureProject). */
  const freshProject = (): string => fixtureProject();

  /**
   * Synthesises the fixture app once, then again as FIXTURE_VARIANT: the second synth must fail
   * (exit 1), leave dist/ as the first one wrote it and leave no staging folder. Returns its stderr.
   */
  async function refusedVariant(variant: string): Promise<string> {
    const project = freshProject();
    const dist = path.join(project, 'dist');
    expect((await runCli(['synth', '-q'], { cwd: project })).status).toBe(0);
    const before = treeHash(dist);
    const r = await runCli(['synth'], { cwd: project, env: { FIXTURE_VARIANT: variant } });
    expect(r.status).toBe(1);
    expect(treeHash(dist)).toBe(before);
    expect(stagingLeftovers(project)).toEqual([]);
    return r.stderr;
  }

  it('GIVEN a privileged container WHEN synth THEN exit 1 naming the lint rule and the construct, and dist/ untouched', async () => {
    const stderr = await refusedVariant('privileged');
    expect(stderr).toMatch(/^error policy\/privileged dist\/shop\.k8s\.yaml#\d+:\d+ spec\.template\.spec\.containers\[0\]\.securityContext\.privileged: .*\(construct shop\/web\/deployment, test\/fixtures\/apps\/shop\.ts:\d+\)/m);
  });

  it('GIVEN a Secret with a literal value WHEN synth THEN it is refused with the way to a reference, and dist/ untouched', async () => {
    const stderr = await refusedVariant('literal-secret');
    expect(stderr).toMatch(/^error policy\/secret-literal-data dist\/shop\.k8s\.yaml#\d+:\d+ .*\(construct shop\/db-password, test\/fixtures\/apps\/shop\.ts:\d+\) — fix: .*ExternalSecret/m);
    expect(stderr).not.toContain('hunter2');
  });

  it('GIVEN --no-lint WHEN the same app is synthesised THEN only validation runs and dist/ is replaced', async () => {
    const project = freshProject();
    const r = await runCli(['synth', '--no-lint'], { cwd: project, env: { FIXTURE_VARIANT: 'privileged' } });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(fs.readFileSync(path.join(project, 'dist', 'shop.k8s.yaml'), 'utf8')).toContain('privileged: true');
  });

  it('GIVEN lint warnings only WHEN synth THEN they are counted in the summary, not printed, and the synth succeeds', async () => {
    const project = freshProject();
    const r = await runCli(['synth'], { cwd: project });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/, \d+ lint warnings? \(helmless lint dist\)$/m);
  });
});
