/**
 * The app's topology as a graph, read from manifests alone (nothing is applied, no cluster is
 * asked): routes and Ingresses, Services, workloads, config and secret sources, claims,
 * ServiceAccounts and their RBAC, autoscalers, disruption budgets, monitors, and the edges between
 * them (routing, selection, mounts, env references, connections, scraping, allowed traffic).
 * A reference to an object that is not among the inputs becomes a `missing` node and a `broken`
 * edge carrying the validator's message when it has one. Secret values are never read.
 *
 * Pure: documents in, graph out. The renderers (mermaid, dot, svg, html, json) only draw it.
 */
import { selects } from '../validate/policy/walk';
import type { Finding, ManifestDocument } from '../validate/types';

export type NodeCategory =
  | 'route' | 'service' | 'workload' | 'config' | 'secret' | 'storage' | 'identity' | 'scaling' | 'monitoring' | 'policy' | 'other';

export interface GraphNode {
  /** `Kind/namespace/name` (cluster-scoped: `Kind//name`). */
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  /** '' for cluster-scoped objects. */
  readonly namespace: string;
  readonly category: NodeCategory;
  /** The app the node belongs to (part-of, instance, name or `app` label), for grouping; '' when none. */
  readonly app: string;
  /** Short facts shown under the name: replicas, images, ports, sizes. Never secret values. */
  readonly details: readonly string[];
  /** Referenced but not among the inputs. */
  readonly missing?: boolean;
  /** Not an object: a traffic peer outside the inputs (a namespace, a CIDR) or a built-in object. */
  readonly external?: boolean;
  /** Where the object was read from. */
  readonly source?: { readonly file: string; readonly documentIndex: number };
  /** The validator's findings on this object (errors and warnings). */
  readonly findings: readonly { readonly severity: string; readonly rule: string; readonly message: string; readonly path: string }[];
}

export type EdgeType =
  | 'routes' | 'parent' | 'selects' | 'mounts' | 'env' | 'connects' | 'pulls' | 'runs-as' | 'binds' | 'grants'
  | 'claims' | 'scales' | 'protects' | 'scrapes' | 'allows' | 'creates';

export interface GraphEdge {
  readonly from: string;
  readonly to: string;
  readonly type: EdgeType;
  /** Port, key, path or host: what the edge carries. */
  readonly label?: string;
  /** The target is missing, or the reference cannot be resolved: the message says why. */
  readonly broken?: string;
}

export interface Graph {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export interface GraphOptions {
  /** Namespace of objects that name none (what `kubectl apply -n` would use). @default 'default' */
  readonly namespace?: string;
  /** Findings of the validator on the same documents: attached to nodes; wiring findings explain broken edges. */
  readonly findings?: readonly Finding[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'StorageClass', 'PersistentVolume',
  'CustomResourceDefinition', 'IngressClass', 'PriorityClass', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration',
  'ClusterIssuer', 'ClusterSecretStore', 'GatewayClass']);
const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod', 'ReplicationController']);
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
function categoryOf(kind: string): NodeCategory {
  if (WORKLOADS.has(kind)) return 'workload';
  return Object.prototype.hasOwnProperty.call(CATEGORY, kind) ? CATEGORY[kind] : 'other';
}
const JOINED_LABELS: ReadonlySet<EdgeType> = new Set(['env', 'mounts', 'pulls']);
const APP_LABELS = ['app.kubernetes.io/part-of', 'app.kubernetes.io/instance', 'app.kubernetes.io/name', 'app', 'k8s-app'];

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
/** A scalar as text for a label ('' for anything else: a map where a port belongs is drawn as nothing, never coerced). */
function txt(v: unknown): string {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : '';
}
function list(v: unknown): Obj[] {
  return Array.isArray(v) ? v.filter(isObj) : [];
}
function strMap(v: unknown): Record<string, string> {
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
function podTemplate(o: Obj): { labels: Record<string, string>; spec: Obj } | undefined {
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
function matchesLabels(selector: Obj, labels: Record<string, string>): boolean {
  if (!isObj(selector)) return false;
  const plain = selector.matchLabels === undefined && selector.matchExpressions === undefined;
  if (Object.keys(plain ? selector : strMap(selector.matchLabels)).length === 0 && list(selector.matchExpressions).length === 0) return false;
  return selects(selector, labels, plain);
}

interface Entry {
  readonly o: Obj;
  readonly node: MutableNode;
  readonly doc: ManifestDocument;
}
type MutableNode = { -readonly [K in keyof GraphNode]: GraphNode[K] } & { details: string[]; findings: GraphNode['findings'][number][] };

/** Builds the graph of `docs` (List items included). */
export function buildGraph(docs: readonly ManifestDocument[], opts: GraphOptions = {}): Graph {
  const defaultNs = opts.namespace ?? 'default';
  const nodes = new Map<string, MutableNode>();
  const edges: GraphEdge[] = [];
  const edgeKeys = new Set<string>();
  const entries: Entry[] = [];
  const byDoc = new Map<string, MutableNode>();

  const merged = new Map<string, number>(); // from/to/type -> index in edges, for the types whose labels are joined
  const addEdge = (e: GraphEdge): void => {
    if (e.from === e.to) return;
    if (JOINED_LABELS.has(e.type)) {
      // One edge per pair for env and mounts: 'DB_USER, DB_PASSWORD', not one arrow per variable.
      const k = `${e.from}\u0000${e.to}\u0000${e.type}`;
      const i = merged.get(k);
      if (i === undefined) {
        merged.set(k, edges.length);
        edges.push(e);
      } else {
        const old = edges[i];
        const labels = [...new Set([...(old.label ?? '').split(', '), ...(e.label ?? '').split(', ')].filter((x) => x !== ''))];
        edges[i] = { ...old, ...(labels.length ? { label: labels.join(', ') } : {}), ...(old.broken ?? e.broken ? { broken: old.broken ?? e.broken } : {}) };
      }
      return;
    }
    const key = `${e.from}\u0000${e.to}\u0000${e.type}\u0000${e.label ?? ''}`;
    if (edgeKeys.has(key)) return;
    edgeKeys.add(key);
    edges.push(e);
  };

  // 1. Nodes: one per object (items of a List each).
  const visit = (o: unknown, doc: ManifestDocument, item?: number): void => {
    if (!isObj(o)) return;
    const kind = str(o.kind);
    if (!kind) return;
    // kustomization.yaml is build configuration, not a cluster object.
    if (typeof o.apiVersion === 'string' && o.apiVersion.startsWith('kustomize.config.k8s.io/')) return;
    if (kind.endsWith('List') && Array.isArray(o.items)) {
      o.items.forEach((it: unknown, i: number) => visit(it, doc, i));
      return;
    }
    const name = str(o.metadata?.name) ?? str(o.metadata?.generateName) ?? '(unnamed)';
    const namespace = CLUSTER_SCOPED.has(kind) ? '' : str(o.metadata?.namespace) ?? defaultNs;
    const id = objectNodeId(o, defaultNs)!;
    const labels = strMap(o.metadata?.labels);
    const node: MutableNode = {
      id, kind, name, namespace,
      category: categoryOf(kind),
      app: appOf(labels),
      details: detailsOf(o, kind),
      source: { file: doc.source.file, documentIndex: doc.source.documentIndex },
      findings: [],
    };
    if (nodes.has(id)) return; // a duplicate: the validator reports it; draw the first
    nodes.set(id, node);
    if (item === undefined) byDoc.set(`${doc.source.file}\u0000${doc.source.documentIndex}`, node);
    entries.push({ o, node, doc });
  };
  for (const d of docs) visit(d.object, d);

  // Findings onto their nodes (a List's findings stay on its first item: good enough to see).
  const wiringByNode = new Map<string, Finding[]>();
  for (const f of opts.findings ?? []) {
    if (f.severity === 'info') continue;
    const node = byDoc.get(`${f.file}\u0000${f.documentIndex}`)
      ?? (f.object?.kind && f.object.name ? nodes.get(nodeId(f.object.kind, CLUSTER_SCOPED.has(f.object.kind) ? '' : f.object.namespace ?? defaultNs, f.object.name)) : undefined);
    if (!node) continue;
    node.findings.push({ severity: f.severity, rule: f.rule, message: f.message, path: f.path });
    if (f.rule.startsWith('wiring/')) {
      const arr = wiringByNode.get(node.id) ?? [];
      arr.push(f);
      wiringByNode.set(node.id, arr);
    }
  }

  /** The node `kind/ns/name`, created as missing when absent. */
  const target = (kind: string, namespace: string, name: string, from: MutableNode): { id: string; missing: boolean } => {
    const ns = CLUSTER_SCOPED.has(kind) ? '' : namespace;
    const id = nodeId(kind, ns, name);
    if (nodes.has(id)) return { id, missing: nodes.get(id)!.missing === true };
    nodes.set(id, { id, kind, name, namespace: ns, category: categoryOf(kind), app: from.app, details: [], missing: true, findings: [] });
    return { id, missing: true };
  };
  /** Why a reference from `from` to a missing object is broken: the validator's wiring finding naming it, else a plain sentence. */
  const whyBroken = (from: MutableNode, kind: string, name: string): string => {
    const f = (wiringByNode.get(from.id) ?? []).find((x) => x.message.includes(`'${name}'`) || x.message.includes(` ${name} `) || x.message.includes(name));
    return f ? `${f.rule}: ${f.message}` : `${kind} '${name}' is not among the inputs`;
  };
  const ref = (from: MutableNode, kind: string, namespace: string, name: string, type: EdgeType, label?: string, optional = false): void => {
    const t = target(kind, namespace, name, from);
    if (t.missing && optional) {
      // Declared as made elsewhere: drawn as external, not broken.
      const n = nodes.get(t.id)!;
      n.missing = false;
      n.external = true;
      addEdge({ from: from.id, to: t.id, type, label });
      return;
    }
    addEdge({ from: from.id, to: t.id, type, label, ...(t.missing ? { broken: whyBroken(from, kind, name) } : {}) });
  };

  const markPresent = (id: string, detail?: string): void => {
    const n = nodes.get(id);
    if (!n) return;
    n.missing = false;
    if (detail && !n.details.includes(detail)) n.details.push(detail);
  };

  // 2. Indexes for selection.
  const workloads = entries.filter((e) => e.node.category === 'workload');
  const entryById = new Map(entries.map((e) => [e.node.id, e]));
  const pods = workloads.map((e) => ({ e, tmpl: podTemplate(e.o) })).filter((x) => x.tmpl !== undefined) as { e: Entry; tmpl: { labels: Record<string, string>; spec: Obj } }[];
  const services = entries.filter((e) => e.o.kind === 'Service');
  // Pods by namespace and by one label (k=v), so a selector looks only at pods carrying one of its labels.
  const podIndex = new Map<string, Map<string, typeof pods>>();
  for (const p of pods) {
    const byLabel = podIndex.get(p.e.node.namespace) ?? new Map<string, typeof pods>();
    podIndex.set(p.e.node.namespace, byLabel);
    for (const [k, v] of Object.entries(p.tmpl.labels)) {
      const arr = byLabel.get(`${k}=${v}`) ?? [];
      arr.push(p);
      byLabel.set(`${k}=${v}`, arr);
    }
    const all = byLabel.get('') ?? [];
    all.push(p);
    byLabel.set('', all);
  }
  /** Pods of namespace `ns` a selector (LabelSelector, or a plain map for Services) selects. */
  const selectPods = (ns: string, selector: Obj, emptyMeansAll = false): typeof pods => {
    const byLabel = podIndex.get(ns);
    if (!byLabel || !isObj(selector)) return [];
    if (emptyMeansAll && Object.keys(selector).length === 0) return byLabel.get('') ?? [];
    const ml = strMap(selector.matchLabels ?? (selector.matchExpressions === undefined ? selector : undefined));
    let candidates = byLabel.get('') ?? [];
    for (const [k, v] of Object.entries(ml)) {
      const c = byLabel.get(`${k}=${v}`) ?? [];
      if (c.length < candidates.length) candidates = c;
    }
    return candidates.filter((p) => matchesLabels(selector, p.tmpl.labels));
  };
  const externalSecretTargets = new Map<string, string>(); // ns/secretName -> node id of the ExternalSecret / SealedSecret
  for (const e of entries) {
    if (e.o.kind === 'ExternalSecret') externalSecretTargets.set(`${e.node.namespace}/${str(e.o.spec?.target?.name) ?? e.node.name}`, e.node.id);
    if (e.o.kind === 'SealedSecret') externalSecretTargets.set(`${e.node.namespace}/${str(e.o.spec?.template?.metadata?.name) ?? e.node.name}`, e.node.id);
  }
  const secretRef = (from: MutableNode, ns: string, name: string, type: EdgeType, label?: string): void => {
    const maker = externalSecretTargets.get(`${ns}/${name}`);
    if (maker && !nodes.has(nodeId('Secret', ns, name))) {
      addEdge({ from: from.id, to: maker, type, label: label ?? name });
      return;
    }
    // Declared as made elsewhere (helmless.io/external-secrets): drawn, not broken.
    ref(from, 'Secret', ns, name, type, label, externalNames(entryById.get(from.id)?.o).has(name));
  };

  // Service hosts for connections: name, name.ns, name.ns.svc, name.ns.svc.cluster.local.
  const serviceHosts = new Map<string, string>();
  for (const s of services) {
    const { name, namespace } = s.node;
    for (const h of [`${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`]) serviceHosts.set(h, s.node.id);
    serviceHosts.set(`${namespace}\u0000${name}`, s.node.id);
  }

  // 3. Edges per object.
  for (const e of entries) {
    const { o, node } = e;
    const ns = node.namespace;
    switch (o.kind) {
      case 'Service': {
        if (o.spec?.type === 'ExternalName') break;
        const sel = strMap(o.spec?.selector);
        if (Object.keys(sel).length === 0) break;
        const ports = list(o.spec?.ports).map((p) => txt(p.targetPort ?? p.port)).filter((p) => p !== '');
        for (const p of selectPods(ns, { matchLabels: sel })) addEdge({ from: node.id, to: p.e.node.id, type: 'selects', label: ports.join(',') || undefined });
        break;
      }
      case 'Ingress': {
        const backends: Obj[] = [];
        if (isObj(o.spec?.defaultBackend)) backends.push({ host: '*', path: '', b: o.spec.defaultBackend });
        for (const r of list(o.spec?.rules)) for (const p of list(r.http?.paths)) backends.push({ host: str(r.host) ?? '*', path: str(p.path) ?? '/', b: p.backend });
        for (const { host, path, b } of backends) {
          const svc = str(b?.service?.name);
          const port = txt(b?.service?.port?.name ?? b?.service?.port?.number) || undefined;
          if (svc) ref(node, 'Service', ns, svc, 'routes', `${host}${path}${port !== undefined ? ` → ${port}` : ''}`);
        }
        for (const t of list(o.spec?.tls)) if (str(t.secretName)) secretRef(node, ns, t.secretName, 'mounts', 'tls');
        break;
      }
      case 'HTTPRoute': case 'GRPCRoute': case 'TLSRoute': case 'TCPRoute': case 'UDPRoute': {
        const hosts = Array.isArray(o.spec?.hostnames) ? o.spec.hostnames.filter((h: unknown) => typeof h === 'string') : [];
        for (const p of list(o.spec?.parentRefs)) {
          const pk = str(p.kind) ?? 'Gateway';
          // Gateways are usually shared infrastructure outside the app: drawn as external, not broken.
          if (str(p.name)) ref(node, pk, str(p.namespace) ?? ns, p.name, 'parent', hosts.join(',') || undefined, true);
        }
        for (const r of list(o.spec?.rules)) {
          const paths = list(r.matches).map((m) => str(m.path?.value) ?? (isObj(m.method) ? `${txt(m.method.service)}/${txt(m.method.method)}` : '')).filter((x) => x !== '');
          for (const b of list(r.backendRefs)) {
            const bk = str(b.kind) ?? 'Service';
            if (str(b.name)) ref(node, bk, str(b.namespace) ?? ns, b.name, 'routes', `${paths.join(',') || '/'}${txt(b.port) ? ` → ${txt(b.port)}` : ''}`);
          }
        }
        break;
      }
      case 'HorizontalPodAutoscaler': case 'ScaledObject': {
        const t = o.spec?.scaleTargetRef;
        if (isObj(t) && str(t.name)) ref(node, str(t.kind) ?? 'Deployment', ns, t.name, 'scales', rangeOf(o));
        break;
      }
      case 'PodDisruptionBudget': {
        for (const p of selectPods(ns, o.spec?.selector)) addEdge({ from: node.id, to: p.e.node.id, type: 'protects', label: pdbLabel(o) });
        break;
      }
      case 'ServiceMonitor': {
        const nss = monitoredNamespaces(o, ns);
        const portsOf = list(o.spec?.endpoints).map((x) => str(x.port) ?? str(x.targetPort) ?? '').filter((x) => x !== '').join(',');
        for (const s of services) {
          if ((nss === 'any' || nss.includes(s.node.namespace)) && matchesLabels(o.spec?.selector, strMap(s.o.metadata?.labels))) addEdge({ from: node.id, to: s.node.id, type: 'scrapes', label: portsOf || undefined });
        }
        break;
      }
      case 'PodMonitor': {
        const nss = monitoredNamespaces(o, ns);
        for (const p of pods) if ((nss === 'any' || nss.includes(p.e.node.namespace)) && matchesLabels(o.spec?.selector, p.tmpl.labels)) addEdge({ from: node.id, to: p.e.node.id, type: 'scrapes' });
        break;
      }
      case 'RoleBinding': case 'ClusterRoleBinding': {
        const rr = o.roleRef;
        if (isObj(rr) && str(rr.name)) {
          const rk = str(rr.kind) ?? 'Role';
          const t = target(rk, rk === 'ClusterRole' ? '' : ns, rr.name, node);
          const builtin = t.missing && rk === 'ClusterRole' && (/^system:/.test(rr.name) || ['cluster-admin', 'admin', 'edit', 'view'].includes(rr.name));
          addEdge({ from: node.id, to: t.id, type: 'grants', ...(t.missing && !builtin ? { broken: whyBroken(node, rk, rr.name) } : {}) });
          if (builtin) {
            const n = nodes.get(t.id)!;
            n.missing = false;
            n.external = true;
            if (!n.details.includes('built-in')) n.details.push('built-in');
          }
        }
        for (const s of list(o.subjects)) {
          if (s.kind === 'ServiceAccount' && str(s.name)) ref(node, 'ServiceAccount', str(s.namespace) ?? ns, s.name, 'binds');
        }
        break;
      }
      case 'NetworkPolicy':
        policyEdges(e, selectPods, addEdge, target, (id) => { const n = nodes.get(id)!; n.missing = false; n.external = true; });
        break;
      default:
        break;
    }
    const tmpl = node.category === 'workload' ? podTemplate(o) : undefined;
    if (tmpl) podEdges(node, ns, tmpl.spec, o, { ref, secretRef, addEdge, serviceHosts, target, markPresent });
  }

  // A workload whose replicas an autoscaler owns says so instead of the unset count.
  for (const e of edges) {
    if (e.type !== 'scales') continue;
    const n = nodes.get(e.to);
    if (!n || n.missing) continue;
    const i = n.details.findIndex((d) => d.startsWith('replicas '));
    if (i >= 0) n.details[i] = `replicas ${e.label ?? ''} (autoscaled)`.replace('  ', ' ');
  }

  // ServiceAccounts bound by nothing and used by nothing are still drawn (they are objects); the
  // default ServiceAccount is drawn only when referenced.
  const sortedNodes = [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const sortedEdges = edges.sort((a, b) => {
    const ka = `${a.from}\u0000${a.to}\u0000${a.type}\u0000${a.label ?? ''}`;
    const kb = `${b.from}\u0000${b.to}\u0000${b.type}\u0000${b.label ?? ''}`;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
  return { nodes: sortedNodes, edges: sortedEdges };
}

function externalNames(o: Obj | undefined): Set<string> {
  const out = new Set<string>();
  const read = (v: unknown): void => {
    if (typeof v === 'string') for (const n of v.split(',')) if (n.trim()) out.add(n.trim());
  };
  read(o?.metadata?.annotations?.['helmless.io/external-secrets']);
  const t = o ? podTemplate(o) : undefined;
  if (o && t) read((o.kind === 'CronJob' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template)?.metadata?.annotations?.['helmless.io/external-secrets']);
  return out;
}

function appOf(labels: Record<string, string>): string {
  for (const k of APP_LABELS) if (labels[k]) return labels[k];
  return '';
}

function rangeOf(o: Obj): string | undefined {
  const min = o.spec?.minReplicas ?? o.spec?.minReplicaCount;
  const max = o.spec?.maxReplicas ?? o.spec?.maxReplicaCount;
  return txt(max) ? `${txt(min) || '1'}–${txt(max)}` : undefined;
}

function pdbLabel(o: Obj): string | undefined {
  if (txt(o.spec?.maxUnavailable)) return `maxUnavailable ${txt(o.spec.maxUnavailable)}`;
  if (txt(o.spec?.minAvailable)) return `minAvailable ${txt(o.spec.minAvailable)}`;
  return undefined;
}

function monitoredNamespaces(o: Obj, ns: string): string[] | 'any' {
  const sel = o.spec?.namespaceSelector;
  if (isObj(sel) && sel.any === true) return 'any';
  if (isObj(sel) && Array.isArray(sel.matchNames)) return sel.matchNames.filter((x: unknown) => typeof x === 'string');
  return [ns];
}

function detailsOf(o: Obj, kind: string): string[] {
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

interface PodEdgeTools {
  ref(from: MutableNode, kind: string, ns: string, name: string, type: EdgeType, label?: string, optional?: boolean): void;
  secretRef(from: MutableNode, ns: string, name: string, type: EdgeType, label?: string): void;
  addEdge(e: GraphEdge): void;
  serviceHosts: Map<string, string>;
  target(kind: string, ns: string, name: string, from: MutableNode): { id: string; missing: boolean };
  /** A node made from a part of another object (a claim template): present, with an optional detail. */
  markPresent(id: string, detail?: string): void;
}

function podEdges(node: MutableNode, ns: string, spec: Obj, o: Obj, t: PodEdgeTools): void {
  const sa = str(spec.serviceAccountName) ?? str(spec.serviceAccount);
  if (sa) t.ref(node, 'ServiceAccount', ns, sa, 'runs-as');
  for (const s of list(spec.imagePullSecrets)) if (str(s.name)) t.secretRef(node, ns, s.name, 'pulls');
  for (const v of list(spec.volumes)) {
    if (str(v.configMap?.name)) t.ref(node, 'ConfigMap', ns, v.configMap.name, 'mounts', str(v.name));
    if (str(v.secret?.secretName)) t.secretRef(node, ns, v.secret.secretName, 'mounts', str(v.name));
    if (str(v.persistentVolumeClaim?.claimName)) t.ref(node, 'PersistentVolumeClaim', ns, v.persistentVolumeClaim.claimName, 'claims', str(v.name));
    for (const src of list(v.projected?.sources)) {
      if (str(src.configMap?.name)) t.ref(node, 'ConfigMap', ns, src.configMap.name, 'mounts', str(v.name));
      if (str(src.secret?.name)) t.secretRef(node, ns, src.secret.name, 'mounts', str(v.name));
    }
  }
  if (o.kind === 'StatefulSet') {
    for (const c of list(o.spec?.volumeClaimTemplates)) {
      const name = str(c.metadata?.name);
      if (!name) continue;
      const id = t.target('ClaimTemplate', ns, `${name} (${node.name})`, node).id;
      t.markPresent(id, str(c.spec?.resources?.requests?.storage));
      t.addEdge({ from: node.id, to: id, type: 'claims' });
    }
    if (str(o.spec?.serviceName)) t.ref(node, 'Service', ns, o.spec.serviceName, 'connects', 'governing');
  }
  for (const c of [...list(spec.initContainers), ...list(spec.containers)]) {
    for (const f of list(c.envFrom)) {
      if (str(f.configMapRef?.name)) t.ref(node, 'ConfigMap', ns, f.configMapRef.name, 'env', 'envFrom');
      if (str(f.secretRef?.name)) t.secretRef(node, ns, f.secretRef.name, 'env', 'envFrom');
    }
    for (const e of list(c.env)) {
      const cm = e.valueFrom?.configMapKeyRef;
      const sec = e.valueFrom?.secretKeyRef;
      if (str(cm?.name)) t.ref(node, 'ConfigMap', ns, cm.name, 'env', txt(e.name) || undefined);
      if (str(sec?.name)) t.secretRef(node, ns, sec.name, 'env', txt(e.name) || undefined);
      const host = typeof e.value === 'string' ? e.value.trim() : undefined;
      if (host && str(e.name) && /(^|_)(HOST|HOSTNAME|ADDR|ADDRESS|URL|URI|ENDPOINT|SERVICE)$/i.test(e.name)) {
        const svc = serviceOfHost(host, ns, t.serviceHosts);
        if (svc) t.addEdge({ from: node.id, to: svc, type: 'connects', label: e.name });
      }
    }
  }
}

/** The Service a host value names: `svc`, `svc.ns[.svc[.cluster.local]]`, optionally inside a URL with a port. */
function serviceOfHost(value: string, ns: string, hosts: Map<string, string>): string | undefined {
  let host = value;
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/]*@)?([^/:?#]+)/i.exec(value);
  if (url) host = url[1];
  host = host.replace(/:\d+$/, '').toLowerCase();
  return hosts.get(host) ?? hosts.get(`${ns}\u0000${host}`);
}

type SelectPods = (ns: string, selector: Obj, emptyMeansAll?: boolean) => { e: Entry }[];

function policyEdges(
  e: Entry,
  selectPods: SelectPods,
  addEdge: (e: GraphEdge) => void,
  target: (kind: string, ns: string, name: string, from: MutableNode) => { id: string; missing: boolean },
  markExternal: (id: string) => void,
): void {
  const ns = e.node.namespace;
  const spec = e.o.spec;
  if (!isObj(spec)) return;
  const selected = selectPods(ns, spec.podSelector, true); // {} selects every pod of the namespace
  const external = (kind: string, name: string): string => {
    const id = target(kind, '', name, e.node).id;
    markExternal(id);
    return id;
  };
  const portsOf = (rule: Obj): string | undefined => {
    const ps = list(rule.ports).map((p) => `${txt(p.port) || 'any'}/${txt(p.protocol) || 'TCP'}`);
    return ps.length ? ps.join(',') : undefined;
  };
  const peersOf = (rule: Obj, key: 'from' | 'to'): string[] => {
    const out: string[] = [];
    for (const peer of list(rule[key])) {
      if (isObj(peer.ipBlock) && str(peer.ipBlock.cidr)) {
        out.push(external('CIDR', peer.ipBlock.cidr));
      } else if (isObj(peer.namespaceSelector)) {
        const nsName = str(peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name']);
        const podSel = isObj(peer.podSelector) ? Object.entries(strMap(peer.podSelector.matchLabels)).map(([k, v]) => `${k}=${v}`).join(',') : '';
        out.push(external('Namespace', `${nsName ?? 'any'}${podSel ? ` (${podSel})` : ''}`));
      } else if (isObj(peer.podSelector)) {
        for (const p of selectPods(ns, peer.podSelector, true)) out.push(p.e.node.id);
      }
    }
    return out;
  };
  for (const rule of list(spec.ingress)) {
    for (const from of peersOf(rule, 'from')) for (const s of selected) addEdge({ from, to: s.e.node.id, type: 'allows', label: portsOf(rule) });
  }
  for (const rule of list(spec.egress)) {
    for (const to of peersOf(rule, 'to')) for (const s of selected) addEdge({ from: s.e.node.id, to, type: 'allows', label: portsOf(rule) });
  }
}
