// docs/lint-rules.md and the catalogue cannot drift: every rule is documented with its severity,
// opt-in state and suppression annotation, and the page documents no rule that does not exist.
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { POLICY_RULES, suppressionAnnotation } from '../../src/validate/policy';
import { profilesOf } from '../../src/validate/policy/catalogue';

const DOC = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'lint-rules.md'), 'utf8');

describe('docs/lint-rules.md', () => {
  for (const r of POLICY_RULES) {
    it(`GIVEN ${r.id} WHEN the page is read THEN it has its section with severity, fix and suppression`, () => {
      const start = DOC.indexOf(`### \`${r.id}\``);
      expect(start).toBeGreaterThanOrEqual(0);
      const next = DOC.indexOf('\n### ', start + 1);
      const section = DOC.slice(start, next < 0 ? undefined : next);
      expect(section).toContain(`**Severity**: ${r.severity}`);
      expect(section.includes('opt-in')).toBe(!r.defaultEnabled);
      expect(section).toContain(`**Profiles**: ${profilesOf(r)}\n`);
      expect(section).toContain(r.fix);
      if (r.level !== 'meta') expect(section).toContain(suppressionAnnotation(r.id));
    });
  }

  it('GIVEN the page WHEN its rule headings are listed THEN each names a rule of the catalogue', () => {
    const ids = new Set(POLICY_RULES.map((r) => r.id));
    const documented = [...DOC.matchAll(/^### `(policy\/[a-z0-9-]+)`/gm)].map((m) => m[1]);
    expect(documented.filter((id) => !ids.has(id))).toEqual([]);
    expect(documented.length).toBe(POLICY_RULES.length);
  });
});
