// The generated L1 classes render through typedToJson (src/l1-json.ts): JSON patches apply after
// the typed serializer, so they reach the YAML as written; raw fields the serializer would drop
// or write as null are an error naming the construct path, the field path and the fix.
import { Chart, JsonPatch, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import * as k8s from '../imports/k8s';
import { SealedSecret } from '../imports/bitnami.com';

function deployment(container: Record<string, unknown>): { chart: Chart; d: k8s.KubeDeployment } {
  const chart = new Chart(Testing.app(), 'c');
  const d = new k8s.KubeDeployment(chart, 'web', {
    metadata: { name: 'web' },
    spec: {
      selector: { matchLabels: { a: 'b' } },
      template: { spec: { initContainers: [{ name: 'proxy', image: 'envoy' }], containers: [{ name: 'web', image: 'nginx', ...container } as k8s.Container] } },
    },
  });
  return { chart, d };
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const podSpec = (chart: Chart): any => Testing.synth(chart)[0].spec.template.spec;

describe('GIVEN JSON patches on a typed L1 object', () => {
  it("WHEN they add a plain '250m' request, a field the class does not know and a native sidecar THEN each reaches the YAML as written", () => {
    const { chart, d } = deployment({ resources: { requests: { memory: k8s.Quantity.fromString('64Mi') } } });
    d.addJsonPatch(
      JsonPatch.add('/spec/template/spec/containers/0/resources/requests/cpu', '250m'),
      JsonPatch.add('/spec/template/spec/containers/0/futureField', { enabled: true }),
      JsonPatch.add('/spec/template/spec/initContainers/0/restartPolicy', 'Always'),
    );
    const spec = podSpec(chart);
    expect(spec.containers[0].resources.requests).toEqual({ cpu: '250m', memory: '64Mi' });
    expect(spec.containers[0].futureField).toEqual({ enabled: true });
    expect(spec.initContainers[0].restartPolicy).toBe('Always');
  });

  it('WHEN a patch value is a k8s.Quantity or k8s.IntOrString THEN the YAML holds its value, as before', () => {
    const { chart, d } = deployment({});
    d.addJsonPatch(
      JsonPatch.add('/spec/template/spec/containers/0/resources', { limits: { memory: k8s.Quantity.fromString('1Gi') } }),
      JsonPatch.add('/spec/strategy', { rollingUpdate: { maxSurge: k8s.IntOrString.fromString('25%') } }),
    );
    const out = Testing.synth(chart)[0];
    expect(out.spec.template.spec.containers[0].resources).toEqual({ limits: { memory: '1Gi' } });
    expect(out.spec.strategy).toEqual({ rollingUpdate: { maxSurge: '25%' } });
  });

  it('WHEN a patch removes and replaces fields THEN the result is the patched typed output, keys apiVersion, kind, metadata first', () => {
    const { chart, d } = deployment({});
    d.addJsonPatch(JsonPatch.remove('/spec/template/spec/initContainers'), JsonPatch.replace('/metadata/name', 'renamed'));
    const out = Testing.synth(chart)[0];
    expect(Object.keys(out).slice(0, 3)).toEqual(['apiVersion', 'kind', 'metadata']);
    expect(out.metadata.name).toBe('renamed');
    expect(out.spec.template.spec.initContainers).toBeUndefined();
  });

  it('WHEN the object is a generated CRD class THEN its patches are kept too', () => {
    const chart = new Chart(Testing.app(), 'c');
    const s = new SealedSecret(chart, 's', { metadata: { name: 's' }, spec: { encryptedData: { a: 'AgB=' } } });
    s.addJsonPatch(JsonPatch.add('/spec/template', { type: 'Opaque', futureField: 1 }));
    expect(Testing.synth(chart)[0].spec.template).toEqual({ type: 'Opaque', futureField: 1 });
  });
});

describe('GIVEN raw fields the typed serializer would lose', () => {
  it("WHEN a plain '250m' stands where a k8s.Quantity is expected THEN synth throws naming the path and k8s.Quantity.fromString", () => {
    const { chart } = deployment({ resources: { requests: { cpu: '250m' } } });
    expect(() => Testing.synth(chart)).toThrow(
      /^c\/web: spec\.template\.spec\.containers\[0\]\.resources\.requests\.cpu "250m" is invalid: the typed class KubeDeployment expects a k8s\.Quantity here .*Fix: use k8s\.Quantity\.fromString\('250m'\)/);
  });

  it('WHEN a number stands where a k8s.IntOrString is expected THEN the fix is k8s.IntOrString.fromNumber', () => {
    const { chart } = deployment({ readinessProbe: { httpGet: { port: 8080 } } });
    expect(() => Testing.synth(chart)).toThrow(/readinessProbe\.httpGet\.port 8080 is invalid: .*k8s\.IntOrString.*Fix: use k8s\.IntOrString\.fromNumber\(8080\)/);
  });

  it('WHEN a prop is unknown to the class THEN synth throws naming it, with the patch that would carry it', () => {
    const { chart } = deployment({ imagePullPolcy: 'Always' });
    expect(() => Testing.synth(chart)).toThrow(
      "c/web: spec.template.spec.containers[0].imagePullPolcy \"Always\" is invalid: the typed class KubeDeployment has no field 'imagePullPolcy' here, so it would drop it from the YAML. " +
      "Fix: correct the field name; for a field the class does not know, use addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/imagePullPolcy', 'Always')), which reaches the YAML as written");
  });

  it('WHEN several fields would be lost THEN one line names the first and counts the rest', () => {
    const { chart } = deployment({ a: 1, b: 2 });
    const message = (() => { try { Testing.synth(chart); return ''; } catch (e) { return (e as Error).message; } })();
    expect(message.split('\n')).toHaveLength(1);
    expect(message).toMatch(/containers\[0\]\.a 1 .*\(and 1 more: spec\.template\.spec\.containers\[0\]\.b\)/);
  });
});

describe('GIVEN fields whose YAML names are no TypeScript identifiers', () => {
  it('WHEN a CRD schema uses x-kubernetes-* and $ref THEN nothing is reported lost and the YAML names are written', () => {
    const chart = new Chart(Testing.app(), 'c');
    new k8s.KubeCustomResourceDefinition(chart, 'crd', {
      metadata: { name: 'things.example.com' },
      spec: {
        group: 'example.com', scope: 'Namespaced', names: { kind: 'Thing', plural: 'things' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openApiv3Schema: { type: 'object', xKubernetesPreserveUnknownFields: true, ref: '#/x' } } }],
      },
    });
    const schema = Testing.synth(chart)[0].spec.versions[0].schema.openAPIV3Schema;
    expect(schema).toEqual({ type: 'object', 'x-kubernetes-preserve-unknown-fields': true, $ref: '#/x' });
  });
});
