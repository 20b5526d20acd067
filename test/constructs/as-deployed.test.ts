// The options that let a construct adopt a workload that runs today (issue 17): keep its selector,
// pod labels and annotations, names and security, leave out what it lacks, and carry the rest
// with AsDeployed exactly.
import { describe, expect, it } from 'vitest';
import { AsDeployed, ConfigMap, EnvFrom, Mount, Security, StatefulDb, WebService, Worker } from '../../src';
import { Yaml } from 'cdk8s';
import { parseFieldPath } from '../../src/constructs/as-deployed';
import { podsOf } from '../../src/constructs/network-flows';
import { container, find, newChart, podSpec, synth } from './helpers';

const ADOPTED = {
  image: 'ghcr.io/example/api:2.4.1',
  selector: { app: 'api' },
  podLabels: { app: 'api', tier: 'backend' },
  podAnnotations: {},
  security: Security.asIs({ reason: 'adopted as is' }),
  resources: 'none' as const,
  writablePaths: [],
  serviceAccount: 'default',
  readiness: false as const,
  liveness: false as const,
  disruptionBudget: false as const,
  antiAffinity: 'none' as const,
};

describe('adopting a workload as it runs', () => {
  it('GIVEN the adoption options WHEN synthesised THEN the selector, pod labels and annotations are the live ones and nothing the input lacks is written', () => {
    const chart = newChart();
    new WebService(chart, 'api', { ...ADOPTED, port: 8080, containerName: 'main', suppressions: { 'pdb-missing': 'adopted as is' } });
    const objects = synth(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['Deployment/api', 'Service/api']);
    const dep = find(objects, 'Deployment');
    expect(dep.spec.selector.matchLabels).toEqual({ app: 'api' });
    expect(dep.spec.template.metadata).toEqual({ labels: { app: 'api', tier: 'backend' } });
    expect(find(objects, 'Service').spec.selector).toEqual({ app: 'api' });
    const spec = podSpec(dep);
    expect(spec.securityContext).toBeUndefined();
    expect(spec.serviceAccountName).toBe('default');
    expect(spec.volumes).toEqual([]);
    const c = container(dep);
    expect(c.name).toBe('main');
    expect(c.securityContext).toBeUndefined();
    expect(c.resources).toBeUndefined();
    expect(c.readinessProbe).toBeUndefined();
    expect(c.livenessProbe).toBeUndefined();
    // helmless's own annotations move to the workload object, so the pods do not roll.
    expect(dep.metadata.annotations).toMatchObject({ 'helmless.io/pod-security-exemption': 'adopted as is', 'helmless.io/allow-pdb-missing': 'adopted as is' });
    // The objects still carry the standard labels (no rollout).
    expect(dep.metadata.labels['app.kubernetes.io/name']).toBe('api');
  });

  it('GIVEN Security.asIs with contexts WHEN synthesised THEN they are written exactly', () => {
    const chart = newChart();
    new Worker(chart, 'w', { ...ADOPTED, security: Security.asIs({ reason: 'adopted as is', pod: { fsGroup: 2000 }, container: { runAsUser: 1000 } }) });
    const dep = find(synth(chart), 'Deployment');
    expect(podSpec(dep).securityContext).toEqual({ fsGroup: 2000 });
    expect(container(dep).securityContext).toEqual({ runAsUser: 1000 });
  });

  it('GIVEN a selector the pod labels lack WHEN constructed THEN it throws naming podLabels', () => {
    const chart = newChart();
    expect(() => new Worker(chart, 'w', { ...ADOPTED, podLabels: { tier: 'backend' } })).toThrow(/podLabels "app=api" is invalid: the selector must match the pod labels.*add app: 'api' to podLabels/);
  });

  it('GIVEN a ServiceAccount by name WHEN synthesised THEN no ServiceAccount is created and the pods run as it', () => {
    const chart = newChart();
    const w = new Worker(chart, 'w', { image: 'busybox:1.36', serviceAccount: 'reporting' });
    const objects = synth(chart);
    expect(objects.some((o) => o.kind === 'ServiceAccount')).toBe(false);
    expect(podSpec(find(objects, 'Deployment')).serviceAccountName).toBe('reporting');
    expect(w.serviceAccount).toBeUndefined();
    expect(w.serviceAccountName).toBe('reporting');
  });

  it('GIVEN a StatefulSet with its own Service and claim names WHEN adopted THEN the names are kept', () => {
    const chart = newChart();
    new StatefulDb(chart, 'db', { ...ADOPTED, image: 'postgres:16.2', engine: 'generic', port: 5432, storage: '20Gi', dataPath: '/var/lib/postgresql/data', headlessServiceName: 'db', claimName: 'pgdata', clientService: false, startup: false, replicas: 1 });
    const objects = synth(chart);
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual(['Service/db', 'StatefulSet/db']);
    const sts = find(objects, 'StatefulSet');
    expect(sts.spec.serviceName).toBe('db');
    expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe('pgdata');
    expect(container(sts).volumeMounts).toEqual([{ name: 'pgdata', mountPath: '/var/lib/postgresql/data' }]);
  });
});

describe('explicitDefaults', () => {
  it('GIVEN explicitDefaults false WHEN synthesised THEN fields equal to the API server defaults are left out, and helmless choices that differ stay', () => {
    const chart = newChart();
    new WebService(chart, 'api', { ...ADOPTED, port: 8080, explicitDefaults: false, enableServiceLinks: true, maxUnavailable: '25%' });
    const objects = synth(chart);
    const dep = find(objects, 'Deployment');
    const spec = podSpec(dep);
    for (const f of ['enableServiceLinks', 'serviceAccountName', 'volumes']) expect(f in spec).toBe(false);
    expect(spec.automountServiceAccountToken).toBe(false); // helmless's choice, not the server's default
    expect('imagePullPolicy' in container(dep)).toBe(false);
    expect(container(dep).ports).toEqual([{ containerPort: 8080, name: 'http' }]);
    expect('strategy' in dep.spec).toBe(false);
    expect('revisionHistoryLimit' in dep.spec).toBe(false);
    const svc = find(objects, 'Service');
    expect('type' in svc.spec).toBe(false);
    expect('sessionAffinity' in svc.spec).toBe(false);
  });

  it('GIVEN the default WHEN synthesised THEN helmless writes those fields explicitly', () => {
    const chart = newChart();
    new WebService(chart, 'api', { image: 'nginxinc/nginx-unprivileged:1.25.3', port: 8080 });
    const dep = find(synth(chart), 'Deployment');
    expect(podSpec(dep).enableServiceLinks).toBe(false);
    expect(container(dep).imagePullPolicy).toBe('IfNotPresent');
    expect(dep.spec.revisionHistoryLimit).toBe(10);
  });
});

describe('AsDeployed', () => {
  it('GIVEN fields to keep and to remove WHEN synthesised THEN they reach the YAML exactly, including fields the typed classes do not know', () => {
    const chart = newChart();
    new WebService(chart, 'api', {
      ...ADOPTED, port: 8080,
      asDeployed: AsDeployed.fields({
        Deployment: {
          'spec.progressDeadlineSeconds': 300,
          'spec.template.spec.enableServiceLinks': undefined,
          'spec.template.spec.containers[0].resources': { requests: { cpu: '250m' } },
          'spec.template.spec.notAField': 'kept verbatim',
        },
        'Service/api': { 'spec.ports[0].targetPort': 8080, 'metadata.annotations["example.com/owner"]': 'shop' },
      }),
    });
    const objects = synth(chart);
    const dep = find(objects, 'Deployment');
    expect(dep.spec.progressDeadlineSeconds).toBe(300);
    expect('enableServiceLinks' in podSpec(dep)).toBe(false);
    expect(container(dep).resources).toEqual({ requests: { cpu: '250m' } });
    expect(podSpec(dep).notAField).toBe('kept verbatim');
    const svc = find(objects, 'Service');
    expect(svc.spec.ports[0].targetPort).toBe(8080);
    expect(svc.metadata.annotations['example.com/owner']).toBe('shop');
  });

  it('GIVEN a kind the construct does not write WHEN constructed THEN it throws naming the kinds it writes', () => {
    const chart = newChart();
    expect(() => new Worker(chart, 'w', { ...ADOPTED, asDeployed: AsDeployed.fields({ StatefulSet: { 'spec.replicas': 1 } }) }))
      .toThrow(/asDeployed\.StatefulSet.*is not the kind of an object this construct writes \(Deployment\)/);
  });

  it('GIVEN a path that renames the object WHEN constructed THEN it throws', () => {
    const chart = newChart();
    expect(() => new Worker(chart, 'w', { ...ADOPTED, asDeployed: AsDeployed.fields({ Deployment: { 'metadata.name': 'x' } }) })).toThrow(/must be a field path/);
  });

  it('GIVEN paths WHEN parsed THEN keys, indexes and quoted keys are segments; malformed ones are refused', () => {
    expect(parseFieldPath('spec.template.spec.containers[0].imagePullPolicy')).toEqual(['spec', 'template', 'spec', 'containers', 0, 'imagePullPolicy']);
    expect(parseFieldPath('metadata.annotations["a.b/c"]')).toEqual(['metadata', 'annotations', 'a.b/c']);
    expect(parseFieldPath('spec..x')).toBeUndefined();
    expect(parseFieldPath('')).toBeUndefined();
  });

  it('GIVEN AsDeployed WHEN counted THEN count is the number of kept fields', () => {
    expect(AsDeployed.fields({ Deployment: { a: 1, b: undefined }, Service: { c: 2 } }).count).toBe(3);
  });
});

describe('adopting the ConfigMaps and images a workload runs with', () => {
  it('GIVEN podAnnotations and a ConfigMap read by object WHEN synthesised as YAML THEN the config checksum is a hex string on the workload object', () => {
    const chart = newChart();
    const cm = new ConfigMap(chart, 'api-config', { data: { LOG_LEVEL: 'info' } });
    new Worker(chart, 'w', { ...ADOPTED, envFrom: [EnvFrom.configMap(cm)] });
    const dep = find(synth(chart), 'Deployment');
    expect(dep.metadata.annotations['helmless.io/config-checksum']).toMatch(/^[0-9a-f]{64}$/);
    expect(dep.spec.template.metadata.annotations).toBeUndefined();
    expect(() => Yaml.stringify(...synth(chart))).not.toThrow();
  });

  it('GIVEN a Mount with volumeName WHEN synthesised THEN the volume and its mount carry that name; a clash throws', () => {
    const chart = newChart();
    const cm = new ConfigMap(chart, 'nginx', { data: { 'nginx.conf': 'events {}' } });
    new Worker(chart, 'w', { ...ADOPTED, mounts: [Mount.configMap(cm, '/etc/nginx', { volumeName: 'config-volume', readOnly: false })] });
    const dep = find(synth(chart), 'Deployment');
    expect(podSpec(dep).volumes).toEqual([{ name: 'config-volume', configMap: { name: 'nginx' } }]);
    expect(container(dep).volumeMounts).toEqual([{ name: 'config-volume', mountPath: '/etc/nginx' }]);
    expect(() => new Worker(newChart(), 'x', { ...ADOPTED, writablePaths: ['/tmp'], mounts: [Mount.emptyDir('/cache', { volumeName: 'tmp' })] }))
      .toThrow(/mounts volumeName "tmp" is invalid: another volume of the pod has this name/);
  });

  it('GIVEN an unpinned image WHEN constructed THEN it throws, unless the image-latest-tag finding is suppressed with a reason, which keeps the image exactly', () => {
    expect(() => new Worker(newChart(), 'w', { ...ADOPTED, image: 'nginx' })).toThrow(/image "nginx" is invalid: the image has no tag or digest/);
    const chart = newChart();
    new Worker(chart, 'w', {
      ...ADOPTED, image: 'nginx', suppressions: { 'image-latest-tag': 'adopted as is' },
      sidecars: [{ name: 'log', image: 'busybox:latest', native: false }],
    });
    const dep = find(synth(chart), 'Deployment');
    expect(podSpec(dep).containers.map((c: { image: string }) => c.image)).toEqual(['nginx', 'busybox:latest']);
    expect(dep.metadata.annotations['helmless.io/allow-image-latest-tag']).toBe('adopted as is');
    expect(dep.metadata.labels['app.kubernetes.io/version']).toBeUndefined();
  });

  it('GIVEN a workload adopted with its own pod labels WHEN the NetworkPolicy checks look for its pods THEN they use the labels the pods carry', () => {
    const w = new Worker(newChart(), 'migrate-0517d18d5a', { ...ADOPTED, podLabels: { app: 'api', 'app.kubernetes.io/name': 'migrate' } });
    expect(podsOf(w).labels).toEqual({ app: 'api', 'app.kubernetes.io/name': 'migrate' });
    expect(podsOf(new Worker(newChart(), 'plain', { image: 'busybox:1.36' })).labels['app.kubernetes.io/name']).toBe('plain');
  });
});
