import { describe, expect, it } from 'vitest';
import { apiServerRules } from '../../src/validate/rules';
import type { Finding, ManifestDocument } from '../../src/validate/types';

type J = Record<string, any>;
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const doc = (object: unknown, i = 0): ManifestDocument => ({ object, source: { file: 'app.yaml', documentIndex: i } });
const run = (o: unknown, version?: string): Finding[] => apiServerRules([doc(o)], { kubernetesVersion: version });
const rulesOf = (fs: Finding[]): string[] => fs.map((f) => `${f.rule} ${f.path}`);

const deployment = (): J => ({
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'web' }, annotations: { 'example.com/x': 'y' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { 'app.kubernetes.io/name': 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    template: {
      metadata: { labels: { 'app.kubernetes.io/name': 'web', version: 'v1' } },
      spec: {
        volumes: [{ name: 'tmp', emptyDir: {} }, { name: 'cfg', configMap: { name: 'web-config' } }],
        initContainers: [{ name: 'init', image: 'busybox:1.36', command: ['true'] }],
        containers: [{
          name: 'web', image: 'nginx:1.27', imagePullPolicy: 'IfNotPresent',
          ports: [{ name: 'http', containerPort: 8080 }, { name: 'metrics', containerPort: 9090 }],
          env: [{ name: 'MY_VAR', value: 'x' }, { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
            { name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
          envFrom: [{ configMapRef: { name: 'web-env' } }],
          resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '256Mi' } },
          volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }, { name: 'cfg', mountPath: '/etc/web' }],
          livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, successThreshold: 1 },
          readinessProbe: { tcpSocket: { port: 8080 }, successThreshold: 2 },
        }],
      },
    },
  },
});
const service = (): J => ({
  apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' },
  spec: { selector: { 'app.kubernetes.io/name': 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }, { name: 'metrics', port: 9090, targetPort: 9090 }] },
});
const c0 = (d: J): J => d.spec.template.spec.containers[0];

describe('GIVEN valid objects of every checked kind', () => {
  it('THEN no findings', () => {
    const objs: J[] = [
      deployment(), service(),
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: { app: 'db' } } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'np' }, spec: { type: 'NodePort', ports: [{ port: 80, nodePort: 30080 }], externalTrafficPolicy: 'Local' } },
      { apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'db.example.com' } },
      { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'report' }, spec: { schedule: '0 3 * * MON-FRI', timeZone: 'Etc/UTC',
        jobTemplate: { spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'r', image: 'r:1' }] } } } } } },
      { apiVersion: 'batch/v1', kind: 'Job', metadata: { generateName: 'pi-' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl' }] } } } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web' }, spec: { ingressClassName: 'nginx',
        tls: [{ hosts: ['*.example.com'], secretName: 'tls' }],
        rules: [{ host: 'shop.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }] } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web' }, spec: { minAvailable: '50%', selector: { matchLabels: { app: 'web' } } } },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: { minReplicas: 2, maxReplicas: 5,
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg' }, data: { 'app.properties': 'a=b', '.env': 'X=1' }, binaryData: { 'logo.png': 'iVBORw0KGgo=' } },
      { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'tls' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'Y2VydA==', 'tls.key': 'a2V5' } },
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
      { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } },
        template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'postgres:16', volumeMounts: [{ name: 'data', mountPath: '/var/lib/postgresql' }] }] } },
        volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } }] } },
      { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['agent'] }] },
        template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'a', image: 'a:1' }] } } } },
      { apiVersion: 'example.com/v1', kind: 'Whatever', metadata: { name: 'Not_A_DNS_Name' } },
    ];
    const findings = apiServerRules(objs.map((o, i) => doc(o, i)));
    expect(findings).toEqual([]);
  });
});

describe('GIVEN non-objects and unknown kinds', () => {
  it('THEN they are skipped without throwing', () => {
    expect(apiServerRules([doc(null), doc('text'), doc([1, 2]), doc({ kind: 'Pod' }), doc({ apiVersion: 'v1', kind: 'Pod', spec: 'x', metadata: 5 })]))
      .toEqual([{ severity: 'error', rule: 'api/metadata-name', message: expect.stringMatching(/name or generateName is required/), file: 'app.yaml', documentIndex: 0, path: 'metadata.name', fix: expect.any(String), object: { apiVersion: 'v1', kind: 'Pod' } }]);
  });
});

describe('metadata rules', () => {
  it('GIVEN a Service name starting with a digit THEN DNS-1035 is required, while a Deployment may', () => {
    const s = service(); s.metadata.name = '1web';
    expect(rulesOf(run(s))).toEqual(['api/metadata-name metadata.name']);
    expect(run(s)[0].message).toMatch(/DNS-1035 label/);
    const d = deployment(); d.metadata.name = '1web';
    expect(run(d)).toEqual([]);
  });
  it('GIVEN names too long per kind THEN 253 for most kinds, 63 for Service/Namespace, 52 for CronJob', () => {
    const d = deployment(); d.metadata.name = 'a'.repeat(254);
    expect(run(d)[0].message).toMatch(/no more than 253/);
    const s = service(); s.metadata.name = 'a'.repeat(64);
    expect(run(s)[0].message).toMatch(/no more than 63/);
    const ns = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a.b' } };
    expect(run(ns)[0].message).toMatch(/RFC 1123 label/);
    const cj = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c'.repeat(53) }, spec: { schedule: '@daily',
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'c' }] } } } } } };
    expect(run(cj).map((f) => f.message).join()).toMatch(/no more than 52/);
  });
  it('GIVEN uppercase names, a bad namespace, generateName THEN each is judged', () => {
    const d = deployment(); d.metadata.name = 'Web';
    expect(run(d)[0]).toMatchObject({ rule: 'api/metadata-name', object: { kind: 'Deployment', name: 'Web', namespace: 'shop' } });
    const d2 = deployment(); d2.metadata.namespace = 'Shop_1';
    expect(rulesOf(run(d2))).toEqual(['api/namespace metadata.namespace']);
    const d3 = deployment(); delete d3.metadata.name; d3.metadata.generateName = 'web-';
    expect(run(d3)).toEqual([]);
    const d4 = deployment(); delete d4.metadata.name;
    expect(run(d4)[0].message).toMatch(/name or generateName is required/);
  });
  it('GIVEN bad label keys/values and oversized annotations THEN reported', () => {
    const d = deployment();
    d.metadata.labels = { 'bad key': 'x', ok: '-bad' };
    d.metadata.annotations = { big: 'x'.repeat(256 * 1024) };
    expect(rulesOf(run(d))).toEqual(['api/labels metadata.labels', 'api/labels metadata.labels["ok"]', 'api/annotations metadata.annotations']);
  });
  it('GIVEN synth source info THEN findings carry construct path and source location', () => {
    const d = deployment(); d.metadata.name = 'Web';
    const f = apiServerRules([{ object: d, source: { file: 'dist/x.yaml', documentIndex: 3, constructPath: 'shop/web/deployment', sourceLocation: 'src/charts/shop.ts:42' } }]);
    expect(f[0]).toMatchObject({ file: 'dist/x.yaml', documentIndex: 3, constructPath: 'shop/web/deployment', sourceLocation: 'src/charts/shop.ts:42' });
  });
});

describe('selector rules', () => {
  it('GIVEN a selector the template labels do not satisfy THEN refused with the labels to add', () => {
    const d = deployment(); d.spec.selector.matchLabels.tier = 'front';
    const f = run(d);
    expect(rulesOf(f)).toEqual(['api/selector spec.template.metadata.labels']);
    expect(f[0].message).toMatch(/`selector` does not match template `labels`/);
  });
  it('GIVEN matchExpressions THEN evaluated; GIVEN an empty selector THEN refused', () => {
    const d = deployment(); d.spec.selector = { matchExpressions: [{ key: 'version', operator: 'NotIn', values: ['v1'] }] };
    expect(rulesOf(run(d))).toEqual(['api/selector spec.template.metadata.labels']);
    const e = deployment(); e.spec.selector = { matchExpressions: [{ key: 'version', operator: 'Exists' }] };
    expect(run(e)).toEqual([]);
    const g = deployment(); g.spec.selector = {};
    expect(run(g)[0].message).toMatch(/empty selector is invalid for deployment/);
    const h = deployment(); h.spec.selector = { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] };
    expect(run(h).map((x) => x.message).join()).toMatch(/must be specified when `operator` is 'In'/);
  });
});

describe('pod spec rules', () => {
  it.each<[string, (d: J) => void, string]>([
    ['duplicate container names across init and main', (d) => { d.spec.template.spec.initContainers[0].name = 'web'; }, 'api/container spec.template.spec.containers[0].name'],
    ['a container name with uppercase', (d) => { c0(d).name = 'Web'; }, 'api/container spec.template.spec.containers[0].name'],
    ['a missing image', (d) => { delete c0(d).image; }, 'api/container spec.template.spec.containers[0].image'],
    ['duplicate port names', (d) => { c0(d).ports[1].name = 'http'; }, 'api/port spec.template.spec.containers[0].ports[1].name'],
    ['a port name over 15 chars', (d) => { c0(d).ports[1].name = 'metrics-endpoint-x'; }, 'api/port spec.template.spec.containers[0].ports[1].name'],
    ['containerPort 0', (d) => { c0(d).ports[0].containerPort = 0; }, 'api/port spec.template.spec.containers[0].ports[0].containerPort'],
    ['containerPort 70000', (d) => { c0(d).ports[0].containerPort = 70000; }, 'api/port spec.template.spec.containers[0].ports[0].containerPort'],
    ['hostPort 70000', (d) => { c0(d).ports[0].hostPort = 70000; }, 'api/port spec.template.spec.containers[0].ports[0].hostPort'],
    ['a bad protocol', (d) => { c0(d).ports[0].protocol = 'HTTP'; }, 'api/port spec.template.spec.containers[0].ports[0].protocol'],
    ['an env var name with a colon', (d) => { c0(d).env[0].name = 'MY:VAR'; }, 'api/env-var-name spec.template.spec.containers[0].env[0].name'],
    ['valueFrom with two sources', (d) => { c0(d).env[1].valueFrom.secretKeyRef = { name: 'a', key: 'b' }; }, 'api/env spec.template.spec.containers[0].env[1].valueFrom'],
    ['valueFrom with none', (d) => { c0(d).env[1].valueFrom = {}; }, 'api/env spec.template.spec.containers[0].env[1].valueFrom'],
    ['value plus valueFrom', (d) => { c0(d).env[1].value = 'x'; }, 'api/env spec.template.spec.containers[0].env[1].valueFrom'],
    ['an unsupported fieldPath', (d) => { c0(d).env[1].valueFrom.fieldRef.fieldPath = 'metadata.labels'; }, 'api/env spec.template.spec.containers[0].env[1].valueFrom.fieldRef.fieldPath'],
    ['a bad secret key', (d) => { c0(d).env[2].valueFrom.secretKeyRef.key = 'a/b'; }, 'api/env spec.template.spec.containers[0].env[2].valueFrom.secretKeyRef.key'],
    ['envFrom with both refs', (d) => { c0(d).envFrom[0].secretRef = { name: 'x' }; }, 'api/env spec.template.spec.containers[0].envFrom[0]'],
    ['a bad quantity', (d) => { c0(d).resources.requests.memory = '128MB'; }, 'api/quantity spec.template.spec.containers[0].resources.requests["memory"]'],
    ['requests above limits', (d) => { c0(d).resources.requests.cpu = '2'; }, 'api/resources spec.template.spec.containers[0].resources.requests["cpu"]'],
    ['a negative request', (d) => { c0(d).resources.requests.cpu = '-1'; }, 'api/resources spec.template.spec.containers[0].resources.requests["cpu"]'],
    ['a non-standard unprefixed resource', (d) => { c0(d).resources.limits.gpu = '1'; }, 'api/resources spec.template.spec.containers[0].resources.limits'],
    ['a mount of an undeclared volume', (d) => { c0(d).volumeMounts[1].name = 'config'; }, 'api/volume-mount spec.template.spec.containers[0].volumeMounts[1].name'],
    ['two mounts at one path', (d) => { c0(d).volumeMounts[1].mountPath = '/tmp'; }, 'api/volume-mount spec.template.spec.containers[0].volumeMounts[1].mountPath'],
    ['duplicate volume names', (d) => { d.spec.template.spec.volumes[1].name = 'tmp'; c0(d).volumeMounts.pop(); }, 'api/volume spec.template.spec.volumes[1].name'],
    ['a volume name with a dot', (d) => { d.spec.template.spec.volumes[0].name = 'tmp.dir'; c0(d).volumeMounts[0].name = 'tmp.dir'; }, 'api/volume spec.template.spec.volumes[0].name'],
    ['a volume with two sources', (d) => { d.spec.template.spec.volumes[0].secret = { secretName: 's' }; }, 'api/volume spec.template.spec.volumes[0].secret'],
    // (a volume with no source is an emptyDir: the server's default, test/validate/defaults.test.ts)
    ['an item path starting with ..', (d) => { d.spec.template.spec.volumes[1].configMap.items = [{ key: 'a', path: '..data' }]; }, 'api/volume spec.template.spec.volumes[1].configMap.items[0].path'],
    ['an absolute item path', (d) => { d.spec.template.spec.volumes[1].configMap.items = [{ key: 'a', path: '/etc/a' }]; }, 'api/volume spec.template.spec.volumes[1].configMap.items[0].path'],
    ['defaultMode 777 decimal', (d) => { d.spec.template.spec.volumes[1].configMap.defaultMode = 777; }, 'api/volume spec.template.spec.volumes[1].configMap.defaultMode'],
    ['a probe with two handlers', (d) => { c0(d).livenessProbe.exec = { command: ['true'] }; }, 'api/probe spec.template.spec.containers[0].livenessProbe.httpGet'],
    ['a probe with no handler', (d) => { c0(d).livenessProbe = { periodSeconds: 5 }; }, 'api/probe spec.template.spec.containers[0].livenessProbe'],
    ['liveness successThreshold 2', (d) => { c0(d).livenessProbe.successThreshold = 2; }, 'api/probe spec.template.spec.containers[0].livenessProbe.successThreshold'],
    ['a probe port out of range', (d) => { c0(d).readinessProbe.tcpSocket.port = 0; }, 'api/probe spec.template.spec.containers[0].readinessProbe.tcpSocket.port'],
    ['a probe on an init container', (d) => { d.spec.template.spec.initContainers[0].readinessProbe = { exec: { command: ['x'] } }; }, 'api/probe spec.template.spec.initContainers[0].readinessProbe'],
    ['imagePullPolicy IfNotPresnt', (d) => { c0(d).imagePullPolicy = 'IfNotPresnt'; }, 'api/container spec.template.spec.containers[0].imagePullPolicy'],
    ['restartPolicy Never in a Deployment', (d) => { d.spec.template.spec.restartPolicy = 'Never'; }, 'api/restart-policy spec.template.spec.restartPolicy'],
    ['dnsPolicy None without nameservers', (d) => { d.spec.template.spec.dnsPolicy = 'None'; }, 'api/dns spec.template.spec.dnsConfig'],
    ['a bad dnsPolicy', (d) => { d.spec.template.spec.dnsPolicy = 'ClusterFirstWithHostNetwork'; }, 'api/dns spec.template.spec.dnsPolicy'],
    ['hostNetwork with a different hostPort', (d) => { d.spec.template.spec.hostNetwork = true; c0(d).ports[0].hostPort = 80; }, 'api/port spec.template.spec.containers[0].ports[0].hostPort'],
    ['an Exists toleration with a value', (d) => { d.spec.template.spec.tolerations = [{ key: 'k', operator: 'Exists', value: 'v' }]; }, 'api/pod spec.template.spec.tolerations[0].operator'],
    ['tolerationSeconds without NoExecute', (d) => { d.spec.template.spec.tolerations = [{ key: 'k', operator: 'Exists', effect: 'NoSchedule', tolerationSeconds: 5 }]; }, 'api/pod spec.template.spec.tolerations[0].effect'],
    ['runAsUser -1', (d) => { d.spec.template.spec.securityContext = { runAsUser: -1 }; }, 'api/security-context spec.template.spec.securityContext.runAsUser'],
    ['an In node affinity without values', (d) => { d.spec.template.spec.affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In' }] }] } } }; }, 'api/affinity spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values'],
    ['a pod anti-affinity term without topologyKey', (d) => { d.spec.template.spec.affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { a: 'b' } } }] } }; }, 'api/affinity spec.template.spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey'],
    ['maxSkew 0', (d) => { d.spec.template.spec.topologySpreadConstraints = [{ maxSkew: 0, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule' }]; }, 'api/pod spec.template.spec.topologySpreadConstraints[0].maxSkew'],
    ['maxSurge and maxUnavailable both 0', (d) => { d.spec.strategy.rollingUpdate = { maxSurge: 0, maxUnavailable: 0 }; }, 'api/rolling-update spec.strategy.rollingUpdate.maxUnavailable'],
    ['a bad percent', (d) => { d.spec.strategy.rollingUpdate.maxSurge = '25'; }, 'api/rolling-update spec.strategy.rollingUpdate.maxSurge'],
    ['Recreate with rollingUpdate', (d) => { d.spec.strategy.type = 'Recreate'; }, 'api/rolling-update spec.strategy.rollingUpdate'],
    ['negative replicas', (d) => { d.spec.replicas = -1; }, 'api/deployment spec.replicas'],
  ])('GIVEN %s THEN exactly that finding', (_name, mutate, expected) => {
    const d = deployment();
    mutate(d);
    const f = run(d);
    expect(rulesOf(f)).toEqual([expected]);
    expect(f[0].fix, 'every finding says how to fix it').toBeTruthy();
  });

  it('GIVEN env var names THEN the rule follows the Kubernetes version', () => {
    const d = deployment(); c0(d).env[0].name = '1-MY.VAR:x';
    expect(rulesOf(run(d, '1.27.0'))).toEqual(['api/env-var-name spec.template.spec.containers[0].env[0].name']);
    expect(run(d, '1.31')).toHaveLength(1);
    expect(run(d, '1.32.0')).toEqual([]);
    expect(run(d, '1.34.0')).toEqual([]);
    c0(d).env[0].name = 'A=B';
    expect(run(d, '1.36.0')[0].message).toMatch(/other than '='/);
  });

  it('GIVEN a sidecar init container (restartPolicy Always) THEN allowed from 1.29, with probes', () => {
    const d = deployment();
    Object.assign(d.spec.template.spec.initContainers[0], { restartPolicy: 'Always', readinessProbe: { exec: { command: ['true'] } } });
    expect(run(d, '1.29.0')).toEqual([]);
    expect(rulesOf(run(d, '1.27.0'))).toContain('api/container spec.template.spec.initContainers[0].restartPolicy');
    c0(d).restartPolicy = 'Always';
    expect(rulesOf(run(d, '1.30.0'))).toEqual(['api/container spec.template.spec.containers[0].restartPolicy']);
  });

  it('GIVEN a preStop sleep action THEN a handler from 1.30, none before', () => {
    const d = deployment(); c0(d).lifecycle = { preStop: { sleep: { seconds: 5 } } };
    expect(run(d, '1.30.0')).toEqual([]);
    expect(rulesOf(run(d, '1.27.0'))).toEqual(['api/lifecycle spec.template.spec.containers[0].lifecycle.preStop']);
    c0(d).lifecycle = { preStop: { exec: { command: ['sleep', '5'] }, httpGet: { port: 8080 } } };
    expect(rulesOf(run(d, '1.36.0'))).toEqual(['api/lifecycle spec.template.spec.containers[0].lifecycle.preStop.httpGet']);
  });

  it('GIVEN a bare Pod THEN the same pod rules apply at spec', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { restartPolicy: 'Sometimes', containers: [{ name: 'a', image: 'a', ports: [{ containerPort: 99999 }] }] } };
    expect(rulesOf(run(pod))).toEqual(['api/port spec.containers[0].ports[0].containerPort', 'api/restart-policy spec.restartPolicy']);
  });
});

describe('Job and CronJob rules', () => {
  const job = (): J => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' },
    spec: { parallelism: 1, completions: 1, backoffLimit: 3, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'j', image: 'j' }] } } } });
  it('GIVEN a valid Job THEN nothing', () => { expect(run(job())).toEqual([]); });
  it.each<[string, (j: J) => void, string]>([
    ['restartPolicy Always', (j) => { j.spec.template.spec.restartPolicy = 'Always'; }, 'api/restart-policy spec.template.spec.restartPolicy'],
    ['no restartPolicy (defaults to Always)', (j) => { delete j.spec.template.spec.restartPolicy; }, 'api/restart-policy spec.template.spec.restartPolicy'],
    ['negative parallelism', (j) => { j.spec.parallelism = -1; }, 'api/job spec.parallelism'],
    ['negative completions', (j) => { j.spec.completions = -2; }, 'api/job spec.completions'],
    ['negative backoffLimit', (j) => { j.spec.backoffLimit = -1; }, 'api/job spec.backoffLimit'],
    ['Indexed without completions', (j) => { j.spec.completionMode = 'Indexed'; delete j.spec.completions; }, 'api/job spec.completions'],
  ])('GIVEN a Job with %s THEN refused', (_n, mutate, expected) => {
    const j = job(); mutate(j);
    expect(rulesOf(run(j))).toEqual([expected]);
  });
  it('GIVEN CronJob schedules THEN parsed like the controller', () => {
    const cj = (schedule: string): J => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule,
      jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'c' }] } } } } } });
    expect(run(cj('*/15 * * * *'))).toEqual([]);
    expect(rulesOf(run(cj('*/15 * * *')))).toEqual(['api/cron-schedule spec.schedule']);
    expect(run(cj('TZ=UTC 0 * * * *'))[0].fix).toMatch(/timeZone/);
    const bad = cj('@daily'); bad.spec.jobTemplate.spec.template.spec.restartPolicy = 'Always';
    expect(rulesOf(run(bad))).toEqual(['api/restart-policy spec.jobTemplate.spec.template.spec.restartPolicy']);
  });
});

describe('Service rules', () => {
  it.each<[string, (s: J) => void, string]>([
    ['port 0', (s) => { s.spec.ports[0].port = 0; }, 'api/service-port spec.ports[0].port'],
    ['an unnamed port among two', (s) => { delete s.spec.ports[1].name; }, 'api/service-port spec.ports[1].name'],
    ['duplicate port names', (s) => { s.spec.ports[1].name = 'http'; }, 'api/service-port spec.ports[1].name'],
    ['duplicate port/protocol', (s) => { s.spec.ports[1].port = 80; }, 'api/service-port spec.ports[1]'],
    ['targetPort 70000', (s) => { s.spec.ports[1].targetPort = 70000; }, 'api/service-port spec.ports[1].targetPort'],
    ['an invalid targetPort name', (s) => { s.spec.ports[0].targetPort = 'HTTP_PORT'; }, 'api/service-port spec.ports[0].targetPort'],
    ['nodePort on ClusterIP', (s) => { s.spec.ports[0].nodePort = 30001; }, 'api/service-port spec.ports[0].nodePort'],
    ['nodePort out of range', (s) => { s.spec.type = 'NodePort'; s.spec.ports[0].nodePort = 8080; }, 'api/service-port spec.ports[0].nodePort'],
    ['headless NodePort', (s) => { s.spec.type = 'NodePort'; s.spec.clusterIP = 'None'; }, 'api/service spec.clusterIP'],
    ['externalTrafficPolicy on ClusterIP', (s) => { s.spec.externalTrafficPolicy = 'Local'; }, 'api/service spec.externalTrafficPolicy'],
    ['no ports', (s) => { s.spec.ports = []; }, 'api/service-port spec.ports'],
    ['a bad type', (s) => { s.spec.type = 'Loadbalancer'; }, 'api/service spec.type'],
  ])('GIVEN %s THEN refused', (_n, mutate, expected) => {
    const s = service(); mutate(s);
    expect(run(service())).toEqual([]);
    expect(rulesOf(run(s))).toEqual([expected]);
  });
});

describe('Ingress, PDB, HPA, ConfigMap/Secret, PVC, StatefulSet rules', () => {
  const ingress = (): J => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i' },
    spec: { rules: [{ host: 'a.example.com', http: { paths: [{ path: '/api', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }] } }] } });
  const p0 = (i: J): J => i.spec.rules[0].http.paths[0];
  it.each<[string, (i: J) => void, string]>([
    ['an uppercase host', (i) => { i.spec.rules[0].host = 'A.example.com'; }, 'api/ingress spec.rules[0].host'],
    ['an IP host', (i) => { i.spec.rules[0].host = '10.0.0.1'; }, 'api/ingress spec.rules[0].host'],
    ['a missing pathType', (i) => { delete p0(i).pathType; }, 'api/ingress spec.rules[0].http.paths[0].pathType'],
    ['a bad pathType', (i) => { p0(i).pathType = 'prefix'; }, 'api/ingress spec.rules[0].http.paths[0].pathType'],
    ['a relative path', (i) => { p0(i).path = 'api'; }, 'api/ingress spec.rules[0].http.paths[0].path'],
    ['both port name and number', (i) => { p0(i).backend.service.port.name = 'http'; }, 'api/ingress spec.rules[0].http.paths[0].backend.service.port'],
    ['no port', (i) => { p0(i).backend.service.port = {}; }, 'api/ingress spec.rules[0].http.paths[0].backend.service.port'],
    ['service and resource backends', (i) => { p0(i).backend.resource = { kind: 'Bucket', name: 'b' }; }, 'api/ingress spec.rules[0].http.paths[0].backend'],
  ])('GIVEN an Ingress with %s THEN refused', (_n, mutate, expected) => {
    const i = ingress(); mutate(i);
    expect(rulesOf(run(i))).toEqual([expected]);
  });
  it('GIVEN a PDB with both minAvailable and maxUnavailable THEN refused', () => {
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p' }, spec: { minAvailable: 1, maxUnavailable: '150%', selector: { matchLabels: { a: 'b' } } } };
    expect(rulesOf(run(pdb))).toEqual(['api/pdb spec', 'api/pdb spec.maxUnavailable']);
  });
  it('GIVEN an HPA with minReplicas 0 and max < min THEN refused', () => {
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' }, spec: { minReplicas: 3, maxReplicas: 2, scaleTargetRef: { kind: 'Deployment', name: 'w' } } };
    expect(rulesOf(run(hpa))).toEqual(['api/hpa spec.maxReplicas']);
    const hpa0 = { ...hpa, spec: { ...hpa.spec, minReplicas: 0, maxReplicas: 2 } };
    expect(rulesOf(run(hpa0))).toEqual(['api/hpa spec.minReplicas']);
  });
  it('GIVEN ConfigMap/Secret data near 1 MiB THEN its size is counted in UTF-8 bytes (base64 decoded for Secret data)', () => {
    const MiB = 1024 * 1024;
    const cm = (data: Record<string, string>): J => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data });
    const tooLong = (o: J): boolean => run(o).some((f) => f.rule === 'api/data-key' && /Too long/.test(f.message));
    expect(tooLong(cm({ a: 'x'.repeat(MiB - 1) }))).toBe(false); // key + value = 1 MiB
    expect(tooLong(cm({ a: 'x'.repeat(MiB) }))).toBe(true);
    // 600,000 characters of 2 UTF-8 bytes: fewer characters than the limit, more bytes
    expect(tooLong(cm({ a: '\u00e9'.repeat(600_000) }))).toBe(true);
    expect(tooLong(cm({ a: '\u00e9'.repeat(500_000) }))).toBe(false);
    // split over keys, and in binaryData (base64: 4 characters per 3 bytes)
    expect(tooLong(cm({ a: '\u00e9'.repeat(300_000), b: '\u00e9'.repeat(300_000) }))).toBe(true);
    expect(tooLong({ ...cm({}), binaryData: { b: 'A'.repeat(1_400_000) } })).toBe(true);
    expect(tooLong({ ...cm({}), binaryData: { b: 'A'.repeat(1_300_000) } })).toBe(false);
    const secret = (v: string): J => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { v } });
    expect(tooLong(secret('A'.repeat(1_400_000)))).toBe(true);
    expect(tooLong(secret(('A'.repeat(76) + '\n').repeat(17_000)))).toBe(false); // line breaks do not count
  });

  it('GIVEN ConfigMap/Secret keys and types THEN checked', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { 'a/b': 'x', k: 'y' }, binaryData: { k: 'eA==' } };
    expect(rulesOf(run(cm))).toEqual(['api/data-key data', 'api/data-key binaryData["k"]']);
    const sec = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/tls', data: { 'tls.crt': 'not base64!' } };
    expect(rulesOf(run(sec))).toEqual(['api/data-key data["tls.crt"]', 'api/secret-type data["tls.key"]']);
    const ok = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'x', 'tls.key': 'y' } };
    expect(run(ok)).toEqual([]);
  });
  it('GIVEN a PVC without access modes or size THEN refused', () => {
    const pvc = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'd' }, spec: { resources: {} } };
    expect(rulesOf(run(pvc))).toEqual(['api/pvc spec.accessModes', 'api/pvc spec.resources.requests.storage']);
  });
  it('GIVEN a StatefulSet mounting a volumeClaimTemplate THEN fine; an unknown mount THEN refused', () => {
    const sts: J = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'pg', volumeMounts: [{ name: 'data', mountPath: '/d' }] }] } },
      volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } };
    expect(run(sts)).toEqual([]);
    sts.spec.template.spec.containers[0].volumeMounts[0].name = 'date';
    expect(rulesOf(run(sts))).toEqual(['api/volume-mount spec.template.spec.containers[0].volumeMounts[0].name']);
    sts.spec.template.spec.restartPolicy = 'OnFailure';
    expect(rulesOf(run(sts))).toContain('api/restart-policy spec.template.spec.restartPolicy');
  });
});

describe('every finding', () => {
  it('GIVEN a broken deployment THEN each finding has a message, a fix, the object and an api/ rule id', () => {
    const d = clone(deployment());
    c0(d).ports[0].containerPort = 0; c0(d).name = 'Web'; c0(d).volumeMounts[0].name = 'nope';
    for (const f of run(d)) {
      expect(f.rule).toMatch(/^api\/[a-z-]+$/);
      expect(f.message.length).toBeGreaterThan(10);
      expect(f.fix).toBeTruthy();
      expect(f.object).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'web' });
    }
  });
});

describe('defaults the API server fills in', () => {
  it('GIVEN targetPort 0 or "" THEN fine (defaulted to port)', () => {
    const s = service(); s.spec.ports[0].targetPort = 0; s.spec.ports[1].targetPort = '';
    expect(run(s)).toEqual([]);
  });
  it('GIVEN a Job name over 63 characters THEN refused (it becomes a pod label value) unless manualSelector', () => {
    const j: J = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j'.repeat(64) },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'j', image: 'j' }] } } } };
    expect(run(j)[0].message).toMatch(/no more than 63/);
    j.spec.manualSelector = true;
    expect(run(j)).toEqual([]);
  });
});

describe('quoted numbers where an int-or-string port is expected', () => {
  it('GIVEN targetPort "8080" or a probe port "8080" THEN refused as an invalid port name, with the unquoting fix', () => {
    const s = service(); s.spec.ports[1].targetPort = '9090';
    const f = run(s);
    expect(rulesOf(f)).toEqual(['api/service-port spec.ports[1].targetPort']);
    expect(f[0].fix).toMatch(/without quotes/);
    const d = deployment(); c0(d).readinessProbe.tcpSocket.port = '8080';
    expect(rulesOf(run(d))).toEqual(['api/probe spec.template.spec.containers[0].readinessProbe.tcpSocket.port']);
  });
});

// issue 16: the API server refuses ephemeral containers on create (ValidatePodCreate) and in every
// pod template (ValidatePodTemplateSpec); they are added later through the ephemeralcontainers subresource.
describe('ephemeral containers', () => {
  const ephemeral = [{ name: 'debug', image: 'busybox:1.36' }];
  it('GIVEN a Pod with spec.ephemeralContainers WHEN validated THEN refused: cannot be set on create', () => {
    const pod: J = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' },
      spec: { containers: [{ name: 'app', image: 'nginx:1.27' }], ephemeralContainers: ephemeral } };
    const f = run(pod);
    expect(rulesOf(f)).toEqual(['api/ephemeral-containers spec.ephemeralContainers']);
    expect(f[0].message).toBe('Forbidden: cannot be set on create');
    expect(f[0].fix).toMatch(/kubectl debug/);
  });
  it('GIVEN a Deployment pod template with ephemeralContainers THEN refused: not allowed in pod template', () => {
    const d = deployment(); d.spec.template.spec.ephemeralContainers = ephemeral;
    const f = run(d);
    expect(rulesOf(f)).toEqual(['api/ephemeral-containers spec.template.spec.ephemeralContainers']);
    expect(f[0].message).toBe('Forbidden: ephemeral containers not allowed in pod template');
  });
  it('GIVEN an empty ephemeralContainers list THEN fine (only a non-empty list is refused)', () => {
    const d = deployment(); d.spec.template.spec.ephemeralContainers = [];
    expect(run(d)).toEqual([]);
  });
});
