// HelmlessApp: output location, file layout, object order, collisions and the attribution sidecar.
import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { afterEach, describe, expect, it } from 'vitest';
import { compareObjects, HelmlessApp, KIND_ORDER, SourcesFile } from '../../src/app';
import { captureCallerSite, creationSiteOf, recordCreationSite, relativeSourcePath } from '../../src/source-location';
import * as k8s from '../../imports/k8s';
import { listTree, tempDir } from './helpers';

const savedEnv = { ...process.env };
afterEach(() => {
  for (const k of ['CDK8S_OUTDIR', 'HELMLESS_SOURCES_FILE', 'CDK8S_RECORD_CONSTRUCT_METADATA']) {
    if (savedEnv[k] === undefined) delete process.env[k];
    else process.env[k] = savedEnv[k];
  }
});

function shop(app: HelmlessApp, id = 'shop'): Chart {
  const chart = new Chart(app, id);
  // created deliberately out of the documented order
  new k8s.KubeDeployment(chart, 'web', {
    metadata: { name: 'web' },
    spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'web', image: 'web:1' }] } } },
  });
  new k8s.KubeService(chart, 'svc-b', { metadata: { name: 'b' }, spec: { ports: [{ port: 80 }] } });
  new k8s.KubeService(chart, 'svc-a', { metadata: { name: 'a' }, spec: { ports: [{ port: 80 }] } });
  new k8s.KubeConfigMap(chart, 'cfg', { metadata: { name: 'cfg' } });
  new k8s.KubeNamespace(chart, 'ns', { metadata: { name: 'shop' } });
  return chart;
}

describe('HelmlessApp', () => {
  it('GIVEN CDK8S_OUTDIR WHEN constructed THEN it is the output folder, else dist', () => {
    process.env.CDK8S_OUTDIR = '/tmp/somewhere';
    expect(new HelmlessApp().outdir).toBe('/tmp/somewhere');
    delete process.env.CDK8S_OUTDIR;
    expect(new HelmlessApp().outdir).toBe('dist');
    expect(new HelmlessApp({ outdir: 'out' }).outdir).toBe('out');
  });

  it('GIVEN objects created in any order WHEN rendered THEN ordered by kind (Namespace, ConfigMap, Service, Deployment) then name', () => {
    const app = new HelmlessApp({ outdir: tempDir('order') });
    shop(app);
    const files = app.render();
    expect([...files.keys()]).toEqual(['shop']);
    const order = files.get('shop')!.map((o) => `${String(o.json.kind)}/${(o.json.metadata as { name: string }).name}`);
    expect(order).toEqual(['Namespace/shop', 'ConfigMap/cfg', 'Service/a', 'Service/b', 'Deployment/web']);
  });

  it('GIVEN unknown kinds WHEN compared THEN they come after every listed kind, by apiVersion then kind', () => {
    const crd = { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor', metadata: { name: 'a' } };
    const es = { apiVersion: 'external-secrets.io/v1beta1', kind: 'ExternalSecret', metadata: { name: 'z' } };
    const ingress = { apiVersion: 'networking.k8s.io/v1', kind: KIND_ORDER[KIND_ORDER.length - 2], metadata: { name: 'z' } };
    expect([crd, es, ingress].sort(compareObjects).map((o) => o.kind)).toEqual(['Ingress', 'ExternalSecret', 'ServiceMonitor']);
  });

  it('GIVEN two charts WHEN synthesised THEN one file per chart named after the chart id, YAML only, no hash or index prefix', () => {
    const out = tempDir('files');
    const app = new HelmlessApp({ outdir: out });
    const a = shop(app, 'shop-prod');
    const b = new Chart(app, 'ops');
    new k8s.KubeConfigMap(b, 'cfg', { metadata: { name: 'ops' } });
    // a dependency between charts makes plain cdk8s prefix file names with 0000-, 0001-
    b.addDependency(a);
    new Chart(app, 'empty');
    app.synth();
    expect(listTree(out)).toEqual(['ops.k8s.yaml', 'shop-prod.k8s.yaml']);
  });

  it('GIVEN a nested chart WHEN synthesised THEN its file is the chart path joined with "-"', () => {
    const out = tempDir('nested');
    const app = new HelmlessApp({ outdir: out });
    const parent = new Chart(app, 'shop');
    new k8s.KubeConfigMap(parent, 'cfg', { metadata: { name: 'a' } });
    const child = new Chart(parent, 'db');
    new k8s.KubeConfigMap(child, 'cfg', { metadata: { name: 'b' } });
    app.synth();
    expect(listTree(out)).toEqual(['shop-db.k8s.yaml', 'shop.k8s.yaml']);
    expect(fs.readFileSync(path.join(out, 'shop.k8s.yaml'), 'utf8')).not.toContain('name: b');
  });

  it('GIVEN two charts mapping to one file WHEN synthesised THEN an error names both charts', () => {
    const app = new HelmlessApp({ outdir: tempDir('collide') });
    const parent = new Chart(app, 'shop');
    new k8s.KubeConfigMap(new Chart(parent, 'db'), 'cfg', { metadata: { name: 'a' } });
    new k8s.KubeConfigMap(new Chart(app, 'shop-db'), 'cfg', { metadata: { name: 'b' } });
    expect(() => app.synth()).toThrow(/chart 'shop-db' and chart 'shop\/db' would both write 'shop-db\.k8s\.yaml'/);
  });

  it('GIVEN a fileName option with a folder WHEN synthesised THEN files go to sub-folders; unsafe names are refused', () => {
    const out = tempDir('env');
    const app = new HelmlessApp({ outdir: out, fileName: (c) => `prod/${c.node.id}` });
    shop(app);
    app.synth();
    expect(listTree(out)).toEqual(['prod/shop.k8s.yaml']);
    const bad = new HelmlessApp({ outdir: tempDir('bad'), fileName: () => '../escape' });
    shop(bad);
    expect(() => bad.synth()).toThrow(/'\.\.\/escape' for chart 'shop' is not a safe relative path/);
  });

  it('GIVEN a construct validation error WHEN synthesised THEN it throws naming the construct path, like cdk8s', () => {
    const app = new HelmlessApp({ outdir: tempDir('validate') });
    const chart = shop(app);
    chart.node.addValidation({ validate: () => ['replicas must be at least 1'] });
    expect(() => app.synth()).toThrow(/\[shop\] replicas must be at least 1/);
  });

  it('GIVEN HELMLESS_SOURCES_FILE WHEN synthesised THEN the sidecar maps each document to its construct path and TS line, outside the output folder', () => {
    const out = tempDir('sidecar');
    const sidecar = path.join(tempDir('sidecar-file'), 'sources.json');
    process.env.HELMLESS_SOURCES_FILE = sidecar;
    const app = new HelmlessApp({ outdir: out });
    const chartLine = Number(new Error().stack!.split('\n')[1].match(/:(\d+):\d+\)?$/)![1]) + 1;
    const chart = new Chart(app, 'shop');
    class Web extends Construct {
      constructor(scope: Construct, id: string) {
        super(scope, id);
        recordCreationSite(this);
        new k8s.KubeService(this, 'service', { metadata: { name: 'web' }, spec: { ports: [{ port: 80 }] } });
      }
    }
    new Web(chart, 'web');
    new k8s.KubeConfigMap(chart, 'cfg', { metadata: { name: 'cfg' } });
    app.synth();
    expect(listTree(out)).toEqual(['shop.k8s.yaml']);
    const body = JSON.parse(fs.readFileSync(sidecar, 'utf8')) as SourcesFile;
    expect(body.objects.map((o) => [o.file, o.documentIndex, o.kind, o.constructPath])).toEqual([
      ['shop.k8s.yaml', 0, 'ConfigMap', 'shop/cfg'],
      ['shop.k8s.yaml', 1, 'Service', 'shop/web/service'],
    ]);
    expect(body.objects[1].sourceLocation).toMatch(/^test\/synth\/app\.test\.ts:\d+$/);
    // the ConfigMap has no recorded helmless ancestor: it is attributed to the line that created its chart
    expect(body.objects[0].sourceLocation).toBe(`test/synth/app.test.ts:${chartLine}`);
  });

  it('GIVEN no sidecar request WHEN synthesised THEN no sidecar is written anywhere in the output', () => {
    const out = tempDir('nosidecar');
    const app = new HelmlessApp({ outdir: out });
    shop(app);
    app.synth();
    expect(listTree(out).every((f) => f.endsWith('.k8s.yaml'))).toBe(true);
  });
});

describe('recordCreationSite / creationSiteOf', () => {
  it('GIVEN a call from a test file WHEN the caller site is captured THEN it is the project-relative file and line', () => {
    const line = Number(new Error().stack!.split('\n')[1].match(/:(\d+):\d+\)?$/)![1]) + 1;
    const site = captureCallerSite();
    expect(site).toBe(`test/synth/app.test.ts:${line}`);
  });

  it('GIVEN a recorded parent WHEN asking for a child THEN the nearest recorded ancestor answers; the first record wins', () => {
    const app = new HelmlessApp({ outdir: tempDir('site') });
    const chart = new Construct(app, 'c');
    const parent = new Construct(chart, 'p');
    const child = new Construct(parent, 'k');
    // the app records its direct children (charts): that is the fallback for everything below
    const chartSite = creationSiteOf(chart);
    expect(chartSite).toMatch(/^test\/synth\/app\.test\.ts:\d+$/);
    expect(creationSiteOf(child)).toBe(chartSite);
    recordCreationSite(parent);
    const first = creationSiteOf(parent);
    expect(first).toMatch(/^test\/synth\/app\.test\.ts:\d+$/);
    recordCreationSite(parent);
    expect(creationSiteOf(parent)).toBe(first);
    expect(creationSiteOf(child)).toBe(first);
  });

  it('GIVEN a file outside the working folder WHEN made relative THEN relative to its package root, never absolute', () => {
    const file = path.resolve(__dirname, 'app.test.ts');
    expect(relativeSourcePath(file, '/nonexistent/elsewhere')).toBe('test/synth/app.test.ts');
    expect(relativeSourcePath(file, path.resolve(__dirname, '..', '..'))).toBe('test/synth/app.test.ts');
  });
});
