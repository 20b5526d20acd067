// Builds lib/ once before the suite exactly as `npm run build` does (scripts/build.js: incremental
// tsc, the definitions index, the CLI bundle, the code cache; ~3 s), so tests that spawn the
// compiled bin never run stale JavaScript. Type errors do not stop the emit; the build fails the
// suite only when the CLI entry point is missing.
import * as path from 'path';

export default function setup(): void {
  const root = path.resolve(__dirname, '..', '..');
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { build } = require(path.join(root, 'scripts', 'build.js')) as {
    build(opts: { allowTypeErrors: boolean }): { ok: boolean; tscStatus: number | null; messages: string[] };
  };
  const r = build({ allowTypeErrors: true });
  if (!r.ok) throw new Error(`building lib/ failed (tsc exit ${r.tscStatus}); lib/src/cli/index.js is missing:\n${r.messages.join('\n')}`);
  if (r.tscStatus !== 0) process.stderr.write(`global-setup: tsc reported type errors (lib/ was still emitted)\n`);
  // the other steps print one line each when they work; anything else is worth seeing
  const odd = r.messages.filter((m) => !/^(schema index|bundle|code cache): \d+ (versions|modules) in /.test(m));
  if (odd.length) process.stderr.write(`global-setup: ${odd.join('\n')}\n`);
}
