#!/usr/bin/env node
'use strict';
// `npm run build` and `prepare` (so `npm ci` builds), the test suite's global setup and the bench
// all build with this one list of steps:
//   0. scripts/prop-keys.js                 src/constructs/prop-keys.generated.ts (the props' keys,
//                                           from the interfaces; skipped when nothing changed, and
//                                           in the test suite, whose staleness test checks it)
//   1. tsc -p tsconfig.json                 lib/ (the library and the CLI, compiled)
//   2. scripts/schema-index.js              lib/schemas: the definitions index the validator reads
//   3. scripts/bundle.js                    lib/cli.js: validate and lint in one file
// Steps 2-3 only make the CLI faster: each failure is reported and the CLI still runs without it.
// A type error fails `npm run build` as `tsc && ...` did; build({ allowTypeErrors: true }) (the
// test suite, the bench) carries on with what tsc emitted.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const STEPS = ['schema-index.js', 'bundle.js'];

/**
 * Builds lib/. Returns { ok, tscStatus, problems }: ok is false when tsc failed (unless
 * allowTypeErrors) or left no CLI entry point; problems are tsc's errors and whatever a step
 * reported (each step writes only its one-line summary to stdout when it works).
 */
function build({ allowTypeErrors = false, echo = false, regenerate = true } = {}) {
  const problems = [];
  const run = (args) => {
    const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8' });
    if (echo) process.stdout.write(`${r.stdout || ''}${r.stderr || ''}`);
    return r;
  };
  // The test suite builds with regenerate: false, so its staleness test sees what is committed.
  if (regenerate) {
    const keys = run([path.join(__dirname, 'prop-keys.js')]);
    if (keys.status !== 0) problems.push(`prop-keys.js: ${`${keys.stdout}${keys.stderr}`.trim()}`);
  }
  // The bundle is made from what tsc emits: none is left from an earlier build while tsc runs,
  // so a build that stops half-way leaves the CLI on lib/src, never on a stale bundle
  // (bin/helmless.js uses lib/cli.js whenever it is there).
  for (const f of ['cli.js', 'cli.inputs.json']) fs.rmSync(path.join(ROOT, 'lib', f), { force: true });
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const t = run([tsc, '-p', path.join(ROOT, 'tsconfig.json')]);
  if (t.status !== 0) problems.push(`tsc exit ${t.status}:\n${`${t.stdout}${t.stderr}`.trim()}`);
  const entry = fs.existsSync(path.join(ROOT, 'lib', 'src', 'cli', 'index.js'));
  if (!entry || (t.status !== 0 && !allowTypeErrors)) return { ok: false, tscStatus: t.status, problems };
  for (const step of STEPS) {
    const r = run([path.join(__dirname, step)]);
    if (r.status !== 0 || (r.stderr || '').trim()) problems.push(`${step}: ${`${r.stdout}${r.stderr}`.trim()}`);
  }
  return { ok: true, tscStatus: t.status, problems };
}

module.exports = { build, STEPS };

if (require.main === module) {
  const { ok } = build({ echo: true });
  process.exitCode = ok ? 0 : 1;
}
