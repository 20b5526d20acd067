import { describe, expect, it } from 'vitest';
import { READ_VERBS, WebService, WorkerJob } from '../../src';
import { find, newChart, podSpec, synth } from './helpers';
import { synthErrors } from './valid';

const web = (chart: ReturnType<typeof newChart>, props: Record<string, unknown> = {}) =>
  new WebService(chart, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 8080, ...props } as never);

describe('permissions', () => {
  it('GIVEN namespaced permissions WHEN synthesised THEN a Role with the rules is bound to the workload\'s own ServiceAccount and the token is mounted', () => {
    const chart = newChart({ namespace: 'shop' });
    const api = web(chart, { permissions: [{ resources: ['configmaps'], verbs: READ_VERBS }, { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'], resourceNames: ['api-leader'] }] });
    const objects = synth(chart);
    expect(find(objects, 'Role', 'api')).toMatchObject({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      metadata: { name: 'api', namespace: 'shop' },
      rules: [
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['coordination.k8s.io'], resources: ['leases'], verbs: ['get', 'update'], resourceNames: ['api-leader'] },
      ],
    });
    expect(find(objects, 'RoleBinding', 'api')).toMatchObject({
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'api' },
      subjects: [{ kind: 'ServiceAccount', name: 'api', namespace: 'shop' }],
    });
    expect(podSpec(find(objects, 'Deployment')).automountServiceAccountToken).toBe(true);
    expect(api.permissions.role).toBeDefined();
    expect(objects.filter((o) => o.kind.startsWith('Cluster'))).toEqual([]);
    expect(synthErrors(chart)).toEqual([]);
  });

  it('GIVEN cluster-wide permissions WHEN synthesised THEN a ClusterRole and ClusterRoleBinding named <namespace>-<name>, without a namespace', () => {
    const chart = newChart({ namespace: 'shop' });
    new WorkerJob(chart, 'audit', { image: 'ghcr.io/acme/audit:1.0.0', permissions: [{ resources: ['nodes'], verbs: ['list'], scope: 'cluster' }] });
    const objects = synth(chart);
    const role = find(objects, 'ClusterRole', 'shop-audit');
    expect(role.metadata.namespace).toBeUndefined();
    expect(role.rules).toEqual([{ apiGroups: [''], resources: ['nodes'], verbs: ['list'] }]);
    const binding = find(objects, 'ClusterRoleBinding', 'shop-audit');
    expect(binding.metadata.namespace).toBeUndefined();
    expect(binding).toMatchObject({ roleRef: { kind: 'ClusterRole', name: 'shop-audit' }, subjects: [{ kind: 'ServiceAccount', name: 'audit', namespace: 'shop' }] });
    expect(objects.filter((o) => o.kind === 'Role')).toEqual([]);
    expect(synthErrors(chart)).toEqual([]);
  });

  it('GIVEN no permissions WHEN synthesised THEN no RBAC object and no token (documented default)', () => {
    const chart = newChart();
    web(chart);
    const objects = synth(chart);
    expect(objects.filter((o) => /Role/.test(o.kind))).toEqual([]);
    expect(podSpec(find(objects, 'Deployment')).automountServiceAccountToken).toBe(false);
  });

  it('GIVEN permissions and automountServiceAccountToken: false WHEN synthesised THEN the explicit choice wins (e.g. a projected token instead)', () => {
    const chart = newChart();
    web(chart, { permissions: [{ resources: ['pods'], verbs: ['get'] }], automountServiceAccountToken: false });
    expect(podSpec(find(synth(chart), 'Deployment')).automountServiceAccountToken).toBe(false);
  });

  describe('bad input: one line naming the construct, the value, what is allowed and the fix', () => {
    const make = (permissions: unknown, namespace: string | null = 'shop') => () => web(newChart(namespace ? { namespace } : {}), { permissions });
    it('a verb that does not exist', () => expect(make([{ resources: ['pods'], verbs: ['read'] }])).toThrow(/^test\/api: permissions\[0\]\.verbs "read" is invalid: is not a Kubernetes verb \(allowed: get, list, watch, create, update, patch, delete, deletecollection, bind, escalate, impersonate, use, approve, sign\)\. Fix: .*$/));
    it('the wildcard verb', () => expect(make([{ resources: ['pods'], verbs: ['*'] }])).toThrow(/verbs "\*" is invalid: is not a Kubernetes verb/));
    it('no verbs', () => expect(make([{ resources: ['pods'], verbs: [] }])).toThrow(/permissions\[0\]\.verbs \[\] is invalid: must list at least one verb/));
    it('no resources', () => expect(make([{ resources: [], verbs: ['get'] }])).toThrow(/permissions\[0\]\.resources \[\] is invalid: must list at least one resource/));
    it('a resource that is not a plural name', () => expect(make([{ resources: ['Pods'], verbs: ['get'] }])).toThrow(/resources "Pods" is invalid: must be a lower-case plural resource name/));
    it('a wildcard API group', () => expect(make([{ apiGroups: ['*'], resources: ['pods'], verbs: ['get'] }])).toThrow(/apiGroups "\*" is invalid/));
    it('an unknown scope', () => expect(make([{ resources: ['pods'], verbs: ['get'], scope: 'global' }])).toThrow(/permissions\[0\]\.scope "global" is invalid: must be 'namespace' or 'cluster'/));
    it('cluster scope in a chart without a namespace', () => expect(make([{ resources: ['nodes'], verbs: ['get'], scope: 'cluster' }], null)).toThrow(/permissions "scope: cluster" is invalid: a ClusterRoleBinding must name the ServiceAccount's namespace.*Fix: give the chart a namespace/));
  });
});
