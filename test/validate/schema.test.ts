import { describe, expect, it } from 'vitest';
import { locateFindings, parseManifests, summarize, validateDocuments, UnknownVersionError, resolveVersion, availableVersions, DEFAULT_KUBERNETES_VERSION, type EngineOptions, type Finding } from '../../src/validate';

/** Schema layer only, so these tests pin layer 1 whatever the other layers report. */
function check(yaml: string, opts: EngineOptions = {}): Finding[] {
  const { docs, findings } = parseManifests(yaml, 'test.yaml');
  return [...findings, ...validateDocuments(docs, { apiRules: false, wiring: false, ...opts })];
}
const errors = (fs: Finding[]): Finding[] => fs.filter((f) => f.severity === 'error');

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      restartPolicy: Always
      containers:
        - name: web
          image: nginx:1.25
          ports:
            - containerPort: 80
              name: http
          resources:
            requests: {cpu: 100m, memory: 64Mi}
            limits: {memory: 128Mi}
          readinessProbe:
            httpGet: {path: /, port: http}
`;

describe('schema layer: valid manifests', () => {
  it('GIVEN a valid Deployment WHEN validated strictly THEN there are no findings', () => {
    expect(check(DEPLOYMENT, { strict: true })).toEqual([]);
  });

  it('GIVEN every vendored version WHEN a valid Deployment is validated THEN it passes on each', () => {
    for (const v of availableVersions()) expect(errors(check(DEPLOYMENT, { strict: true, kubernetesVersion: v }))).toEqual([]);
  });
});

describe('schema layer: unknown fields (--strict)', () => {
  const typo = DEPLOYMENT.replace('restartPolicy: Always', 'restartPolocy: Always');

  it('GIVEN a typo field WHEN strict THEN schema/unknown-field suggests the right name', () => {
    const fs = errors(check(typo, { strict: true }));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'schema/unknown-field', path: 'spec.template.spec.restartPolocy', fix: 'did you mean restartPolicy?' });
    expect(fs[0].object).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' });
  });

  it('GIVEN the same typo WHEN not strict THEN it passes (kubeconform without -strict)', () => {
    expect(check(typo, { strict: false })).toEqual([]);
  });

  it('GIVEN an unknown top-level field WHEN strict THEN it is reported too', () => {
    expect(errors(check(DEPLOYMENT + 'extra: 1\n', { strict: true }))[0]).toMatchObject({ rule: 'schema/unknown-field', path: 'extra' });
  });

  it('GIVEN free-form maps (labels, annotations, ConfigMap data) WHEN strict THEN any key is allowed', () => {
    const cm = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {"example.com/anything": "x"}\ndata:\n  whatever.key: v\n';
    expect(check(cm, { strict: true })).toEqual([]);
  });
});

describe('schema layer: types', () => {
  it('GIVEN a quoted number for an integer WHEN validated THEN schema/type says to remove the quotes', () => {
    const fs = errors(check(DEPLOYMENT.replace('replicas: 2', 'replicas: "2"')));
    expect(fs[0]).toMatchObject({ rule: 'schema/type', path: 'spec.replicas', fix: 'remove the quotes: 2' });
    expect(fs[0].message).toMatch(/must be an integer, got the string "2"/);
  });

  it('GIVEN a number where a string is required WHEN validated THEN the fix says to quote it', () => {
    const fs = errors(check(DEPLOYMENT.replace('image: nginx:1.25', 'image: 1.25')));
    expect(fs[0]).toMatchObject({ rule: 'schema/type', path: 'spec.template.spec.containers[0].image', fix: 'quote the value: "1.25"' });
  });

  it('GIVEN an unquoted yes in a string field WHEN validated THEN it is a boolean, as for kubectl, and the fix says to quote it', () => {
    const cm = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: x\n    env:\n    - name: DEBUG\n      value: yes\n';
    const fs = errors(check(cm));
    expect(fs[0]).toMatchObject({ rule: 'schema/type', path: 'spec.containers[0].env[0].value' });
    expect(fs[0].fix).toMatch(/quote the value: unquoted true, yes, on, y are booleans to kubectl/);
    expect(errors(check(cm.replace('value: yes', 'value: "yes"')))).toEqual([]);
  });

  it('GIVEN an octal file mode WHEN validated THEN 0644 is read as 420, as kubectl does', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: x}]\n  volumes:\n  - name: s\n    secret:\n      secretName: s\n      defaultMode: 0644\n';
    const { docs } = parseManifests(pod, 'p.yaml');
    expect((docs[0].object as { spec: { volumes: { secret: { defaultMode: number } }[] } }).spec.volumes[0].secret.defaultMode).toBe(420);
    expect(errors(check(pod))).toEqual([]);
  });

  it('GIVEN a mapping where a list is required WHEN validated THEN schema/type asks for a list', () => {
    const fs = errors(check(DEPLOYMENT.replace(/containers:\n {8}- name: web/, 'containers:\n          name: web')));
    expect(fs.some((f) => f.rule === 'schema/type' && f.path === 'spec.template.spec.containers' && /a list/.test(f.message))).toBe(true);
  });

  it('GIVEN a list where a mapping is required WHEN validated THEN schema/type asks for a mapping', () => {
    const fs = errors(check('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  - name: c\n'));
    expect(fs[0]).toMatchObject({ rule: 'schema/type', path: 'metadata' });
  });

  it('GIVEN null for optional fields WHEN validated THEN it is accepted (kubeconform null_string/null_array)', () => {
    const svc = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n  creationTimestamp: null\nspec:\n  selector: null\n  ports:\n  - port: 80\n    name: null\n';
    expect(check(svc, { strict: true })).toEqual([]);
  });

  it('GIVEN null for a required field WHEN validated THEN schema/required says it must not be null', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: null\n';
    expect(errors(check(pod))).toEqual([expect.objectContaining({ rule: 'schema/required', path: 'spec.containers' })]);
    expect(errors(check(pod))[0].message).toMatch(/must not be null/);
  });

  it('GIVEN a bad date-time WHEN validated THEN schema/format names the expected format', () => {
    const fs = errors(check('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  creationTimestamp: yesterday\n'));
    expect(fs[0]).toMatchObject({ rule: 'schema/format', path: 'metadata.creationTimestamp' });
  });
});

describe('schema layer: required fields', () => {
  it('GIVEN a Deployment without selector WHEN validated THEN schema/required names selector', () => {
    const fs = errors(check(DEPLOYMENT.replace('  selector:\n    matchLabels: {app: web}\n', '')));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'schema/required', path: 'spec.selector', fix: "add 'selector'" });
  });

  it('GIVEN a container without a name WHEN validated THEN the path points into the list', () => {
    const fs = errors(check(DEPLOYMENT.replace('        - name: web\n          image', '        - image')));
    expect(fs[0]).toMatchObject({ rule: 'schema/required', path: 'spec.template.spec.containers[0].name' });
  });
});

describe('schema layer: enums', () => {
  it('GIVEN a list kind whose items have the wrong kind WHEN validated THEN schema/enum lists what is allowed', () => {
    const list = 'apiVersion: v1\nkind: ConfigMapList\nitems:\n- apiVersion: v1\n  kind: Secret\n  metadata: {name: x}\n';
    const fs = errors(check(list));
    expect(fs.some((f) => f.rule === 'schema/enum' && f.path === 'items[0].kind' && /"ConfigMap"/.test(f.message))).toBe(true);
  });

  it('GIVEN a CRD field with an enum WHEN given a value outside it THEN schema/enum suggests the closest', () => {
    const sm = 'apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m}\nspec:\n  selector: {}\n  endpoints:\n  - port: web\n    scheme: htps\n';
    const fs = errors(check(sm, { strict: true }));
    expect(fs.find((f) => f.rule === 'schema/enum')).toMatchObject({ path: 'spec.endpoints[0].scheme', fix: 'did you mean https?' });
  });
});

describe('schema layer: int-or-string and quantities', () => {
  const svc = (tp: string): string => `apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - port: 80\n    targetPort: ${tp}\n`;

  it('GIVEN targetPort as a number or a name WHEN validated THEN both pass', () => {
    expect(check(svc('8080'), { strict: true })).toEqual([]);
    expect(check(svc('http'), { strict: true })).toEqual([]);
  });

  it('GIVEN targetPort as a fraction or a boolean WHEN validated THEN schema/type says int-or-string', () => {
    for (const bad of ['1.5', 'true']) {
      const fs = errors(check(svc(bad)));
      expect(fs[0]).toMatchObject({ rule: 'schema/type', path: 'spec.ports[0].targetPort' });
      expect(fs[0].message).toMatch(/int-or-string/);
    }
  });

  const res = (q: string): string => DEPLOYMENT.replace('limits: {memory: 128Mi}', `limits: {memory: ${q}}`);

  it('GIVEN quantities as suffixed strings, numbers and exponents WHEN validated THEN they pass', () => {
    for (const q of ['128Mi', '1', '0.5', '1e3', '"1.5Gi"', '500m', '+1k']) expect(errors(check(res(q)))).toEqual([]);
  });

  it('GIVEN a malformed quantity WHEN validated THEN schema/quantity says what is allowed and how to fix it', () => {
    const fs = errors(check(res('1GB')));
    expect(fs[0]).toMatchObject({ rule: 'schema/quantity', path: 'spec.template.spec.containers[0].resources.limits.memory' });
    expect(fs[0].fix).toBe('write the unit as G (10^9) or Gi (2^30), e.g. "1Gi"');
    expect(errors(check(res('lots')))[0].rule).toBe('schema/quantity');
    expect(errors(check(res('[1]')))[0].rule).toBe('schema/type');
  });
});

describe('schema layer: apiVersion and kind', () => {
  const cases: [string, string, string, RegExp][] = [
    ['extensions/v1beta1', 'Deployment', 'apps/v1', /1\.16/],
    ['batch/v1beta1', 'CronJob', 'batch/v1', /1\.25/],
    ['policy/v1beta1', 'PodDisruptionBudget', 'policy/v1', /1\.25/],
    ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', 'autoscaling/v2', /1\.26/],
    ['networking.k8s.io/v1beta1', 'Ingress', 'networking.k8s.io/v1', /1\.22/],
  ];
  for (const [apiVersion, kind, replacement, removedIn] of cases) {
    it(`GIVEN ${apiVersion} ${kind} on 1.27 WHEN validated THEN schema/removed-api names ${replacement}`, () => {
      const fs = errors(check(`apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: x}\n`));
      expect(fs).toHaveLength(1);
      expect(fs[0]).toMatchObject({ rule: 'schema/removed-api', path: 'apiVersion' });
      expect(fs[0].message).toMatch(removedIn);
      expect(fs[0].message).toContain(replacement);
      expect(fs[0].fix).toContain(`change apiVersion to ${replacement}`);
    });
  }

  it('GIVEN an apiVersion that never existed for a kind WHEN validated THEN the served apiVersions are listed', () => {
    const fs = errors(check('apiVersion: apps/v2\nkind: Deployment\nmetadata: {name: x}\n'));
    expect(fs[0]).toMatchObject({ rule: 'schema/unknown-api-version', fix: 'change apiVersion to apps/v1' });
  });

  it('GIVEN an API that appears in a later version WHEN validated on 1.27 THEN the error names that version; on 1.30 it passes', () => {
    const vap = 'apiVersion: admissionregistration.k8s.io/v1\nkind: ValidatingAdmissionPolicy\nmetadata: {name: p}\nspec:\n  validations:\n  - expression: "true"\n';
    const fs = errors(check(vap, { kubernetesVersion: '1.27' }));
    expect(fs[0].rule).toBe('schema/unknown-api-version');
    expect(fs[0].message).toMatch(/appears in 1\.30/);
    expect(errors(check(vap, { kubernetesVersion: '1.30' }))).toEqual([]);
  });

  it('GIVEN a misspelled built-in kind WHEN validated THEN schema/unknown-kind suggests the kind', () => {
    const fs = errors(check('apiVersion: v1\nkind: Pood\nmetadata: {name: x}\n'));
    expect(fs[0]).toMatchObject({ rule: 'schema/unknown-kind', fix: 'did you mean Pod?' });
  });

  it('GIVEN no kind, no apiVersion, or neither WHEN validated THEN each is an error', () => {
    expect(errors(check('apiVersion: v1\nmetadata: {name: x}\n'))[0].rule).toBe('schema/missing-kind');
    expect(errors(check('kind: ConfigMap\nmetadata: {name: x}\n'))[0]).toMatchObject({ rule: 'schema/missing-api-version', fix: "add 'apiVersion: v1'" });
    expect(errors(check('key: value\n'))).toHaveLength(1);
    expect(errors(check('kind:\napiVersion: v1\n'))[0].rule).toBe('schema/missing-kind');
  });

  it('GIVEN a document that is a list or a scalar WHEN validated THEN schema/not-an-object', () => {
    expect(errors(check('- a\n- b\n'))[0].rule).toBe('schema/not-an-object');
    expect(errors(check('just text\n'))[0].rule).toBe('schema/not-an-object');
  });
});

describe('schema layer: custom resources', () => {
  const sm = (extra = ''): string => `apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m}\nspec:\n  selector:\n    matchLabels: {app: web}\n  endpoints:\n  - port: http\n${extra}`;

  it('GIVEN a custom resource with a bundled schema WHEN valid THEN no error, and an info finding names the schema used', () => {
    const fs = check(sm(), { strict: true });
    expect(errors(fs)).toEqual([]);
    expect(fs.find((f) => f.rule === 'schema/crd-source')?.message).toMatch(/bundled schema \(@kubernetes-models\/prometheus-operator@/);
  });

  it('GIVEN a custom resource with a typo WHEN strict and its CRD is among the inputs THEN the CRD schema catches it', () => {
    const crd = [
      'apiVersion: apiextensions.k8s.io/v1', 'kind: CustomResourceDefinition', 'metadata: {name: servicemonitors.monitoring.coreos.com}',
      'spec:', '  group: monitoring.coreos.com', '  scope: Namespaced',
      '  names: {kind: ServiceMonitor, plural: servicemonitors, singular: servicemonitor, listKind: ServiceMonitorList}',
      '  versions:', '  - name: v1', '    served: true', '    storage: true', '    schema:', '      openAPIV3Schema:', '        type: object',
      '        properties:', '          spec:', '            type: object', '            required: [selector]', '            properties:',
      '              jobLabel: {type: string}', '              selector: {type: object, x-kubernetes-preserve-unknown-fields: true}',
      '              endpoints: {type: array, items: {type: object, x-kubernetes-preserve-unknown-fields: true}}', '---', '',
    ].join('\n');
    const fs = errors(check(crd + sm('  jobLable: x\n'), { strict: true }));
    expect(fs[0]).toMatchObject({ rule: 'schema/unknown-field', path: 'spec.jobLable', fix: 'did you mean jobLabel?' });
  });

  it('GIVEN a custom resource missing a field its schema requires WHEN validated THEN schema/required', () => {
    const fs = errors(check('apiVersion: monitoring.coreos.com/v1\nkind: ServiceMonitor\nmetadata: {name: m}\nspec: {}\n'));
    expect(fs.map((f) => f.path)).toContain('spec.selector');
    expect(fs.every((f) => f.rule === 'schema/required')).toBe(true);
  });

  it('GIVEN a List WHEN the API rules and wiring find problems in an item THEN the path points into items[N] and the line is that item\'s', () => {
    const list = [
      'apiVersion: v1', 'kind: List', 'items:',
      '- apiVersion: v1', '  kind: ConfigMap', '  metadata: {name: ok}',
      '- apiVersion: apps/v1', '  kind: Deployment', '  metadata: {name: Bad_Name}', '  spec:',
      '    selector: {matchLabels: {a: b}}', '    template:', '      metadata: {labels: {a: c}}',
      '      spec: {containers: [{name: x, image: "nginx:1.25"}]}', '',
    ].join('\n');
    const { docs, texts } = parseManifests(list, 'list.yaml');
    const fs = locateFindings(validateDocuments(docs), texts);
    expect(fs.map((f) => [f.rule, f.path, f.line])).toEqual([
      ['api/metadata-name', 'items[1].metadata.name', 9],
      ['api/selector', 'items[1].spec.template.metadata.labels', 13],
    ]);
  });

  it('GIVEN a kustomization.yaml WHEN validated THEN it is skipped as kustomize build configuration, even with missingCrds: error', () => {
    const k = 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - shop.k8s.yaml\n';
    const { docs } = parseManifests(k, 'dist/prod/kustomization.yaml');
    for (const missingCrds of ['skip', 'error'] as const) {
      const fs = validateDocuments(docs, { missingCrds, strict: true });
      expect(fs).toEqual([expect.objectContaining({ severity: 'info', rule: 'schema/skipped' })]);
      expect(fs[0].message).toMatch(/kustomize build configuration, not a cluster object/);
    }
  });

  it('GIVEN a custom resource with an unknown CRD WHEN validated THEN it is reported as not validated (skipped), or an error with missingCrds: error', () => {
    const cr = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3}\n';
    const { docs } = parseManifests(cr, 'cr.yaml');
    const skipped = validateDocuments(docs, { apiRules: false, wiring: false });
    expect(skipped).toEqual([expect.objectContaining({ severity: 'info', rule: 'schema/unknown-crd' })]);
    expect(skipped[0].message).toMatch(/Widget 'w' was not validated: no schema for Widget \(example\.com\/v1\)/);
    expect(summarize(docs, skipped, 1)).toMatchObject({ skipped: 1, valid: 0, errors: 0 });
    const fs = validateDocuments(docs, { apiRules: false, wiring: false, missingCrds: 'error' });
    expect(fs[0]).toMatchObject({ severity: 'error', rule: 'schema/unknown-kind' });
    expect(summarize(docs, fs, 1)).toMatchObject({ errors: 1 });
  });

  it('GIVEN an unknown kind of a built-in group WHEN ignoreMissingSchemas THEN it is skipped instead of failing (kubeconform -ignore-missing-schemas)', () => {
    const t = 'apiVersion: v1\nkind: Pood\nmetadata: {name: x}\n';
    expect(errors(check(t))[0].rule).toBe('schema/unknown-kind');
    expect(check(t, { ignoreMissingSchemas: true })).toEqual([expect.objectContaining({ severity: 'info', rule: 'schema/skipped' })]);
  });

  it('GIVEN an API group without a dot that Kubernetes does not serve WHEN validated THEN it is an error (CRD groups contain a dot)', () => {
    expect(errors(check('apiVersion: myapp/v1\nkind: Thing\nmetadata: {name: x}\n'))[0]).toMatchObject({ rule: 'schema/unknown-api-version' });
  });

  it('GIVEN a custom resource in a k8s.io group that Kubernetes does not serve (VolumeSnapshot) WHEN validated THEN it is treated as a CRD kind', () => {
    const snap = 'apiVersion: snapshot.storage.k8s.io/v1\nkind: VolumeSnapshot\nmetadata: {name: s}\n';
    expect(errors(check(snap, { missingCrds: 'error' }))[0].message).toMatch(/CustomResourceDefinition is not known/);
    expect(check(snap)).toEqual([expect.objectContaining({ rule: 'schema/unknown-crd', severity: 'info' })]);
  });

  it('GIVEN a CRD and its custom resource in the same input WHEN validated THEN the CR is checked against that CRD', () => {
    const crd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [size]
            properties:
              size: {type: integer, minimum: 1}
              color: {type: string, pattern: '^[a-z]+$'}
---
`;
    expect(errors(check(crd + 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 3, color: red}\n', { strict: true }))).toEqual([]);
    const bad = errors(check(crd + 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: 0, color: Red, shape: round}\n', { strict: true }));
    expect(bad.map((f) => f.rule).sort()).toEqual(['schema/pattern', 'schema/range', 'schema/unknown-field']);
  });

  it('GIVEN a CRD object itself WHEN validated THEN it is checked against the core CustomResourceDefinition schema', () => {
    const crd = 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: a.example.com}\nspec:\n  group: example.com\n  scope: Namespaced\n  names: {kind: A, plural: as}\n  versions:\n  - name: v1\n    served: true\n    storage: true\n    schemma: {}\n';
    const fs = errors(check(crd, { strict: true }));
    expect(fs[0]).toMatchObject({ rule: 'schema/unknown-field', path: 'spec.versions[0].schemma', fix: 'did you mean schema?' });
  });
});

describe('schema layer: duplicate keys', () => {
  const dup = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: b\n';

  it('GIVEN a duplicate key WHEN strict THEN schema/duplicate-key is an error', () => {
    expect(check(dup, { strict: true })).toEqual([expect.objectContaining({ severity: 'error', rule: 'schema/duplicate-key', path: 'metadata.name' })]);
  });

  it('GIVEN a duplicate key WHEN not strict THEN a warning only (kubeconform accepts it)', () => {
    expect(check(dup)).toEqual([expect.objectContaining({ severity: 'warning', rule: 'schema/duplicate-key' })]);
  });
});

describe('schema layer: List documents, skip and reject', () => {
  const list = `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: ok}
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: bad}
  data: [1]
`;

  it('GIVEN a v1 List WHEN validated THEN each item is validated and counted, like kubeconform', () => {
    const { docs } = parseManifests(list, 'l.yaml');
    const fs = validateDocuments(docs, { apiRules: false, wiring: false });
    expect(fs.map((f) => f.path)).toEqual(['items[1].data']);
    expect(summarize(docs, fs, 1)).toMatchObject({ resources: 2, valid: 1, invalid: 1 });
  });

  it('GIVEN an empty List WHEN validated THEN zero resources and no findings', () => {
    const { docs } = parseManifests('apiVersion: v1\nkind: List\nitems: []\n', 'e.yaml');
    expect(validateDocuments(docs)).toEqual([]);
    expect(summarize(docs, [], 1).resources).toBe(0);
  });

  it('GIVEN --skip and --reject kinds WHEN validated THEN skipped resources are counted and rejected ones are errors', () => {
    const { docs } = parseManifests(DEPLOYMENT, 'd.yaml');
    const skipped = validateDocuments(docs, { skipKinds: ['Deployment'] });
    expect(summarize(docs, skipped, 1)).toMatchObject({ skipped: 1 });
    expect(validateDocuments(docs, { skipKinds: ['apps/v1/Deployment'] })[0].rule).toBe('schema/skipped');
    expect(validateDocuments(docs, { skipKinds: ['apps/v2/Deployment'], apiRules: false, wiring: false })).toEqual([]);
    expect(validateDocuments(docs, { rejectKinds: ['Deployment'] })[0]).toMatchObject({ rule: 'schema/rejected-kind', severity: 'error' });
  });
});

describe('engine', () => {
  it('GIVEN a Kubernetes version as x.y or x.y.z WHEN resolved THEN both select the vendored definitions', () => {
    expect(resolveVersion('1.30')).toBe('1.30.0');
    expect(resolveVersion('1.30.0')).toBe('1.30.0');
    expect(resolveVersion(undefined)).toBe('1.36.0');
  });

  it('GIVEN no version WHEN validating THEN the default is the newest vendored version, and 1.27 stays selectable', () => {
    expect(DEFAULT_KUBERNETES_VERSION).toBe(availableVersions()[availableVersions().length - 1]);
    expect(resolveVersion(undefined)).toBe(DEFAULT_KUBERNETES_VERSION);
    expect(resolveVersion('1.27')).toBe('1.27.0');
  });

  it('GIVEN a version that is not vendored WHEN validating THEN UnknownVersionError lists the available ones', () => {
    expect(() => validateDocuments([], { kubernetesVersion: '1.20' })).toThrow(UnknownVersionError);
    expect(() => resolveVersion('1.20')).toThrow(/1\.27, 1\.28.*1\.36/);
  });

  it('GIVEN documents created by constructs WHEN findings are reported THEN they carry the construct path and source line', () => {
    const { docs } = parseManifests(DEPLOYMENT.replace('replicas: 2', 'replicas: two'), 'dist/app.yaml');
    const withSource = docs.map((d) => ({ ...d, source: { ...d.source, constructPath: 'app/web/deployment', sourceLocation: 'src/charts/app.ts:12' } }));
    const fs = errors(validateDocuments(withSource, { strict: true, evidence: 'complete' }));
    expect(fs[0]).toMatchObject({ constructPath: 'app/web/deployment', sourceLocation: 'src/charts/app.ts:12', path: 'spec.replicas' });
  });

  it('GIVEN findings in several documents WHEN validated twice in different input orders THEN the output is identically sorted', () => {
    const a = parseManifests('apiVersion: v1\nkind: Pood\n', 'b.yaml').docs;
    const b = parseManifests('kind: ConfigMap\n', 'a.yaml').docs;
    const one = validateDocuments([...a, ...b], { apiRules: false, wiring: false });
    const two = validateDocuments([...b, ...a], { apiRules: false, wiring: false });
    expect(one).toEqual(two);
    expect(one.map((f) => f.file)).toEqual(['a.yaml', 'b.yaml']);
  });
});

describe('engine: one finding per problem across layers', () => {
  it('GIVEN a malformed quantity that both the schema layer and the API-server rules catch WHEN validated THEN it is reported once, with the schema fix', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: x\n    resources:\n      limits: {cpu: "1.5 cores"}\n';
    const { docs } = parseManifests(pod, 'p.yaml');
    const fs = validateDocuments(docs, { strict: true }).filter((f) => /quantity/.test(f.rule));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'schema/quantity', path: 'spec.containers[0].resources.limits.cpu' });
    expect(fs[0].fix).toBe('write CPU as a plain number of cores ("1.5") or in millicores ("1500m")');
  });
});

describe('engine: a missing required field is reported once', () => {
  it('GIVEN a Deployment without selector WHEN all layers run THEN only the schema finding names spec.selector', () => {
    const { docs } = parseManifests(DEPLOYMENT.replace('  selector:\n    matchLabels: {app: web}\n', ''), 'd.yaml');
    const at = validateDocuments(docs, { strict: true }).filter((f) => f.path === 'spec.selector' && f.severity === 'error');
    expect(at.map((f) => f.rule)).toEqual(['schema/required']);
  });
});
