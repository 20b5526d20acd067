import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { apiServerRules } from '../../src/validate/rules';
import { wiringChecks } from '../../src/validate/wiring';
import type { Finding, ManifestDocument } from '../../src/validate/types';

function load(name: string): ManifestDocument[] {
  const text = fs.readFileSync(path.join(__dirname, '../fixtures/rules', name), 'utf8');
  return parseAllDocuments(text).map((d, i) => ({ object: d.toJS(), source: { file: name, documentIndex: i } }));
}
const summary = (fs: Finding[]): string[] => [...new Set(fs.map((f) => `${f.documentIndex} ${f.rule}`))].sort();

describe('GIVEN a correctly wired multi-document application', () => {
  it('THEN neither layer reports anything, with complete evidence, at 1.27 and 1.36', () => {
    const docs = load('valid-app.yaml');
    for (const v of ['1.27.0', '1.36.0']) {
      expect(apiServerRules(docs, { kubernetesVersion: v })).toEqual([]);
      expect(wiringChecks(docs, { kubernetesVersion: v, evidence: 'complete' })).toEqual([]);
    }
  });
});

describe('GIVEN an application with one mistake per marked line', () => {
  it('THEN every marked mistake is reported on its document (at 1.27, where 1BAD is no env var name)', () => {
    const docs = load('broken-app.yaml');
    expect(summary([...apiServerRules(docs, { kubernetesVersion: '1.27.0' }), ...wiringChecks(docs, { kubernetesVersion: '1.27.0', evidence: 'complete' })])).toEqual([
      '0 api/container', '0 api/env-var-name', '0 api/metadata-name', '0 api/port', '0 api/quantity', '0 api/resources',
      '0 api/restart-policy', '0 api/selector', '0 api/volume-mount', '0 wiring/missing-secret', '0 wiring/probe-port',
      '1 api/metadata-name', '1 api/service-port', '1 wiring/service-target-port',
      '2 api/cron-schedule', '2 api/restart-policy',
      '3 wiring/ingress-backend',
      '4 api/metadata-name', '4 wiring/duplicate',
    ]);
  });
  it('THEN at 1.34 the relaxed env var names accept 1BAD', () => {
    const docs = load('broken-app.yaml');
    expect(summary(apiServerRules(docs, { kubernetesVersion: '1.34.0' }))).not.toContain('0 api/env-var-name');
  });
});
