// issue 16: a lint a team can adopt on installs it did not write: the essential best-practice set,
// deliberate settings that are not findings, and pods as they run (controller and operator labels).
import { describe, expect, it } from 'vitest';
import { lintDocuments, POLICY_RULES } from '../../src/validate/policy';
import { app, c0, docs, NS, pod, type Obj } from './fixtures';

const rulesOf = (objects: Obj[], opts = {}): string[] => [...new Set(lintDocuments(docs(objects), opts).map((f) => f.rule))].sort();

describe('the essential best-practice set', () => {
  // the compliant app with hygiene gaps (no probes, labels, requests) and one real hole (a latest tag)
  const vendorish = (): Obj[] => app((a) => {
    const c = c0(a.deploy);
    delete c.readinessProbe; delete c.livenessProbe; delete c.resources; c.image = 'nginx:latest';
    delete a.deploy.metadata.labels; delete pod(a.deploy).affinity;
  });
  it('GIVEN hygiene gaps and a latest tag WHEN linted with essential THEN only the latest tag is reported', () => {
    expect(rulesOf(vendorish(), { profile: 'baseline', bestPractices: 'essential' })).toEqual(['policy/image-latest-tag']);
  });
  it('GIVEN the same WHEN linted with recommended (the library default) THEN the hygiene rules report too', () => {
    expect(rulesOf(vendorish(), { profile: 'baseline' })).toEqual(expect.arrayContaining([
      'policy/image-latest-tag', 'policy/liveness-probe-missing', 'policy/readiness-probe-missing', 'policy/cpu-request-missing', 'policy/recommended-labels', 'policy/no-anti-affinity',
    ]));
  });
  it('GIVEN bestPractices all THEN opt-in rules run without --enable', () => {
    expect(rulesOf(app(), { bestPractices: 'all' })).toEqual([]);
    expect(rulesOf(app((a) => { delete c0(a.deploy).resources.limits.cpu; }), { bestPractices: 'all' })).toEqual(['policy/cpu-limit-missing']);
  });
  it('GIVEN a root-capable container under baseline + essential THEN run-as-non-root is not reported; explicit allowPrivilegeEscalation true still is', () => {
    const root = app((a) => { delete pod(a.deploy).securityContext.runAsNonRoot; delete pod(a.deploy).securityContext.runAsUser; });
    expect(rulesOf(root, { profile: 'baseline', bestPractices: 'essential' })).toEqual([]);
    const esc = app((a) => { c0(a.deploy).securityContext.allowPrivilegeEscalation = true; });
    expect(rulesOf(esc, { profile: 'baseline', bestPractices: 'essential' })).toEqual(['policy/privilege-escalation']);
  });
  it('GIVEN the catalogue THEN every essential rule is a best practice (or the one restricted control run as one) that is not opt-in', () => {
    const essential = POLICY_RULES.filter((r) => r.essential);
    expect(essential.length).toBeGreaterThan(10);
    for (const r of essential) expect(r.defaultEnabled && (r.level === 'best-practice' || r.id === 'policy/privilege-escalation')).toBe(true);
  });
});

describe('a deliberate automountServiceAccountToken: true', () => {
  const binding = (sa: string, ns?: string): Obj => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'web', namespace: NS },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'web' }, subjects: [{ kind: 'ServiceAccount', name: sa, ...(ns ? { namespace: ns } : {}) }] });
  const automount = (value: boolean | undefined, bound: boolean, on: 'pod' | 'sa' = 'pod'): Obj[] => app((a) => {
    delete pod(a.deploy).automountServiceAccountToken;
    delete a.sa.automountServiceAccountToken;
    if (value !== undefined) (on === 'pod' ? pod(a.deploy) : a.sa).automountServiceAccountToken = value;
    if (bound) a.extra.push(binding('web'));
  });
  it('GIVEN an explicit true on the pod (or its ServiceAccount) and a binding of the account to a role THEN not a finding', () => {
    expect(rulesOf(automount(true, true))).toEqual([]);
    expect(rulesOf(automount(true, true, 'sa'))).toEqual([]);
  });
  it('GIVEN an explicit true without a binding, or no setting with a binding THEN still a finding', () => {
    expect(rulesOf(automount(true, false))).toEqual(['policy/automount-service-account-token']);
    expect(rulesOf(automount(undefined, true))).toEqual(['policy/automount-service-account-token']);
  });
  it('GIVEN the binding names the account in another namespace THEN it does not count', () => {
    const objs = automount(true, false);
    objs.push(binding('web', 'elsewhere'));
    expect(rulesOf(objs)).toEqual(['policy/automount-service-account-token']);
  });
});

describe('NetworkPolicies selecting pods as they run', () => {
  const netpol = (podSelector: Obj): Obj => ({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: NS },
    spec: { podSelector, policyTypes: ['Ingress'] } });
  it('GIVEN a podSelector on the Prometheus Operator\'s pod labels and a Prometheus resource THEN it selects pods', () => {
    const prom: Obj = { apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: 'k8s', namespace: NS }, spec: {} };
    const np = netpol({ matchLabels: { 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': 'k8s' } });
    expect(rulesOf([...app(), prom, np])).toEqual([]);
    expect(rulesOf([...app(), np])).toEqual(['policy/networkpolicy-selects-no-pods']);
  });
  it('GIVEN a podSelector on pod-template-hash of a Deployment THEN it selects its pods', () => {
    const np = netpol({ matchLabels: { 'app.kubernetes.io/name': 'web', 'pod-template-hash': '5d8f7' } });
    expect(rulesOf([...app(), np])).toEqual([]);
  });
});

describe('the namespace option', () => {
  it('GIVEN namespace-less workloads and a NetworkPolicy of namespace shop WHEN linted with namespace shop THEN judged together', () => {
    const objs = app((a) => { delete a.deploy.metadata.namespace; a.netpol.spec.podSelector = { matchLabels: { 'app.kubernetes.io/name': 'other' } }; });
    // without it the workload is in no namespace: its PDB (in shop) is not found, the policy not judged
    expect(rulesOf(objs)).toEqual(['policy/pdb-missing']);
    expect(rulesOf(objs, { namespace: NS })).toEqual(['policy/networkpolicy-selects-no-pods']);
  });
});
