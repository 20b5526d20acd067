import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  ConfigMap, ConfigMapKeyRef, Duration, HelmlessChart, Mount, Probe, RESOURCE_PRESETS, SecretSource, Security, Size, WebService,
  WorkerJob,
} from '../../src';
import { imageVersion, parseImage } from '../../src/constructs/image';
import * as k8s from '../../imports/k8s';
import { TEMPLATE_HASH_TTL_REASON } from '../../src/constructs/worker-job';
import { container, find, newChart, podSpec, synth } from './helpers';

const SEALED = 'AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq'.repeat(4);

describe('images', () => {
  it('GIVEN image references WHEN parsed THEN repository, tag and digest are split (registry ports are not tags)', () => {
    expect(parseImage('nginx:1.25.3')).toEqual({ repository: 'nginx', tag: '1.25.3', digest: undefined });
    expect(parseImage('registry.local:5000/team/app:2.0')).toEqual({ repository: 'registry.local:5000/team/app', tag: '2.0', digest: undefined });
    expect(parseImage('registry.local:5000/team/app')).toEqual({ repository: 'registry.local:5000/team/app', tag: undefined, digest: undefined });
    expect(parseImage(`app:1.0@sha256:${'b'.repeat(64)}`).digest).toBe(`sha256:${'b'.repeat(64)}`);
  });
  it('GIVEN a digest-only image WHEN labelled THEN the version is the first 12 hex digits', () => {
    expect(imageVersion(parseImage(`app@sha256:${'c'.repeat(64)}`))).toBe('c'.repeat(12));
  });
  it('GIVEN upper case in the repository path WHEN constructed THEN it throws; a registry host with a port is fine', () => {
    expect(() => new WorkerJob(newChart(), 'j', { image: 'team/MyApp:1.0' })).toThrow(/image "team\/MyApp:1.0" is invalid: not a container image reference/);
    expect(() => new WorkerJob(newChart(), 'j', { image: 'Registry.Local:5000/team/app:1.0' })).not.toThrow();
  });
  it('GIVEN a postgres image on a private registry with a port WHEN used in a StatefulDb THEN the engine is still detected', async () => {
    const { StatefulDb } = await import('../../src');
    expect(new StatefulDb(newChart(), 'db', { image: 'registry.local:5000/library/postgres:16.2', storage: '1Gi' }).engine).toBe('postgres');
  });
  it('GIVEN an image on a registry with a port and no tag WHEN constructed THEN it throws as unpinned', () => {
    expect(() => new WorkerJob(newChart(), 'j', { image: 'registry.local:5000/app' })).toThrow(/has no tag or digest/);
  });
});

describe('values', () => {
  it('GIVEN sizes WHEN built THEN they render as quantities', () => {
    expect(Size.gibibytes(10).quantity).toBe('10Gi');
    expect(Size.parse('512Mi').bytes).toBe(512 * 1024 * 1024);
  });
  it("GIVEN '10 GB' WHEN parsed THEN it throws naming the value and the fix", () => {
    expect(() => Size.parse('10 GB')).toThrow(/Size "10 GB" is not a Kubernetes quantity.*'10Gi'/);
    expect(() => Size.gibibytes(0.5)).toThrow(/positive integer/);
  });
  it('GIVEN durations WHEN rendered THEN seconds and Go strings are right', () => {
    expect(Duration.minutes(90).toSeconds()).toBe(5400);
    expect(Duration.minutes(90).toGoString()).toBe('1h30m');
    expect(Duration.seconds(0).toGoString()).toBe('0s');
  });
});

describe('resources', () => {
  it('GIVEN each preset WHEN rendered THEN requests cpu+memory and a memory limit equal to the request, no CPU limit', () => {
    for (const preset of ['small', 'medium', 'large'] as const) {
      const chart = newChart();
      new WorkerJob(chart, 'j', { image: 'busybox:1.36', resources: preset });
      const r = container(find(synth(chart), 'Job')).resources;
      expect(r).toEqual({ requests: { cpu: RESOURCE_PRESETS[preset].cpu, memory: RESOURCE_PRESETS[preset].memory }, limits: { memory: RESOURCE_PRESETS[preset].memory } });
    }
  });
  it('GIVEN raw values with a CPU limit WHEN rendered THEN they are used as given', () => {
    const chart = newChart();
    new WorkerJob(chart, 'j', { image: 'busybox:1.36', resources: { cpu: '250m', memory: '256Mi', memoryLimit: '512Mi', cpuLimit: '1' } });
    expect(container(find(synth(chart), 'Job')).resources).toEqual({ requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi', cpu: '1' } });
  });
  it('GIVEN a memory limit below the request WHEN constructed THEN it throws', () => {
    expect(() => new WorkerJob(newChart(), 'j', { image: 'busybox:1.36', resources: { cpu: '1', memory: '1Gi', memoryLimit: '512Mi' } }))
      .toThrow(/resources.memoryLimit "512Mi" is invalid: must be >= the memory request 1Gi/);
  });
  it('GIVEN an unknown preset WHEN constructed THEN it throws', () => {
    expect(() => new WorkerJob(newChart(), 'j', { image: 'busybox:1.36', resources: 'huge' as never })).toThrow(/resources "huge" is invalid/);
  });
});

describe('security', () => {
  it('GIVEN the default WHEN synthesised THEN pods meet restricted, UID 65532, token not mounted, own ServiceAccount', () => {
    const chart = newChart();
    new WorkerJob(chart, 'j', { image: 'busybox:1.36' });
    const objects = synth(chart);
    const job = find(objects, 'Job');
    expect(podSpec(job).securityContext).toEqual({ runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container(job).securityContext).toEqual({
      allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(podSpec(job).automountServiceAccountToken).toBe(false);
    expect(podSpec(job).serviceAccountName).toBe('j');
    expect(find(objects, 'ServiceAccount', 'j').automountServiceAccountToken).toBe(false);
    expect(container(job).volumeMounts).toEqual([{ name: 'tmp', mountPath: '/tmp' }]);
    expect(container(job).imagePullPolicy).toBe('IfNotPresent');
  });
  it('GIVEN Security.relaxed with a reason WHEN synthesised THEN root and a writable root fs are allowed and the reason is recorded', () => {
    const chart = newChart();
    new WorkerJob(chart, 'j', { image: 'busybox:1.36', security: Security.relaxed({ reason: 'legacy image writes to /var', allowRoot: true, writableRootFilesystem: true, addCapabilities: ['CHOWN'] }) });
    const job = find(synth(chart), 'Job');
    expect(podSpec(job).securityContext).toMatchObject({ runAsNonRoot: false, runAsUser: 0 });
    expect(container(job).securityContext).toMatchObject({ readOnlyRootFilesystem: false, capabilities: { drop: ['ALL'], add: ['CHOWN'] } });
    expect(job.metadata.annotations['helmless.io/pod-security-exemption']).toBe('legacy image writes to /var');
    expect(job.spec.template.metadata.annotations).toMatchObject({
      'helmless.io/allow-run-as-non-root': 'legacy image writes to /var',
      'helmless.io/allow-run-as-root-user': 'legacy image writes to /var',
      'helmless.io/allow-writable-root-filesystem': 'legacy image writes to /var',
      'helmless.io/allow-added-capabilities': 'legacy image writes to /var',
    });
  });
  it('GIVEN suppressions WHEN synthesised THEN each becomes helmless.io/allow-<rule> with its reason on the pod template', () => {
    const chart = newChart();
    new WorkerJob(chart, 'j', { image: 'busybox:1.36', suppressions: { 'job-ttl': 'GitOps re-creates deleted Jobs' } });
    const job = find(synth(chart), 'Job');
    expect(job.spec.template.metadata.annotations).toEqual({ 'helmless.io/allow-job-ttl': 'GitOps re-creates deleted Jobs' });
  });
  it('GIVEN an existing ServiceAccount and token automount WHEN synthesised THEN no ServiceAccount is created and the token is mounted', () => {
    const chart = newChart();
    const sa = new k8s.KubeServiceAccount(chart, 'sa', { metadata: { name: 'api-reader' } });
    new WorkerJob(chart, 'j', { image: 'busybox:1.36', serviceAccount: sa, automountServiceAccountToken: true });
    const objects = synth(chart);
    expect(objects.filter((o) => o.kind === 'ServiceAccount').map((o) => o.metadata.name)).toEqual(['api-reader']);
    expect(podSpec(find(objects, 'Job'))).toMatchObject({ serviceAccountName: 'api-reader', automountServiceAccountToken: true });
  });
});

describe('secrets and config by reference', () => {
  it('GIVEN immutable: true WHEN a workload reads the ConfigMap THEN it is immutable, content-named, and a data change renames it', () => {
    const render = (level: string) => {
      const chart = newChart();
      const config = new ConfigMap(chart, 'app-config', { data: { LEVEL: level }, immutable: true });
      new WorkerJob(chart, 'j', { image: 'busybox:1.36', env: { LEVEL: config.key('LEVEL') }, mounts: [Mount.configMap(config, '/etc/app')] });
      return { config, objects: synth(chart) };
    };
    const a = render('info');
    const cm = find(a.objects, 'ConfigMap');
    expect(cm.immutable).toBe(true);
    expect(cm.metadata.name).toMatch(/^app-config-[0-9a-f]{10}$/);
    expect(cm.metadata.name).toBe(a.config.name);
    expect(cm.metadata.labels['app.kubernetes.io/name']).toBe('app-config');
    const job = find(a.objects, 'Job');
    expect(container(job).env).toEqual([{ name: 'LEVEL', valueFrom: { configMapKeyRef: { name: cm.metadata.name, key: 'LEVEL' } } }]);
    expect(podSpec(job).volumes).toContainEqual({ name: 'config-etc-app', configMap: { name: cm.metadata.name } });
    // same content, same name (deterministic); other content, other name
    expect(render('info').config.name).toBe(a.config.name);
    expect(render('debug').config.name).not.toBe(a.config.name);
  });

  it('GIVEN the default WHEN synthesised THEN the ConfigMap is mutable and keeps its plain name', () => {
    const chart = newChart();
    const config = new ConfigMap(chart, 'app-config', { data: { LEVEL: 'info' } });
    expect(config.immutable).toBe(false);
    const cm = find(synth(chart), 'ConfigMap');
    expect(cm.metadata.name).toBe('app-config');
    expect(cm.immutable).toBeUndefined();
  });

  it('GIVEN a SealedSecret key and a ConfigMap WHEN used in env and mounts THEN references resolve and a checksum annotation is set', () => {
    const chart = newChart();
    const token = SecretSource.sealed(chart, 'api-token', { encryptedData: { token: SEALED } });
    const config = new ConfigMap(chart, 'app-config', { data: { LEVEL: 'info' } });
    new WorkerJob(chart, 'j', {
      image: 'busybox:1.36',
      env: { API_TOKEN: token.key('token'), LEVEL: config.key('LEVEL') },
      mounts: [Mount.configMap(config, '/etc/app'), Mount.secret(token, '/etc/token'), Mount.emptyDir('/cache', { sizeLimit: '1Gi' })],
    });
    const objects = synth(chart);
    const job = find(objects, 'Job');
    expect(container(job).env).toEqual([
      { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'api-token', key: 'token' } } },
      { name: 'LEVEL', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'LEVEL' } } },
    ]);
    expect(podSpec(job).volumes).toEqual([
      { name: 'tmp', emptyDir: {} },
      { name: 'config-etc-app', configMap: { name: 'app-config' } },
      { name: 'secret-etc-token', secret: { secretName: 'api-token' } },
      { name: 'cache', emptyDir: { sizeLimit: '1Gi' } },
    ]);
    expect(job.spec.template.metadata.annotations['helmless.io/config-checksum']).toMatch(/^[0-9a-f]{64}$/);
    expect(job.spec.template.metadata.annotations['helmless.io/external-secrets']).toBeUndefined();
    expect(find(objects, 'SealedSecret').spec.encryptedData.token).toBe(SEALED);
  });
  it('GIVEN a ConfigMap change WHEN synthesised THEN the pod checksum changes', () => {
    const checksum = (level: string) => {
      const chart = newChart();
      const cm = new ConfigMap(chart, 'c', { data: { LEVEL: level } });
      new WorkerJob(chart, 'j', { image: 'busybox:1.36', env: { LEVEL: cm.key('LEVEL') } });
      return find(synth(chart), 'Job').spec.template.metadata.annotations['helmless.io/config-checksum'];
    };
    expect(checksum('info')).not.toBe(checksum('debug'));
    expect(checksum('info')).toBe(checksum('info'));
  });
  it('GIVEN a plain value in a SealedSecret WHEN constructed THEN it throws instead of publishing it', () => {
    expect(() => SecretSource.sealed(newChart(), 's', { encryptedData: { password: 'hunter2' } })).toThrow(/encryptedData.password "hunter2" is invalid: does not look like kubeseal output/);
  });
  it('GIVEN bad secret sources WHEN built THEN they throw', () => {
    expect(() => SecretSource.existing('Bad_Name')).toThrow(/Secret name "Bad_Name" is invalid/);
    expect(() => SecretSource.existing('ok').key('bad key')).toThrow(/key "bad key" is invalid/);
    expect(() => SecretSource.externalSecret(newChart(), 'e', { store: { name: 'vault' }, data: {} })).toThrow(/data \{\} is invalid: must list at least one key/);
    expect(() => new ConfigMap(newChart(), 'c', { data: { a: '1' } }).key('b')).toThrow(/has no key "b"/);
  });
  it('GIVEN a ConfigMapKeyRef on a raw KubeConfigMap WHEN used THEN it references the object name', () => {
    const chart = newChart();
    const cm = new k8s.KubeConfigMap(chart, 'raw', { metadata: { name: 'raw-config' }, data: { A: '1' } });
    new WorkerJob(chart, 'j', { image: 'busybox:1.36', env: { A: ConfigMapKeyRef.of(cm, 'A') } });
    expect(container(find(synth(chart), 'Job')).env).toEqual([{ name: 'A', valueFrom: { configMapKeyRef: { name: 'raw-config', key: 'A' } } }]);
  });
});

describe('documented defaults of WorkloadProps', () => {
  const chart = newChart();
  new WorkerJob(chart, 'j', { image: 'busybox:1.36' });
  const objects = synth(chart);
  const job = find(objects, 'Job');
  const spec = podSpec(job);
  it('name: the construct id (a WorkerJob adds its template hash to the Job)', () => expect([find(objects, 'ServiceAccount').metadata.name, job.metadata.name]).toEqual(['j', expect.stringMatching(/^j-[0-9a-f]{10}$/)]));
  it('env: none; mounts: none; command/args: the image', () => expect([container(job).env, container(job).command, container(job).args]).toEqual([undefined, undefined, undefined]));
  it("resources: 'small'", () => expect(container(job).resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } }));
  it('security: restricted, UID 65532', () => expect(spec.securityContext.runAsUser).toBe(65532));
  it("writablePaths: ['/tmp']", () => expect(spec.volumes).toEqual([{ name: 'tmp', emptyDir: {} }]));
  it('serviceAccount: one of its own', () => expect(find(objects, 'ServiceAccount').metadata.name).toBe('j'));
  it('automountServiceAccountToken: false', () => expect(spec.automountServiceAccountToken).toBe(false));
  it('nodeSelector and tolerations: none', () => expect([spec.nodeSelector, spec.tolerations]).toEqual([undefined, undefined]));
  it('annotations and suppressions: none (but the content-named Job\'s own job-ttl reason)', () => expect([job.metadata.annotations, job.spec.template.metadata.annotations]).toEqual([undefined, { 'helmless.io/allow-job-ttl': TEMPLATE_HASH_TTL_REASON }]));
  it("component: per construct ('job' for WorkerJob)", () => expect(job.metadata.labels['app.kubernetes.io/component']).toBe('job'));
  it('partOf: the chart id in a plain Chart', () => expect(job.metadata.labels['app.kubernetes.io/part-of']).toBe('test'));
  it("databaseEnvPrefix: 'DB'", async () => {
    const { StatefulDb } = await import('../../src');
    const c = newChart();
    const db = new StatefulDb(c, 'db', { image: 'postgres:16.2', storage: '1Gi' });
    new WorkerJob(c, 'm', { image: 'busybox:1.36', database: db });
    expect(container(find(synth(c), 'Job')).env.map((e: { name: string }) => e.name)).toEqual(['DB_HOST', 'DB_PASSWORD', 'DB_PORT', 'DB_USER']);
  });
});

describe('labels and names', () => {
  it('GIVEN a HelmlessChart with partOf WHEN synthesised THEN labels use its instance and partOf, selectors only name+instance', () => {
    const chart = new HelmlessChart(Testing.app(), 'shop-dev', { partOf: 'shop' });
    new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, labels: { team: 'checkout' } });
    const dep = find(Testing.synth(chart), 'Deployment');
    expect(dep.metadata.labels).toEqual({
      team: 'checkout',
      'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop-dev', 'app.kubernetes.io/version': '1.25.3',
      'app.kubernetes.io/component': 'server', 'app.kubernetes.io/part-of': 'shop', 'app.kubernetes.io/managed-by': 'helmless',
    });
    expect(dep.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop-dev' });
  });
  it('GIVEN the same name in two namespaces WHEN constructed THEN there is no collision; in one namespace there is', () => {
    const app = Testing.app();
    new WorkerJob(new Chart(app, 'a', { namespace: 'a' }), 'j', { image: 'busybox:1.36' });
    expect(() => new WorkerJob(new Chart(app, 'b', { namespace: 'b' }), 'j', { image: 'busybox:1.36' })).not.toThrow();
    expect(() => new WorkerJob(new Chart(app, 'c', { namespace: 'a' }), 'j', { image: 'busybox:1.36' }))
      .toThrow(/c\/j: ServiceAccount name "j" is invalid: it collides with the ServiceAccount of the same name in namespace 'a' created by 'a\/j'/);
  });
  it('GIVEN a chart id that is not a label value WHEN constructed THEN it throws naming the instance', () => {
    expect(() => new WorkerJob(new Chart(Testing.app(), 'My Chart'), 'j', { image: 'busybox:1.36' })).toThrow(/instance \(the chart id\) "My Chart" is invalid/);
  });
});

describe('documented defaults of the value types', () => {
  it('startup probe: 0s delay, 10s period, 30 failures, 3s timeout', () => {
    const chart = newChart();
    new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, startup: Probe.tcp() });
    expect(container(find(synth(chart), 'Deployment')).startupProbe).toEqual({
      tcpSocket: { port: 'http' }, initialDelaySeconds: 0, periodSeconds: 10, timeoutSeconds: 3, successThreshold: 1, failureThreshold: 30,
    });
  });
  it("Probe.http: path '/', scheme HTTP; options override timing", () => {
    const chart = newChart();
    new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, readiness: Probe.http(undefined, { period: Duration.seconds(5), failureThreshold: 6 }) });
    expect(container(find(synth(chart), 'Deployment')).readinessProbe).toMatchObject({ httpGet: { path: '/', port: 'http', scheme: 'HTTP' }, periodSeconds: 5, failureThreshold: 6 });
  });
  it('ExternalSecret: refreshInterval 1h, secretName the id, SecretStore kind, Owner creation policy', () => {
    const chart = newChart();
    const s = SecretSource.externalSecret(chart, 'creds', { store: { name: 'vault' }, data: { password: { key: 'db' } } });
    expect(s.secretName).toBe('creds');
    const es = find(synth(chart), 'ExternalSecret');
    expect(es.spec).toMatchObject({ refreshInterval: '1h', secretStoreRef: { name: 'vault', kind: 'SecretStore' }, target: { name: 'creds', creationPolicy: 'Owner' } });
  });
  it("SealedSecret: type 'Opaque', secretName the id", () => {
    const chart = newChart();
    SecretSource.sealed(chart, 'token', { encryptedData: { token: SEALED } });
    expect(find(synth(chart), 'SealedSecret').spec.template).toMatchObject({ type: 'Opaque', metadata: { name: 'token' } });
  });
  it('Mount: ConfigMaps, Secrets and host paths read-only, emptyDirs writable; hostPath type Directory, mounted at the host path', () => {
    const cm = new k8s.KubeConfigMap(newChart(), 'c', { metadata: { name: 'c' } });
    expect(Mount.configMap(cm, '/a').options.readOnly).toBe(true);
    expect(Mount.secret(SecretSource.existing('s'), '/b').options.readOnly).toBe(true);
    expect(Mount.emptyDir('/c').options.readOnly).toBe(false);
    const h = Mount.hostPath('/proc');
    expect([h.options.readOnly, h.path]).toEqual([true, '/proc']);
  });
  it('ConfigMap: name the id, component config', () => {
    const chart = newChart();
    new ConfigMap(chart, 'settings', { data: { A: '1' } });
    expect(find(synth(chart), 'ConfigMap').metadata).toMatchObject({ name: 'settings', labels: { 'app.kubernetes.io/component': 'config' } });
  });
  it('HelmlessChart: instance and partOf default to the chart id; no hash suffixes', () => {
    const chart = new HelmlessChart(Testing.app(), 'shop');
    expect([chart.instance, chart.partOf]).toEqual(['shop', 'shop']);
    new k8s.KubeConfigMap(chart, 'raw');
    expect(Testing.synth(chart)[0].metadata.name).toBe('shop-raw');
  });
  it('ServiceAccountOptions: annotations none, or as given', () => {
    const chart = newChart();
    new WorkerJob(chart, 'j', { image: 'busybox:1.36', serviceAccount: { annotations: { 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/x' } } });
    expect(find(synth(chart), 'ServiceAccount').metadata.annotations).toEqual({ 'eks.amazonaws.com/role-arn': 'arn:aws:iam::1:role/x' });
  });
});

describe('name suggestions', () => {
  it('GIVEN a bad id WHEN constructed THEN the fix suggests the nearest valid name', async () => {
    const { suggestName } = await import('../../src/constructs/names');
    expect(suggestName('My_App')).toBe('my-app');
    expect(suggestName('1st-web', 'dns1035-label')).toBe('st-web');
    expect(suggestName('___')).toBe('my-app');
    expect(() => new WorkerJob(newChart(), 'Migrate_DB', { image: 'busybox:1.36' })).toThrow(/Fix: .*e\.g\. 'migrate-db'/);
  });
});

describe('source attribution', () => {
  it('GIVEN constructs created in this file WHEN their children are looked up THEN the creation site is the line here, not helmless internals', async () => {
    const { creationSiteOf } = await import('../../src/source-location');
    const chart = newChart();
    const line = Number(new Error().stack!.split('\n')[1].match(/:(\d+):\d+\)?$/)![1]) + 1;
    const web = new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080 });
    const creds = SecretSource.externalSecret(chart, 'creds', { store: { name: 'vault' }, data: { password: { key: 'k' } } });
    expect(creationSiteOf(web.deployment)).toBe(`test/constructs/shared.test.ts:${line}`);
    expect(creationSiteOf(web.service)).toBe(`test/constructs/shared.test.ts:${line}`);
    expect(creationSiteOf(creds.externalSecret)).toBe(`test/constructs/shared.test.ts:${line + 1}`);
  });
});
