import { describe, expect, it } from 'vitest';
import { Probe, SecretSource, WebService } from '../../src';
import { container, find, newChart, podSpec, synth, synthYaml } from './helpers';

const SELECTOR = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'test' };

describe('WebService', () => {
  describe('snapshots', () => {
    it('GIVEN the minimal props WHEN synthesised THEN the YAML matches the default snapshot', async () => {
      const chart = newChart();
      new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080 });
      await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/web-service.default.yaml');
    });

    it('GIVEN ingress+TLS, HPA, NodePort, extra port, hard anti-affinity WHEN synthesised THEN the YAML matches the full snapshot', async () => {
      const chart = newChart();
      new WebService(chart, 'web', {
        image: 'nginx:1.25.3',
        port: { port: 8080, nodePort: 30080 },
        ports: [{ port: 9090, name: 'metrics' }],
        serviceType: 'NodePort',
        sessionAffinity: 'ClientIP',
        antiAffinity: 'hard',
        topologySpread: { maxSkew: 1 },
        autoscaling: { minReplicas: 2, maxReplicas: 6, memoryUtilization: 80 },
        readiness: Probe.http('/healthz'),
        startup: Probe.tcp(),
        resources: 'medium',
        ingress: { host: 'shop.example.com', paths: ['/', '/api'], tls: SecretSource.existing('shop-tls'), ingressClassName: 'nginx' },
      });
      await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/web-service.full.yaml');
    });

    it('GIVEN antiAffinity none and resources large WHEN synthesised THEN the YAML matches its snapshot', async () => {
      const chart = newChart();
      new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, antiAffinity: 'none', resources: 'large', replicas: 1 });
      await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/web-service.large-no-affinity.yaml');
    });
  });

  describe('wiring', () => {
    it('GIVEN a WebService WHEN synthesised THEN the Service targets the named container port and selects the pod labels', () => {
      const chart = newChart();
      new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080 });
      const objects = synth(chart);
      const svc = find(objects, 'Service', 'web');
      const dep = find(objects, 'Deployment', 'web');
      expect(svc.spec.selector).toEqual(SELECTOR);
      expect(dep.spec.selector.matchLabels).toEqual(SELECTOR);
      expect(svc.spec.ports).toEqual([{ name: 'http', port: 8080, targetPort: 'http', protocol: 'TCP' }]);
      expect(container(dep).ports).toEqual([{ name: 'http', containerPort: 8080, protocol: 'TCP' }]);
      expect(container(dep).readinessProbe.tcpSocket).toEqual({ port: 'http' });
      expect(container(dep).livenessProbe.tcpSocket).toEqual({ port: 'http' });
      for (const [k, v] of Object.entries(SELECTOR)) expect(dep.spec.template.metadata.labels[k]).toBe(v);
    });

    it('GIVEN an HPA WHEN synthesised THEN the Deployment has no replicas and the HPA targets it', () => {
      const chart = newChart();
      new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, autoscaling: { minReplicas: 2, maxReplicas: 5 } });
      const objects = synth(chart);
      expect(find(objects, 'Deployment').spec.replicas).toBeUndefined();
      const hpa = find(objects, 'HorizontalPodAutoscaler');
      expect(hpa.apiVersion).toBe('autoscaling/v2');
      expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
      expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }]);
      expect(find(objects, 'PodDisruptionBudget').spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: SELECTOR }, unhealthyPodEvictionPolicy: 'AlwaysAllow' });
    });

    it('GIVEN an Ingress with TLS by reference WHEN synthesised THEN it routes to the Service port by name and declares the external Secret', () => {
      const chart = newChart();
      new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, ingress: { host: 'a.example.com', tls: SecretSource.existing('a-tls') } });
      const ing = find(synth(chart), 'Ingress');
      expect(ing.spec.tls).toEqual([{ hosts: ['a.example.com'], secretName: 'a-tls' }]);
      expect(ing.spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'web', port: { name: 'http' } } });
      expect(ing.metadata.annotations['helmless.io/external-secrets']).toBe('a-tls');
    });

    it('GIVEN replicas 1 WHEN synthesised THEN there is no PDB; GIVEN disruptionBudget false and replicas 3 THEN none either', () => {
      const a = newChart();
      new WebService(a, 'web', { image: 'nginx:1.25.3', port: 8080, replicas: 1 });
      expect(synth(a).filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
      const b = newChart();
      new WebService(b, 'web', { image: 'nginx:1.25.3', port: 8080, replicas: 3, disruptionBudget: false });
      expect(synth(b).filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
    });

    it('GIVEN two WebServices with the same name WHEN constructed THEN the error names both construct paths', () => {
      const chart = newChart();
      new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080 });
      expect(() => new WebService(chart, 'web2', { image: 'nginx:1.25.3', port: 8080, name: 'web' }))
        .toThrow(/test\/web2: .*collides .*created by 'test\/web'/);
    });
  });

  describe('documented defaults', () => {
    const chart = newChart();
    const web = new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080 });
    const objects = synth(chart);
    const dep = find(objects, 'Deployment');
    const c = container(dep);
    it('replicas: 2', () => expect(dep.spec.replicas).toBe(2));
    it('port name: http', () => expect(web.port.name).toBe('http'));
    it('readiness: TCP on the primary port, 5s delay, 10s period, 3s timeout, 3 failures', () =>
      expect(c.readinessProbe).toEqual({ tcpSocket: { port: 'http' }, initialDelaySeconds: 5, periodSeconds: 10, timeoutSeconds: 3, successThreshold: 1, failureThreshold: 3 }));
    it('liveness: TCP on the primary port, 15s delay, 20s period', () =>
      expect(c.livenessProbe).toEqual({ tcpSocket: { port: 'http' }, initialDelaySeconds: 15, periodSeconds: 20, timeoutSeconds: 3, successThreshold: 1, failureThreshold: 3 }));
    it('startup: none', () => expect(c.startupProbe).toBeUndefined());
    it("serviceType: 'ClusterIP'", () => expect(find(objects, 'Service').spec.type).toBe('ClusterIP'));
    it("sessionAffinity: 'None'", () => expect(find(objects, 'Service').spec.sessionAffinity).toBe('None'));
    it('ingress: none; autoscaling: none', () => {
      expect(objects.filter((o) => o.kind === 'Ingress' || o.kind === 'HorizontalPodAutoscaler')).toEqual([]);
      expect(web.ingress).toBeUndefined();
      expect(web.hpa).toBeUndefined();
    });
    it('disruptionBudget: maxUnavailable 1 when replicas > 1', () => expect(find(objects, 'PodDisruptionBudget').spec.maxUnavailable).toBe(1));
    it("disruptionBudget.unhealthyPodEvictionPolicy: 'AlwaysAllow'", () => expect(find(objects, 'PodDisruptionBudget').spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow'));
    it('pods: no service links, no token', () => expect(podSpec(dep)).toMatchObject({ enableServiceLinks: false, automountServiceAccountToken: false }));
    it("maxSurge '25%', maxUnavailable 0", () => expect(dep.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } }));
    it('revisionHistoryLimit: 10', () => expect(dep.spec.revisionHistoryLimit).toBe(10));
    it("antiAffinity: 'soft'", () => expect(podSpec(dep).affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight).toBe(100));
    it('topologySpread: none', () => expect(podSpec(dep).topologySpreadConstraints).toBeUndefined());
  });

  describe('validation', () => {
    const make = (props: Record<string, unknown>) => () => new WebService(newChart(), 'web', { image: 'nginx:1.25.3', port: 8080, ...props } as never);
    it('port out of range', () => expect(make({ port: 70000 })).toThrow(/test\/web: port 70000 is invalid: must be an integer from 1 to 65535/));
    it('port 0', () => expect(make({ port: 0 })).toThrow(/port 0 is invalid/));
    it('extra port without a name', () => expect(make({ ports: [9090] })).toThrow(/ports\[0\] name .*a name is required/));
    it('bad port name', () => expect(make({ port: { port: 8080, name: 'HTTP_PORT' } })).toThrow(/port name "HTTP_PORT" is invalid/));
    it('duplicate port name', () => expect(make({ ports: [{ port: 9090, name: 'http' }] })).toThrow(/port name "http" is invalid: is used by two ports/));
    it('negative replicas', () => expect(make({ replicas: -1 })).toThrow(/replicas -1 is invalid: must be an integer >= 0/));
    it('unpinned image', () => expect(() => new WebService(newChart(), 'web', { image: 'nginx', port: 8080 })).toThrow(/image "nginx" is invalid: the image has no tag or digest.*Fix: pin the image/));
    it('latest tag', () => expect(() => new WebService(newChart(), 'web', { image: 'nginx:latest', port: 8080 })).toThrow(/the tag 'latest' is not pinned/));
    it('name not DNS-1035', () => expect(() => new WebService(newChart(), 'Web_1', { image: 'nginx:1.25.3', port: 8080 })).toThrow(/test\/Web_1: Deployment and Service name "Web_1" is invalid: a DNS-1035 label/));
    it('bad service type', () => expect(make({ serviceType: 'External' })).toThrow(/serviceType "External" is invalid/));
    it('bad session affinity', () => expect(make({ sessionAffinity: 'Sticky' })).toThrow(/sessionAffinity "Sticky" is invalid/));
    it('maxSurge and maxUnavailable both 0', () => expect(make({ maxSurge: 0, maxUnavailable: 0 })).toThrow(/cannot both be 0/));
    it('bad percentage', () => expect(make({ maxSurge: '150%' })).toThrow(/maxSurge "150%" is invalid/));
    it('HPA max < min', () => expect(make({ autoscaling: { minReplicas: 4, maxReplicas: 2 } })).toThrow(/autoscaling.maxReplicas 2 is invalid: must be >= minReplicas \(4\)/));
    it('replicas together with an HPA', () => expect(make({ replicas: 3, autoscaling: { minReplicas: 2, maxReplicas: 4 } })).toThrow(/replicas 3 is invalid: the HPA owns the replica count.*Fix: remove replicas/));
    it('HPA min 0', () => expect(make({ autoscaling: { minReplicas: 0, maxReplicas: 2 } })).toThrow(/autoscaling.minReplicas 0 is invalid/));
    it('bad ingress host', () => expect(make({ ingress: { host: 'Shop_Example' } })).toThrow(/ingress.host "Shop_Example" is invalid/));
    it('ingress path without slash', () => expect(make({ ingress: { host: 'a.example.com', paths: ['api'] } })).toThrow(/ingress.paths "api" is invalid: a path must start with '\/'/));
    it('HTTP probe path without slash', () => expect(make({ readiness: Probe.http('healthz') })).toThrow(/readinessProbe path "healthz" is invalid/));
    it('bad antiAffinity preset', () => expect(make({ antiAffinity: 'strict' })).toThrow(/antiAffinity "strict" is invalid/));
    it('unknown suppression rule', () => expect(make({ suppressions: { 'no-such-rule': 'x' } })).toThrow(/suppressions "no-such-rule" is invalid: is not a policy rule name/));
    it('suppression without a reason', () => expect(make({ suppressions: { 'job-ttl': ' ' } })).toThrow(/suppressions.job-ttl " " is invalid: a suppression needs a reason/));
    it('bad PDB eviction policy', () => expect(make({ disruptionBudget: { unhealthyPodEvictionPolicy: 'Never' } })).toThrow(/unhealthyPodEvictionPolicy "Never" is invalid/));
    it('literal credential env', () => expect(make({ env: { DB_PASSWORD: 'hunter2' } })).toThrow(/env.DB_PASSWORD "<literal value>" is invalid: a credential-looking env var/));
    it('bad env name', () => expect(make({ env: { '1BAD': 'x' } })).toThrow(/env name "1BAD" is invalid/));
    it('bad resources quantity', () => expect(make({ resources: { cpu: '100m', memory: '10 GB' } })).toThrow(/resources.memory "10 GB" is invalid/));
  });
});
