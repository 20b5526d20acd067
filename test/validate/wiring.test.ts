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
