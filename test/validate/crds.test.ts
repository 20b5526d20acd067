// Custom resources: bundled schemas, the user's CRDs and their precedence, and CRDs judged as
// the API server judges them (structural schema, RE2 patterns in linear time).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable, Writable } from 'stream';
import { afterAll, describe, expect, it } from 'vitest';
import { command } from '../../src/cli/validate';
import { command as lint } from '../../src/cli/lint';
import { parseManifests, validateDocuments, type EngineOptions, type Finding } from '../../src/validate';
import { Sink } from '../sink';

function check(yaml: string, opts: EngineOptions = {}): Finding[] {
  const { docs, findings } = parseManifests(yaml, 'test.yaml');
  return [...findings, ...validateDocuments(docs, { apiRules: false, wiring: false, strict: true, ...opts })];
}
const errors = (fs: readonly Finding[]): Finding[] => fs.filter((f) => f.severity === 'error');

/** A CRD of group example.com with one version v1 and the given spec properties (YAML flow or block under `spec`). */
function crd(kind: string, specProperties: string, opts: { apiVersion?: string; group?: string; required?: string } = {}): string {
  const group = opts.group ?? 'example.com';
  const plural = `${kind.toLowerCase()}s`;
  return [
    `apiVersion: ${opts.apiVersion ?? 'apiextensions.k8s.io/v1'}`,
    'kind: CustomResourceDefinition',
    `metadata: {name: ${plural}.${group}}`,
    'spec:',
    `  group: ${group}`,
    '  scope: Namespaced',
    `  names: {kind: ${kind}, plural: ${plural}, singular: ${kind.toLowerCase()}, listKind: ${kind}List}`,
    '  versions:',
    '  - name: v1',
    '    served: true',
    '    storage: true',
    '    schema:',
    '      openAPIV3Schema:',
    '        type: object',
    '        properties:',
    '          spec:',
    '            type: object',
    ...(opts.required ? [`            required: ${opts.required}`] : []),
    '            properties:',
    ...specProperties.split('\n').map((l) => `              ${l}`),
    '',
  ].join('\n');
}

const SERVICE_MONITOR = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: node-exporter, namespace: monitoring}
spec:
  jobLabel: app.kubernetes.io/name
  selector:
    matchLabels: {app.kubernetes.io/name: node-exporter}
  endpoints:
  - port: https
    scheme: https
    interval: 15s
    bearerTokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
    tlsConfig:
      insecureSkipVerify: true
    metricRelabelings:
    - action: drop
      regex: node_md_disk_.*
      sourceLabels: [__name__]
    relabelings:
    - action: replace
      regex: (.*)
      replacement: $1
      sourceLabels: [__meta_kubernetes_pod_node_name]
      targetLabel: instance
`;

describe('bundled schemas of common custom resources', () => {
  it('GIVEN a ServiceMonitor with bearerTokenFile, tlsConfig, metricRelabelings and relabelings WHEN validated strictly THEN no error', () => {
    expect(errors(check(SERVICE_MONITOR))).toEqual([]);
  });

  it('GIVEN a ServiceMonitor whose relabeling action is not one Prometheus knows WHEN validated THEN the bundled schema reports the enum', () => {
    const fs = errors(check(SERVICE_MONITOR.replace('action: drop', 'action: dorp')));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'schema/enum', path: 'spec.endpoints[0].metricRelabelings[0].action' });
  });

  it('GIVEN custom resources of each bundled project WHEN validated THEN each is checked against its bundled schema (a wrong type is an error)', () => {
    const cases: [string, string, string][] = [
      ['monitoring.coreos.com/v1', 'PodMonitor', 'spec: {selector: {}, podMetricsEndpoints: [{port: 5}]}'],
      ['monitoring.coreos.com/v1', 'PrometheusRule', 'spec: {groups: [{name: g, rules: "not-a-list"}]}'],
      ['external-secrets.io/v1beta1', 'ExternalSecret', 'spec: {refreshInterval: 5}'],
      ['gateway.networking.k8s.io/v1', 'HTTPRoute', 'spec: {hostnames: 5}'],
      ['cert-manager.io/v1', 'Certificate', 'spec: {secretName: s, issuerRef: {name: i}, dnsNames: example.com}'],
      ['argoproj.io/v1alpha1', 'Application', 'spec: {project: default, destination: {}, source: {repoURL: r, path: 5}}'],
      ['kustomize.toolkit.fluxcd.io/v1', 'Kustomization', 'spec: {interval: 5m, prune: "yes", sourceRef: {kind: GitRepository, name: g}}'],
      ['helm.toolkit.fluxcd.io/v2beta2', 'HelmRelease', 'spec: {interval: 5m, suspend: "no", chart: {spec: {chart: c, sourceRef: {kind: HelmRepository, name: h}}}}'],
      ['keda.sh/v1alpha1', 'ScaledObject', 'spec: {scaleTargetRef: {name: d}, minReplicaCount: "one", triggers: []}'],
    ];
    for (const [apiVersion, kind, spec] of cases) {
      const fs = check(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\n${spec}\n`);
      expect(fs.find((f) => f.rule === 'schema/crd-source')?.message, kind).toMatch(/bundled schema \(@kubernetes-models\//);
      expect(errors(fs).map((f) => f.rule), kind).toEqual(['schema/type']);
    }
  });

  it('GIVEN a custom resource no bundled package serves WHEN validated THEN it stays "not validated"', () => {
    const fs = check('apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3}\n');
    expect(fs.map((f) => [f.severity, f.rule])).toEqual([['info', 'schema/unknown-crd']]);
    const grpc = check('apiVersion: gateway.networking.k8s.io/v1\nkind: GRPCRoute\nmetadata: {name: g}\nspec: {}\n');
    expect(grpc.map((f) => f.rule)).toEqual(['schema/unknown-crd']);
  });
});

describe("the user's CRDs take precedence over the bundled schemas", () => {
  // A deliberately narrow ServiceMonitor CRD: what the user gives is what is used.
  const narrow = crd('ServiceMonitor', 'selector: {type: object, x-kubernetes-preserve-unknown-fields: true}\nendpoints: {type: array, items: {type: object, properties: {port: {type: string}}}}', { group: 'monitoring.coreos.com' });

  it('GIVEN a ServiceMonitor CRD among the inputs WHEN a ServiceMonitor is validated THEN that CRD is used (not the bundled one) and an info finding says so', () => {
    const fs = check(`${narrow}---\n${SERVICE_MONITOR}`);
    expect(errors(fs).map((f) => f.path).sort()).toEqual([
      'spec.endpoints[0].bearerTokenFile', 'spec.endpoints[0].interval', 'spec.endpoints[0].metricRelabelings',
      'spec.endpoints[0].relabelings', 'spec.endpoints[0].scheme', 'spec.endpoints[0].tlsConfig', 'spec.jobLabel',
    ]);
    const info = fs.find((f) => f.rule === 'schema/crd-source');
    expect(info?.message).toMatch(/validated against its CRD in test\.yaml, which takes precedence over the bundled schema \(@kubernetes-models\/prometheus-operator@/);
  });

  it('GIVEN a CRD from crdSources (crds/ or --crds) and another among the inputs WHEN validated THEN the input wins over crdSources, which wins over the bundled schema', () => {
    const wide = crd('ServiceMonitor', 'x: {type: string}', { group: 'monitoring.coreos.com' }).replace('            type: object\n', '            type: object\n            x-kubernetes-preserve-unknown-fields: true\n');
    const source = { file: 'crds/servicemonitor.yaml', object: parseManifests(narrow, 'crds/servicemonitor.yaml').docs[0].object };
    const fromSource = check(SERVICE_MONITOR, { crdSources: [source] });
    expect(errors(fromSource).length).toBeGreaterThan(0);
    expect(fromSource.find((f) => f.rule === 'schema/crd-source')?.message).toMatch(/its CRD in crds\/servicemonitor\.yaml/);
    const fromInput = check(`${wide}---\n${SERVICE_MONITOR}`, { crdSources: [source] });
    expect(errors(fromInput)).toEqual([]);
    expect(fromInput.find((f) => f.rule === 'schema/crd-source')?.message).toMatch(/its CRD in test\.yaml/);
  });

  it('GIVEN a CRD inside a List among the inputs WHEN its custom resource is validated THEN the CRD is used', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n${narrow.split('\n').map((l, i) => (l ? `${i === 0 ? '- ' : '  '}${l}` : l)).join('\n')}---\n${SERVICE_MONITOR}`;
    expect(errors(check(list)).some((f) => f.path === 'spec.endpoints[0].tlsConfig')).toBe(true);
  });
});

describe('CRDs judged as the API server judges them', () => {
  it("GIVEN a CRD property written 'port: null' WHEN validated THEN the CRD gets an error and its custom resources are not silently passed", () => {
    const fs = check(`${crd('Widget', 'replicas: {type: integer}\nport: null')}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {replicas: not-a-number}\n`);
    const onCrd = fs.filter((f) => f.documentIndex === 0 && f.severity === 'error');
    expect(onCrd).toHaveLength(1);
    expect(onCrd[0]).toMatchObject({ rule: 'schema/crd-schema', path: 'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.port' });
    expect(onCrd[0].message).toMatch(/a schema must be a mapping, got null/);
    const onCr = fs.filter((f) => f.documentIndex === 1);
    expect(onCr.map((f) => [f.severity, f.rule])).toEqual([['error', 'schema/invalid-crd']]);
    expect(onCr[0].message).toMatch(/Widget \(example\.com\/v1\) cannot be validated: its CRD in test\.yaml has an invalid schema/);
  });

  it('GIVEN a CRD pattern "([" WHEN validated THEN it is a finding on the CRD (RE2 cannot compile it)', () => {
    const fs = errors(check(crd('Widget', 'name: {type: string, pattern: "(["}')));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'schema/crd-schema', path: 'spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.name.pattern' });
    expect(fs[0].message).toMatch(/does not compile as an RE2 regular expression.*missing closing \]/);
  });

  it('GIVEN a pattern only ECMAScript accepts (lookahead) or only RE2 accepts ((?i)) WHEN validated THEN RE2 decides, as in the API server', () => {
    expect(errors(check(crd('Widget', 'name: {type: string, pattern: "^(?=a)a$"}')))[0]?.message).toMatch(/invalid or unsupported Perl syntax/);
    const fs = check(`${crd('Widget', 'name: {type: string, pattern: "(?i)^abc$"}')}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {name: ABC}\n`);
    expect(errors(fs)).toEqual([]);
  });

  it('GIVEN pattern ^(a+)+$ and a value of 31 "a"s and a "!" WHEN validated THEN it finishes at once with a pattern error', () => {
    const value = `${'a'.repeat(31)}!`;
    const t0 = Date.now();
    const fs = errors(check(`${crd('Word', 'word: {type: string, pattern: "^(a+)+$"}')}---\napiVersion: example.com/v1\nkind: Word\nmetadata: {name: w}\nspec: {word: "${value}"}\n`));
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'schema/pattern', path: 'spec.word' });
  });

  it('GIVEN an apiextensions.k8s.io/v1 CRD with a property without a type WHEN validated THEN the structural-schema rule is a finding; x-kubernetes-int-or-string and preserve-unknown-fields need none', () => {
    const fs = errors(check(crd('Widget', 'size: {description: no type}\nport: {x-kubernetes-int-or-string: true}\nextra: {x-kubernetes-preserve-unknown-fields: true}\nlist: {type: array}')));
    expect(fs.map((f) => [f.path, f.message])).toEqual([
      ['spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.list', "the API server refuses this CRD: an array schema needs 'items'"],
      ['spec.versions[0].schema.openAPIV3Schema.properties.spec.properties.size.type', "the API server refuses this CRD: missing 'type': every schema of a structural CRD needs one"],
    ]);
  });
});

describe('CRDs of apiextensions.k8s.io/v1beta1', () => {
  it('GIVEN a v1beta1 CRD (served by no vendored version) whose properties have no type WHEN its custom resource is validated THEN the CRD is used (v1beta1 allowed non-structural schemas); with a null property the resource is reported', () => {
    const cr = '---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {count: many}\n';
    const loose = check(crd('Widget', 'size: {description: no type}\ncount: {type: integer}', { apiVersion: 'apiextensions.k8s.io/v1beta1' }) + cr);
    expect(loose.filter((f) => f.documentIndex === 1 && f.severity === 'error').map((f) => [f.rule, f.path])).toEqual([['schema/type', 'spec.count']]);
    const nulled = check(crd('Widget', 'size: null\ncount: {type: integer}', { apiVersion: 'apiextensions.k8s.io/v1beta1' }) + cr);
    expect(nulled.filter((f) => f.documentIndex === 1).map((f) => f.rule)).toEqual(['schema/invalid-crd']);
  });
});

describe('helmless validate --crds DIR and ./crds/', () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-crds-'));
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
  async function run(args: string[], cwd: string): Promise<{ code: number; stderr: string }> {
    const stdout = new Sink();
    const stderr = new Sink();
    const code = await command.run(args, { stdout, stderr, stdin: Readable.from([]), cwd, env: {} });
    return { code, stderr: stderr.text };
  }
  const widget = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: big}\n';

  it('GIVEN a CRD in --crds DIR WHEN its custom resource is validated THEN the CRD is used (exit 1 on a wrong type); without it the resource is not validated (exit 0)', async () => {
    const dir = path.join(tmp, 'flag');
    fs.mkdirSync(path.join(dir, 'schemas'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'schemas', 'widget.yaml'), crd('Widget', 'size: {type: integer}'));
    fs.writeFileSync(path.join(dir, 'w.yaml'), widget);
    expect((await run(['w.yaml'], dir)).code).toBe(0);
    const r = await run(['--crds', 'schemas', '--verbose', 'w.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error schema\/type: .*spec\.size: 'size' must be an integer/);
    expect((await run(['--crds', 'missing', 'w.yaml'], dir)).code).toBe(2);
  });

  it("GIVEN a crds/ folder in the working directory WHEN validating THEN its CRDs are used without a flag", async () => {
    const dir = path.join(tmp, 'project');
    fs.mkdirSync(path.join(dir, 'crds'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'crds', 'widget.yaml'), crd('Widget', 'size: {type: integer}'));
    fs.writeFileSync(path.join(dir, 'w.yaml'), widget);
    const r = await run(['w.yaml'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/schema\/type/);
  });
});

describe('synth: the project CRDs cdk8s.yaml imports', () => {
  it("GIVEN this repository's cdk8s.yaml WHEN read THEN its local CRD imports are the CRDs synth validates custom resources against", async () => {
    const { readProjectConfig } = await import('../../src/synth/config');
    const { projectCrdSources } = await import('../../src/validate/parse/crd-sources');
    const root = path.resolve(__dirname, '..', '..');
    const config = readProjectConfig(root);
    expect(config.crdFiles).toEqual(['import-crds/external-secrets.yaml', 'import-crds/sealed-secrets.yaml', 'import-crds/servicemonitor.yaml']);
    const kinds = projectCrdSources(root, config.crdFiles).map((c) => `${c.file}: ${((c.object as { spec: { names: { kind: string } } }).spec.names.kind)}`);
    expect(kinds).toEqual(['import-crds/external-secrets.yaml: ExternalSecret', 'import-crds/sealed-secrets.yaml: SealedSecret', 'import-crds/servicemonitor.yaml: ServiceMonitor']);
  });
});

describe('helmless lint on a CRD the API server refuses', () => {
  it("GIVEN a CRD with 'port: null' and a pattern '([' and a custom resource of it WHEN linted THEN exit 1 with the CRD's and the resource's findings, at once", async () => {
    const yaml = `${crd('Widget', 'replicas: {type: integer}\nport: null\nname: {type: string, pattern: "(["}')}---\napiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {replicas: not-a-number}\n`;
    const stdout = new Writable({ write: (_c, _e, cb) => cb() });
    let err = '';
    const stderr = new Writable({ write: (c, _e, cb) => { err += c.toString(); cb(); } });
    const t0 = Date.now();
    const code = await lint.run(['-'], { stdout, stderr, stdin: Readable.from([Buffer.from(yaml)]), cwd: os.tmpdir(), env: {} });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(code).toBe(1);
    expect(err.match(/error schema\/crd-schema/g)).toHaveLength(2);
    expect(err).toMatch(/error schema\/invalid-crd: .*Widget \(example\.com\/v1\) cannot be validated/);
  });
});
