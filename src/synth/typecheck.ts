/**
 * Type-checking the app before its output is accepted. `npm run synth` runs the app through tsx,
 * which strips types without checking them, so `readyness: Probe.http('/ready')` would synthesise
 * (falling back to the default probe). helmless synth therefore type-checks the program the app
 * command runs (its entry file and everything it imports, with the project's tsconfig.json) in
 * parallel with the app, and the cdk8s plugin does the same after `cdk8s synth` ran the app.
 *
 * Compiler: TypeScript 7's native compiler (`@typescript/native-preview`, a Go binary, ~4x less CPU
 * than tsc 5 on the example app), with incremental build info in node_modules/.cache/helmless, so
 * an unchanged program is re-checked in a fraction of a second. When the native compiler is
 * missing (an unsupported platform) or refuses the project's tsconfig, the project's own
 * `typescript` checks instead: slower, same verdict.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/** One TypeScript diagnostic, one line. */
export interface TypeProblem {
  /** Project-relative, '/'-separated ('src/charts/shop.ts'); undefined for a global (config) error. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** 'TS2561' */
  readonly code: string;
  /** The message, its chained details joined on one line. */
  readonly message: string;
}

export interface TypeCheckResult {
  /** False when nothing was checked (the app command runs no TypeScript file); `skipped` says why. */
  readonly ran: boolean;
  readonly skipped?: string;
  readonly problems: readonly TypeProblem[];
  /** 'tsgo 7' or 'tsc 5.9.3': the compiler that gave the verdict. */
  readonly compiler?: string;
}

const TS_FILE = /\.(?:c|m)?tsx?$/;

/**
 * The TypeScript entry file of an app command: its first word naming a .ts/.tsx/.mts/.cts file
 * ('node -r tsx/cjs src/main.ts' -> 'src/main.ts'). Undefined for a JavaScript app.
 */
export function appEntry(app: string): string | undefined {
  for (const word of app.split(/\s+/)) {
    const w = word.replace(/^['"]|['"]$/g, '');
    if (TS_FILE.test(w) && !w.startsWith('-')) return w;
  }
  return undefined;
}

/** Strips // and /* comments and trailing commas outside strings (tsconfig.json is JSONC). */
function parseJsonc(text: string): unknown {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j;
    } else if (c === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
      out += '\n';
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else out += c;
  }
  return JSON.parse(out.replace(/,(\s*[}\]])/g, '$1'));
}

interface TsconfigFacts {
  readonly moduleResolution?: string;
  readonly typeRoots?: boolean;
}

/** What the check needs to know of a tsconfig (following `extends`): moduleResolution, and whether it sets typeRoots. */
function tsconfigFacts(configFile: string, depth = 0): TsconfigFacts {
  if (depth > 8) return {};
  let json: { extends?: string | string[]; compilerOptions?: { moduleResolution?: string; typeRoots?: unknown } };
  try {
    json = parseJsonc(fs.readFileSync(configFile, 'utf8')) as typeof json;
  } catch {
    return {};
  }
  let base: TsconfigFacts = {};
  for (const ext of ([] as string[]).concat(json.extends ?? [])) {
    let file: string | undefined;
    try {
      file = ext.startsWith('.') || path.isAbsolute(ext)
        ? path.resolve(path.dirname(configFile), ext.endsWith('.json') ? ext : `${ext}.json`)
        : require.resolve(ext, { paths: [path.dirname(configFile)] });
    } catch {
      file = undefined;
    }
    if (file) base = { ...base, ...tsconfigFacts(file, depth + 1) };
  }
  const own = json.compilerOptions ?? {};
  return {
    moduleResolution: own.moduleResolution ?? base.moduleResolution,
    typeRoots: own.typeRoots !== undefined || base.typeRoots,
  };
}

/** The first of `name` in `dir` or a folder above it. */
function findUp(dir: string, name: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const candidate = path.join(d, name);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * Where the check's tsconfig and build info live, kept between runs: node_modules/.cache/helmless
 * of the project (or the temp folder when there is none), one folder per project and entry file,
 * so two projects never share build info.
 */
export function cacheDir(cwd: string, entry: string): string {
  const key = createHash('sha256').update(`${path.resolve(cwd)}\0${path.resolve(cwd, entry)}`).digest('hex').slice(0, 12);
  const nm = findUp(cwd, 'node_modules');
  return path.join(nm ? path.join(nm, '.cache', 'helmless') : path.join(os.tmpdir(), 'helmless-typecheck'), `app-${key}`);
}

interface Compiler {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly native: boolean;
}

/** TypeScript 7's native binary (installed with helmless), if this platform has one. */
function nativeCompiler(): Compiler | undefined {
  try {
    const pkg = require.resolve(`@typescript/native-preview-${process.platform}-${process.arch}/package.json`, {
      paths: [path.dirname(require.resolve('@typescript/native-preview/package.json'))],
    });
    const exe = path.join(path.dirname(pkg), 'lib', process.platform === 'win32' ? 'tsgo.exe' : 'tsgo');
    return fs.existsSync(exe) ? { name: 'tsgo 7', command: exe, args: [], native: true } : undefined;
  } catch {
    return undefined;
  }
}

/** The project's own `typescript` (tsc 5.x, JavaScript), else helmless's. */
function jsCompiler(cwd: string): Compiler | undefined {
  for (const from of [cwd, __dirname]) {
    try {
      const tsc = require.resolve('typescript/bin/tsc', { paths: [from] });
      const version = (JSON.parse(fs.readFileSync(path.join(path.dirname(tsc), '..', 'package.json'), 'utf8')) as { version: string }).version;
      return { name: `tsc ${version}`, command: process.execPath, args: [tsc], native: false };
    } catch {
      // try the next
    }
  }
  return undefined;
}

/**
 * Writes the tsconfig that checks exactly the app's program: the project's tsconfig.json (in the
 * project folder, else the nearest above the entry file; none: no check) with noEmit, incremental build info in
 * the cache folder, and the entry file as the only root. For the native compiler, a removed
 * `moduleResolution: node`/`node10` becomes `bundler` (the same node_modules lookup for a CommonJS
 * app; TypeScript 7 no longer accepts node10).
 */
function projectConfigOf(cwd: string, entry: string): string | undefined {
  return fs.existsSync(path.join(cwd, 'tsconfig.json')) ? path.join(cwd, 'tsconfig.json') : findUp(path.dirname(path.resolve(cwd, entry)), 'tsconfig.json');
}

function writeCheckConfig(cwd: string, entry: string, compiler: Compiler, projectConfig: string): string {
  const entryAbs = path.resolve(cwd, entry);
  const dir = cacheDir(cwd, entry);
  fs.mkdirSync(dir, { recursive: true });
  const rel = (p: string) => {
    const r = path.relative(dir, p).split(path.sep).join('/');
    return r.startsWith('.') ? r : `./${r}`;
  };
  const facts = tsconfigFacts(projectConfig);
  const options: Record<string, unknown> = {
    noEmit: true,
    incremental: true,
    composite: false,
    emitDeclarationOnly: false,
    tsBuildInfoFile: `./${compiler.native ? 'native' : 'js'}.tsbuildinfo`,
  };
  if (compiler.native && facts.moduleResolution && /^(node|node10|classic)$/i.test(facts.moduleResolution)) options.moduleResolution = 'bundler';
  // Type packages (@types/node...) are looked up above the config file: name the project's, as
  // the config lives in a cache folder that may be elsewhere.
  if (!facts.typeRoots) {
    const roots: string[] = [];
    for (let d = path.dirname(projectConfig); ; d = path.dirname(d)) {
      if (fs.existsSync(path.join(d, 'node_modules', '@types'))) roots.push(rel(path.join(d, 'node_modules', '@types')));
      if (path.dirname(d) === d) break;
    }
    if (roots.length > 0) options.typeRoots = roots;
  }
  const config = {
    extends: rel(projectConfig),
    compilerOptions: options,
    files: [rel(entryAbs)],
    include: [],
  };
  const file = path.join(dir, `tsconfig.${compiler.native ? 'native' : 'js'}.json`);
  const text = JSON.stringify(config, null, 2) + '\n';
  // Unchanged config, unchanged file: the build info stays valid.
  if (!fs.existsSync(file) || fs.readFileSync(file, 'utf8') !== text) fs.writeFileSync(file, text);
  return file;
}

/**
 * Parses `tsc --pretty false` output: `file(line,col): error TSnnnn: message` plus indented
 * continuation lines (chained details), each diagnostic on one line.
 */
export function parseDiagnostics(output: string, cwd: string): TypeProblem[] {
  const problems: TypeProblem[] = [];
  for (const raw of output.split(/\r?\n/)) {
    if (raw.trim() === '') continue;
    const located = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/.exec(raw);
    const global = located ? null : /^error (TS\d+): (.*)$/.exec(raw);
    if (located) {
      const abs = path.resolve(cwd, located[1]);
      const rel = path.relative(cwd, abs);
      problems.push({
        file: (rel.startsWith('..') ? abs : rel).split(path.sep).join('/'),
        line: Number(located[2]), column: Number(located[3]), code: located[4], message: located[5].trim(),
      });
    } else if (global) {
      problems.push({ code: global[1], message: global[2].trim() });
    } else if (/^\s/.test(raw) && problems.length > 0) {
      const last = problems[problems.length - 1];
      problems[problems.length - 1] = { ...last, message: `${last.message} ${raw.trim()}` };
    }
  }
  return problems;
}

/** One line: `error typescript/TS2561 src/charts/shop.ts:42:7: Object literal may only ...` */
export function formatTypeProblem(p: TypeProblem): string {
  const where = p.file ? ` ${p.file}${p.line ? `:${p.line}:${p.column}` : ''}:` : ':';
  return `error typescript/${p.code}${where} ${p.message}`;
}

/** A config error (TS5xxx, TS6xxx global): the compiler refused the tsconfig, not the code. */
function refusedConfig(problems: readonly TypeProblem[]): boolean {
  return problems.length > 0 && problems.some((p) => /^TS5\d{3}$/.test(p.code) && (!p.file || /tsconfig[^/]*\.json$/.test(p.file)));
}

export interface TypeCheckOptions {
  readonly cwd: string;
  /** The app command (cdk8s.yaml `app`): its .ts file is the program's entry. */
  readonly app: string;
  readonly env?: NodeJS.ProcessEnv;
}

export interface RunningTypeCheck {
  readonly result: Promise<TypeCheckResult>;
  /** Stops the compiler (on interrupt). */
  kill(): void;
}

function plan(opts: TypeCheckOptions): { entry: string; config: string; compilers: Compiler[] } | { skipped: string } {
  const entry = appEntry(opts.app);
  if (!entry) return { skipped: `the app command '${opts.app}' runs no TypeScript file` };
  if (!fs.existsSync(path.resolve(opts.cwd, entry))) return { skipped: `the app's entry file ${entry} does not exist` };
  // Without a tsconfig.json the project's intent (strictness, types) is unknown: not checked.
  const config = projectConfigOf(opts.cwd, entry);
  if (!config) return { skipped: `no tsconfig.json in the project or above ${entry}` };
  const compilers = [nativeCompiler(), jsCompiler(opts.cwd)].filter((c): c is Compiler => c !== undefined);
  if (compilers.length === 0) return { skipped: 'no TypeScript compiler found (npm install typescript)' };
  return { entry, config, compilers };
}

/** Starts the check in the background (helmless synth runs it while the app runs). */
export function startTypeCheck(opts: TypeCheckOptions): RunningTypeCheck {
  const p = plan(opts);
  if ('skipped' in p) return { result: Promise.resolve({ ran: false, skipped: p.skipped, problems: [] }), kill: () => undefined };
  let child: ChildProcess | undefined;
  let killed = false;
  const runOne = (compiler: Compiler): Promise<TypeProblem[]> => new Promise((resolve) => {
    const config = writeCheckConfig(opts.cwd, p.entry, compiler, p.config);
    let out = '';
    child = spawn(compiler.command, [...compiler.args, '-p', config, '--pretty', 'false'], {
      cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (c: Buffer) => { out += c.toString('utf8'); });
    child.stderr?.on('data', (c: Buffer) => { out += c.toString('utf8'); });
    child.once('error', (e) => resolve([{ code: 'TS0', message: `could not start ${compiler.name}: ${e.message}` }]));
    child.once('close', () => resolve(parseDiagnostics(out, opts.cwd)));
  });
  const result = (async (): Promise<TypeCheckResult> => {
    let problems: TypeProblem[] = [];
    let used = p.compilers[0];
    for (const compiler of p.compilers) {
      used = compiler;
      problems = await runOne(compiler);
      if (killed || !compiler.native || !refusedConfig(problems)) break;
    }
    return { ran: true, problems, compiler: used.name };
  })();
  return {
    result,
    kill: () => {
      killed = true;
      child?.kill('SIGTERM');
    },
  };
}

/** The same check, synchronously (the cdk8s plugin runs after the app, so nothing to overlap). */
export function typeCheckSync(opts: TypeCheckOptions): TypeCheckResult {
  const p = plan(opts);
  if ('skipped' in p) return { ran: false, skipped: p.skipped, problems: [] };
  let problems: TypeProblem[] = [];
  let used = p.compilers[0];
  for (const compiler of p.compilers) {
    used = compiler;
    const config = writeCheckConfig(opts.cwd, p.entry, compiler, p.config);
    const r = spawnSync(compiler.command, [...compiler.args, '-p', config, '--pretty', 'false'], {
      cwd: opts.cwd, env: opts.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
    });
    problems = r.error
      ? [{ code: 'TS0', message: `could not start ${compiler.name}: ${r.error.message}` }]
      : parseDiagnostics(`${r.stdout ?? ''}${r.stderr ?? ''}`, opts.cwd);
    if (!compiler.native || !refusedConfig(problems)) break;
  }
  return { ran: true, problems, compiler: used.name };
}
