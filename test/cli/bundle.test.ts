// The bundled CLI (scripts/bundle.js -> lib/cli.js): the bin runs it whenever the build left one
// (the build removes it before tsc emits), it prints exactly what the unbundled CLI prints, and the
// commands that load cdk8s and the constructs stay outside it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'helmless.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-bundle-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string> = {}, bin = BIN): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', cwd: tmp, env: { ...process.env, ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('CLI bundle', () => {
  it('GIVEN the build WHEN it is inspected THEN lib/cli.js bundles the validator and leaves synth, diff and adopt out', () => {
    const inputs = JSON.parse(fs.readFileSync(path.join(ROOT, 'lib', 'cli.inputs.json'), 'utf8')) as string[];
    expect(inputs).toContain('src/cli/validate.js');
    expect(inputs).toContain('src/cli/lint.js');
    expect(inputs).toContain('src/validate/engine.js');
    expect(inputs.filter((p) => /src\/(cli\/(synth|diff|adopt)|constructs|synth|diff|adopt)\b/.test(p))).toEqual([]);
    const text = fs.readFileSync(path.join(ROOT, 'lib', 'cli.js'), 'utf8');
    expect(text).toContain('require("./src/cli/synth.js")');
    expect(text).not.toMatch(/require\("cdk8s"\)/);
  });

  it('GIVEN manifests with findings WHEN validated and linted bundled and unbundled THEN the output is byte-identical', () => {
    const file = path.join(tmp, 'in.yaml');
    fs.writeFileSync(file, [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: Bad_Name\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: b}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n        bogus: 1\n',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: {app: zzz}\n  ports:\n  - port: 80\n    targetPort: http\n',
      'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: "61 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Always\n          containers:\n          - name: c\n            image: busybox\n',
    ].join('---\n'));
    for (const args of [['validate', '--strict', '-o', 'json', 'in.yaml'], ['validate', 'in.yaml'], ['lint', '-o', 'json', 'in.yaml']]) {
      const bundled = cli(args);
      const plain = cli(args, { HELMLESS_BUNDLE: '0' });
      expect(bundled.status).toBe(1);
      expect(bundled.stdout + bundled.stderr).not.toBe('');
      expect(bundled).toEqual(plain);
    }
  });

  it('GIVEN a built bundle WHEN the bin starts THEN it runs the bundle whatever the file times (tsc --noEmit rewrites .tsbuildinfo), and lib/src when there is none', () => {
    // a copy of bin/ and lib/ whose bundle announces itself, beside the real schemas and packages
    const app = path.join(tmp, 'app');
    fs.mkdirSync(path.join(app, 'bin'), { recursive: true });
    fs.copyFileSync(BIN, path.join(app, 'bin', 'helmless.js'));
    fs.cpSync(path.join(ROOT, 'lib'), path.join(app, 'lib'), { recursive: true });
    for (const link of ['node_modules', 'schemas', 'package.json']) fs.symlinkSync(path.join(ROOT, link), path.join(app, link));
    const bundle = path.join(app, 'lib', 'cli.js');
    fs.appendFileSync(bundle, '\nprocess.stderr.write("from the bundle\\n");\n');
    const bin = path.join(app, 'bin', 'helmless.js');
    const fresh = cli(['--version'], {}, bin);
    expect(fresh.status).toBe(0);
    expect(fresh.stderr).toBe('from the bundle\n');

    const buildInfo = path.join(app, 'lib', '.tsbuildinfo');
    fs.utimesSync(buildInfo, new Date(), new Date(Date.now() + 60_000)); // as `tsc --noEmit` leaves it
    expect(cli(['--version'], {}, bin).stderr).toBe('from the bundle\n');
    expect(cli(['--version'], { HELMLESS_BUNDLE: '0' }, bin)).toMatchObject({ status: 0, stdout: fresh.stdout, stderr: '' });
    fs.rmSync(bundle); // no bundle (a build under way, or one whose bundle step failed): lib/src
    expect(cli(['--version'], {}, bin)).toMatchObject({ status: 0, stdout: fresh.stdout, stderr: '' });
  });

  /**
   * Runs the bin in `cwd` with a preloaded hook whose body fills the Set `seen`; returns the exit
   * status, the output and what the hook saw (written to a file at exit, so no stream is made).
   */
  function recording(name: string, hookBody: string[], cwd: string): (...args: string[]) => { status: number | null; stdout: string; seen: string[] } {
    const hook = path.join(tmp, `${name}.js`);
    const out = path.join(tmp, `${name}.json`);
    fs.writeFileSync(hook, ['const seen = new Set();', ...hookBody, "process.on('exit', () => require('fs').writeFileSync(process.env.RECORD_OUT, JSON.stringify([...seen].sort())));"].join('\n'));
    return (...args) => {
      const r = spawnSync(process.execPath, ['--require', hook, BIN, ...args], { encoding: 'utf8', cwd, env: { ...process.env, RECORD_OUT: out } });
      return { status: r.status, stdout: r.stdout, seen: JSON.parse(fs.readFileSync(out, 'utf8')) as string[] };
    };
  }

  /** A folder under tmp holding `files` (name -> text). */
  function folder(name: string, files: Record<string, string>): string {
    const dir = path.join(tmp, name);
    fs.mkdirSync(dir, { recursive: true });
    for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), text);
    return dir;
  }

  it('GIVEN a project with a cdk8s.yaml WHEN the bundled validate runs THEN it reads the declared version without loading any package from node_modules (lint: until it reads a config file)', () => {
    // the `yaml` package took 30-45 ms to load on every validate; cdk8s.yaml is read with the bundled js-yaml
    const project = folder('project', {
      'cdk8s.yaml': 'language: typescript\napp: npx tsx main.ts\nimports:\n  - k8s@1.29.0\n',
      'in.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  k: v\n',
    });
    const packages = recording('record-packages', [
      "const Module = require('module');",
      'const load = Module._load;',
      "Module._load = function (request) { if (!request.startsWith('.') && !request.startsWith('/') && !Module.isBuiltin(request)) seen.add(request); return load.apply(this, arguments); };",
    ], project);
    const r = packages('validate', '--strict', '-o', 'json', 'in.yaml');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kubernetesVersion: '1.29.0' });
    expect(r.seen).toEqual([]);
    // lint too, until a lint config file is there to read
    expect(packages('lint', 'in.yaml').seen).toEqual([]);
    fs.writeFileSync(path.join(project, '.helmless.yaml'), 'lint:\n  profile: restricted\n');
    expect(packages('lint', 'in.yaml').seen).toEqual(['yaml']);
  });

  it('GIVEN validate runs WHEN it has nothing to write to a stream THEN it never makes that stream (making one on a pipe loads Node\'s net modules)', () => {
    const dir = folder('streams', {
      'ok.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n',
      'bad.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: Bad_Name\n',
    });
    const streams = recording('record-streams', [
      "for (const name of ['stdout', 'stderr']) {",
      '  const d = Object.getOwnPropertyDescriptor(process, name);',
      '  Object.defineProperty(process, name, { configurable: true, enumerable: d.enumerable, get() { seen.add(name); return d.get.call(process); } });',
      '}',
    ], dir);
    expect(streams('validate', '--strict', 'ok.yaml')).toMatchObject({ status: 0, seen: [] });
    expect(streams('validate', '--strict', 'bad.yaml')).toMatchObject({ status: 1, seen: ['stderr'] });
    expect(streams('validate', '--strict', '--summary', 'ok.yaml')).toMatchObject({ status: 0, seen: ['stdout'] });
  });

  it('GIVEN the build WHEN it runs tsc THEN no bundle from an earlier build is left meanwhile', () => {
    // the order is the guarantee the bin relies on: the bundle is removed before tsc, written after
    const build = fs.readFileSync(path.join(ROOT, 'scripts', 'build.js'), 'utf8');
    const removed = build.indexOf("for (const f of ['cli.js', 'cli.inputs.json']) fs.rmSync");
    expect(removed).toBeGreaterThan(0);
    expect(removed).toBeLessThan(build.indexOf("run([tsc, '-p'"));
    expect(build.indexOf("run([tsc, '-p'")).toBeLessThan(build.indexOf('for (const step of STEPS)'));
  });
});
