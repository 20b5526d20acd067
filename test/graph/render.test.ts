import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { buildGraph, renderDot, renderHtml, renderMermaid, renderSvg } from '../../src/graph';
import { parseManifests } from '../../src/validate/parse/yaml';
import { validateDocuments } from '../../src/validate';
import { command } from '../../src/cli/graph';
import type { CliIO } from '../../src/cli/main';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'graph', 'app.yaml');
const { docs } = parseManifests(fs.readFileSync(FIXTURE, 'utf8'), 'app.yaml');
const graph = buildGraph(docs, { findings: validateDocuments(docs, { kubernetesVersion: '1.35', evidence: 'partial' }) });

function io(): CliIO & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: { write: (s: string) => { out += s; return true; } } as unknown as NodeJS.WritableStream,
    stderr: { write: (s: string) => { err += s; return true; } } as unknown as NodeJS.WritableStream,
    stdin: { isTTY: true } as unknown as NodeJS.ReadableStream,
    cwd: path.join(__dirname, '..', '..'), env: {},
    out: () => out, err: () => err,
  };
}

describe('graph renderers', () => {
  it('GIVEN the graph WHEN rendered as Mermaid THEN a flowchart with a subgraph per namespace, one line per node and edge, the broken edge dashed red with its message', () => {
    const m = renderMermaid(graph);
    expect(m.startsWith('flowchart LR\n')).toBe(true);
    expect(m).toMatch(/subgraph g\d+\["namespace tickets"\]/);
    const nodeLines = m.split('\n').filter((l) => /^\s+n\d+[[({>/\\]/.test(l));
    expect(nodeLines).toHaveLength(graph.nodes.length);
    const edgeLines = m.split('\n').filter((l) => /^\s+n\d+ (-->|-\.->|==>)\|/.test(l));
    expect(edgeLines).toHaveLength(graph.edges.length);
    expect(m).toMatch(/-\.->\|"✗ wiring\/missing-configmap: Deployment #quot;api#quot; reads ConfigMap/);
    expect(m).toMatch(/linkStyle \d+ stroke:#d33/);
    expect(m).toMatch(/:::missing/);
  });

  it('GIVEN the graph WHEN rendered as DOT THEN clusters per namespace and every node and edge are there, quotes escaped', () => {
    const d = renderDot(graph);
    expect(d).toMatch(/^digraph app \{/);
    expect(d).toMatch(/subgraph cluster_\d+ \{\n\s+label="namespace tickets";/);
    expect(d.match(/ -> /g)).toHaveLength(graph.edges.length);
    expect(d).toMatch(/✗ wiring\/missing-configmap: Deployment \\"api\\" reads/);
  });

  it('GIVEN the graph WHEN rendered as SVG THEN every node and edge is drawn, laid out inside the picture', () => {
    const s = renderSvg(graph);
    expect(s.match(/<g class="node"/g)).toHaveLength(graph.nodes.length);
    expect(s.match(/<g class="edge"/g)).toHaveLength(graph.edges.length);
    const [, w, h] = /viewBox="0 0 (\d+) (\d+)"/.exec(s)!;
    for (const m of s.matchAll(/<rect x="([\d.]+)" y="([\d.]+)" width="(\d+)" height="(\d+)" rx/g)) {
      expect(Number(m[1]) + Number(m[3])).toBeLessThanOrEqual(Number(w) + 1);
      expect(Number(m[2]) + Number(m[4])).toBeLessThanOrEqual(Number(h) + 1);
    }
  });

  it('GIVEN the graph WHEN rendered as HTML THEN one page with no remote asset, the data inline and no "</script" inside it', () => {
    const h = renderHtml(graph, { title: 'tickets' });
    expect(h).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    expect(h).not.toMatch(/@import|url\(http/);
    const data = /<script id="graph-data" type="application\/json">([\s\S]*?)<\/script>/.exec(h)![1];
    expect(JSON.parse(data).nodes).toHaveLength(graph.nodes.length);
  });
});

describe('helmless graph', () => {
  it('GIVEN the fixture WHEN graphed as JSON THEN exit 0 and the nodes and edges of the model', async () => {
    const c = io();
    expect(await command.run([FIXTURE, '-o', 'json'], c)).toBe(0);
    expect(JSON.parse(c.out()).edges).toHaveLength(graph.edges.length);
  });

  it('GIVEN a bad format or no input WHEN run THEN exit 2 with one line naming the fix', async () => {
    const c = io();
    expect(await command.run([FIXTURE, '-o', 'png'], c)).toBe(2);
    expect(c.err()).toBe("helmless graph: --output must be mermaid, html, svg, dot or json, got 'png'. Run 'helmless graph --help'.\n");
    const d = io();
    expect(await command.run([], d)).toBe(2);
    expect(d.err()).toMatch(/no input: give files or directories/);
  });
});

describe('helmless synth --graph', () => {
  it('GIVEN a project WHEN synthesised with --graph app.mmd THEN dist/ is written and the graph of what was written is drawn as Mermaid', async () => {
    const { fixtureProject, runCli } = await import('../synth/helpers');
    const dir = fixtureProject();
    const r = await runCli(['synth', '--graph', 'graph/app.mmd'], { cwd: dir });
    expect(r.status, r.stderr).toBe(0);
    const m = fs.readFileSync(path.join(dir, 'graph', 'app.mmd'), 'utf8');
    expect(m.startsWith('flowchart LR\n')).toBe(true);
    expect(m).toMatch(/Deployment web/);
  });
});
