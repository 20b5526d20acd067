/**
 * The policy rule catalogue: one entry per rule, the single source of ids, severities, levels and
 * fix texts. docs/lint-rules.md describes the same rules for people; a test keeps the two in step.
 */
import type { Severity } from '../types';

/**
 * Which set a rule belongs to:
 * - 'baseline': Pod Security Standards "baseline" (checked under both profiles);
 * - 'restricted': Pod Security Standards "restricted" (checked under `--profile restricted`);
 * - 'best-practice': kube-linter / kube-score / Polaris class rules (a set of them per `bestPractices`,
 *   none with `bestPractices: false`);
 * - 'meta': the suppression mechanism itself (always on).
 */
export type RuleLevel = 'baseline' | 'restricted' | 'best-practice' | 'meta';

/**
 * Which best-practice rules run on top of the Pod Security profile:
 * - 'essential': the high-signal ones (security holes and defects, not hygiene), what
 *   `helmless lint` reports by default on YAML helmless did not generate;
 * - 'recommended': every rule that is not opt-in (the constructs' own standard, used at synth);
 * - 'all': the opt-in rules too.
 */
export type BestPracticeSet = 'essential' | 'recommended' | 'all';

/**
 * The essential best practices: each finding is a security hole or a defect a team fixes on a
 * vendor install too (credentials in plain text, mutable images, node takeover, RBAC that grants
 * everything, budgets that block drains, selectors that match nothing, removed APIs). Resource
 * sizing, probes, labels and hardening beyond Pod Security baseline are 'recommended'.
 */
const ESSENTIAL = new Set([
  'image-latest-tag', 'env-literal-secret', 'duplicate-env-var', 'ssh-port', 'sensitive-host-mount', 'deprecated-service-account-field',
  'service-account-missing', 'probes-identical', 'pdb-blocks-eviction', 'pdb-no-policy', 'hpa-replicas-conflict', 'networkpolicy-selects-no-pods',
  'secret-literal-data', 'configmap-sensitive-data', 'rbac-pod-exec', 'rbac-cluster-admin', 'deprecated-api-version',
  // a restricted control checked under baseline as a best practice, only when set to true explicitly
  'privilege-escalation',
]);

export interface PolicyRule {
  /** 'policy/<kebab-name>'. The suppression annotation is `helmless.io/allow-<kebab-name>`. */
  readonly id: string;
  readonly severity: Exclude<Severity, 'info'>;
  readonly level: RuleLevel;
  /** Best-practice rules that are opt-in (`enable: [...]` / `--enable`). @default true */
  readonly defaultEnabled: boolean;
  /** In the 'essential' best-practice set (the default `helmless lint` profile, baseline). */
  readonly essential: boolean;
  /** What the rule checks, one line. */
  readonly summary: string;
  /** Why it matters. */
  readonly why: string;
  /** How to fix a finding. */
  readonly fix: string;
  /** The upstream checks it covers ('kube-linter:privileged-container', 'pss:baseline/privileged', ...). */
  readonly sources: readonly string[];
}

const r = (
  name: string,
  severity: 'error' | 'warning',
  level: RuleLevel,
  summary: string,
  why: string,
  fix: string,
  sources: readonly string[],
  defaultEnabled = true,
): PolicyRule => ({ id: `policy/${name}`, severity, level, defaultEnabled, essential: ESSENTIAL.has(name), summary, why, fix, sources });

export const POLICY_RULES: readonly PolicyRule[] = [
  // --- Pod Security Standards: baseline ---------------------------------------------------------
  r('host-network', 'error', 'baseline', 'spec.hostNetwork is true',
    'the pod shares the node network namespace: it can sniff node traffic and bind node ports',
    'remove hostNetwork (expose the port through a Service instead)',
    ['pss:baseline/host-namespaces', 'kube-linter:host-network', 'polaris:hostNetworkSet']),
  r('host-pid', 'error', 'baseline', 'spec.hostPID is true',
    'the pod sees and can signal every process on the node',
    'remove hostPID', ['pss:baseline/host-namespaces', 'kube-linter:host-pid', 'polaris:hostPIDSet']),
  r('host-ipc', 'error', 'baseline', 'spec.hostIPC is true',
    'the pod shares the node IPC namespace (shared memory of other processes)',
    'remove hostIPC', ['pss:baseline/host-namespaces', 'kube-linter:host-ipc', 'polaris:hostIPCSet']),
  r('host-process', 'error', 'baseline', 'windowsOptions.hostProcess is true (pod or container)',
    'a Windows HostProcess container has privileged access to the node',
    'remove securityContext.windowsOptions.hostProcess', ['pss:baseline/host-process', 'polaris:hostProcess']),
  r('privileged', 'error', 'baseline', 'a container sets securityContext.privileged: true',
    'a privileged container has every capability and all host devices: it is root on the node',
    'remove privileged; add only the capability the process needs', ['pss:baseline/privileged', 'kube-linter:privileged-container', 'polaris:runAsPrivileged', 'kube-score:container-security-context-privileged']),
  r('dangerous-capabilities', 'error', 'baseline', 'capabilities.add has a capability outside the baseline set (e.g. SYS_ADMIN, NET_ADMIN, ALL)',
    'capabilities beyond the container runtime defaults allow known privilege escalations',
    'remove it from securityContext.capabilities.add',
    ['pss:baseline/capabilities', 'polaris:dangerousCapabilities', 'polaris:insecureCapabilities']),
  r('host-path', 'error', 'baseline', 'a volume is a hostPath',
    'a hostPath volume exposes the node filesystem to the pod',
    'use an emptyDir, a PersistentVolumeClaim, a ConfigMap or a Secret; node agents suppress this with a reason',
    ['pss:baseline/host-path', 'polaris:hostPathSet']),
  r('host-port', 'error', 'baseline', 'a container port sets hostPort',
    'a hostPort binds the node network directly and limits scheduling to one pod per node and port',
    'remove hostPort and expose the port through a Service', ['pss:baseline/host-ports', 'polaris:hostPortSet']),
  r('apparmor', 'error', 'baseline', 'an AppArmor profile is Unconfined or not runtime/default or localhost/*',
    'an unconfined AppArmor profile switches off a kernel protection the runtime applies by default',
    'remove the AppArmor override, or use RuntimeDefault / a Localhost profile', ['pss:baseline/apparmor']),
  r('selinux', 'error', 'baseline', 'seLinuxOptions sets a user, a role, or a type other than container_t/container_init_t/container_kvm_t/container_engine_t',
    'custom SELinux labels can lift the confinement of the container', 'remove seLinuxOptions (or keep only an allowed type and level)', ['pss:baseline/selinux']),
  r('proc-mount', 'error', 'baseline', 'securityContext.procMount is not Default',
    'an Unmasked /proc exposes kernel interfaces the runtime normally masks',
    'remove procMount (Default)', ['pss:baseline/proc-mount', 'kube-linter:unsafe-proc-mount', 'polaris:procMount']),
  r('seccomp-unconfined', 'error', 'baseline', 'a seccompProfile is Unconfined',
    'an Unconfined seccomp profile allows every system call', 'use seccompProfile.type RuntimeDefault (or Localhost)', ['pss:baseline/seccomp']),
  r('unsafe-sysctls', 'error', 'baseline', 'spec.securityContext.sysctls has a sysctl outside the safe set',
    'unsafe sysctls are not isolated between pods and can disturb the node', 'remove the sysctl, or set it on the node', ['pss:baseline/sysctls', 'kube-linter:unsafe-sysctls']),
  // --- Pod Security Standards: restricted -------------------------------------------------------
  r('volume-types', 'error', 'restricted', 'a volume type outside configMap, csi, downwardAPI, emptyDir, ephemeral, persistentVolumeClaim, projected, secret',
    'restricted allows only volume types that do not reach node or network storage directly',
    'use a PersistentVolumeClaim (bound to a PersistentVolume of that type) instead', ['pss:restricted/volume-types']),
  r('privilege-escalation', 'error', 'restricted', 'allowPrivilegeEscalation is not false (restricted) or is true (baseline profile)',
    'without it, setuid binaries and file capabilities can give the process more privileges than its parent',
    'set securityContext.allowPrivilegeEscalation: false on the container',
    ['pss:restricted/privilege-escalation', 'kube-linter:privilege-escalation-container', 'polaris:privilegeEscalationAllowed']),
  r('run-as-non-root', 'error', 'restricted', 'runAsNonRoot is not true for a container (pod or container level)',
    'a container running as root is one kernel bug away from root on the node',
    'set securityContext.runAsNonRoot: true and a non-zero runAsUser (pod level covers every container)',
    ['pss:restricted/run-as-non-root', 'kube-linter:run-as-non-root', 'polaris:runAsRootAllowed']),
  r('run-as-root-user', 'error', 'restricted', 'runAsUser is 0',
    'UID 0 is root', 'set runAsUser to a non-zero UID the image supports (e.g. 65532)', ['pss:restricted/run-as-user']),
  r('seccomp-profile-missing', 'error', 'restricted', 'no RuntimeDefault/Localhost seccompProfile for a container (pod or container level)',
    'without a seccomp profile every system call is allowed', 'set spec.securityContext.seccompProfile.type: RuntimeDefault',
    ['pss:restricted/seccomp', 'polaris:linuxHardening', 'kube-score:container-seccomp-profile']),
  r('capabilities-not-dropped', 'error', 'restricted', 'capabilities.drop does not contain ALL',
    'containers start with the runtime default capabilities (NET_RAW, CHOWN, SETUID...); restricted drops them all',
    "set securityContext.capabilities.drop: ['ALL'] (add back NET_BIND_SERVICE if needed)",
    ['pss:restricted/capabilities', 'kube-linter:drop-net-raw-capability', 'polaris:insecureCapabilities']),
  r('added-capabilities', 'error', 'restricted', 'capabilities.add has a capability other than NET_BIND_SERVICE',
    'restricted allows adding back only NET_BIND_SERVICE', 'remove it from securityContext.capabilities.add', ['pss:restricted/capabilities']),
  // --- Best practices: containers -----------------------------------------------------------------
  r('readiness-probe-missing', 'warning', 'best-practice', 'a container of a long-running workload has no readinessProbe',
    'without it, Services send traffic to pods that are still starting or already shutting down',
    'add a readinessProbe (e.g. an HTTP GET on a health endpoint)', ['kube-linter:no-readiness-probe', 'kube-score:pod-probes', 'polaris:readinessProbeMissing']),
  r('liveness-probe-missing', 'warning', 'best-practice', 'a container of a long-running workload has no livenessProbe',
    'a deadlocked process is never restarted', 'add a livenessProbe that does not depend on other services',
    ['kube-linter:no-liveness-probe', 'kube-score:pod-probes', 'polaris:livenessProbeMissing']),
  r('probes-identical', 'warning', 'best-practice', 'readinessProbe and livenessProbe are identical',
    'a failing check then restarts the container instead of only taking it out of the Service',
    'make the liveness probe cheaper or more tolerant (higher failureThreshold) than the readiness probe', ['kube-score:pod-probes-identical']),
  r('cpu-request-missing', 'warning', 'best-practice', 'a container has no CPU request',
    'the scheduler places the pod as if it needed no CPU; it is starved under load', 'set resources.requests.cpu',
    ['kube-linter:unset-cpu-requirements', 'kube-score:container-resources', 'polaris:cpuRequestsMissing']),
  r('memory-request-missing', 'warning', 'best-practice', 'a container has no memory request',
    'the scheduler overcommits the node; the pod is among the first evicted', 'set resources.requests.memory',
    ['kube-linter:unset-memory-requirements', 'kube-score:container-resources', 'polaris:memoryRequestsMissing']),
  r('memory-limit-missing', 'warning', 'best-practice', 'a container has no memory limit',
    'a leak takes memory from every pod on the node until the kernel kills something', 'set resources.limits.memory',
    ['kube-linter:unset-memory-requirements', 'kube-score:container-resources', 'polaris:memoryLimitsMissing']),
  r('cpu-limit-missing', 'warning', 'best-practice', 'a container has no CPU limit (opt-in)',
    'some teams cap CPU for predictability; a CPU limit also throttles bursts, so it is opt-in here', 'set resources.limits.cpu',
    ['kube-score:container-resources', 'polaris:cpuLimitsMissing'], false),
  r('ephemeral-storage-missing', 'warning', 'best-practice', 'a container has no ephemeral-storage request and limit (opt-in)',
    'a container filling its writable layer or emptyDir can evict other pods', "set resources.requests/limits['ephemeral-storage']",
    ['kube-score:container-ephemeral-storage-request-and-limit'], false),
  r('image-latest-tag', 'error', 'best-practice', "an image has no tag, or the tag 'latest'",
    'the running version changes without a change in the manifest; rollbacks and caches break',
    'pin a version tag (e.g. nginx:1.27.1) or a digest (@sha256:...)',
    ['kube-linter:latest-tag', 'kube-score:container-image-tag', 'polaris:tagNotSpecified']),
  r('image-not-pinned', 'warning', 'best-practice', 'an image is not pinned by digest (opt-in)',
    'tags are mutable; a digest is the only immutable reference', 'append @sha256:<digest> to the image', ['kube-linter:latest-tag'], false),
  r('image-pull-policy', 'warning', 'best-practice', 'imagePullPolicy is not Always (opt-in, kube-score parity)',
    'with Always the registry checks imagePullSecrets on every start', 'set imagePullPolicy: Always', ['kube-score:container-image-pull-policy', 'polaris:pullPolicyNotAlways'], false),
  r('writable-root-filesystem', 'warning', 'best-practice', 'readOnlyRootFilesystem is not true',
    'a writable root filesystem lets an attacker drop binaries into the container',
    'set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the process writes',
    ['kube-linter:no-read-only-root-fs', 'kube-score:container-security-context-readonlyrootfilesystem', 'polaris:notReadOnlyRootFilesystem']),
  r('low-user-id', 'warning', 'best-practice', 'runAsUser or runAsGroup is below 10000 (opt-in)',
    'low IDs may collide with host users that have privileges', 'run as a UID/GID of 10000 or more', ['kube-score:container-security-context-user-group-id'], false),
  r('net-raw-not-dropped', 'warning', 'best-practice', 'NET_RAW is not dropped (checked under the baseline profile; restricted requires drop ALL)',
    'NET_RAW lets a process craft raw packets (ARP/DNS spoofing inside the node network)',
    "add NET_RAW (or ALL) to securityContext.capabilities.drop", ['kube-linter:drop-net-raw-capability']),
  r('env-literal-secret', 'error', 'best-practice', 'an env var named like a credential (PASSWORD, TOKEN, SECRET, *_KEY...) has a literal value, or a value holds a private key',
    'the credential is stored in plain text in the manifest, in git and in the API server', 'use valueFrom.secretKeyRef (an ExternalSecret or SealedSecret as the source)',
    ['kube-linter:env-var-secret', 'polaris:sensitiveContainerEnvVar']),
  r('duplicate-env-var', 'warning', 'best-practice', 'a container declares the same env var name twice',
    'the API server accepts it and the last value silently wins', 'keep one entry per name',
    ['kube-linter:duplicate-env-var', 'kube-score:environment-variable-key-duplication']),
  r('ssh-port', 'warning', 'best-practice', 'a container exposes TCP port 22',
    'an SSH server in a container is a back door around the Kubernetes API', 'remove the SSH server and port; use kubectl exec for debugging', ['kube-linter:ssh-port']),
  r('privileged-port', 'warning', 'best-practice', 'a containerPort is below 1024 (opt-in)',
    'binding a privileged port needs root or NET_BIND_SERVICE', 'listen on a port of 1024 or above', ['kube-linter:privileged-ports'], false),
  r('sensitive-host-mount', 'error', 'best-practice', 'a hostPath mounts a sensitive host directory (/, /boot, /dev, /etc, /lib, /proc, /sys, /usr, /var/run, a container runtime socket)',
    'access to these paths (or the Docker/containerd socket) is full control of the node',
    'mount a narrower path read-only, or remove the volume', ['kube-linter:sensitive-host-mounts', 'kube-linter:docker-sock']),
  r('writable-host-mount', 'warning', 'best-practice', 'a hostPath volume is mounted without readOnly: true',
    'a writable host mount lets the container change node files', 'set readOnly: true on the volumeMount', ['kube-linter:writable-host-mount']),
  // --- Best practices: pod spec and service accounts ---------------------------------------------
  r('default-service-account', 'warning', 'best-practice', 'the pods run as the namespace default ServiceAccount',
    'every workload in the namespace shares its identity and RBAC grants', 'create a ServiceAccount for the workload and set serviceAccountName',
    ['kube-linter:default-service-account']),
  r('automount-service-account-token', 'warning', 'best-practice', 'the service account token is mounted (automountServiceAccountToken not false on the pod or its ServiceAccount)',
    'a stolen token can call the Kubernetes API with the account permissions', 'set automountServiceAccountToken: false unless the workload calls the API',
    ['polaris:automountServiceAccountToken']),
  r('deprecated-service-account-field', 'warning', 'best-practice', 'spec.serviceAccount (deprecated) is set',
    'the deprecated field is ignored when serviceAccountName differs', 'use spec.serviceAccountName only', ['kube-linter:deprecated-service-account-field']),
  r('service-account-missing', 'warning', 'best-practice', 'serviceAccountName names a ServiceAccount that is not among the documents (complete evidence only)',
    'the pods are refused until the ServiceAccount exists', 'add the ServiceAccount, or fix the name', ['kube-linter:non-existent-service-account']),
  r('no-anti-affinity', 'warning', 'best-practice', 'a workload with more than one replica has neither podAntiAffinity nor topologySpreadConstraints',
    'all replicas may land on one node and go down together', 'add a preferred podAntiAffinity on kubernetes.io/hostname or a topologySpreadConstraint',
    ['kube-linter:no-anti-affinity', 'kube-score:deployment-has-host-podantiaffinity', 'kube-score:statefulset-has-host-podantiaffinity', 'kube-score:pod-topology-spread-constraints', 'polaris:topologySpreadConstraint']),
  r('deployment-strategy', 'warning', 'best-practice', 'a Deployment uses the Recreate strategy, or a rolling update with maxUnavailable 100%',
    'every pod is stopped before the new ones are ready: an outage on each rollout', 'use strategy RollingUpdate with maxUnavailable below 100% (or suppress for RWO volumes)',
    ['kube-score:deployment-strategy', 'kube-linter:no-rolling-update-strategy']),
  r('single-replica', 'warning', 'best-practice', 'a Deployment runs a single replica without an HPA (opt-in)',
    'a single replica is down during every rollout and node drain', 'set replicas: 2 or more', ['kube-score:deployment-replicas', 'kube-linter:minimum-three-replicas', 'polaris:deploymentMissingReplicas'], false),
  r('job-ttl', 'warning', 'best-practice', 'a standalone Job has no ttlSecondsAfterFinished, or a CronJob job template sets one',
    'finished Jobs and their pods pile up; the CronJob controller already cleans up its own Jobs through history limits',
    'set spec.ttlSecondsAfterFinished on standalone Jobs; use successfulJobsHistoryLimit on CronJobs', ['kube-linter:job-ttl-seconds-after-finished']),
  r('cronjob-starting-deadline', 'warning', 'best-practice', 'a CronJob has no startingDeadlineSeconds',
    'after a controller outage a CronJob may start late or not at all (more than 100 missed schedules)', 'set spec.startingDeadlineSeconds', ['kube-score:cronjob-has-deadline']),
  r('recommended-labels', 'warning', 'best-practice', "a workload, its pod template or a Service lacks the label app.kubernetes.io/name",
    'tools, dashboards and selectors rely on the standard labels', 'add app.kubernetes.io/name (and app.kubernetes.io/instance) to metadata.labels and the pod template',
    ['polaris:metadataAndInstanceMismatched', 'kube-score:label-values']),
  // --- Best practices: cross-object ---------------------------------------------------------------
  r('pdb-missing', 'warning', 'best-practice', 'a Deployment or StatefulSet with more than one replica (or an HPA) has no PodDisruptionBudget selecting its pods',
    'node drains may evict every replica at once', 'add a PodDisruptionBudget with maxUnavailable: 1 selecting the pod labels',
    ['kube-score:deployment-has-poddisruptionbudget', 'kube-score:statefulset-has-poddisruptionbudget', 'polaris:missingPodDisruptionBudget']),
  r('pdb-blocks-eviction', 'error', 'best-practice', 'a PodDisruptionBudget never allows a disruption (maxUnavailable 0 / 0%, minAvailable 100%, or minAvailable at least the replicas of a workload it selects, or its HPA minReplicas)',
    'node drains and cluster upgrades hang on these pods', 'use maxUnavailable: 1 (or minAvailable below the replica count)',
    ['kube-linter:pdb-max-unavailable', 'kube-linter:pdb-min-available', 'polaris:pdbDisruptionsIsZero', 'polaris:pdbMinAvailableGreaterThanHPAMinReplicas']),
  r('pdb-no-policy', 'warning', 'best-practice', 'a PodDisruptionBudget sets neither minAvailable nor maxUnavailable',
    'an empty budget allows no voluntary disruptions of the selected pods in policy/v1', 'set maxUnavailable: 1', ['kube-score:poddisruptionbudget-has-policy']),
  r('pdb-unhealthy-pod-eviction-policy', 'warning', 'best-practice', 'a PodDisruptionBudget does not set unhealthyPodEvictionPolicy',
    'with the default (IfHealthyBudget) a crash-looping pod blocks node drains', 'set spec.unhealthyPodEvictionPolicy: AlwaysAllow', ['kube-linter:pdb-unhealthy-pod-eviction-policy']),
  r('hpa-replicas-conflict', 'warning', 'best-practice', 'a workload targeted by a HorizontalPodAutoscaler also sets spec.replicas',
    'every apply resets the replica count the autoscaler chose', 'remove spec.replicas from the workload', ['kube-score:deployment-targeted-by-hpa-does-not-have-replicas-configured']),
  r('hpa-min-replicas', 'warning', 'best-practice', 'a HorizontalPodAutoscaler allows fewer than 2 replicas (opt-in)',
    'scaling down to one replica removes redundancy', 'set minReplicas: 2', ['kube-score:horizontalpodautoscaler-replicas', 'kube-linter:hpa-minimum-three-replicas', 'polaris:hpaMinAvailability'], false),
  r('networkpolicy-selects-no-pods', 'warning', 'best-practice', 'a NetworkPolicy podSelector matches no pod template among the documents',
    'the policy protects nothing (often a label typo)', 'make spec.podSelector match the pod template labels',
    ['kube-score:networkpolicy-targets-pod', 'kube-linter:dangling-networkpolicy']),
  r('network-policy-missing', 'warning', 'best-practice', 'no NetworkPolicy selects the pods of a workload (opt-in)',
    'without a policy every pod in the cluster can reach these pods', 'add a NetworkPolicy (helmless charts derive them from wiring)',
    ['kube-score:pod-networkpolicy', 'kube-linter:non-isolated-pod', 'polaris:missingNetworkPolicy'], false),
  r('service-node-port', 'warning', 'best-practice', 'a Service has type NodePort',
    'a NodePort opens the port on every node, bypassing the ingress and its TLS', 'use ClusterIP behind an Ingress, or a LoadBalancer', ['kube-score:service-type', 'kube-linter:exposed-services']),
  r('ingress-tls-missing', 'warning', 'best-practice', 'an Ingress has no tls section',
    'traffic to the Ingress is plain HTTP', 'add spec.tls with the hosts and a certificate Secret', ['polaris:tlsSettingsMissing']),
  // --- Best practices: secrets, config, RBAC, API versions ----------------------------------------
  r('secret-literal-data', 'error', 'best-practice', 'a Secret carries literal data/stringData',
    'the value is in git and in every rendered manifest; base64 is not encryption',
    'reference the value instead (ExternalSecret, SealedSecret, or an existing Secret declared with helmless.io/external-secrets); a deliberately public value (a CA bundle) is suppressed with a reason',
    ['issue:6', 'polaris:sensitiveConfigmapContent']),
  r('configmap-sensitive-data', 'warning', 'best-practice', 'a ConfigMap key is named like a credential, or a value holds a private key',
    'ConfigMaps are not access-controlled like Secrets', 'move the value into a Secret source and reference it', ['polaris:sensitiveConfigmapContent']),
  r('rbac-pod-exec', 'error', 'best-practice', 'a Role or ClusterRole grants pods/exec or pods/attach (or a wildcard covering them)',
    'exec into any pod is a shell with that pod identity and secrets', 'remove pods/exec and pods/attach from the rules',
    ['polaris:clusterrolePodExecAttach', 'polaris:rolePodExecAttach', 'polaris:clusterrolebindingPodExecAttach', 'polaris:rolebindingClusterRolePodExecAttach', 'polaris:rolebindingRolePodExecAttach']),
  r('rbac-cluster-admin', 'error', 'best-practice', 'a binding grants cluster-admin, or a role with wildcard apiGroups, resources and verbs',
    'cluster-admin is every permission on every object', 'bind a role with only the resources and verbs needed',
    ['polaris:clusterrolebindingClusterAdmin', 'polaris:rolebindingClusterAdminClusterRole', 'polaris:rolebindingClusterAdminRole', 'kube-linter:cluster-admin-role-binding']),
  r('rbac-wildcard', 'warning', 'best-practice', 'a Role or ClusterRole rule uses * (opt-in)',
    'wildcards grant resources added later', 'list the resources and verbs explicitly', ['kube-linter:wildcard-in-rules'], false),
  r('deprecated-api-version', 'warning', 'best-practice', 'an apiVersion that Kubernetes deprecated and removed (or removes) in some release',
    'the manifests stop applying when the cluster is upgraded', 'use the replacement apiVersion named in the message',
    ['kube-score:stable-version', 'kube-linter:no-extensions-v1beta']),
  // --- Meta ----------------------------------------------------------------------------------------
  r('suppression-needs-reason', 'error', 'meta', 'a helmless.io/allow-<rule> annotation has an empty reason',
    'a suppression without a reason cannot be reviewed', 'write why the rule does not apply, e.g. helmless.io/allow-host-path: "node-exporter reads /proc and /sys"', ['issue:6']),
  r('suppression-unknown-rule', 'warning', 'meta', 'a helmless.io/allow-<rule> annotation names no known rule',
    'a misspelt suppression suppresses nothing', 'use a rule name from docs/lint-rules.md (the part after policy/)', ['issue:6']),
];

/** The `helmless lint --profile` values that run a rule (docs/lint-rules.md shows it per rule). */
export function profilesOf(rule: PolicyRule): string {
  if (rule.level === 'meta') return 'always';
  if (rule.level === 'baseline' || (rule.essential && rule.defaultEnabled)) return 'baseline, restricted, all';
  return rule.defaultEnabled ? 'restricted, all' : 'all (opt-in)';
}

export const RULES_BY_ID: ReadonlyMap<string, PolicyRule> = new Map(POLICY_RULES.map((x) => [x.id, x]));

/** Prefix of the per-object suppression annotation: `helmless.io/allow-<rule-name>: "<reason>"`. */
export const SUPPRESSION_PREFIX = 'helmless.io/allow-';

/** 'policy/host-path' -> 'helmless.io/allow-host-path'. */
export function suppressionAnnotation(ruleId: string): string {
  return SUPPRESSION_PREFIX + ruleId.replace(/^policy\//, '');
}
