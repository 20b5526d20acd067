import { describe, expect, it } from 'vitest';
import { WiringIndex, wiringChecks } from '../../src/validate/wiring';
import type { ManifestDocument } from '../../src/validate/types';
import { groupOf, PathTable } from '../../src/validate/wiring/facts';

type J = Record<string, any>;
const doc = (object: unknown, documentIndex: number): ManifestDocument => ({ object, source: { file: 'app.yaml', documentIndex } });

/** An app with one of each reference the index keeps, several of them broken. */
function app(ns: string): J[] {
  const labels = { app: 'web' };
  return [
    { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'web', namespace: ns },
      spec: { serviceName: 'web-headless', selector: { matchLabels: labels }, template: { metadata: { labels }, spec: {
        volumes: [{ name: 'd', persistentVolumeClaim: { claimName: 'gone' } }],
        containers: [{ name: 'web', image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }],
          env: [{ name: 'PW', valueFrom: { secretKeyRef: { name: 'db', key: 'nope' } } }, { name: 'DB_HOST', value: 'postgres' }],
          envFrom: [{ configMapRef: { name: 'missing-config' } }], livenessProbe: { httpGet: { path: '/', port: 'metrics' } } }] } } } },
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: ns, labels }, spec: { selector: labels, ports: [{ name: 'http', port: 80, targetPort: 'grpc' }] } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: ns }, stringData: { password: 'x' } },
    { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: ns },
      spec: { tls: [{ secretName: 'tls' }], rules: [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 8080 } } } }] } }] } },
    { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: ns }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } } },
    { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'web', namespace: ns }, spec: { selector: { matchLabels: { app: 'api' } } } },
    { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'web', namespace: ns }, roleRef: { kind: 'Role', name: 'absent' } },
    { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'web', namespace: ns }, spec: { selector: { matchLabels: labels }, endpoints: [{ port: 'metrics' }] } },
    { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: ns }, stringData: { password: 'x' } },
  ];
}

/** Every object reachable from `root` (Maps, Sets, arrays, plain objects; functions not entered). */
function reachable(root: unknown): Set<object> {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null || seen.has(v)) continue;
    seen.add(v);
    if (v instanceof Map) for (const [k, x] of v) stack.push(k, x);
    else if (v instanceof Set) for (const x of v) stack.push(x);
    else for (const k of Object.keys(v)) stack.push((v as Record<string, unknown>)[k]);
  }
  return seen;
}

describe('WiringIndex: documents fed one at a time', () => {
  const objs = [...app('shop'), ...app('blog')];

  it('GIVEN documents added one by one WHEN findings() runs THEN it reports what wiringChecks reports over the list, each rule', () => {
    const index = new WiringIndex({ evidence: 'complete' });
    objs.forEach((o, i) => index.add(doc(structuredClone(o), i)));
    const streamed = index.findings();
    expect(streamed).toEqual(wiringChecks(objs.map(doc), { evidence: 'complete' }));
    expect(new Set(streamed.map((f) => f.rule))).toEqual(new Set([
      'wiring/duplicate', 'wiring/missing-secret-key', 'wiring/missing-configmap', 'wiring/probe-port', 'wiring/missing-pvc',
      'wiring/service-target-port', 'wiring/ingress-backend', 'wiring/missing-secret', 'wiring/hpa-target', 'wiring/pdb-selects-nothing',
      'wiring/rbac-role', 'wiring/servicemonitor-port', 'wiring/statefulset-service', 'wiring/connection-host',
    ]));
    // asking twice gives the same answer (the cluster's own objects are added once)
    expect(index.findings()).toEqual(streamed);
  });

  it('GIVEN the index after every add THEN it holds no parsed document, pod template or spec: only small facts', () => {
    const index = new WiringIndex();
    const parsed = objs.map((o) => structuredClone(o));
    parsed.forEach((o, i) => index.add(doc(o, i)));
    index.findings();
    const held = reachable(index);
    const big = parsed.flatMap((o) => [o, o.spec, o.spec?.template, o.spec?.template?.spec, o.spec?.template?.spec?.containers].filter(Boolean));
    expect(big.filter((o) => held.has(o))).toEqual([]);
    // what it does keep of a document are small pieces: the pod labels, a Service's selector and ports
    expect(held.has(parsed[0].spec.template.metadata.labels)).toBe(true);
  });
});

describe('wiring facts helpers', () => {
  it('GIVEN apiVersions of built-in, custom and core kinds WHEN groupOf THEN the group before the slash, or empty', () => {
    expect(['apps/v1', 'batch/v1', 'example.com/v1alpha1', 'v1', 'monitoring.coreos.com/v1'].map(groupOf)).toEqual(['apps', 'batch', 'example.com', '', 'monitoring.coreos.com']);
    const t = new PathTable();
    expect([t.keep(['a', 'b'].join('.')), t.keep('a.b'), t.keep('a.c')]).toEqual(['a.b', 'a.b', 'a.c']);
  });
});
