import type { IConstruct } from 'constructs';
import { creationSiteOf } from '../source-location';

/**
 * Construct warnings: a setting that is valid but known not to work (a stock image that will
 * not start under these settings). A warning never fails the synth.
 *
 * How a warning reaches the user: `addWarning` records it as construct metadata (type
 * {@link WARNING_METADATA}) and gives the construct one validation that prints each of its
 * warnings as one line on stderr, `helmless warning: <construct path>: <message> (<file>:<line>)`
 * (the TypeScript line that created the construct, when recorded), and returns
 * no error. cdk8s runs construct validations in `app.synth()` (plain `App`, `HelmlessApp`,
 * `Testing.synth`), and `helmless synth` copies the app's stderr to its own and counts these
 * lines in its summary. Each warning prints once per process.
 */
export const WARNING_METADATA = 'helmless:warning';

/** The prefix of a printed warning line. */
export const WARNING_LINE_PREFIX = 'helmless warning: ';

/** A construct warning. */
export interface ConstructWarning {
  /** Construct path of the construct the warning is about. */
  readonly path: string;
  readonly message: string;
}

const printed = new WeakMap<IConstruct, Set<string>>();

/**
 * Records a warning on `scope`. It prints (once) when the app's constructs are validated; called
 * from inside a validation, it prints at once.
 */
export function addWarning(scope: IConstruct, message: string): void {
  const line = message.replace(/\s*\n\s*/g, ' ').trim();
  if (!warningsOn(scope).includes(line)) scope.node.addMetadata(WARNING_METADATA, line);
  if (!printed.has(scope)) {
    printed.set(scope, new Set());
    scope.node.addValidation({ validate: () => { printPending(scope); return []; } });
  }
  if (validating.has(scope)) printPending(scope);
}

/** Constructs whose synth-time checks are running (their warnings print as they are found). */
const validating = new Set<IConstruct>();

/**
 * Adds a synth-time check to `scope`: `check` runs when the constructs are validated (after the
 * app is complete) and reports with `addWarning`; it never fails the synth.
 */
export function addWarningCheck(scope: IConstruct, check: () => void): void {
  scope.node.addValidation({
    validate: () => {
      validating.add(scope);
      try {
        check();
      } finally {
        validating.delete(scope);
      }
      return [];
    },
  });
}

/** Depth of {@link quietly} calls running. */
let quiet = 0;

/**
 * Runs `f` with construct warnings recorded (see {@link warningsOf}) but not printed: for scratch
 * renderings nobody synthesises (`helmless adopt` trying props against the input).
 */
export function quietly<T>(f: () => T): T {
  quiet++;
  try {
    return f();
  } finally {
    quiet--;
  }
}

function printPending(scope: IConstruct): void {
  const done = printed.get(scope);
  if (!done || quiet > 0) return;
  for (const m of warningsOn(scope)) {
    if (done.has(m)) continue;
    done.add(m);
    const site = creationSiteOf(scope);
    process.stderr.write(`${WARNING_LINE_PREFIX}${scope.node.path}: ${m}${site ? ` (${site})` : ''}\n`);
  }
}

function warningsOn(scope: IConstruct): string[] {
  return scope.node.metadata.filter((e) => e.type === WARNING_METADATA).map((e) => String(e.data));
}

/** Every warning recorded on `root` and the constructs under it, in construct order. */
export function warningsOf(root: IConstruct): ConstructWarning[] {
  return root.node.findAll().flatMap((c) => warningsOn(c).map((message) => ({ path: c.node.path, message })));
}
