// `helmless diff`: a fresh synth (into a temporary folder; dist/ is never touched) compared with the
// committed output folder, on disk or at a git ref. See docs/diff.md.
import { ChildProcess, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CliIO, Command } from './main';
import { ConfigError, readProjectConfig } from '../synth/config';
import { killTree, runApp } from '../synth/pipeline';
import { listYamlFiles } from '../synth/validate';
import { KUSTOMIZATION_FILE } from '../layout';
import { diffDocuments, DiffInput, formatJson, formatMarkdown, formatText, hasChanges } from '../diff';
import { parseManifests } from '../validate/parse/yaml';

const HELP = `Usage: helmless diff [options]

Synthesises the app named in ./cdk8s.yaml into a temporary folder (the output folder is not
touched) and compares it with the committed output folder: objects added, removed and changed,
the changed fields with old -> new values, grouped by file, kind and name. Objects are matched on
API group + kind + namespace + name; lists of named things (containers, ports, env, volumes, ...)
are matched by name. Secret values are never printed.

Changes that fail or lose data on a live cluster are flagged as breaking: a changed selector,
StatefulSet volumeClaimTemplates/serviceName/podManagementPolicy, a Job template, a Service
clusterIP, a probable rename (delete + create), a removed PVC, StatefulSet, Namespace or CRD.

Options:
  -b, --base <git-ref>     compare with the output folder as committed at <git-ref> (e.g. main)
                           instead of the files on disk (read with git; nothing is checked out)
  -o, --output <format>    text (default), json (schema: docs/diff.md) or markdown (PR comment)
  -a, --app <command>      command that runs the app (default: 'app' in cdk8s.yaml)
      --out-dir <dir>      the committed output folder (default: 'output' in cdk8s.yaml, else dist)
  -h, --help               show this help

Exit codes: 0 no change, 1 changes, 2 usage error, the app failed or unreadable input.
`;

class UsageError extends Error {}

interface Parsed {
  base?: string;
  output: 'text' | 'json' | 'markdown';
  app?: string;
  outDir?: string;
}

const WITH_VALUE: Record<string, 'base' | 'output' | 'app' | 'outDir'> = {
  '--base': 'base',
  '-b': 'base',
  '--output': 'output',
  '-o': 'output',
  '--app': 'app',
  '-a': 'app',
  '--out-dir': 'outDir',
};

function parse(args: readonly string[]): Parsed {
  const p: Parsed = { output: 'text' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const key = WITH_VALUE[flag];
    if (!key) {
      if (arg.startsWith('-')) throw new UsageError(`unknown option '${flag}'`);
      throw new UsageError(`unexpected argument '${arg}' (diff takes no files; the app comes from cdk8s.yaml or --app)`);
    }
    const value = eq > 0 ? arg.slice(eq + 1) : args[++i];
    if (value === undefined || value === '' || (eq < 0 && value.startsWith('-'))) throw new UsageError(`'${flag}' needs a value`);
    if (key === 'output') {
      if (value !== 'text' && value !== 'json' && value !== 'markdown') throw new UsageError(`'--output' must be text, json or markdown, got '${value}'`);
      p.output = value;
    } else {
      p[key] = value;
    }
  }
  return p;
}

export class InputError extends Error {}

interface TextFile {
  readonly file: string;
  readonly text: string;
}

/** The YAML files of a folder on disk ('/'-separated paths relative to it); none when it does not exist. */
export function readFolder(dir: string): TextFile[] {
  if (!fs.existsSync(dir)) return [];
  return listYamlFiles(dir).map((file) => ({ file, text: fs.readFileSync(path.join(dir, ...file.split('/')), 'utf8') }));
}

function git(cwd: string, args: string[]): string {
  const r = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error) throw new InputError(`could not run git (${r.error.message}); --base needs git on the PATH.`);
  if (r.status !== 0) throw new InputError(`git ${args.join(' ')} failed: ${(r.stderr || '').trim().split('\n')[0]}`);
  return r.stdout;
}

/** The YAML files of `dir` as committed at `ref`, read with git (no checkout). */
export function readFolderAtRef(cwd: string, ref: string, dir: string): TextFile[] {
  const top = git(cwd, ['rev-parse', '--show-toplevel']).trim();
  // The folder may be absent from the working tree: resolve it through the (real) cwd.
  const dirReal = path.join(fs.realpathSync(cwd), path.relative(cwd, path.resolve(cwd, dir)));
  const rel = path.relative(fs.realpathSync(top), dirReal).split(path.sep).join('/');
  if (rel === '' || rel.startsWith('..')) throw new InputError(`the output folder '${dir}' is outside the git repository at ${top}.`);
  try {
    git(top, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
  } catch {
    throw new InputError(`'--base ${ref}' is not a commit, branch or tag in ${top}; try 'git fetch' or another ref.`);
  }
  const names = git(top, ['ls-tree', '-r', '-z', '--name-only', ref, '--', rel + '/']).split('\0').filter((n) => n !== '' && /\.ya?ml$/.test(n) && path.posix.basename(n) !== KUSTOMIZATION_FILE);
  return names.sort().map((name) => ({ file: name.slice(rel.length + 1), text: git(top, ['show', `${ref}:${name}`]) }));
}

/**
 * Runs the app (cdk8s.yaml `app`) with CDK8S_OUTDIR pointing at a fresh temporary folder and
 * returns the YAML it wrote; the folder is removed afterwards. The app's own output goes to stderr.
 */
export async function synthToTemp(cwd: string, app: string, env: NodeJS.ProcessEnv, stderr: NodeJS.WritableStream): Promise<TextFile[]> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-diff-'));
  const out = path.join(tmp, 'out');
  let child: ChildProcess | undefined;
  // An interrupt stops the app and must not leave the temporary folder behind (the output
  // folder is never touched).
  const onSignal = (signal: NodeJS.Signals) => {
    if (child) killTree(child, signal);
    fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const result = await runApp({ app, cwd, env, outDir: out, stderr }, (c) => { child = c; });
    if (result.error) throw new InputError(`could not start the app '${app}': ${result.error.message}`);
    if (result.code !== 0) {
      throw new InputError(`the app '${app}' ${result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`} (its error is above); fix the app and run the diff again.`);
    }
    if (!fs.existsSync(out)) throw new InputError(`the app '${app}' wrote nothing to CDK8S_OUTDIR; does it call app.synth()?`);
    return readFolder(out);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** Parses files into diff inputs; a YAML error is an input error naming the file and document. */
export function toInputs(files: readonly TextFile[], label: string): DiffInput[] {
  const out: DiffInput[] = [];
  for (const f of files) {
    const { docs, findings } = parseManifests(f.text, `${label}/${f.file}`);
    const bad = findings.find((x) => x.severity === 'error');
    if (bad) throw new InputError(`${label}/${f.file}: document ${bad.documentIndex + 1}: ${bad.message}`);
    for (const d of docs) out.push({ file: f.file, object: d.object });
  }
  return out;
}

/** The Mermaid graph of what changed, appended to the Markdown comment. */
async function wiringSection(base: readonly DiffInput[], head: readonly DiffInput[], report: ReturnType<typeof diffDocuments>): Promise<string> {
  const { changeGraphMarkdown } = await import('../graph/change');
  const docs = (inputs: readonly DiffInput[]) => inputs.map((d, i) => ({ object: d.object, source: { file: d.file, documentIndex: i } }));
  return changeGraphMarkdown(docs(base), docs(head), report);
}

export const command: Command = {
  summary: 'compare a fresh synth with the committed output (or with it at a git ref)',
  help: HELP,
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const err = (line: string) => io.stderr.write(`helmless diff: ${line}\n`);
    let parsed: Parsed;
    let config;
    try {
      parsed = parse(args);
      config = readProjectConfig(io.cwd);
    } catch (e) {
      if (e instanceof UsageError) {
        err(`${e.message}. Run 'helmless diff --help'.`);
        return 2;
      }
      if (e instanceof ConfigError) {
        err(e.message);
        return 2;
      }
      throw e;
    }
    const app = parsed.app ?? config.app;
    if (!app) {
      err(`no app to run: ${fs.existsSync(path.join(io.cwd, 'cdk8s.yaml')) ? "cdk8s.yaml has no 'app'" : 'no cdk8s.yaml in ' + io.cwd}; add one or pass --app '<command>'.`);
      return 2;
    }
    const outDir = parsed.outDir ?? config.output;
    const outAbs = path.resolve(io.cwd, outDir);
    const shown = path.relative(io.cwd, outAbs).split(path.sep).join('/') || '.';
    try {
      const baseFiles = parsed.base !== undefined ? readFolderAtRef(io.cwd, parsed.base, outAbs) : readFolder(outAbs);
      const baseLabel = parsed.base !== undefined ? `${shown}/ at ${parsed.base}` : `${shown}/ (on disk)`;
      const headFiles = await synthToTemp(io.cwd, app, io.env, io.stderr);
      const baseInputs = toInputs(baseFiles, shown);
      const headInputs = toInputs(headFiles, 'synth');
      const report = diffDocuments(baseInputs, headInputs, { base: baseLabel, head: `a fresh synth of '${app}'` });
      const render = parsed.output === 'json' ? formatJson : parsed.output === 'markdown' ? formatMarkdown : formatText;
      io.stdout.write(render(report));
      if (parsed.output === 'markdown' && hasChanges(report)) io.stdout.write(await wiringSection(baseInputs, headInputs, report));
      return hasChanges(report) ? 1 : 0;
    } catch (e) {
      if (e instanceof InputError) {
        err(e.message);
        return 2;
      }
      throw e;
    }
  },
};
