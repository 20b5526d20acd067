// The lint and the constructs agree: a construct's documented defaults draw no lint finding
// (job-ttl on every WorkerJob and cronjob-starting-deadline on every Cron did, before the WorkerJob
// was content-named and the Cron got a one-hour starting deadline).
import { Chart, Testing, Yaml } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Cron, DaemonAgent, StatefulDb, WebService, WorkerJob } from '../../src';
import { parseManifests } from '../../src/validate/engine';
import { lintDocuments } from '../../src/validate/policy';

function lint(build: (chart: Chart) => void): string[] {
  const chart = new Chart(Testing.app(), 'shop');
  build(chart);
  const text = Testing.synth(chart).map((o) => Yaml.stringify(o)).join('---\n');
  return lintDocuments(parseManifests(text, 'shop.k8s.yaml').docs, { evidence: 'complete' }).map((f) => `${f.severity} ${f.rule}: ${f.message}`);
}

describe('construct defaults vs the lint', () => {
  it('GIVEN the five minimal calls of the README WHEN linted THEN there is no finding at all', () => {
    expect(lint((chart) => {
      const db = new StatefulDb(chart, 'db', { image: 'postgres:16.2', port: 5432, storage: '10Gi' });
      new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, database: db });
      new WorkerJob(chart, 'migrate', { image: 'busybox:1.36', command: ['echo', 'hello k8s'] });
      new Cron(chart, 'report', { image: 'busybox:1.36', command: ['date'], schedule: '*/5 * * * *' });
      new DaemonAgent(chart, 'node-exporter', { image: 'prom/node-exporter:v1.7.0', port: 9100 });
    })).toEqual([]);
  });

  it('GIVEN a WorkerJob that opts out of its content name WHEN linted THEN job-ttl speaks again (the rule is right for plain-named Jobs)', () => {
    expect(lint((chart) => new WorkerJob(chart, 'migrate', { image: 'busybox:1.36', templateHash: false }))).toEqual([expect.stringMatching(/^warning policy\/job-ttl: /)]);
  });
});
