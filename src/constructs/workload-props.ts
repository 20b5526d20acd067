/**
 * The props every workload construct shares (WorkloadProps) and what the constructs pass to the
 * shared pod builder (PodOptions). The Workload base class (workload.ts) resolves them.
 */
import type * as k8s from '../../imports/k8s';
import type { AsDeployed } from './as-deployed';
import type { Connection, IConnectable } from './connections';
import type { InitContainerOptions, SidecarOptions } from './containers';
import type { EnvFrom } from './env';
import type { LabelProps } from './labels';
import type { Hook } from './lifecycle';
import type { Permission } from './permissions';
import type { Port } from './ports';
import type { Probe } from './probes';
import type { ResourcesSpec } from './resources';
import type { EnvValue, SecretSource } from './secrets';
import type { Security } from './security';
import type { Duration } from './values';
import type { Mount } from './volumes';

/** Options of the ServiceAccount a workload creates. */
export interface ServiceAccountOptions {
  /**
   * Annotations of the ServiceAccount (e.g. a cloud IAM role binding).
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Props every helmless workload shares. */
export interface WorkloadProps extends LabelProps {
  /**
   * The container image, pinned to a tag (not 'latest') or a digest; an unpinned one only with
   * `suppressions: { 'image-latest-tag': reason }` (a workload adopted as it runs).
   */
  readonly image: string;
  /**
   * The name of the workload and its objects.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The container's entrypoint.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: readonly string[];
  /**
   * Arguments to the entrypoint.
   * @default - the image's CMD
   */
  readonly args?: readonly string[];
  /**
   * Env vars: literal strings, or by reference `source.key('password')` /
   * `ConfigMapKeyRef.of(cm, 'key')`, or downward API values (`Downward.podName()`,
   * `Downward.resource('limits.memory')`). A literal value under a credential-looking name
   * (PASSWORD, TOKEN, SECRET, API_KEY...) throws.
   * @default - none
   */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /**
   * The order the main container's env vars are written in, by name (the rest follow, sorted):
   * how an adopted workload lists them, kept so the pods do not roll (`helmless adopt` writes it).
   * @default - sorted by name
   */
  readonly envOrder?: readonly string[];
  /**
   * Whole ConfigMaps or Secrets as env vars: `EnvFrom.configMap(cm, { prefix: 'APP_' })`,
   * `EnvFrom.secret(source)`. Single `env` entries win over them.
   * @default - none
   */
  readonly envFrom?: readonly EnvFrom[];
  /**
   * The backends the pods talk to: StatefulDbs, WebServices, DaemonAgents with a Service,
   * ExternalEndpoints, or `{ to, envPrefix?, port? }`. Each adds `<prefix>_HOST` and `_PORT` env
   * vars (prefix: the backend's name, upper-cased) plus, when the backend has them, `_USER`,
   * `_PASSWORD` (by reference) and `_NAME`; in a chart with derived NetworkPolicies, each adds
   * the edge both ways (egress from these pods, ingress to the backend on its port).
   * @default - none
   */
  readonly connections?: readonly Connection[];
  /**
   * A database the pods use: a connection with the prefix `databaseEnvPrefix` (kept for
   * existing code; `connections` does the same for any number of backends).
   * @default - none
   */
  readonly database?: IConnectable;
  /**
   * Prefix of the env vars from `database`.
   * @default 'DB'
   */
  readonly databaseEnvPrefix?: string;
  /**
   * Container resources: a preset or raw values. Requests cpu+memory and a memory limit; no CPU limit.
   * @default 'small' (100m CPU, 128Mi memory request and limit)
   */
  readonly resources?: ResourcesSpec;
  /**
   * Pod security. The default meets Pod Security "restricted" (non-root UID 65532, no privilege
   * escalation, ALL capabilities dropped, seccomp RuntimeDefault, read-only root filesystem).
   * @default Security.restricted()
   */
  readonly security?: Security;
  /**
   * Writable folders (emptyDir volumes) under the read-only root filesystem.
   * @default ['/tmp']
   */
  readonly writablePaths?: readonly string[];
  /**
   * Volumes to mount: `Mount.configMap(cm, path, { items, defaultMode })`, `Mount.secret(source, path)`,
   * `Mount.emptyDir(path)`, `Mount.newClaim(path, { storage: '10Gi' })` (a PersistentVolumeClaim
   * the workload creates), `Mount.claim('existing-claim', path)`,
   * `Mount.serviceAccountToken(path, { audience })`. A Mount given to a sidecar or init container
   * too is one volume they share.
   * @default - none
   */
  readonly mounts?: readonly Mount[];
  /**
   * Init containers, run in order to completion before the other containers start: each with its
   * own pinned image, command, env, resources, mounts and security (the workload's by default).
   * @default - none
   */
  readonly initContainers?: readonly InitContainerOptions[];
  /**
   * Sidecars, running beside the main container: own image, ports, probes, env, mounts, security.
   * Native sidecars (init containers with restartPolicy Always) where the target version serves
   * them (1.29+), plain containers before.
   * @default - none
   */
  readonly sidecars?: readonly SidecarOptions[];
  /**
   * Startup probe of the main container, for slow starters (the other probes wait for it);
   * `false` for none where a construct has a default one.
   * @default - none
   */
  readonly startup?: Probe | false;
  /**
   * What the main container does before it is stopped: `Hook.sleep(Duration.seconds(5))` (1.30+),
   * `Hook.exec([...])`, `Hook.http('/drain')`.
   * @default - nothing
   */
  readonly preStop?: Hook;
  /**
   * How long the pod has to stop (preStop hook plus the SIGTERM shutdown) before it is killed.
   * @default - 30s (the Kubernetes default; not written)
   */
  readonly terminationGracePeriod?: Duration;
  /**
   * Secrets holding registry credentials, by source (`SecretSource.existing('regcred')`).
   * An empty list turns off the chart's default.
   * @default - the HelmlessChart's imagePullSecrets, else none
   */
  readonly imagePullSecrets?: readonly SecretSource[];
  /**
   * A registry (mirror) every image of the pod is pulled through: it replaces the image's registry
   * host ('nginx:1.25.3' -> '<registry>/library/nginx:1.25.3').
   * @default - the HelmlessChart's imageRegistry, else the images as written
   */
  readonly imageRegistry?: string;
  /**
   * The pods' PriorityClass.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * An existing ServiceAccount (the object, or its name such as 'default' for one helmless does not
   * manage), or options for the one the workload creates (named like the workload).
   * @default - a ServiceAccount of its own
   */
  readonly serviceAccount?: k8s.KubeServiceAccount | string | ServiceAccountOptions;
  /**
   * Mount the ServiceAccount token into the pods. Only workloads that call the Kubernetes API need it.
   * @default - true when `permissions` are given, else false
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * What the pods may do with the Kubernetes API: rules of API groups, resources and verbs, each
   * namespaced (a Role) or cluster-wide (a ClusterRole), bound to the workload's ServiceAccount.
   * @default - none (no Role, no binding, no token mounted)
   */
  readonly permissions?: readonly Permission[];
  /**
   * Node labels the pods require.
   * @default - none
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Tolerations of the pods.
   * @default - none
   */
  readonly tolerations?: readonly k8s.Toleration[];
  /**
   * Annotations of the workload object and its pod template.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Policy lint findings accepted on purpose: rule name (e.g. 'job-ttl') -> the reason, written as
   * `helmless.io/allow-<rule>: <reason>` on the workload and its pod template. Unknown rule names
   * and empty reasons throw.
   * @default - none (explicit exemptions such as Security.relaxed or hostAccessReason add their own)
   */
  readonly suppressions?: Readonly<Record<string, string>>;
  /**
   * Keep the pod selector of a workload that runs today (selectors are immutable on the cluster).
   * The pods must carry these labels (`podLabels`).
   * @default - app.kubernetes.io/name + app.kubernetes.io/instance
   */
  readonly selector?: Readonly<Record<string, string>>;
  /**
   * The pod template's labels, exactly (for a workload that runs today: a change rolls the pods).
   * The workload's objects still get the standard labels.
   * @default - the standard labels
   */
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * The pod template's annotations, exactly (for a workload that runs today: a change rolls the
   * pods). helmless's own annotations (security exemption, lint suppressions, external secrets,
   * config checksum) then go on the workload object only.
   * @default - the workload's annotations and helmless's own
   */
  readonly podAnnotations?: Readonly<Record<string, string>>;
  /**
   * Name of the main container (for a workload that runs today).
   * @default - the workload's name
   */
  readonly containerName?: string;
  /**
   * Write the values helmless chooses even where they equal the API server's defaults
   * (imagePullPolicy IfNotPresent, protocol TCP, sessionAffinity None, revisionHistoryLimit 10...).
   * false leaves those fields out, as most hand-written manifests do (an adopted workload).
   * @default true
   */
  readonly explicitDefaults?: boolean;
  /**
   * Docker-link env vars (`<SERVICE>_PORT=tcp://...`) for every Service in the namespace.
   * @default false (they clash with connection env vars and slow pod start in large namespaces)
   */
  readonly enableServiceLinks?: boolean;
  /**
   * Fields of the live objects that no option expresses, kept as they are
   * (`AsDeployed.fields({ Deployment: { 'spec.progressDeadlineSeconds': 300 } })`). `helmless adopt`
   * writes them; deleting one moves to the helmless default.
   * @default - none
   */
  readonly asDeployed?: AsDeployed;
}

/** What a concrete construct passes to the shared pod builder. */
export interface PodOptions {
  readonly ports?: readonly Port[];
  readonly readiness?: Probe;
  readonly liveness?: Probe;
  readonly startup?: Probe;
  readonly restartPolicy?: string;
  readonly affinity?: k8s.Affinity;
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  readonly hostNetwork?: boolean;
  readonly hostPid?: boolean;
  readonly hostPorts?: boolean;
  readonly extraEnv?: Readonly<Record<string, EnvValue>>;
  readonly extraMounts?: readonly Mount[];
  /** Mounts of volumeClaimTemplates: the claim name is the volume name. */
  readonly claimMounts?: readonly { readonly claim: string; readonly path: string; readonly subPath?: string }[];
  /**
   * The most pods that run at once (checks that a new ReadWriteOnce claim is not shared by several).
   * @default - not checked
   */
  readonly maxPods?: number;
  /** A pod security exemption that is not a Security.relaxed() (DaemonAgent host access). */
  readonly exemption?: Exemption;
}

/** An explicit exemption from a policy: its reason and the lint rules it accepts. */
export interface Exemption {
  readonly reason: string;
  /** Policy rule names (without 'policy/') the exemption covers. */
  readonly rules: readonly string[];
}
