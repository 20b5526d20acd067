#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (lib/, built by `npm ci` through the prepare script): node starts in
// ~0.09 s where tsx would cost ~0.5 s. The build also bundles the validating commands into one
// file (lib/cli.js, scripts/bundle.js) and stores V8's bytecode for it (lib/.code-cache); without
// either (or with HELMLESS_BUNDLE=0 / HELMLESS_CODE_CACHE=0) the CLI runs the same, only slower.
const fs = require('fs');
const path = require('path');

const LIB = path.join(__dirname, '..', 'lib');
/** The CLI as tsc built it. */
const UNBUNDLED = path.join(LIB, 'src', 'cli', 'index.js');

/**
 * lib/cli.js unless tsc has emitted since the bundle was built: the build (scripts/build.js) runs
 * tsc, then writes the bundle, so a bundle older than lib/.tsbuildinfo (which tsc rewrites on every
 * emit) means lib/src was rebuilt without it; lib/src then runs as tsc built it. Two stats per
 * start, decided by the build's own order rather than by the file times of every bundled module.
 * A packed install ships no .tsbuildinfo and always uses its bundle. HELMLESS_BUNDLE=0 runs lib/src.
 */
function entry() {
  if (process.env.HELMLESS_BUNDLE === '0') return UNBUNDLED;
  let built;
  try {
    built = fs.statSync(path.join(LIB, 'cli.js')).mtimeMs;
  } catch {
    return UNBUNDLED; // no bundle
  }
  try {
    if (fs.statSync(path.join(LIB, '.tsbuildinfo')).mtimeMs > built) return UNBUNDLED;
  } catch {
    // no build info (a packed install): the bundle is what was packed
  }
  return path.join(LIB, 'cli.js');
}

let cli;
try {
  try {
    require('../lib/src/cli/code-cache.js').install();
  } catch {
    // no cache hook: plain require
  }
  cli = require(entry());
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && /lib[\\/](src[\\/]cli|cli\.js)/.test(String(e.message))) {
    process.stderr.write("helmless: the compiled CLI is missing (lib/). Run 'npm run build' (npm ci runs it).\n");
    process.exit(2);
  }
  throw e;
}
cli.run(process.argv.slice(2));
