#!/usr/bin/env node
'use strict';
// `npm run build` and `prepare` (so `npm ci` builds), the test suite's global setup and the bench
// all build with this one list of steps:
//   1. tsc -p tsconfig.json                 lib/ (the library and the CLI, compiled)
//   2. scripts/schema-index.js              lib/schemas: the definitions index the validator reads
//   3. scripts/bundle.js                    lib/cli.js: validate and lint in one file
//   4. scripts/code-cache.js                lib/.code-cache: V8 bytecode for the bundle and lib/src
// Steps 2-4 only make the CLI faster: each failure is reported and the CLI still runs without it.
// A type error fails `npm run build` as `tsc && ...` did; build({ allowTypeErrors: true }) (the
// test suite, the bench) carries on with what tsc emitted.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const STEPS = ['schema-index.js', 'bundle.js', 'code-cache.js'];

/**
 * Builds lib/. Returns { ok, tscStatus, messages }: ok is false when tsc failed (unless
 * allowTypeErrors) or left no CLI entry point; messages are what tsc and the steps printed.
 */
function build({ allowTypeErrors = false, echo = false } = {}) {
  const messages = [];
  const run = (args) => {
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    const text = `${r.stdout || ''}${r.stderr || ''}`;
    if (echo) process.stdout.write(text);
    else if (text.trim()) messages.push(text.trim());
    return r;
  };
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const t = run([tsc, '-p', path.join(ROOT, 'tsconfig.json')]);
  const entry = fs.existsSync(path.join(ROOT, 'lib', 'src', 'cli', 'index.js'));
  if (!entry || (t.status !== 0 && !allowTypeErrors)) return { ok: false, tscStatus: t.status, messages };
  for (const step of STEPS) run([path.join(__dirname, step)]);
  return { ok: true, tscStatus: t.status, messages };
}

module.exports = { build, STEPS };

if (require.main === module) {
  const { ok } = build({ echo: true });
  process.exitCode = ok ? 0 : 1;
}
