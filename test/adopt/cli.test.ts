import { spawnSync } from 'child_process';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { AdoptError, generateProgram } from '../../src/adopt';

const ROOT = path.resolve(__dirname, '..', '..');
const BIN = path.join(ROOT, 'bin', 'helmless.js');

function adopt(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [BIN, 'adopt', ...args], { cwd: ROOT, encoding: 'utf8', input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('helmless adopt CLI', () => {
  it('GIVEN YAML on stdin WHEN adopted with --chart THEN the program names that chart', () => {
    const r = adopt(['-', '--chart', 'legacy'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  A: "1"\n');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("const chart = new Chart(app, 'legacy');");
    expect(r.stdout).toContain("// <stdin> #1: ConfigMap app-config");
  });

  it.each([
    [[], /no input: name one or more YAML files/],
    [['no/such.yaml'], /cannot read 'no\/such.yaml': ENOENT/],
    [['--chart', 'Bad_Name', 'x.yaml'], /'--chart' needs a lowercase DNS-1123 name such as 'legacy', got 'Bad_Name'/],
    [['--frobnicate'], /unknown option '--frobnicate'/],
  ])('GIVEN bad usage %j WHEN adopted THEN exit 2 with a message', (args, message) => {
    const r = adopt(args as string[]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  it('GIVEN a document without a name or unparsable YAML WHEN adopted THEN exit 2 naming the file and document', () => {
    const noName = adopt(['-'], 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ok\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  generateName: job-\n');
    expect(noName.status).toBe(2);
    expect(noName.stderr).toMatch(/<stdin> document 2 \(Pod\): has no metadata.name \(generateName is not reproducible/);
    const bad = adopt(['-'], 'apiVersion: v1\nkind: [\n');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/<stdin>: document 1/);
  });
});

describe('generateProgram', () => {
  it('GIVEN null fields and the same object twice WHEN generated THEN nulls are reported and duplicates refused', () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a', labels: null }, data: { x: '1' } };
    const r = generateProgram([{ file: 'f.yaml', documentIndex: 0, object: cm }]);
    expect(r.notes).toEqual(['f.yaml document 1 (ConfigMap a): dropped metadata.labels: null (null means unset)']);
    expect(r.objects).toEqual([expect.objectContaining({ kind: 'ConfigMap', name: 'a', via: 'k8s.KubeConfigMap', id: 'configmap-a' })]);
    expect(() => generateProgram([{ file: 'f.yaml', documentIndex: 0, object: cm }, { file: 'g.yaml', documentIndex: 3, object: cm }])).toThrow(AdoptError);
    expect(() => generateProgram([{ file: 'f.yaml', documentIndex: 0, object: cm }, { file: 'g.yaml', documentIndex: 3, object: cm }])).toThrow(/g\.yaml document 4 \(ConfigMap a\): the same object is also f\.yaml document 1/);
  });

  it('GIVEN a Secret with literal data WHEN generated THEN a warning says to replace it by a reference', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db', namespace: 'data' }, stringData: { password: 'x' } };
    const r = generateProgram([{ file: 's.yaml', documentIndex: 0, object: secret }]);
    expect(r.warnings).toEqual([expect.stringMatching(/^s\.yaml document 1 \(Secret data\/db\): carries literal secret values \(stringData\).*SecretSource/)]);
    expect(r.code).toMatch(/^\/\/ WARNING: s\.yaml document 1 \(Secret data\/db\): carries literal secret values/m);
  });

  it('GIVEN a number where the schema wants a string WHEN generated THEN the object stays a verbatim ApiObject (the program must type-check)', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 's' }, spec: { ports: [{ port: '80' }] } };
    const r = generateProgram([{ file: 'f.yaml', documentIndex: 0, object: svc }]);
    expect(r.objects[0].via).toBe('ApiObject');
    expect(r.objects[0].reason).toMatch(/spec\.ports\[0\]\.port: expected a number, got "80"/);
  });
});
