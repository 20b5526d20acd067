// Each policy rule: a failing manifest gives the finding (right path and message), a passing one
// does not; the compliant app passes every rule, opt-in rules included.
import { describe, expect, it } from 'vitest';
import { lintDocuments, POLICY_RULES, type LintOptions } from '../../src/validate/policy';
import { CASES } from './cases';
import { app, docs } from './fixtures';

const ALL_OPT_IN = POLICY_RULES.filter((r) => !r.defaultEnabled).map((r) => r.id);

describe('policy rules: one failing and one passing manifest each', () => {
  it('GIVEN the catalogue WHEN the cases are listed THEN every rule has a case', () => {
    const covered = new Set(CASES.map((c) => c.rule));
    expect(POLICY_RULES.map((r) => r.id).filter((id) => !covered.has(id))).toEqual([]);
  });

  for (const profile of ['restricted', 'baseline'] as const) {
    it(`GIVEN the compliant app WHEN linted (${profile}, every opt-in rule on) THEN there are no findings`, () => {
      expect(lintDocuments(docs(app()), { profile, enable: ALL_OPT_IN })).toEqual([]);
    });
  }

  for (const c of CASES) {
    const opts: LintOptions = c.opts ?? {};
    it(`GIVEN a manifest breaking ${c.rule} WHEN linted THEN it is reported${c.path ? ` at ${c.path}` : ''}`, () => {
      const findings = lintDocuments(docs(c.fail()), opts).filter((f) => f.rule === c.rule);
      expect(findings.length).toBeGreaterThan(0);
      const f = findings[0];
      if (c.path) expect(findings.map((x) => x.path)).toContain(c.path);
      if (c.message) expect(findings.map((x) => x.message).join('\n')).toMatch(c.message);
      expect(f.fix, 'every finding carries a fix').toBeTruthy();
      expect(f.file).toBe('test.yaml');
      expect(f.severity).toBe(POLICY_RULES.find((r) => r.id === c.rule)!.severity);
    });
    it(`GIVEN a manifest meeting ${c.rule} WHEN linted THEN it is not reported`, () => {
      const passing = c.pass ? c.pass() : app();
      expect(lintDocuments(docs(passing), opts).filter((f) => f.rule === c.rule)).toEqual([]);
    });
  }
});

describe('rule ids in the code', () => {
  it('GIVEN the policy sources WHEN every reported rule id is collected THEN each is in the catalogue (report() never meets an unknown id)', () => {
    const fs = require('fs') as typeof import('fs');
    const path = require('path') as typeof import('path');
    const dir = path.join(__dirname, '..', '..', 'src', 'validate', 'policy');
    const ids = new Set(POLICY_RULES.map((r) => r.id));
    const used = new Set<string>();
    for (const file of fs.readdirSync(dir)) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      for (const m of text.matchAll(/report\('(policy\/[a-z0-9-]+)'/g)) used.add(m[1]);
      for (const m of text.matchAll(/report\(`policy\/\$\{rule\}`/g)) void m;
    }
    expect(used.size).toBeGreaterThan(40);
    expect([...used].filter((id) => !ids.has(id))).toEqual([]);
  });
});
