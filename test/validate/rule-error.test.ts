// A rule that throws is reported, never swallowed: one internal/rule-error finding names the
// rule and the document, and the document's other rules still report. The corpora give none.
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { validateDocuments } from '../../src/validate/engine';
import { RULE_ERROR } from '../../src/validate/internal';
import { API_RULES, apiServerRules, type ApiRule, type RuleTable } from '../../src/validate/rules';
import type { Finding, ManifestDocument } from '../../src/validate/types';

const doc = (object: unknown, i = 0): ManifestDocument => ({ object, source: { file: 'app.yaml', documentIndex: i } });
const keys = (fs: readonly Finding[]): string[] => fs.map((f) => `${f.rule} ${f.path} ${f.message}`);

/** A Deployment the rules refuse three ways: its name, its replicas and its container's image. */
const badDeployment = (): Record<string, unknown> => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'Web_App' },
  spec: {
    replicas: -1,
    selector: { matchLabels: { app: 'web' } },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web' }] } },
  },
});

const boom: ApiRule = {
  name: 'test/boom',
  check: (ctx) => {
    ctx.error('boom', 'spec', 'a finding the crash takes back');
    throw new Error('boom on purpose');
  },
};

/** API_RULES with `rule` inserted among the Deployment's checks, at `at`. */
function withRule(rule: ApiRule, at: number): RuleTable {
  const own = [...API_RULES.Deployment];
  own.splice(at, 0, rule);
  return { ...API_RULES, Deployment: own };
}

describe('GIVEN a table whose Deployment check throws', () => {
  const normal = apiServerRules([doc(badDeployment())]);

  it('THEN the normal table reports the three problems (the baseline)', () => {
    expect(normal.map((f) => `${f.rule} ${f.path}`)).toEqual([
      'api/metadata-name metadata.name', 'api/deployment spec.replicas', 'api/container spec.template.spec.containers[0].image',
    ]);
  });

  for (const at of [0, 1, 3]) {
    it(`WHEN the throwing check runs at position ${at} THEN exactly one internal/rule-error names it and the document, and every other finding remains`, () => {
      const out = apiServerRules([doc(badDeployment(), 4)], {}, withRule(boom, at));
      const internal = out.filter((f) => f.rule.startsWith('internal/'));
      expect(internal).toHaveLength(1);
      expect(internal[0]).toMatchObject({ rule: RULE_ERROR, severity: 'error', file: 'app.yaml', documentIndex: 4, object: { kind: 'Deployment', name: 'Web_App' } });
      expect(internal[0].message).toContain("the API rule 'test/boom' failed on Deployment 'Web_App' (Error: boom on purpose)");
      expect(internal[0].fix).toContain("'test/boom'");
      // the half-run check's own finding is taken back; the other checks' findings are all there
      expect(keys(out.filter((f) => f !== internal[0]))).toEqual(keys(normal));
      expect(out.some((f) => f.rule === 'api/boom')).toBe(false);
    });
  }

  it('WHEN several documents are judged THEN only the throwing check of each is missing, and the other documents are unaffected', () => {
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web' }, spec: { ports: [{ port: 70000 }] } };
    const out = apiServerRules([doc(badDeployment(), 0), doc(svc, 1)], {}, withRule(boom, 0));
    expect(out.filter((f) => f.rule === RULE_ERROR).map((f) => f.documentIndex)).toEqual([0]);
    expect(keys(out.filter((f) => f.documentIndex === 1))).toEqual(keys(apiServerRules([doc(svc, 1)])));
  });

  it('WHEN a check throws a non-Error value THEN the finding still names the rule and describes the value', () => {
    const rule: ApiRule = { name: 'test/throws-string', check: () => { throw 'plain string'; } };
    const out = apiServerRules([doc(badDeployment())], {}, withRule(rule, 0));
    const internal = out.filter((f) => f.rule === RULE_ERROR);
    expect(internal).toHaveLength(1);
    expect(internal[0].message).toContain("'test/throws-string'");
    expect(internal[0].message).toContain('thrown string: "plain string"');
  });

  it('WHEN the defaulting of the document throws THEN that is named too, and the rules judge the document as written', () => {
    // a real rule made to throw through the object it reads: both the defaulting and deployment/spec read the strategy
    const d = badDeployment();
    Object.defineProperty(d.spec, 'strategy', { enumerable: true, get: () => { throw new TypeError('strategy unreadable'); } });
    const out = apiServerRules([doc(d)]);
    expect(out.filter((f) => f.rule.startsWith('internal/')).map((f) => f.message)).toEqual([
      expect.stringContaining("the API rule 'defaults' failed on Deployment 'Web_App' (TypeError: strategy unreadable)"),
      expect.stringContaining("the API rule 'deployment/spec' failed on Deployment 'Web_App' (TypeError: strategy unreadable)"),
    ]);
    // the metadata, selector and template checks of the same document still report
    expect(out.map((f) => `${f.rule} ${f.path}`)).toEqual(expect.arrayContaining([
      'api/metadata-name metadata.name', 'api/container spec.template.spec.containers[0].image',
    ]));
  });
});

describe('GIVEN a built-in object whose kind is the table key of the checks every kind gets', () => {
  it('THEN its metadata is checked once, like any other kind the table does not list', () => {
    const out = apiServerRules([doc({ apiVersion: 'v1', kind: '*', metadata: { name: 'x', labels: { 'bad key!': 'v' } } })]);
    expect(out.map((f) => `${f.rule} ${f.path}`)).toEqual(['api/labels metadata.labels']);
  });
});

describe('GIVEN a pod spec section that throws', () => {
  it('THEN its internal/rule-error names the section and the volumes and containers of the same pod still report', () => {
    // a Job whose pod template has a toleration that cannot be read (the defaulting does not read it)
    const toleration = {};
    Object.defineProperty(toleration, 'key', { enumerable: true, get: () => { throw new RangeError('no tolerations'); } });
    const podSpec = { restartPolicy: 'Never', volumes: [{ name: 'Bad_Name', emptyDir: {} }], containers: [{ name: 'c' }], tolerations: [toleration] };
    const job = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'j' }, spec: { backoffLimit: -1, template: { spec: podSpec } } };
    const out = apiServerRules([doc(job)]);
    expect(out.filter((f) => f.rule.startsWith('internal/')).map((f) => f.message)).toEqual([
      expect.stringContaining("the API rule 'pod-spec/fields' failed on Job 'j' (RangeError: no tolerations)"),
    ]);
    expect(out.filter((f) => !f.rule.startsWith('internal/')).map((f) => `${f.rule} ${f.path}`)).toEqual([
      'api/job spec.backoffLimit', 'api/volume spec.template.spec.volumes[0].name', 'api/container spec.template.spec.containers[0].image',
    ]);
  });
});

const corpus = path.resolve(__dirname, '../../../shared/corpus');
const present = fs.existsSync(path.join(corpus, 'k8s-website-examples'));

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : /\.(ya?ml|json)$/.test(e.name) ? [path.join(dir, e.name)] : []);
}

describe.skipIf(!present)('GIVEN the shared corpora (website examples, kubeconform fixtures) and the test fixtures', () => {
  // the body is collected even when skipped: read the corpus only when it is there
  const files = present ? [...walk(corpus), ...walk(path.resolve(__dirname, '../fixtures'))] : [];
  for (const version of ['1.27.0', '1.35.0']) {
    it(`WHEN every file is validated at ${version} THEN no layer reports an internal/* finding`, () => {
      const internal: string[] = [];
      let judged = 0;
      for (const f of files) {
        let docs: ManifestDocument[];
        try {
          docs = parseAllDocuments(fs.readFileSync(f, 'utf8')).map((d, i) => ({ object: d.toJS(), source: { file: f, documentIndex: i } }));
        } catch {
          continue;
        }
        judged += docs.length;
        for (const x of validateDocuments(docs, { kubernetesVersion: version, strict: true })) {
          if (x.rule.startsWith('internal/')) internal.push(`${path.relative(corpus, f)}: ${x.rule} ${x.message}`);
        }
      }
      expect(judged).toBeGreaterThan(500);
      expect(internal).toEqual([]);
    });
  }
});
