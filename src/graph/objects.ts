/**
 * Reading objects for the graph: kinds and their categories, node ids, pod templates, selectors,
 * and the short facts drawn under a node. Pure functions of one object.
 */
import { selects } from '../validate/policy/walk';
import type { NodeCategory } from './model';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = any;

export const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PersistentVolume',
  'CustomResourceDefinition', 'IngressClass', 'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ClusterIssuer', 'ClusterSecretStore', 'GatewayClass']);
export const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'ReplicationController']);
const CATEGORY: Record<string, NodeCategory> = {
  Ingress: 'route', HTTPRoute: 'route', GRPCRoute: 'route', TLSRoute: 'route', TCPRoute: 'route', Gateway: 'route',
  Service: 'service',
  ConfigMap: 'config',
  Secret: 'secret', ExternalSecret: 'secret', SealedSecret: 'secret',
  PersistentVolumeClaim: 'storage', PersistentVolume: 'storage', StorageClass: 'storage', ClaimTemplate: 'storage',
  ServiceAccount: 'identity', Role: 'identity', ClusterRole: 'identity', RoleBinding: 'identity', ClusterRoleBinding: 'identity',
  HorizontalPodAutoscaler: 'scaling', ScaledObject: 'scaling', PodDisruptionBudget: 'scaling',
  ServiceMonitor: 'monitoring', PodMonitor: 'monitoring', PrometheusRule: 'monitoring',
  NetworkPolicy: 'policy',
};
/** The category of a kind: an own entry of CATEGORY only (a kind named 'constructor' is 'other'). */
export function categoryOf(kind: string): NodeCategory {
  if (WORKLOADS.has(kind)) return 'workload';
  return Object.prototype.hasOwnProperty.call(CATEGORY, kind) ? CATEGORY[kind] : 'other';
}
const APP_LABELS = ['app.kubernetes.io/part-of', 'app.kubernetes.io/instance', 'app.kubernetes.io/name', 'app', 'k8s-app'];

export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
export function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
/** A scalar as text for a label ('' for anything else: a map where a port belongs is drawn as nothing, never coerced). */
export function txt(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}
export function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}
export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(v)) return out;
  for (const k of Object.keys(v)) if (typeof v[k] === 'string') out[k] = v[k];
  return out;
}

export function nodeId(kind: string, namespace: string, name: string): string {
  return `${kind}/${namespace}/${name}`;
}

/** The node id of an object, or undefined when it has no kind. */
export function objectNodeId(o: unknown, defaultNamespace = 'default'): string | undefined {
  if (!isObj(o)) return undefined;
  const kind = str(o.kind);
  if (!kind) return undefined;
  const name = str(o.metadata?.name) ?? str(o.metadata?.generateName) ?? '(unnamed)';
  return nodeId(kind, CLUSTER_SCOPED.has(kind) ? '' : str(o.metadata?.namespace) ?? defaultNamespace, name);
}

/** The pod template (or pod spec holder) of a workload. */
export function podTemplate(o: Obj): { labels: Record<string, string>; spec: Obj } | undefined {
  const kind = o.kind;
  if (kind === 'Pod') return { labels: strMap(o.metadata?.labels), spec: isObj(o.spec) ? o.spec : {} };
  const t = kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template;
  if (!isObj(t)) return undefined;
  return { labels: strMap(t.metadata?.labels), spec: isObj(t.spec) ? t.spec : {} };
}

/**
 * Whether a selector (a LabelSelector, or a plain map as a Service has) selects `labels`: the
 * linter's matcher (src/validate/policy/walk.ts), except that an empty selector draws no edge here.
 */
export function matchesLabels(selector: Obj, labels: Record<string, string>): boolean {
  if (!isObj(selector)) return false;
  const plain = selector.matchLabels === undefined && selector.matchExpressions === undefined;
  if (Object.keys(plain ? selector : strMap(selector.matchLabels)).length === 0 && list(selector.matchExpressions).length === 0) return false;
  return selects(selector, labels, plain);
}

export function externalNames(o: Obj | undefined): Set<string> {
  const out = new Set<string>();
  const read = (v: unknown): void => {
    if (typeof v === 'string') for (const n of v.split(',')) if (n.trim()) out.add(n.trim());
  };
  read(o?.metadata?.annotations?.['helmless.io/external-secrets']);
  const t = o ? podTemplate(o) : undefined;
  if (o && t) read((o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template)?.metadata?.annotations?.['helmless.io/external-secrets']);
  return out;
}

export function appOf(labels: Record<string, string>): string {
  for (const k of APP_LABELS) if (labels[k]) return labels[k];
  return '';
}

export function rangeOf(o: Obj): string | undefined {
  const min = o.spec?.minReplicas ?? o.spec?.minReplicaCount;
  const max = o.spec?.maxReplicas ?? o.spec?.maxReplicaCount;
  return txt(max) ? `${txt(min) || '1'}–${txt(max)}` : undefined;
}

export function pdbLabel(o: Obj): string | undefined {
  if (txt(o.spec?.maxUnavailable)) return `maxUnavailable ${txt(o.spec.maxUnavailable)}`;
  if (txt(o.spec?.minAvailable)) return `minAvailable ${txt(o.spec.minAvailable)}`;
  return undefined;
}

export function monitoredNamespaces(o: Obj, ns: string): string[] | 'any' {
  const sel = o.spec?.namespaceSelector;
  if (isObj(sel) && sel.any === true) return 'any';
  if (isObj(sel) && Array.isArray(sel.matchNames)) return sel.matchNames.filter((x: unknown) => typeof x === 'string');
  return [ns];
}

export function detailsOf(o: Obj, kind: string): string[] {
  const out: string[] = [];
  const spec = isObj(o.spec) ? o.spec : {};
  if (['Deployment', 'StatefulSet', 'ReplicaSet'].includes(kind)) out.push(`replicas ${txt(spec.replicas) || '1'}`);
  if (kind === 'CronJob' && str(spec.schedule)) out.push(`schedule ${spec.schedule}`);
  const tmpl = podTemplate(o);
  if (tmpl && categoryOf(kind) === 'workload') {
    const images = [...list(tmpl.spec.initContainers), ...list(tmpl.spec.containers)].map((c) => str(c.image)).filter((x): x is string => x !== undefined);
    for (const i of [...new Set(images)]) out.push(i);
  }
  if (kind === 'Service') {
    const ports = list(spec.ports).map((p) => `${txt(p.name) ? `${txt(p.name)} ` : ''}${txt(p.port)}${txt(p.targetPort) && p.targetPort !== p.port ? `→${txt(p.targetPort)}` : ''}`);
    out.push(`${txt(spec.type) || 'ClusterIP'}${spec.clusterIP === 'None' ? ' headless' : ''}${ports.length ? `: ${ports.join(', ')}` : ''}`);
  }
  if (kind === 'PersistentVolumeClaim' && str(spec.resources?.requests?.storage)) out.push(spec.resources.requests.storage);
  if (kind === 'ConfigMap' && isObj(o.data)) out.push(`${Object.keys(o.data).length} keys`);
  if (kind === 'Secret' || kind === 'SealedSecret' || kind === 'ExternalSecret') {
    const keys = kind === 'Secret' ? Object.keys({ ...(isObj(o.data) ? o.data : {}), ...(isObj(o.stringData) ? o.stringData : {}) })
      : kind === 'SealedSecret' ? Object.keys(isObj(spec.encryptedData) ? spec.encryptedData : {})
      : list(spec.data).map((d) => str(d.secretKey) ?? '').filter((x) => x !== '');
    out.push(`keys: ${keys.join(', ') || 'none'}`);
  }
  return out;
}

/** The Service a host value names: `svc`, `svc.ns[.svc[.cluster.local]]`, optionally inside a URL with a port. */
export function serviceOfHost(value: string, ns: string, hosts: Map<string, string>): string | undefined {
  let host = value;
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:?#]+)/i.exec(value);
  if (url) host = url[1];
  host = host.replace(/:\d+$/, '').toLowerCase();
  return hosts.get(host) ?? hosts.get(`${ns}\u0000${host}`);
}
