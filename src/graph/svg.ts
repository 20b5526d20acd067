/**
 * The graph as a standalone SVG picture (laid out by dagre, see layout.ts). Large graphs are drawn
 * collapsed by app. Colours by category; broken references dashed red with the message as a
 * tooltip; missing objects dashed red boxes.
 */
import type { Graph, NodeCategory } from './model';
import { COLLAPSE_ABOVE, collapseByApp, layoutGraph, LINE_HEIGHT } from './layout';

export const CATEGORY_COLOUR: Record<NodeCategory, string> = {
  route: '#f3e8ff', service: '#e0f2fe', workload: '#dcfce7', config: '#fef9c3', secret: '#ffe4e6', storage: '#ede9fe',
  identity: '#e2e8f0', scaling: '#ffedd5', monitoring: '#cffafe', policy: '#f1f5f9', other: '#f5f5f4',
};

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export interface SvgOptions {
  /** Draw one box per app. @default - when the graph has more than COLLAPSE_ABOVE nodes */
  readonly collapse?: boolean;
}

export function renderSvg(graph: Graph, opts: SvgOptions = {}): string {
  const collapse = opts.collapse ?? graph.nodes.length > COLLAPSE_ABOVE;
  const layout = layoutGraph(collapse ? collapseByApp(graph) : graph);
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${layout.width}" height="${layout.height}" viewBox="0 0 ${layout.width} ${layout.height}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>',
    '<marker id="arrow-broken" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#d33"/></marker></defs>',
    `<rect width="100%" height="100%" fill="#fff"/>`,
  ];
  for (const { edge, points } of layout.edges) {
    if (points.length < 2) continue;
    const d = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
    const mid = points[Math.floor(points.length / 2)];
    const label = edge.broken ? `✗ ${edge.type}` : `${edge.type}${edge.label ? ` ${edge.label}` : ''}`;
    const colour = edge.broken ? '#d33' : edge.type === 'allows' ? '#15803d' : '#555';
    out.push(`<g class="edge" data-from="${escapeXml(edge.from)}" data-to="${escapeXml(edge.to)}" data-type="${edge.type}">`
      + `<title>${escapeXml(edge.broken ?? label)}</title>`
      + `<path d="${d}" fill="none" stroke="${colour}" stroke-width="1.2"${edge.broken || ['mounts', 'env', 'pulls', 'runs-as', 'binds', 'grants', 'claims'].includes(edge.type) ? ' stroke-dasharray="5 3"' : ''} marker-end="url(#${edge.broken ? 'arrow-broken' : 'arrow'})"/>`
      + `<text x="${mid.x.toFixed(1)}" y="${(mid.y - 3).toFixed(1)}" text-anchor="middle" font-size="9" fill="${colour}">${escapeXml(label.length > 40 ? `${label.slice(0, 39)}…` : label)}</text></g>`);
  }
  for (const p of layout.nodes) {
    const n = p.node;
    const error = n.findings.some((f) => f.severity === 'error');
    const stroke = n.missing || error ? '#d33' : n.external ? '#999' : '#64748b';
    const dash = n.missing || n.external ? ' stroke-dasharray="5 3"' : '';
    const title = [n.id, ...n.findings.map((f) => `${f.severity} ${f.rule}: ${f.message}`)].join('\n');
    out.push(`<g class="node" data-id="${escapeXml(n.id)}" data-kind="${escapeXml(n.kind)}"><title>${escapeXml(title)}</title>`
      + `<rect x="${p.x.toFixed(1)}" y="${p.y.toFixed(1)}" width="${p.width}" height="${p.height}" rx="6" fill="${n.missing ? '#fee2e2' : CATEGORY_COLOUR[n.category]}" stroke="${stroke}" stroke-width="${error || n.missing ? 2 : 1}"${dash}/>`
      + p.lines.map((l, i) => `<text x="${(p.x + 8).toFixed(1)}" y="${(p.y + 16 + i * LINE_HEIGHT).toFixed(1)}"${i === 0 ? ' font-weight="bold"' : ' fill="#334155"'}>${escapeXml(l)}</text>`).join('')
      + '</g>');
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
