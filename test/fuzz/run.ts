/**
 * The large fuzz run: `npm run fuzz` (builds lib/, then 100,000 documents), or
 * `npx tsx test/fuzz/run.ts --documents N --seed S --out DIR` on a fresh build. It runs the built
 * CLI (lib/src, CommonJS), as users do; under tsx, src/'s lazy import()s would each cross tsx's
 * loader thread and triple the cost.
 * Prints documents, defects, time and peak memory per 1,000 documents; writes each defect's
 * input to DIR (default: a fresh folder under the OS temp dir) so it can become a fixture.
 * Exit 1 when any defect was found.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkCase, type Cli, type Defect } from './harness';
import { loadSeeds, makeCase } from './mutate';

function flag(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

async function run(): Promise<number> {
  const documents = Number(flag('documents', '100000'));
  const seed = Number(flag('seed', '1'));
  const out = flag('out', fs.mkdtempSync(path.join(os.tmpdir(), 'helmless-fuzz-')));
  fs.mkdirSync(out, { recursive: true });
  const seeds = loadSeeds();
  // --lib DIR: another build's lib/src (e.g. main's, to count what this fuzzer finds there)
  const lib = path.resolve(flag('lib', path.resolve(__dirname, '../../lib/src')));
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const cli: Cli = { main: require(`${lib}/cli/index`).main, parseManifests: require(`${lib}/validate/engine`).parseManifests };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let docs = 0;
  let cases = 0;
  let peakRss = process.memoryUsage().rss;
  const defects: Defect[] = [];
  const byProblem = new Map<string, number>();
  let slowest = 0;
  while (docs < documents) {
    const c = makeCase(seeds, seed, cases);
    const r = await checkCase(cli, c, { strict: cases % 2 === 1 });
    cases++;
    docs += r.documents;
    slowest = Math.max(slowest, r.ms);
    for (const d of r.defects) {
      const key = `${d.command.split(' ')[0]}: ${d.problem.replace(/[0-9]+/g, 'N').slice(0, 120)}`;
      const n = byProblem.get(key) ?? 0;
      byProblem.set(key, n + 1);
      if (n < 3) {
        defects.push(d);
        fs.writeFileSync(path.join(out, `defect-${d.id.replace(':', '-')}-${d.command.split(' ')[0]}.yaml`), d.bytes);
      }
    }
    if (cases % 500 === 0) {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      process.stderr.write(`\r${docs} documents, ${byProblem.size} kinds of defect`);
    }
  }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  const secs = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  process.stderr.write('\n');
  const lines = [
    `seed ${seed}: ${docs} documents in ${cases} inputs (${seeds.length} seed documents), validate --output json (--strict on every other input) and lint --output json`,
    `time ${secs.toFixed(1)} s wall, ${cpuSecs.toFixed(1)} s CPU: ${((cpuSecs * 1000) / docs).toFixed(2)} s CPU per 1,000 documents (both commands); slowest input ${Math.round(slowest)} ms CPU`,
    `peak RSS ${(peakRss / 1048576).toFixed(0)} MiB (one process, all documents)`,
    `defects: ${[...byProblem.values()].reduce((a, b) => a + b, 0)} in ${byProblem.size} kinds${byProblem.size ? `; inputs in ${out}` : ''}`,
    ...[...byProblem].sort((a, b) => b[1] - a[1]).map(([k, n]) => `  ${n} × ${k}`),
    ...defects.slice(0, 50).map((d) => `  e.g. ${d.id} [${d.family}: ${d.mutation}] ${d.command}: ${d.problem}`),
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return byProblem.size > 0 ? 1 : 0;
}

run().then((code) => process.exit(code), (e: unknown) => {
  process.stderr.write(`fuzz: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(2);
});
