// The engine takes documents one at a time (Validation.add) and checks them in batches as they
// come: the result must not depend on where a document sits in the input or on batch boundaries.
import { describe, expect, it } from 'vitest';
import { parseManifests, Validation, validateDocuments, type Finding, type ManifestDocument } from '../../src/validate';

const configMap = (name: string, extra = ''): string => `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}}\ndata: {a: b}\n${extra}`;

const CRD = `apiVersion: apiextensions.k8s.io/v1
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
            properties:
              size: {type: integer}
`;
const WIDGET = 'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {size: big}\n';

function docsOf(yaml: string): ManifestDocument[] {
  return parseManifests(yaml, 'in.yaml').docs;
}

const rules = (fs: readonly Finding[]): string[] => fs.map((f) => `${f.documentIndex} ${f.rule} ${f.path}`);

describe('Validation: documents one at a time', () => {
  it('GIVEN a custom resource before its CRD, with more than a batch of documents between them WHEN validated THEN it is checked against that CRD', () => {
    const filler = Array.from({ length: 600 }, (_, i) => configMap(`c${i}`));
    const fs = validateDocuments(docsOf([WIDGET, ...filler, CRD].join('---\n')), { strict: true, wiring: false });
    expect(rules(fs.filter((f) => f.severity === 'error'))).toEqual(['0 schema/type spec.size']);
  });

  it('GIVEN a List item and a later document of the same name, more than a batch apart WHEN validated THEN the later one is the duplicate, as in input order', () => {
    const list = `apiVersion: v1\nkind: List\nitems:\n- apiVersion: example.com/v1\n  kind: Widget\n  metadata: {name: w}\n- ${configMap('dup').trimEnd().replace(/\n/g, '\n  ')}\n`;
    const filler = Array.from({ length: 300 }, (_, i) => configMap(`c${i}`));
    const fs = validateDocuments(docsOf([list, ...filler, configMap('dup')].join('---\n')), { strict: true });
    const dup = fs.filter((f) => f.rule === 'wiring/duplicate');
    expect(dup.map((f) => [f.documentIndex, f.message])).toEqual([[301, 'Duplicate object: ConfigMap "dup" in namespace "default" is already defined in in.yaml document 0 items[1]']]);
  });

  it('GIVEN the same documents WHEN added one by one or validated as a list THEN the findings and the summary are the same', () => {
    const text = [WIDGET, configMap('x', 'bogus: 1\n'), CRD, configMap('x'), 'kind: ConfigMap\n'].join('---\n');
    const docs = docsOf(text);
    const run = new Validation({ strict: true });
    for (const d of docs) run.add(d);
    const found = run.finish();
    expect(found).toEqual(validateDocuments(docs, { strict: true }));
    expect(found.length).toBeGreaterThan(2);
    expect(run.summarize(found, 1)).toMatchObject({ resources: 5, invalid: 3, errors: 1, valid: 1 });
  });
});
