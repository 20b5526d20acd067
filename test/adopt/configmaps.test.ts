// Which ConfigMaps adopt turns into ConfigMap constructs (issue 17): those the workloads read, when
// the construct renders their exact name and data.
import { createHash } from 'crypto';
import { describe, expect, it } from 'vitest';
import { ConfigMapIndex } from '../../src/adopt/configmaps';
import { generateProgram } from '../../src/adopt/generate';

const reader = (names: { env?: string; envFrom?: string; volume?: string }) => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'api', namespace: 'shop' },
  spec: { selector: { matchLabels: { app: 'api' } }, template: { metadata: { labels: { app: 'api' } }, spec: {
    containers: [{ name: 'api', image: 'api:1.0.0',
      ...(names.env ? { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: names.env, key: 'x' } } }] } : {}),
      ...(names.envFrom ? { envFrom: [{ configMapRef: { name: names.envFrom } }] } : {}) }],
    ...(names.volume ? { volumes: [{ name: 'v', configMap: { name: names.volume } }] } : {}),
  } } },
});
const cm = (name: string, extra: Record<string, unknown> = {}) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'shop' }, data: { x: '1' }, ...extra });
const keys = (index: ConfigMapIndex) => index.all.map((c) => `${c.id} ${JSON.stringify(c.props)}`);

describe('ConfigMaps adopted as constructs', () => {
  it('GIVEN ConfigMaps read through env, envFrom and a volume, and one nobody reads WHEN indexed THEN the three read ones are adopted', () => {
    const index = new ConfigMapIndex([cm('a'), cm('b'), cm('c'), cm('unread'), reader({ env: 'a', envFrom: 'b', volume: 'c' })]);
    expect(keys(index)).toEqual(['a {"data":{"x":"1"}}', 'b {"data":{"x":"1"}}', 'c {"data":{"x":"1"}}']);
    expect(index.in({ namespace: 'shop', instance: 'shop', partOf: 'shop' }).has('a', 'x')).toBe(true);
    expect(index.in({ namespace: 'shop', instance: 'shop', partOf: 'shop' }).has('a', 'nope')).toBe(false);
    expect(index.in({ namespace: 'other', instance: 'other', partOf: 'other' }).has('a')).toBe(false);
  });

  it('GIVEN an immutable ConfigMap named by its content WHEN indexed THEN it is the immutable ConfigMap of its base name; one named otherwise, or with binaryData, stays as it is', () => {
    const hash = createHash('sha256').update(JSON.stringify({ x: '1' })).digest('hex').slice(0, 10);
    const index = new ConfigMapIndex([
      cm(`app-${hash}`, { immutable: true }), cm('fixed', { immutable: true }), cm('bin', { binaryData: { y: 'AAA=' } }),
      reader({ env: `app-${hash}`, envFrom: 'fixed', volume: 'bin' }),
    ]);
    expect(keys(index)).toEqual(['app {"data":{"x":"1"},"immutable":true}']);
  });

  it('GIVEN a ConfigMap with labels of its own and helmless component label WHEN indexed THEN labels and component are props', () => {
    const index = new ConfigMapIndex([
      cm('a', { metadata: { name: 'a', namespace: 'shop', labels: { team: 'x', 'app.kubernetes.io/component': 'server' } } }), reader({ env: 'a' }),
    ]);
    expect(keys(index)).toEqual(['a {"data":{"x":"1"},"component":"server","labels":{"team":"x"}}']);
  });

  it('GIVEN a namespace and a ConfigMap named like reserved words WHEN the program is printed THEN their variables are valid names', () => {
    const docs = [
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'new', namespace: 'default' }, data: { x: '1' } },
      { ...reader({ env: 'new' }), metadata: { name: 'api', namespace: 'default' } },
    ].map((object, documentIndex) => ({ file: 'x.yaml', documentIndex, object }));
    const { code } = generateProgram(docs);
    expect(code).toContain("const defaultChart = new HelmlessChart(app, 'default', ");
    expect(code).toContain("const newConfig = new ConfigMap(defaultChart, 'new', { data: { x: '1' } });");
    expect(code).toContain("X: newConfig.key('x')");
  });
});
