// One failing and one passing manifest per policy rule. The failing one breaks exactly the thing the
// rule is about in the otherwise compliant app of fixtures.ts.
import type { LintOptions } from '../../src/validate/policy';
import { app, c0, container, deployment, NS, pdb, pod, type Obj } from './fixtures';

export interface RuleCase {
  readonly rule: string;
  readonly fail: () => Obj[];
  /** @default the compliant app */
  readonly pass?: () => Obj[];
  readonly opts?: LintOptions;
  /** Expected path of the finding in the failing manifest. */
  readonly path?: string;
  /** Expected message (names the object, container and field). */
  readonly message?: RegExp;
}

const C = 'spec.template.spec.containers[0]';
const P = 'spec.template.spec';

const job = (mut?: (j: Obj) => void): Obj => {
  const spec = pod(deployment('batch'));
  delete spec.affinity;
  spec.restartPolicy = 'Never';
  const c = spec.containers[0];
  delete c.readinessProbe;
  delete c.livenessProbe;
  const j: Obj = {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'batch', namespace: NS, labels: { 'app.kubernetes.io/name': 'batch' } },
    spec: { ttlSecondsAfterFinished: 600, template: { metadata: { labels: { 'app.kubernetes.io/name': 'batch' } }, spec } },
  };
  mut?.(j);
  return j;
};
const cronJob = (mut?: (j: Obj) => void): Obj => {
  const inner = job();
  delete inner.spec.ttlSecondsAfterFinished;
  const cj: Obj = {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly', namespace: NS, labels: { 'app.kubernetes.io/name': 'nightly' } },
    spec: { schedule: '0 3 * * *', startingDeadlineSeconds: 300, jobTemplate: { spec: inner.spec } },
  };
  mut?.(cj);
  return cj;
};
const role = (rules: Obj[], kind = 'Role'): Obj => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind, metadata: { name: 'reader', namespace: NS }, rules });
const binding = (roleRef: Obj): Obj => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRoleBinding',
  metadata: { name: 'ops' },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
  subjects: [{ kind: 'Group', name: 'ops', apiGroup: 'rbac.authorization.k8s.io' }],
});
const hpa = (min: number, max = 5): Obj => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web', namespace: NS },
  spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas: min, maxReplicas: max },
});

export const CASES: readonly RuleCase[] = [
  // --- PSS baseline
  { rule: 'policy/host-network', fail: () => app((a) => { pod(a.deploy).hostNetwork = true; }), path: `${P}.hostNetwork`, message: /Deployment 'shop\/web': spec\.hostNetwork is true/ },
  { rule: 'policy/host-pid', fail: () => app((a) => { pod(a.deploy).hostPID = true; }), path: `${P}.hostPID` },
  { rule: 'policy/host-ipc', fail: () => app((a) => { pod(a.deploy).hostIPC = true; }), path: `${P}.hostIPC` },
  { rule: 'policy/host-process', fail: () => app((a) => { c0(a.deploy).securityContext.windowsOptions = { hostProcess: true }; }), path: `${C}.securityContext.windowsOptions.hostProcess` },
  { rule: 'policy/privileged', fail: () => app((a) => { c0(a.deploy).securityContext.privileged = true; }), path: `${C}.securityContext.privileged`, message: /Deployment 'shop\/web' container 'app': securityContext\.privileged is true/ },
  { rule: 'policy/dangerous-capabilities', fail: () => app((a) => { c0(a.deploy).securityContext.capabilities.add = ['SYS_ADMIN']; }), path: `${C}.securityContext.capabilities.add[0]`, message: /capability "SYS_ADMIN" is added/ },
  { rule: 'policy/host-path', fail: () => app((a) => { pod(a.deploy).volumes = [{ name: 'logs', hostPath: { path: '/var/log' } }]; }), path: `${P}.volumes[0].hostPath`, message: /volume 'logs' is a hostPath \("\/var\/log"\)/ },
  { rule: 'policy/host-port', fail: () => app((a) => { c0(a.deploy).ports[0].hostPort = 8080; }), path: `${C}.ports[0].hostPort` },
  { rule: 'policy/apparmor', fail: () => app((a) => { a.deploy.spec.template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' }; }), message: /AppArmor annotation .* is "unconfined"/ },
  { rule: 'policy/selinux', fail: () => app((a) => { c0(a.deploy).securityContext.seLinuxOptions = { type: 'spc_t' }; }), path: `${C}.securityContext.seLinuxOptions.type` },
  { rule: 'policy/proc-mount', fail: () => app((a) => { c0(a.deploy).securityContext.procMount = 'Unmasked'; }), path: `${C}.securityContext.procMount` },
  { rule: 'policy/seccomp-unconfined', fail: () => app((a) => { pod(a.deploy).securityContext.seccompProfile.type = 'Unconfined'; }), path: `${P}.securityContext.seccompProfile.type` },
  {
    rule: 'policy/unsafe-sysctls',
    fail: () => app((a) => { pod(a.deploy).securityContext.sysctls = [{ name: 'kernel.msgmax', value: '65536' }]; }),
    pass: () => app((a) => { pod(a.deploy).securityContext.sysctls = [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }]; }),
    path: `${P}.securityContext.sysctls[0].name`,
  },
  // --- PSS restricted
  { rule: 'policy/volume-types', fail: () => app((a) => { pod(a.deploy).volumes = [{ name: 'share', nfs: { server: 'nfs.example.com', path: '/' } }]; }), path: `${P}.volumes[0].nfs`, message: /volume 'share' has type nfs/ },
  { rule: 'policy/privilege-escalation', fail: () => app((a) => { delete c0(a.deploy).securityContext.allowPrivilegeEscalation; }), path: `${C}.securityContext.allowPrivilegeEscalation`, message: /allowPrivilegeEscalation is not set; "restricted" requires false/ },
  { rule: 'policy/run-as-non-root', fail: () => app((a) => { delete pod(a.deploy).securityContext.runAsNonRoot; }), path: `${C}.securityContext.runAsNonRoot` },
  { rule: 'policy/run-as-root-user', fail: () => app((a) => { c0(a.deploy).securityContext.runAsUser = 0; }), path: `${C}.securityContext.runAsUser` },
  { rule: 'policy/seccomp-profile-missing', fail: () => app((a) => { delete pod(a.deploy).securityContext.seccompProfile; }), path: `${C}.securityContext.seccompProfile.type` },
  { rule: 'policy/capabilities-not-dropped', fail: () => app((a) => { c0(a.deploy).securityContext.capabilities.drop = ['NET_RAW']; }), path: `${C}.securityContext.capabilities.drop` },
  {
    rule: 'policy/added-capabilities',
    fail: () => app((a) => { c0(a.deploy).securityContext.capabilities.add = ['CHOWN']; }),
    pass: () => app((a) => { c0(a.deploy).securityContext.capabilities.add = ['NET_BIND_SERVICE']; }),
    path: `${C}.securityContext.capabilities.add[0]`,
  },
  // --- containers
  { rule: 'policy/readiness-probe-missing', fail: () => app((a) => { delete c0(a.deploy).readinessProbe; }), pass: () => [job()], path: `${C}.readinessProbe`, message: /Deployment 'shop\/web' container 'app': has no readinessProbe/ },
  { rule: 'policy/liveness-probe-missing', fail: () => app((a) => { delete c0(a.deploy).livenessProbe; }), pass: () => [job()], path: `${C}.livenessProbe` },
  { rule: 'policy/probes-identical', fail: () => app((a) => { c0(a.deploy).livenessProbe = { ...c0(a.deploy).readinessProbe }; }), path: `${C}.livenessProbe` },
  { rule: 'policy/cpu-request-missing', fail: () => app((a) => { delete c0(a.deploy).resources.requests.cpu; delete c0(a.deploy).resources.limits.cpu; }), path: `${C}.resources.requests.cpu` },
  { rule: 'policy/memory-request-missing', fail: () => app((a) => { delete c0(a.deploy).resources.requests.memory; delete c0(a.deploy).resources.limits.memory; }), path: `${C}.resources.requests.memory` },
  { rule: 'policy/memory-limit-missing', fail: () => app((a) => { delete c0(a.deploy).resources.limits.memory; }), path: `${C}.resources.limits.memory` },
  { rule: 'policy/cpu-limit-missing', opts: { enable: ['cpu-limit-missing'] }, fail: () => app((a) => { delete c0(a.deploy).resources.limits.cpu; }), path: `${C}.resources.limits.cpu` },
  { rule: 'policy/ephemeral-storage-missing', opts: { enable: ['ephemeral-storage-missing'] }, fail: () => app((a) => { c0(a.deploy).resources.limits = { memory: '1Gi' }; }) },
  {
    rule: 'policy/image-latest-tag',
    fail: () => app((a) => { c0(a.deploy).image = 'nginx:latest'; }),
    pass: () => app((a) => { c0(a.deploy).image = 'nginx:1.27.1'; }),
    path: `${C}.image`,
    message: /image "nginx:latest" uses the tag 'latest'/,
  },
  { rule: 'policy/image-not-pinned', opts: { enable: ['image-not-pinned'] }, fail: () => app((a) => { c0(a.deploy).image = 'nginx:1.27.1'; }), path: `${C}.image` },
  { rule: 'policy/image-pull-policy', opts: { enable: ['image-pull-policy'] }, fail: () => app((a) => { c0(a.deploy).imagePullPolicy = 'IfNotPresent'; }), path: `${C}.imagePullPolicy` },
  { rule: 'policy/writable-root-filesystem', fail: () => app((a) => { delete c0(a.deploy).securityContext.readOnlyRootFilesystem; }), path: `${C}.securityContext.readOnlyRootFilesystem` },
  { rule: 'policy/low-user-id', opts: { enable: ['low-user-id'] }, fail: () => app((a) => { c0(a.deploy).securityContext.runAsUser = 1000; }), path: `${C}.securityContext` },
  {
    rule: 'policy/net-raw-not-dropped',
    opts: { profile: 'baseline' },
    fail: () => app((a) => { c0(a.deploy).securityContext.capabilities.drop = ['CHOWN']; }),
    pass: () => app((a) => { c0(a.deploy).securityContext.capabilities.drop = ['NET_RAW']; }),
    path: `${C}.securityContext.capabilities.drop`,
  },
  {
    rule: 'policy/env-literal-secret',
    fail: () => app((a) => { c0(a.deploy).env.push({ name: 'STRIPE_API_KEY', value: 'sk_live_abc' }); }),
    pass: () => app((a) => { c0(a.deploy).env.push({ name: 'MYSQL_ALLOW_EMPTY_PASSWORD', value: '1' }, { name: 'TOKEN_FILE', value: '/var/run/secrets/token' }); }),
    path: `${C}.env[2].value`,
    message: /env var STRIPE_API_KEY looks like a credential and has a literal value/,
  },
  { rule: 'policy/duplicate-env-var', fail: () => app((a) => { c0(a.deploy).env.push({ name: 'LOG_LEVEL', value: 'debug' }); }), path: `${C}.env[2].name`, message: /env var LOG_LEVEL is declared twice \(env\[0\] and env\[2\]\)/ },
  { rule: 'policy/ssh-port', fail: () => app((a) => { c0(a.deploy).ports.push({ name: 'ssh', containerPort: 22 }); }), path: `${C}.ports[1].containerPort` },
  { rule: 'policy/privileged-port', opts: { enable: ['privileged-port'] }, fail: () => app((a) => { c0(a.deploy).ports[0].containerPort = 80; }), path: `${C}.ports[0].containerPort` },
  {
    rule: 'policy/sensitive-host-mount',
    fail: () => app((a) => { pod(a.deploy).volumes = [{ name: 'sock', hostPath: { path: '/var/run/docker.sock' } }]; }),
    pass: () => app((a) => { pod(a.deploy).volumes = [{ name: 'logs', hostPath: { path: '/var/log/pods' } }]; }),
    path: `${P}.volumes[0].hostPath.path`,
  },
  {
    rule: 'policy/writable-host-mount',
    fail: () => app((a) => { pod(a.deploy).volumes = [{ name: 'logs', hostPath: { path: '/var/log' } }]; c0(a.deploy).volumeMounts = [{ name: 'logs', mountPath: '/logs' }]; }),
    pass: () => app((a) => { pod(a.deploy).volumes = [{ name: 'logs', hostPath: { path: '/var/log' } }]; c0(a.deploy).volumeMounts = [{ name: 'logs', mountPath: '/logs', readOnly: true }]; }),
    path: `${C}.volumeMounts[0].readOnly`,
  },
  // --- pod spec / service accounts
  { rule: 'policy/default-service-account', fail: () => app((a) => { delete pod(a.deploy).serviceAccountName; }), path: `${P}.serviceAccountName` },
  {
    rule: 'policy/automount-service-account-token',
    fail: () => app((a) => { delete pod(a.deploy).automountServiceAccountToken; delete a.sa.automountServiceAccountToken; }),
    pass: () => app((a) => { delete pod(a.deploy).automountServiceAccountToken; }),
    path: `${P}.automountServiceAccountToken`,
  },
  { rule: 'policy/deprecated-service-account-field', fail: () => app((a) => { pod(a.deploy).serviceAccount = 'web'; }), path: `${P}.serviceAccount` },
  {
    rule: 'policy/service-account-missing',
    opts: { evidence: 'complete' },
    fail: () => app((a) => { a.sa = undefined as unknown as Obj; pod(a.deploy).automountServiceAccountToken = false; }),
    path: `${P}.serviceAccountName`,
  },
  { rule: 'policy/no-anti-affinity', fail: () => app((a) => { delete pod(a.deploy).affinity; }), path: `${P}.affinity` },
  {
    rule: 'policy/deployment-strategy',
    fail: () => app((a) => { a.deploy.spec.strategy = { type: 'Recreate' }; }),
    path: 'spec.strategy.type',
  },
  { rule: 'policy/single-replica', opts: { enable: ['single-replica'] }, fail: () => app((a) => { a.deploy.spec.replicas = 1; }), path: 'spec.replicas' },
  {
    rule: 'policy/job-ttl',
    fail: () => [job((j) => { delete j.spec.ttlSecondsAfterFinished; })],
    pass: () => [job(), cronJob()],
    path: 'spec.ttlSecondsAfterFinished',
  },
  { rule: 'policy/cronjob-starting-deadline', fail: () => [cronJob((j) => { delete j.spec.startingDeadlineSeconds; })], pass: () => [cronJob()], path: 'spec.startingDeadlineSeconds' },
  { rule: 'policy/recommended-labels', fail: () => app((a) => { delete a.svc.metadata.labels; }), path: 'metadata.labels' },
  // --- cross-object
  { rule: 'policy/pdb-missing', fail: () => app((a) => { a.pdb = undefined as unknown as Obj; }), path: 'spec.replicas', message: /Deployment 'shop\/web': runs 2 replicas but no PodDisruptionBudget selects its pods/ },
  {
    rule: 'policy/pdb-blocks-eviction',
    fail: () => app((a) => { delete a.pdb.spec.maxUnavailable; a.pdb.spec.minAvailable = 2; }),
    pass: () => app((a) => { delete a.pdb.spec.maxUnavailable; a.pdb.spec.minAvailable = 1; }),
    path: 'spec.minAvailable',
    message: /minAvailable 2 is not below the 2 replicas of Deployment 'shop\/web'/,
  },
  { rule: 'policy/pdb-no-policy', fail: () => app((a) => { delete a.pdb.spec.maxUnavailable; }), path: 'spec' },
  { rule: 'policy/pdb-unhealthy-pod-eviction-policy', fail: () => app((a) => { delete a.pdb.spec.unhealthyPodEvictionPolicy; }), path: 'spec.unhealthyPodEvictionPolicy' },
  {
    rule: 'policy/hpa-replicas-conflict',
    fail: () => app((a) => { a.extra.push(hpa(2)); }),
    pass: () => app((a) => { delete a.deploy.spec.replicas; a.extra.push(hpa(2)); }),
    path: 'spec.replicas',
  },
  { rule: 'policy/hpa-min-replicas', opts: { enable: ['hpa-min-replicas'] }, fail: () => app((a) => { delete a.deploy.spec.replicas; a.extra.push(hpa(1)); }), pass: () => app((a) => { delete a.deploy.spec.replicas; a.extra.push(hpa(2)); }), path: 'spec.minReplicas' },
  { rule: 'policy/networkpolicy-selects-no-pods', fail: () => app((a) => { a.netpol.spec.podSelector = { matchLabels: { app: 'web' } }; }), path: 'spec.podSelector' },
  { rule: 'policy/network-policy-missing', opts: { enable: ['network-policy-missing'] }, fail: () => app((a) => { a.netpol = undefined as unknown as Obj; }), path: 'spec.template.metadata.labels' },
  { rule: 'policy/service-node-port', fail: () => app((a) => { a.svc.spec.type = 'NodePort'; }), path: 'spec.type' },
  {
    rule: 'policy/ingress-tls-missing',
    fail: () => app((a) => { a.extra.push({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: NS }, spec: { rules: [{ host: 'shop.example.com' }] } }); }),
    pass: () => app((a) => { a.extra.push({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'web', namespace: NS }, spec: { tls: [{ hosts: ['shop.example.com'], secretName: 'tls' }], rules: [{ host: 'shop.example.com' }] } }); }),
    path: 'spec.tls',
  },
  // --- secrets, config, RBAC, API versions
  {
    rule: 'policy/secret-literal-data',
    fail: () => [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: NS }, stringData: { password: 'hunter2' } }],
    pass: () => [{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: NS, annotations: { 'helmless.io/allow-secret-literal-data': 'public CA bundle, not a secret' } }, data: { 'ca.crt': 'LS0tLS1CRUdJTg==' } }],
    path: 'stringData',
    message: /Secret 'shop\/db': stringData holds literal values for key "password"/,
  },
  {
    rule: 'policy/configmap-sensitive-data',
    fail: () => [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: NS }, data: { DB_PASSWORD: 'hunter2' } }],
    pass: () => [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: NS }, data: { DB_HOST: 'db', DB_PASSWORD_FILE: '/secrets/db' } }],
    path: 'data.DB_PASSWORD',
  },
  {
    rule: 'policy/rbac-pod-exec',
    fail: () => [role([{ apiGroups: [''], resources: ['pods', 'pods/exec'], verbs: ['get', 'create'] }])],
    pass: () => [role([{ apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get', 'list'] }])],
    path: 'rules[0].resources',
  },
  {
    rule: 'policy/rbac-cluster-admin',
    fail: () => [binding({ kind: 'ClusterRole', name: 'cluster-admin' })],
    pass: () => [binding({ kind: 'ClusterRole', name: 'view' })],
    path: 'roleRef.name',
  },
  { rule: 'policy/rbac-wildcard', opts: { enable: ['rbac-wildcard'] }, fail: () => [role([{ apiGroups: ['apps'], resources: ['*'], verbs: ['get'] }])], pass: () => [role([{ apiGroups: ['apps'], resources: ['deployments'], verbs: ['get'] }])], path: 'rules[0]' },
  {
    rule: 'policy/deprecated-api-version',
    fail: () => app((a) => { a.pdb.apiVersion = 'policy/v1beta1'; }),
    path: 'apiVersion',
    message: /apiVersion policy\/v1beta1 is deprecated and removed in Kubernetes 1\.25; use policy\/v1/,
  },
  // --- meta
  {
    rule: 'policy/suppression-needs-reason',
    fail: () => app((a) => { a.deploy.metadata.annotations = { 'helmless.io/allow-host-network': '  ' }; }),
    pass: () => app((a) => { a.deploy.metadata.annotations = { 'helmless.io/allow-host-network': 'CNI agent' }; pod(a.deploy).hostNetwork = true; }),
    path: 'metadata.annotations.helmless.io/allow-host-network',
  },
  {
    rule: 'policy/suppression-unknown-rule',
    fail: () => app((a) => { a.deploy.metadata.annotations = { 'helmless.io/allow-host-netwrok': 'typo' }; }),
    message: /names no policy rule 'host-netwrok' \(did you mean helmless\.io\/allow-host-network\?\)/,
  },
];

export { container, deployment, pdb };
