/**
 * The graph as one self-contained HTML page: no remote asset (the layout library, dagre, is
 * inlined), pan (drag) and zoom (wheel), grouping by namespace and app (large graphs start
 * collapsed by app; click an app to open it), click an object to see its YAML (secret values
 * hidden) and its findings, and a search box. The page lays out what is visible in the browser,
 * so the CLI's time does not grow with the layout.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Graph } from './model';
import { COLLAPSE_ABOVE, groupIdOf } from './layout';
import { CATEGORY_COLOUR, escapeXml } from './svg';

export interface HtmlOptions {
  readonly title?: string;
  /** YAML of each node (by node id), secret values already hidden. */
  readonly yaml?: ReadonlyMap<string, string>;
  /** Start collapsed by app. @default - when the graph has more than COLLAPSE_ABOVE nodes */
  readonly collapse?: boolean;
}

let dagreSource: string | undefined;
function dagreScript(): string {
  if (dagreSource === undefined) {
    // The package exports no subpath for its browser bundle: find it beside its package.json.
    const file = path.join(path.dirname(require.resolve('@dagrejs/dagre/package.json')), 'dist', 'dagre.min.js');
    // The bundle ends with a source-map comment whose file is not shipped in the page.
    dagreSource = fs.readFileSync(file, 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
  }
  return dagreSource;
}

/** JSON safe inside a <script> element. */
function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function renderHtml(graph: Graph, opts: HtmlOptions = {}): string {
  const collapse = opts.collapse ?? graph.nodes.length > COLLAPSE_ABOVE;
  const data = {
    nodes: graph.nodes.map((n) => ({ ...n, group: groupIdOf(n) })),
    edges: graph.edges,
    yaml: Object.fromEntries(opts.yaml ?? []),
    collapse,
    colours: CATEGORY_COLOUR,
  };
  const title = escapeXml(opts.title ?? 'helmless graph');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<style>
  html, body { margin: 0; height: 100%; font: 13px Helvetica, Arial, sans-serif; color: #0f172a; }
  #bar { display: flex; gap: 8px; align-items: center; padding: 6px 10px; border-bottom: 1px solid #cbd5e1; background: #f8fafc; }
  #bar h1 { font-size: 14px; margin: 0 12px 0 0; }
  #search { width: 260px; padding: 4px 6px; }
  #stats { color: #475569; margin-left: auto; }
  #main { display: flex; height: calc(100% - 38px); }
  #canvas { flex: 1; cursor: grab; background: #fff; }
  #canvas.dragging { cursor: grabbing; }
  #details { width: 420px; border-left: 1px solid #cbd5e1; overflow: auto; padding: 10px; background: #f8fafc; }
  #details pre { background: #fff; border: 1px solid #e2e8f0; padding: 8px; overflow: auto; font-size: 11px; }
  #details .finding { margin: 4px 0; padding: 4px 6px; border-left: 3px solid #d33; background: #fff; }
  #details .finding.warning { border-color: #d97706; }
  .node { cursor: pointer; }
  .node text { pointer-events: none; }
  .node.dim, .edge.dim { opacity: 0.15; }
  .node.match rect { stroke: #2563eb; stroke-width: 3; }
  .node.selected rect { stroke: #0f172a; stroke-width: 3; }
  .cluster rect { fill: none; stroke: #94a3b8; stroke-dasharray: 4 3; }
  .cluster text { fill: #475569; font-size: 11px; }
  button { padding: 3px 8px; }
</style>
</head>
<body>
<div id="bar"><h1>${title}</h1><input id="search" type="search" placeholder="search kind, name, image… (Enter: go to)"><button id="expand">open all apps</button><button id="collapse">close all apps</button><button id="fit">fit</button><span id="stats"></span></div>
<div id="main"><svg id="canvas" xmlns="http://www.w3.org/2000/svg"><defs>
<marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#555"/></marker>
<marker id="arrow-broken" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#d33"/></marker>
</defs><g id="viewport"></g></svg>
<div id="details"><p>Click an object to see its YAML and findings. Drag to pan, wheel to zoom.</p></div></div>
<script id="graph-data" type="application/json">${scriptJson(data)}</script>
<script>${dagreScript()}</script>
<script>${PAGE_SCRIPT}</script>
</body>
</html>
`;
}

/** The page's own script: plain browser JavaScript (no build step, no remote asset). */
const PAGE_SCRIPT = String.raw`
(function () {
  'use strict';
  var DATA = JSON.parse(document.getElementById('graph-data').textContent);
  var SVGNS = 'http://www.w3.org/2000/svg';
  var byId = {};
  DATA.nodes.forEach(function (n) { byId[n.id] = n; });
  var groups = {};
  DATA.nodes.forEach(function (n) { (groups[n.group] = groups[n.group] || []).push(n); });
  var open = {};
  if (!DATA.collapse) Object.keys(groups).forEach(function (g) { open[g] = true; });
  var viewport = document.getElementById('viewport');
  var canvas = document.getElementById('canvas');
  var view = { x: 0, y: 0, k: 1 };
  var selected = null;
  var DASHED = { mounts: 1, env: 1, pulls: 1, 'runs-as': 1, binds: 1, grants: 1, claims: 1 };

  function el(name, attrs, text) {
    var e = document.createElementNS(SVGNS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function clip(s) { return s.length > 30 ? s.slice(0, 29) + '\u2026' : s; }
  function groupName(g) { var p = g.split('/'); return p[2] === 'external' && p[1] === '' ? 'outside the app' : (p[1] ? p[1] + ' / ' : '') + p[2]; }

  /** What is drawn now: objects of open apps, one box per closed app, and the edges between them. */
  function visible() {
    var nodes = [], edges = {}, of = {};
    Object.keys(groups).sort().forEach(function (g) {
      if (open[g]) groups[g].forEach(function (n) { nodes.push(n); of[n.id] = n.id; });
      else {
        var counts = {};
        groups[g].forEach(function (n) { counts[n.kind] = (counts[n.kind] || 0) + 1; of[n.id] = g; });
        var missing = groups[g].filter(function (n) { return n.missing; }).length;
        var lines = Object.keys(counts).sort().map(function (k) { return counts[k] + ' ' + k; });
        nodes.push({ id: g, kind: 'App', name: groupName(g), category: 'workload', details: [lines.join(', ')].concat(missing ? [missing + ' missing'] : []), findings: [], isGroup: true, group: g });
      }
    });
    DATA.edges.forEach(function (e) {
      var a = of[e.from], b = of[e.to];
      if (a === b) return;
      var key = a + '\u0000' + b + '\u0000' + e.type + (a === e.from && b === e.to ? '\u0000' + (e.label || '') : '');
      var x = edges[key] || (edges[key] = { from: a, to: b, type: e.type, label: e.label, broken: e.broken, count: 0 });
      x.count++;
      if (e.broken) x.broken = e.broken;
      if (x.count > 1) x.label = '\u00d7' + x.count;
    });
    return { nodes: nodes, edges: Object.keys(edges).map(function (k) { return edges[k]; }) };
  }

  function draw() {
    var vis = visible();
    var g = new dagre.graphlib.Graph({ multigraph: true, compound: true });
    g.setGraph({ rankdir: 'LR', nodesep: 18, ranksep: 70, marginx: 20, marginy: 20 });
    g.setDefaultEdgeLabel(function () { return {}; });
    var clusters = {};
    vis.nodes.forEach(function (n) {
      var lines = [clip(n.kind + ' ' + n.name)].concat((n.details || []).slice(0, 3).map(clip)).concat(n.missing ? ['missing'] : []);
      n._lines = lines;
      g.setNode(n.id, { width: 190, height: 10 + lines.length * 14 });
      if (!n.isGroup && open[n.group] && Object.keys(open).length > 1) {
        var cid = 'cluster:' + n.group;
        if (!clusters[cid]) { clusters[cid] = true; g.setNode(cid, { label: groupName(n.group) }); }
        g.setParent(n.id, cid);
      }
    });
    vis.edges.forEach(function (e, i) { g.setEdge(e.from, e.to, {}, 'e' + i); });
    dagre.layout(g);
    while (viewport.firstChild) viewport.removeChild(viewport.firstChild);
    Object.keys(clusters).forEach(function (cid) {
      var c = g.node(cid);
      var grp = el('g', { 'class': 'cluster' });
      grp.appendChild(el('rect', { x: c.x - c.width / 2, y: c.y - c.height / 2, width: c.width, height: c.height, rx: 8 }));
      grp.appendChild(el('text', { x: c.x - c.width / 2 + 6, y: c.y - c.height / 2 + 12 }, c.label));
      viewport.appendChild(grp);
    });
    vis.edges.forEach(function (e, i) {
      var pts = (g.edge({ v: e.from, w: e.to, name: 'e' + i }) || {}).points || [];
      if (pts.length < 2) return;
      var d = pts.map(function (p, j) { return (j ? 'L' : 'M') + p.x.toFixed(1) + ',' + p.y.toFixed(1); }).join(' ');
      var colour = e.broken ? '#d33' : e.type === 'allows' ? '#15803d' : '#555';
      var grp = el('g', { 'class': 'edge' + (e.broken ? ' broken' : ''), 'data-from': e.from, 'data-to': e.to, 'data-type': e.type });
      grp.appendChild(el('title', {}, e.broken || (e.type + (e.label ? ' ' + e.label : ''))));
      var path = el('path', { d: d, fill: 'none', stroke: colour, 'stroke-width': 1.2, 'marker-end': 'url(#' + (e.broken ? 'arrow-broken' : 'arrow') + ')' });
      if (e.broken || DASHED[e.type]) path.setAttribute('stroke-dasharray', '5 3');
      grp.appendChild(path);
      var mid = pts[Math.floor(pts.length / 2)];
      var label = e.broken ? '\u2717 ' + e.type : e.type + (e.label ? ' ' + e.label : '');
      grp.appendChild(el('text', { x: mid.x, y: mid.y - 3, 'text-anchor': 'middle', 'font-size': 9, fill: colour }, label.length > 40 ? label.slice(0, 39) + '\u2026' : label));
      viewport.appendChild(grp);
    });
    vis.nodes.forEach(function (n) {
      var p = g.node(n.id);
      var error = (n.findings || []).some(function (f) { return f.severity === 'error'; });
      var grp = el('g', { 'class': 'node' + (n.isGroup ? ' group' : '') + (n.id === selected ? ' selected' : ''), 'data-id': n.id, 'data-kind': n.kind });
      var rect = el('rect', { x: p.x - p.width / 2, y: p.y - p.height / 2, width: p.width, height: p.height, rx: n.isGroup ? 2 : 6,
        fill: n.missing ? '#fee2e2' : (DATA.colours[n.category] || '#fff'), stroke: n.missing || error ? '#d33' : n.external ? '#999' : '#64748b', 'stroke-width': n.missing || error || n.isGroup ? 2 : 1 });
      if (n.missing || n.external) rect.setAttribute('stroke-dasharray', '5 3');
      grp.appendChild(rect);
      n._lines.forEach(function (l, i) {
        var t = el('text', { x: p.x - p.width / 2 + 8, y: p.y - p.height / 2 + 16 + i * 14, 'font-size': 11 }, l);
        if (i === 0) t.setAttribute('font-weight', 'bold');
        grp.appendChild(t);
      });
      grp.addEventListener('click', function (ev) { ev.stopPropagation(); if (n.isGroup) { open[n.group] = true; draw(); } else show(n); });
      viewport.appendChild(grp);
    });
    var info = g.graph();
    layoutSize = { w: info.width || 1, h: info.height || 1 };
    document.getElementById('stats').textContent = DATA.nodes.length + ' objects, ' + DATA.edges.length + ' edges' + (Object.keys(groups).some(function (k) { return !open[k]; }) ? ' (closed apps: click to open)' : '');
    applySearch();
    return g;
  }

  var layoutSize = { w: 1, h: 1 };
  function apply() { viewport.setAttribute('transform', 'translate(' + view.x + ',' + view.y + ') scale(' + view.k + ')'); }
  function fit() {
    var r = canvas.getBoundingClientRect();
    view.k = Math.min(1.5, Math.max(0.05, Math.min(r.width / layoutSize.w, r.height / layoutSize.h)));
    view.x = (r.width - layoutSize.w * view.k) / 2;
    view.y = (r.height - layoutSize.h * view.k) / 2;
    apply();
  }

  function show(n) {
    selected = n.id;
    Array.prototype.forEach.call(document.querySelectorAll('.node'), function (e) { e.classList.toggle('selected', e.getAttribute('data-id') === n.id); });
    var box = document.getElementById('details');
    while (box.firstChild) box.removeChild(box.firstChild);
    var h = document.createElement('h2'); h.textContent = n.kind + ' ' + n.name; box.appendChild(h);
    var meta = document.createElement('p');
    meta.textContent = (n.namespace ? 'namespace ' + n.namespace + ' \u00b7 ' : '') + (n.app ? 'app ' + n.app + ' \u00b7 ' : '') + (n.missing ? 'not among the inputs' : n.external ? 'outside the inputs' : (n.source ? n.source.file + ' #' + n.source.documentIndex : ''));
    box.appendChild(meta);
    var related = DATA.edges.filter(function (e) { return e.from === n.id || e.to === n.id; });
    related.filter(function (e) { return e.broken; }).forEach(function (e) {
      var d = document.createElement('div'); d.className = 'finding'; d.textContent = '\u2717 ' + e.type + ' \u2192 ' + e.to + ': ' + e.broken; box.appendChild(d);
    });
    (n.findings || []).forEach(function (f) {
      var d = document.createElement('div'); d.className = 'finding ' + f.severity; d.textContent = f.severity + ' ' + f.rule + (f.path ? ' ' + f.path : '') + ': ' + f.message; box.appendChild(d);
    });
    if (DATA.yaml[n.id]) { var pre = document.createElement('pre'); pre.textContent = DATA.yaml[n.id]; box.appendChild(pre); }
    var ul = document.createElement('ul');
    related.forEach(function (e) { var li = document.createElement('li'); li.textContent = (e.from === n.id ? e.type + ' \u2192 ' + e.to : e.from + ' \u2192 ' + e.type) + (e.label ? ' (' + e.label + ')' : ''); ul.appendChild(li); });
    box.appendChild(ul);
  }

  var search = document.getElementById('search');
  function matches(n, q) {
    return (n.kind + ' ' + n.name + ' ' + (n.namespace || '') + ' ' + (n.app || '') + ' ' + (n.details || []).join(' ')).toLowerCase().indexOf(q) >= 0;
  }
  function applySearch() {
    var q = search.value.trim().toLowerCase();
    Array.prototype.forEach.call(document.querySelectorAll('.node'), function (e) {
      var id = e.getAttribute('data-id');
      var n = byId[id] || (groups[id] ? { kind: 'App', name: id, details: groups[id].map(function (m) { return m.kind + ' ' + m.name; }) } : null);
      var hit = q !== '' && n && matches(n, q);
      e.classList.toggle('match', !!hit);
      e.classList.toggle('dim', q !== '' && !hit);
    });
    Array.prototype.forEach.call(document.querySelectorAll('.edge'), function (e) { e.classList.toggle('dim', q !== ''); });
  }
  search.addEventListener('input', applySearch);
  search.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter') return;
    var q = search.value.trim().toLowerCase();
    var hit = DATA.nodes.filter(function (n) { return matches(n, q); })[0];
    if (!hit) return;
    if (!open[hit.group]) { open[hit.group] = true; draw(); }
    var e = document.querySelector('.node[data-id="' + CSS.escape(hit.id) + '"] rect');
    if (!e) return;
    var r = canvas.getBoundingClientRect();
    view.k = 1;
    view.x = r.width / 2 - (Number(e.getAttribute('x')) + 95);
    view.y = r.height / 2 - Number(e.getAttribute('y'));
    apply();
    show(hit);
  });

  var drag = null;
  canvas.addEventListener('mousedown', function (ev) { drag = { x: ev.clientX - view.x, y: ev.clientY - view.y }; canvas.classList.add('dragging'); });
  window.addEventListener('mousemove', function (ev) { if (!drag) return; view.x = ev.clientX - drag.x; view.y = ev.clientY - drag.y; apply(); });
  window.addEventListener('mouseup', function () { drag = null; canvas.classList.remove('dragging'); });
  canvas.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var r = canvas.getBoundingClientRect();
    var mx = ev.clientX - r.left, my = ev.clientY - r.top;
    var k = Math.min(4, Math.max(0.05, view.k * Math.pow(1.0015, -ev.deltaY)));
    view.x = mx - (mx - view.x) * (k / view.k);
    view.y = my - (my - view.y) * (k / view.k);
    view.k = k;
    apply();
  }, { passive: false });
  document.getElementById('expand').addEventListener('click', function () { Object.keys(groups).forEach(function (g) { open[g] = true; }); draw(); fit(); });
  document.getElementById('collapse').addEventListener('click', function () { open = {}; draw(); fit(); });
  document.getElementById('fit').addEventListener('click', fit);

  draw();
  fit();
  window.helmlessGraph = { ready: true, open: open, draw: draw };
})();
`;
