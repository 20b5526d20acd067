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
// A build with no error records what it was made from in lib/.build-stamp.json; build({ skipWhenFresh:
// true }) (the test suite) does nothing when the stamp still matches (see isFresh()).
const { spawnSync } = require('child_process');
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const STEPS = ['schema-index.js', 'bundle.js'];
const STAMP = path.join(ROOT, 'lib', '.build-stamp.json');
/** Everything lib/ is made from: what tsc compiles and reads, the steps, the vendored schemas, the dependencies. */
const INPUT_DIRS = ['src', 'imports', 'schemas'];
const INPUT_FILES = ['tsconfig.json', 'package.json', 'package-lock.json', 'scripts/build.js', 'scripts/prop-keys.js', ...STEPS.map((s) => `scripts/${s}`)];

/** Sorted '/'-separated paths of the files under dir (relative to root); none when it is missing. */
function filesUnder(root, dir, skip = () => false) {
  const out = [];
  const walk = (rel) => {
    let entries;
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = `${rel}/${e.name}`;
      if (skip(r)) continue;
      if (e.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * What the stamp compares (~20 ms): a hash of the inputs' paths and bytes (taken before tsc reads
 * them, so a source saved during a build makes the next one build again), and one of lib/'s files'
 * paths, sizes and modification times (a file of lib/ edited, deleted or added by hand is a
 * change too; lib/.tsbuildinfo is left out: `tsc --noEmit` rewrites it without emitting).
 */
function inputsHash(root = ROOT) {
  const inputs = crypto.createHash('sha256').update(`${process.version}\0`);
  for (const f of [...INPUT_FILES, ...INPUT_DIRS.flatMap((d) => filesUnder(root, d))]) {
    inputs.update(`${f}\0`);
    try {
      inputs.update(fs.readFileSync(path.join(root, f)));
    } catch {
      inputs.update('(missing)');
    }
    inputs.update('\0');
  }
  return inputs.digest('hex');
}

function outputsHash(root = ROOT) {
  const outputs = crypto.createHash('sha256');
  for (const f of filesUnder(root, 'lib', (r) => r === 'lib/.tsbuildinfo' || r === 'lib/.build-stamp.json')) {
    const st = fs.statSync(path.join(root, f));
    outputs.update(`${f}\0${st.size}\0${st.mtimeMs}\0`);
  }
  return outputs.digest('hex');
}

/** True when lib/ is what a build of today's inputs left: a stamp from an error-free build, and nothing changed since. */
function isFresh(root = ROOT) {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(path.join(root, 'lib', '.build-stamp.json'), 'utf8'));
  } catch {
    return false;
  }
  return stamp.inputs === inputsHash(root) && stamp.outputs === outputsHash(root);
}

/**
 * Builds lib/. Returns { ok, tscStatus, problems }: ok is false when tsc failed (unless
 * allowTypeErrors) or left no CLI entry point; problems are tsc's errors and whatever a step
 * reported (each step writes only its one-line summary to stdout when it works).
 */
function build({ allowTypeErrors = false, echo = false, regenerate = true, skipWhenFresh = false } = {}) {
  if (skipWhenFresh && isFresh()) return { ok: true, tscStatus: 0, problems: [], skipped: true };
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
  // (bin/helmless.js uses lib/cli.js whenever it is there). The stamp goes first: a build that
  // stops half-way leaves none, so the next one builds.
  fs.rmSync(STAMP, { force: true });
  for (const f of ['cli.js', 'cli.inputs.json']) fs.rmSync(path.join(ROOT, 'lib', f), { force: true });
  const inputs = inputsHash();
  const tsc = require.resolve('typescript/bin/tsc', { paths: [ROOT] });
  const t = run([tsc, '-p', path.join(ROOT, 'tsconfig.json')]);
  if (t.status !== 0) problems.push(`tsc exit ${t.status}:\n${`${t.stdout}${t.stderr}`.trim()}`);
  const entry = fs.existsSync(path.join(ROOT, 'lib', 'src', 'cli', 'index.js'));
  if (!entry || (t.status !== 0 && !allowTypeErrors)) return { ok: false, tscStatus: t.status, problems };
  for (const step of STEPS) {
    const r = run([path.join(__dirname, step)]);
    if (r.status !== 0 || (r.stderr || '').trim()) problems.push(`${step}: ${`${r.stdout}${r.stderr}`.trim()}`);
  }
  // Only a build with no type error and every step done is recorded as fresh.
  if (t.status === 0 && problems.length === 0) fs.writeFileSync(STAMP, `${JSON.stringify({ inputs, outputs: outputsHash() })}\n`);
  return { ok: true, tscStatus: t.status, problems };
}

module.exports = { build, isFresh, inputsHash, outputsHash, STEPS };

if (require.main === module) {
  const { ok } = build({ echo: true });
  process.exitCode = ok ? 0 : 1;
}
