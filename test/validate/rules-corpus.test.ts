// Corpus check: the Kubernetes website examples (../shared/corpus, present on dev and CI machines,
// absent in a user's clone: then skipped). The API-server rules may only reject a file that the
// real kubeconform rejects too, or one of the few files the API server provably refuses.
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { apiServerRules } from '../../src/validate/rules';
import { wiringChecks } from '../../src/validate/wiring';
import type { ManifestDocument } from '../../src/validate/types';

const root = path.resolve(__dirname, '../../../shared/corpus/k8s-website-examples');
const present = fs.existsSync(path.join(root, 'KUBECONFORM-VERDICTS.tsv'));

/** Files kubeconform accepts but the API server refuses, with the reason. */
const PROVEN_WRONG: Record<string, string> = {
  'application/job/job-tmpl.yaml': 'metadata.name "process-item-$ITEM" is a template placeholder, not a DNS-1123 subdomain',
  'controllers/job-success-policy-example.yaml': 'no metadata.name, and a Job template without restartPolicy (defaults to Always, refused for Jobs)',
  'pods/security/seccomp/fields.yaml': 'spec.ephemeralContainers cannot be set on create (the file says so in a comment)',
  'pods/pod-with-numeric-toleration.yaml': 'toleration operator Gt needs the alpha TaintTolerationComparisonOperators gate (off by default)',
  'secret/tls-auth-secret.yaml': 'data values "REPLACE_WITH_BASE64_CERT"/"…_KEY" are not base64 (underscores)',
};

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : /\.(ya?ml|json)$/.test(e.name) ? [path.join(dir, e.name)] : []);
}

function load(): { rel: string; docs: ManifestDocument[] }[] {
  return walk(root).map((f) => {
    const rel = path.relative(root, f);
    let docs: ManifestDocument[] = [];
    try {
      docs = parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d, i) => ({ object: d.toJS(), source: { file: rel, documentIndex: i } }));
    } catch {
      docs = [];
    }
    return { rel, docs };
  });
}

describe.skipIf(!present)('k8s website examples corpus', () => {
  const verdicts = present ? fs.readFileSync(path.join(root, 'KUBECONFORM-VERDICTS.tsv'), 'utf8').split('\n').slice(1) : [];
  const files = present ? load() : [];
  for (const version of ['1.27.0', '1.36.0']) {
    it(`GIVEN every example at ${version} THEN API-rule rejections are kubeconform rejections or proven refusals`, () => {
      const kcRejects = new Set(verdicts.map((l) => l.split('\t')).filter((c) => c[1] === version && c[2] !== '0').map((c) => c[0]));
      const unexplained: string[] = [];
      const proven = new Set<string>();
      for (const { rel, docs } of files) {
        const errors = apiServerRules(docs, { kubernetesVersion: version }).filter((f) => f.severity === 'error');
        if (errors.length === 0) continue;
        if (rel in PROVEN_WRONG) proven.add(rel);
        else if (!kcRejects.has(rel)) unexplained.push(`${rel}: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
      }
      expect(unexplained).toEqual([]);
      expect([...proven].sort()).toEqual(Object.keys(PROVEN_WRONG).sort());
    });
  }
  it('GIVEN each example file alone (partial evidence) THEN wiring reports no errors', () => {
    const errors = files.flatMap(({ docs }) => wiringChecks(docs).filter((f) => f.severity === 'error'));
    expect(errors).toEqual([]);
  });
});
