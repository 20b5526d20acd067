import { describe, expect, it } from 'vitest';
import { wiringChecks } from '../../src/validate/wiring';
import type { Finding, ManifestDocument, ValidateOptions } from '../../src/validate/types';

type J = Record<string, any>;
const docs = (...objs: unknown[]): ManifestDocument[] => objs.map((object, i) => ({ object, source: { file: 'app.yaml', documentIndex: i } }));
const run = (objs: unknown[], opts: ValidateOptions = {}): Finding[] => wiringChecks(docs(...objs), opts);
const ids = (fs: Finding[]): string[] => fs.map((f) => `${f.severity} ${f.rule} ${f.path}`);

const deployment = (): J => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web', tier: 'front' } },
      spec: {
        volumes: [{ name: 'cfg', configMap: { name: 'web-config' } }, { name: 'creds', secret: { secretName: 'db' } }],
        containers: [{
          name: 'web', image: 'nginx',
          ports: [{ name: 'http', containerPort: 8080 }],
          env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
            { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'web-config', key: 'mode' } } }],
          envFrom: [{ configMapRef: { name: 'web-config' } }],
          readinessProbe: { httpGet: { path: '/', port: 'http' } },
        }],
      },
    },
  },
});
const service = (): J => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
  spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
const configMap = (): J => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'shop' }, data: { mode: 'prod' } });
const secret = (): J => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'shop' }, stringData: { password: 'x' } });
const app = (): J[] => [deployment(), service(), configMap(), secret()];
const c0 = (d: J): J => d.spec.template.spec.containers[0];

describe('GIVEN a fully wired application', () => {
  it('THEN no findings, in either evidence mode', () => {
    const extra: J[] = [
      { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop' },
        spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { name: 'http' } } } }] } }] } },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop' },
        spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: 1, maxReplicas: 3 } },
      { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: 'shop' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } } },
      { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web', namespace: 'shop' },
        spec: { selector: { matchLabels: { app: 'web' } }, endpoints: [{ port: 'http' }] } },
    ];
    expect(run([...app(), ...extra], { evidence: 'complete' })).toEqual([]);
    expect(run([...app(), ...extra])).toEqual([]);
  });
});

describe('duplicates', () => {
  const rc = (ns?: string, apiVersion = 'v1'): J => ({ apiVersion, kind: 'ReplicationController', metadata: { name: 'bob', ...(ns ? { namespace: ns } : {}) } });
  it('GIVEN the same object twice (namespace omitted = default) THEN an error on the second', () => {
    const f = run([rc(), rc('default')]);
    expect(ids(f)).toEqual(['error wiring/duplicate metadata.name']);
    expect(f[0]).toMatchObject({ documentIndex: 1, message: expect.stringMatching(/already defined in app.yaml document 0/) });
  });
  it('GIVEN the same name in different namespaces, or another default namespace THEN fine', () => {
    expect(run([rc('a'), rc('b')])).toEqual([]);
    expect(run([rc('the-default-namespace'), rc()])).toEqual([]);
  });
  it('GIVEN a cluster-scoped kind THEN the namespace is ignored', () => {
    const pv = (ns: string): J => ({ apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: 'pv0003', namespace: ns } });
    expect(ids(run([pv('a'), pv('b')]))).toEqual(['error wiring/duplicate metadata.name']);
  });
  it('GIVEN the same kind in two versions of one group THEN a warning; in different groups THEN nothing', () => {
    const d = (v: string): J => ({ apiVersion: v, kind: 'Deployment', metadata: { name: 'x' } });
    expect(ids(run([d('apps/v1'), d('apps/v1beta1')]))).toEqual(['warning wiring/duplicate metadata.name']);
    expect(run([d('apps/v1'), d('example.com/v1')])).toEqual([]);
  });
  it('GIVEN skipped kinds THEN they are not indexed', () => {
    const k = { apiVersion: 'v1', kind: 'SkipThisKind', metadata: { name: 'identical' } };
    expect(run([k, k], { skipKinds: ['SkipThisKind'] })).toEqual([]);
    expect(run([k, k])).toHaveLength(1);
  });
});

describe('Service wiring', () => {
  it('GIVEN a Service whose selector matches no pod template THEN warning (partial) / error (complete)', () => {
    const s = service(); s.spec.selector = { app: 'webb' };
    const objs = [deployment(), s, configMap(), secret()];
    expect(ids(run(objs))).toEqual(['warning wiring/service-selects-nothing spec.selector']);
    expect(ids(run(objs, { evidence: 'complete' }))).toEqual(['error wiring/service-selects-nothing spec.selector']);
  });
  it('GIVEN pods in another namespace THEN they are not selected', () => {
    const s = service(); s.metadata.namespace = 'other';
    expect(ids(run([deployment(), s, configMap(), secret()]))).toEqual(['warning wiring/service-selects-nothing spec.selector']);
  });
  it('GIVEN a named targetPort the selected container lacks THEN an error naming the available ports', () => {
    const s = service(); s.spec.ports[0].targetPort = 'web';
    const f = run([deployment(), s, configMap(), secret()]);
    expect(ids(f)).toEqual(['error wiring/service-target-port spec.ports[0].targetPort']);
    expect(f[0].fix).toMatch(/http/);
  });
  it('GIVEN a migration Job sharing the labels but not the port THEN the Service is still fine', () => {
    const job: J = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'shop' },
      spec: { template: { metadata: { labels: { app: 'web' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'm' }] } } } };
    expect(run([...app(), job], { evidence: 'complete' })).toEqual([]);
  });
  it('GIVEN a numeric targetPort no container declares THEN a warning', () => {
    const s = service(); s.spec.ports[0].targetPort = 9999;
    expect(ids(run([deployment(), s, configMap(), secret()]))).toEqual(['warning wiring/service-target-port spec.ports[0].targetPort']);
    s.spec.ports[0].targetPort = 8080;
    expect(run([deployment(), s, configMap(), secret()])).toEqual([]);
  });
  it('GIVEN a Service without selector or ExternalName THEN not checked', () => {
    expect(run([{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext' }, spec: { ports: [{ port: 80 }] } }], { evidence: 'complete' })).toEqual([]);
  });
});

describe('probe ports', () => {
  it('GIVEN a probe naming a port the container lacks THEN an error', () => {
    const d = deployment(); c0(d).readinessProbe.httpGet.port = 'htp';
    expect(ids(run([d, service(), configMap(), secret()]))).toEqual(['error wiring/probe-port spec.template.spec.containers[0].readinessProbe.httpGet.port']);
  });
});

describe('Secret / ConfigMap / PVC references', () => {
  it('GIVEN an absent Secret THEN warning in partial mode, error in complete mode', () => {
    const objs = [deployment(), service(), configMap()];
    expect(ids(run(objs))).toEqual([
      'warning wiring/missing-secret spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name',
      'warning wiring/missing-secret spec.template.spec.volumes[1].secret.secretName',
    ]);
    expect(run(objs, { evidence: 'complete' }).every((f) => f.severity === 'error')).toBe(true);
  });
  it('GIVEN the Secret declared in helmless.io/external-secrets (workload or pod template) THEN fine', () => {
    const d = deployment(); d.metadata.annotations = { 'helmless.io/external-secrets': 'other, db' };
    expect(run([d, service(), configMap()], { evidence: 'complete' })).toEqual([]);
    const t = deployment(); t.spec.template.metadata.annotations = { 'helmless.io/external-secrets': 'db' };
    expect(run([t, service(), configMap()], { evidence: 'complete' })).toEqual([]);
  });
  it('GIVEN optional references THEN fine', () => {
    const d = deployment();
    c0(d).env[0].valueFrom.secretKeyRef.optional = true;
    d.spec.template.spec.volumes[1].secret.optional = true;
    expect(run([d, service(), configMap()], { evidence: 'complete' })).toEqual([]);
  });
  it('GIVEN the Secret produced by an ExternalSecret or a SealedSecret THEN present', () => {
    const es = { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'db-es', namespace: 'shop' },
      spec: { target: { name: 'db' }, data: [{ secretKey: 'password', remoteRef: { key: 'x' } }] } };
    expect(run([deployment(), service(), configMap(), es], { evidence: 'complete' })).toEqual([]);
    const ss = { apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'db', namespace: 'shop' }, spec: { encryptedData: { password: 'AgB...' } } };
    expect(run([deployment(), service(), configMap(), ss], { evidence: 'complete' })).toEqual([]);
    const esOther = { ...es, spec: { ...es.spec, target: { name: 'other' } } };
    expect(run([deployment(), service(), configMap(), esOther], { evidence: 'complete' })).toHaveLength(2);
  });
  it('GIVEN a Secret in another namespace THEN it does not resolve', () => {
    const s = secret(); s.metadata.namespace = 'default';
    expect(run([deployment(), service(), configMap(), s])).toHaveLength(2);
  });
  it('GIVEN a key the Secret / ConfigMap lacks THEN an error', () => {
    const d = deployment(); c0(d).env[0].valueFrom.secretKeyRef.key = 'pasword'; c0(d).env[1].valueFrom.configMapKeyRef.key = 'mod';
    expect(ids(run([d, service(), configMap(), secret()]))).toEqual([
      'error wiring/missing-secret-key spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name',
      'error wiring/missing-configmap-key spec.template.spec.containers[0].env[1].valueFrom.configMapKeyRef.name',
    ]);
  });
  it('GIVEN a Secret whose keys repeat across data and stringData, and one with many keys WHEN a key is missing THEN the message lists each key once in first-seen order', () => {
    const d = deployment(); c0(d).env[0].valueFrom.secretKeyRef.key = 'pasword';
    const s = secret(); s.data = { b: 'eA==', password: 'eA==' }; s.stringData = { a: 'x', b: 'y' };
    expect(run([d, service(), configMap(), s]).map((f) => f.message)).toEqual([
      'Deployment "web" reads key "pasword" of Secret "db", which has no such key (keys: b, password, a)',
    ]);
    const many: J = {}; for (let i = 0; i < 20; i++) many[`k${i}`] = 'eA==';
    const big = secret(); big.data = many;
    expect(run([d, service(), configMap(), big])[0].message).toContain('(keys: k0, k1, k2, k3, k4, k5, k6, k7, k8, k9, k10, k11, k12, k13, k14, k15, k16, k17, k18, k19, password)');
    many.pasword = 'eA==';
    expect(run([d, service(), configMap(), big])).toEqual([]);
  });
  it('GIVEN an absent ConfigMap in envFrom/volumes/projected THEN reported at each path', () => {
    const d = deployment();
    d.spec.template.spec.volumes.push({ name: 'p', projected: { sources: [{ configMap: { name: 'web-config' } }] } });
    const f = run([d, service(), secret()]);
    expect(ids(f)).toEqual([
      'warning wiring/missing-configmap spec.template.spec.containers[0].env[1].valueFrom.configMapKeyRef.name',
      'warning wiring/missing-configmap spec.template.spec.containers[0].envFrom[0].configMapRef.name',
      'warning wiring/missing-configmap spec.template.spec.volumes[0].configMap.name',
      'warning wiring/missing-configmap spec.template.spec.volumes[2].projected.sources[0].configMap.name',
    ]);
  });
  it('GIVEN a PVC claim THEN resolved from PVC documents or the StatefulSet claim templates', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'a', image: 'a' }], volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'data' } }] } };
    expect(ids(run([pod], { evidence: 'complete' }))).toEqual(['error wiring/missing-pvc spec.volumes[0].persistentVolumeClaim.claimName']);
    expect(run([pod, { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'data' } }], { evidence: 'complete' })).toEqual([]);
  });
});

describe('Ingress, HPA, PDB, StatefulSet, ServiceMonitor', () => {
  const ingress = (svc: string, port: J): J => ({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: 'shop' },
    spec: { rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: svc, port } } }] } }] } });
  it('GIVEN an Ingress to an absent Service THEN warning/error by evidence', () => {
    expect(ids(run([...app(), ingress('api', { number: 80 })]))).toEqual(['warning wiring/ingress-backend spec.rules[0].http.paths[0].backend.service.name']);
    expect(ids(run([...app(), ingress('api', { number: 80 })], { evidence: 'complete' }))).toEqual(['error wiring/ingress-backend spec.rules[0].http.paths[0].backend.service.name']);
  });
  it('GIVEN an Ingress to a port the Service lacks THEN an error', () => {
    expect(ids(run([...app(), ingress('web', { number: 8080 })]))).toEqual(['error wiring/ingress-backend spec.rules[0].http.paths[0].backend.service.port.number']);
    expect(ids(run([...app(), ingress('web', { name: 'https' })]))).toEqual(['error wiring/ingress-backend spec.rules[0].http.paths[0].backend.service.port.name']);
    expect(run([...app(), ingress('web', { number: 80 })])).toEqual([]);
  });
  it('GIVEN an Ingress TLS secret THEN required unless cert-manager issues it', () => {
    const i = ingress('web', { number: 80 }); i.spec.tls = [{ secretName: 'web-tls' }];
    expect(ids(run([...app(), i], { evidence: 'complete' }))).toEqual(['error wiring/missing-secret spec.tls[0].secretName']);
    i.metadata.annotations = { 'cert-manager.io/cluster-issuer': 'le' };
    expect(run([...app(), i], { evidence: 'complete' })).toEqual([]);
  });
  it('GIVEN an HPA targeting an absent workload THEN reported', () => {
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'shop' },
      spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'api' }, maxReplicas: 3 } };
    expect(ids(run([...app(), hpa], { evidence: 'complete' }))).toEqual(['error wiring/hpa-target spec.scaleTargetRef']);
  });
  it('GIVEN a PDB selecting nothing THEN reported', () => {
    const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'p', namespace: 'shop' }, spec: { maxUnavailable: 1, selector: { matchLabels: { app: 'api' } } } };
    expect(ids(run([...app(), pdb]))).toEqual(['warning wiring/pdb-selects-nothing spec.selector']);
  });
  it('GIVEN a StatefulSet serviceName THEN it needs a headless Service selecting its pods', () => {
    const sts: J = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { serviceName: 'db', selector: { matchLabels: { app: 'db' } },
      template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'db', image: 'pg', ports: [{ name: 'pg', containerPort: 5432 }] }] } } } };
    const svc: J = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { clusterIP: 'None', selector: { app: 'db' }, ports: [{ name: 'pg', port: 5432, targetPort: 'pg' }] } };
    expect(run([sts, svc], { evidence: 'complete' })).toEqual([]);
    expect(ids(run([sts], { evidence: 'complete' }))).toEqual(['error wiring/statefulset-service spec.serviceName']);
    expect(ids(run([sts]))).toEqual(['warning wiring/statefulset-service spec.serviceName']);
    const notHeadless = { ...svc, spec: { ...svc.spec, clusterIP: undefined } };
    expect(ids(run([sts, notHeadless], { evidence: 'complete' }))).toEqual(['warning wiring/statefulset-service spec.serviceName']);
    const elsewhere = { ...svc, spec: { ...svc.spec, selector: { app: 'other' } } };
    expect(ids(run([sts, elsewhere], { evidence: 'complete' }))).toEqual(
      ['error wiring/service-selects-nothing spec.selector', 'warning wiring/statefulset-service spec.serviceName']);
  });
  it('GIVEN a ServiceMonitor selecting no Service or a missing port THEN reported', () => {
    const sm = (sel: J, port: string): J => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'm', namespace: 'shop' },
      spec: { selector: { matchLabels: sel }, endpoints: [{ port }] } });
    expect(ids(run([...app(), sm({ app: 'api' }, 'http')]))).toEqual(['warning wiring/servicemonitor-selects-nothing spec.selector']);
    expect(ids(run([...app(), sm({ app: 'web' }, 'metrics')]))).toEqual(['error wiring/servicemonitor-port spec.endpoints[0].port']);
  });
});

describe('RBAC bindings', () => {
  const binding = (kind: string, refKind: string, ref: string): J => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind,
    metadata: { name: 'b', namespace: 'shop' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: refKind, name: ref },
    subjects: [{ kind: 'ServiceAccount', name: 'web', namespace: 'shop' }] });
  const role = (kind: string, ns?: string): J => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'reader', ...(ns ? { namespace: ns } : {}) }, rules: [] });
  it('GIVEN a binding to a Role or ClusterRole among the docs, or a built-in ClusterRole THEN fine', () => {
    expect(run([binding('RoleBinding', 'Role', 'reader'), role('Role', 'shop')], { evidence: 'complete' })).toEqual([]);
    expect(run([binding('RoleBinding', 'ClusterRole', 'reader'), role('ClusterRole')], { evidence: 'complete' })).toEqual([]);
    expect(run([binding('ClusterRoleBinding', 'ClusterRole', 'view')], { evidence: 'complete' })).toEqual([]);
    expect(run([binding('RoleBinding', 'ClusterRole', 'system:auth-delegator')], { evidence: 'complete' })).toEqual([]);
  });
  it('GIVEN a binding to a missing role, or a Role in another namespace THEN reported by evidence', () => {
    expect(ids(run([binding('RoleBinding', 'Role', 'reader')]))).toEqual(['warning wiring/rbac-role roleRef.name']);
    expect(ids(run([binding('RoleBinding', 'Role', 'reader'), role('Role', 'other')], { evidence: 'complete' }))).toEqual(['error wiring/rbac-role roleRef.name']);
    expect(ids(run([binding('ClusterRoleBinding', 'ClusterRole', 'reader')], { evidence: 'complete' }))).toEqual(['error wiring/rbac-role roleRef.name']);
  });
});

describe('scale', () => {
  it('GIVEN 20,000 documents THEN all checks run with linear indexing and find the one broken reference', () => {
    const objs: J[] = [];
    for (let i = 0; i < 5000; i++) {
      const d = deployment(); d.metadata.name = `web-${i}`; d.spec.template.metadata.labels = { app: `web-${i}` }; d.spec.selector.matchLabels = { app: `web-${i}` };
      const s = service(); s.metadata.name = `web-${i}`; s.spec.selector = { app: `web-${i}` };
      objs.push(d, s);
    }
    objs.push(configMap(), secret());
    for (let i = 0; i < 9998; i++) objs.push({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${i}`, namespace: 'shop' } });
    const last = objs[0]; c0(last).env[0].valueFrom.secretKeyRef.name = 'nope';
    expect(ids(run(objs))).toEqual(['warning wiring/missing-secret spec.template.spec.containers[0].env[0].valueFrom.secretKeyRef.name']);
  });
});

// issue 16: checks that hold on real installs (each of these was a false warning on a vendor install).
describe('what the cluster adds beyond the documents', () => {
  it('GIVEN a Service port with targetPort 0 or "" WHEN the pods declare the port THEN fine: the API server defaults it to port', () => {
    const s = service(); s.spec.ports = [{ name: 'http', port: 8080, targetPort: 0 }];
    expect(run([deployment(), s, configMap(), secret()])).toEqual([]);
    s.spec.ports = [{ name: 'http', port: 8080, targetPort: '' }];
    expect(run([deployment(), s, configMap(), secret()])).toEqual([]);
    s.spec.ports = [{ name: 'http', port: 9999, targetPort: 0 }];
    expect(ids(run([deployment(), s, configMap(), secret()]))).toEqual(['warning wiring/service-target-port spec.ports[0].port']);
  });
  it('GIVEN namespace-less objects and a RoleBinding in NS WHEN validated with namespace NS THEN matched in NS, not default', () => {
    const d = deployment(); delete d.metadata.namespace;
    const cm = configMap(); delete cm.metadata.namespace;
    const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'reader' } };
    const rb = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'reader', namespace: 'shop' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' }, subjects: [] };
    const objs = [d, service(), cm, secret(), role, rb];
    expect(ids(run(objs))).toContain('warning wiring/rbac-role roleRef.name');
    expect(run(objs, { namespace: 'shop' })).toEqual([]);
    expect(run(objs, { namespace: 'shop' }).length).toBeLessThan(run(objs).length);
  });
  it('GIVEN a Service selecting statefulset.kubernetes.io/pod-name of a StatefulSet pod THEN it selects that pod; another StatefulSet name THEN nothing', () => {
    const sts: J = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'kafka', namespace: 'shop' },
      spec: { serviceName: 'kafka', replicas: 3, selector: { matchLabels: { app: 'kafka' } },
        template: { metadata: { labels: { app: 'kafka' } }, spec: { containers: [{ name: 'k', image: 'kafka', ports: [{ name: 'broker', containerPort: 9092 }] }] } } } };
    const headless: J = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'kafka', namespace: 'shop' }, spec: { clusterIP: 'None', selector: { app: 'kafka' }, ports: [{ port: 9092 }] } };
    const perPod = (pod: string): J => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'kafka-0-external', namespace: 'shop' },
      spec: { type: 'NodePort', selector: { app: 'kafka', 'statefulset.kubernetes.io/pod-name': pod }, ports: [{ port: 9094, targetPort: 'broker' }] } });
    expect(run([sts, headless, perPod('kafka-0')])).toEqual([]);
    expect(ids(run([sts, headless, perPod('zookeeper-0')]))).toEqual(['warning wiring/service-selects-nothing spec.selector']);
  });
  it('GIVEN selectors on pod-template-hash, controller-revision-hash and job-name THEN the controllers\' pods are selected', () => {
    const s = service(); s.spec.selector = { app: 'web', 'pod-template-hash': '7d9f8c6b5' };
    expect(run([deployment(), s, configMap(), secret()])).toEqual([]);
    const job: J = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: 'shop' },
      spec: { template: { metadata: { labels: { app: 'migrate' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'm' }] } } } };
    const pdb = (sel: J): J => ({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'm', namespace: 'shop' }, spec: { maxUnavailable: 1, selector: sel } });
    expect(run([job, pdb({ matchLabels: { 'batch.kubernetes.io/job-name': 'migrate' } })])).toEqual([]);
    expect(run([job, pdb({ matchExpressions: [{ key: 'job-name', operator: 'In', values: ['migrate'] }] })])).toEqual([]);
    expect(ids(run([job, pdb({ matchLabels: { 'job-name': 'other' } })]))).toEqual(['warning wiring/pdb-selects-nothing spec.selector']);
  });
  it('GIVEN bindings to bootstrap roles (kube-system reader Role, system:auth-delegator, view) THEN known; an unknown Role THEN a warning', () => {
    const binding = (kind: string, name: string, ns = 'kube-system'): J => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: ns },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name }, subjects: [] });
    expect(run([binding('Role', 'extension-apiserver-authentication-reader')])).toEqual([]);
    expect(run([binding('ClusterRole', 'system:auth-delegator')])).toEqual([]);
    expect(run([binding('ClusterRole', 'view', 'shop')])).toEqual([]);
    expect(ids(run([binding('Role', 'extension-apiserver-authentication-reader', 'shop')]))).toEqual(['warning wiring/rbac-role roleRef.name']);
  });
  it('GIVEN a pod mounting the kube-root-ca.crt ConfigMap THEN known (the cluster publishes it in every namespace, key ca.crt)', () => {
    const d = deployment(); d.spec.template.spec.volumes.push({ name: 'ca', configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } });
    expect(run([d, service(), configMap(), secret()])).toEqual([]);
  });
  it('GIVEN a ServiceMonitor selecting the API server Service in default THEN it selects default/kubernetes and its https port', () => {
    const sm = (port: string): J => ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'kube-apiserver', namespace: 'monitoring' },
      spec: { namespaceSelector: { matchNames: ['default'] }, selector: { matchLabels: { component: 'apiserver', provider: 'kubernetes' } }, endpoints: [{ port }] } });
    expect(run([sm('https')])).toEqual([]);
    expect(ids(run([sm('http')]))).toEqual(['error wiring/servicemonitor-port spec.endpoints[0].port']);
  });
});

describe('GIVEN the pods the Prometheus Operator creates from a Prometheus or Alertmanager resource', () => {
  const prometheus: J = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: 'k8s', namespace: 'monitoring' },
    spec: { podMetadata: { labels: { 'app.kubernetes.io/component': 'prometheus', 'app.kubernetes.io/part-of': 'kube-prometheus' } }, replicas: 2 } };
  const alertmanager: J = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Alertmanager', metadata: { name: 'main', namespace: 'monitoring' }, spec: { replicas: 3 } };
  const svc = (name: string, selector: J, ports: J[]): J => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'monitoring' }, spec: { selector, ports } });
  it('WHEN a Service and a PDB select the operator\'s pod labels THEN they select pods, with the operator\'s port names', () => {
    const s = svc('prometheus-k8s', { 'app.kubernetes.io/component': 'prometheus', 'app.kubernetes.io/instance': 'k8s', 'app.kubernetes.io/name': 'prometheus' },
      [{ name: 'web', port: 9090, targetPort: 'web' }, { name: 'reloader-web', port: 8080, targetPort: 'reloader-web' }]);
    const am = svc('alertmanager-main', { 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/instance': 'main' }, [{ name: 'web', port: 9093, targetPort: 'web' }]);
    const pdb: J = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'alertmanager-main', namespace: 'monitoring' },
      spec: { maxUnavailable: 1, selector: { matchLabels: { alertmanager: 'main', 'app.kubernetes.io/managed-by': 'prometheus-operator' } } } };
    expect(run([prometheus, alertmanager, s, am, pdb])).toEqual([]);
  });
  it('WHEN the selector names another instance, or a port the pods lack THEN still reported', () => {
    const wrong = svc('p', { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'other' }, [{ port: 9090 }]);
    expect(ids(run([prometheus, wrong]))).toEqual(['warning wiring/service-selects-nothing spec.selector']);
    const badPort = svc('p', { prometheus: 'k8s' }, [{ port: 9090, targetPort: 'metrics' }]);
    expect(ids(run([prometheus, badPort]))).toEqual(['error wiring/service-target-port spec.ports[0].targetPort']);
  });
  it('WHEN the resource is not among the inputs THEN the Service selects nothing (no pods are assumed)', () => {
    const s = svc('prometheus-k8s', { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s' }, [{ port: 9090, targetPort: 'web' }]);
    expect(ids(run([s]))).toEqual(['warning wiring/service-selects-nothing spec.selector']);
  });
});

describe('GIVEN ConfigMaps inside a typed list (ConfigMapList) WHEN the whole pipeline runs', () => {
  it('THEN the wiring index sees its items: a pod reading one is not warned; an absent one still is', async () => {
    const { validateDocuments } = await import('../../src/validate');
    const list: J = { apiVersion: 'v1', kind: 'ConfigMapList', items: [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dashboards', namespace: 'shop' }, data: { 'a.json': '{}' } },
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'web-config', namespace: 'shop' }, data: { mode: 'prod' } },
    ] };
    const d = deployment(); d.spec.template.spec.volumes.push({ name: 'dash', configMap: { name: 'dashboards' } });
    const wiring = (objs: unknown[]): string[] => ids(validateDocuments(docs(...objs), { kubernetesVersion: '1.27.0' }).filter((f) => f.rule.startsWith('wiring/')));
    expect(wiring([d, service(), secret(), list])).toEqual([]);
    d.spec.template.spec.volumes.push({ name: 'gone', configMap: { name: 'absent' } });
    expect(wiring([d, service(), secret(), list])).toEqual(['warning wiring/missing-configmap spec.template.spec.volumes[3].configMap.name']);
  });
  it('THEN a RoleBindingList binding a Role of a RoleList is checked like single documents', async () => {
    const { validateDocuments } = await import('../../src/validate');
    const roles: J = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleList', items: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'shop' }, rules: [] }] };
    const bindings = (name: string): J => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBindingList', items: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding',
      metadata: { name: 'b', namespace: 'shop' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name }, subjects: [{ kind: 'ServiceAccount', name: 'default', namespace: 'shop' }] }] });
    const wiring = (objs: unknown[]): Finding[] => validateDocuments(docs(...objs), { kubernetesVersion: '1.27.0' }).filter((f) => f.rule.startsWith('wiring/'));
    expect(wiring([roles, bindings('r')])).toEqual([]);
    const f = wiring([roles, bindings('typo')]);
    expect(ids(f)).toEqual(['warning wiring/rbac-role items[0].roleRef.name']);
  });
});
