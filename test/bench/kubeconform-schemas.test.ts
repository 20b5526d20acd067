// bench/kubeconform-schemas.js writes the schemas the real kubeconform is timed with: they must be
// named the way kubeconform looks them up and be shaped like its standalone-strict schemas, or the
// bench would time kubeconform failing fast instead of validating.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterAll, describe, expect, it } from 'vitest';

// eslint-disable-next-line @typescript-eslint/no-var-requires
const { writeSchemas } = require('../../bench/kubeconform-schemas.js') as {
  writeSchemas(outDir: string, version: string): { dir: string; written: number; skipped: string[] };
};

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-kc-schemas-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
const { dir, written, skipped } = writeSchemas(tmp, 'v1.27.0');
const read = (file: string): Record<string, any> => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')); // eslint-disable-line @typescript-eslint/no-explicit-any

describe('kubeconform schemas for the bench', () => {
  it('GIVEN 1.27.0 WHEN written THEN one file per kind in the layout of -schema-location {{.NormalizedKubernetesVersion}}-standalone-strict', () => {
    expect(dir).toBe(path.join(tmp, 'v1.27.0-standalone-strict'));
    expect(written).toBeGreaterThan(200);
    const files = fs.readdirSync(dir);
    // core group: kind-version; other groups: kind-<first part of the group>-version, lower case
    for (const f of ['configmap-v1.json', 'service-v1.json', 'deployment-apps-v1.json', 'cronjob-batch-v1.json', 'ingress-networking-v1.json',
      'horizontalpodautoscaler-autoscaling-v2.json']) expect(files).toContain(f);
    // self-referencing definitions cannot be inlined (the published schemas leave them out too)
    expect(skipped).toContain('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition');
    expect(files).not.toContain('customresourcedefinition-apiextensions-v1.json');
  });

  it('GIVEN a Deployment schema WHEN read THEN refs are inlined, objects closed, optional fields nullable, int-or-string a oneOf', () => {
    const s = read('deployment-apps-v1.json');
    expect(JSON.stringify(s)).not.toContain('$ref');
    expect(s.additionalProperties).toBe(false);
    expect(s.properties.apiVersion.enum).toEqual(['apps/v1']);
    expect(s.properties.kind.enum).toEqual(['Deployment']);
    const spec = s.properties.spec;
    expect(spec.additionalProperties).toBe(false);
    expect(spec.required).toEqual(['selector', 'template']);
    expect(spec.properties.replicas.type).toEqual(['integer', 'null']);
    expect(spec.properties.selector.type).toBe('object'); // required: not nullable
    expect(spec.properties.strategy.properties.rollingUpdate.properties.maxSurge.oneOf.map((o: { type: unknown }) => o.type))
      .toEqual([['string', 'null'], ['integer', 'null']]);
    const container = spec.properties.template.properties.spec.properties.containers.items;
    expect(container.additionalProperties).toBe(false);
    expect(container.required).toContain('name');
    expect(container.properties.name.type).toBe('string');
  });
});
