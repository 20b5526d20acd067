#!/usr/bin/env node
'use strict';
// Part of `npm run build` (after tsc and the bundle): fills lib/.code-cache with the bytecode V8
// makes for the CLI's modules (see src/cli/code-cache.ts). It runs the CLI in this process, with
// the loader hook recording, over a generated corpus (bench/corpus.js: every kind the bench and a
// GitOps repo use) and the example app's dist/, so the functions a real run calls are compiled
// and stored.
// Output is discarded; a failure here never fails the build: the CLI just runs without a cache.
const fs = require('fs');
const os = require('os');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

async function main() {
  const cache = require(path.join(ROOT, 'lib', 'src', 'cli', 'code-cache.js'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-code-cache-'));
  const staging = path.join(tmp, 'cache');
  try {
    cache.install({ record: true, dir: staging });
    const { generateDocuments } = require(path.join(ROOT, 'bench', 'corpus.js'));
    const corpus = path.join(tmp, 'corpus.yaml');
    fs.writeFileSync(corpus, [...generateDocuments(300, 7, 'large'), ...generateDocuments(300, 8, 'small')].join('---\n'));
    // Both ways the validator runs: the bundle the bin runs for validate and lint
    // (scripts/bundle.js), and lib/src, which synth and diff load (their validation is the same
    // code as separate modules).
    const sink = { write: () => true };
    const io = { stdout: sink, stderr: sink, stdin: process.stdin, cwd: ROOT, env: {} };
    const targets = [corpus, ...(fs.existsSync(path.join(ROOT, 'dist')) ? ['dist'] : [])];
    const entries = [path.join(ROOT, 'lib', 'cli.js'), path.join(ROOT, 'lib', 'src', 'cli', 'index.js')].filter((f) => fs.existsSync(f));
    for (const entry of entries) {
      const { main: cli } = require(entry);
      await cli(['validate', '--strict', ...targets], io);
      await cli(['lint', ...targets], io);
    }
    const count = cache.writeCache(staging);
    // swap in whole, so a concurrent CLI never reads a half-written cache
    const dest = cache.CACHE_DIR;
    const old = `${dest}.old-${process.pid}`;
    if (fs.existsSync(dest)) fs.renameSync(dest, old);
    fs.renameSync(staging, dest);
    fs.rmSync(old, { recursive: true, force: true });
    process.stdout.write(`code cache: ${count} modules in ${path.relative(ROOT, dest)}\n`);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  process.stderr.write(`code cache: not written (${e && e.message ? e.message : e}); the CLI runs without it\n`);
});
