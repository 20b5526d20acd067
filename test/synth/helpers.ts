// Shared helpers for the synth and CLI tests: run the CLI (the compiled bin, or the same commands
// in-process), build throw-away projects around the fixture app, hash whole folders.
import { spawnSync } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { command as adopt } from '../../src/cli/adopt';
import { command as diff } from '../../src/cli/diff';
import { command as graph } from '../../src/cli/graph';
import { command as init } from '../../src/cli/init';
import { command as lint } from '../../src/cli/lint';
import { main, registerCommand } from '../../src/cli/main';
import { command as synth } from '../../src/cli/synth';
import { command as validate } from '../../src/cli/validate';
import { Sink } from '../sink';

export const ROOT = path.resolve(__dirname, '..', '..');
export const BIN = path.join(ROOT, 'bin', 'helmless.js');
export const TSX_CJS = require.resolve('tsx/cjs', { paths: [ROOT] });
export const FIXTURE_APP = path.join(ROOT, 'test', 'fixtures', 'apps', 'shop.ts');

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runHelmless(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}


// What src/cli/index.ts registers with lazy require()s, which the test runner cannot follow to .ts.
for (const [name, command] of Object.entries({ adopt, diff, graph, init, lint, synth, validate })) registerCommand(name, () => command);

/**
 * The same command as {@link runHelmless}, run in this process through the CLI's injected IO
 * (src/cli/main.ts): no node start and no CLI load per run (~0.3 s each). What the command
 * spawns (the app, the type check) is still a real process. For what only the real bin shows
 * (exit status, signals, stream flushing), use runHelmless.
 */
export async function runCli(args: readonly string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  const stdout = new Sink();
  const stderr = new Sink();
  const status = await main(args, {
    stdout,
    stderr,
    stdin: Readable.from([]),
    cwd: opts.cwd ?? ROOT,
    env: { ...process.env, ...opts.env },
  });
  return { status, stdout: stdout.text, stderr: stderr.text };
}

/** The shell command that runs the fixture app (no npx: fast, and independent of the cwd). */
export function fixtureAppCommand(): string {
  return `"${process.execPath}" -r "${TSX_CJS}" "${FIXTURE_APP}"`;
}

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `helmless-${prefix}-`));
}

/**
 * The fixture project of this test process, emptied and given `cdk8sYaml` (by default: run the
 * fixture app into dist/) on every call. helmless synth keeps the type check's incremental build
 * info per project folder; the fixture app imports src/app and imports/k8s.ts, so a new folder
 * re-checks all of it (~1.1 s of CPU a synth) where this one folder, shared by the test files a
 * worker runs one after another (vitest isolate: false), checks it once per worker. Only the
 * folder's path is shared: each call starts from an empty folder with only its cdk8s.yaml.
 */
export function fixtureProject(cdk8sYaml = `app: ${JSON.stringify(fixtureAppCommand())}\noutput: dist\n`): string {
  const dir = path.join(os.tmpdir(), `helmless-fixture-project-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), cdk8sYaml);
  return dir;
}

/**
 * Empties a project folder back to its cdk8s.yaml, for a test file that synthesises in one folder
 * test after test: helmless synth keeps the type check's incremental build info per project
 * folder, so a new folder per test re-checks everything the app imports (all of src/ for the
 * fixture app, ~1.2 s of CPU) where the same folder re-checks nothing.
 */
export function resetProject(dir: string): string {
  for (const f of fs.readdirSync(dir)) if (f !== 'cdk8s.yaml') fs.rmSync(path.join(dir, f), { recursive: true, force: true });
  return dir;
}

/** Sorted '/'-separated relative paths of all files under dir. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  if (fs.existsSync(dir)) walk('');
  return out.sort();
}

/** One hash over every file's path and bytes: equal hashes mean byte-identical trees. */
export function treeHash(dir: string): string {
  const h = crypto.createHash('sha256');
  for (const rel of listTree(dir)) {
    h.update(rel + '\0');
    h.update(fs.readFileSync(path.join(dir, rel)));
    h.update('\0');
  }
  return h.digest('hex');
}

/** Files that differ between two trees: changed, only in a, only in b. */
export function treeDiff(a: string, b: string): string[] {
  const la = new Set(listTree(a));
  const lb = new Set(listTree(b));
  const diff: string[] = [];
  for (const f of la) {
    if (!lb.has(f)) diff.push(`${f} (only in ${a})`);
    else if (!fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f)))) diff.push(`${f} (differs)`);
  }
  for (const f of lb) if (!la.has(f)) diff.push(`${f} (only in ${b})`);
  return diff.sort();
}

/** Staging folders a synth left next to the output folder (there must be none). */
export function stagingLeftovers(projectDir: string): string[] {
  return fs.readdirSync(projectDir).filter((n) => n.includes('.helmless-'));
}
