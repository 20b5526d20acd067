/**
 * What a cluster holds beyond the documents given, so cross-object checks do not report it as
 * missing: the labels controllers add to the pods they create, the pods an operator creates from
 * a custom resource among the inputs (Prometheus Operator), the objects every cluster bootstraps
 * (Roles in kube-system, the `kubernetes` Service, the `kube-root-ca.crt` ConfigMap) and which
 * kinds are cluster-scoped. Shared by the wiring checks and the lint. Pure data and functions.
 */
import { labelSelectorMatches, NO_IMPLIED, type ImpliedLabel, type ImpliedLabels } from './label-selector';
import { arr, obj, str, type Obj } from './untyped';

/** Kinds that are not namespaced: their namespace is ignored for identity. */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'Namespace', 'Node', 'PersistentVolume', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'CustomResourceDefinition',
  'PriorityClass', 'IngressClass', 'RuntimeClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding', 'MutatingAdmissionPolicy', 'MutatingAdmissionPolicyBinding',
  'CSIDriver', 'CSINode', 'VolumeAttachment', 'APIService', 'PodSecurityPolicy', 'CertificateSigningRequest', 'ComponentStatus',
  'FlowSchema', 'PriorityLevelConfiguration', 'ClusterIssuer', 'ClusterSecretStore', 'ClusterExternalSecret', 'DeviceClass',
  'ResourceSlice', 'VolumeAttributesClass', 'StorageVersion', 'ClusterTrustBundle', 'IPAddress', 'ServiceCIDR',
]);

/**
 * The namespace an object lands in: its own, or for a namespaced kind without one the namespace
 * `kubectl apply -n NS` would use (`defaultNamespace`, 'default' when not given); '' for
 * cluster-scoped kinds.
 */
export function namespaceOf(kind: string, metadata: Obj | undefined, defaultNamespace = 'default'): string {
  if (CLUSTER_SCOPED.has(kind)) return '';
  return str(metadata?.namespace) || defaultNamespace;
}

// ---- Labels added to pods by their controller ------------------------------------------------

export type { ImpliedLabel, ImpliedLabels } from './label-selector';
export { NO_IMPLIED } from './label-selector';

const ANY: ImpliedLabel = { test: () => true };
const exact = (v: string): ImpliedLabel => ({ test: (x) => x === v, exact: v });
const ORDINAL = /^(0|[1-9][0-9]*)$/;
const ordinal: ImpliedLabel = { test: (x) => ORDINAL.test(x) };
/** `<prefix>-<n>` with n a pod ordinal (or a CronJob's scheduled-time suffix). A class: one small object per workload, no closure. */
class Numbered implements ImpliedLabel {
  constructor(private readonly prefix: string) {}
  test(x: string): boolean {
    return x.startsWith(`${this.prefix}-`) && ORDINAL.test(x.slice(this.prefix.length + 1));
  }
}
const numbered = (prefix: string): ImpliedLabel => new Numbered(prefix);

/** Every label key a controller or a known operator may add: never found in a template index. */
export const IMPLIED_KEYS: ReadonlySet<string> = new Set([
  'pod-template-hash', 'controller-revision-hash', 'pod-template-generation', 'statefulset.kubernetes.io/pod-name',
  'apps.kubernetes.io/pod-index', 'job-name', 'batch.kubernetes.io/job-name', 'controller-uid', 'batch.kubernetes.io/controller-uid',
  'batch.kubernetes.io/job-completion-index', 'app.kubernetes.io/version', 'operator.prometheus.io/shard',
]);

/**
 * Labels whose keys are the same for every object of a kind and of which one value (`named`,
 * under the keys `namedKeys`) depends on the object's name: one small object per workload,
 * where a Map per workload cost more than the rest of its facts.
 */
class KindLabels implements ImpliedLabels {
  constructor(private readonly fixed: ReadonlyMap<string, ImpliedLabel>, private readonly namedKeys: readonly string[], private readonly named: ImpliedLabel) {}
  get size(): number {
    return this.fixed.size + this.namedKeys.length;
  }
  get(key: string): ImpliedLabel | undefined {
    return this.namedKeys.includes(key) ? this.named : this.fixed.get(key);
  }
  *entries(): Generator<[string, ImpliedLabel]> {
    yield* this.fixed;
    for (const k of this.namedKeys) yield [k, this.named];
  }
}

const STATEFULSET_FIXED: ReadonlyMap<string, ImpliedLabel> = new Map([['controller-revision-hash', ANY], ['apps.kubernetes.io/pod-index', ordinal]]);
// one list shared by all StatefulSets (read-only): a list per StatefulSet was ~0.6 MB at 50,000 documents
const STATEFULSET_NAME_KEYS: readonly string[] = ['statefulset.kubernetes.io/pod-name'];
function statefulSetLabels(podName: ImpliedLabel): KindLabels {
  return new KindLabels(STATEFULSET_FIXED, STATEFULSET_NAME_KEYS, podName);
}

const JOB_FIXED: ReadonlyMap<string, ImpliedLabel> = new Map([['controller-uid', ANY], ['batch.kubernetes.io/controller-uid', ANY]]);
const INDEXED_JOB_FIXED: ReadonlyMap<string, ImpliedLabel> = new Map([...JOB_FIXED, ['batch.kubernetes.io/job-completion-index', ordinal]]);
const JOB_NAME_KEYS = ['job-name', 'batch.kubernetes.io/job-name'];
function jobLabels(jobName: ImpliedLabel, spec: Obj | undefined): KindLabels {
  return new KindLabels(spec?.completionMode === 'Indexed' ? INDEXED_JOB_FIXED : JOB_FIXED, JOB_NAME_KEYS, jobName);
}

// The same for every object of the kind: one map shared by all (read-only).
const DEPLOYMENT_LABELS: ImpliedLabels = new Map([['pod-template-hash', ANY]]);
const DAEMONSET_LABELS: ImpliedLabels = new Map([['controller-revision-hash', ANY], ['pod-template-generation', ordinal]]);

/**
 * The labels the controller of a workload puts on its pods besides the template's: the
 * Deployment's ReplicaSets add pod-template-hash; StatefulSets the revision hash, the pod name
 * and index; DaemonSets the revision hash and template generation; Jobs the job name and uid
 * (a CronJob's Jobs are named <cronjob>-<scheduled minute>).
 */
export function controllerLabels(kind: string, name: string | undefined, o: Obj): ImpliedLabels {
  const spec = obj(o.spec);
  switch (kind) {
    case 'Deployment':
      return DEPLOYMENT_LABELS;
    case 'StatefulSet':
      // Pods are named <statefulset>-<ordinal>.
      return statefulSetLabels(name ? numbered(name) : ANY);
    case 'DaemonSet':
      return DAEMONSET_LABELS;
    case 'Job':
      return jobLabels(name && str(obj(o.metadata)?.name) ? exact(name) : ANY, spec);
    case 'CronJob':
      return jobLabels(name ? numbered(name) : ANY, obj(obj(spec?.jobTemplate)?.spec));
    default:
      return NO_IMPLIED;
  }
}

/**
 * Whether a label selector (matchLabels / matchExpressions) selects pods with the template's
 * `labels` plus the `implied` ones: src/validate/label-selector.ts `labelSelectorMatches` (implied
 * keys take the controller's value; an unknown value counts as possibly matching; a non-string
 * value never matches).
 */
export function podSelectorMatches(selector: Obj, labels: Record<string, unknown>, implied: ImpliedLabels): boolean {
  return labelSelectorMatches(selector, labels, implied);
}

// ---- Pods an operator creates from a custom resource ------------------------------------------

/** The pods an operator runs for one custom resource among the inputs. */
export interface OperatorPods {
  /** 'Prometheus', 'Alertmanager'. */
  readonly kind: string;
  readonly name: string;
  /** Labels the operator sets on every pod (spec.podMetadata.labels, then its selector labels). */
  readonly labels: Readonly<Record<string, string>>;
  readonly implied: ImpliedLabels;
  readonly portNames: ReadonlySet<string>;
  readonly portNumbers: ReadonlySet<number>;
}

const PROMETHEUS_GROUP = 'monitoring.coreos.com';
const OPERATOR = { 'app.kubernetes.io/managed-by': 'prometheus-operator' };
const CONFIG_RELOADER_PORT = { name: 'reloader-web', port: 8080 };

/**
 * The pods the Prometheus Operator creates for a Prometheus or Alertmanager resource: a
 * StatefulSet `prometheus-<name>` / `alertmanager-<name>` whose pods carry the resource's
 * spec.podMetadata.labels and the operator's selector labels (app.kubernetes.io/name,
 * app.kubernetes.io/instance, app.kubernetes.io/managed-by, prometheus / alertmanager: <name>),
 * with the web port (spec.portName, default web), the config reloader's reloader-web and, for
 * Alertmanager, the mesh ports. Undefined for other kinds.
 */
export function operatorPods(kind: string, apiVersion: string, o: Obj): OperatorPods | undefined {
  if (!apiVersion.startsWith(`${PROMETHEUS_GROUP}/`) || (kind !== 'Prometheus' && kind !== 'Alertmanager')) return undefined;
  const name = str(obj(o.metadata)?.name);
  if (!name) return undefined;
  const spec = obj(o.spec) ?? {};
  const fromSpec: Record<string, string> = {};
  const pl = obj(obj(spec.podMetadata)?.labels) ?? {};
  for (const k in pl) if (typeof pl[k] === 'string') fromSpec[k] = pl[k] as string;
  const webName = str(spec.portName) || 'web';
  const portNames = new Set<string>([CONFIG_RELOADER_PORT.name]);
  const portNumbers = new Set<number>([CONFIG_RELOADER_PORT.port]);
  const port = (n: string, p: number): void => { portNames.add(n); portNumbers.add(p); };
  let labels: Record<string, string>;
  const implied = new Map<string, ImpliedLabel>([['app.kubernetes.io/version', ANY]]);
  if (kind === 'Prometheus') {
    labels = { ...fromSpec, ...OPERATOR, 'app.kubernetes.io/name': 'prometheus', 'app.kubernetes.io/instance': name, 'operator.prometheus.io/name': name, prometheus: name };
    implied.set('operator.prometheus.io/shard', ordinal);
    if (spec.listenLocal !== true) port(webName, 9090);
    if (obj(spec.thanos)) { port('http', 10902); port('grpc', 10901); }
  } else {
    labels = { ...fromSpec, ...OPERATOR, 'app.kubernetes.io/name': 'alertmanager', 'app.kubernetes.io/instance': name, alertmanager: name };
    if (spec.listenLocal !== true) port(webName, 9093);
    port('mesh-tcp', 9094);
    port('mesh-udp', 9094);
  }
  // Containers given in the resource are merged into the pod: their ports count too.
  for (const c of arr(spec.containers)) for (const p of arr(obj(c)?.ports)) {
    const po = obj(p);
    if (typeof po?.name === 'string') portNames.add(po.name);
    if (typeof po?.containerPort === 'number') portNumbers.add(po.containerPort);
  }
  // The StatefulSets: prometheus-<name> (and prometheus-<name>-shard-<n> for more shards) or
  // alertmanager-<name>; their pods are named <statefulset>-<ordinal>.
  const sts = `${kind === 'Prometheus' ? 'prometheus' : 'alertmanager'}-${name}`;
  const suffix = kind === 'Prometheus' ? /^(shard-(0|[1-9][0-9]*)-)?(0|[1-9][0-9]*)$/ : ORDINAL;
  const podName: ImpliedLabel = { test: (x) => x.startsWith(`${sts}-`) && suffix.test(x.slice(sts.length + 1)) };
  for (const [k, v] of statefulSetLabels(podName).entries()) implied.set(k, v);
  return { kind, name, labels, implied, portNames, portNumbers };
}

// ---- Objects every cluster bootstraps -----------------------------------------------------------

/**
 * Roles the API server creates in kube-system and kube-public (the bootstrap RBAC policy),
 * as 'namespace/name'.
 */
export const BOOTSTRAP_ROLES: ReadonlySet<string> = new Set([
  'kube-system/extension-apiserver-authentication-reader',
  'kube-system/system::leader-locking-kube-controller-manager',
  'kube-system/system::leader-locking-kube-scheduler',
  'kube-system/system:controller:bootstrap-signer',
  'kube-system/system:controller:cloud-provider',
  'kube-system/system:controller:token-cleaner',
  'kube-public/system:controller:bootstrap-signer',
]);

/** The user-facing default ClusterRoles; the system:* ones are matched by prefix. */
const DEFAULT_CLUSTER_ROLES: ReadonlySet<string> = new Set(['cluster-admin', 'admin', 'edit', 'view']);

/** Whether every cluster has this ClusterRole (cluster-admin, admin, edit, view, system:*). */
export function isBootstrapClusterRole(name: string): boolean {
  return DEFAULT_CLUSTER_ROLES.has(name) || name.startsWith('system:');
}

/** Whether every cluster has this Role in that namespace. */
export function isBootstrapRole(namespace: string, name: string): boolean {
  return BOOTSTRAP_ROLES.has(`${namespace}/${name}`);
}

/** The `kubernetes` Service in `default` that fronts the API server, with its labels and port. */
export const API_SERVER_SERVICE = {
  namespace: 'default',
  name: 'kubernetes',
  labels: { component: 'apiserver', provider: 'kubernetes' } as Readonly<Record<string, string>>,
  ports: [{ name: 'https', port: 443, protocol: 'TCP' }],
} as const;

/** The ConfigMap the root CA publisher puts in every namespace, with its one key. */
export const ROOT_CA_CONFIGMAP = { name: 'kube-root-ca.crt', keys: ['ca.crt'] } as const;
