#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (lib/, built by `npm ci` through the prepare script): node starts in
// ~0.09 s where tsx would cost ~0.5 s. The build also bundles the validating commands into one
// file (lib/cli.js, scripts/bundle.js); without it (or with HELMLESS_BUNDLE=0) the CLI runs the
// same, only slower.
const fs = require('fs');
const path = require('path');

const LIB = path.join(__dirname, '..', 'lib');
/** The CLI as tsc built it. */
const UNBUNDLED = path.join(LIB, 'src', 'cli', 'index.js');

/**
 * lib/cli.js when the build wrote one, else lib/src as tsc built it. Freshness is the build's
 * business, decided once: scripts/build.js deletes the bundle before tsc emits and writes it again
 * after, so a bundle is never older than the lib/src it was made from (and nothing is compared at
 * start). HELMLESS_BUNDLE=0 runs lib/src.
 */
const BUNDLE = path.join(LIB, 'cli.js');

function entry() {
  return process.env.HELMLESS_BUNDLE !== '0' && fs.existsSync(BUNDLE) ? BUNDLE : UNBUNDLED;
}

let cli;
try {
  cli = require(entry());
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && /lib[\\/](src[\\/]cli|cli\.js)/.test(String(e.message))) {
    process.stderr.write("helmless: the compiled CLI is missing (lib/). Run 'npm run build' (npm ci runs it).\n");
    process.exit(2);
  }
  throw e;
}
cli.run(process.argv.slice(2));
