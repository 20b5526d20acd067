#!/usr/bin/env node
'use strict';
// Part of `npm run build` (after tsc): bundles the compiled CLI
// (lib/src/cli/index.js and the modules it requires, js-yaml included) into one file, lib/cli.js.
//
// Only the commands that validate (validate, lint) are bundled: synth, diff and adopt load cdk8s
// (graph stays out too: it loads the diff's secret masking and its layout library on use)
// and the constructs, which must stay the same module instances a user's app loads from lib/src,
// so they remain requires of lib/src/cli/<command>.js.
//
// Why: a cold `helmless validate` used to load ~50 modules one by one (resolve, stat, realpath,
// read, hash, compile from cache): ~28 ms of every run, as much as validating 1,000 documents.
// One file is resolved, read and compiled from one cache entry in ~11 ms. The command modules stay
// lazy inside the bundle (esbuild keeps each required module behind its own wrapper, run on first
// require), and every other package (cdk8s, constructs, yaml, ...) stays an ordinary require.
//
// lib/cli.inputs.json lists the modules bundled (for the tests). bin/helmless.js uses the bundle
// whenever it is there: scripts/build.js removes it before tsc emits, so it is never older than
// lib/src. (It used to compare lib/.tsbuildinfo's time with the bundle's at every start, and
// `tsc --noEmit`, which rewrites .tsbuildinfo, silently sent every run to lib/src.)
// A failure here never fails the build: without lib/cli.js the CLI runs from lib/src, only slower.
const fs = require('fs');
const path = require('path');

const ROOT = path.resolve(__dirname, '..');
const LIB = path.join(ROOT, 'lib');
const OUT = path.join(LIB, 'cli.js');
const INPUTS = path.join(LIB, 'cli.inputs.json');

/** The commands left out of the bundle (required from lib/src/cli at run time, as before). */
const UNBUNDLED_COMMANDS = ['synth', 'diff', 'adopt', 'graph'];

async function main() {
  // Leave no bundle behind that the inputs could outdate if this run fails half-way.
  fs.rmSync(INPUTS, { force: true });
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch (e) {
    process.stderr.write(`bundle: esbuild is not installed (${e.message}); the CLI runs from lib/src\n`);
    fs.rmSync(OUT, { force: true });
    return;
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  // Packages stay outside the bundle except js-yaml, which every validate run loads.
  const external = Object.keys({ ...pkg.dependencies, ...pkg.devDependencies }).filter((name) => name !== 'js-yaml');
  const cliDir = path.join(LIB, 'src', 'cli');
  const keepCommandsOut = {
    name: 'unbundled-commands',
    setup(build) {
      const filter = new RegExp(`^\\./(${UNBUNDLED_COMMANDS.join('|')})$`);
      build.onResolve({ filter }, (args) => {
        if (args.importer !== path.join(cliDir, 'index.js')) return undefined;
        // the bundle lives in lib/: the command stays at lib/src/cli/<command>.js
        return { path: `./src/cli/${args.path.slice(2)}.js`, external: true };
      });
    },
  };
  const result = await esbuild.build({
    plugins: [keepCommandsOut],
    entryPoints: [path.join(LIB, 'src', 'cli', 'index.js')],
    outfile: OUT,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external,
    metafile: true,
    logLevel: 'silent',
    // readable stack traces in "internal error" reports: no minification
    minify: false,
  });
  const inputs = Object.keys(result.metafile.inputs)
    .map((p) => path.relative(LIB, path.resolve(ROOT, p)).split(path.sep).join('/'))
    .sort();
  fs.writeFileSync(INPUTS, JSON.stringify(inputs, null, 1) + '\n');
  process.stdout.write(`bundle: ${inputs.length} modules in ${path.relative(ROOT, OUT)} (${(fs.statSync(OUT).size / 1024).toFixed(0)} KiB)\n`);
}

main().catch((e) => {
  fs.rmSync(OUT, { force: true });
  fs.rmSync(INPUTS, { force: true });
  process.stderr.write(`bundle: not written (${e && e.message ? e.message : e}); the CLI runs from lib/src\n`);
});
