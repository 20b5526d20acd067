import { Chart, Testing, Yaml } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Cron, DaemonAgent, StatefulDb, WebService, Worker, WorkerJob } from '../../src';
import { parseManifests, validateDocuments } from '../../src/validate';
import { lintDocumentsDetailed } from '../../src/validate/policy';

describe('public API: the five minimal calls', () => {
  it('GIVEN a plain cdk8s Chart WHEN the five minimal calls from the README are synthesised THEN every construct produces its objects, with stable names', () => {
    const chart = new Chart(Testing.app(), 'test');
    new StatefulDb(chart, 'db', { image: 'postgres:16.2', port: 5432, storage: '10Gi' });
    new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080 });
    new WorkerJob(chart, 'migrate', { image: 'busybox:1.36', command: ['echo', 'hello k8s'] });
    new Cron(chart, 'report', { image: 'busybox:1.36', command: ['date'], schedule: '*/5 * * * *' });
    new DaemonAgent(chart, 'node-exporter', { image: 'prom/node-exporter:v1.7.0', port: 9100 });
    const ids = Testing.synth(chart).map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(ids).toEqual([
      'CronJob/report', 'DaemonSet/node-exporter', 'Deployment/web', 'Job/migrate', 'PodDisruptionBudget/web',
      'Service/db', 'Service/db-headless', 'Service/web',
      'ServiceAccount/db', 'ServiceAccount/migrate', 'ServiceAccount/node-exporter', 'ServiceAccount/report', 'ServiceAccount/web',
      'StatefulSet/db',
    ]);
  });
});

describe('public API: the minimal calls of issue 14', () => {
  const calls = (version: string) => {
    const app = Testing.app();
    app.node.setContext('helmless:kubernetesVersion', version);
    const chart = new Chart(app, 'tickets');
    new Worker(chart, 'mailer', { image: 'ghcr.io/acme/tickets-mailer:2.3.1', replicas: 2 });
    new WebService(chart, 'api', {
      image: 'ghcr.io/acme/tickets-api:2.3.1', port: 3000,
      initContainers: [{ name: 'wait', image: 'busybox:1.36', command: ['sh', '-c', 'true'] }],
      sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.31.2', port: 9901 }],
    });
    return Testing.synth(chart);
  };
  for (const version of ['1.27.0', '1.29.0', '1.35.0']) {
    it(`GIVEN the Worker and multi-container WebService calls at ${version} WHEN validated strictly and linted THEN no error is reported`, () => {
      const { docs } = parseManifests(Yaml.stringify(...calls(version)), 'tickets.k8s.yaml');
      const errors = validateDocuments(docs, { strict: true, evidence: 'complete', kubernetesVersion: version }).filter((f) => f.severity === 'error');
      expect(errors.map((f) => `${f.rule} ${f.path}: ${f.message}`)).toEqual([]);
      const lint = lintDocumentsDetailed(docs, { profile: 'restricted', evidence: 'complete' });
      expect(lint.findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.path}: ${f.message}`)).toEqual([]);
    });
  }
});
