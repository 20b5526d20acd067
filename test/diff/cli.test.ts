// `helmless diff` end to end on the example app: a throw-away copy of this repo's src/ whose main.ts
// is changed (replicas, image tag, the chart id that feeds the selector's instance label, a literal
// Secret and a credential env value) and diffed against its own earlier synth, on disk and at a git ref.
// Only main.ts is rewritten, through the example's typed API (ShopChart + EnvironmentConfig), so the
// test does not depend on the text of the example's files.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Run, runCli } from '../synth/helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'helmless.js');
const TSX_CJS = require.resolve('tsx/cjs', { paths: [ROOT] });

const OLD_SECRETS = ['old-pa55word-value', 'hunter2-old-env'];
const NEW_SECRETS = ['new-pa55word-value', 'hunter2-new-env'];

/** The test app: the example shop's dev environment plus a chart with literal secrets (what adopted YAML often has). */
function mainTs(secret: string, envSecret: string, head: boolean): string {
  const shop = head
    ? "new ShopChart(app, 'shop-dev-blue', { ...DEV, web: { replicas: 2 }, releaseTag: '2.4.0' });"
    : "new ShopChart(app, 'shop-dev', { ...DEV, web: { replicas: 1 }, releaseTag: '2.4.0-rc.1' });";
  return `import { Chart } from 'cdk8s';
import * as k8s from '../imports/k8s';
import { HelmlessApp } from './app';
import { DEV, ShopChart } from './charts';

const app = new HelmlessApp();
${shop}
const legacy = new Chart(app, 'legacy');
new k8s.KubeSecret(legacy, 'creds', { metadata: { name: 'legacy-creds' }, stringData: { password: '${secret}' } });
new k8s.KubeDeployment(legacy, 'api', {
  metadata: { name: 'legacy-api' },
  spec: {
    selector: { matchLabels: { app: 'legacy-api' } },
    template: {
      metadata: { labels: { app: 'legacy-api' } },
      spec: { containers: [{ name: 'api', image: 'example/api:1.0.0', env: [{ name: 'DB_PASSWORD', value: '${envSecret}' }] }] },
    },
  },
});
app.synth();
`;
}

let project: string;

/** The compiled bin, for what only a real process shows (the exit status). */
function run(args: string[], cwd = project): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** helmless diff in this process (each run still synthesises the app in a real process). */
function diff(args: string[]): Promise<Run> {
  return runCli(['diff', ...args], { cwd: project, env: { CDK8S_CHECK_UPGRADE: 'false' } });
}

function git(...args: string[]): void {
  const r = spawnSync('git', args, { cwd: project, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
  if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
}

beforeAll(() => {
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-diff-cli-'));
  fs.cpSync(path.join(ROOT, 'src'), path.join(project, 'src'), { recursive: true });
  fs.cpSync(path.join(ROOT, 'imports'), path.join(project, 'imports'), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(project, 'node_modules'), 'dir');
  fs.writeFileSync(path.join(project, 'cdk8s.yaml'), `app: '"${process.execPath}" -r "${TSX_CJS}" src/main.ts'\noutput: dist\n`);
  fs.writeFileSync(path.join(project, 'src', 'main.ts'), mainTs(OLD_SECRETS[0], OLD_SECRETS[1], false));
  // The base: the app as it was, synthesised into dist/ and committed.
  const r = spawnSync(process.execPath, ['-r', TSX_CJS, 'src/main.ts'], { cwd: project, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: 'dist' } });
  if (r.status !== 0) throw new Error(`base synth failed: ${r.stderr}`);
  fs.writeFileSync(path.join(project, '.gitignore'), 'node_modules\n');
  git('init', '-q', '-b', 'main');
  git('add', '.');
  git('commit', '-q', '-m', 'base');
});

afterAll(() => {
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

describe('helmless diff on the example app', () => {
  it('GIVEN no change WHEN diffed THEN exit 0 and says so', async () => {
    const r = await diff([]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/no changes \(\d+ objects compared\)/);
    expect(r.status).toBe(0);
  });

  describe('GIVEN replicas, an image tag, the chart id (selector instance label) and secret values changed', () => {
    beforeAll(() => {
      fs.writeFileSync(path.join(project, 'src', 'main.ts'), mainTs(NEW_SECRETS[0], NEW_SECRETS[1], true));
    });
    // The same diff of the same sources is the same output: each format is produced once (on
    // demand, whichever test asks first) and the secrets test reads all of them.
    const byFormat = new Map<string, Promise<Run>>();
    const diffAs = (format: 'text' | 'json' | 'markdown'): Promise<Run> => {
      if (!byFormat.has(format)) byFormat.set(format, diff(format === 'text' ? [] : ['--output', format]));
      return byFormat.get(format)!;
    };

    it('WHEN diffed as text THEN names each changed field, flags selectors as breaking, exit 1', async () => {
      const r = await diffAs('text');
      expect(r.status).toBe(1);
      expect(r.stdout).toContain('shop-dev-blue.k8s.yaml');
      expect(r.stdout).toMatch(/~ Deployment shop-dev\/web \(apps\/v1\)  \(moved from shop-dev\.k8s\.yaml\)/);
      expect(r.stdout).toContain('spec.replicas: 1 → 2');
      expect(r.stdout).toMatch(/spec\.template\.spec\.containers\[name=web\]\.image: "ghcr\.io\/example\/shop-web:2\.4\.0-rc\.1" → "ghcr\.io\/example\/shop-web:2\.4\.0"/);
      expect(r.stdout).toContain('spec.selector.matchLabels["app.kubernetes.io/instance"]: "shop-dev" → "shop-dev-blue"');
      expect(r.stdout).toMatch(/\[immutable-selector\] Deployment shop-dev\/web: spec.selector changed/);
      expect(r.stdout).toMatch(/\[immutable-selector\] StatefulSet shop-dev\/db/);
      expect(r.stdout).toMatch(/\[immutable-selector\] DaemonSet shop-dev\/node-exporter/);
      expect(r.stdout).toContain('stringData.password: changed (value hidden)');
      expect(r.stdout).toContain('env[name=DB_PASSWORD].value: changed (value hidden)');
    });

    it('WHEN diffed as JSON THEN the same facts are in the documented schema', async () => {
      const r = await diffAs('json');
      expect(r.status).toBe(1);
      const report = JSON.parse(r.stdout);
      expect(report.schemaVersion).toBe(1);
      const web = report.objects.find((o: { kind: string; name: string }) => o.kind === 'Deployment' && o.name === 'web');
      expect(web.fields).toContainEqual({ path: 'spec.replicas', change: 'changed', old: 1, new: 2 });
      expect(web.breaking.map((b: { rule: string }) => b.rule)).toContain('immutable-selector');
      const secret = report.objects.find((o: { kind: string }) => o.kind === 'Secret');
      expect(secret.fields).toEqual([{ path: 'stringData.password', change: 'changed', old: '(value hidden)', new: '(value hidden)', hidden: true }]);
    });

    it('WHEN diffed against the committed dist/ at a git ref (dist/ deleted on disk) THEN the same changes, as Markdown', async () => {
      fs.rmSync(path.join(project, 'dist'), { recursive: true, force: true });
      try {
        const r = await diff(['--base', 'main', '--output', 'markdown']);
        expect(r.stderr).toBe('');
        expect(r.status).toBe(1);
        expect(r.stdout).toContain('Comparing dist/ at main');
        expect(r.stdout).toContain('#### ⚠ breaking');
        expect(r.stdout).toMatch(/\| ⚠ changed \| `shop-dev-blue.k8s.yaml` \| Deployment \| `shop-dev\/web` \|/);
        expect(r.stdout).toContain('spec.replicas: 1 → 2');
        expect(r.stdout).toMatch(/<summary>Wiring of this change \(\d+ objects[^<]*<\/summary>\n\n```mermaid\nflowchart LR\n[\s\S]*Deployment web[\s\S]*changed[\s\S]*```/);
      } finally {
        git('checkout', '-q', 'main', '--', 'dist');
      }
    });

    it('WHEN every output format is produced THEN no secret value, old or new, appears anywhere', async () => {
      const runs = await Promise.all((['text', 'json', 'markdown'] as const).map((o) => diffAs(o)));
      const all = runs.map((r) => r.stdout + r.stderr).join('\n');
      for (const s of [...OLD_SECRETS, ...NEW_SECRETS]) {
        expect(all).not.toContain(s);
        expect(all).not.toContain(Buffer.from(s).toString('base64'));
      }
      expect(all).toContain('(value hidden)');
    });
  });

  it('GIVEN a bad ref or a bad flag WHEN diffed THEN exit 2 with a message naming it', () => {
    const bad = run(['diff', '--base', 'no-such-branch']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/'--base no-such-branch' is not a commit, branch or tag/);
    const flag = run(['diff', '--output', 'yaml']);
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/'--output' must be text, json or markdown, got 'yaml'/);
  });
});
