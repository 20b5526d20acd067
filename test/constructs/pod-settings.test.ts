import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  ConfigMap, Cron, DaemonAgent, Downward, Duration, EnvFrom, HelmlessChart, Hook, Mount, Probe, SecretSource, StatefulDb,
  WebService, Worker, WorkerJob, k8s,
} from '../../src';
import { withRegistry } from '../../src/constructs/containers';
import { container, find, newChart, podSpec, synth, synthYaml } from './helpers';

function chartAt(version: string): Chart {
  const app = Testing.app();
  app.node.setContext('helmless:kubernetesVersion', version);
  return new Chart(app, 'test');
}
const IMAGE = { image: 'ghcr.io/acme/tickets-mailer:2.3.1' };
const worker = (props: Record<string, unknown>, chart: Chart = newChart()) => new Worker(chart, 'mailer', { ...IMAGE, ...props } as never);
const depOf = (chart: Chart) => find(synth(chart), 'Deployment');

describe('env: envFrom and the downward API', () => {
  it('GIVEN envOrder WHEN synthesised THEN the listed env vars come first in that order, the rest sorted; an unknown name throws', () => {
    const chart = newChart();
    worker({ env: { B: '1', A: '2', Z: '3', C: '4' }, envOrder: ['Z', 'B'] }, chart);
    expect(container(depOf(chart)).env.map((e: { name: string }) => e.name)).toEqual(['Z', 'B', 'A', 'C']);
    expect(() => worker({ env: { A: '1' }, envOrder: ['A', 'Q'] })).toThrow(/envOrder "Q" is invalid: names no env var of the container \(A\)/);
    const sorted = newChart();
    worker({ env: { B: '1', A: '2' } }, sorted);
    expect(container(depOf(sorted)).env.map((e: { name: string }) => e.name)).toEqual(['A', 'B']);
  });

  it('GIVEN envFrom a ConfigMap and a Secret WHEN synthesised THEN both are envFrom entries, the Secret is declared and the ConfigMap rolls the pods', () => {
    const chart = newChart();
    const config = new ConfigMap(chart, 'settings', { data: { LOG_LEVEL: 'info' } });
    worker({ envFrom: [EnvFrom.configMap(config, { prefix: 'APP_' }), EnvFrom.secret(SecretSource.existing('mailer-keys'), { optional: true })] }, chart);
    const dep = depOf(chart);
    expect(container(dep).envFrom).toEqual([
      { prefix: 'APP_', configMapRef: { name: 'settings' } },
      { secretRef: { name: 'mailer-keys', optional: true } },
    ]);
    expect(dep.metadata.annotations['helmless.io/external-secrets']).toBe('mailer-keys');
    expect(dep.spec.template.metadata.annotations['helmless.io/config-checksum']).toMatch(/^[0-9a-f]{64}$/);
  });

  it('GIVEN downward API values WHEN synthesised THEN each is a fieldRef or resourceFieldRef', () => {
    const chart = newChart();
    worker({
      env: {
        POD_NAME: Downward.podName(), POD_NAMESPACE: Downward.namespace(), POD_IP: Downward.podIp(), NODE_NAME: Downward.nodeName(),
        HOST_IP: Downward.hostIp(), POD_UID: Downward.podUid(), SA: Downward.serviceAccountName(),
        MEMORY_LIMIT_MB: Downward.resource('limits.memory', { divisor: '1Mi' }), CPU_REQUEST: Downward.resource('requests.cpu', { container: 'mailer', divisor: '1m' }),
      },
    }, chart);
    const env = Object.fromEntries(container(depOf(chart)).env.map((e: { name: string; valueFrom: unknown }) => [e.name, e.valueFrom]));
    expect(env).toEqual({
      POD_NAME: { fieldRef: { fieldPath: 'metadata.name' } },
      POD_NAMESPACE: { fieldRef: { fieldPath: 'metadata.namespace' } },
      POD_IP: { fieldRef: { fieldPath: 'status.podIP' } },
      NODE_NAME: { fieldRef: { fieldPath: 'spec.nodeName' } },
      HOST_IP: { fieldRef: { fieldPath: 'status.hostIP' } },
      POD_UID: { fieldRef: { fieldPath: 'metadata.uid' } },
      SA: { fieldRef: { fieldPath: 'spec.serviceAccountName' } },
      MEMORY_LIMIT_MB: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } },
      CPU_REQUEST: { resourceFieldRef: { resource: 'requests.cpu', containerName: 'mailer', divisor: '1m' } },
    });
  });

  describe('validation', () => {
    it('a resource of a container that is not in the pod', () => expect(() => worker({ env: { MEM: Downward.resource('limits.memory', { container: 'nope' }) } }))
      .toThrow(/^test\/mailer: env\.MEM "nope" is invalid: is not a container of this pod \(mailer\)\. Fix: name one of them/));
    it('a divisor that is not 1 of a unit', () => expect(() => worker({ env: { MEM: Downward.resource('limits.memory', { divisor: '2Mi' }) } }))
      .toThrow(/env\.MEM divisor "2Mi" is invalid: must be 1 of a unit/));
    it('envFrom that is not an EnvFrom', () => expect(() => worker({ envFrom: [{ configMapRef: { name: 'x' } }] })).toThrow(/envFrom .* is invalid: must be EnvFrom\.configMap/));
  });
});

describe('volumes: claims, projected tokens, items with modes', () => {
  it('GIVEN a new claim WHEN synthesised THEN the workload creates the PVC and mounts it', async () => {
    const chart = newChart();
    const w = worker({ mounts: [Mount.newClaim('/var/spool/mail', { storage: '5Gi', storageClassName: 'ssd' })] }, chart);
    const objects = synth(chart);
    const pvc = find(objects, 'PersistentVolumeClaim');
    expect(pvc.metadata.name).toBe('mailer-var-spool-mail');
    expect(pvc.metadata.labels['app.kubernetes.io/name']).toBe('mailer');
    expect(pvc.spec).toEqual({ accessModes: ['ReadWriteOnce'], storageClassName: 'ssd', resources: { requests: { storage: '5Gi' } } });
    expect(podSpec(find(objects, 'Deployment')).volumes).toContainEqual({ name: 'var-spool-mail', persistentVolumeClaim: { claimName: 'mailer-var-spool-mail' } });
    expect(container(find(objects, 'Deployment')).volumeMounts).toContainEqual({ name: 'var-spool-mail', mountPath: '/var/spool/mail' });
    expect(w.claims.map((c) => c.name)).toEqual(['mailer-var-spool-mail']);
    await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/pod-settings.claim.yaml');
  });

  it('GIVEN a named ReadWriteMany claim on a WebService with 3 replicas WHEN synthesised THEN it is allowed', () => {
    const chart = newChart();
    new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, replicas: 3, mounts: [Mount.newClaim('/uploads', { storage: '1Gi', accessMode: 'ReadWriteMany', name: 'uploads' })] });
    expect(find(synth(chart), 'PersistentVolumeClaim', 'uploads').spec.accessModes).toEqual(['ReadWriteMany']);
  });

  it('GIVEN an existing claim by name and by object WHEN synthesised THEN the volumes reference them, read-only when asked', () => {
    const chart = newChart();
    const pvc = new k8s.KubePersistentVolumeClaim(chart, 'pvc', { metadata: { name: 'archive' }, spec: { accessModes: ['ReadOnlyMany'] } });
    worker({ mounts: [Mount.claim('shared-data', '/data'), Mount.claim(pvc, '/archive', { readOnly: true })] }, chart);
    const spec = podSpec(depOf(chart));
    expect(spec.volumes).toContainEqual({ name: 'data', persistentVolumeClaim: { claimName: 'shared-data' } });
    expect(spec.volumes).toContainEqual({ name: 'archive', persistentVolumeClaim: { claimName: 'archive', readOnly: true } });
  });

  it('GIVEN a projected ServiceAccount token WHEN synthesised THEN it is a projected volume with the audience, and the API token stays unmounted', () => {
    const chart = newChart();
    worker({ mounts: [Mount.serviceAccountToken('/var/run/secrets/vault', { audience: 'vault', expiration: Duration.hours(1) })] }, chart);
    const spec = podSpec(depOf(chart));
    expect(spec.volumes).toContainEqual({ name: 'token-var-run-secrets-vault', projected: { sources: [{ serviceAccountToken: { path: 'token', audience: 'vault', expirationSeconds: 3600 } }] } });
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'token-var-run-secrets-vault', mountPath: '/var/run/secrets/vault', readOnly: true });
    expect(spec.automountServiceAccountToken).toBe(false);
  });

  it('GIVEN ConfigMap and Secret items with file modes WHEN synthesised THEN only those keys are projected with their modes', () => {
    const chart = newChart();
    const config = new ConfigMap(chart, 'settings', { data: { 'app.yaml': 'a: 1', other: 'x' } });
    worker({
      mounts: [
        Mount.configMap(config, '/etc/app', { items: [{ key: 'app.yaml', path: 'config/app.yaml', mode: 0o440 }], defaultMode: 0o444 }),
        Mount.secret(SecretSource.existing('tls', ['tls.key', 'tls.crt']), '/etc/tls', { items: [{ key: 'tls.key', mode: 0o400 }] }),
      ],
    }, chart);
    const spec = podSpec(depOf(chart));
    expect(spec.volumes).toContainEqual({ name: 'config-etc-app', configMap: { name: 'settings', items: [{ key: 'app.yaml', path: 'config/app.yaml', mode: 288 }], defaultMode: 292 } });
    expect(spec.volumes).toContainEqual({ name: 'secret-etc-tls', secret: { secretName: 'tls', items: [{ key: 'tls.key', path: 'tls.key', mode: 256 }] } });
  });

  describe('validation', () => {
    it('a claim size that is not a quantity', () => expect(() => worker({ mounts: [Mount.newClaim('/data', { storage: '10 GB' })] }))
      .toThrow(/^test\/mailer: mounts claim storage "10 GB" is invalid: is not a Kubernetes quantity.*Fix: write a quantity without spaces such as '10Gi'/));
    it('a ReadWriteOnce claim shared by 2 replicas', () => expect(() => worker({ replicas: 2, mounts: [Mount.newClaim('/data', { storage: '1Gi' })] }))
      .toThrow(/mounts claim accessMode "ReadWriteOnce" is invalid: up to 2 pods share the claim 'mailer-data', and ReadWriteOnce lets one node mount it\. Fix: use accessMode: 'ReadWriteMany'/));
    it('a ReadWriteOnce claim on a DaemonAgent', () => expect(() => new DaemonAgent(newChart(), 'agent', { image: 'busybox:1.36', mounts: [Mount.newClaim('/data', { storage: '1Gi' })] }))
      .toThrow(/a pod on every node shares the claim 'agent-data'/));
    it('a ReadWriteOnce claim shared by 3 parallel Job pods', () => expect(() => new WorkerJob(newChart(), 'batch', { image: 'busybox:1.36', parallelism: 3, completions: 3, mounts: [Mount.newClaim('/work', { storage: '1Gi' })] }))
      .toThrow(/up to 3 pods share the claim 'batch-work'/));
    it('an unknown access mode', () => expect(() => worker({ mounts: [Mount.newClaim('/data', { storage: '1Gi', accessMode: 'RWO' as never })] })).toThrow(/mounts claim accessMode "RWO" is invalid: must be one of ReadWriteOnce/));
    it('a bad existing claim name', () => expect(() => worker({ mounts: [Mount.claim('Shared_Data', '/data')] })).toThrow(/mounts claim "Shared_Data" is invalid/));
    it('a token expiring in under 10 minutes', () => expect(() => worker({ mounts: [Mount.serviceAccountToken('/t', { expiration: Duration.minutes(5) })] }))
      .toThrow(/mounts token expiration \(seconds\) 300 is invalid: must be an integer >= 600/));
    it('an item key the ConfigMap does not have', () => {
      const chart = newChart();
      const config = new ConfigMap(chart, 'settings', { data: { 'app.yaml': 'a: 1' } });
      expect(() => worker({ mounts: [Mount.configMap(config, '/etc/app', { items: [{ key: 'nope' }] })] }, chart)).toThrow(/mounts items key "nope" is invalid: is not one of the keys \(app\.yaml\)/);
    });
    it('a file mode above 0o777', () => expect(() => worker({ mounts: [Mount.secret(SecretSource.existing('tls'), '/etc/tls', { defaultMode: 0o1777 })] }))
      .toThrow(/mounts defaultMode 1023 is invalid: must be a file mode from 0 to 0o777/));
    it("an item path with '..'", () => expect(() => worker({ mounts: [Mount.secret(SecretSource.existing('tls'), '/etc/tls', { items: [{ key: 'a', path: '../a' }] })] }))
      .toThrow(/mounts items path "\.\.\/a" is invalid/));
  });
});

describe('lifecycle and probes', () => {
  it('GIVEN preStop exec and HTTP hooks and a grace period WHEN synthesised THEN the lifecycle and terminationGracePeriodSeconds are written', () => {
    const chart = newChart();
    worker({ preStop: Hook.exec(['/app/drain']), terminationGracePeriod: Duration.seconds(60) }, chart);
    new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, preStop: Hook.http('/drain') });
    const objects = synth(chart);
    const dep = find(objects, 'Deployment', 'mailer');
    expect(container(dep).lifecycle).toEqual({ preStop: { exec: { command: ['/app/drain'] } } });
    expect(podSpec(dep).terminationGracePeriodSeconds).toBe(60);
    expect(container(find(objects, 'Deployment', 'web')).lifecycle).toEqual({ preStop: { httpGet: { path: '/drain', port: 'http', scheme: 'HTTP' } } });
    expect(podSpec(find(objects, 'Deployment', 'web')).terminationGracePeriodSeconds).toBeUndefined();
  });

  it('GIVEN a sleep preStop on 1.30 WHEN synthesised THEN the kubelet sleep action is written', () => {
    const chart = chartAt('1.30');
    new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, preStop: Hook.sleep(Duration.seconds(5)) });
    expect(container(depOf(chart)).lifecycle).toEqual({ preStop: { sleep: { seconds: 5 } } });
  });

  it('GIVEN a startup probe on every construct WHEN synthesised THEN each main container has it', () => {
    const chart = newChart();
    const startup = Probe.exec(['test', '-f', '/tmp/started']);
    worker({ startup }, chart);
    new WorkerJob(chart, 'job', { image: 'busybox:1.36', startup });
    new Cron(chart, 'cron', { image: 'busybox:1.36', schedule: '@daily', startup });
    new DaemonAgent(chart, 'agent', { image: 'busybox:1.36', startup });
    new StatefulDb(chart, 'db', { image: 'postgres:16.2', storage: '1Gi', startup });
    new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, startup });
    const objects = synth(chart);
    for (const kind of ['Deployment', 'Job', 'CronJob', 'DaemonSet', 'StatefulSet']) {
      for (const o of objects.filter((x) => x.kind === kind)) expect(container(o).startupProbe.exec, `${kind}/${o.metadata.name}`).toEqual({ command: ['test', '-f', '/tmp/started'] });
    }
  });

  it('GIVEN a gRPC readiness probe WHEN synthesised THEN it checks the port by number with the service name', () => {
    const chart = newChart();
    new WebService(chart, 'grpc', { image: 'ghcr.io/acme/api:1.0.0', port: { port: 50051, name: 'grpc' }, readiness: Probe.grpc({ service: 'ready' }), liveness: Probe.grpc() });
    const c = container(depOf(chart));
    expect(c.readinessProbe.grpc).toEqual({ port: 50051, service: 'ready' });
    expect(c.livenessProbe.grpc).toEqual({ port: 50051 });
  });

  describe('validation', () => {
    it('a sleep preStop on 1.29', () => expect(() => new WebService(chartAt('1.29'), 'web', { image: 'nginx:1.25.3', port: 8080, preStop: Hook.sleep(Duration.seconds(5)) }))
      .toThrow(/^test\/web: preStop "sleep 5s" is invalid: the sleep action is served from Kubernetes 1\.30 \(the target version is older\)\. Fix: use Hook\.exec\(\['sleep', '5'\]\)/));
    it('a grace period not longer than the preStop sleep', () => expect(() => new WebService(chartAt('1.31'), 'web', { image: 'nginx:1.25.3', port: 8080, preStop: Hook.sleep(Duration.seconds(30)), terminationGracePeriod: Duration.seconds(20) }))
      .toThrow(/terminationGracePeriod "20s" is invalid: must be longer than the preStop sleep \(30s\).*Fix: set terminationGracePeriod: Duration\.seconds\(40\) or more/));
    it("a sidecar's preStop sleep not shorter than the default grace period", () => expect(() => new WebService(chartAt('1.31'), 'web', { image: 'nginx:1.25.3', port: 8080, sidecars: [{ name: 'proxy', image: 'busybox:1.36', preStop: Hook.sleep(Duration.seconds(45)) }] }))
      .toThrow(/^test\/web: terminationGracePeriod \(default\) "30s" is invalid: must be longer than the sidecars\[0\]\.preStop sleep \(45s\)/));
    it('an HTTP hook on a worker without a port', () => expect(() => worker({ preStop: Hook.http('/drain') })).toThrow(/preStop port .* is invalid: an HTTP hook needs one of the container's ports \(none\)/));
    it('an exec hook without a command', () => expect(() => worker({ preStop: Hook.exec([]) })).toThrow(/preStop \[\] is invalid: an exec hook needs a command/));
    it('a gRPC probe without a port', () => expect(() => worker({ readiness: Probe.grpc() })).toThrow(/readinessProbe "grpc" is invalid: an HTTP, TCP or gRPC probe needs a port/));
    it('a probe naming a port the container lacks', () => expect(() => new WebService(newChart(), 'web', { image: 'nginx:1.25.3', port: 8080, readiness: Probe.http('/', { port: 'admin' }) }))
      .toThrow(/readinessProbe port "admin" is invalid: is not one of the container's ports \(http\)/));
  });
});

describe('images and scheduling', () => {
  it('GIVEN a HelmlessChart with pull secrets and a registry mirror WHEN workloads synthesise THEN every pod pulls through them, and a workload can override both', () => {
    const chart = new HelmlessChart(Testing.app(), 'shop', { imagePullSecrets: [SecretSource.existing('regcred')], imageRegistry: 'mirror.example.com/hub' });
    new Worker(chart, 'mailer', { ...IMAGE, sidecars: [{ name: 'proxy', image: 'envoyproxy/envoy:v1.31.2' }], initContainers: [{ name: 'wait', image: 'busybox:1.36' }] });
    new Worker(chart, 'other', { image: 'nginx:1.25.3', imagePullSecrets: [], imageRegistry: 'registry.internal:5000' });
    const objects = synth(chart);
    const mailer = find(objects, 'Deployment', 'mailer');
    expect(podSpec(mailer).imagePullSecrets).toEqual([{ name: 'regcred' }]);
    expect(mailer.metadata.annotations['helmless.io/external-secrets']).toBe('regcred');
    expect([...podSpec(mailer).containers, ...podSpec(mailer).initContainers].map((c: { image: string }) => c.image)).toEqual([
      'mirror.example.com/hub/acme/tickets-mailer:2.3.1', 'mirror.example.com/hub/envoyproxy/envoy:v1.31.2', 'mirror.example.com/hub/library/busybox:1.36',
    ]);
    expect(mailer.metadata.labels['app.kubernetes.io/version']).toBe('2.3.1');
    const other = find(objects, 'Deployment', 'other');
    expect(podSpec(other).imagePullSecrets).toBeUndefined();
    expect(container(other).image).toBe('registry.internal:5000/library/nginx:1.25.3');
  });

  it('GIVEN image references of every shape WHEN a mirror is applied THEN the registry host is replaced and Docker Hub names get library/', () => {
    expect(withRegistry('nginx:1.25.3', 'm.example.com')).toBe('m.example.com/library/nginx:1.25.3');
    expect(withRegistry('bitnami/redis:7.2.5', 'm.example.com/')).toBe('m.example.com/bitnami/redis:7.2.5');
    expect(withRegistry('ghcr.io/acme/api@sha256:' + 'a'.repeat(64), 'm.example.com')).toBe('m.example.com/acme/api@sha256:' + 'a'.repeat(64));
    expect(withRegistry('localhost:5000/api:1', 'm.example.com')).toBe('m.example.com/api:1');
    expect(withRegistry('nginx:1.25.3', undefined)).toBe('nginx:1.25.3');
  });

  it('GIVEN a priorityClassName WHEN synthesised THEN the pods carry it', () => {
    const chart = newChart();
    worker({ priorityClassName: 'batch-low' }, chart);
    expect(podSpec(depOf(chart)).priorityClassName).toBe('batch-low');
  });

  describe('documented defaults', () => {
    const chart = newChart();
    worker({}, chart);
    const spec = podSpec(depOf(chart));
    it('imagePullSecrets: none', () => expect(spec.imagePullSecrets).toBeUndefined());
    it('imageRegistry: the image as written', () => expect(spec.containers[0].image).toBe(IMAGE.image));
    it('priorityClassName: the cluster default', () => expect(spec.priorityClassName).toBeUndefined());
    it('terminationGracePeriod: not written (30s)', () => expect(spec.terminationGracePeriodSeconds).toBeUndefined());
    it('preStop: nothing', () => expect(spec.containers[0].lifecycle).toBeUndefined());
    it('startup: none', () => expect(spec.containers[0].startupProbe).toBeUndefined());
    it('envFrom, initContainers, sidecars: none', () => expect([spec.containers[0].envFrom, spec.initContainers, spec.containers.length]).toEqual([undefined, undefined, 1]));
  });

  describe('validation', () => {
    it('a registry with a scheme', () => expect(() => worker({ imageRegistry: 'https://mirror.example.com' }))
      .toThrow(/^test\/mailer: imageRegistry "https:\/\/mirror\.example\.com" is invalid: must be a registry host with an optional port and path, without a scheme/));
    it("a chart's bad registry", () => expect(() => new Worker(new HelmlessChart(Testing.app(), 'shop', { imageRegistry: 'Mirror Example' }), 'w', IMAGE))
      .toThrow(/imageRegistry \(from the HelmlessChart\) "Mirror Example" is invalid/));
    it('a pull secret that is a string', () => expect(() => worker({ imagePullSecrets: ['regcred'] })).toThrow(/imagePullSecrets\[0\] "regcred" is invalid: must be a SecretSource\. Fix: use SecretSource\.existing\('regcred'\)/));
    it('a bad priorityClassName', () => expect(() => worker({ priorityClassName: 'High_Priority' })).toThrow(/PriorityClass name "High_Priority" is invalid/));
  });
});
