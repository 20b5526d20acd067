import { describe, expect, it } from 'vitest';
import { diffDocuments, formatJson, formatMarkdown, formatText, HIDDEN } from '../../src/diff';
import type { DiffInput, DiffReport } from '../../src/diff';

function deployment(name: string, over: { replicas?: number; image?: string; selector?: Record<string, string>; env?: unknown[]; containers?: unknown[] } = {}): Record<string, unknown> {
  const selector = over.selector ?? { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'shop' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'shop', labels: selector },
    spec: {
      replicas: over.replicas ?? 2,
      selector: { matchLabels: selector },
      template: {
        metadata: { labels: selector },
        spec: {
          containers: over.containers ?? [
            { name: 'web', image: over.image ?? 'nginx:1.25.3', ports: [{ name: 'http', containerPort: 8080 }], env: over.env ?? [{ name: 'LOG_LEVEL', value: 'info' }] },
          ],
        },
      },
    },
  };
}

const inFile = (file: string, ...objects: unknown[]): DiffInput[] => objects.map((object) => ({ file, object }));
const allOutputs = (r: DiffReport) => formatText(r) + formatMarkdown(r) + formatJson(r);

describe('diffDocuments', () => {
  it('GIVEN identical inputs WHEN diffed THEN reports no change', () => {
    const r = diffDocuments(inFile('a.k8s.yaml', deployment('web')), inFile('a.k8s.yaml', deployment('web')));
    expect(r.objects).toEqual([]);
    expect(r.summary).toEqual({ added: 0, removed: 0, changed: 0, unchanged: 1, breaking: 0 });
  });

  it('GIVEN a changed replica count and image WHEN diffed THEN names each field with old and new values', () => {
    const r = diffDocuments(inFile('a.k8s.yaml', deployment('web')), inFile('a.k8s.yaml', deployment('web', { replicas: 3, image: 'nginx:1.25.4' })));
    expect(r.objects).toHaveLength(1);
    expect(r.objects[0]).toMatchObject({ change: 'changed', kind: 'Deployment', group: 'apps', namespace: 'shop', name: 'web', file: 'a.k8s.yaml' });
    expect(r.objects[0].fields).toEqual([
      { path: 'spec.replicas', change: 'changed', old: 2, new: 3 },
      { path: 'spec.template.spec.containers[name=web].image', change: 'changed', old: 'nginx:1.25.3', new: 'nginx:1.25.4' },
    ]);
    expect(r.objects[0].breaking).toEqual([]);
    expect(formatText(r)).toContain('spec.template.spec.containers[name=web].image: "nginx:1.25.3" → "nginx:1.25.4"');
  });

  it('GIVEN a container inserted before another WHEN diffed THEN shows one added container, matched by name not index', () => {
    const one = [{ name: 'web', image: 'nginx:1.25.3' }];
    const two = [{ name: 'proxy', image: 'envoy:1.29.0' }, { name: 'web', image: 'nginx:1.25.3' }];
    const r = diffDocuments(inFile('a', deployment('web', { containers: one })), inFile('a', deployment('web', { containers: two })));
    expect(r.objects[0].fields.map((f) => [f.path, f.change])).toEqual([
      ['spec.template.spec.containers[name=proxy]', 'added'],
    ]);
  });

  it('GIVEN env vars inserted and removed WHEN diffed THEN they are matched by name', () => {
    const r = diffDocuments(
      inFile('a', deployment('web', { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] })),
      inFile('a', deployment('web', { env: [{ name: 'B', value: '2' }, { name: 'C', value: '3' }] })),
    );
    expect(r.objects[0].fields.map((f) => [f.path, f.change])).toEqual([
      ['spec.template.spec.containers[name=web].env[name=A]', 'removed'],
      ['spec.template.spec.containers[name=web].env[name=C]', 'added'],
    ]);
  });

  it('GIVEN an empty env list gaining items WHEN diffed THEN the items are named, not indexed', () => {
    const r = diffDocuments(inFile('a', deployment('web', { env: [] })), inFile('a', deployment('web', { env: [{ name: 'A', value: '1' }] })));
    expect(r.objects[0].fields.map((f) => f.path)).toEqual(['spec.template.spec.containers[name=web].env[name=A]']);
  });

  it('GIVEN kubectl List output on one side WHEN diffed THEN its items are compared one by one', () => {
    const list = { apiVersion: 'v1', kind: 'List', items: [deployment('web')] };
    const r = diffDocuments(inFile('live.yaml', list), inFile('a', deployment('web', { replicas: 3 })));
    expect(r.skipped).toEqual([]);
    expect(r.objects[0].fields).toEqual([{ path: 'spec.replicas', change: 'changed', old: 2, new: 3 }]);
  });

  it('GIVEN a changed selector WHEN diffed THEN flags it as breaking (immutable)', () => {
    const r = diffDocuments(inFile('a', deployment('web')), inFile('a', deployment('web', { selector: { 'app.kubernetes.io/name': 'web2', 'app.kubernetes.io/instance': 'shop' } })));
    expect(r.objects[0].breaking.map((b) => b.rule)).toEqual(['immutable-selector']);
    expect(r.objects[0].breaking[0].message).toMatch(/immutable/);
    expect(r.summary.breaking).toBe(1);
    expect(formatMarkdown(r)).toContain('⚠ breaking');
  });

  it('GIVEN label keys with dots WHEN diffed THEN the path quotes the key', () => {
    const r = diffDocuments(inFile('a', deployment('web')), inFile('a', deployment('web', { selector: { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'prod' } })));
    expect(r.objects[0].fields.map((f) => f.path)).toContain('metadata.labels["app.kubernetes.io/instance"]');
  });

  it('GIVEN StatefulSet claim template, serviceName and Job template changes WHEN diffed THEN each is breaking', () => {
    const sts = (size: string, svc: string) => ({
      apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
      spec: { serviceName: svc, selector: { matchLabels: { a: 'b' } }, template: {}, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { resources: { requests: { storage: size } } } }] },
    });
    const job = (image: string) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate' }, spec: { template: { spec: { containers: [{ name: 'm', image }] } } } });
    const r = diffDocuments(inFile('a', sts('10Gi', 'db-headless'), job('busybox:1.36')), inFile('a', sts('20Gi', 'db-hl'), job('busybox:1.37')));
    const rules = r.objects.flatMap((o) => o.breaking.map((b) => `${o.kind}:${b.rule}:${b.path}`));
    expect(rules).toEqual(['Job:immutable-job-template:spec.template', 'StatefulSet:immutable-field:spec.volumeClaimTemplates', 'StatefulSet:immutable-field:spec.serviceName']);
    expect(r.objects.find((o) => o.kind === 'StatefulSet')!.fields.map((f) => f.path)).toContain('spec.volumeClaimTemplates[name=data].spec.resources.requests.storage');
  });

  it('GIVEN a Service going headless WHEN diffed THEN flags the clusterIP change', () => {
    const svc = (ip?: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'db' }, spec: { ...(ip ? { clusterIP: ip } : {}), ports: [{ port: 5432 }] } });
    const r = diffDocuments(inFile('a', svc()), inFile('a', svc('None')));
    expect(r.objects[0].breaking.map((b) => b.rule)).toEqual(['service-recreate']);
  });

  it('GIVEN an immutable ConfigMap, a binding roleRef and StorageClass parameters changed WHEN diffed THEN each is breaking', () => {
    const cm = (v: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, immutable: true, data: { a: v } });
    const rb = (role: string) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'rb' }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: role }, subjects: [] });
    const sc = (type: string) => ({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'ssd' }, provisioner: 'ebs.csi.aws.com', parameters: { type } });
    const r = diffDocuments(inFile('a', cm('1'), rb('reader'), sc('gp2')), inFile('a', cm('2'), rb('writer'), sc('gp3')));
    expect(r.objects.flatMap((o) => o.breaking.map((b) => `${o.kind}:${b.rule}:${b.path}`))).toEqual([
      'ConfigMap:immutable-field:data',
      'RoleBinding:immutable-field:roleRef',
      'StorageClass:immutable-field:parameters.type',
    ]);
    const mutable = diffDocuments(inFile('a', { ...cm('1'), immutable: false }), inFile('a', { ...cm('2'), immutable: false }));
    expect(mutable.objects[0].breaking).toEqual([]);
  });

  it('GIVEN a renamed object WHEN diffed THEN reports removed + added as a probable rename, breaking', () => {
    const r = diffDocuments(inFile('a', deployment('web')), inFile('a', deployment('frontend')));
    const removed = r.objects.find((o) => o.change === 'removed')!;
    const added = r.objects.find((o) => o.change === 'added')!;
    expect(removed.renamedTo).toMatchObject({ kind: 'Deployment', name: 'frontend' });
    expect(added.renamedFrom).toMatchObject({ kind: 'Deployment', name: 'web' });
    expect(removed.breaking.map((b) => b.rule)).toEqual(['rename']);
    expect(formatText(r)).toContain('renamed? → Deployment shop/frontend');
    expect(added.fields.map((f) => f.path)).toContain('spec.selector.matchLabels["app.kubernetes.io/name"]');
    expect(added.fields.map((f) => f.path)).not.toContain('metadata.name');
  });

  it('GIVEN unrelated objects of one kind removed and added WHEN diffed THEN no rename is claimed', () => {
    const a = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' }, data: { x: '1', y: '2', z: '3' } };
    const b = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' }, data: { p: '9', q: '8' } };
    const r = diffDocuments(inFile('f', a), inFile('f', b));
    expect(r.objects.every((o) => !o.renamedTo && !o.renamedFrom)).toBe(true);
  });

  it.each([
    ['PersistentVolumeClaim', 'v1', 'data-loss'],
    ['StatefulSet', 'apps/v1', 'data-loss'],
    ['Namespace', 'v1', 'namespace-removed'],
    ['CustomResourceDefinition', 'apiextensions.k8s.io/v1', 'crd-removed'],
  ])('GIVEN a removed %s WHEN diffed THEN flags %s', (kind, apiVersion, rule) => {
    const r = diffDocuments(inFile('f', { apiVersion, kind, metadata: { name: 'x' } }), []);
    expect(r.objects[0].breaking.map((b) => b.rule)).toEqual([rule]);
  });

  it('GIVEN the same name in another namespace or API group WHEN diffed THEN they are different objects', () => {
    const cm = (ns: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', namespace: ns }, data: { a: '1' } });
    const r = diffDocuments(inFile('f', cm('a')), inFile('f', cm('b')));
    expect(r.objects.map((o) => `${o.change}:${o.namespace}`)).toEqual(['removed:a', 'added:b']);
    const v = diffDocuments(inFile('f', { apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' } }), inFile('f', { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h' } }));
    expect(v.objects[0].fields).toEqual([{ path: 'apiVersion', change: 'changed', old: 'autoscaling/v2beta2', new: 'autoscaling/v2' }]);
  });

  it('GIVEN an object moved between files WHEN diffed THEN it is grouped under the new file and says where from', () => {
    const r = diffDocuments(inFile('old.yaml', deployment('web')), inFile('new.yaml', deployment('web', { replicas: 5 })));
    expect(r.objects[0]).toMatchObject({ file: 'new.yaml', movedFrom: 'old.yaml' });
  });

  it('GIVEN changed Secret data, SealedSecret data and credential env values WHEN diffed THEN no output holds a value', () => {
    const secrets = ['s3cr3t-old-value', 's3cr3t-new-value', 'c2VjcmV0LW9sZA==', 'c2VjcmV0LW5ldw==', 'AgBy8hCi-old', 'AgBy8hCi-new', 'hunter2-old', 'hunter2-new', 'added-pass'];
    const secret = (d: string, s: string) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, data: { password: d }, stringData: { token: s } });
    const sealed = (v: string) => ({ apiVersion: 'bitnami.com/v1alpha1', kind: 'SealedSecret', metadata: { name: 'sealed' }, spec: { encryptedData: { password: v } } });
    const base = inFile('a', secret('c2VjcmV0LW9sZA==', 's3cr3t-old-value'), sealed('AgBy8hCi-old'), deployment('web', { env: [{ name: 'DB_PASSWORD', value: 'hunter2-old' }] }));
    const head = inFile('a',
      { ...secret('c2VjcmV0LW5ldw==', 's3cr3t-new-value'), data: { password: 'c2VjcmV0LW5ldw==', extra: 'YWRkZWQtcGFzcw==' } },
      sealed('AgBy8hCi-new'),
      deployment('web', { env: [{ name: 'DB_PASSWORD', value: 'hunter2-new' }, { name: 'API_TOKEN', value: 'added-pass' }] }));
    const r = diffDocuments(base, head);
    const out = allOutputs(r);
    for (const s of [...secrets, 'YWRkZWQtcGFzcw==']) expect(out).not.toContain(s);
    const fields = r.objects.flatMap((o) => o.fields.map((f) => `${o.kind}:${f.path}:${f.change}:${f.hidden}`));
    expect(fields).toEqual([
      'Deployment:spec.template.spec.containers[name=web].env[name=DB_PASSWORD].value:changed:true',
      'Deployment:spec.template.spec.containers[name=web].env[name=API_TOKEN]:added:true',
      'SealedSecret:spec.encryptedData.password:changed:true',
      'Secret:data.extra:added:true',
      'Secret:data.password:changed:true',
      'Secret:stringData.token:changed:true',
    ]);
    expect(out).toContain(HIDDEN);
  });

  it('GIVEN a credential inline in container args WHEN it changes THEN the item is hidden, other args are shown', () => {
    const withArgs = (args: string[]) => deployment('web', { containers: [{ name: 'web', image: 'nginx:1.25.3', args }] });
    const r = diffDocuments(inFile('a', withArgs(['--db-password=old-inline-pw', '--port=80'])), inFile('a', withArgs(['--db-password=new-inline-pw', '--port=8080'])));
    const out = allOutputs(r);
    expect(out).not.toContain('inline-pw');
    expect(r.objects[0].fields).toEqual([
      { path: 'spec.template.spec.containers[name=web].args[0]', change: 'changed', old: HIDDEN, new: HIDDEN, hidden: true },
      { path: 'spec.template.spec.containers[name=web].args[1]', change: 'changed', old: '--port=80', new: '--port=8080' },
    ]);
  });

  it('GIVEN an unchanged secret WHEN diffed THEN it counts as unchanged (hidden values still compare)', () => {
    const s = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds' }, data: { password: 'eA==' } };
    expect(diffDocuments(inFile('a', s), inFile('a', { ...s })).summary.unchanged).toBe(1);
  });

  it('GIVEN a report WHEN rendered as JSON THEN it round-trips with schemaVersion 1', () => {
    const r = diffDocuments(inFile('a', deployment('web')), inFile('a', deployment('web', { replicas: 4 })), { base: 'dist/', head: 'synth' });
    const j = JSON.parse(formatJson(r));
    expect(j).toMatchObject({ schemaVersion: 1, base: 'dist/', head: 'synth', summary: { changed: 1 } });
    expect(j.objects[0].fields[0]).toEqual({ path: 'spec.replicas', change: 'changed', old: 2, new: 4 });
  });

  it('GIVEN a document without kind or name WHEN diffed THEN it is skipped and said so', () => {
    const r = diffDocuments(inFile('a', { foo: 1 }), []);
    expect(r.skipped).toEqual([{ side: 'base', file: 'a', reason: expect.stringMatching(/apiVersion, kind and metadata.name/) }]);
  });
});
