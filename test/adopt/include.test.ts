import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { IncludeManifests } from '../../src/adopt';
import { HelmlessChart } from '../../src/constructs';
import { parseManifests } from '../../src/validate/parse/yaml';
import { runCli } from '../synth/helpers';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURES = path.join(ROOT, 'test', 'fixtures', 'adopt');
const TSX_CJS = require.resolve('tsx/cjs', { paths: [ROOT] });

function objectsOf(file: string): Record<string, any>[] {
  return parseManifests(fs.readFileSync(file, 'utf8'), file).docs.map((d) => d.object as Record<string, any>);
}

describe('IncludeManifests', () => {
  it('GIVEN a HelmlessChart WHEN a manifest is included THEN names and fields are kept and the standard labels added to metadata only', () => {
    const chart = new HelmlessChart(Testing.app(), 'legacy', { partOf: 'shop' });
    const inc = new IncludeManifests(chart, 'postgres', { file: path.join(FIXTURES, 'postgres.yaml') });
    const out = Testing.synth(chart);
    const input = objectsOf(path.join(FIXTURES, 'postgres.yaml'));
    expect(inc.apiObjects).toHaveLength(2);
    expect(out.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual(input.map((o) => `${o.kind}/${o.metadata.name}`));
    for (const [i, o] of out.entries()) {
      expect(o.metadata.labels).toEqual({ ...input[i].metadata.labels, 'app.kubernetes.io/managed-by': 'helmless', 'app.kubernetes.io/part-of': 'shop' });
      expect({ ...o, metadata: { ...o.metadata, labels: undefined } }).toEqual({ ...input[i], metadata: { ...input[i].metadata, labels: undefined } });
    }
    const sts = out.find((o) => o.kind === 'StatefulSet')!;
    expect(sts.spec.selector).toEqual({ matchLabels: { app: 'postgres' } });
    expect(sts.spec.template.metadata.labels).toEqual({ app: 'postgres' });
  });

  it('GIVEN Helm output WHEN included THEN managed-by says helmless and an existing part-of is kept', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-include-'));
    const file = path.join(dir, 'helm.yaml');
    fs.writeFileSync(file, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: redis-config\n  labels:\n    app.kubernetes.io/managed-by: Helm\n    app.kubernetes.io/part-of: cache\ndata:\n  maxmemory: 100mb\n');
    try {
      const chart = new HelmlessChart(Testing.app(), 'legacy');
      new IncludeManifests(chart, 'redis', { file });
      expect(Testing.synth(chart)[0].metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'helmless', 'app.kubernetes.io/part-of': 'cache' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('GIVEN labels: false (documented default true) WHEN included THEN the objects are exactly the input', () => {
    const chart = new HelmlessChart(Testing.app(), 'legacy');
    const inc = new IncludeManifests(chart, 'cron', { file: path.join(FIXTURES, 'cron.yaml'), labels: false });
    expect(inc.labels).toBe(false);
    expect(Testing.synth(chart)).toEqual(objectsOf(path.join(FIXTURES, 'cron.yaml')));
    const dflt = new IncludeManifests(new HelmlessChart(Testing.app(), 'x'), 'cron', { file: path.join(FIXTURES, 'cron.yaml') });
    expect(dflt.labels).toBe(true);
    expect(dflt.partOf).toBe('x');
  });

  it('GIVEN a URL or a missing file WHEN included THEN it throws naming the construct, the value and the fix', () => {
    const chart = new HelmlessChart(Testing.app(), 'legacy');
    expect(() => new IncludeManifests(chart, 'remote', { file: 'https://example.com/app.yaml' })).toThrow(/IncludeManifests at 'legacy\/remote': file 'https:\/\/example.com\/app.yaml' is a URL.*Download it once, commit it/);
    expect(() => new IncludeManifests(chart, 'gone', { file: 'no/such.yaml' })).toThrow(/IncludeManifests at 'legacy\/gone': file 'no\/such.yaml' does not exist/);
  });

  it('GIVEN an included manifest with an invalid field WHEN helmless synth runs THEN it fails naming the object and leaves dist/ alone', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-include-synth-'));
    try {
      fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      fs.writeFileSync(path.join(dir, 'bad.yaml'), 'apiVersion: v1\nkind: Service\nmetadata:\n  name: broken\nspec:\n  ports:\n    - port: 99999\n');
      fs.writeFileSync(path.join(dir, 'main.ts'), `import { HelmlessApp, HelmlessChart, IncludeManifests } from ${JSON.stringify(path.join(ROOT, 'src'))};
const app = new HelmlessApp();
new IncludeManifests(new HelmlessChart(app, 'legacy'), 'bad', { file: 'bad.yaml' });
app.synth();
`);
      fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), `app: '"${process.execPath}" -r "${TSX_CJS}" main.ts'\noutput: dist\n`);
      const r = await runCli(['synth'], { cwd: dir });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/legacy\.k8s\.yaml.* spec\.ports\[0\]\.port: Invalid value: 99999.*construct legacy\/bad\/include\/broken-service/);
      expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
