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
import type { Finding, ManifestDocument } from '../validate/types';
import { GraphBuilder } from './builder';
import { objectEdges } from './edges';

export { nodeId, objectNodeId } from './objects';

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

/** Builds the graph of `docs` (List items included). */
export function buildGraph(docs: readonly ManifestDocument[], opts: GraphOptions = {}): Graph {
  const b = new GraphBuilder(opts.namespace ?? 'default');
  // 1. Nodes: one per object (items of a List each), with the validator's findings.
  for (const d of docs) b.addObject(d.object, d);
  b.attachFindings(opts.findings ?? []);
  // 2. Indexes for selection and lookup.
  b.index();
  // 3. Edges per object.
  for (const e of b.entries) objectEdges(b, e);
  return b.result();
}
