/**
 * The graph under construction: nodes by id, edges without duplicates, the findings per node, and
 * the indexes the edge readers (edges.ts) look objects up in. buildGraph (model.ts) drives it.
 */
import type { Finding, ManifestDocument } from '../validate/types';
import type { EdgeType, Graph, GraphEdge, GraphNode } from './model';
import {
  CLUSTER_SCOPED, categoryOf, appOf, detailsOf, externalNames, isObj, matchesLabels, nodeId, objectNodeId, podTemplate, str, strMap,
  type Obj,
} from './objects';

export type MutableNode = { -readonly [K in keyof GraphNode]: GraphNode[K] } & { details: string[]; findings: GraphNode['findings'][number][] };

/** One object of the inputs and its node. */
export interface Entry {
  readonly o: Obj;
  readonly node: MutableNode;
  readonly doc: ManifestDocument;
}

/** A workload with a pod template. */
export interface Pod {
  readonly e: Entry;
  readonly tmpl: { labels: Record<string, string>; spec: Obj };
}

const JOINED_LABELS: ReadonlySet<EdgeType> = new Set(['env', 'mounts', 'pulls']);

const edgeKey = (e: GraphEdge): string => `${e.from}\u0000${e.to}\u0000${e.type}\u0000${e.label ?? ''}`;

export class GraphBuilder {
  readonly nodes = new Map<string, MutableNode>();
  /** The objects, in input order (the first of duplicates only). */
  readonly entries: Entry[] = [];
  /** Workloads with a pod template; filled by index(). */
  pods: Pod[] = [];
  /** The Services; filled by index(). */
  services: Entry[] = [];
  /** Service hosts for connections: name.ns, name.ns.svc, name.ns.svc.cluster.local, and ns + name. */
  readonly serviceHosts = new Map<string, string>();

  private readonly edges: GraphEdge[] = [];
  private readonly edgeKeys = new Set<string>();
  /** from/to/type -> index in edges, for the types whose labels are joined. */
  private readonly merged = new Map<string, number>();
  /** The node of each top-level document (file + index). */
  private readonly byDoc = new Map<string, MutableNode>();
  private readonly wiringByNode = new Map<string, Finding[]>();
  private entryById = new Map<string, Entry>();
  /** Pods by namespace and by one label (k=v, '' for all), so a selector looks only at pods carrying one of its labels. */
  private readonly podIndex = new Map<string, Map<string, Pod[]>>();
  /** ns/secretName -> node id of the ExternalSecret / SealedSecret that makes it. */
  private readonly externalSecretTargets = new Map<string, string>();

  constructor(private readonly defaultNs: string) {}

  /** Adds the node of an object (each item of a List); skips kustomize configuration and duplicates. */
  addObject(o: unknown, doc: ManifestDocument, item?: number): void {
    if (!isObj(o)) return;
    const kind = str(o.kind);
    if (!kind) return;
    // kustomization.yaml is build configuration, not a cluster object.
    if (typeof o.apiVersion === 'string' && o.apiVersion.startsWith('kustomize.config.k8s.io/')) return;
    if (kind.endsWith('List') && Array.isArray(o.items)) {
      o.items.forEach((it: unknown, i: number) => this.addObject(it, doc, i));
      return;
    }
    const name = str(o.metadata?.name) ?? str(o.metadata?.generateName) ?? '(unnamed)';
    const namespace = CLUSTER_SCOPED.has(kind) ? '' : str(o.metadata?.namespace) ?? this.defaultNs;
    const id = objectNodeId(o, this.defaultNs)!;
    const labels = strMap(o.metadata?.labels);
    const node: MutableNode = {
      id, kind, name, namespace,
      category: categoryOf(kind),
      app: appOf(labels),
      details: detailsOf(o, kind),
      source: { file: doc.source.file, documentIndex: doc.source.documentIndex },
      findings: [],
    };
    if (this.nodes.has(id)) return; // a duplicate: the validator reports it; draw the first
    this.nodes.set(id, node);
    if (item === undefined) this.byDoc.set(`${doc.source.file}\u0000${doc.source.documentIndex}`, node);
    this.entries.push({ o, node, doc });
  }

  /** Findings onto their nodes (a List's findings stay on its first item: good enough to see). */
  attachFindings(findings: readonly Finding[]): void {
    for (const f of findings) {
      if (f.severity === 'info') continue;
      const node = this.byDoc.get(`${f.file}\u0000${f.documentIndex}`)
        ?? (f.object?.kind && f.object.name ? this.nodes.get(nodeId(f.object.kind, CLUSTER_SCOPED.has(f.object.kind) ? '' : f.object.namespace ?? this.defaultNs, f.object.name)) : undefined);
      if (!node) continue;
      node.findings.push({ severity: f.severity, rule: f.rule, message: f.message, path: f.path });
      if (f.rule.startsWith('wiring/')) {
        const arr = this.wiringByNode.get(node.id) ?? [];
        arr.push(f);
        this.wiringByNode.set(node.id, arr);
      }
    }
  }

  /** Builds the lookup indexes over the objects added so far: pods, Services, Secret makers, Service hosts. */
  index(): void {
    const workloads = this.entries.filter((e) => e.node.category === 'workload');
    this.entryById = new Map(this.entries.map((e) => [e.node.id, e]));
    this.pods = workloads.map((e) => ({ e, tmpl: podTemplate(e.o) })).filter((x) => x.tmpl !== undefined) as Pod[];
    this.services = this.entries.filter((e) => e.o.kind === 'Service');
    for (const p of this.pods) {
      const byLabel = this.podIndex.get(p.e.node.namespace) ?? new Map<string, Pod[]>();
      this.podIndex.set(p.e.node.namespace, byLabel);
      for (const [k, v] of Object.entries(p.tmpl.labels)) {
        const arr = byLabel.get(`${k}=${v}`) ?? [];
        arr.push(p);
        byLabel.set(`${k}=${v}`, arr);
      }
      const all = byLabel.get('') ?? [];
      all.push(p);
      byLabel.set('', all);
    }
    for (const e of this.entries) {
      if (e.o.kind === 'ExternalSecret') this.externalSecretTargets.set(`${e.node.namespace}/${str(e.o.spec?.target?.name) ?? e.node.name}`, e.node.id);
      if (e.o.kind === 'SealedSecret') this.externalSecretTargets.set(`${e.node.namespace}/${str(e.o.spec?.template?.metadata?.name) ?? e.node.name}`, e.node.id);
    }
    for (const s of this.services) {
      const { name, namespace } = s.node;
      for (const h of [`${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`]) this.serviceHosts.set(h, s.node.id);
      this.serviceHosts.set(`${namespace}\u0000${name}`, s.node.id);
    }
  }

  addEdge(e: GraphEdge): void {
    if (e.from === e.to) return;
    if (JOINED_LABELS.has(e.type)) {
      // One edge per pair for env and mounts: 'DB_USER, DB_PASSWORD', not one arrow per variable.
      const k = `${e.from}\u0000${e.to}\u0000${e.type}`;
      const i = this.merged.get(k);
      if (i === undefined) {
        this.merged.set(k, this.edges.length);
        this.edges.push(e);
      } else {
        const old = this.edges[i];
        const labels = [...new Set([...(old.label ?? '').split(', '), ...(e.label ?? '').split(', ')].filter((x) => x !== ''))];
        this.edges[i] = { ...old, ...(labels.length ? { label: labels.join(', ') } : {}), ...(old.broken ?? e.broken ? { broken: old.broken ?? e.broken } : {}) };
      }
      return;
    }
    const key = edgeKey(e);
    if (this.edgeKeys.has(key)) return;
    this.edgeKeys.add(key);
    this.edges.push(e);
  }

  /** The node `kind/ns/name`, created as missing when absent. */
  target(kind: string, namespace: string, name: string, from: MutableNode): { id: string; missing: boolean } {
    const ns = CLUSTER_SCOPED.has(kind) ? '' : namespace;
    const id = nodeId(kind, ns, name);
    if (this.nodes.has(id)) return { id, missing: this.nodes.get(id)!.missing === true };
    this.nodes.set(id, { id, kind, name, namespace: ns, category: categoryOf(kind), app: from.app, details: [], missing: true, findings: [] });
    return { id, missing: true };
  }

  /** Why a reference from `from` to a missing object is broken: the validator's wiring finding naming it, else a plain sentence. */
  whyBroken(from: MutableNode, kind: string, name: string): string {
    const f = (this.wiringByNode.get(from.id) ?? []).find((x) => x.message.includes(`'${name}'`) || x.message.includes(` ${name} `) || x.message.includes(name));
    return f ? `${f.rule}: ${f.message}` : `${kind} '${name}' is not among the inputs`;
  }

  /** An edge to `kind/ns/name`; broken when it is missing, unless `optional` (declared as made elsewhere: drawn as external). */
  ref(from: MutableNode, kind: string, namespace: string, name: string, type: EdgeType, label?: string, optional = false): void {
    const t = this.target(kind, namespace, name, from);
    if (t.missing && optional) {
      this.markExternal(t.id);
      this.addEdge({ from: from.id, to: t.id, type, label });
      return;
    }
    this.addEdge({ from: from.id, to: t.id, type, label, ...(t.missing ? { broken: this.whyBroken(from, kind, name) } : {}) });
  }

  /** An edge to a Secret: to the ExternalSecret / SealedSecret that makes it when the Secret itself is not among the inputs. */
  secretRef(from: MutableNode, ns: string, name: string, type: EdgeType, label?: string): void {
    const maker = this.externalSecretTargets.get(`${ns}/${name}`);
    if (maker && !this.nodes.has(nodeId('Secret', ns, name))) {
      this.addEdge({ from: from.id, to: maker, type, label: label ?? name });
      return;
    }
    // Declared as made elsewhere (helmless.io/external-secrets): drawn, not broken.
    this.ref(from, 'Secret', ns, name, type, label, externalNames(this.entryById.get(from.id)?.o).has(name));
  }

  /** A node made from a part of another object (a claim template): present, with an optional detail. */
  markPresent(id: string, detail?: string): void {
    const n = this.nodes.get(id);
    if (!n) return;
    n.missing = false;
    if (detail && !n.details.includes(detail)) n.details.push(detail);
  }

  /** A node that is not an object of the inputs but is not broken either: a traffic peer, a built-in, one made elsewhere. */
  markExternal(id: string, detail?: string): void {
    const n = this.nodes.get(id)!;
    n.missing = false;
    n.external = true;
    if (detail && !n.details.includes(detail)) n.details.push(detail);
  }

  /** Pods of namespace `ns` a selector (LabelSelector, or a plain map for Services) selects. */
  selectPods(ns: string, selector: Obj, emptyMeansAll = false): Pod[] {
    const byLabel = this.podIndex.get(ns);
    if (!byLabel || !isObj(selector)) return [];
    if (emptyMeansAll && Object.keys(selector).length === 0) return byLabel.get('') ?? [];
    const ml = strMap(selector.matchLabels ?? (selector.matchExpressions === undefined ? selector : undefined));
    let candidates = byLabel.get('') ?? [];
    for (const [k, v] of Object.entries(ml)) {
      const c = byLabel.get(`${k}=${v}`) ?? [];
      if (c.length < candidates.length) candidates = c;
    }
    return candidates.filter((p) => matchesLabels(selector, p.tmpl.labels));
  }

  /** The graph: a workload an autoscaler scales says so; nodes and edges sorted. */
  result(): Graph {
    // A workload whose replicas an autoscaler owns says so instead of the unset count.
    for (const e of this.edges) {
      if (e.type !== 'scales') continue;
      const n = this.nodes.get(e.to);
      if (!n || n.missing) continue;
      const i = n.details.findIndex((d) => d.startsWith('replicas '));
      if (i >= 0) n.details[i] = `replicas ${e.label ?? ''} (autoscaled)`.replace('  ', ' ');
    }
    // ServiceAccounts bound by nothing and used by nothing are still drawn (they are objects); the
    // default ServiceAccount is drawn only when referenced.
    const sortedNodes = [...this.nodes.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const sortedEdges = this.edges.sort((a, b) => {
      const ka = edgeKey(a);
      const kb = edgeKey(b);
      return ka < kb ? -1 : ka > kb ? 1 : 0;
    });
    return { nodes: sortedNodes, edges: sortedEdges };
  }
}
