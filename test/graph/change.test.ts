import { describe, expect, it } from 'vitest';
import { diffDocuments } from '../../src/diff';
import { changeGraph, CHANGE_GRAPH_MAX_NODES } from '../../src/graph/change';
import type { ManifestDocument } from '../../src/validate/types';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function docs(objects: any[]): ManifestDocument[] {
  return objects.map((object, i) => ({ object, source: { file: 'app.yaml', documentIndex: i } }));
}
function deployment(name: string, version: string, env: Record<string, string> = {}) {
  const labels = { app: name, 'app.kubernetes.io/version': version };
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, namespace: 'shop', labels },
    spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels }, spec: { containers: [{ name, image: `acme/${name}:1`, env: Object.entries(env).map(([k, v]) => ({ name: k, value: v })) }] } } },
  };
}
function service(name: string) {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' }, spec: { selector: { app: name }, ports: [{ port: 80 }] } };
}
function graphOf(base: ManifestDocument[], head: ManifestDocument[]) {
  const report = diffDocuments(base.map((d) => ({ file: 'app.yaml', object: d.object })), head.map((d) => ({ file: 'app.yaml', object: d.object })));
  return changeGraph(base, head, report);
}

describe('the graph of a change', () => {
  it('GIVEN a new Service and a new connection to it WHEN diffed THEN the graph shows the added Service, the added edges, and the changed Deployment', () => {
    const base = docs([deployment('api', '1'), service('api')]);
    const head = docs([deployment('api', '1', { CACHE_HOST: 'cache' }), service('api'), service('cache'), deployment('cache', '1')]);
    const g = graphOf(base, head);
    expect(g.mermaid).toMatch(/\["Service cache<br\/>ClusterIP: 80<br\/>added"\]\)?:::added/);
    expect(g.mermaid).toMatch(/"Deployment api<br\/>[^"]*changed"\]:::changed/);
    expect(g.mermaid).toMatch(/-->\|"added: connects CACHE_HOST"\|/);
    expect(g.mermaid).toMatch(/linkStyle \d+ stroke:#2a2/);
  });

  it('GIVEN only a release-tag label bump on every object WHEN diffed THEN there is no graph, and the note says why', () => {
    const g = graphOf(docs([deployment('api', '1'), service('api')]), docs([deployment('api', '2'), service('api')]));
    expect(g.mermaid).toBeUndefined();
    expect(g.note).toMatch(/no object or edge changed beyond labels and annotations/);
  });

  it('GIVEN a change touching more objects than a comment can show WHEN diffed THEN the graph is left out with the count', () => {
    const many = Array.from({ length: CHANGE_GRAPH_MAX_NODES + 5 }, (_, i) => service(`s${i}`));
    const g = graphOf(docs([]), docs(many));
    expect(g.mermaid).toBeUndefined();
    expect(g.note).toMatch(new RegExp(`^${CHANGE_GRAPH_MAX_NODES + 5} objects take part in this change`));
  });
});
