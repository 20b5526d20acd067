import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BAD_WORDS, runCommand, TIME_BOUND_MS } from '../fuzz/harness';
import { srcCli } from '../fuzz/cli';

// Hostile inputs, each once a crash, a lost verdict or a message naming nothing: the issue's
// examples and the defects the fuzzer found (test/fuzz). Each gets its verdict in validate and in
// lint, within the time bound, with a one-line finding naming what is there.
const DIR = path.join(__dirname, '../fixtures/hostile');

interface Expect {
  /** Exit code of validate and of lint. */
  readonly exit: 0 | 1;
  /** A finding both report ('rule path'), with a message matching `message`. */
  readonly finding?: string;
  readonly message?: RegExp;
  /** Resources (one verdict each) in the file. */
  readonly resources: number;
}

const CASES: Record<string, Expect> = {
  'labels-to-string.yaml': { exit: 1, finding: 'schema/type metadata.labels.env', message: /'env' must be a string, got a mapping/, resources: 3 },
  'rbac-maps.yaml': { exit: 1, finding: 'schema/type rules[0].verbs[0]', message: /'verbs' item must be a string, got a mapping/, resources: 3 },
  'capabilities-map.yaml': { exit: 1, finding: 'schema/type spec.containers[0].securityContext.capabilities.add[0]', message: /must be a string, got a mapping/, resources: 1 },
  'match-expressions-empty.yaml': { exit: 1, finding: 'schema/required spec.selector.matchExpressions[0].operator', message: /missing required field 'operator'/, resources: 1 },
  'hpa-empty-metric.yaml': { exit: 1, finding: 'schema/required spec.metrics[0].type', message: /missing required field 'type'/, resources: 1 },
  'container-without-name.yaml': { exit: 1, finding: 'schema/required spec.containers[0].volumeMounts[0].mountPath', message: /missing required field 'mountPath'/, resources: 1 },
  'complex-key.yaml': { exit: 1, finding: 'parse/complex-key metadata["{a: 1}"]', message: /a mapping is used as a key: \{a: 1\}/, resources: 1 },
  'service-port-map.yaml': { exit: 1, finding: 'schema/type spec.ports[0].port', message: /'port' must be an integer, got a mapping/, resources: 1 },
  'list-without-items.yaml': { exit: 1, finding: 'schema/required items', message: /a List needs items/, resources: 1 },
  'affinity-operator-absent.yaml': { exit: 1, finding: 'schema/required spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].operator', message: /missing required field 'operator'/, resources: 1 },
  'binding-subject-kind-map.yaml': { exit: 1, finding: 'schema/type subjects[0].kind', message: /'kind' must be a string, got a mapping/, resources: 1 },
  // valid for the API server: no finding of the schema or API layers (lint's policy rules still speak)
  'secret-type-constructor.yaml': { exit: 0, resources: 1 },
  'defaulted-fields.yaml': { exit: 0, resources: 2 },
};

interface Report { findings: { rule: string; path: string; message: string; fix?: string; severity: string }[]; resources?: { verdict: string }[] }

describe('hostile inputs: each gets its verdict, in validate and in lint', () => {
  it('GIVEN the fixtures folder THEN every fixture has an expected verdict here', () => {
    expect(fs.readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort()).toEqual(Object.keys(CASES).sort());
  });

  for (const [file, want] of Object.entries(CASES)) {
    for (const cmd of ['validate', 'lint'] as const) {
      it(`GIVEN ${file} WHEN ${cmd} runs THEN ${want.finding ? `exit 1 with ${want.finding.split(' ')[0]}` : 'no schema or API finding'}, within ${TIME_BOUND_MS} ms`, async () => {
        const bytes = fs.readFileSync(path.join(DIR, file));
        const json = await runCommand(srcCli.main, [cmd, '--output', 'json', '-'], bytes);
        const text = await runCommand(srcCli.main, [cmd, '-'], bytes);
        expect(json.ms).toBeLessThan(TIME_BOUND_MS);
        const report = JSON.parse(json.stdout) as Report;
        const lines = text.stderr.split('\n').filter(Boolean);
        for (const f of report.findings) {
          expect(f.rule).not.toMatch(/^internal\//);
          expect(`${f.message} ${f.fix ?? ''}`).not.toMatch(BAD_WORDS);
        }
        expect(report.resources?.length).toBe(want.resources);
        if (want.finding) {
          const f = report.findings.find((x) => `${x.rule} ${x.path}` === want.finding);
          expect(f, `${cmd} reports ${want.finding}`).toBeDefined();
          expect(f!.message).toMatch(want.message!);
          expect(f!.severity).toBe('error');
          // one line in the text output names the finding
          const rule = want.finding.slice(0, want.finding.indexOf(' '));
          const at = want.finding.slice(rule.length + 1);
          expect(lines.filter((l) => l.includes(` ${rule}: `) && l.includes(` ${at}: ${f!.message}`))).toHaveLength(1);
          expect(json.code).toBe(1);
        } else {
          expect(report.findings.filter((f) => !f.rule.startsWith('policy/') && f.severity === 'error')).toEqual([]);
          if (cmd === 'validate') expect(json.code).toBe(0);
        }
      });
    }
  }
});
