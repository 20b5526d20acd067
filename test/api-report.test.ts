// The public surface is a reviewed list: api-report.txt (every exported name and what it is).
// A change to src/index.ts, or to what an exported name is, fails here until the report is
// regenerated (npm run api-report) and the diff reviewed with the change.
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import * as helmless from '../src';

const ROOT = path.join(__dirname, '..');
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { report, REPORT } = require(path.join(ROOT, 'scripts', 'api-report.js')) as { report(): string; REPORT: string };

describe('the public API', () => {
  const committed = fs.readFileSync(REPORT, 'utf8');

  it('GIVEN src/index.ts WHEN its exports are listed by the TypeScript checker THEN they are exactly api-report.txt (else: npm run api-report, and review)', () => {
    expect(report()).toBe(committed);
  }, 120_000);

  it('GIVEN the compiled module WHEN its runtime names are listed THEN they are the report\'s values, and no internal helper is among them', () => {
    const values = committed.split('\n').filter((l) => /: (class|const|function|namespace|enum)$/.test(l)).map((l) => l.split(':')[0]).sort();
    expect(Object.keys(helmless).sort()).toEqual(values);
    for (const internal of ['escapeXml', 'walkDirectory', 'renderHpaSpec', 'invalidProp', 'podsOf', 'appNetworkPolicies']) {
      expect(Object.keys(helmless)).not.toContain(internal);
    }
  });
});
