// Builds lib/ once before the suite exactly as `npm run build` does (scripts/build.js: incremental
// tsc, the definitions index, the CLI bundle; ~3 s), so tests that spawn the
// compiled bin never run stale JavaScript. Type errors do not stop the emit; the build fails the
// suite only when the CLI entry point is missing. When lib/.build-stamp.json says an error-free
// build made lib/ from today's sources and nothing in lib/ changed since, there is nothing to
// build (~20 ms to decide; test/cli/build-stamp.test.ts checks the decision).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * Also gives the run a temp folder of its own (TMPDIR, which os.tmpdir() reads and the test
 * workers and the processes they spawn inherit) and removes it at the end: the tests make
 * hundreds of temp projects and files, and synth's type-check cache for a project with no
 * node_modules above it, and left them all in the system's temp folder.
 */
export default function setup(): () => void {
  const root = path.resolve(__dirname, '..', '..');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { build } = require(path.join(root, 'scripts', 'build.js')) as {
    build(opts: { allowTypeErrors: boolean; regenerate: boolean; skipWhenFresh: boolean }): { ok: boolean; tscStatus: number | null; problems: string[] };
  };
  // The generated prop-key lists are not rewritten here: test/constructs/prop-keys.test.ts checks them.
  const r = build({ allowTypeErrors: true, regenerate: false, skipWhenFresh: true });
  if (!r.ok) throw new Error(`building lib/ failed (tsc exit ${r.tscStatus}); lib/src/cli/index.js is missing:\n${r.problems.join('\n')}`);
  // type errors (lib/ was still emitted) and any step that did not work
  if (r.problems.length) process.stderr.write(`global-setup: ${r.problems.join('\n')}\n`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-test-run-'));
  process.env.TMPDIR = tmp;
  return () => fs.rmSync(tmp, { recursive: true, force: true });
}
