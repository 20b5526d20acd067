/**
 * `helmless graph`: the app's topology from its manifests. buildGraph reads the objects and their
 * references; the renderers draw it as Mermaid, DOT, SVG, a self-contained HTML page or JSON.
 */
import { emitYaml } from '../emit-yaml';
import { isHiddenToken, SecretMasker } from '../diff/secrets';
import type { Finding, ManifestDocument } from '../validate/types';
import { buildGraph, Graph, nodeId, objectNodeId } from './model';

export { buildGraph, nodeId } from './model';
export type { EdgeType, Graph, GraphEdge, GraphNode, GraphOptions, NodeCategory } from './model';
export { renderMermaid, renderDot, edgeKey } from './text';
export { renderSvg } from './svg';
export { renderHtml } from './html';
export { collapseByApp, layoutGraph, COLLAPSE_ABOVE } from './layout';

export const GRAPH_FORMATS = ['mermaid', 'html', 'svg', 'dot', 'json'] as const;
export type GraphFormat = (typeof GRAPH_FORMATS)[number];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Obj = any;

/** A copy of `v` with every masked secret leaf shown as '(value hidden)'. */
function unmaskToText(v: unknown): unknown {
  if (isHiddenToken(v)) return '(value hidden)';
  if (Array.isArray(v)) return v.map(unmaskToText);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unmaskToText(x)]));
  return v;
}

/** The YAML of each object of the graph, secret values hidden (Secret data, credential-looking env values, inline credentials). */
export function objectYaml(docs: readonly ManifestDocument[], namespace = 'default'): Map<string, string> {
  const masker = new SecretMasker();
  const out = new Map<string, string>();
  const visit = (o: Obj): void => {
    if (!o || typeof o !== 'object' || Array.isArray(o) || typeof o.kind !== 'string') return;
    if (o.kind.endsWith('List') && Array.isArray(o.items)) {
      o.items.forEach(visit);
      return;
    }
    const id = objectNodeId(o, namespace);
    if (!id || out.has(id)) return;
    const rest = { ...o };
    delete rest.status;
    out.set(id, emitYaml(unmaskToText(masker.mask(rest))));
  };
  for (const d of docs) visit(d.object);
  return out;
}

export interface GraphInput {
  readonly docs: readonly ManifestDocument[];
  readonly findings?: readonly Finding[];
  readonly namespace?: string;
}

export function graphOf(input: GraphInput): Graph {
  return buildGraph(input.docs, { namespace: input.namespace, findings: input.findings });
}

export { nodeId as graphNodeId };
