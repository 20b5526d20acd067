#!/usr/bin/env node
'use strict';
// Runs the compiled CLI (lib/, built by `npm ci` through the prepare script): node starts in
// ~0.09 s where tsx would cost ~0.5 s.
let cli;
try {
  cli = require('../lib/src/cli/index.js');
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && /lib[\\/]src[\\/]cli/.test(String(e.message))) {
    process.stderr.write("helmless: the compiled CLI is missing (lib/). Run 'npm run build' (npm ci runs it).\n");
    process.exit(2);
  }
  throw e;
}
cli.run(process.argv.slice(2));
