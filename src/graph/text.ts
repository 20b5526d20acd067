/**
 * The graph as text diagrams: Mermaid (a flowchart GitHub renders in a pull request comment) and
 * Graphviz DOT. Both group nodes by namespace, then by app; broken references are dashed red edges
 * labelled with the validator's message, missing objects dashed red boxes.
 */
import type { EdgeType, Graph, GraphEdge, GraphNode, NodeCategory } from './model';

export interface TextDiagramOptions {
  /** Longest edge label or message kept, in characters. @default 60 */
  readonly maxLabel?: number;
  /** Node ids to mark as added / removed / changed (the diff's graph). */
  readonly marks?: ReadonlyMap<string, 'added' | 'removed' | 'changed'>;
  /** Edge keys (`from→to:type`) to mark as added / removed. */
  readonly edgeMarks?: ReadonlyMap<string, 'added' | 'removed'>;
}

export function edgeKey(e: GraphEdge): string {
  return `${e.from}→${e.to}:${e.type}`;
}

function short(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Mermaid label text: quotes and markup characters as entity codes. */
function mm(text: string): string {
  return text.replace(/&/g, '#amp;').replace(/"/g, '#quot;').replace(/</g, '#lt;').replace(/>/g, '#gt;').replace(/\|/g, '#124;').replace(/[\r\n]+/g, ' ');
}

const MERMAID_SHAPE: Record<NodeCategory, [string, string]> = {
  route: ['>', ']'], service: ['([', '])'], workload: ['[', ']'], config: ['[/', '/]'], secret: ['[/', '\\]'],
  storage: ['[(', ')]'], identity: ['{{', '}}'], scaling: ['[\\', '/]'], monitoring: ['((', '))'], policy: ['[[', ']]'], other: ['[', ']'],
};

const EDGE_VERB: Record<EdgeType, string> = {
  routes: 'routes', parent: 'attached to', selects: 'selects', mounts: 'mounts', env: 'env', connects: 'connects', pulls: 'pulls with',
  'runs-as': 'runs as', binds: 'binds', grants: 'grants', claims: 'claims', scales: 'scales', protects: 'protects', scrapes: 'scrapes',
  allows: 'allows', creates: 'creates',
};

/** Nodes grouped by namespace, then app ('' = none), both sorted. */
export function groups(graph: Graph): Map<string, Map<string, GraphNode[]>> {
  const out = new Map<string, Map<string, GraphNode[]>>();
  for (const n of graph.nodes) {
    const ns = n.external ? '' : n.namespace;
    const byApp = out.get(ns) ?? new Map<string, GraphNode[]>();
    out.set(ns, byApp);
    const app = n.external ? '' : n.app;
    const arr = byApp.get(app) ?? [];
    arr.push(n);
    byApp.set(app, arr);
  }
  return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

export function nodeTitle(n: GraphNode): string {
  return `${n.kind} ${n.name}`;
}

export function renderMermaid(graph: Graph, opts: TextDiagramOptions = {}): string {
  const max = opts.maxLabel ?? 60;
  const ids = new Map<string, string>();
  graph.nodes.forEach((n, i) => ids.set(n.id, `n${i}`));
  const lines = ['flowchart LR'];
  let g = 0;
  const nodeLine = (n: GraphNode, indent: string): string => {
    const [open, close] = MERMAID_SHAPE[n.category];
    const mark = opts.marks?.get(n.id);
    const text = [nodeTitle(n), ...n.details.slice(0, 3).map((d) => short(d, max)), ...(n.missing ? ['missing'] : []), ...(mark ? [mark] : [])];
    const cls = n.missing ? ':::missing' : mark ? `:::${mark}` : n.findings.some((f) => f.severity === 'error') ? ':::error' : n.external ? ':::external' : '';
    return `${indent}${ids.get(n.id)}${open}"${text.map(mm).join('<br/>')}"${close}${cls}`;
  };
  for (const [ns, byApp] of groups(graph)) {
    const nsOpen = ns !== '';
    if (nsOpen) lines.push(`  subgraph g${g++}["namespace ${mm(ns)}"]`);
    for (const [app, nodes] of [...byApp.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const appOpen = app !== '' && byApp.size > 1;
      const indent = `${nsOpen ? '    ' : '  '}${appOpen ? '  ' : ''}`;
      if (appOpen) lines.push(`${nsOpen ? '    ' : '  '}subgraph g${g++}["app ${mm(app)}"]`);
      for (const n of nodes) lines.push(nodeLine(n, indent));
      if (appOpen) lines.push(`${nsOpen ? '    ' : '  '}end`);
    }
    if (nsOpen) lines.push('  end');
  }
  const styles: string[] = [];
  graph.edges.forEach((e, i) => {
    const mark = opts.edgeMarks?.get(edgeKey(e));
    const label = e.broken ? `✗ ${short(e.broken, max)}` : [EDGE_VERB[e.type], e.label ? short(e.label, max) : ''].filter((x) => x !== '').join(' ');
    const arrow = e.broken ? '-.->' : ['mounts', 'env', 'pulls', 'runs-as', 'binds', 'grants', 'claims'].includes(e.type) ? '-.->' : e.type === 'allows' ? '==>' : '-->';
    lines.push(`  ${ids.get(e.from)} ${arrow}|"${mm(mark ? `${mark}: ${label}` : label)}"| ${ids.get(e.to)}`);
    if (e.broken || mark === 'removed') styles.push(`  linkStyle ${i} stroke:#d33,stroke-width:2px`);
    else if (mark === 'added') styles.push(`  linkStyle ${i} stroke:#2a2,stroke-width:2px`);
  });
  lines.push(...styles);
  lines.push(
    '  classDef missing stroke:#d33,stroke-width:2px,stroke-dasharray:5 3,fill:#fee',
    '  classDef error stroke:#d33,stroke-width:2px',
    '  classDef external stroke:#888,stroke-dasharray:3 3,fill:#f6f6f6',
    '  classDef added stroke:#2a2,stroke-width:2px,fill:#efe',
    '  classDef removed stroke:#d33,stroke-width:2px,fill:#fee,stroke-dasharray:5 3',
    '  classDef changed stroke:#d90,stroke-width:2px,fill:#ffd',
  );
  return `${lines.join('\n')}\n`;
}

/** DOT string literal. */
function dq(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/[\r\n]+/g, ' ')}"`;
}

const DOT_SHAPE: Record<NodeCategory, string> = {
  route: 'cds', service: 'ellipse', workload: 'box3d', config: 'note', secret: 'folder', storage: 'cylinder', identity: 'hexagon',
  scaling: 'trapezium', monitoring: 'doublecircle', policy: 'octagon', other: 'box',
};

export function renderDot(graph: Graph, opts: TextDiagramOptions = {}): string {
  const max = opts.maxLabel ?? 60;
  const lines = ['digraph app {', '  rankdir=LR;', '  node [fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=9];'];
  let g = 0;
  for (const [ns, byApp] of groups(graph)) {
    if (ns !== '') lines.push(`  subgraph cluster_${g++} {`, `    label=${dq(`namespace ${ns}`)};`);
    for (const [app, nodes] of byApp) {
      const appOpen = app !== '' && byApp.size > 1;
      if (appOpen) lines.push(`    subgraph cluster_${g++} {`, `      label=${dq(`app ${app}`)};`);
      for (const n of nodes) {
        const label = [nodeTitle(n), ...n.details.slice(0, 3).map((d) => short(d, max)), ...(n.missing ? ['missing'] : [])].join('\\n');
        const style = n.missing ? ', style=dashed, color=red' : n.external ? ', style=dashed, color=gray' : n.findings.some((f) => f.severity === 'error') ? ', color=red' : '';
        lines.push(`      ${dq(n.id)} [label=${dq(label).replace(/\\\\n/g, '\\n')}, shape=${DOT_SHAPE[n.category]}${style}];`);
      }
      if (appOpen) lines.push('    }');
    }
    if (ns !== '') lines.push('  }');
  }
  for (const e of graph.edges) {
    const label = e.broken ? `✗ ${short(e.broken, max)}` : [EDGE_VERB[e.type], e.label ? short(e.label, max) : ''].filter((x) => x !== '').join(' ');
    const style = e.broken ? ', style=dashed, color=red, fontcolor=red' : ['mounts', 'env', 'pulls', 'runs-as', 'binds', 'grants', 'claims'].includes(e.type) ? ', style=dashed' : e.type === 'allows' ? ', color=darkgreen' : '';
    lines.push(`  ${dq(e.from)} -> ${dq(e.to)} [label=${dq(label)}${style}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
