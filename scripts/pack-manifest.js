#!/usr/bin/env node
'use strict';
// `npm pack` / `npm publish` lifecycle: the packed package.json carries no scripts.
// `prepare` builds lib/ for development and git installs; a packed tarball already holds lib/,
// but npm would still list its `prepare` as an install script to approve on every install.
//   prepack:  package.json -> package.json without `scripts` and `allowScripts` (the original kept
//             beside it as .package.json.pack-backup);
//   postpack: the original back.
// Both writes are atomic (temp file + rename), so a reader never sees half a file.
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const FILE = path.join(ROOT, 'package.json');
const BACKUP = path.join(ROOT, '.package.json.pack-backup');

function writeAtomic(file, text) {
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

function restore() {
  if (!fs.existsSync(BACKUP)) return false;
  writeAtomic(FILE, fs.readFileSync(BACKUP, 'utf8'));
  fs.rmSync(BACKUP);
  return true;
}

const step = process.argv[2];
if (step === 'strip') {
  restore(); // a pack interrupted before its postpack
  const original = fs.readFileSync(FILE, 'utf8');
  const manifest = JSON.parse(original);
  delete manifest.scripts;
  delete manifest.allowScripts;
  fs.writeFileSync(BACKUP, original);
  writeAtomic(FILE, `${JSON.stringify(manifest, null, 2)}\n`);
} else if (step === 'restore') {
  restore();
} else {
  process.stderr.write("usage: node scripts/pack-manifest.js strip|restore\n");
  process.exit(2);
}
