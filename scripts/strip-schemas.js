#!/usr/bin/env node
// Strips the upstream documentation (the `description` of every schema node, four fifths of the
// bytes) from the vendored Kubernetes definitions, so schemas/ carries only what validation reads.
// The same withoutDocs the validator uses (src/validate/schema/versions.ts): fields named
// "description" and values (enum, default, example) stay. Idempotent.
//
//   node scripts/strip-schemas.js                      rewrite every schemas/v*.definitions.json.gz
//   node scripts/strip-schemas.js 1.37.0 defs.json     vendor a new version from an upstream
//                                                      _definitions.json (plain or .gz)
// Note: scripts/import.js generates imports/ from these files, so the L1 types' doc comments
// carry no upstream descriptions either.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
require('tsx/cjs');
const { withoutDocs } = require('../src/validate/schema/versions.ts');

const root = path.resolve(__dirname, '..');
const dir = path.join(root, 'schemas');

function strip(text) {
  const json = JSON.parse(text);
  const definitions = {};
  for (const [name, def] of Object.entries(json.definitions)) definitions[name] = withoutDocs(def);
  return zlib.gzipSync(JSON.stringify({ ...json, definitions }), { level: 9 });
}

function read(file) {
  const buf = fs.readFileSync(file);
  return (buf[0] === 0x1f && buf[1] === 0x8b ? zlib.gunzipSync(buf) : buf).toString('utf8');
}

const [version, source] = process.argv.slice(2);
if (version !== undefined) {
  if (!/^\d+\.\d+\.\d+$/.test(version) || !source) throw new Error('usage: strip-schemas.js [x.y.z definitions.json]');
  fs.writeFileSync(path.join(dir, `v${version}.definitions.json.gz`), strip(read(source)));
} else {
  for (const f of fs.readdirSync(dir).filter((n) => /^v\d+\.\d+\.\d+\.definitions\.json\.gz$/.test(n)).sort()) {
    const file = path.join(dir, f);
    const before = fs.statSync(file).size;
    fs.writeFileSync(file, strip(read(file)));
    console.log(`${f}: ${before} -> ${fs.statSync(file).size} bytes`);
  }
}
