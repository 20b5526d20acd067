#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (lib/, built by `npm ci` through the prepare script): node starts in
// ~0.09 s where tsx would cost ~0.5 s. The code cache (lib/.code-cache, made by the build) saves
// compiling the CLI's modules on every run; without it the CLI runs the same, only slower.
let cli;
try {
  try {
    require('../lib/src/cli/code-cache.js').install();
  } catch {
    // no cache hook: plain require
  }
  cli = require('../lib/src/cli/index.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && /lib[\\/]src[\\/]cli/.test(String(e.message))) {
    process.stderr.write("helmless: the compiled CLI is missing (lib/). Run 'npm run build' (npm ci runs it).\n");
    process.exit(2);
  }
  throw e;
}
cli.run(process.argv.slice(2));
