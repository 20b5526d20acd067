// `helmless validate`: exit codes, flags, inputs and the four output formats.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Readable } from 'stream';
import { afterAll, describe, expect, it } from 'vitest';
import { command, parseArgs } from '../../src/cli/validate';
import { Sink } from '../sink';

const ROOT = path.resolve(__dirname, '..', '..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-validate-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function write(rel: string, content: string | Buffer): string {
  const p = path.join(tmp, rel);
  fs.mkdirSync(path.dirname(p), { recursive: true });
  fs.writeFileSync(p, content);
  return p;
}


async function run(args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string; writes: { stdout: number; stderr: number } }> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await command.run(args, { stdout, stderr, stdin: Readable.from([Buffer.from(stdin)]), cwd: tmp, env: {} });
  return { code, stdout: stdout.text, stderr: stderr.text, writes: { stdout: stdout.writes, stderr: stderr.writes } };
}

const VALID = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: "1"
`;
const INVALID = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: two
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      restartPolocy: Always
      containers:
      - name: web
        image: nginx
`;
write('valid.yaml', VALID);
write('invalid.yaml', INVALID);
write('dir/b/two.yml', VALID.replace('settings', 'two'));
write('dir/a/one.yaml', VALID.replace('settings', 'one'));
write('dir/a/notes.txt', 'not a manifest');
write('dir/c/three.json', JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'three' } }));

describe('helmless validate: exit codes', () => {
  it('GIVEN a valid file WHEN validated THEN exit 0 and nothing on stderr', async () => {
    const r = await run(['valid.yaml']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
  });

  it('GIVEN an invalid file WHEN validated THEN exit 1 and one line per error naming file, line, document and path', async () => {
    const r = await run(['--strict', 'invalid.yaml']);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^invalid\.yaml:6:3: error schema\/type: \(Deployment web, document 1\) spec\.replicas: /);
    expect(lines[1]).toMatch(/spec\.template\.spec\.restartPolocy: unknown field .*did you mean restartPolicy\?/);
  });

  it('GIVEN only warnings WHEN validated THEN exit 0 (warnings do not fail)', async () => {
    write('dupkey.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n  name: a\n');
    const r = await run(['dupkey.yaml']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/warning schema\/duplicate-key/);
    expect((await run(['--strict', 'dupkey.yaml'])).code).toBe(1);
  });

  it('GIVEN a missing file next to a valid one WHEN validated THEN exit 2, the missing file is named and the other is still validated', async () => {
    const r = await run(['--summary', 'nope.yaml', 'invalid.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/nope\.yaml: error input\/not-found: cannot read nope\.yaml: no such file or directory/);
    expect(r.stderr).toMatch(/invalid\.yaml:6:3: error schema\/type/);
    expect(r.stdout).toMatch(/Invalid: 1/);
  });

  it('GIVEN binary and non-UTF-8 files WHEN validated THEN exit 2 with a clear error per file', async () => {
    write('bin/blob.yaml', Buffer.from([0x00, 0x01, 0x02, 0xff]));
    write('bin/latin1.yaml', Buffer.from('name: caf\xe9\n', 'latin1'));
    const r = await run(['bin', 'valid.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bin\/blob\.yaml: error input\/binary/);
    expect(r.stderr).toMatch(/bin\/latin1\.yaml: error input\/encoding: file is not valid UTF-8/);
  });

  it('GIVEN an alias bomb, a deeply nested file and a valid file WHEN validated THEN each bad file gets one clear error and the valid one is still validated', async () => {
    let bomb = 'a: &a [x,x,x,x,x,x,x,x,x,x]\n';
    for (let i = 0, prev = 'a'; i < 9; prev = `b${i}`, i++) bomb += `b${i}: &b${i} [${Array(10).fill(`*${prev}`).join(',')}]\n`;
    write('bad/bomb.yaml', bomb);
    write('bad/deep.yaml', 'a: ' + '['.repeat(20000) + ']'.repeat(20000) + '\n');
    const r = await run(['--summary', 'bad', 'valid.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\/bomb\.yaml:1(:1)?: error parse\/alias: .*alias bomb/);
    expect(r.stderr).toMatch(/bad\/deep\.yaml:1(:1)?: error parse\/too-deep/);
    expect(r.stdout).toMatch(/3 resources found in 3 files - Valid: 1, Invalid: 0, Errors: 2/);
  });

  it('GIVEN a custom resource whose CRD is unknown WHEN validated THEN it is shown as not validated and counted as skipped (exit 0); --missing-crds error fails it', async () => {
    write('cr.yaml', 'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n');
    const r = await run(['--summary', 'cr.yaml']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/cr\.yaml:1:1: info schema\/unknown-crd: \(Widget w, document 1\) Widget 'w' was not validated/);
    expect(r.stdout).toMatch(/Skipped: 1/);
    expect((await run(['--missing-crds', 'error', 'cr.yaml'])).code).toBe(1);
  });

  it('GIVEN a YAML syntax error WHEN validated THEN exit 1 (an invalid document, not unreadable input)', async () => {
    write('broken.yaml', 'a: [\n');
    const r = await run(['broken.yaml']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.yaml:\d+(:\d+)?: error parse\/yaml/);
  });
});

describe('helmless validate: usage errors (exit 2)', () => {
  const cases: [string[], RegExp][] = [
    [['--kubernetes-version', '1.20', 'valid.yaml'], /'1\.20' is not available: choose one of 1\.27, .*1\.36/],
    [['--output', 'yaml', 'valid.yaml'], /--output must be text, json, junit or sarif/],
    [['--bogus'], /unknown option '--bogus'/],
    [['--evidence', 'some'], /--evidence must be complete or partial/],
    [['--skip'], /--skip needs a value/],
  ];
  for (const [args, msg] of cases) {
    it(`GIVEN ${args.join(' ')} WHEN run THEN exit 2 and stderr explains`, async () => {
      const r = await run(args);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(msg);
    });
  }

  it('GIVEN kubeconform flags that change nothing here WHEN run THEN they are accepted; a remote schema location is refused', async () => {
    expect((await run(['-n', '4', '-exit-on-error', '-schema-location', 'default', 'valid.yaml'])).code).toBe(0);
    const r = await run(['-schema-location', 'https://example.com/{{.ResourceKind}}.json', 'valid.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/not supported: helmless validates against the vendored Kubernetes definitions/);
  });

  it('GIVEN kubeconform spellings (-strict, -summary, -output=json, --kubernetes-version=1.30.0) WHEN parsed THEN they are accepted', () => {
    const p = parseArgs(['-strict', '-summary', '-output=json', '--kubernetes-version=1.30.0', '-skip', 'A,B', 'x.yaml']);
    expect(p).toMatchObject({ strict: true, summary: true, output: 'json', kubernetesVersion: '1.30.0', skip: ['A', 'B'], paths: ['x.yaml'] });
  });
});

describe('helmless validate: inputs', () => {
  it('GIVEN a directory WHEN validated THEN *.yaml, *.yml and *.json are found recursively, in sorted order', async () => {
    const r = await run(['--output', 'json', 'dir']);
    const out = JSON.parse(r.stdout) as { resources: { file: string }[]; summary: { files: number; valid: number } };
    expect(r.code).toBe(0);
    expect(out.resources.map((x) => x.file)).toEqual(['dir/a/one.yaml', 'dir/b/two.yml', 'dir/c/three.json']);
    expect(out.summary).toMatchObject({ files: 3, valid: 3 });
  });

  it("GIVEN '-' WHEN validated THEN stdin is read and named <stdin>", async () => {
    const r = await run(['--strict', '-'], INVALID);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^<stdin>:6:3: error schema\/type/);
  });

  it('GIVEN a directory with a thousand files WHEN validated THEN all are read and the summary counts them', async () => {
    for (let i = 0; i < 1000; i++) write(`many/f${String(i).padStart(4, '0')}.yaml`, VALID.replace('settings', `s${i}`));
    const r = await run(['--summary', 'many']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Summary: 1000 resources found in 1000 files - Valid: 1000, Invalid: 0, Errors: 0, Skipped: 0/);
  });

  it('GIVEN a pipe as a file (helm template output through <(...)) WHEN validated THEN all of it is read', () => {
    // a FIFO reports size 0: it must be read to its end, not taken as an empty file
    const fifo = path.join(tmp, 'pipe.yaml');
    spawnSync('mkfifo', [fifo]);
    const source = write('pipe-source.yaml', Array.from({ length: 400 }, (_, i) => VALID.replace('settings', `p${i}`)).join('---\n'));
    const writer = spawnSync('sh', ['-c', `cat '${source}' > '${fifo}' & exec '${process.execPath}' '${path.join(ROOT, 'bin', 'helmless.js')}' validate --summary '${fifo}'`], {
      encoding: 'utf8', cwd: tmp,
    });
    fs.rmSync(fifo, { force: true });
    expect(writer.stderr).toBe('');
    expect(writer.stdout).toMatch(/Summary: 400 resources found in 1 file - Valid: 400/);
    expect(writer.status).toBe(0);
  });

  it('GIVEN a missing file and one over the size cap WHEN validated THEN an input finding each, the others validated, exit 2', async () => {
    const big = write('big.yaml', '');
    fs.truncateSync(big, 65 * 1024 * 1024); // sparse: nothing is written, and nothing must be read
    const r = await run(['--output', 'json', '--summary', 'valid.yaml', 'missing.yaml', 'big.yaml']);
    fs.rmSync(big);
    expect(r.code).toBe(2);
    const out = JSON.parse(r.stdout) as { findings: { rule: string; file: string; message: string }[]; summary: { valid: number } };
    expect(out.findings.map((f) => [f.rule, f.file])).toEqual([['input/too-large', 'big.yaml'], ['input/not-found', 'missing.yaml']]);
    expect(out.findings[0].message).toMatch(/65\.0 MiB, more than the 64 MiB limit/);
    expect(out.summary.valid).toBe(1);
  });

  it('GIVEN --ignore-filename-pattern WHEN validated THEN matching files are left out', async () => {
    const r = await run(['--summary', '--ignore-filename-pattern', 'invalid', 'valid.yaml', 'invalid.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/1 resource found in 1 file/);
  });

  it('GIVEN --reject and --skip WHEN validated THEN rejected kinds fail and skipped kinds are counted', async () => {
    expect((await run(['--reject', 'ConfigMap', 'valid.yaml'])).code).toBe(1);
    const r = await run(['--summary', '--skip', 'ConfigMap', 'valid.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Skipped: 1/);
  });
});

describe('helmless validate: output formats', () => {
  it('GIVEN --output json WHEN invalid THEN stdout is one JSON object with findings and a summary', async () => {
    const r = await run(['--strict', '--output', 'json', 'invalid.yaml', 'valid.yaml']);
    const out = JSON.parse(r.stdout) as { findings: { rule: string; file: string; documentIndex: number; path: string; line: number }[]; summary: Record<string, number> };
    expect(r.code).toBe(1);
    expect(out.findings.map((f) => f.rule)).toEqual(['schema/type', 'schema/unknown-field']);
    expect(out.findings[0]).toMatchObject({ file: 'invalid.yaml', documentIndex: 0, path: 'spec.replicas', line: 6 });
    expect(out.summary).toMatchObject({ files: 2, resources: 2, valid: 1, invalid: 1, errors: 0, skipped: 0 });
  });

  it('GIVEN --output junit WHEN invalid THEN the XML is well-formed with one testcase per resource and a failure', async () => {
    const r = await run(['--strict', '--output', 'junit', 'invalid.yaml', 'valid.yaml']);
    expect(r.code).toBe(1);
    expect(() => assertWellFormedXml(r.stdout)).not.toThrow();
    expect(r.stdout).toMatch(/<testsuites name="helmless" tests="2" failures="1"/);
    expect((r.stdout.match(/<testcase /g) ?? []).length).toBe(2);
    expect(r.stdout).toMatch(/<failure message="[^"]*" type="schema\/type">/);
  });

  it('GIVEN --output sarif WHEN invalid THEN it is SARIF 2.1.0 with rules and located results', async () => {
    const r = await run(['--strict', '--output', 'sarif', 'invalid.yaml']);
    const sarif = JSON.parse(r.stdout) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; ruleIndex: number; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    expect(sarif.version).toBe('2.1.0');
    const run0 = sarif.runs[0];
    expect(run0.tool.driver.name).toBe('helmless');
    expect(run0.results).toHaveLength(2);
    for (const res of run0.results) {
      expect(run0.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
      expect(res.level).toBe('error');
      expect(res.locations[0].physicalLocation.artifactLocation.uri).toBe('invalid.yaml');
      expect(res.locations[0].physicalLocation.region.startLine).toBeGreaterThan(0);
    }
  });

  it('GIVEN 2,500 findings WHEN written as text and as JSON THEN the output is what one whole string would be, written in parts', async () => {
    // a finding in every document, each message with quotes and non-ASCII text
    const docs = Array.from({ length: 2500 }, (_, i) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: "cfg-${i}"\n  namespace: Équipe_${i}\ndata:\n  k: "v"\n`);
    fs.writeFileSync(path.join(tmp, 'many.yaml'), docs.join('---\n'));
    const text = await run(['--strict', 'many.yaml']);
    const lines = text.stderr.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(2500);
    expect(lines.every((l, i) => l.startsWith(`many.yaml:${5 + 8 * i}:3: error api/namespace: (ConfigMap Équipe_${i}/cfg-${i}, document ${i + 1})`))).toBe(true);
    expect(text.writes.stderr).toBeGreaterThan(1);
    const json = await run(['--strict', '--summary', '-o', 'json', 'many.yaml']);
    const parsed = JSON.parse(json.stdout) as { findings: unknown[]; resources: unknown[] };
    expect(parsed.findings).toHaveLength(2500);
    expect(parsed.resources).toHaveLength(2500);
    // exactly JSON.stringify(·, null, 2) of the whole
    expect(json.stdout).toBe(JSON.stringify(parsed, null, 2) + '\n');
    expect(json.writes.stdout).toBeGreaterThan(1);
  });

  it('GIVEN no finding and no summary WHEN written as JSON THEN the empty lists are written as JSON.stringify writes them', async () => {
    const r = await run(['-o', 'json', 'valid.yaml']);
    expect(r.stdout).toBe(JSON.stringify(JSON.parse(r.stdout), null, 2) + '\n');
    expect(JSON.parse(r.stdout)).toMatchObject({ findings: [] });
  });

  it('GIVEN --summary with text output WHEN valid THEN the kubeconform-style summary goes to stdout', async () => {
    const r = await run(['--summary', 'valid.yaml']);
    expect(r.stdout).toBe('Summary: 1 resource found in 1 file - Valid: 1, Invalid: 0, Errors: 0, Skipped: 0\n');
  });
});

describe('helmless validate: the compiled bin', () => {
  const bin = path.join(ROOT, 'bin', 'helmless.js');
  it('GIVEN the real process WHEN stdin is invalid THEN the exit status is 1; a valid file gives 0', () => {
    const bad = spawnSync(process.execPath, [bin, 'validate', '--strict', '-'], { input: INVALID, encoding: 'utf8', cwd: tmp });
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/<stdin>:6:3: error schema\/type/);
    const good = spawnSync(process.execPath, [bin, 'validate', 'valid.yaml'], { encoding: 'utf8', cwd: tmp });
    expect(good.status).toBe(0);
  });
});

/** Minimal XML well-formedness check: balanced tags, quoted attributes, known entities only. */
function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  const re = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let pos = 0;
  while (pos < body.length && (m = re.exec(body)) !== null) {
    pos = re.lastIndex;
    if (m[5] !== undefined) {
      if (/&(?!(amp|lt|gt|quot|apos);)/.test(m[5])) throw new Error(`bad entity in text: ${m[5].slice(0, 40)}`);
      continue;
    }
    if (/&(?!(amp|lt|gt|quot|apos);)/.test(m[3])) throw new Error(`bad entity in attributes of <${m[2]}>`);
    if (m[1]) {
      if (stack.pop() !== m[2]) throw new Error(`mismatched </${m[2]}>`);
    } else if (!m[4]) stack.push(m[2]);
  }
  if (pos < body.length) throw new Error(`unparsable XML at ${pos}: ${body.slice(pos, pos + 40)}`);
  if (stack.length) throw new Error(`unclosed <${stack.join('>, <')}>`);
}

describe('--namespace (issue 16)', () => {
  const app = `apiVersion: apps/v1
kind: Deployment
metadata: { name: web }
spec:
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers: [{ name: web, image: nginx:1.27, envFrom: [{ configMapRef: { name: web-env } }] }]
---
apiVersion: v1
kind: ConfigMap
metadata: { name: web-env, namespace: shop }
data: { MODE: prod }
`;
  it('GIVEN a namespace-less Deployment reading a ConfigMap of namespace shop WHEN --namespace shop THEN matched there: no warning', async () => {
    write('ns/app.yaml', app);
    const without = await run(['ns/app.yaml']);
    expect(without.stderr).toMatch(/wiring\/missing-configmap.*namespace "default"/);
    const r = await run(['--namespace', 'shop', 'ns/app.yaml']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
  });
  it('GIVEN --namespace with a value that is no namespace name THEN exit 2 naming the value; -n stays kubeconform\'s worker count', async () => {
    const r = await run(['--namespace', 'Shop', 'ns/app.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--namespace 'Shop' is not a namespace name/);
    expect(parseArgs(['-n', '4', 'x.yaml']).namespace).toBeUndefined();
  });
});
