// What the cluster adds beyond the documents (issue 16): controller labels, operator pods and
// bootstrap objects, as the wiring checks and the lint read them.
import { describe, expect, it } from 'vitest';
import { controllerLabels, isBootstrapClusterRole, isBootstrapRole, namespaceOf, NO_IMPLIED, operatorPods, podSelectorMatches } from '../../src/validate/cluster-facts';

const sts = { metadata: { name: 'db' }, spec: {} };

describe('podSelectorMatches with controller labels', () => {
  const implied = controllerLabels('StatefulSet', 'db', sts);
  const labels = { app: 'db' };
  it('GIVEN a StatefulSet THEN its pods carry pod-name <name>-<ordinal>, a pod-index and a revision hash of any value', () => {
    expect(podSelectorMatches({ matchLabels: { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-2' } }, labels, implied)).toBe(true);
    expect(podSelectorMatches({ matchLabels: { 'statefulset.kubernetes.io/pod-name': 'db-x' } }, labels, implied)).toBe(false);
    expect(podSelectorMatches({ matchLabels: { 'statefulset.kubernetes.io/pod-name': 'web-0' } }, labels, implied)).toBe(false);
    expect(podSelectorMatches({ matchLabels: { 'apps.kubernetes.io/pod-index': '0', 'controller-revision-hash': 'db-6d4cf56db6' } }, labels, implied)).toBe(true);
  });
  it('GIVEN matchExpressions on implied keys THEN Exists holds, DoesNotExist fails, In tests the values, NotIn fails only on a known value', () => {
    const ex = (key: string, operator: string, values?: string[]) => ({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] });
    expect(podSelectorMatches(ex('controller-revision-hash', 'Exists'), labels, implied)).toBe(true);
    expect(podSelectorMatches(ex('controller-revision-hash', 'DoesNotExist'), labels, implied)).toBe(false);
    expect(podSelectorMatches(ex('statefulset.kubernetes.io/pod-name', 'In', ['db-0', 'db-1']), labels, implied)).toBe(true);
    expect(podSelectorMatches(ex('statefulset.kubernetes.io/pod-name', 'In', ['web-0']), labels, implied)).toBe(false);
    const job = controllerLabels('Job', 'migrate', { metadata: { name: 'migrate' }, spec: {} });
    expect(podSelectorMatches(ex('job-name', 'NotIn', ['migrate']), {}, job)).toBe(false);
    expect(podSelectorMatches(ex('job-name', 'NotIn', ['other']), {}, job)).toBe(true);
  });
  it('GIVEN a bare Pod or a ReplicaSet THEN no label is implied', () => {
    expect(controllerLabels('Pod', 'p', {})).toBe(NO_IMPLIED);
    expect(podSelectorMatches({ matchLabels: { 'pod-template-hash': 'x' } }, {}, controllerLabels('ReplicaSet', 'r', {}))).toBe(false);
  });
  it('GIVEN a CronJob THEN its Jobs are named <cronjob>-<scheduled minute>', () => {
    const cj = controllerLabels('CronJob', 'backup', { metadata: { name: 'backup' }, spec: { jobTemplate: { spec: {} } } });
    expect(podSelectorMatches({ matchLabels: { 'batch.kubernetes.io/job-name': 'backup-29012345' } }, {}, cj)).toBe(true);
    expect(podSelectorMatches({ matchLabels: { 'batch.kubernetes.io/job-name': 'backup' } }, {}, cj)).toBe(false);
  });
});

describe('operatorPods', () => {
  it('GIVEN a Prometheus with podMetadata labels THEN the operator\'s selector labels win over them, with the web and reloader ports', () => {
    const p = operatorPods('Prometheus', 'monitoring.coreos.com/v1', { metadata: { name: 'k8s' }, spec: { podMetadata: { labels: { team: 'obs', prometheus: 'spoofed' } }, thanos: {} } });
    expect(p?.labels).toMatchObject({ team: 'obs', prometheus: 'k8s', 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s', 'app.kubernetes.io/managed-by': 'prometheus-operator' });
    expect([...p!.portNames].sort()).toEqual(['grpc', 'http', 'reloader-web', 'web']);
    expect(podSelectorMatches({ matchLabels: { 'statefulset.kubernetes.io/pod-name': 'prometheus-k8s-shard-1-0' } }, p!.labels, p!.implied)).toBe(true);
  });
  it('GIVEN an Alertmanager with a port name THEN its web port has that name; other kinds or groups THEN no pods', () => {
    const a = operatorPods('Alertmanager', 'monitoring.coreos.com/v1', { metadata: { name: 'main' }, spec: { portName: 'http-web' } });
    expect([...a!.portNames].sort()).toEqual(['http-web', 'mesh-tcp', 'mesh-udp', 'reloader-web']);
    expect(operatorPods('ServiceMonitor', 'monitoring.coreos.com/v1', { metadata: { name: 'x' } })).toBeUndefined();
    expect(operatorPods('Prometheus', 'example.com/v1', { metadata: { name: 'x' } })).toBeUndefined();
  });
});

describe('bootstrap objects and namespaces', () => {
  it('GIVEN the bootstrap RBAC policy THEN its kube-system Roles and the default ClusterRoles are known', () => {
    expect(isBootstrapRole('kube-system', 'extension-apiserver-authentication-reader')).toBe(true);
    expect(isBootstrapRole('kube-public', 'system:controller:bootstrap-signer')).toBe(true);
    expect(isBootstrapRole('default', 'extension-apiserver-authentication-reader')).toBe(false);
    for (const r of ['cluster-admin', 'admin', 'edit', 'view', 'system:auth-delegator']) expect(isBootstrapClusterRole(r)).toBe(true);
    expect(isBootstrapClusterRole('editor')).toBe(false);
  });
  it('GIVEN a namespaced object without a namespace THEN the default one; a cluster-scoped kind THEN none', () => {
    expect(namespaceOf('Deployment', {}, 'argocd')).toBe('argocd');
    expect(namespaceOf('Deployment', { namespace: 'x' }, 'argocd')).toBe('x');
    expect(namespaceOf('Deployment', undefined)).toBe('default');
    expect(namespaceOf('ClusterRole', { namespace: 'x' }, 'argocd')).toBe('');
  });
});
