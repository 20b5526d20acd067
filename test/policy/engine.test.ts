// Profiles, options, suppression, the pod-spec walker across workload kinds, List documents,
// determinism and robustness of the policy lint.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortFindings } from '../../src/validate/engine';
import { lintDocuments, lintDocumentsDetailed, POLICY_RULES } from '../../src/validate/policy';
import { app, c0, deployment, docs, pod, type Obj } from './fixtures';

const rulesOf = (objects: Obj[], opts = {}): string[] => lintDocuments(docs(objects), opts).map((f) => f.rule);

describe('profiles and options', () => {
  it('GIVEN a container without allowPrivilegeEscalation WHEN linted with profile baseline THEN restricted controls are not reported', () => {
    const objects = app((a) => { delete c0(a.deploy).securityContext.allowPrivilegeEscalation; delete pod(a.deploy).securityContext.runAsNonRoot; delete pod(a.deploy).securityContext.seccompProfile; });
    expect(rulesOf(objects, { profile: 'restricted' })).toEqual(expect.arrayContaining(['policy/privilege-escalation', 'policy/run-as-non-root', 'policy/seccomp-profile-missing']));
    expect(rulesOf(objects, { profile: 'baseline' })).toEqual([]);
  });

  it('GIVEN allowPrivilegeEscalation: true WHEN linted with profile baseline THEN it is still an error (kube-linter / Polaris default)', () => {
    const findings = lintDocuments(docs(app((a) => { c0(a.deploy).securityContext.allowPrivilegeEscalation = true; })), { profile: 'baseline' });
    expect(findings.map((f) => [f.rule, f.severity])).toEqual([['policy/privilege-escalation', 'error']]);
  });

  it('GIVEN a root-capable container WHEN linted with profile baseline THEN run-as-non-root is a warning, and a non-zero runAsUser satisfies it', () => {
    const root = app((a) => { delete pod(a.deploy).securityContext.runAsNonRoot; delete pod(a.deploy).securityContext.runAsUser; });
    expect(lintDocuments(docs(root), { profile: 'baseline' }).map((f) => [f.rule, f.severity])).toEqual([['policy/run-as-non-root', 'warning']]);
    const uid = app((a) => { delete pod(a.deploy).securityContext.runAsNonRoot; });
    expect(rulesOf(uid, { profile: 'baseline' })).toEqual([]);
  });

  it('GIVEN bestPractices false WHEN linted THEN only Pod Security Standards rules are reported', () => {
    const objects = app((a) => { c0(a.deploy).image = 'nginx'; pod(a.deploy).hostPID = true; });
    expect(rulesOf(objects)).toEqual(expect.arrayContaining(['policy/image-latest-tag', 'policy/host-pid']));
    expect(rulesOf(objects, { bestPractices: false })).toEqual(['policy/host-pid']);
  });

  it('GIVEN disable WHEN linted THEN that rule is not run (with or without the policy/ prefix)', () => {
    const objects = app((a) => { c0(a.deploy).image = 'nginx'; pod(a.deploy).hostPID = true; });
    expect(rulesOf(objects, { disable: ['image-latest-tag', 'policy/host-pid'] })).toEqual([]);
  });

  it('GIVEN an unsafe-in-1.27 sysctl that 1.29 made safe WHEN linted per version THEN the version decides', () => {
    const objects = app((a) => { pod(a.deploy).securityContext.sysctls = [{ name: 'net.ipv4.tcp_keepalive_time', value: '600' }]; });
    expect(rulesOf(objects, { kubernetesVersion: '1.27.0' })).toEqual(['policy/unsafe-sysctls']);
    expect(rulesOf(objects, { kubernetesVersion: '1.29' })).toEqual([]);
  });

  it('GIVEN a Windows pod WHEN linted restricted THEN the Linux-only controls do not apply', () => {
    const objects = app((a) => { pod(a.deploy).os = { name: 'windows' }; delete c0(a.deploy).securityContext.capabilities; delete c0(a.deploy).securityContext.allowPrivilegeEscalation; delete pod(a.deploy).securityContext.seccompProfile; });
    expect(rulesOf(objects)).toEqual([]);
  });

  it('GIVEN a lone NetworkPolicy file WHEN linted with partial evidence THEN selects-no-pods is not judged; with complete evidence it is', () => {
    const np = app()[4];
    expect(np.kind).toBe('NetworkPolicy');
    expect(rulesOf([np])).toEqual([]);
    expect(rulesOf([np], { evidence: 'complete' })).toEqual(['policy/networkpolicy-selects-no-pods']);
  });
});

describe('cross-object rules', () => {
  it('GIVEN a PDB with minAvailable 2 over an HPA-scaled Deployment WHEN the HPA minReplicas is 2 THEN it blocks eviction; with minReplicas 3 it does not', () => {
    const scaled = (min: number): Obj[] => app((a) => {
      delete a.deploy.spec.replicas;
      delete a.pdb.spec.maxUnavailable;
      a.pdb.spec.minAvailable = 2;
      a.extra.push({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web', namespace: 'shop' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: min, maxReplicas: 6 } });
    });
    const f = lintDocuments(docs(scaled(2))).filter((x) => x.rule === 'policy/pdb-blocks-eviction');
    expect(f.map((x) => x.message)).toEqual([expect.stringMatching(/minAvailable 2 is not below minReplicas 2 of HorizontalPodAutoscaler 'web'/)]);
    expect(rulesOf(scaled(3))).toEqual([]);
  });
});

describe('suppression with a reason', () => {
  it('GIVEN a hostPath DaemonSet with allow annotations WHEN linted THEN the findings are suppressed, counted and listed with their reasons', () => {
    const ds = deployment('node-agent');
    ds.kind = 'DaemonSet';
    delete ds.spec.replicas;
    delete ds.spec.strategy;
    ds.metadata.annotations = { 'helmless.io/allow-host-path': 'node-exporter reads /proc and /sys' };
    pod(ds).volumes = [{ name: 'proc', hostPath: { path: '/proc' } }];
    c0(ds).volumeMounts = [{ name: 'proc', mountPath: '/host/proc', readOnly: true }];
    ds.spec.template.metadata.annotations = { 'helmless.io/allow-sensitive-host-mount': 'read-only /proc for node metrics' };
    const sa = app()[2];
    sa.metadata.name = 'node-agent';
    const r = lintDocumentsDetailed(docs([ds, sa]));
    expect(r.findings).toEqual([]);
    expect(r.suppressed.map((s) => [s.finding.rule, s.reason, s.annotation])).toEqual([
      ['policy/host-path', 'node-exporter reads /proc and /sys', 'helmless.io/allow-host-path'],
      ['policy/sensitive-host-mount', 'read-only /proc for node metrics', 'helmless.io/allow-sensitive-host-mount'],
    ]);
  });

  it('GIVEN an allow annotation with an empty reason WHEN linted THEN the finding stays and the empty reason is an error', () => {
    const objects = app((a) => { pod(a.deploy).hostNetwork = true; a.deploy.metadata.annotations = { 'helmless.io/allow-host-network': '' }; });
    const r = lintDocumentsDetailed(docs(objects));
    expect(r.findings.map((f) => f.rule).sort()).toEqual(['policy/host-network', 'policy/suppression-needs-reason']);
    expect(r.suppressed).toEqual([]);
  });

  it('GIVEN a CronJob whose pod template carries the annotation WHEN linted THEN the suppression applies', () => {
    const cj = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'n', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'n' } }, spec: { schedule: '* * * * *', startingDeadlineSeconds: 60, jobTemplate: { spec: { template: { metadata: { labels: { 'app.kubernetes.io/name': 'n' }, annotations: { 'helmless.io/allow-image-latest-tag': 'internal tool, always latest' } }, spec: { ...pod(deployment('n')), restartPolicy: 'Never' } } } } } } as Obj;
    delete cj.spec.jobTemplate.spec.template.spec.affinity;
    cj.spec.jobTemplate.spec.template.spec.containers[0].image = 'tool';
    const r = lintDocumentsDetailed(docs([cj]));
    expect(r.findings.map((f) => f.rule)).not.toContain('policy/image-latest-tag');
    expect(r.suppressed.map((s) => s.finding.rule)).toContain('policy/image-latest-tag');
  });
});

describe('the pod-spec walker', () => {
  const kinds: Array<[string, (spec: Obj) => Obj, string]> = [
    ['Pod', (spec) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x' }, spec }), 'spec'],
    ['Deployment', (spec) => ({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' }, spec: { template: { spec } } }), 'spec.template.spec'],
    ['StatefulSet', (spec) => ({ apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'x' }, spec: { template: { spec } } }), 'spec.template.spec'],
    ['DaemonSet', (spec) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'x' }, spec: { template: { spec } } }), 'spec.template.spec'],
    ['ReplicaSet', (spec) => ({ apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'x' }, spec: { template: { spec } } }), 'spec.template.spec'],
    ['ReplicationController', (spec) => ({ apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'x' }, spec: { template: { spec } } }), 'spec.template.spec'],
    ['Job', (spec) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'x' }, spec: { template: { spec } } }), 'spec.template.spec'],
    ['CronJob', (spec) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'x' }, spec: { jobTemplate: { spec: { template: { spec } } } } }), 'spec.jobTemplate.spec.template.spec'],
  ];
  for (const [kind, make, specPath] of kinds) {
    it(`GIVEN a privileged init container in a ${kind} WHEN linted THEN the finding names the ${kind}, the container and the field path`, () => {
      const spec = { initContainers: [{ name: 'setup', image: 'busybox:1.36', securityContext: { privileged: true } }], containers: [{ name: 'main', image: 'busybox:1.36' }] };
      const f = lintDocuments(docs([make(spec)])).filter((x) => x.rule === 'policy/privileged');
      expect(f.map((x) => x.path)).toEqual([`${specPath}.initContainers[0].securityContext.privileged`]);
      expect(f[0].message).toMatch(new RegExp(`^${kind} 'x' init container 'setup': securityContext\\.privileged is true`));
      expect(f[0].object).toEqual(expect.objectContaining({ kind, name: 'x' }));
    });
  }

  it('GIVEN a Job WHEN linted THEN probes are not required (not long-running)', () => {
    const j = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'x' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox:1.36' }] } } } };
    expect(rulesOf([j])).not.toContain('policy/readiness-probe-missing');
  });

  it('GIVEN a List document WHEN linted THEN items are linted and paths start with items[i]', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [app()[3], app((a) => { pod(a.deploy).hostIPC = true; })[0]] };
    const f = lintDocuments(docs([list])).filter((x) => x.rule === 'policy/host-ipc');
    expect(f.map((x) => x.path)).toEqual(['items[1].spec.template.spec.hostIPC']);
  });

  it('GIVEN documents from synth WHEN linted THEN findings carry the construct path and source line', () => {
    const d = [{ object: app((a) => { pod(a.deploy).hostPID = true; })[0], source: { file: 'dist/shop.k8s.yaml', documentIndex: 3, constructPath: 'shop/web/deployment', sourceLocation: 'src/charts/shop.ts:12' } }];
    const f = lintDocuments(d).find((x) => x.rule === 'policy/host-pid')!;
    expect(f).toEqual(expect.objectContaining({ file: 'dist/shop.k8s.yaml', documentIndex: 3, constructPath: 'shop/web/deployment', sourceLocation: 'src/charts/shop.ts:12' }));
  });
});

describe('determinism and robustness', () => {
  it('GIVEN the same documents WHEN linted twice THEN the findings are identical and sorted', () => {
    const objects = [...app((a) => { c0(a.deploy).image = 'nginx'; pod(a.deploy).hostPID = true; delete a.pdb.spec.maxUnavailable; }), { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { a: 'YQ==' } }];
    const a = lintDocuments(docs(objects));
    const b = lintDocuments(docs(objects));
    expect(a).toEqual(b);
    expect(sortFindings(a)).toEqual(a);
  });

  it('GIVEN malformed and random objects WHEN linted THEN it never throws and every finding has a known rule', () => {
    const known = new Set(POLICY_RULES.map((r) => r.id));
    const kind = fc.constantFrom('Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob', 'Service', 'PodDisruptionBudget', 'Secret', 'ConfigMap', 'Role', 'ClusterRoleBinding', 'NetworkPolicy', 'HorizontalPodAutoscaler', 'List', 'Ingress');
    const junk = fc.anything({ maxDepth: 4 });
    const shaped = fc.record({ apiVersion: fc.oneof(fc.constant('apps/v1'), junk), kind, metadata: fc.oneof(junk, fc.record({ name: fc.string(), annotations: fc.dictionary(fc.constantFrom('helmless.io/allow-host-path', 'helmless.io/allow-x', 'a'), fc.string()) })), spec: fc.oneof(junk, fc.record({ template: fc.record({ spec: fc.record({ containers: fc.array(fc.oneof(junk, fc.record({ name: fc.string(), image: fc.oneof(fc.string(), junk), securityContext: junk, ports: junk, env: junk }))), volumes: junk, securityContext: junk }) }), selector: junk, replicas: junk })), items: junk, rules: junk, data: junk, roleRef: junk });
    fc.assert(
      fc.property(fc.array(fc.oneof(shaped, junk), { maxLength: 6 }), (objects) => {
        const findings = lintDocuments(docs(objects));
        for (const f of findings) expect(known.has(f.rule)).toBe(true);
      }),
      { numRuns: 300, seed: 42 },
    );
  });

  it('GIVEN 5000 workload documents WHEN linted THEN it finishes (one pass, indexes built once)', () => {
    const objects: Obj[] = [];
    for (let i = 0; i < 1000; i++) {
      for (const o of app((a) => { a.deploy.metadata.name = `web-${i}`; })) objects.push(o);
    }
    const findings = lintDocuments(docs(objects));
    expect(findings).toEqual([]);
  });
});
