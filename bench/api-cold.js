'use strict';
// CPU of the API-server rules alone, cold: a fresh process parses FILE (untimed), then times one
// apiServerRules call over its documents with process.cpuUsage. A whole `helmless validate` is
// too noisy on a shared machine to show a change of a few percent in one phase; this isolates
// the phase and keeps what dominates it, V8 warming the rules' code up.
//   node bench/api-cold.js FILE [LIBDIR]   (LIBDIR: a build's lib/, default this checkout's)
// Interleave two builds' runs (A B A B ...) and compare the medians.
const fs = require('fs');
const path = require('path');

const lib = path.resolve(process.argv[3] || path.join(__dirname, '..', 'lib'));
const { parseInput } = require(path.join(lib, 'src', 'validate'));
const { apiServerRules } = require(path.join(lib, 'src', 'validate', 'rules'));

const parsed = parseInput(fs.readFileSync(process.argv[2]), path.basename(process.argv[2]));
const t0 = process.cpuUsage();
const findings = apiServerRules(parsed.docs, { kubernetesVersion: '1.35' });
const t = process.cpuUsage(t0);
console.log(`${((t.user + t.system) / 1000).toFixed(1)} ms cpu, ${parsed.docs.length} documents, ${findings.length} findings`);
