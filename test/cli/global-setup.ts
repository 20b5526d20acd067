// Builds lib/ once before the suite (incremental tsc, fast when nothing changed), so tests that
// spawn the compiled bin never run stale JavaScript, then refreshes the CLI bundle and the code
// cache as `npm run build` does (scripts/bundle.js, scripts/code-cache.js, ~1.5 s). Type errors
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
  // as `npm run build` does: the bundle the bin runs, then the code cache made from it
  const bundle = spawnSync(process.execPath, [path.join(root, 'scripts', 'bundle.js')], { cwd: root, encoding: 'utf8' });
  if (bundle.status !== 0 || bundle.stderr) process.stderr.write(`global-setup: bundle: ${bundle.stdout}${bundle.stderr}\n`);
  const cache = spawnSync(process.execPath, [path.join(root, 'scripts', 'code-cache.js')], { cwd: root, encoding: 'utf8' });
  if (cache.status !== 0 || cache.stderr) process.stderr.write(`global-setup: code cache: ${cache.stdout}${cache.stderr}\n`);
}
