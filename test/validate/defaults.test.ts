import { describe, expect, it } from 'vitest';
import { apiServerRules } from '../../src/validate/rules';
import { defaultedPaths, withDefaults } from '../../src/validate/rules/defaults';
import type { Finding, ManifestDocument } from '../../src/validate/types';

type J = Record<string, any>;
const doc = (object: unknown): ManifestDocument => ({ object, source: { file: 'app.yaml', documentIndex: 0 } });
const run = (o: unknown): Finding[] => apiServerRules([doc(o)]);
const at = (fs: Finding[]): string[] => fs.map((f) => `${f.rule} ${f.path}`);

const pod = (spec: J): J => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec });
const container = (extra: J = {}): J => ({ name: 'c', image: 'nginx:1.27', ...extra });
const deployment = (spec: J): J => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' },
  spec: { selector: { matchLabels: { app: 'd' } }, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [container()] } }, ...spec },
});

describe('defaults before rules: a rule never rejects what the API server fills in', () => {
  it('GIVEN a liveness probe with successThreshold 0 WHEN validated THEN no finding (the server makes it 1)', () => {
    expect(run(pod({ containers: [container({ livenessProbe: { httpGet: { port: 80 }, successThreshold: 0, periodSeconds: 0, timeoutSeconds: 0 } })] }))).toEqual([]);
  });

  it('GIVEN a liveness probe with successThreshold 2 WHEN validated THEN it is still refused', () => {
    expect(at(run(pod({ containers: [container({ livenessProbe: { httpGet: { port: 80 }, successThreshold: 2 } })] }))))
      .toEqual(['api/probe spec.containers[0].livenessProbe.successThreshold']);
  });

  it('GIVEN a volume that names no source WHEN validated THEN no finding (the server makes it an emptyDir)', () => {
    expect(run(pod({ containers: [container({ volumeMounts: [{ name: 'cache', mountPath: '/cache' }] })], volumes: [{ name: 'cache' }] }))).toEqual([]);
  });

  it('GIVEN User and Group subjects without apiGroup WHEN validated THEN no finding (the server fills in rbac.authorization.k8s.io)', () => {
    const rb = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb', namespace: 'ns' },
      roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'User', name: 'alice' }, { kind: 'Group', name: 'devs' }] };
    expect(run(rb)).toEqual([]);
  });

  it('GIVEN minReadySeconds 900 and no progressDeadlineSeconds WHEN validated THEN the default 600 is refused, and the message says it is the default', () => {
    const f = run(deployment({ minReadySeconds: 900 }));
    expect(at(f)).toEqual(['api/deployment spec.progressDeadlineSeconds']);
    expect(f[0].message).toMatch(/Invalid value: 600: must be greater than minReadySeconds \(not set: the API server's default\)/);
  });

  it('GIVEN a Job without restartPolicy WHEN validated THEN the default Always is refused, named as the default', () => {
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { template: { spec: { containers: [container()] } } } };
    const f = run(job);
    expect(at(f)).toEqual(['api/restart-policy spec.template.spec.restartPolicy']);
    expect(f[0].message).toMatch(/Unsupported value: "Always".*not set: the API server's default/);
  });

  it('GIVEN a Pod on the host network with two containers on port 80 and no hostPort WHEN validated THEN the duplicate host port is found', () => {
    const p = pod({ hostNetwork: true, containers: [container({ ports: [{ containerPort: 80 }] }), container({ name: 'd', ports: [{ containerPort: 80 }] })] });
    expect(at(run(p))).toEqual(['api/port spec.containers[1].ports[0].hostPort']);
  });

  it('GIVEN a ReplicationController without a selector WHEN validated THEN no finding (the server selects the template labels)', () => {
    const rc = { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'rc' },
      spec: { template: { metadata: { labels: { app: 'rc' } }, spec: { containers: [container()] } } } };
    expect(run(rc)).toEqual([]);
  });

  it('GIVEN a document WHEN defaulted THEN the document itself is unchanged and the filled-in paths are listed', () => {
    const d = deployment({});
    const before = JSON.stringify(d);
    const out = withDefaults(d, 'apps/v1', 'Deployment') as J;
    expect(JSON.stringify(d)).toBe(before);
    expect(out.spec.strategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
    expect(out.spec.template.spec.restartPolicy).toBe('Always');
    expect([...(defaultedPaths(out) ?? [])]).toContain('spec.progressDeadlineSeconds');
  });

  it('GIVEN a kind without defaults WHEN defaulted THEN the same object comes back', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } };
    expect(withDefaults(cm, 'v1', 'ConfigMap')).toBe(cm);
  });
});
