/**
 * Runs one fuzz case through `helmless validate` and `helmless lint` in-process (the CLI's main
 * with injected standard input) and checks what must hold for any input:
 * - exit codes 0, 1 or 2 only; 2 only with an input/ finding (unreadable input);
 * - no internal error (no rejected promise, no internal/ finding: a check failed);
 * - every document gets a verdict (one resource entry per parsed document);
 * - the exit code agrees with the findings (1 exactly when there is an error finding);
 * - no message or fix says 'undefined', '[object Object]' or 'NaN';
 * - each command answers within the time bound.
 * Test code only.
 */
import { Readable } from 'node:stream';
import type { main as Main } from '../../src/cli/main';
import type { parseManifests as ParseManifests } from '../../src/validate/engine';
import type { GeneratedCase } from './mutate';
import { Sink } from '../sink';

/**
 * The code under test: the CLI's main with validate and lint registered, and its parser. The
 * suite passes src/ (vitest compiles it); the large run passes the built lib/.
 */
export interface Cli {
  readonly main: typeof Main;
  readonly parseManifests: typeof ParseManifests;
}

/**
 * One command must answer a case within this many milliseconds of CPU time (CPU, not wall
 * clock: the bound must hold on a machine shared with other work).
 */
export const TIME_BOUND_MS = 1000;

export const BAD_WORDS = /\bundefined\b|\[object Object\]|\bNaN\b/;

export interface Defect {
  readonly id: string;
  readonly family: string;
  readonly mutation: string;
  readonly command: string;
  readonly problem: string;
  readonly bytes: Buffer;
}


interface JsonFinding { severity: string; rule: string; message: string; fix?: string; documentIndex: number }
interface JsonReport { findings: JsonFinding[]; resources?: { documentIndex: number }[] }

export interface CaseResult {
  readonly defects: Defect[];
  /** Documents in the case (as the CLI's parser splits them). */
  readonly documents: number;
  /** CPU milliseconds of both commands. */
  readonly ms: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(since);
  return (d.user + d.system) / 1000;
}

export async function runCommand(main: Cli['main'], args: string[], bytes: Buffer): Promise<{ code: number | 'threw'; stdout: string; stderr: string; ms: number; error?: string }> {
  const stdout = new Sink();
  const stderr = new Sink();
  const io = { stdout, stderr, stdin: Readable.from([bytes]), cwd: '/', env: {} };
  const t0 = process.cpuUsage();
  try {
    const code = await main(args, io);
    return { code, stdout: stdout.text, stderr: stderr.text, ms: cpuMs(t0) };
  } catch (e) {
    return { code: 'threw', stdout: stdout.text, stderr: stderr.text, ms: cpuMs(t0), error: e instanceof Error ? e.stack ?? e.message : String(e) };
  }
}

/** Document indexes the CLI's parser finds in the input (the ones that must get a verdict). */
function documentIndexes(parseManifests: Cli['parseManifests'], bytes: Buffer): Set<number> {
  const r = parseManifests(bytes.toString('utf8'), '<stdin>');
  const out = new Set<number>();
  for (const d of r.docs) if (d.object !== null && d.object !== undefined) out.add(d.source.documentIndex);
  for (const f of r.findings) if (f.rule.startsWith('parse/')) out.add(f.documentIndex);
  return out;
}

export interface CaseOptions {
  /** Run validate with --strict. */
  readonly strict: boolean;
  /** Which commands to run. @default both */
  readonly commands?: readonly ('validate' | 'lint')[];
}

export async function checkCase(cli: Cli, c: GeneratedCase, opts: CaseOptions): Promise<CaseResult> {
  const defects: Defect[] = [];
  const expected = documentIndexes(cli.parseManifests, c.bytes);
  const input = c.bytes.toString('latin1');
  let ms = 0;
  const commands: [string, string[]][] = ([
    ['validate', ['validate', '--output', 'json', ...(opts.strict ? ['--strict'] : []), '-']],
    ['lint', ['lint', '--output', 'json', '-']],
  ] as [string, string[]][]).filter(([name]) => !opts.commands || opts.commands.includes(name as 'validate' | 'lint'));
  for (const [name, args] of commands) {
    const defect = (problem: string): void => { defects.push({ id: c.id, family: c.family, mutation: c.mutation, command: args.join(' '), problem, bytes: c.bytes }); };
    const res = await runCommand(cli.main, args, c.bytes);
    ms += res.ms;
    if (res.ms > TIME_BOUND_MS) defect(`took ${Math.round(res.ms)} ms of CPU (bound ${TIME_BOUND_MS} ms)`);
    if (res.code === 'threw') {
      defect(`internal error: ${res.error?.split('\n')[0] ?? ''}`);
      continue;
    }
    if (res.code !== 0 && res.code !== 1 && res.code !== 2) defect(`exit code ${res.code}`);
    let report: JsonReport;
    try {
      report = JSON.parse(res.stdout) as JsonReport;
    } catch {
      defect(`output is not JSON: ${res.stdout.slice(0, 200)} ${res.stderr.slice(0, 200)}`);
      continue;
    }
    const findings = report.findings ?? [];
    const inputError = findings.some((f) => f.rule.startsWith('input/'));
    if (res.code === 2 && !inputError) defect(`exit 2 without an input/ finding: ${res.stderr.slice(0, 200)}`);
    const hasError = findings.some((f) => f.severity === 'error');
    if (!inputError && (res.code === 1) !== hasError) defect(`exit ${res.code} but ${hasError ? 'error findings' : 'no error finding'}`);
    for (const f of findings) {
      if (f.rule.startsWith('internal/')) defect(`${f.rule}: ${f.message}`);
      for (const text of [f.message, f.fix ?? '']) {
        // (a word the input itself writes, e.g. a quoted key '[object Object]', is quoted, not made up)
        const bad = BAD_WORDS.exec(text);
        if (bad && !input.includes(bad[0])) defect(`${f.rule} says: ${text}`);
      }
    }
    if (!inputError && report.resources) {
      const got = new Set(report.resources.map((e) => e.documentIndex));
      for (const i of expected) if (!got.has(i)) defect(`document ${i} has no verdict`);
    }
  }
  return { defects, documents: Math.max(1, expected.size), ms };
}
