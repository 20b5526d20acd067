#!/usr/bin/env node
'use strict';
// `npm run bench`: prints a table of numbers (not pass/fail). Builds lib/ first (scripts/build.js),
// then runs each case in a fresh child process and reports wall time, CPU time, peak RSS and
// throughput, with the floor (read + js-yaml parse of the same files) as a ratio.
//
// Cases are a list: add one with CASES.push({ group, name, docs, files, run, floor }) where
// run() and floor() return a measurement from measure(). Environment:
//   BENCH_RUNS=3     repetitions per case (the median is reported)
//   BENCH_MAX=50000  largest corpus size (e.g. 5000 for a quick run)
//   BENCH_SYNTH=0    leave out the synth cases (bench/synth.js) and the example app's synth
//   KUBECONFORM=/path/to/kubeconform   also time the real kubeconform (-strict, the same Kubernetes
//                    version, schemas written from schemas/ by bench/kubeconform-schemas.js) on every
//                    validate corpus, runs interleaved with helmless's, and print the ratio
//
// When the environment sets NODE_EXTRA_CA_CERTS, every node process loads and parses that CA
// bundle before it runs any JavaScript (~40 ms per start on the 2-core dev machine, whose
// environment sets it): the validate cases are then also timed without it, as Node starts by
// default, in interleaved runs.
const { spawnSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');
const { generateDocuments } = require('./corpus');

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'helmless.js');
const MEASURE = path.join(__dirname, 'measure.js');
const RUNS = Number(process.env.BENCH_RUNS || 3);
const MAX = Number(process.env.BENCH_MAX || 50000);
/** The environment as Node starts by default, when this one makes every node start load a CA bundle. */
const DEFAULT_ENV = process.env.NODE_EXTRA_CA_CERTS ? (({ NODE_EXTRA_CA_CERTS, ...rest }) => rest)(process.env) : undefined;

/** Builds as `npm run build` does, so the CLI is measured as users run it (bundle, index). */
function build() {
  const r = require('../scripts/build.js').build({ allowTypeErrors: true });
  if (!r.ok) {
    process.stderr.write(`bench: building lib/ failed:\n${r.problems.join('\n')}\n`);
    process.exit(2);
  }
}

/**
 * Runs `node measure.js <mode> args…` once and returns { wall, cpu, rss, status, timings }:
 * wall in seconds (spawn to exit, as a user sees it), cpu = user + system seconds of the child,
 * rss = peak resident set in MB (from the child's own process.resourceUsage()).
 */
function measureOnce(mode, args, cwd, env = process.env) {
  const out = path.join(os.tmpdir(), `helmless-bench-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [MEASURE, mode, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...env, HELMLESS_BENCH_OUT: out, HELMLESS_TIMINGS: mode === 'cli' ? '1' : '' },
    maxBuffer: 256 * 1024 * 1024,
  });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  let usage = { maxRSS: 0, userCPUTime: 0, systemCPUTime: 0 };
  try {
    usage = JSON.parse(fs.readFileSync(out, 'utf8'));
    fs.unlinkSync(out);
  } catch {
    /* the child died before writing: reported as status */
  }
  const m = /helmless-timings (\{.*\})/.exec(r.stderr || '');
  return {
    wall,
    cpu: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
    rss: usage.maxRSS / 1024,
    status: r.status,
    timings: m ? JSON.parse(m[1]) : undefined,
  };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Median of RUNS measurements (wall, cpu and rss medians taken separately). */
function measure(mode, args, cwd, runs = RUNS) {
  return summarize(Array.from({ length: runs }, () => measureOnce(mode, args, cwd)));
}

/**
 * Runs each of `once` (functions returning one measurement) `runs` times, in turn (a, b, c, a,
 * b, c, ...), so that a machine that speeds up or slows down meanwhile affects all alike; returns
 * the median measurement of each.
 */
function alternate(once, runs = RUNS) {
  const all = once.map(() => []);
  for (let i = 0; i < runs; i++) once.forEach((f, k) => all[k].push(f()));
  return all.map(summarize);
}

function summarize(ms) {
  return {
    wall: median(ms.map((m) => m.wall)),
    cpu: median(ms.map((m) => m.cpu)),
    rss: median(ms.map((m) => m.rss)),
    status: ms[ms.length - 1].status,
    timings: ms[ms.length - 1].timings,
  };
}

// ---------------------------------------------------------------------------------------------
// Validation cases: one multi-document file, and many files of 10 documents.
const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-bench-'));
process.on('exit', () => fs.rmSync(workDir, { recursive: true, force: true }));

function corpus(count, layout, size = 'large', flawed = 0) {
  // every flawed-th document gets a namespace the API server refuses (a finding to locate in it)
  const docs = generateDocuments(count, 42, size).map((d, i) => (flawed && i % flawed === 0 ? d.replace('\n  namespace: team-', '\n  namespace: Team_') : d));
  const dir = path.join(workDir, `${layout}-${count}-${size}${flawed ? `-flawed-${flawed}` : ''}`);
  fs.mkdirSync(dir, { recursive: true });
  let bytes = 0;
  if (layout === 'one file') {
    const text = docs.join('---\n');
    fs.writeFileSync(path.join(dir, 'all.yaml'), text);
    bytes = Buffer.byteLength(text);
    return { dir, target: 'all.yaml', files: 1, bytes };
  }
  let n = 0;
  for (let i = 0; i < docs.length; i += 10) {
    const text = docs.slice(i, i + 10).join('---\n');
    bytes += Buffer.byteLength(text);
    fs.writeFileSync(path.join(dir, `part-${String(n++).padStart(5, '0')}.yaml`), text);
  }
  return { dir, target: '.', files: n, bytes };
}

// ---------------------------------------------------------------------------------------------
// The real kubeconform, when KUBECONFORM names a binary: its schemas come from our vendored
// definitions of the same version (it cannot download any here).
const KUBECONFORM = process.env.KUBECONFORM;
let kubeconformSchemas;
function kubeconformArgs(target) {
  if (!kubeconformSchemas) {
    kubeconformSchemas = path.join(workDir, 'kubeconform-schemas');
    require('./kubeconform-schemas').writeSchemas(kubeconformSchemas, 'v1.27.0');
  }
  const location = path.join(kubeconformSchemas, '{{ .NormalizedKubernetesVersion }}-standalone{{ .StrictSuffix }}/{{ .ResourceKind }}{{ .KindSuffix }}.json');
  return ['-strict', '-summary', '-kubernetes-version', '1.27.0', '-schema-location', location, target];
}
/** One timed kubeconform run (wall only: it is not a node process that can report its own usage). */
function kubeconformOnce(target, cwd) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(KUBECONFORM, kubeconformArgs(target), { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) process.stderr.write(`bench: kubeconform exited ${r.status} on ${target}: ${(r.stdout + r.stderr).split('\n').slice(-3).join(' ')}\n`);
  return { wall, cpu: NaN, rss: NaN, status: r.status };
}
if (KUBECONFORM) {
  const v = spawnSync(KUBECONFORM, ['-v'], { encoding: 'utf8' });
  if (v.status !== 0) {
    process.stderr.write(`bench: KUBECONFORM=${KUBECONFORM} does not run (${v.error ? v.error.message : `exit ${v.status}`})\n`);
    process.exit(2);
  }
}

const CASES = [];
/**
 * helmless validate --strict on a generated corpus, and the read+parse floor of the same files;
 * interleaved with the same run without NODE_EXTRA_CA_CERTS and with kubeconform, when those apply.
 */
function validateCase(count, layout, size, flawed = 0) {
  const runs = count >= 50000 ? 1 : RUNS;
  return {
    group: 'validate --strict',
    name: `${count} ${size === 'small' ? 'small ' : ''}docs, ${layout}${flawed ? `, a finding in 1 of ${flawed}` : ''}`,
    docs: count,
    setup() {
      this.c = corpus(count, layout, size, flawed);
      this.files = this.c.files;
      this.bytes = this.c.bytes;
    },
    run() {
      const args = ['validate', '--strict', this.c.target];
      const once = [() => measureOnce('cli', args, this.c.dir)];
      if (DEFAULT_ENV) once.push(() => measureOnce('cli', args, this.c.dir, DEFAULT_ENV));
      if (KUBECONFORM) once.push(() => kubeconformOnce(this.c.target, this.c.dir));
      const [m, ...others] = alternate(once, runs);
      return { ...m, defaultEnv: DEFAULT_ENV ? others.shift() : undefined, kubeconform: KUBECONFORM ? others.shift() : undefined };
    },
    floor() {
      return measure('floor', [this.c.target], this.c.dir, runs);
    },
  };
}
for (const count of [500, 5000, 50000].filter((c) => c <= MAX)) {
  for (const layout of ['one file', 'files of 10']) CASES.push(validateCase(count, layout, 'large'));
}
// The size of the file kubeconform was timed on (1.9 MB for 5,000 documents): compact documents.
// kubeconform was timed on one such file and on 500 files of 10 documents: both layouts.
for (const count of [5000, 50000].filter((c) => c <= MAX)) {
  for (const layout of ['one file', 'files of 10']) CASES.push(validateCase(count, layout, 'small'));
}
// A corpus with findings: each must be located in its file, and the peak must stay where it is
// without them (a large file used to be read whole again for that).
if (MAX >= 50000) CASES.push(validateCase(50000, 'one file', 'large', 100));
CASES.push({
  group: 'start-up',
  name: 'helmless --version',
  docs: 0,
  run() {
    return measure('cli', ['--version'], ROOT, Math.max(5, RUNS));
  },
});
CASES.push({
  group: 'start-up',
  name: 'node -e 0 (for reference)',
  docs: 0,
  run() {
    const once = [() => measureOnce('noop', [], ROOT)];
    if (DEFAULT_ENV) once.push(() => measureOnce('noop', [], ROOT, DEFAULT_ENV));
    const [m, d] = alternate(once, Math.max(5, RUNS));
    return { ...m, defaultEnv: d };
  },
});

// ---------------------------------------------------------------------------------------------
// Synth cases: an app of N workloads (WebService / StatefulDb alternating) built, written to a temp
// folder and validated as `helmless synth` does, in a fresh process (bench/synth.js), against the
// same objects built with plain cdk8s-plus-27 and written by cdk8s App.synth() (what `cdk8s synth`
// runs), no validation. Times are in-process milliseconds (module loading excluded).
const SYNTH = path.join(__dirname, 'synth.js');

function synthOnce(mode, count) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [SYNTH, mode, String(count)], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) {
    process.stderr.write(`bench: synth.js ${mode} ${count} failed:\n${r.stderr}\n`);
    return undefined;
  }
  return { ...JSON.parse(r.stdout.trim().split('\n').pop()), wall };
}

/** Median per field over `runs` fresh processes. */
function synthMeasure(mode, count, runs) {
  const ms = [];
  for (let i = 0; i < runs; i++) {
    const m = synthOnce(mode, count);
    if (m) ms.push(m);
  }
  if (ms.length === 0) return undefined;
  const out = {};
  for (const k of Object.keys(ms[0])) out[k] = median(ms.map((m) => m[k] ?? 0));
  return out;
}

function synthTable() {
  const header = ['workloads', 'docs', 'helmless construct+synth ms', 'helmless validate ms', 'helmless total ms',
    'plain cdk8s-plus docs', 'plain construct+synth ms', 'synth ratio', 'synth+validate ratio'];
  const rows = [];
  for (const count of [10, 100, 1000]) {
    process.stderr.write(`bench: synth: ${count} workloads…\n`);
    const runs = count >= 1000 ? 1 : RUNS;
    const h = synthMeasure('helmless', count, runs);
    const p = synthMeasure('plain', count, runs);
    if (!h || !p) continue;
    const hs = h.construct + h.synth;
    const ps = p.construct + p.synth;
    rows.push([String(count), String(h.documents), String(hs), String(h.validate), String(hs + h.validate),
      String(p.documents), String(ps), `${fmt(hs / ps, 2)}x`, `${fmt((hs + h.validate) / ps, 2)}x`]);
  }
  return table(header, rows);
}

/** The example app: `npm run synth` (helmless synth) against `npx cdk8s synth`, each into a temp folder. */
function exampleSynthTable() {
  const env = { ...process.env, CDK8S_CHECK_UPGRADE: 'false' };
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
  const commands = [
    ['npm run synth', npm, ['run', 'synth', '--silent', '--', '--output', path.join(workDir, 'synth-helmless'), '--quiet']],
    ['npx cdk8s synth', npx, ['cdk8s', 'synth', '-o', path.join(workDir, 'synth-cdk8s')]],
  ];
  const rows = [];
  for (const [name, cmd, args] of commands) {
    process.stderr.write(`bench: example app: ${name}…\n`);
    const walls = [];
    let status;
    for (let i = 0; i < RUNS; i++) {
      const t0 = process.hrtime.bigint();
      const r = spawnSync(cmd, args, { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
      walls.push(Number(process.hrtime.bigint() - t0) / 1e9);
      status = r.status;
    }
    rows.push([name, fmt(median(walls)), String(status)]);
  }
  return table(['example app', 'wall s (median)', 'exit'], rows);
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => c.padEnd(widths[i])).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w) => '-'.repeat(w + 2)).join('|') + '|', ...rows.map(line)].join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------
function fmt(x, digits = 2) {
  return x === undefined ? '' : x.toFixed(digits);
}

function main() {
  build();
  // optional columns after 'wall s', each a title and the cell of a measurement (interleaved runs)
  const ratio = (a, b) => (a && b ? `${fmt(a.wall / b.wall)}x` : '');
  const optional = [
    ...(DEFAULT_ENV ? [['wall s, no NODE_EXTRA_CA_CERTS', (m) => (m.defaultEnv ? fmt(m.defaultEnv.wall) : '')]] : []),
    ...(KUBECONFORM ? [['kubeconform wall s', (m) => (m.kubeconform ? fmt(m.kubeconform.wall) : '')],
      ['helmless / kubeconform', (m) => ratio(m, m.kubeconform)]] : []),
    ...(KUBECONFORM && DEFAULT_ENV ? [['same, no NODE_EXTRA_CA_CERTS', (m) => ratio(m.defaultEnv, m.kubeconform)]] : []),
  ];
  const header = ['group', 'case', 'files', 'MB', 'wall s', ...optional.map(([title]) => title), 'cpu s', 'docs/s', 'peak RSS MB',
    'floor wall s', 'floor cpu s', 'cpu / floor', 'exit', 'phases (ms, last run)'];
  const rows = [];
  process.stderr.write(`bench: ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}, node ${process.version}, runs ${RUNS}\n`);
  for (const c of CASES) {
    if (c.setup) c.setup();
    process.stderr.write(`bench: ${c.group}: ${c.name}…\n`);
    const m = c.run();
    const f = c.floor ? c.floor() : undefined;
    rows.push([
      c.group,
      c.name,
      c.files === undefined ? '' : String(c.files),
      c.bytes === undefined ? '' : fmt(c.bytes / 1048576, 1),
      fmt(m.wall),
      ...optional.map(([, cell]) => cell(m)),
      fmt(m.cpu),
      c.docs ? String(Math.round(c.docs / m.wall)) : '',
      fmt(m.rss, 0),
      f ? fmt(f.wall) : '',
      f ? fmt(f.cpu) : '',
      f ? `${fmt(m.cpu / f.cpu, 1)}x` : '',
      String(m.status),
      m.timings ? Object.entries(m.timings).map(([k, v]) => `${k} ${v}`).join(', ') : '',
    ]);
  }
  process.stdout.write(table(header, rows));
  process.stdout.write(
    `\nwall = spawn to exit of a fresh process (median of ${RUNS}; 1 run at 50,000); cpu = user+system of that process; ` +
      `floor = the same files read and parsed with js-yaml loadAll, nothing else. Machine load during the run: ${os.loadavg()[0].toFixed(2)} ` +
      `on ${os.cpus().length} CPUs (wall times grow with load; cpu times much less).` +
      (DEFAULT_ENV ? ' no NODE_EXTRA_CA_CERTS = the same run with that variable removed (this environment sets it; Node then loads a CA bundle at every start).' : '') +
      (KUBECONFORM ? ` kubeconform = ${KUBECONFORM} -strict -summary, Kubernetes 1.27.0, its schemas written from schemas/ (bench/kubeconform-schemas.js); runs interleaved with helmless's.` : '') +
      '\n',
  );
  if (process.env.BENCH_SYNTH !== '0') {
    process.stdout.write('\n' + synthTable());
    process.stdout.write(
      '\nconstruct+synth = in-process ms to build the app and write its YAML files to a temp folder (helmless: ' +
        'HelmlessApp.synth() with the attribution sidecar, as under `helmless synth`; plain: cdk8s App.synth(), as under ' +
        '`cdk8s synth`); validate = what `helmless synth` then does: read the files and sidecar, parse + strict schema + ' +
        'API-server rules + wiring + name collisions + policy lint (validateOutput); plain = the same kinds of objects ' +
        'with cdk8s-plus-27, no validation ' +
        `(median of ${RUNS}; 1 run at 1,000 workloads). Ratios are helmless / plain.\n\n`,
    );
    process.stdout.write(exampleSynthTable());
    process.stdout.write(`\nMachine load after the run: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}.\n`);
  }
}

main();
