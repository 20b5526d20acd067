import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  ConfigMap, Cron, DaemonAgent, Duration, EnvFrom, Hook, Mount, Probe, SecretSource, Security, StatefulDb, WebService, WorkerJob,
} from '../../src';
import { container, find, newChart, podSpec, synth, synthYaml } from './helpers';

/** A plain Chart whose target Kubernetes version is `version`. */
function chartAt(version: string): Chart {
  const app = Testing.app();
  app.node.setContext('helmless:kubernetesVersion', version);
  return new Chart(app, 'test');
}

const API = { image: 'ghcr.io/acme/tickets-api:2.3.1', port: 3000 };
const WAIT = { name: 'wait', image: 'busybox:1.36', command: ['sh', '-c', 'true'] };
const PROXY = { name: 'proxy', image: 'envoyproxy/envoy:v1.31.2', port: 9901 };

describe('init containers and sidecars', () => {
  it('GIVEN the call of the issue on 1.27 WHEN synthesised THEN the YAML matches the plain-sidecar snapshot', async () => {
    const chart = chartAt('1.27');
    new WebService(chart, 'api', { ...API, initContainers: [WAIT], sidecars: [PROXY] });
    await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/containers.plain-sidecar.yaml');
  });

  it('GIVEN the call of the issue on 1.29 WHEN synthesised THEN the YAML matches the native-sidecar snapshot', async () => {
    const chart = chartAt('1.29');
    new WebService(chart, 'api', { ...API, initContainers: [WAIT], sidecars: [PROXY] });
    await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/containers.native-sidecar.yaml');
  });

  describe('GIVEN a target version before 1.29', () => {
    const chart = chartAt('1.28');
    const web = new WebService(chart, 'api', { ...API, initContainers: [WAIT], sidecars: [PROXY] });
    const spec = podSpec(find(synth(chart), 'Deployment'));
    it('THEN the sidecar is a plain container after the main one', () => expect(spec.containers.map((c: { name: string }) => c.name)).toEqual(['api', 'proxy']));
    it('THEN the init containers hold only the init container', () => expect(spec.initContainers.map((c: { name: string }) => c.name)).toEqual(['wait']));
    it('THEN no container has a restartPolicy', () => expect([...spec.containers, ...spec.initContainers].map((c: { restartPolicy?: string }) => c.restartPolicy)).toEqual([undefined, undefined, undefined]));
    it('THEN the construct says so', () => expect(web.sidecars[0].native).toBe(false));
  });

  describe('GIVEN a target version of 1.29 or newer', () => {
    const chart = chartAt('1.29');
    const web = new WebService(chart, 'api', { ...API, initContainers: [WAIT], sidecars: [PROXY] });
    const spec = podSpec(find(synth(chart), 'Deployment'));
    it('THEN the sidecar is an init container with restartPolicy Always, before the other init containers', () => {
      expect(spec.initContainers.map((c: { name: string; restartPolicy?: string }) => [c.name, c.restartPolicy])).toEqual([['proxy', 'Always'], ['wait', undefined]]);
    });
    it('THEN only the main container is in containers', () => expect(spec.containers.map((c: { name: string }) => c.name)).toEqual(['api']));
    it('THEN the construct says so', () => expect(web.sidecars[0].native).toBe(true));
    it('THEN native: false keeps a plain container', () => {
      const c = chartAt('1.31');
      new WebService(c, 'api', { ...API, sidecars: [{ ...PROXY, native: false }] });
      expect(podSpec(find(synth(c), 'Deployment')).containers.map((x: { name: string }) => x.name)).toEqual(['api', 'proxy']);
    });
  });

  describe('GIVEN a sidecar and an init container with the default settings', () => {
    const chart = chartAt('1.27');
    new WebService(chart, 'api', { ...API, initContainers: [WAIT], sidecars: [PROXY] });
    const spec = podSpec(find(synth(chart), 'Deployment'));
    const proxy = spec.containers[1];
    const wait = spec.initContainers[0];
    it('THEN each inherits the restricted security context', () => {
      for (const c of [proxy, wait]) {
        expect(c.securityContext).toEqual({
          allowPrivilegeEscalation: false, privileged: false, readOnlyRootFilesystem: true, runAsNonRoot: true,
          capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
        });
      }
    });
    it("THEN each gets resources 'small' and IfNotPresent", () => {
      for (const c of [proxy, wait]) {
        expect(c.resources).toEqual({ requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '128Mi' } });
        expect(c.imagePullPolicy).toBe('IfNotPresent');
      }
    });
    it('THEN each has its own /tmp emptyDir', () => {
      expect(proxy.volumeMounts).toEqual([{ name: 'proxy-tmp', mountPath: '/tmp' }]);
      expect(wait.volumeMounts).toEqual([{ name: 'wait-tmp', mountPath: '/tmp' }]);
      expect(spec.volumes.map((v: { name: string }) => v.name)).toEqual(['tmp', 'wait-tmp', 'proxy-tmp']);
    });
    it('THEN the sidecar port is named after the sidecar and not on the Service', () => {
      expect(proxy.ports).toEqual([{ name: 'proxy', containerPort: 9901, protocol: 'TCP' }]);
      expect(find(synth(chart), 'Service').spec.ports.map((p: { name: string }) => p.name)).toEqual(['http']);
    });
    it('THEN the sidecar has no probes and no hook', () => expect([proxy.readinessProbe, proxy.livenessProbe, proxy.startupProbe, proxy.lifecycle]).toEqual([undefined, undefined, undefined, undefined]));
  });

  it('GIVEN a file puller init container and a web server sharing a Mount WHEN synthesised THEN both mount one emptyDir', () => {
    const chart = chartAt('1.27');
    const content = Mount.emptyDir('/usr/share/nginx/html');
    new WebService(chart, 'site', {
      image: 'nginxinc/nginx-unprivileged:1.25.3', port: 8080, mounts: [content],
      initContainers: [{ name: 'pull', image: 'alpine/git:2.43.0', args: ['clone', 'https://example.com/site.git', '/work'], mounts: [content.at('/work')] }],
    });
    const spec = podSpec(find(synth(chart), 'Deployment'));
    const volume = spec.volumes.filter((v: { emptyDir?: unknown; name: string }) => v.name === 'usr-share-nginx-html');
    expect(volume).toEqual([{ name: 'usr-share-nginx-html', emptyDir: {} }]);
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'usr-share-nginx-html', mountPath: '/usr/share/nginx/html' });
    expect(spec.initContainers[0].volumeMounts).toContainEqual({ name: 'usr-share-nginx-html', mountPath: '/work' });
  });

  it("GIVEN a sidecar with an exposed port, probes on its named port, env, envFrom, mounts and its own UID WHEN synthesised THEN all of it is on the sidecar and the Service targets its port", () => {
    const chart = chartAt('1.27');
    const config = new ConfigMap(chart, 'proxy-config', { data: { 'envoy.yaml': 'static_resources: {}' } });
    const creds = SecretSource.existing('proxy-creds', ['token']);
    new WebService(chart, 'api', {
      ...API,
      sidecars: [{
        name: 'proxy', image: 'envoyproxy/envoy:v1.31.2',
        port: { port: 8443, name: 'https', expose: true }, ports: [{ port: 9901, name: 'admin' }],
        readiness: Probe.http('/ready', { port: 'admin' }), liveness: Probe.tcp(), startup: Probe.grpc({ port: 'admin' }),
        env: { TOKEN: creds.key('token'), LEVEL: 'info' }, envFrom: [EnvFrom.configMap(config)],
        mounts: [Mount.configMap(config, '/etc/envoy')], resources: 'medium',
        security: Security.restricted({ runAsUser: 101 }), preStop: Hook.exec(['/drain']),
        command: ['envoy'], args: ['-c', '/etc/envoy/envoy.yaml'],
      }],
    });
    const objects = synth(chart);
    const dep = find(objects, 'Deployment');
    const proxy = podSpec(dep).containers[1];
    expect(proxy.ports).toEqual([{ name: 'https', containerPort: 8443, protocol: 'TCP' }, { name: 'admin', containerPort: 9901, protocol: 'TCP' }]);
    expect(proxy.readinessProbe.httpGet).toEqual({ path: '/ready', port: 'admin', scheme: 'HTTP' });
    expect(proxy.livenessProbe.tcpSocket).toEqual({ port: 'https' });
    expect(proxy.startupProbe.grpc).toEqual({ port: 9901 });
    expect(proxy.env).toEqual([{ name: 'LEVEL', value: 'info' }, { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'proxy-creds', key: 'token' } } }]);
    expect(proxy.envFrom).toEqual([{ configMapRef: { name: 'proxy-config' } }]);
    expect(proxy.volumeMounts).toContainEqual({ name: 'config-etc-envoy', mountPath: '/etc/envoy', readOnly: true });
    expect(proxy.securityContext).toMatchObject({ runAsUser: 101, runAsGroup: 101, runAsNonRoot: true });
    expect(podSpec(dep).containers[0].securityContext.runAsUser).toBeUndefined();
    expect(proxy.lifecycle).toEqual({ preStop: { exec: { command: ['/drain'] } } });
    expect(proxy.resources.requests).toEqual({ cpu: '500m', memory: '512Mi' });
    expect([proxy.command, proxy.args]).toEqual([['envoy'], ['-c', '/etc/envoy/envoy.yaml']]);
    expect(dep.metadata.annotations['helmless.io/external-secrets']).toBe('proxy-creds');
    expect(dep.spec.template.metadata.annotations['helmless.io/config-checksum']).toMatch(/^[0-9a-f]{64}$/);
    expect(find(objects, 'Service').spec.ports).toEqual([
      { name: 'http', port: 3000, targetPort: 'http', protocol: 'TCP' },
      { name: 'https', port: 8443, targetPort: 'https', protocol: 'TCP' },
    ]);
  });

  it("GIVEN a StatefulDb with an exporter sidecar whose port is named 'metrics' WHEN metrics is asked for THEN the ServiceMonitor scrapes the sidecar's port through the headless Service", () => {
    const chart = chartAt('1.27');
    const db = new StatefulDb(chart, 'db', {
      image: 'postgres:16.2', storage: '10Gi', metrics: {},
      sidecars: [{ name: 'exporter', image: 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0', port: { port: 9187, name: 'metrics' } }],
    });
    const objects = synth(chart);
    expect(find(objects, 'ServiceMonitor').spec.endpoints[0].port).toBe('metrics');
    expect(find(objects, 'Service', 'db-headless').spec.ports.map((p: { name: string }) => p.name)).toEqual(['postgres', 'metrics']);
    expect(container(find(objects, 'StatefulSet')).ports.map((p: { name: string }) => p.name)).toEqual(['postgres']);
    expect(db.metrics!.port).toBe(db.sidecars[0].ports[0]);
  });

  it("GIVEN a WebService whose metrics port is a sidecar's port by name WHEN synthesised THEN the ServiceMonitor scrapes it and the Service carries it", () => {
    const chart = chartAt('1.27');
    new WebService(chart, 'api', { ...API, metrics: { port: 'admin', path: '/stats/prometheus' }, sidecars: [{ ...PROXY, port: { port: 9901, name: 'admin' } }] });
    const objects = synth(chart);
    expect(find(objects, 'ServiceMonitor').spec.endpoints[0]).toEqual({ port: 'admin', path: '/stats/prometheus' });
    expect(find(objects, 'Service').spec.ports.map((p: { name: string }) => p.name)).toEqual(['http', 'admin']);
    expect(container(find(objects, 'Deployment')).ports.map((p: { name: string }) => p.name)).toEqual(['http']);
  });

  it('GIVEN metrics naming a port no container has WHEN constructed THEN it throws, listing the ports', () => {
    expect(() => new WebService(chartAt('1.27'), 'api', { ...API, metrics: { port: 'stats' }, sidecars: [PROXY] }))
      .toThrow(/metrics\.port "stats" is invalid: is not one of this construct's ports \(http, proxy\)/);
  });

  it('GIVEN a Job with a sidecar on 1.29 WHEN synthesised THEN the sidecar is native, so the Job can complete', () => {
    const chart = chartAt('1.29');
    new WorkerJob(chart, 'migrate', { image: 'busybox:1.36', sidecars: [{ name: 'sql-proxy', image: 'gcr.io/cloud-sql-connectors/cloud-sql-proxy:2.11.0' }] });
    const spec = podSpec(find(synth(chart), 'Job'));
    expect(spec.initContainers.map((c: { name: string; restartPolicy: string }) => [c.name, c.restartPolicy])).toEqual([['sql-proxy', 'Always']]);
  });

  it("GIVEN the Kubernetes docs' Job with a log-shipping sidecar WHEN written with one shared Mount on 1.29 THEN both containers mount one emptyDir and the shipper is native", () => {
    const chart = chartAt('1.29');
    const data = Mount.emptyDir('/opt');
    new WorkerJob(chart, 'myjob', {
      image: 'alpine:3.19', command: ['sh', '-c', 'echo "logging" > /opt/logs.txt'], mounts: [data],
      sidecars: [{ name: 'logshipper', image: 'alpine:3.19', command: ['sh', '-c', 'tail -F /opt/logs.txt'], mounts: [data] }],
    });
    const spec = podSpec(find(synth(chart), 'Job'));
    expect(spec.volumes.filter((v: { name: string }) => v.name === 'opt')).toEqual([{ name: 'opt', emptyDir: {} }]);
    expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'opt', mountPath: '/opt' });
    expect(spec.initContainers[0]).toMatchObject({ name: 'logshipper', restartPolicy: 'Always' });
    expect(spec.initContainers[0].volumeMounts).toContainEqual({ name: 'opt', mountPath: '/opt' });
    expect(spec.restartPolicy).toBe('Never');
  });

  it('GIVEN a Cron and a DaemonAgent with sidecars on 1.30 WHEN synthesised THEN the native sidecar field reaches their YAML too', () => {
    const chart = chartAt('1.30');
    new Cron(chart, 'report', { image: 'busybox:1.36', schedule: '@daily', sidecars: [{ name: 'proxy', image: 'busybox:1.36' }] });
    new DaemonAgent(chart, 'agent', { image: 'busybox:1.36', sidecars: [{ name: 'proxy', image: 'busybox:1.36' }] });
    const objects = synth(chart);
    expect(podSpec(find(objects, 'CronJob')).initContainers[0].restartPolicy).toBe('Always');
    expect(podSpec(find(objects, 'DaemonSet')).initContainers[0].restartPolicy).toBe('Always');
  });

  describe('validation', () => {
    const make = (props: Record<string, unknown>, version = '1.27') => () => new WebService(chartAt(version), 'api', { ...API, ...props } as never);
    it('two containers with one name', () => expect(make({ initContainers: [WAIT], sidecars: [{ ...PROXY, name: 'wait' }] }))
      .toThrow(/^test\/api: sidecars\[0\]\.name "wait" is invalid: initContainers\[0\] 'wait' has the same name: containers of one pod need distinct names\. Fix: rename one of them, e.g\. 'wait-2'$/));
    it('a sidecar named like the workload', () => expect(make({ sidecars: [{ ...PROXY, name: 'api' }] })).toThrow(/sidecars\[0\]\.name "api" is invalid: the main container 'api' has the same name/));
    it('a sidecar port clashing with the main one', () => expect(make({ sidecars: [{ ...PROXY, port: 3000 }] }))
      .toThrow(/^test\/api: sidecars\[0\]\.port 3000 is invalid: the main container 'api' listens on TCP port 3000 too, and containers of one pod share the network\. Fix: use another port number in one of them$/));
    it('a sidecar port named like the main one', () => expect(make({ sidecars: [{ ...PROXY, port: { port: 9901, name: 'http' } }] })).toThrow(/sidecars\[0\]\.port name "http" is invalid: the main container 'api' has a port of the same name/));
    it('a native sidecar asked for on 1.28', () => expect(make({ sidecars: [{ ...PROXY, native: true }] }, '1.28'))
      .toThrow(/^test\/api: sidecars\[0\]\.native true is invalid: native sidecars .* are served from Kubernetes 1\.29 \(the target version is older\)\. Fix: drop native/));
    it('an unpinned sidecar image', () => expect(make({ sidecars: [{ ...PROXY, image: 'envoyproxy/envoy' }] })).toThrow(/sidecars\[0\]\.image "envoyproxy\/envoy" is invalid: the image has no tag or digest/));
    it("an init container image tagged 'latest'", () => expect(make({ initContainers: [{ ...WAIT, image: 'busybox:latest' }] })).toThrow(/initContainers\[0\]\.image "busybox:latest" is invalid/));
    it('a bad container name', () => expect(make({ sidecars: [{ ...PROXY, name: 'Proxy_1' }] })).toThrow(/sidecars\[0\]\.name "Proxy_1" is invalid/));
    it('a probe on an init container', () => expect(make({ initContainers: [{ ...WAIT, readiness: Probe.tcp() }] })).toThrow(/initContainers\[0\]\.readiness .* is invalid: an init container runs to completion .* Fix: move the container to sidecars/));
    it("a sidecar probe on another container's port", () => expect(make({ sidecars: [{ ...PROXY, readiness: Probe.http('/', { port: 'http' }) }] }))
      .toThrow(/sidecars\[0\]\.readinessProbe port "http" is invalid: is not one of the container's ports \(proxy\)/));
    it('a credential literal in a sidecar', () => expect(make({ sidecars: [{ ...PROXY, env: { API_TOKEN: 'abc' } }] })).toThrow(/sidecars\[0\]\.env\.API_TOKEN "<literal value>" is invalid/));
    it('a relaxed sidecar without a reason', () => expect(make({ sidecars: [{ ...PROXY, security: Security.relaxed({ reason: '' }) }] })).toThrow(/security\.reason "" is invalid/));
    it('a plain sidecar in a Job', () => expect(() => new WorkerJob(chartAt('1.28'), 'job', { image: 'busybox:1.36', sidecars: [{ name: 'proxy', image: 'busybox:1.36' }] }))
      .toThrow(/^test\/job: sidecars\[0\]\.native false is invalid: a plain sidecar container never exits, so the Job's pods would never complete\. Fix: use a native sidecar/));
    it('a host path in a sidecar', () => expect(make({ sidecars: [{ ...PROXY, mounts: [Mount.hostPath('/var/log')] }] })).toThrow(/sidecars\[0\]\.mounts "\/var\/log" is invalid: host paths are only offered by DaemonAgent/));
    it('a resources preset that does not exist on a sidecar', () => expect(make({ sidecars: [{ ...PROXY, resources: 'huge' }] }))
      .toThrow(/^test\/api: sidecars\[0\]\.resources "huge" is invalid: must be 'small', 'medium', 'large'/));
    it('a memory limit below the request on an init container', () => expect(make({ initContainers: [{ ...WAIT, resources: { cpu: '10m', memory: '64Mi', memoryLimit: '32Mi' } }] }))
      .toThrow(/initContainers\[0\]\.resources\.memoryLimit "32Mi" is invalid: must be >= the memory request 64Mi/));
    it('a startup probe with successThreshold 2 on a sidecar', () => expect(make({ sidecars: [{ ...PROXY, startup: Probe.tcp({ successThreshold: 2 }) }] }))
      .toThrow(/sidecars\[0\]\.startupProbe successThreshold 2 is invalid: must be 1 for a startup probe/));
    it('sidecars that are not a list', () => expect(make({ sidecars: PROXY })).toThrow(/^test\/api: sidecars .* is invalid: must be a list\. Fix: wrap it in \[ \]/));
    it('a sidecar that is not an object', () => expect(make({ sidecars: [null] })).toThrow(/sidecars\[0\] \(unset\)|sidecars\[0\] null is invalid: must be an object with name and image/));
    it("a sidecar's mounts that are not a list", () => expect(make({ sidecars: [{ ...PROXY, mounts: Mount.emptyDir('/x') }] })).toThrow(/sidecars\[0\]\.mounts .* is invalid: must be a list/));
    it('a relative writable path in an init container', () => expect(make({ initContainers: [{ ...WAIT, writablePaths: ['tmp'] }] })).toThrow(/initContainers\[0\]\.writablePaths "tmp" is invalid: must be an absolute path/));
  });

  it('GIVEN a relaxed sidecar WHEN synthesised THEN its reason is recorded with the workload', () => {
    const chart = chartAt('1.27');
    new WebService(chart, 'api', { ...API, sidecars: [{ ...PROXY, security: Security.relaxed({ reason: 'envoy hot restart needs a writable root', writableRootFilesystem: true }) }] });
    const dep = find(synth(chart), 'Deployment');
    expect(dep.metadata.annotations['helmless.io/pod-security-exemption']).toBe('envoy hot restart needs a writable root');
    expect(dep.spec.template.metadata.annotations['helmless.io/allow-writable-root-filesystem']).toBe('envoy hot restart needs a writable root');
    expect(podSpec(dep).containers[1].securityContext.readOnlyRootFilesystem).toBe(false);
  });

  it('GIVEN a workload without extra containers WHEN synthesised THEN no initContainers field is written', () => {
    const chart = newChart();
    new WebService(chart, 'api', API);
    expect(podSpec(find(synth(chart), 'Deployment')).initContainers).toBeUndefined();
  });

  it('GIVEN a sidecar with a sleep preStop on 1.30 WHEN synthesised THEN the sleep reaches the YAML', () => {
    const chart = chartAt('1.30');
    new WebService(chart, 'api', { ...API, sidecars: [{ ...PROXY, preStop: Hook.sleep(Duration.seconds(3)) }] });
    expect(podSpec(find(synth(chart), 'Deployment')).initContainers[0].lifecycle).toEqual({ preStop: { sleep: { seconds: 3 } } });
  });
});
