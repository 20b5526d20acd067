// `helmless lint`: exit codes, profiles, output formats and suppression listing, run in-process
// over the YAML fixtures with the shared reader and formatters.
import * as path from 'path';
import { PassThrough } from 'stream';
import { describe, expect, it } from 'vitest';
import { command } from '../../src/cli/lint';

const FIX = path.join(__dirname, '..', 'fixtures', 'policy');

async function lint(args: string[], stdinText?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const stdin = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += String(d)));
  stderr.on('data', (d) => (err += String(d)));
  if (stdinText !== undefined) stdin.end(stdinText);
  const code = await command.run(args, { stdout, stderr, stdin, cwd: FIX, env: {} });
  return { code, stdout: out, stderr: err };
}

describe('helmless lint', () => {
  it('GIVEN a compliant manifest WHEN linted THEN exit 0 and no output', async () => {
    const r = await lint(['compliant.yaml']);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('GIVEN an insecure manifest WHEN linted THEN exit 1 and each finding names file:line, rule, object, container and field', async () => {
    const r = await lint(['insecure.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^insecure\.yaml:\d+:\d+: error policy\/privileged: \(Pod debug, document 1\) spec\.containers\[0\]\.securityContext\.privileged: Pod 'debug' container 'shell': securityContext\.privileged is true/m);
    expect(r.stderr).toMatch(/error policy\/secret-literal-data: \(Secret db, document 2\) stringData:/);
    expect(r.stderr).toMatch(/error policy\/env-literal-secret: .* env var DB_PASSWORD looks like a credential/);
    expect(r.stderr).toMatch(/error policy\/sensitive-host-mount: .*"\/"/);
  });

  it('GIVEN a node agent whose host access is suppressed with reasons WHEN linted THEN exit 0; --show-suppressed lists them with the reasons; --summary counts them', async () => {
    const r = await lint(['node-agent.yaml', '--summary', '--show-suppressed']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/suppressed error policy\/host-path: .* \[suppressed: node-exporter reads node metrics from \/proc and \/sys\]/);
    expect(r.stdout).toMatch(/^Summary: 2 resources found in 1 file - Valid: 2, Invalid: 0, Errors: 0, Skipped: 0, Suppressed: 6 \(profile restricted \+ best practices\)$/m);
  });

  it('GIVEN an empty suppression reason WHEN linted THEN exit 1 with policy/suppression-needs-reason and the finding kept', async () => {
    const r = await lint(['empty-reason.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/error policy\/suppression-needs-reason: .*helmless\.io\/allow-host-network has an empty reason/);
    expect(r.stderr).toMatch(/error policy\/host-network:/);
  });

  it('GIVEN --profile baseline --no-best-practices WHEN linting the insecure manifest THEN only baseline findings remain', async () => {
    const r = await lint(['insecure.yaml', '--profile', 'baseline', '--no-best-practices', '--output', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { findings: Array<{ rule: string }>; profile: string };
    expect(out.profile).toBe('baseline');
    expect([...new Set(out.findings.map((f) => f.rule))].sort()).toEqual(['policy/host-path', 'policy/privileged']);
  });

  it('GIVEN --output sarif --show-suppressed WHEN linting the node agent THEN suppressed results carry in-source suppressions with the reason', async () => {
    const r = await lint(['node-agent.yaml', '--output', 'sarif', '--show-suppressed']);
    expect(r.code).toBe(0);
    const sarif = JSON.parse(r.stdout) as { runs: Array<{ results: Array<{ ruleId: string; suppressions?: Array<{ justification: string }> }> }> };
    const hostPath = sarif.runs[0].results.filter((x) => x.ruleId === 'policy/host-path');
    expect(hostPath.length).toBe(2);
    expect(hostPath[0].suppressions).toEqual([{ kind: 'inSource', justification: 'node-exporter reads node metrics from /proc and /sys' }]);
  });

  it('GIVEN --output junit WHEN linting the insecure manifest THEN a failing testcase per resource', async () => {
    const r = await lint(['insecure.yaml', '--output', 'junit']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/<testsuite name="insecure\.yaml" id="0" tests="2" failures="2"/);
  });

  it('GIVEN stdin WHEN linted with - THEN it is read like a file', async () => {
    const r = await lint(['-'], 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: NodePort, ports: [{port: 80}]}\n');
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^<stdin>:\d+:\d+: warning policy\/service-node-port:/m);
  });

  it('GIVEN --enable with an opt-in rule WHEN linting the compliant manifest THEN that rule runs', async () => {
    const r = await lint(['compliant.yaml', '--enable', 'cpu-limit-missing,image-not-pinned']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning policy\/cpu-limit-missing: .*container 'app': resources\.limits\.cpu is not set/);
    expect(r.stderr).toMatch(/warning policy\/image-not-pinned:/);
  });

  it.each([
    [['--profile', 'privileged'], /--profile must be restricted or baseline, got 'privileged'/],
    [['--enable', 'no-such-rule'], /--enable: unknown rule 'policy\/no-such-rule'/],
    [['--output', 'xml'], /--output must be text, json, junit or sarif/],
    [['--frobnicate'], /unknown option '--frobnicate'/],
    [['--kubernetes-version', '1.12'], /1\.12/],
  ])('GIVEN the usage error %j WHEN run THEN exit 2 naming it', async (args, re) => {
    const r = await lint(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(re);
  });

  it('GIVEN a missing file WHEN linted THEN exit 2 with an input error, and other files are still linted', async () => {
    const r = await lint(['nope.yaml', 'insecure.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.yaml: error input\/not-found/);
    expect(r.stderr).toMatch(/policy\/privileged/);
  });

  it('GIVEN --list-rules WHEN run THEN every rule is printed with its severity and level', async () => {
    const r = await lint(['--list-rules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^policy\/host-path\s+error\s+baseline: /m);
    expect(r.stdout).toMatch(/^policy\/cpu-limit-missing\s+warning\s+best-practice \(opt-in\): /m);
  });
});
