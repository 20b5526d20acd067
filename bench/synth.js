'use strict';
// Child process of bench/run.js for the synth cases: builds an app of N workloads in a fresh
// process, writes it to a temporary folder the way the real command does, and prints, as JSON on
// stdout, the in-process milliseconds of each step.
//   node synth.js helmless N   what `helmless synth` does: helmless constructs (WebService /
//                              StatefulDb alternating) in a HelmlessChart of a HelmlessApp
//                              (construct), app.synth() writing the YAML and the attribution
//                              sidecar (synth), then what the CLI does with the written output:
//                              list and read the files, read the sidecar, validateOutput (parse +
//                              strict schema + API-server rules + wiring + name collisions +
//                              policy lint) and format the findings (validate)
//   node synth.js plain N      what `cdk8s synth` does in the app process, with the same objects in
//                              plain cdk8s-plus-27 and no validation: per web workload
//                              ServiceAccount + Deployment + Service + PDB (L1), per database
//                              ServiceAccount + headless Service + StatefulSet (claim template
//                              patched in) + client Service; construct, then cdk8s App.synth()
//                              writing the files (synth)
// Times are wall milliseconds around each step (module loading is reported as `load`). The output
// goes to a fresh folder under os.tmpdir(), removed before exit.
// BENCH_SYNTH_EMITTER=cdk8s makes HelmlessApp write with cdk8s Yaml.stringify instead of
// src/emit-yaml.ts (same bytes), to measure the emitter.
const t0 = performance.now();
const fs = require('fs');
const os = require('os');
const path = require('path');
const { ApiObject, App, Chart, JsonPatch, Size, Yaml } = require('cdk8s');

const ROOT = path.join(__dirname, '..');
const [mode, countArg] = process.argv.slice(2);
const count = Number(countArg);
const timings = {};
let mark = performance.now();
const lap = (name) => {
  const t = performance.now();
  timings[name] = Math.round(t - mark);
  mark = t;
};

/** Every document of the YAML files under `dir` (a document per `kind:` at column 0). */
function countDocuments(dir) {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && /\.ya?ml$/.test(e.name)) {
      n += (fs.readFileSync(path.join(e.parentPath ?? e.path, e.name), 'utf8').match(/^kind: /gm) || []).length;
    }
  }
  return n;
}

function image(i) {
  return `registry.example.com/app-${i}:1.${i % 20}.0`;
}

/** `helmless synth`: the app writes into `work/out` (and its sidecar beside it), then the CLI validates. */
function helmless(work) {
  const outDir = path.join(work, 'out');
  const lib = require(path.join(ROOT, 'lib', 'src'));
  const check = require(path.join(ROOT, 'lib', 'src', 'synth', 'validate'));
  const { readProjectConfig } = require(path.join(ROOT, 'lib', 'src', 'synth', 'config'));
  const { resolveVersion } = require(path.join(ROOT, 'lib', 'src', 'validate', 'schema'));
  if (process.env.BENCH_SYNTH_EMITTER === 'cdk8s') require(path.join(ROOT, 'lib', 'src', 'emit-yaml')).emitYaml = Yaml.stringify;
  // as the CLI does before it runs the app
  const kubernetesVersion = resolveVersion(readProjectConfig(ROOT).kubernetesVersion);
  const sourcesFile = path.join(work, 'sources.json');
  process.env.HELMLESS_SOURCES_FILE = sourcesFile;
  lap('load');
  const app = new lib.HelmlessApp({ outdir: outDir });
  const chart = new lib.HelmlessChart(app, 'bench');
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) new lib.WebService(chart, `web-${i}`, { image: image(i), port: 8080, replicas: 2 });
    else new lib.StatefulDb(chart, `db-${i}`, { image: `postgres:16.${i % 4}`, storage: '10Gi' });
  }
  lap('construct');
  app.synth();
  lap('synth');
  // what `helmless synth` does with the written output (src/synth/pipeline.ts synthesize)
  const files = check.listYamlFiles(outDir).map((relPath) => ({
    relPath,
    displayPath: `dist/${relPath}`,
    text: fs.readFileSync(path.join(outDir, ...relPath.split('/')), 'utf8'),
  }));
  const result = check.validateOutput(files, { kubernetesVersion, sources: check.readSources(sourcesFile) });
  const lines = result.findings.map((f) => check.formatFinding(f));
  lap('validate');
  timings.documents = result.objects;
  timings.errors = result.findings.filter((f) => f.severity === 'error').length;
  if (lines.length > 0) process.stderr.write(lines.slice(0, 5).join('\n') + '\n');
}

/** `cdk8s synth`: the same kinds of objects with cdk8s-plus-27; App.synth() writes `work/out`. */
function plain(work) {
  const outDir = path.join(work, 'out');
  const kplus = require('cdk8s-plus-27');
  lap('load');
  const app = new App({ outdir: outDir, recordConstructMetadata: false });
  const chart = new Chart(app, 'bench', { disableResourceNameHashes: true });
  const securityContext = { ensureNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false };
  const resources = {
    cpu: { request: kplus.Cpu.millis(100) },
    memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
  };
  for (let i = 0; i < count; i++) {
    const serviceAccount = new kplus.ServiceAccount(chart, `sa-${i}`);
    if (i % 2 === 0) {
      const d = new kplus.Deployment(chart, `web-${i}`, {
        replicas: 2,
        serviceAccount,
        containers: [{
          image: image(i), portNumber: 8080, securityContext, resources,
          readiness: kplus.Probe.fromHttpGet('/healthz', { port: 8080 }),
        }],
      });
      d.exposeViaService({ ports: [{ port: 80, targetPort: 8080 }] });
      new kplus.k8s.KubePodDisruptionBudget(chart, `web-${i}-pdb`, {
        spec: { maxUnavailable: kplus.k8s.IntOrString.fromNumber(1), selector: { matchLabels: { app: `web-${i}` } } },
      });
    } else {
      const headless = new kplus.Service(chart, `db-${i}-headless`, { clusterIP: 'None', ports: [{ port: 5432 }] });
      const s = new kplus.StatefulSet(chart, `db-${i}`, {
        service: headless,
        serviceAccount,
        replicas: 1,
        containers: [{ image: `postgres:16.${i % 4}`, portNumber: 5432, securityContext, resources }],
      });
      // cdk8s-plus-27 has no volumeClaimTemplates: a plain user patches them in
      ApiObject.of(s).addJsonPatch(JsonPatch.add('/spec/volumeClaimTemplates', [{
        metadata: { name: 'data' },
        spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
      }]));
      const client = new kplus.Service(chart, `db-${i}-client`, { ports: [{ port: 5432 }] });
      client.select(s);
    }
  }
  lap('construct');
  app.synth();
  lap('synth');
  timings.documents = countDocuments(outDir);
}

const run = { helmless, plain }[mode];
if (!run) {
  process.stderr.write(`synth.js: unknown mode ${mode}\n`);
  process.exit(2);
}
const work = fs.mkdtempSync(path.join(os.tmpdir(), `helmless-bench-${mode}-`));
try {
  run(work);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
timings.total = Math.round(performance.now() - t0);
process.stdout.write(JSON.stringify(timings) + '\n');
