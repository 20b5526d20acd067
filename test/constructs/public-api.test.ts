import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Cron, DaemonAgent, StatefulDb, WebService, WorkerJob } from '../../src';

describe('public API: the five minimal calls', () => {
  it('GIVEN a plain cdk8s Chart WHEN the five minimal calls from the README are synthesised THEN every construct produces its objects, with stable names (the Job carries its template hash)', () => {
    const chart = new Chart(Testing.app(), 'test');
    new StatefulDb(chart, 'db', { image: 'postgres:16.2', port: 5432, storage: '10Gi' });
    new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080 });
    new WorkerJob(chart, 'migrate', { image: 'busybox:1.36', command: ['echo', 'hello k8s'] });
    new Cron(chart, 'report', { image: 'busybox:1.36', command: ['date'], schedule: '*/5 * * * *' });
    new DaemonAgent(chart, 'node-exporter', { image: 'prom/node-exporter:v1.7.0', port: 9100 });
    const ids = Testing.synth(chart).map((o) => `${o.kind}/${o.metadata.name}`).sort();
    expect(ids).toEqual([
      'CronJob/report', 'DaemonSet/node-exporter', 'Deployment/web', expect.stringMatching(/^Job\/migrate-[0-9a-f]{10}$/), 'PodDisruptionBudget/web',
      'Service/db', 'Service/db-headless', 'Service/web',
      'ServiceAccount/db', 'ServiceAccount/migrate', 'ServiceAccount/node-exporter', 'ServiceAccount/report', 'ServiceAccount/web',
      'StatefulSet/db',
    ]);
  });
});
