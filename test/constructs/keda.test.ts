import { Testing, Yaml } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Duration, HelmlessChart, KedaTrigger, SecretSource, StatefulDb, Worker } from '../../src/constructs';
import { parseManifests, validateDocuments } from '../../src/validate';
import { reachable } from '../../src/validate/network-reach';
import { find, synth } from './helpers';

function chart(): HelmlessChart {
  return new HelmlessChart(Testing.app(), 'tickets', { namespace: 'tickets', networkPolicies: true });
}
const image = 'ghcr.io/acme/tickets-mailer:2.3.1';
const pods = (name: string) => ({ namespace: 'tickets', labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'tickets' } });

describe('KEDA ScaledObject on a Worker', () => {
  it('GIVEN a redis list and a cron trigger WHEN synthesised THEN a ScaledObject owns the replicas and reads the connection env', () => {
    const c = chart();
    const cache = new StatefulDb(c, 'cache', { image: 'redis:7.2.5', storage: '1Gi' });
    const w = new Worker(c, 'mailer', { image, connections: [cache], scaledObject: {
      minReplicas: 0, maxReplicas: 10, cooldownPeriod: Duration.minutes(2),
      triggers: [
        KedaTrigger.redisList(cache, { listName: 'mail', listLength: 20 }),
        KedaTrigger.cron({ timezone: 'Europe/Berlin', start: '0 8 * * 1-5', end: '0 18 * * 1-5', desiredReplicas: 2 }),
      ],
    } });
    expect(w.replicas).toBeUndefined();
    const o = synth(c);
    expect(find(o, 'Deployment', 'mailer').spec.replicas).toBeUndefined();
    const so = find(o, 'ScaledObject', 'mailer');
    expect(so.apiVersion).toBe('keda.sh/v1alpha1');
    expect(so.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'mailer' },
      minReplicaCount: 0, maxReplicaCount: 10, cooldownPeriod: 120,
      triggers: [
        { type: 'redis', metadata: { hostFromEnv: 'CACHE_HOST', listLength: '20', listName: 'mail', portFromEnv: 'CACHE_PORT' } },
        { type: 'cron', metadata: { desiredReplicas: '2', end: '0 18 * * 1-5', start: '0 8 * * 1-5', timezone: 'Europe/Berlin' } },
      ],
    });
    // the KEDA operator reaches the cache on its port; nothing else of it is admitted
    const keda = { namespace: 'keda', labels: { 'app.kubernetes.io/name': 'keda-operator' } };
    expect(reachable(o, keda, pods('cache'), { port: 6379 })).toBe(true);
    expect(reachable(o, keda, pods('mailer'), { port: 6379 })).toBe(false);
    expect(reachable(o, { namespace: 'keda', labels: { app: 'other' } }, pods('cache'), { port: 6379 })).toBe(false);
    const findings = validateDocuments(parseManifests(Yaml.stringify(...o), 'k.yaml').docs, { strict: true, evidence: 'complete' });
    expect(findings.filter((f) => f.severity === 'error' || f.rule.includes('unknown-crd')).map((f) => `${f.rule} ${f.path}: ${f.message}`)).toEqual([]);
  });

  it('GIVEN a redis backend with a password THEN KEDA reads it from the connection env too', () => {
    const c = chart();
    const cache = new StatefulDb(c, 'cache', { image: 'redis:7.2.5', storage: '1Gi', credentials: SecretSource.existing('cache-auth') });
    new Worker(c, 'mailer', { image, connections: [{ to: cache, envPrefix: 'REDIS' }], scaledObject: { maxReplicas: 3, triggers: [KedaTrigger.redisList(cache, { listName: 'mail', listLength: 5 })] } });
    expect(find(synth(c), 'ScaledObject', 'mailer').spec.triggers[0].metadata).toEqual({
      hostFromEnv: 'REDIS_HOST', listLength: '5', listName: 'mail', passwordFromEnv: 'REDIS_PASSWORD', portFromEnv: 'REDIS_PORT',
    });
  });

  it('GIVEN replicas, autoscaling or an unconnected backend with a ScaledObject THEN it throws naming the fix', () => {
    const c = chart();
    const cache = new StatefulDb(c, 'cache', { image: 'redis:7.2.5', storage: '1Gi' });
    const so = { maxReplicas: 3, triggers: [KedaTrigger.redisList(cache, { listName: 'mail', listLength: 5 })] };
    expect(() => new Worker(c, 'a', { image, replicas: 2, connections: [cache], scaledObject: so })).toThrow(/the KEDA ScaledObject owns the replica count/);
    expect(() => new Worker(c, 'b', { image, autoscaling: { minReplicas: 1, maxReplicas: 2 }, connections: [cache], scaledObject: so })).toThrow(/would both own the replica count/);
    expect(() => new Worker(c, 'd', { image, scaledObject: so })).toThrow(/reads 'cache', which is not one of the worker's connections/);
    expect(() => new Worker(c, 'f', { image, connections: [{ to: cache, env: { REDIS_URL: 'redis://{host}:{port}/0' } }], scaledObject: so }))
      .toThrow(/reads CACHE_HOST, which the connection to 'cache' does not write \(its env option replaces it\)/);
    expect(() => new Worker(c, 'e', { image, scaledObject: { maxReplicas: 3, triggers: [KedaTrigger.cron({ timezone: 'Europe/Berlin', start: 'soon', end: '0 18 * * *', desiredReplicas: 1 })] } }))
      .toThrow(/triggers\[0\]\.start "soon" is invalid/);
  });
});
