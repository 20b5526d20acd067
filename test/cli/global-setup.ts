// Builds lib/ once before the suite (incremental tsc, fast when nothing changed), so tests that
// spawn the compiled bin never run stale JavaScript, then runs the build's other steps as
// `npm run build` does (definitions index, CLI bundle, code cache: ~2 s). Type errors
// do not stop the emit; the build fails the suite only when the CLI entry point is missing.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export default function setup(): void {
  const root = path.resolve(__dirname, '..', '..');
  const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
  const r = spawnSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.json')], { cwd: root, encoding: 'utf8' });
  const entry = path.join(root, 'lib', 'src', 'cli', 'index.js');
  if (!fs.existsSync(entry)) {
    throw new Error(`building lib/ failed (tsc exit ${r.status}); ${entry} is missing:\n${r.stdout}${r.stderr}`);
  }
  if (r.status !== 0) {
    process.stderr.write(`global-setup: tsc reported type errors (lib/ was still emitted):\n${r.stdout.split('\n').slice(0, 10).join('\n')}\n`);
  }
  // the rest of `npm run build`, in its order: the definitions index, the bundle the bin runs, and
  // the code cache made from it
  for (const step of ['schema-index.js', 'bundle.js', 'code-cache.js']) {
    const r2 = spawnSync(process.execPath, [path.join(root, 'scripts', step)], { cwd: root, encoding: 'utf8' });
    if (r2.status !== 0 || r2.stderr) process.stderr.write(`global-setup: ${step}: ${r2.stdout}${r2.stderr}\n`);
  }
}
