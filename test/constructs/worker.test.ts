import { describe, expect, it } from 'vitest';
import { ConfigMap, Duration, lintDocuments, Probe, SecretSource, Worker } from '../../src';
import { container, find, newChart, podSpec, synth, synthYaml } from './helpers';

describe('Worker', () => {
  it('GIVEN the minimal call of the issue WHEN synthesised THEN the YAML matches the default snapshot', async () => {
    const chart = newChart();
    new Worker(chart, 'mailer', { image: 'ghcr.io/acme/tickets-mailer:2.3.1', replicas: 2 });
    await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/worker.default.yaml');
  });

  it('GIVEN a worker WHEN synthesised THEN it is a Deployment with a ServiceAccount and a PDB, and no Service', () => {
    const chart = newChart();
    new Worker(chart, 'mailer', { image: 'ghcr.io/acme/tickets-mailer:2.3.1', replicas: 2 });
    const objects = synth(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['Deployment/mailer', 'PodDisruptionBudget/mailer', 'ServiceAccount/mailer']);
    const dep = find(objects, 'Deployment');
    expect(dep.spec.replicas).toBe(2);
    expect(dep.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'mailer', 'app.kubernetes.io/instance': 'test' });
    expect(dep.metadata.labels['app.kubernetes.io/component']).toBe('worker');
    expect(podSpec(dep).serviceAccountName).toBe('mailer');
    expect(container(dep).securityContext).toMatchObject({ readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
    expect(container(dep).ports).toBeUndefined();
  });

  describe('documented defaults', () => {
    const chart = newChart();
    const w = new Worker(chart, 'consumer', { image: 'busybox:1.36' });
    const dep = find(synth(chart), 'Deployment');
    it('replicas: 1', () => expect(dep.spec.replicas).toBe(1));
    it('disruptionBudget: none with one replica', () => expect(w.pdb).toBeUndefined());
    it('autoscaling: none', () => expect(w.hpa).toBeUndefined());
    it("maxSurge '25%', maxUnavailable 0", () => expect(dep.spec.strategy.rollingUpdate).toEqual({ maxSurge: '25%', maxUnavailable: 0 }));
    it('revisionHistoryLimit: 10', () => expect(dep.spec.revisionHistoryLimit).toBe(10));
    it('port: none', () => expect(w.port).toBeUndefined());
    it('readiness and liveness: none', () => expect([container(dep).readinessProbe, container(dep).livenessProbe]).toEqual([undefined, undefined]));
    it("antiAffinity: 'soft'", () => expect(podSpec(dep).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution).toHaveLength(1));
  });

  it('GIVEN autoscaling, an exec liveness probe, a health port and config WHEN synthesised THEN the HPA targets the Deployment and the probes are wired', () => {
    const chart = newChart();
    const config = new ConfigMap(chart, 'config', { data: { QUEUE: 'mail' } });
    const w = new Worker(chart, 'consumer', {
      image: 'busybox:1.36',
      autoscaling: { minReplicas: 2, maxReplicas: 6 },
      port: { port: 8081, name: 'health' },
      readiness: Probe.http('/ready'),
      liveness: Probe.exec(['sh', '-c', 'test -f /tmp/alive']),
      env: { QUEUE: config.key('QUEUE'), API_TOKEN: SecretSource.existing('mailer').key('token') },
      maxUnavailable: 1, maxSurge: 0, revisionHistoryLimit: 3,
    });
    const objects = synth(chart);
    const dep = find(objects, 'Deployment');
    expect(dep.spec.replicas).toBeUndefined();
    expect(find(objects, 'HorizontalPodAutoscaler').spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'consumer' });
    expect(find(objects, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1);
    expect(container(dep).readinessProbe.httpGet).toEqual({ path: '/ready', port: 'health', scheme: 'HTTP' });
    expect(container(dep).livenessProbe.exec).toEqual({ command: ['sh', '-c', 'test -f /tmp/alive'] });
    expect(dep.spec.template.metadata.annotations['helmless.io/config-checksum']).toMatch(/^[0-9a-f]{64}$/);
    expect(dep.metadata.annotations['helmless.io/external-secrets']).toBe('mailer');
    expect(dep.spec.strategy.rollingUpdate).toEqual({ maxSurge: 0, maxUnavailable: 1 });
    expect(w.rollout.maxPods).toBe(6);
  });

  it('GIVEN disruptionBudget false with 3 replicas WHEN synthesised THEN there is no PDB', () => {
    const chart = newChart();
    const w = new Worker(chart, 'consumer', { image: 'busybox:1.36', replicas: 3, disruptionBudget: false });
    expect(w.pdb).toBeUndefined();
    expect(synth(chart).filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
  });

  describe('validation', () => {
    const make = (props: Record<string, unknown>) => () => new Worker(newChart(), 'mailer', { image: 'busybox:1.36', ...props } as never);
    it('replicas with autoscaling', () => expect(make({ replicas: 2, autoscaling: { minReplicas: 1, maxReplicas: 3 } })).toThrow(/test\/mailer: replicas 2 is invalid: the HPA owns the replica count.*Fix: remove replicas/));
    it('negative replicas', () => expect(make({ replicas: -1 })).toThrow(/replicas -1 is invalid: must be an integer >= 0/));
    it('an HTTP probe without a port', () => expect(make({ readiness: Probe.http('/ready') })).toThrow(/readinessProbe "http" is invalid: an HTTP, TCP or gRPC probe needs a port.*Fix: add a port prop, or use Probe.exec/));
    it('maxSurge and maxUnavailable both 0', () => expect(make({ maxSurge: 0, maxUnavailable: 0 })).toThrow(/cannot both be 0/));
    it('a startup probe with successThreshold 2', () => expect(make({ startup: Probe.exec(['true'], { successThreshold: 2 }) })).toThrow(/^test\/mailer: startupProbe successThreshold 2 is invalid: must be 1 for a startup probe/));
    it('a liveness probe on a port the worker lacks', () => expect(make({ port: 8081, liveness: Probe.tcp({ port: 'admin' }) })).toThrow(/livenessProbe port "admin" is invalid: is not one of the container's ports \(http\)/));
    it('a disruption budget above 100%', () => expect(make({ replicas: 3, disruptionBudget: { maxUnavailable: '150%' } })).toThrow(/disruptionBudget\.maxUnavailable "150%" is invalid/));
    it('two ports with one number', () => expect(make({ port: 8080, ports: [{ port: 8080, name: 'admin' }] })).toThrow(/TCP port is declared twice/));
  });
});

describe('Worker and the lint agree on its documented default (no probes)', () => {
  const lintOf = (objects: unknown[]) => {
    return lintDocuments(objects.map((object, documentIndex) => ({ object, source: { file: 'w.yaml', documentIndex } })), { kubernetesVersion: '1.35' });
  };

  it('GIVEN a Worker without probes WHEN linted with the restricted profile THEN no probe finding, and the Deployment says why (its pod template stays as it is)', () => {
    const c = newChart({ namespace: 'jobs' });
    new Worker(c, 'mailer', { image: 'ghcr.io/acme/tickets-mailer:2.3.1', replicas: 2 });
    const objects = synth(c);
    const rules = lintOf(objects).map((f) => f.rule);
    expect(rules).not.toContain('policy/readiness-probe-missing');
    expect(rules).not.toContain('policy/liveness-probe-missing');
    const annotations = find(objects, 'Deployment', 'mailer').metadata.annotations;
    expect(annotations['helmless.io/allow-readiness-probe-missing']).toMatch(/^a Worker takes no traffic/);
    expect(annotations['helmless.io/allow-liveness-probe-missing']).toMatch(/set liveness/);
  });

  it('GIVEN a Worker with both probes WHEN synthesised THEN no probe suppression is written', () => {
    const c = newChart({ namespace: 'jobs' });
    new Worker(c, 'mailer', { image: 'ghcr.io/acme/tickets-mailer:2.3.1', readiness: Probe.exec(['true']), liveness: Probe.exec(['true']) });
    const annotations = find(synth(c), 'Deployment', 'mailer').metadata.annotations ?? {};
    expect(Object.keys(annotations).filter((k) => k.includes('probe-missing'))).toEqual([]);
  });
});
