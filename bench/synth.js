'use strict';
// Child process of bench/run.js for the synth cases: builds an app of N workloads in a fresh
// process and prints, as JSON on stdout, the in-process milliseconds of each step.
//   node synth.js helmless N   helmless constructs (WebService / StatefulDb alternating) in a
//                              HelmlessChart: construct, app.synthYaml(), then validate the YAML
//                              (parse + schema + API-server rules + wiring, --strict)
//   node synth.js plain N      the same objects with plain cdk8s-plus-27, no validation: per web
//                              workload ServiceAccount + Deployment + Service + PDB (L1), per
//                              database ServiceAccount + headless Service + StatefulSet (claim
//                              template patched in) + client Service; construct + app.synthYaml()
// Times are wall milliseconds around each step (module loading is reported as `load`).
const t0 = performance.now();
const path = require('path');
const { ApiObject, App, Chart, JsonPatch, Size } = require('cdk8s');

const [mode, countArg] = process.argv.slice(2);
const count = Number(countArg);
const timings = {};
let mark = performance.now();
const lap = (name) => {
  const t = performance.now();
  timings[name] = Math.round(t - mark);
  mark = t;
};

function image(i) {
  return `registry.example.com/app-${i}:1.${i % 20}.0`;
}

if (mode === 'helmless') {
  const lib = require(path.join(__dirname, '..', 'lib', 'src'));
  const engine = require(path.join(__dirname, '..', 'lib', 'src', 'validate', 'engine'));
  lap('load');
  const app = new App({ recordConstructMetadata: false });
  const chart = new lib.HelmlessChart(app, 'bench');
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) new lib.WebService(chart, `web-${i}`, { image: image(i), port: 8080, replicas: 2 });
    else new lib.StatefulDb(chart, `db-${i}`, { image: `postgres:16.${i % 4}`, storage: '10Gi' });
  }
  lap('construct');
  const yaml = app.synthYaml();
  lap('synth');
  const parsed = engine.parseManifests(yaml, 'bench.k8s.yaml');
  const findings = engine.validateDocuments(parsed.docs, { strict: true });
  lap('validate');
  timings.documents = (parsed.docs).length;
  timings.errors = findings.filter((f) => f.severity === 'error').length + parsed.findings.length;
} else if (mode === 'plain') {
  const kplus = require('cdk8s-plus-27');
  lap('load');
  const app = new App({ recordConstructMetadata: false });
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
  const yaml = app.synthYaml();
  lap('synth');
  timings.documents = (yaml.match(/^kind: /gm) || []).length;
} else {
  process.stderr.write(`synth.js: unknown mode ${mode}\n`);
  process.exit(2);
}
timings.total = Math.round(performance.now() - t0);
process.stdout.write(JSON.stringify(timings) + '\n');
