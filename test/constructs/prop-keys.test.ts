// The run-time "unknown prop" check: key lists generated from the Props interfaces (never by hand),
// and one clear error with a did-you-mean for JavaScript apps and `as any`.
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { Cron, DaemonAgent, HelmlessChart, Probe, StatefulDb, WebService, WorkerJob } from '../../src';
import { closestKey } from '../../src/constructs/errors';
import { PROP_KEYS } from '../../src/constructs/prop-keys.generated';
import { newChart } from './helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const { generate, OUT } = require(path.join(ROOT, 'scripts', 'prop-keys.js')) as { generate(): string; OUT: string };

describe('generated prop keys', () => {
  it('GIVEN the Props interfaces WHEN the generator runs THEN src/constructs/prop-keys.generated.ts is what it writes (fix: node scripts/prop-keys.js, or npm run build)', () => {
    expect(fs.readFileSync(OUT, 'utf8')).toBe(generate());
  }, 60_000);

  it('GIVEN WebServiceProps WHEN listed THEN inherited keys are there too (WorkloadProps, PlacementProps, LabelProps)', () => {
    expect(PROP_KEYS.WebServiceProps).toEqual(expect.arrayContaining(['image', 'readiness', 'replicas', 'antiAffinity', 'partOf']));
  });
});

describe('unknown props at run time', () => {
  const image = 'nginx:1.25.3';
  const cases: [string, () => unknown, RegExp][] = [
    ['WebService readyness', () => new WebService(newChart(), 'web', { image, port: 8080, readyness: Probe.http('/ready') } as never),
      /^test\/web: readyness Probe \{\.\.\.\} is invalid: is not a prop of WebService\. Fix: did you mean 'readiness'\?$/],
    ['WebService replica', () => new WebService(newChart(), 'web', { image, port: 8080, replica: 2 } as never),
      /^test\/web: replica 2 is invalid: is not a prop of WebService\. Fix: did you mean 'replicas'\?$/],
    ['WebService ingress.hots', () => new WebService(newChart(), 'web', { image, port: 8080, ingress: { hots: 'x.example.com' } } as never),
      /ingress\.hots "x\.example\.com" is invalid: is not a prop of ingress\. Fix: did you mean 'ingress\.host'\?/],
    ['WebService autoscaling.maxReplica', () => new WebService(newChart(), 'web', { image, port: 8080, autoscaling: { minReplicas: 2, maxReplica: 4 } } as never),
      /autoscaling\.maxReplica 4 is invalid: .*did you mean 'autoscaling\.maxReplicas'\?/],
    ['Cron schedul', () => new Cron(newChart(), 'c', { image, schedul: '@daily' } as never), /schedul "@daily" is invalid: is not a prop of Cron\. Fix: did you mean 'schedule'\?/],
    ['DaemonAgent hostnetwork', () => new DaemonAgent(newChart(), 'd', { image, hostnetwork: true } as never), /did you mean 'hostNetwork'\?/],
    ['StatefulDb storge', () => new StatefulDb(newChart(), 'db', { image: 'postgres:16.2', storage: '1Gi', storge: '2Gi' } as never), /did you mean 'storage'\?/],
    ['WorkerJob serviceAccount.anotations', () => new WorkerJob(newChart(), 'j', { image, serviceAccount: { anotations: {} } } as never), /serviceAccount\.anotations \{\.\.\.\} is invalid: .*did you mean 'serviceAccount\.annotations'\?/],
  ];
  it.each(cases)('GIVEN %s WHEN constructed THEN one line names the construct, the prop and the closest known prop', (_name, make, message) => {
    expect(make).toThrow(message);
  });

  it('GIVEN a HelmlessChart prop typo WHEN constructed THEN it throws too', async () => {
    const { Testing } = await import('cdk8s');
    expect(() => new HelmlessChart(Testing.app(), 'shop', { partof: 'shop' } as never)).toThrow(/shop: partof "shop" is invalid: is not a prop of HelmlessChart\. Fix: did you mean 'partOf'\?/);
  });

  it('GIVEN the known props WHEN constructed THEN nothing throws (the lists are complete)', () => {
    expect(() => new WebService(newChart(), 'web', { image, port: 8080, replicas: 3, readiness: Probe.http('/'), ingress: { host: 'a.example.com' } })).not.toThrow();
  });

  it('GIVEN keys far from any known one WHEN matched THEN no guess is made', () => {
    expect(closestKey('flavour', PROP_KEYS.WebServiceProps)).toBeUndefined();
    expect(closestKey('readyness', PROP_KEYS.WebServiceProps)).toBe('readiness');
    expect(closestKey('replica', PROP_KEYS.WebServiceProps)).toBe('replicas');
  });
});
