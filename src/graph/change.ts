/**
 * The graph of a change, for `helmless diff --output markdown`: the objects a change adds, removes
 * or changes (beyond labels and annotations), the edges it adds or removes, and their neighbours,
 * as a Mermaid flowchart small enough for a pull-request comment.
 */
import type { DiffReport } from '../diff/types';
import type { ManifestDocument } from '../validate/types';
import { buildGraph, Graph, GraphEdge, GraphNode } from './model';
import { edgeKey, renderMermaid } from './text';

/** Above this many nodes the change graph is left out of the comment (it would not be readable there). */
export const CHANGE_GRAPH_MAX_NODES = 40;

const METADATA_ONLY = /^(spec\.(jobTemplate\.spec\.)?template\.)?metadata\.(labels|annotations)\b/;

export interface ChangeGraph {
  /** The Mermaid text, or undefined when nothing drawable changed or it is too large. */
  readonly mermaid?: string;
  /** Why there is no drawing, when there is none. */
  readonly note?: string;
  readonly nodes: number;
}

export function changeGraph(base: readonly ManifestDocument[], head: readonly ManifestDocument[], report: DiffReport): ChangeGraph {
  const before = buildGraph(base);
  const after = buildGraph(head);
  const find = (g: Graph, kind: string, namespace: string, name: string): GraphNode | undefined =>
    g.nodes.find((n) => n.kind === kind && n.name === name && (n.namespace === namespace || (namespace === '' && (n.namespace === 'default' || n.namespace === ''))) && !n.missing && !n.external);
  const marks = new Map<string, 'added' | 'removed' | 'changed'>();
  const nodes = new Map<string, GraphNode>();
  for (const o of report.objects) {
    if (o.change === 'changed' && o.fields.every((f) => METADATA_ONLY.test(f.path))) continue;
    const n = o.change === 'removed' ? find(before, o.kind, o.namespace, o.name) : find(after, o.kind, o.namespace, o.name);
    if (!n) continue;
    marks.set(n.id, o.change === 'added' ? 'added' : o.change === 'removed' ? 'removed' : 'changed');
    nodes.set(n.id, n);
  }
  const beforeKeys = new Map(before.edges.map((e) => [edgeKey(e), e]));
  const afterKeys = new Map(after.edges.map((e) => [edgeKey(e), e]));
  const edgeMarks = new Map<string, 'added' | 'removed'>();
  const edges: GraphEdge[] = [];
  const nodeOf = (id: string): GraphNode | undefined => after.nodes.find((n) => n.id === id) ?? before.nodes.find((n) => n.id === id);
  for (const [k, e] of afterKeys) if (!beforeKeys.has(k)) { edgeMarks.set(k, 'added'); edges.push(e); }
  for (const [k, e] of beforeKeys) if (!afterKeys.has(k)) { edgeMarks.set(k, 'removed'); edges.push(e); }
  for (const e of edges) for (const id of [e.from, e.to]) if (!nodes.has(id)) { const n = nodeOf(id); if (n) nodes.set(id, n); }
  // Context: the unchanged edges between the nodes shown.
  for (const [k, e] of afterKeys) if (beforeKeys.has(k) && nodes.has(e.from) && nodes.has(e.to)) edges.push(e);
  if (nodes.size === 0) return { nodes: 0, note: 'no object or edge changed beyond labels and annotations' };
  if (nodes.size > CHANGE_GRAPH_MAX_NODES) return { nodes: nodes.size, note: `${nodes.size} objects take part in this change: too many to draw in a comment (run helmless graph on both sides)` };
  const sorted = [...nodes.values()].sort((a, b) => (a.id < b.id ? -1 : 1));
  return { nodes: nodes.size, mermaid: renderMermaid({ nodes: sorted, edges }, { marks, edgeMarks }) };
}

/** The Markdown section of the change graph (a collapsed <details> block). */
export function changeGraphMarkdown(base: readonly ManifestDocument[], head: readonly ManifestDocument[], report: DiffReport): string {
  const g = changeGraph(base, head, report);
  if (!g.mermaid) return `\n#### Wiring\n\n${g.note}.\n`;
  return `\n<details open><summary>Wiring of this change (${g.nodes} objects: green added, red removed, orange changed)</summary>\n\n\`\`\`mermaid\n${g.mermaid}\`\`\`\n\n</details>\n`;
}
