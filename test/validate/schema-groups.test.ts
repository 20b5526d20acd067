// VENDORED_API_GROUPS (src/validate/schema/index.ts) must be exactly the API groups of the
// vendored definitions: it decides whether an unknown kind is a custom resource (skipped) or a
// mistake in a built-in group (an error), without loading every vendored version.
import { describe, expect, it } from 'vitest';
import { schemaFindings, VENDORED_API_GROUPS } from '../../src/validate/schema';
import { availableVersions, loadDefinitions } from '../../src/validate/schema/versions';

describe('vendored API groups', () => {
  it('equal the groups of every vendored version of the definitions', () => {
    const groups = new Set<string>();
    for (const v of availableVersions()) {
      for (const key of loadDefinitions(v).byGvk.keys()) {
        const apiVersion = key.slice(0, key.indexOf('|'));
        groups.add(apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');
      }
    }
    expect([...VENDORED_API_GROUPS].sort()).toEqual([...groups].sort());
  });

  it('tell a custom resource (skipped) from an unknown kind of a built-in group (error)', () => {
    const doc = (apiVersion: string, kind: string, i: number) => ({ object: { apiVersion, kind, metadata: { name: 'x' } }, source: { file: 'f.yaml', documentIndex: i } });
    const findings = schemaFindings([doc('widgets.example.com/v1', 'Widget', 0), doc('apps/v1', 'Deploymnt', 1), doc('storagemigration.k8s.io/v1alpha1', 'Nope', 2)]);
    const rules = findings.map((f) => `${f.documentIndex} ${f.rule}`);
    expect(rules).toContain('0 schema/unknown-crd');
    expect(rules).toContain('1 schema/unknown-kind');
    expect(rules).toContain('2 schema/unknown-kind');
  });
});
