#!/usr/bin/env node
// Regenerates imports/ offline: the Kubernetes 1.27 L1 types from the vendored definitions in
// schemas/ and the CRD types from import-crds/. Runs cdk8s-cli's own generator (the same code as
// `cdk8s import`), with its schema download answered from the vendored file, so the output is
// what `cdk8s import k8s@1.27.0` would write, without the network.
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const root = path.resolve(__dirname, '..');
// cdk8s-cli exports no subpaths: load its modules by file path.
const cli = (p) => require(path.join(path.dirname(require.resolve('cdk8s-cli/package.json')), 'lib', p));
const util = cli('util');
const localRead = util.download;
util.download = async (url) => {
  if (!/^[a-z]+:\/\//.test(url)) return localRead(url); // a local CRD file: read as cdk8s-cli does
  const m = /\/kubernetes-schemas\/v(\d+\.\d+\.\d+)\/_definitions\.json$/.exec(url);
  const file = m && path.join(root, 'schemas', `v${m[1]}.definitions.json.gz`);
  if (!file || !fs.existsSync(file)) {
    throw new Error(`offline import: no vendored schema for ${url} (expected ${file ?? 'a kubernetes-schemas URL'})`);
  }
  return zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
};
const { importDispatch } = cli('import/dispatch');
const { Language } = cli('import/base');

const IMPORTS = [
  { source: 'k8s@1.27.0' },
  { source: 'import-crds/external-secrets.yaml' },
  { source: 'import-crds/sealed-secrets.yaml' },
  { source: 'import-crds/servicemonitor.yaml' },
];

(async () => {
  process.chdir(root);
  // `node scripts/import.js [outdir]`: tests write to a temporary folder and compare.
  const outdir = path.resolve(process.argv[2] ?? path.join(root, 'imports'));
  fs.rmSync(outdir, { recursive: true, force: true });
  await importDispatch(IMPORTS, {}, { outdir, targetLanguage: Language.TYPESCRIPT, save: false });
})().catch((e) => {
  console.error(`import failed: ${e.message}`);
  process.exit(1);
});
