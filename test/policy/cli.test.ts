// `helmless lint`: exit codes, profiles, output formats and suppression listing, run in-process
// over the YAML fixtures with the shared reader and formatters.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough } from 'stream';
import { afterAll, describe, expect, it } from 'vitest';
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
    const r = await lint(['node-agent.yaml', '--profile', 'restricted', '--summary', '--show-suppressed']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/suppressed error policy\/host-path: .* \[suppressed: node-exporter reads node metrics from \/proc and \/sys\]/);
    expect(r.stdout).toMatch(/^Summary: 2 resources found in 1 file - Valid: 2, Invalid: 0, Errors: 0, Skipped: 0, Suppressed: 6 \(profile restricted \+ recommended best practices\)$/m);
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
    const r = await lint(['-', '--profile', 'restricted'], 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {type: NodePort, ports: [{port: 80}]}\n');
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
    [['--profile', 'privileged'], /--profile must be baseline, restricted, all, got 'privileged'/],
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

describe('helmless lint: profiles and the repository config (issue 16)', () => {
  // A vendor-style manifest: no probes, labels or requests, one latest tag.
  const VENDOR = `apiVersion: apps/v1
kind: Deployment
metadata: { name: controller, namespace: tools }
spec:
  replicas: 2
  selector: { matchLabels: { app: controller } }
  template:
    metadata: { labels: { app: controller } }
    spec:
      serviceAccountName: controller
      containers: [{ name: c, image: 'example.com/controller:latest' }]
`;
  const tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-lint-config-'));
  afterAll(() => fs.rmSync(tmpRoot, { recursive: true, force: true }));
  const project = (files: Record<string, string>): string => {
    const dir = fs.mkdtempSync(path.join(tmpRoot, 'p-'));
    for (const [rel, text] of Object.entries(files)) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    }
    return dir;
  };
  const lintIn = async (cwd: string, args: string[]): Promise<{ code: number; rules: string[]; stderr: string; json?: Record<string, unknown> }> => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (d) => (out += String(d)));
    stderr.on('data', (d) => (err += String(d)));
    const code = await command.run([...args, '--output', 'json'], { stdout, stderr, stdin: new PassThrough(), cwd, env: {} });
    const json = out ? JSON.parse(out) as { findings: Array<{ rule: string; file: string }> } : undefined;
    return { code, rules: [...new Set((json?.findings ?? []).map((f) => `${f.file} ${f.rule}`))].sort(), stderr: err, json };
  };

  it('GIVEN YAML helmless did not generate WHEN linted with no flags THEN the default (baseline + essential) reports the latest tag only', async () => {
    const dir = project({ 'vendor.yaml': VENDOR });
    const r = await lintIn(dir, ['vendor.yaml']);
    expect(r.rules).toEqual(['vendor.yaml policy/image-latest-tag']);
    expect(r.json).toMatchObject({ profile: 'baseline', bestPractices: 'essential' });
  });
  it('GIVEN --profile restricted or all THEN the restricted controls, the recommended and (all) the opt-in rules run', async () => {
    const dir = project({ 'vendor.yaml': VENDOR });
    const restricted = await lintIn(dir, ['vendor.yaml', '--profile', 'restricted']);
    expect(restricted.rules).toEqual(expect.arrayContaining(['vendor.yaml policy/run-as-non-root', 'vendor.yaml policy/liveness-probe-missing', 'vendor.yaml policy/recommended-labels']));
    expect(restricted.rules).not.toContain('vendor.yaml policy/cpu-limit-missing');
    const all = await lintIn(dir, ['vendor.yaml', '--profile', 'all']);
    expect(all.rules).toEqual(expect.arrayContaining([...restricted.rules, 'vendor.yaml policy/cpu-limit-missing']));
  });
  it('GIVEN a .helmless.yaml with a profile, a disabled rule, ignored paths and a per-path override THEN each file is linted with its settings', async () => {
    const dir = project({
      '.helmless.yaml': `lint:
  profile: baseline
  disable: [image-latest-tag]
  ignorePaths: ['third_party/**']
  overrides:
    - paths: ['dist/**']
      profile: restricted
`,
      'vendor/controller.yaml': VENDOR,
      'third_party/x.yaml': VENDOR.replace('controller', 'x'),
      'dist/app.yaml': VENDOR.replace(/controller/g, 'app').replace('tools', 'shop'),
    });
    const r = await lintIn(dir, ['.']);
    expect(r.rules.filter((x) => x.startsWith('vendor/'))).toEqual([]); // image-latest-tag disabled, nothing else essential
    expect(r.rules.some((x) => x.startsWith('third_party/'))).toBe(false);
    expect(r.rules).toEqual(expect.arrayContaining(['dist/app.yaml policy/run-as-non-root', 'dist/app.yaml policy/liveness-probe-missing']));
    expect(r.rules).not.toContain('dist/app.yaml policy/image-latest-tag');
    expect(r.json).toMatchObject({ profile: 'baseline', config: '.helmless.yaml' });
    // flags win over the file; --no-config ignores it
    expect((await lintIn(dir, ['vendor', '--enable', 'image-latest-tag'])).rules).toEqual(['vendor/controller.yaml policy/image-latest-tag']);
    expect((await lintIn(dir, ['third_party', '--no-config'])).rules).toEqual(['third_party/x.yaml policy/image-latest-tag']);
  });
  it('GIVEN a config with an unknown key, rule or profile THEN exit 2 with one line naming the file, the key and what is allowed', async () => {
    const bad = async (text: string): Promise<string> => (await lintIn(project({ '.helmless.yaml': text, 'a.yaml': VENDOR }), ['a.yaml'])).stderr;
    expect(await bad('lint:\n  profiles: baseline\n')).toMatch(/^helmless lint: \.helmless\.yaml: lint\.profiles: unknown key; allowed: profile, bestPractices, enable, disable, namespace, ignorePaths, overrides\n$/);
    expect(await bad('lint:\n  disable: [no-such-rule]\n')).toMatch(/\.helmless\.yaml: lint\.disable: unknown rule 'policy\/no-such-rule'/);
    expect(await bad('lint:\n  overrides: [{ paths: [a.yaml], profile: strict }]\n')).toMatch(/lint\.overrides\[0\]\.profile: 'strict' is not a profile; use baseline, restricted, all/);
    const r = await lintIn(project({ 'a.yaml': VENDOR }), ['a.yaml', '--config', 'missing.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--config: cannot read missing\.yaml: ENOENT/);
  });
  it('GIVEN namespace-less objects and --namespace (or lint.namespace) THEN cross-object rules match them in that namespace', async () => {
    const files = {
      'app.yaml': `${VENDOR.replace('namespace: tools', '').replace(':latest', ':1.2.3')}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: { name: np, namespace: tools }
spec: { podSelector: { matchLabels: { app: typo } }, policyTypes: [Ingress] }
`,
    };
    const dir = project(files);
    expect((await lintIn(dir, ['app.yaml'])).rules).toEqual([]);
    expect((await lintIn(dir, ['app.yaml', '--namespace', 'tools'])).rules).toEqual(['app.yaml policy/networkpolicy-selects-no-pods']);
    const withConfig = project({ ...files, '.helmless.yaml': 'lint:\n  namespace: tools\n' });
    expect((await lintIn(withConfig, ['app.yaml'])).rules).toEqual(['app.yaml policy/networkpolicy-selects-no-pods']);
  });
});
