import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { buildGraph, collapseByApp, Graph, objectYaml } from '../../src/graph';
import { parseManifests } from '../../src/validate/parse/yaml';
import { validateDocuments } from '../../src/validate';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'graph', 'app.yaml');

function load(): { graph: Graph; docs: ReturnType<typeof parseManifests>['docs'] } {
  const { docs } = parseManifests(fs.readFileSync(FIXTURE, 'utf8'), 'app.yaml');
  const findings = validateDocuments(docs, { kubernetesVersion: '1.35', evidence: 'partial' });
  return { graph: buildGraph(docs, { findings }), docs };
}

function edge(g: Graph, from: string, to: string, type: string) {
  return g.edges.find((e) => e.from === from && e.to === to && e.type === type);
}

describe('graph model', () => {
  const { graph, docs } = load();

  it('GIVEN an HTTPRoute and an Ingress WHEN drawn THEN each routes to its Service with host, path and port, and the route is attached to its (external) Gateway', () => {
    expect(edge(graph, 'HTTPRoute/tickets/api', 'Service/tickets/api', 'routes')?.label).toBe('/api → 80');
    expect(edge(graph, 'Ingress/tickets/legacy', 'Service/tickets/api', 'routes')?.label).toBe('old.example.com/ → http');
    const gw = edge(graph, 'HTTPRoute/tickets/api', 'Gateway/gateway-system/public', 'parent');
    expect(gw?.broken).toBeUndefined();
    expect(graph.nodes.find((n) => n.id === 'Gateway/gateway-system/public')).toMatchObject({ external: true, missing: false });
  });

  it('GIVEN Services WHEN drawn THEN each selects the workloads whose pod labels match, in its namespace', () => {
    expect(edge(graph, 'Service/tickets/api', 'Deployment/tickets/api', 'selects')?.label).toBe('http');
    expect(edge(graph, 'Service/tickets/db', 'StatefulSet/tickets/db', 'selects')).toBeDefined();
    expect(graph.edges.filter((e) => e.from === 'Service/tickets/cache')).toEqual([]); // selects nothing
  });

  it('GIVEN env and volume references WHEN drawn THEN mounts, env, pulls, claims and runs-as edges appear, one per pair with the keys joined', () => {
    expect(edge(graph, 'Deployment/tickets/api', 'ConfigMap/tickets/api-config', 'env')?.label).toBe('envFrom');
    expect(edge(graph, 'Deployment/tickets/api', 'PersistentVolumeClaim/tickets/uploads', 'claims')).toBeDefined();
    expect(edge(graph, 'Deployment/tickets/api', 'Secret/tickets/registry', 'pulls')).toBeDefined();
    expect(edge(graph, 'Deployment/tickets/api', 'ServiceAccount/tickets/api', 'runs-as')).toBeDefined();
    expect(edge(graph, 'StatefulSet/tickets/db', 'ClaimTemplate/tickets/data (db)', 'claims')).toBeDefined();
  });

  it('GIVEN a secretKeyRef to a Secret an ExternalSecret makes WHEN drawn THEN the edge goes to the ExternalSecret, and no Secret value is in the graph', () => {
    expect(edge(graph, 'Deployment/tickets/api', 'ExternalSecret/tickets/db-credentials', 'env')?.label).toBe('DB_PASSWORD');
    expect(graph.nodes.some((n) => n.id === 'Secret/tickets/db-credentials')).toBe(false);
    expect(JSON.stringify(graph)).not.toMatch(/eyJhdXRocyI6e319|not-a-real-token/);
  });

  it('GIVEN host env vars naming Services (plain, FQDN, inside a URL) WHEN drawn THEN each is a connection to that Service', () => {
    expect(edge(graph, 'Deployment/tickets/api', 'Service/tickets/db', 'connects')?.label).toBe('DB_HOST');
    expect(edge(graph, 'Deployment/tickets/api', 'Service/tickets/cache', 'connects')?.label).toBe('CACHE_URL');
  });

  it('GIVEN RBAC, an HPA, a PDB and a ServiceMonitor WHEN drawn THEN binds/grants, scales, protects and scrapes edges appear and the autoscaled replicas say so', () => {
    expect(edge(graph, 'RoleBinding/tickets/api-reader', 'ServiceAccount/tickets/api', 'binds')).toBeDefined();
    expect(edge(graph, 'RoleBinding/tickets/api-reader', 'Role/tickets/api-reader', 'grants')).toBeDefined();
    expect(edge(graph, 'HorizontalPodAutoscaler/tickets/api', 'Deployment/tickets/api', 'scales')?.label).toBe('3–9');
    expect(graph.nodes.find((n) => n.id === 'Deployment/tickets/api')?.details[0]).toBe('replicas 3–9 (autoscaled)');
    expect(edge(graph, 'PodDisruptionBudget/tickets/api', 'Deployment/tickets/api', 'protects')?.label).toBe('maxUnavailable 1');
    expect(edge(graph, 'ServiceMonitor/tickets/api', 'Service/tickets/api', 'scrapes')?.label).toBe('http');
  });

  it('GIVEN a NetworkPolicy WHEN drawn THEN the traffic it allows is an edge from each peer (pods, a namespace) to the selected pods, with the port', () => {
    expect(edge(graph, 'Deployment/tickets/api', 'StatefulSet/tickets/db', 'allows')?.label).toBe('5432/TCP');
    expect(edge(graph, 'Namespace//monitoring', 'StatefulSet/tickets/db', 'allows')?.label).toBe('9187/TCP');
  });

  it("GIVEN a reference to an object not among the inputs WHEN drawn THEN the target is a missing node and the edge is broken with the validator's message", () => {
    const e = edge(graph, 'Deployment/tickets/api', 'ConfigMap/tickets/feature-flags', 'mounts');
    expect(e?.broken).toMatch(/^wiring\/missing-configmap: .*feature-flags/);
    expect(graph.nodes.find((n) => n.id === 'ConfigMap/tickets/feature-flags')?.missing).toBe(true);
  });

  it('GIVEN the objects WHEN their YAML is made for the page THEN Secret data and credential-looking literal env values are hidden', () => {
    const yaml = objectYaml(docs);
    expect(yaml.get('Secret/tickets/registry')).toMatch(/\.dockerconfigjson: \(value hidden\)/);
    expect(yaml.get('Deployment/tickets/api')).toMatch(/name: API_TOKEN\n\s+value: \(value hidden\)/);
    expect(yaml.get('Deployment/tickets/api')).toMatch(/value: db\.tickets\.svc\.cluster\.local/);
  });

  it('GIVEN the graph WHEN collapsed by app THEN one node per namespace+app with counts, and edges between apps counted', () => {
    const c = collapseByApp(graph);
    const tickets = c.nodes.find((n) => n.id === 'Group/tickets/tickets');
    expect(tickets?.details[0]).toMatch(/1 Deployment/);
    expect(tickets?.details).toContain('1 missing'); // the broken references stay visible when collapsed
    expect(c.edges.every((e) => e.from !== e.to)).toBe(true);
    expect(c.edges.find((e) => e.from === 'Group/tickets/tickets' && e.to === 'Group//external')).toBeDefined();
  });

  it('GIVEN the same documents in another order WHEN drawn THEN the graph is identical (deterministic output)', () => {
    const shuffled = [...docs].reverse();
    expect(buildGraph(shuffled)).toEqual(buildGraph(docs));
  });
});
