// `helmless graph [FILES|DIRS|-]`: draws the app's wiring from its manifests (see src/graph/).
import * as fs from 'fs';
import * as path from 'path';
import type { CliIO, Command } from './main';
import { tokenizeArgs, UsageError } from './args';
import { readProjectConfig } from '../synth/config';

const HELP = `Usage: helmless graph [FILE|DIR|-]... [options]

Draws the app from its manifests, before anything is applied: routes and Ingresses, Services,
workloads (replicas, images), ConfigMaps, secret sources (never their values), claims and claim
templates, ServiceAccounts and their RBAC, autoscalers and disruption budgets, monitors; and the
edges between them: routing, selection, mounts, env references, connections (a Service's host in
an env var), scraping, and the traffic NetworkPolicies allow. A reference to an object that is not
among the inputs is drawn broken (dashed red), with the validator's finding.

Options:
  -o, --output <format>        mermaid (default; a flowchart GitHub renders in a PR comment),
                               html (one self-contained page: pan, zoom, search, click for YAML),
                               svg, dot (Graphviz) or json
      --out <file>             write to <file> instead of standard output
      --namespace <ns>         namespace of objects that name none (default: default)
      --kubernetes-version <v> version the findings are checked against (default: the project's, else the newest)
      --collapse / --no-collapse   draw one box per app (default: above 150 objects)
  -h, --help                   show this help

Exit codes: 0 drawn (broken references included), 2 usage error or unreadable input.
`;

const FORMATS = new Set(['mermaid', 'html', 'svg', 'dot', 'json']);

export const command: Command = {
  summary: 'draw the wiring of manifests (mermaid, html, svg, dot, json)',
  help: HELP,
  async run(args: readonly string[], io: CliIO): Promise<number> {
    const err = (line: string): void => { io.stderr.write(`helmless graph: ${line}\n`); };
    let paths: string[];
    let format = 'mermaid';
    let out: string | undefined;
    let namespace: string | undefined;
    let version: string | undefined;
    let collapse: boolean | undefined;
    try {
      const parsed = tokenizeArgs(args, { booleans: new Set(['collapse', 'no-collapse']), values: new Set(['output', 'o', 'out', 'namespace', 'kubernetes-version']), command: 'graph' });
      paths = parsed.paths;
      for (const f of parsed.flags) {
        if (f.name === 'output' || f.name === 'o') {
          if (!FORMATS.has(String(f.value))) throw new UsageError(`--output must be mermaid, html, svg, dot or json, got '${f.value}'`);
          format = String(f.value);
        } else if (f.name === 'out') out = String(f.value);
        else if (f.name === 'namespace') namespace = String(f.value);
        else if (f.name === 'kubernetes-version') version = String(f.value);
        else if (f.name === 'collapse') collapse = f.value === true;
        else if (f.name === 'no-collapse') collapse = f.value !== true;
      }
    } catch (e) {
      if (e instanceof UsageError) {
        err(`${e.message}. Run 'helmless graph --help'.`);
        return 2;
      }
      throw e;
    }
    if (paths.length === 0) {
      if ((io.stdin as { isTTY?: boolean }).isTTY) {
        err("no input: give files or directories (e.g. dist/prod), or '-' for standard input");
        return 2;
      }
      paths = ['-'];
    }
    const v = await import('../validate');
    let resolved: string;
    try {
      resolved = v.resolveVersion(version ?? (fs.existsSync(path.join(io.cwd, 'cdk8s.yaml')) ? readProjectConfig(io.cwd).kubernetesVersion : undefined));
    } catch (e) {
      err((e as Error).message);
      return 2;
    }
    const input = await v.readInputs(paths, { cwd: io.cwd, stdin: io.stdin });
    const bad = input.findings.find((f) => f.rule.startsWith('input/'));
    if (bad) {
      err(`${bad.file}: ${bad.message}`);
      return 2;
    }
    const findings = v.validateDocuments(input.docs, { kubernetesVersion: resolved, evidence: 'partial' });
    const g = await import('../graph');
    const graph = g.graphOf({ docs: input.docs, findings: [...input.findings, ...findings], namespace });
    let text: string;
    if (format === 'mermaid') text = g.renderMermaid(graph);
    else if (format === 'dot') text = g.renderDot(graph);
    else if (format === 'svg') text = g.renderSvg(graph, { collapse });
    else if (format === 'json') text = `${JSON.stringify(graph, null, 2)}\n`;
    else text = g.renderHtml(graph, { title: `helmless graph: ${paths.join(' ')}`, yaml: g.objectYaml(input.docs, namespace), collapse });
    if (out) {
      fs.mkdirSync(path.dirname(path.resolve(io.cwd, out)), { recursive: true });
      fs.writeFileSync(path.resolve(io.cwd, out), text);
      io.stderr.write(`helmless graph: ${graph.nodes.length} nodes, ${graph.edges.length} edges (${graph.edges.filter((e) => e.broken).length} broken) -> ${out}\n`);
    } else {
      io.stdout.write(text);
    }
    return 0;
  },
};
