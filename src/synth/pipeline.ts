/**
 * The synth pipeline behind `helmless synth`:
 *   run the app into a staging folder -> read every YAML file -> validate (strict, complete
 *   evidence, with construct paths and TypeScript lines) -> only without errors, swap the staging
 *   folder in for the output folder atomically.
 * A crashing app (exit 2) or an error finding (exit 1) leaves the output folder byte-for-byte as it
 * was, and no staging folder behind (also on SIGINT/SIGTERM).
 */
import { spawn, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { WARNING_LINE_PREFIX } from '../constructs/warnings';
import { relativeSourcePath } from '../source-location';
import { createStaging, removeStaging, removeStaleStaging, Staging, swapIn } from './atomic';
import { formatTypeProblem, RunningTypeCheck, startTypeCheck, TypeCheckResult } from './typecheck';
import { formatFinding, listYamlFiles, OutputFile, readSources, validateOutput } from './validate';
import { projectCrdSources } from '../validate/parse/crd-sources';

export interface SynthOptions {
  readonly cwd: string;
  /** Shell command that runs the app (cdk8s.yaml `app`). */
  readonly app: string;
  /** Output folder, relative to cwd or absolute (cdk8s.yaml `output`). */
  readonly output: string;
  readonly kubernetesVersion: string;
  /** Suppress the app's stdout and the summary line; findings and errors still print. */
  readonly quiet?: boolean;
  /** Run the policy lint too (see ValidateOutputOptions.lint). @default true */
  readonly lint?: boolean;
  /** The local CRD files cdk8s.yaml imports (validation uses them, then crds/). @default none */
  readonly crdFiles?: readonly string[];
  /**
   * Type-check the app's TypeScript program while the app runs; a type error fails the synth.
   * @default true
   */
  readonly typecheck?: boolean;
  /**
   * Pass the app's output through as it comes, stack traces included. Otherwise it is held until
   * the app exits: printed when the app succeeds or crashes in an unforeseen way, replaced by one
   * line when a construct refused a prop (HelmlessPropError).
   * @default false
   */
  readonly verbose?: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

function display(cwd: string, abs: string): string {
  const rel = path.relative(cwd, abs);
  return (rel === '' ? '.' : rel.startsWith('..') ? abs : rel).split(path.sep).join('/');
}

/** Keeps the last 64 KiB of the app's stderr, to summarise a crash in one line. */
const STDERR_TAIL = 64 * 1024;
/** Held app output (see AppRun.hold): the last 4 MiB. */
const HELD_OUTPUT = 4 * 1024 * 1024;

/** A construct refused a prop: the crash summary is the whole story (see summariseCrash). */
export function isPropError(summary: string | undefined): boolean {
  return summary !== undefined && /^HelmlessPropError: /.test(summary);
}

/**
 * One line for a crashed app: the first `SomethingError: message` line of its stderr and the
 * first stack frame in the project's own code (not node_modules, not helmless's constructs), e.g.
 * "HelmlessPropError: shop/web: port 70000 is invalid ... (src/charts/shop.ts:67)".
 */
export function summariseCrash(stderr: string, cwd: string): string | undefined {
  const lines = stderr.split('\n');
  const at = lines.findIndex((l) => /^\s*(?:\w+\.)?\w*(?:Error|Exception)(?: \[\w+\])?: \S/.test(l));
  if (at < 0) return undefined;
  const message = lines[at].trim();
  for (const l of lines.slice(at + 1)) {
    const m = /^\s*at (?:.*? \()?(\/.+?):(\d+):\d+\)?\s*$/.exec(l);
    if (!m) continue;
    if (m[1].split(path.sep).includes('node_modules')) continue;
    const rel = relativeSourcePath(m[1], cwd);
    const parts = rel.split('/');
    if (parts[0] === 'lib' || (parts[0] === 'src' && parts[1] === 'constructs')) continue;
    return `${message} (${rel}:${m[2]})`;
  }
  return message;
}

/** How to run the app once: the cdk8s.yaml command, where it writes, where its output goes. */
export interface AppRun {
  readonly app: string;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** CDK8S_OUTDIR for this run. */
  readonly outDir: string;
  /** HELMLESS_SOURCES_FILE: where HelmlessApp writes the attribution sidecar. @default - none */
  readonly sourcesFile?: string;
  /** The app's stdout and stderr are copied here (stdout only when not quiet). */
  readonly stderr: NodeJS.WritableStream;
  readonly quiet?: boolean;
  /**
   * Hold the app's output instead of copying it as it comes: it is returned in `AppExit.output`
   * and the caller decides what to print. @default false
   */
  readonly hold?: boolean;
}

export interface AppExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly error?: Error;
  /** The last 64 KiB of the app's stderr. */
  readonly stderr: string;
  /** With `hold`: the app's output (stdout unless quiet, and stderr) in the order it came. */
  readonly output: string;
}

/**
 * Runs the app in its own process group (so an interrupt can stop the whole tree: npx -> tsx ->
 * node), with CDK8S_OUTDIR set and cdk8s-cli's upgrade check off. Used by synth and diff.
 */
export function runApp(run: AppRun, onChild: (c: ChildProcess | undefined) => void = () => undefined): Promise<AppExit> {
  return new Promise((resolve) => {
    const child = spawn(run.app, {
      shell: true,
      cwd: run.cwd,
      // Own process group, so an interrupt can stop the whole tree (npx -> tsx -> node).
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...run.env,
        CDK8S_OUTDIR: run.outDir,
        ...(run.sourcesFile ? { HELMLESS_SOURCES_FILE: run.sourcesFile } : {}),
        CDK8S_RECORD_CONSTRUCT_METADATA: 'false',
        CDK8S_CHECK_UPGRADE: 'false',
      },
    });
    onChild(child);
    // The app's own output goes to stderr: stdout carries only helmless's summary.
    let held = '';
    const pass = (chunk: Buffer) => {
      if (run.hold) held = (held + chunk.toString('utf8')).slice(-HELD_OUTPUT);
      else run.stderr.write(chunk);
    };
    child.stdout?.on('data', (chunk: Buffer) => {
      if (!run.quiet) pass(chunk);
    });
    let tail = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      pass(chunk);
      tail = (tail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    child.once('error', (error) => {
      onChild(undefined);
      resolve({ code: null, signal: null, error, stderr: tail, output: held });
    });
    child.once('close', (code, signal) => {
      onChild(undefined);
      resolve({ code, signal, stderr: tail, output: held });
    });
  });
}

export function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid !== undefined && process.platform !== 'win32') process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
}

/** Why the output folder cannot be replaced (the project folder, or not a folder), else undefined. */
function unusableOutput(opts: SynthOptions, outAbs: string, outShown: string): string | undefined {
  const rel = path.relative(outAbs, opts.cwd);
  if (rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel)) || outAbs === path.parse(outAbs).root) {
    return `output folder '${opts.output}' is the project folder or contains it; it is replaced on every synth. Use a sub-folder such as 'dist'.`;
  }
  if (fs.existsSync(outAbs) && !fs.statSync(outAbs).isDirectory()) {
    return `output '${outShown}' exists and is not a folder; move it away or choose another --output.`;
  }
  return undefined;
}

/** The exit code when the app did not produce output (type errors, could not start, crashed), after saying why. */
function appFailure(opts: SynthOptions, result: AppExit, typed: TypeCheckResult | undefined, outShown: string): number | undefined {
  const err = (line: string) => opts.stderr.write(`helmless synth: ${line}\n`);
  if (typed && typed.problems.length > 0) {
    // The type errors are the cause; a crash they led to (e.g. an unknown prop) would say it twice.
    if (opts.verbose && result.output) opts.stderr.write(result.output);
    for (const p of typed.problems) opts.stderr.write(formatTypeProblem(p) + '\n');
    const n = typed.problems.length;
    err(`${n} TypeScript error${n === 1 ? '' : 's'} in the app (${typed.compiler}); ${outShown}/ left unchanged. Fix the code named above and run the synth again.`);
    return EXIT_FINDINGS;
  }
  if (result.error) {
    err(`could not start the app '${opts.app}': ${result.error.message}; ${outShown}/ left unchanged.`);
    return EXIT_USAGE;
  }
  if (result.code !== 0) {
    const how = result.signal ? `was killed by ${result.signal}` : `exited with code ${result.code}`;
    const crash = summariseCrash(result.stderr, opts.cwd);
    if (isPropError(crash) && !opts.verbose) {
      // One line: the construct path, value, what is allowed, the fix and the app's line.
      err(`${crash}; ${outShown}/ left unchanged. (--verbose shows the stack trace)`);
      return EXIT_FINDINGS;
    }
    opts.stderr.write(result.output);
    err(`the app '${opts.app}' ${how}${crash ? `: ${crash}` : ' (its output is above)'}; ${outShown}/ left unchanged. Fix the app and run the synth again.`);
    return isPropError(crash) ? EXIT_FINDINGS : EXIT_USAGE;
  }
  return undefined;
}

/** The YAML files the app wrote into `out`, or what is wrong (it wrote nothing, or no YAML), punctuated to go on. */
function readOutput(out: string, outShown: string): OutputFile[] | string {
  if (!fs.existsSync(out)) return 'wrote nothing to CDK8S_OUTDIR; does it call app.synth()?';
  const rels = listYamlFiles(out);
  if (rels.length === 0) return 'wrote no YAML files (no chart has objects?);';
  return rels.map((relPath) => ({
    relPath,
    displayPath: `${outShown}/${relPath}`,
    text: fs.readFileSync(path.join(out, ...relPath.split('/')), 'utf8'),
  }));
}

/** Validates the output and prints the findings: their counts, or undefined (after saying so) when there are errors. */
function validateAndReport(opts: SynthOptions, files: OutputFile[], sourcesFile: string, outShown: string): { objects: number; warnings: number; lintWarnings: number } | undefined {
  const { findings, objects, lintWarnings } = validateOutput(files, {
    kubernetesVersion: opts.kubernetesVersion,
    sources: readSources(sourcesFile),
    lint: opts.lint,
    crdSources: projectCrdSources(opts.cwd, opts.crdFiles ?? []),
  });
  for (const f of findings) opts.stderr.write(formatFinding(f) + '\n');
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  if (errors > 0) {
    opts.stderr.write(`helmless synth: ${errors} error${errors === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}; ${outShown}/ left unchanged. Fix the constructs named above and run the synth again.\n`);
    return undefined;
  }
  return { objects, warnings, lintWarnings };
}

/** The summary line after a synth: files, objects, target version, warnings of each kind. */
function summary(n: { files: number; objects: number; warnings: number; lintWarnings: number; constructWarnings: number }, outShown: string, ms: number, version: string): string {
  const plural = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
  return `${plural(n.files, 'file')}, ${plural(n.objects, 'object')} -> ${outShown}/ in ${(ms / 1000).toFixed(1)} s, valid for Kubernetes ${version}`
    + (n.warnings ? `, ${plural(n.warnings, 'warning')}` : '')
    + (n.lintWarnings ? `, ${plural(n.lintWarnings, 'lint warning')} (helmless lint ${outShown})` : '')
    + (n.constructWarnings ? `, ${plural(n.constructWarnings, 'construct warning')} (above)` : '');
}

export async function synthesize(opts: SynthOptions): Promise<number> {
  const started = process.hrtime.bigint();
  const outAbs = path.resolve(opts.cwd, opts.output);
  const outShown = display(opts.cwd, outAbs);
  const err = (line: string) => opts.stderr.write(`helmless synth: ${line}\n`);

  const unusable = unusableOutput(opts, outAbs, outShown);
  if (unusable) {
    err(unusable);
    return EXIT_USAGE;
  }

  // Handlers first: until one is registered, SIGINT kills node outright and would strand the
  // staging folder. (The swap below is synchronous, so no handler can run in the middle of it.)
  let staging: Staging | undefined;
  let child: ChildProcess | undefined;
  let check: RunningTypeCheck | undefined;
  let interrupted: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    interrupted = signal;
    if (child) killTree(child, signal);
    check?.kill();
    if (staging) removeStaging(staging);
    opts.stderr.write(`helmless synth: interrupted (${signal}); ${outShown}/ left unchanged.\n`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    removeStaleStaging(outAbs);
    const stg = createStaging(outAbs);
    staging = stg;
    // The type check runs beside the app (both mostly wait on one core each); its verdict is
    // awaited before anything is accepted.
    if (opts.typecheck !== false) check = startTypeCheck({ cwd: opts.cwd, app: opts.app, env: opts.env });
    const result = await runApp(
      { app: opts.app, cwd: opts.cwd, env: opts.env, outDir: stg.out, sourcesFile: stg.sourcesFile, stderr: opts.stderr, quiet: opts.quiet, hold: !opts.verbose },
      (c) => { child = c; },
    );
    const typed: TypeCheckResult | undefined = check ? await check.result : undefined;
    if (interrupted) return EXIT_USAGE;
    const failed = appFailure(opts, result, typed, outShown);
    if (failed !== undefined) return failed;
    opts.stderr.write(result.output);
    const files = readOutput(stg.out, outShown);
    if (typeof files === 'string') {
      err(`the app '${opts.app}' ${files} ${outShown}/ left unchanged.`);
      return EXIT_USAGE;
    }
    const checked = validateAndReport(opts, files, stg.sourcesFile, outShown);
    if (!checked) return EXIT_FINDINGS;
    const { objects, warnings, lintWarnings } = checked;
    // Nothing but the YAML goes in: the sidecar and pid live beside `out`, not in it.
    try {
      swapIn(stg, outAbs);
    } catch (e) {
      err(`could not replace ${outShown}/ (${(e as Error).message}); ${outShown}/ left as it was. Check the folder's permissions.`);
      return EXIT_USAGE;
    }
    // Construct warnings (a stock image known not to start under its settings): the app printed
    // them on its stderr, which went to ours above, one line each; counted here, never fatal.
    const constructWarnings = result.stderr.split('\n').filter((l) => l.startsWith(WARNING_LINE_PREFIX)).length;
    if (!opts.quiet) {
      const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
      const counts = { files: files.length, objects, warnings, lintWarnings, constructWarnings };
      opts.stdout.write(`helmless synth: ${summary(counts, outShown, ms, opts.kubernetesVersion)}\n`);
    }
    return EXIT_OK;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    check?.kill();
    if (staging) removeStaging(staging);
  }
}
