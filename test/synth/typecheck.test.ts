// Type-checked synth: a TypeScript error in the app fails `helmless synth` (file, line, the prop
// named) with the output folder untouched, and `cdk8s synth` through the validation plugin; a prop
// the compiler cannot see (`as any`, JavaScript) fails at construction with one line.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as YAML from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { appEntry, parseDiagnostics } from '../../src/synth/typecheck';
import { ROOT, runCli, TSX_CJS, treeHash } from './helpers';

const CDK8S = path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');

/**
 * The project under the repository (so the app resolves cdk8s and helmless's sources) running
 * `body`. One folder for the whole file, set back to the same start for each test: the type
 * check keeps its incremental build info per project folder, so only app.ts is checked again
 * (a new folder per test re-checked all of src/ each time, ~1.2 s of CPU a synth).
 */
let shared: string | undefined;
function project(body: string, withPlugin = false): string {
  if (!shared) {
    const base = path.join(ROOT, '.vitest-tmp');
    fs.mkdirSync(base, { recursive: true });
    shared = fs.mkdtempSync(path.join(base, 'typecheck-'));
  }
  const dir = shared;
  for (const f of fs.readdirSync(dir)) fs.rmSync(path.join(dir, f), { recursive: true, force: true });
  fs.writeFileSync(path.join(dir, 'app.ts'), [
    "import { App, Chart } from 'cdk8s';",
    "import { Probe, WebService } from '../../src';",
    'const app = new App();',
    "const chart = new Chart(app, 'shop');",
    body,
    'app.synth();',
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), YAML.stringify({
    app: `"${process.execPath}" -r "${TSX_CJS}" app.ts`,
    output: 'dist',
    ...(withPlugin ? { validations: [{ package: path.join(ROOT, 'lib', 'src', 'cdk8s-plugin'), version: '0.1.0', class: 'HelmlessValidation' }] } : {}),
  }));
  // An output folder from an earlier synth, which a failing synth must leave as it was.
  fs.mkdirSync(path.join(dir, 'dist'));
  fs.writeFileSync(path.join(dir, 'dist', 'shop.k8s.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: before\n');
  return dir;
}
afterAll(() => {
  if (shared) fs.rmSync(shared, { recursive: true, force: true });
});

const TYPO = "new WebService(chart, 'web', { image: 'ghcr.io/example/web:1.0.0', port: 8080, readyness: Probe.http('/ready') });";
const AS_ANY = "new WebService(chart, 'web', { image: 'ghcr.io/example/web:1.0.0', port: 8080, readiness: Probe.http('/'), replica: 2 } as any);";
/** A type error the app survives at run time: only the compiler can refuse it. */
const WRONG_TYPE = `${"new WebService(chart, 'web', { image: 'ghcr.io/example/web:1.0.0', port: 8080, readiness: Probe.http('/ready') });"} const replicas: number = 'two'; void replicas;`;
const GOOD = "new WebService(chart, 'web', { image: 'ghcr.io/example/web:1.0.0', port: 8080, readiness: Probe.http('/ready') });";

describe('helmless synth type-checks the app', () => {
  it('GIVEN a misspelt prop in a TypeScript app WHEN synthesised THEN exit 1, one line naming the file, line and prop, and the output folder is untouched', async () => {
    const dir = project(TYPO);
    const before = treeHash(path.join(dir, 'dist'));
    const r = await runCli(['synth'], { cwd: dir });
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines[0]).toMatch(/^error typescript\/TS2561 app\.ts:5:\d+: .*'readyness' does not exist in type 'WebServiceProps'\. Did you mean to write 'readiness'\?$/);
    expect(lines[1]).toMatch(/^helmless synth: 1 TypeScript error in the app \(.+\); dist\/ left unchanged\./);
    expect(lines).toHaveLength(2);
    expect(treeHash(path.join(dir, 'dist'))).toBe(before);
    expect(fs.readdirSync(dir).filter((f) => f.startsWith('.dist.helmless-'))).toEqual([]);
  }, 120_000);

  it('GIVEN the same app WHEN synthesised with --no-typecheck THEN the constructs refuse the prop at run time, in one line', async () => {
    const dir = project(TYPO);
    const r = await runCli(['synth', '-q', '--no-typecheck'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^helmless synth: HelmlessPropError: shop\/web: readyness Probe \{\.\.\.\} is invalid: is not a prop of WebService\. Fix: did you mean 'readiness'\? \(app\.ts:5\); dist\/ left unchanged\. \(--verbose shows the stack trace\)\n$/);
  }, 120_000);

  it('GIVEN a type error the app survives WHEN synthesised THEN the synth fails on it; with --no-typecheck it is written', async () => {
    const dir = project(WRONG_TYPE);
    const before = treeHash(path.join(dir, 'dist'));
    const r = await runCli(['synth'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^error typescript\/TS2322 app\.ts:5:\d+: Type 'string' is not assignable to type 'number'\.\n/);
    expect(treeHash(path.join(dir, 'dist'))).toBe(before);
    expect((await runCli(['synth', '-q', '--no-typecheck'], { cwd: dir })).status).toBe(0);
    expect(treeHash(path.join(dir, 'dist'))).not.toBe(before);
  }, 120_000);

  it('GIVEN a correct app WHEN synthesised THEN exit 0 and nothing on stderr', async () => {
    const dir = project(GOOD);
    const r = await runCli(['synth', '-q'], { cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 120_000);

  it.each([[[] as string[]], [['-q']]])('GIVEN an unknown prop hidden from the compiler (as any) WHEN synthesised %j THEN exactly one line: construct path, value, did-you-mean and the app line; exit 1', async (flags) => {
    const dir = project(AS_ANY);
    const before = treeHash(path.join(dir, 'dist'));
    const r = await runCli(['synth', ...flags], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^helmless synth: HelmlessPropError: shop\/web: replica 2 is invalid: is not a prop of WebService\. Fix: did you mean 'replicas'\? \(app\.ts:5\); dist\/ left unchanged\. \(--verbose shows the stack trace\)\n$/);
    expect(treeHash(path.join(dir, 'dist'))).toBe(before);
  }, 120_000);

  it('GIVEN the same app WHEN synthesised with --verbose THEN the stack trace is shown too', async () => {
    const dir = project(AS_ANY);
    const r = await runCli(['synth', '--verbose'], { cwd: dir });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\n\s+at /);
    expect(r.stderr).toMatch(/HelmlessPropError: shop\/web: replica 2 is invalid/);
  }, 120_000);

  it('GIVEN a type error the app survives WHEN `cdk8s synth` runs the validation plugin THEN it fails naming the file and line', async () => {
    const dir = project(WRONG_TYPE, true);
    const r = spawnSync(process.execPath, [CDK8S, 'synth'], { cwd: dir, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, encoding: 'utf8' });
    const out = `${r.stdout}${r.stderr}`;
    expect(r.status).not.toBe(0);
    expect(out).toMatch(/error typescript\/TS2322 app\.ts:5:\d+: Type 'string' is not assignable to type 'number'/);
    expect(out).toMatch(/Validation failed/);
  }, 120_000);
});

describe('type-check plumbing', () => {
  it('GIVEN app commands WHEN the entry is looked up THEN the TypeScript file is found, a JavaScript app has none', () => {
    expect(appEntry('node -r tsx/cjs src/main.ts')).toBe('src/main.ts');
    expect(appEntry('npx ts-node "main.ts"')).toBe('main.ts');
    expect(appEntry('node lib/main.js')).toBeUndefined();
  });

  it('GIVEN compiler output with chained details WHEN parsed THEN one problem per diagnostic, details on its line', () => {
    const out = [
      "src/a.ts(3,5): error TS2322: Type 'string' is not assignable to type 'number'.",
      "  The expected type comes from property 'replicas'.",
      'error TS5108: Option moduleResolution=node10 has been removed.',
    ].join('\n');
    expect(parseDiagnostics(out, ROOT)).toEqual([
      { file: 'src/a.ts', line: 3, column: 5, code: 'TS2322', message: "Type 'string' is not assignable to type 'number'. The expected type comes from property 'replicas'." },
      { code: 'TS5108', message: 'Option moduleResolution=node10 has been removed.' },
    ]);
  });
});
