// The V8 code cache of the compiled CLI (src/cli/code-cache.ts): used when it matches, never
// stale, harmless when refused or missing, and invisible in the CLI's output. Each case runs in a
// child node process, since the hook patches the module loader of the process it runs in.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');
const HOOK = path.join(ROOT, 'lib', 'src', 'cli', 'code-cache.js');
const BIN = path.join(ROOT, 'bin', 'helmless.js');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-code-cache-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const modDir = path.join(tmp, 'mods');
const cacheDir = path.join(tmp, 'cache');
const modFile = path.join(modDir, 'm.js');
fs.mkdirSync(modDir, { recursive: true });

/** Runs a script in a fresh node with the hook installed over modDir; returns its JSON output. */
function child(body: string, env: Record<string, string> = {}): { stats: unknown; out: unknown } {
  const script = `
    const hook = require(${JSON.stringify(HOOK)});
    const record = process.argv[1] === 'record';
    const stats = hook.install({ roots: [${JSON.stringify(modDir)}], dir: ${JSON.stringify(cacheDir)}, record });
    let out;
    ${body}
    if (record) hook.writeCache(${JSON.stringify(cacheDir)});
    process.stdout.write(JSON.stringify({ stats, out }));
  `;
  const r = spawnSync(process.execPath, ['-e', script, ...(env.MODE ? [env.MODE] : [])], { encoding: 'utf8', env: { ...process.env, ...env } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout) as { stats: unknown; out: unknown };
}

const USE = `out = require(${JSON.stringify(modFile)}).answer(20);`;

describe('code cache', () => {
  it('stores bytecode for a module and uses it on the next run, with the same behaviour', () => {
    fs.writeFileSync(modFile, 'exports.answer = (n) => n * 2 + 2;\n');
    const first = child(USE, { MODE: 'record' });
    expect(first.out).toBe(42);
    expect(first.stats).toEqual({ used: 0, rejected: 0, missing: 1 });
    expect(fs.readdirSync(cacheDir)).toHaveLength(1);
    const second = child(USE);
    expect(second.stats).toEqual({ used: 1, rejected: 0, missing: 0 });
    expect(second.out).toBe(42);
  });

  it('never runs bytecode made from another version of the module (content-addressed)', () => {
    fs.writeFileSync(modFile, 'exports.answer = (n) => n * 2 + 2;\n');
    child(USE, { MODE: 'record' });
    // same length, other code: a cache keyed by path or size would run the old function
    fs.writeFileSync(modFile, 'exports.answer = (n) => n * 3 + 2;\n');
    const r = child(USE);
    expect(r.out).toBe(62);
    expect(r.stats).toEqual({ used: 0, rejected: 0, missing: 1 });
  });

  it('falls back to a normal compile when V8 refuses the data', () => {
    fs.writeFileSync(modFile, 'exports.answer = (n) => n + 1;\n');
    child(USE, { MODE: 'record' });
    for (const f of fs.readdirSync(cacheDir)) fs.writeFileSync(path.join(cacheDir, f), Buffer.from('not bytecode at all'));
    const r = child(USE);
    expect(r.out).toBe(21);
    expect(r.stats).toEqual({ used: 0, rejected: 1, missing: 0 });
  });

  it('is off with HELMLESS_CODE_CACHE=0', () => {
    fs.writeFileSync(modFile, 'exports.answer = (n) => n - 1;\n');
    const r = child(USE, { HELMLESS_CODE_CACHE: '0' });
    expect(r.stats).toBeUndefined();
    expect(r.out).toBe(19);
  });

  it('the build leaves a cache that the bundled CLI compiles from', () => {
    const script = `
      const stats = require(${JSON.stringify(HOOK)}).install();
      require(${JSON.stringify(path.join(ROOT, 'lib', 'cli.js'))});
      process.stdout.write(JSON.stringify(stats));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    // the bin runs the bundle (scripts/bundle.js): one module, compiled from its cache entry
    expect(JSON.parse(r.stdout)).toEqual({ used: 1, rejected: 0, missing: 0 });
  });

  it('helmless validate prints the same with and without the cache', () => {
    const file = path.join(tmp, 'in.yaml');
    fs.writeFileSync(file, [
      'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: Bad_Name\nspec:\n  selector:\n    matchLabels: {app: a}\n  template:\n    metadata:\n      labels: {app: b}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n        bogus: 1\n',
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector: {app: zzz}\n  ports:\n  - port: 80\n    targetPort: http\n',
    ].join('---\n'));
    const runs = ['1', '0'].map((v) =>
      spawnSync(process.execPath, [BIN, 'validate', '--strict', '-o', 'json', file], { encoding: 'utf8', env: { ...process.env, HELMLESS_CODE_CACHE: v } }));
    expect(runs[0].status).toBe(1);
    expect(JSON.parse(runs[0].stdout).findings.length).toBeGreaterThan(3);
    expect(runs[0].stdout).toBe(runs[1].stdout);
    expect(runs[0].stderr).toBe(runs[1].stderr);
    expect(runs[0].status).toBe(runs[1].status);
  });

  it('the compiled CLI holds no native import(), which scripts compiled by the hook cannot run', () => {
    const found: string[] = [];
    const walk = (dir: string): void => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.js') && /(^|[^.\w$])import\s*\(/.test(fs.readFileSync(p, 'utf8'))) found.push(p);
      }
    };
    walk(path.join(ROOT, 'lib')); // lib/src and the bundle (lib/cli.js)
    expect(found).toEqual([]);
  });
});
