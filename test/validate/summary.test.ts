import { describe, expect, it } from 'vitest';
import { ResourceList } from '../../src/validate/summary';
import type { Finding, ManifestDocument } from '../../src/validate/types';

const doc = (file: string, documentIndex: number, object: unknown): ManifestDocument => ({ object, source: { file, documentIndex } });
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
const finding = (file: string, documentIndex: number, rule: string, path = ''): Finding =>
  ({ severity: 'error', rule, message: 'm', file, documentIndex, path });

describe('ResourceList', () => {
  it('GIVEN documents of two files interleaved, a List, a document given twice and one without a name WHEN summarized THEN one entry each, sorted, the last copy describing its document', () => {
    const list = new ResourceList();
    list.addDocument(doc('b.yaml', 0, cm('b0')));
    list.addDocument(doc('a.yaml', 1, cm('a1')));
    list.addDocument(doc('a.yaml', 0, { apiVersion: 'v1', kind: 'List', items: [cm('i0'), { kind: 'Secret', metadata: { generateName: 'g-' } }] }));
    list.addDocument(doc('b.yaml', 0, cm('b0-again')));
    list.addDocument(doc('b.yaml', 3, { kind: 'Service', metadata: { name: '' } }));
    const s = list.summarize([finding('a.yaml', 0, 'schema/x', 'items[1].spec'), finding('b.yaml', 2, 'parse/yaml')], 2);
    expect(s.entries).toEqual([
      { file: 'a.yaml', documentIndex: 0, item: 0, kind: 'ConfigMap', name: 'i0', verdict: 'valid' },
      { file: 'a.yaml', documentIndex: 0, item: 1, kind: 'Secret', name: 'g-', verdict: 'invalid' },
      { file: 'a.yaml', documentIndex: 1, kind: 'ConfigMap', name: 'a1', verdict: 'valid' },
      { file: 'b.yaml', documentIndex: 0, kind: 'ConfigMap', name: 'b0-again', verdict: 'valid' },
      { file: 'b.yaml', documentIndex: 2, verdict: 'errors' },
      { file: 'b.yaml', documentIndex: 3, kind: 'Service', verdict: 'valid' },
    ]);
    expect(Object.keys(s.entries[0])).toEqual(['file', 'documentIndex', 'item', 'kind', 'name', 'verdict']);
    expect(s).toMatchObject({ files: 2, resources: 6, valid: 4, invalid: 1, errors: 1, errorFindings: 2 });
  });
});
