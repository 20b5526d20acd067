// The package as a team installs it: npm pack, the tarball installed into an empty folder (no build
// runs there), `helmless init` in a new project, and that project's own `npm install`,
// `npm run synth` and `npm test`. Needs the npm registry (cdk8s, vitest... for the new project),
// as `npm ci` does; nothing else is downloaded.
import { spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

/** The environment of a nested npm: none of the outer `npm test`'s npm_* settings. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (!/^npm_/i.test(k) && !k.startsWith('HELMLESS_') && k !== 'VITEST' && !k.startsWith('VITEST_')) env[k] = v;
  }
  return { ...env, CDK8S_CHECK_UPGRADE: 'false', NO_UPDATE_NOTIFIER: '1' };
}

function run(cmd: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout: 300_000 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} (in ${cwd}) exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

describe('the packed package', () => {
  it('GIVEN npm pack WHEN the tarball is installed, init scaffolds a project and that project installs, synthesises and tests THEN each step passes and nothing is built at install', { timeout: 600_000 }, () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-pack-'));
    // npm pack's own lifecycle, step by step: prepack strips the scripts, the pack itself (lib/ is
    // built by the suite's global setup, so no second build rewrites it under running tests),
    // postpack puts package.json back.
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
    expect(scripts.prepack).toBe('node scripts/pack-manifest.js strip');
    expect(scripts.postpack).toBe('node scripts/pack-manifest.js restore');
    let pack: SpawnSyncReturns<string>;
    run('node', ['scripts/pack-manifest.js', 'strip'], ROOT);
    try {
      pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', tmp], ROOT);
    } finally {
      run('node', ['scripts/pack-manifest.js', 'restore'], ROOT);
    }
    const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as Array<{ filename: string; files: Array<{ path: string }> }>;
    const tarball = path.join(tmp, info.filename);
    const packed = info.files.map((f) => f.path);
    // The compiled library, CLI and definitions; not the example app, not the build's scratch files.
    expect(packed).toEqual(expect.arrayContaining(['bin/helmless.js', 'lib/src/index.js', 'lib/src/index.d.ts', 'lib/cli.js', 'package.json']));
    expect(packed.some((p) => p.startsWith('lib/schemas/'))).toBe(true);
    expect(packed.filter((p) => /^lib\/src\/(charts\/|main\.)|tsbuildinfo|build-stamp|^src\/|^test\//.test(p))).toEqual([]);
    // The repository's package.json is back as it was (the packed one carries no scripts).
    expect(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.prepare).toBeDefined();
    expect(fs.existsSync(path.join(ROOT, '.package.json.pack-backup'))).toBe(false);

    const tool = path.join(tmp, 'tool');
    fs.mkdirSync(tool);
    fs.writeFileSync(path.join(tool, 'package.json'), '{ "private": true }\n');
    const install = run('npm', ['install', '--no-audit', '--no-fund', tarball], tool);
    expect(`${install.stdout}${install.stderr}`).not.toMatch(/install-scripts|prepare|warn/i);
    const installed = path.join(tool, 'node_modules', 'helmless');
    expect(JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8')).scripts).toBeUndefined();
    expect(fs.existsSync(path.join(tool, 'node_modules', 'typescript'))).toBe(false); // no build tool came along
    expect(fs.existsSync(path.join(installed, 'lib', '.tsbuildinfo'))).toBe(false); // and no build ran

    const app = path.join(tmp, 'tickets');
    fs.mkdirSync(app);
    const init = run(path.join(tool, 'node_modules', '.bin', 'helmless'), ['init', '--helmless', `file:${tarball}`], app);
    expect(init.stdout).toMatch(/^tickets: \d+ files written/);
    run('npm', ['install', '--no-audit', '--no-fund'], app);
    const synth = run('npm', ['run', '--silent', 'synth'], app);
    expect(synth.stdout).toMatch(/helmless synth: 2 files, \d+ objects -> dist\/ .*valid for Kubernetes 1\.35\.0/);
    expect(fs.readFileSync(path.join(app, 'dist', 'prod', 'tickets.k8s.yaml'), 'utf8')).toMatch(/kind: StatefulSet/);
    const test = run('npm', ['test'], app);
    expect(`${test.stdout}`).toMatch(/2 passed/);
  });
});
