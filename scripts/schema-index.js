#!/usr/bin/env node
'use strict';
// Part of `npm run build` (after tsc): writes lib/schemas/v<ver>.jsonl for every vendored version,
// an index the validator reads instead of decompressing and parsing the whole version on every run
// (src/validate/schema/versions.ts). Each index names the hash of the vendored file it was made
// from; a stale or missing index is ignored and the vendored file is read as before. A failure
// here never fails the build.
const path = require('path');

const ROOT = path.resolve(__dirname, '..');

try {
  const versions = require(path.join(ROOT, 'lib', 'src', 'validate', 'schema', 'versions.js'));
  const written = versions.availableVersions().map((v) => versions.writeDefinitionsIndex(v));
  process.stdout.write(`schema index: ${written.length} versions in ${path.relative(ROOT, path.dirname(written[0]))}\n`);
} catch (e) {
  process.stderr.write(`schema index: not written (${e && e.message ? e.message : e}); the validator reads schemas/ directly\n`);
}
