// CLI basics: help, version, exit codes, usage errors on stderr. The compiled bin runs where the
// process is the point (its exit status, what reaches a pipe); the rest runs the same dispatch
// in-process (runCli), as the bin would without the node start.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, runHelmless, tempDir } from '../synth/helpers';

describe('helmless CLI basics', () => {
  it('GIVEN --help WHEN run THEN prints the commands on stdout and exits 0', async () => {
    const r = runHelmless(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Usage: helmless <command>/);
    expect(r.stdout).toMatch(/^\s+synth\s+\S/m);
    expect(r.stderr).toBe('');
    // runCli registers the commands itself: the same list as the bin's, or in-process tests drift
    expect((await runCli(['--help'])).stdout).toBe(r.stdout);
  });

  it('GIVEN no command WHEN run THEN the usage goes to stderr and the exit code is 2', () => {
    const r = runHelmless([]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Usage: helmless/);
    expect(r.stdout).toBe('');
  });

  it('GIVEN --version WHEN run THEN prints the package version', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const r = runHelmless(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('GIVEN an unknown command WHEN run THEN exit 2 naming it', async () => {
    const r = await runCli(['synthesise']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'synthesise'/);
  });

  it('GIVEN an unknown global option WHEN run THEN exit 2 naming the option', async () => {
    const r = await runCli(['--colour']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--colour'/);
  });

  it('GIVEN synth --help WHEN run THEN prints the synth options and exits 0', async () => {
    const r = await runCli(['synth', '--help']);
    expect(r.status).toBe(0);
    for (const flag of ['--app', '--output', '--kubernetes-version', '--quiet']) expect(r.stdout).toContain(flag);
  });

  it.each([
    [['synth', '--outptu', 'x'], /unknown option '--outptu'/],
    [['synth', '--output'], /'--output' needs a value/],
    [['synth', '-o', '--quiet'], /'-o' needs a value/],
    [['synth', '--kubernetes-version', 'latest'], /must look like 1\.27.*'latest'/],
    [['synth', 'src/main.ts'], /unexpected argument 'src\/main.ts'/],
    [['synth', '--quiet=yes'], /'--quiet' takes no value/],
  ])('GIVEN synth %j WHEN run THEN a one-line usage error on stderr and exit 2', async (args, message) => {
    const dir = tempDir('usage');
    const r = await runCli(args, { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('GIVEN a folder without cdk8s.yaml and no --app WHEN synth THEN exit 2 saying what to pass', async () => {
    const r = await runCli(['synth'], { cwd: tempDir('noconfig') });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no app to run.*--app/);
  });

  it('GIVEN a cdk8s.yaml that is not a mapping WHEN synth THEN exit 2 naming the file', async () => {
    const dir = tempDir('badconfig');
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), '- app\n- output\n');
    const r = await runCli(['synth'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cdk8s\.yaml: expected a mapping/);
  });

  it('GIVEN an output folder that contains the project WHEN synth THEN exit 2 and nothing is touched', async () => {
    const dir = tempDir('outparent');
    fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'app: "true"\noutput: .\n');
    const r = await runCli(['synth'], { cwd: dir });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/output folder '\.' is the project folder/);
    expect(fs.readdirSync(dir)).toEqual(['cdk8s.yaml']);
  });

  it('GIVEN megabytes of output into a slow pipe WHEN the command ends THEN every byte arrives and the exit code is kept', () => {
    // The CLI exits as soon as its output is flushed (src/cli/index.ts): a reader that starts late
    // must still get all of it.
    const { generateDocuments } = require(path.join(ROOT, 'bench', 'corpus.js')) as { generateDocuments(n: number, seed: number, size: string): string[] };
    const dir = tempDir('pipe');
    const input = path.join(dir, 'in.yaml');
    fs.writeFileSync(input, generateDocuments(3000, 5, 'small').join('---\n') + '---\napiVersion: v1\nkind: Service\nmetadata:\n  name: Bad_Name\n');
    const bin = path.join(ROOT, 'bin', 'helmless.js');
    const direct = path.join(dir, 'direct.json');
    const cmd = `"${process.execPath}" "${bin}" lint --profile restricted -o json "${input}" > "${direct}"; echo "direct:$?"; "${process.execPath}" "${bin}" lint --profile restricted -o json "${input}" | (sleep 1; wc -c); echo "piped:\${PIPESTATUS[0]}"`;
    const r = spawnSync('bash', ['-c', cmd], { encoding: 'utf8' });
    const size = fs.statSync(direct).size;
    expect(size).toBeGreaterThan(1_000_000);
    const lines = r.stdout.trim().split('\n').map((l) => l.trim());
    expect(lines).toEqual(['direct:1', String(size), 'piped:1']);
  });
});
