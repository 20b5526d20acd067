'use strict';
// Child process of bench/run.js: runs one thing and writes its own resource usage (peak RSS,
// CPU time) to $HELMLESS_BENCH_OUT when it exits.
//   node measure.js cli <helmless args…>   the compiled CLI, exactly as bin/helmless.js runs it
//   node measure.js floor <file|dir>        read + js-yaml loadAll of the same files, nothing else
//   node measure.js noop                    node start-up only
const fs = require('fs');
const path = require('path');

process.on('exit', () => {
  const out = process.env.HELMLESS_BENCH_OUT;
  if (out) fs.writeFileSync(out, JSON.stringify(process.resourceUsage()));
});

const [mode, ...args] = process.argv.slice(2);
if (mode === 'cli') {
  process.argv = [process.argv[0], path.join(__dirname, '..', 'bin', 'helmless.js'), ...args];
  require('../bin/helmless.js');
} else if (mode === 'floor') {
  const yaml = require('js-yaml');
  const files = [];
  const walk = (p) => {
    if (fs.statSync(p).isDirectory()) for (const e of fs.readdirSync(p).sort()) walk(path.join(p, e));
    else if (/\.(ya?ml|json)$/.test(p)) files.push(p);
  };
  walk(path.resolve(args[0]));
  let docs = 0;
  for (const f of files) docs += yaml.loadAll(fs.readFileSync(f, 'utf8'), undefined, { schema: yaml.CORE_SCHEMA }).length;
  process.stdout.write(`${docs}\n`);
} else if (mode !== 'noop') {
  process.stderr.write(`measure.js: unknown mode ${mode}\n`);
  process.exitCode = 2;
}
