/**
 * Corpus parity: runs helmless's validator over the shared corpus (../shared/corpus, present on
 * dev and CI machines, never in a user's clone) and compares with kubeconform's verdicts:
 *  - k8s-website-examples/KUBECONFORM-VERDICTS.tsv: the real kubeconform v0.7.0 with
 *    `-strict -summary` at 1.27.0 and 1.36.0 (exit code and valid,invalid,errors,skipped counts);
 *  - kubeconform-fixtures/EXPECTED.tsv: the verdicts of kubeconform's own acceptance tests.
 * Known, justified disagreements live in test/fixtures/validate/corpus-exceptions.json.
 *
 *   npx tsx scripts/corpus-check.ts [--verbose]      (exit 1 on an unexplained disagreement)
 */
import * as fs from 'fs';
import * as path from 'path';
import { readInputs, summarize, validateDocuments, sortFindings, type Finding } from '../src/validate';

export const REPO_ROOT = path.resolve(__dirname, '..');
export const CORPUS = path.resolve(REPO_ROOT, '..', 'shared', 'corpus');

export interface Exception {
  readonly set: 'website' | 'fixtures';
  readonly file: string;
  /** Kubernetes version ('1.27.0'), or '*' for every version. */
  readonly version: string;
  /** 'schema': the schema layer alone disagrees; 'api' / 'wiring': a later layer proves the file wrong. */
  readonly layer: 'schema' | 'api' | 'wiring';
  readonly reason: string;
}

export interface Row {
  readonly set: 'website' | 'fixtures';
  readonly file: string;
  readonly version: string;
  readonly flags: string;
  /** kubeconform's verdict: 'valid' | 'invalid' | 'error' | 'skip' (fixtures), or the exit code (website). */
  readonly expectedExit: number;
  readonly expectedCounts?: string;
  readonly ourExit: number;
  /** valid,invalid,errors,skipped of the schema layer alone (what kubeconform checks). */
  readonly ourCounts: string;
  /** Exit code of the schema layer alone. */
  readonly ourSchemaExit: number;
  /** Full engine (all layers) gives kubeconform's exit code. */
  readonly agree: boolean;
  /** Schema layer alone gives kubeconform's exit code. */
  readonly schemaAgree: boolean;
  readonly countsAgree?: boolean;
  readonly exception?: string;
  readonly exceptionLayer?: Exception['layer'];
  readonly note?: string;
  readonly firstFinding?: string;
}

export function loadExceptions(): Exception[] {
  const file = path.join(REPO_ROOT, 'test', 'fixtures', 'validate', 'corpus-exceptions.json');
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { exceptions: Exception[] }).exceptions;
}

interface RunOptions {
  readonly kubernetesVersion: string;
  readonly strict: boolean;
  readonly skipKinds?: string[];
  readonly rejectKinds?: string[];
  readonly ignoreMissingSchemas?: boolean;
  readonly missingCrds?: 'skip' | 'error';
}

/**
 * helmless reports custom resources whose CRD is unknown as not validated (skipped) by default,
 * where kubeconform counts them as errors. A row is excused by this when that is the whole
 * difference: the same valid and invalid counts, kubeconform's errors all in helmless's skipped.
 */
export const UNKNOWN_CRD_REASON =
  "custom resource whose CRD is unknown: helmless reports it as not validated (schema/unknown-crd, counted as skipped; issue 5: 'otherwise reported as skipped, never silently passed') where kubeconform counts an error; with --missing-crds error helmless gives kubeconform's verdict";

function explainedByUnknownCrds(expected: string, ours: string, findings: readonly Finding[]): boolean {
  const [v, i, e, sk] = expected.split(',').map(Number);
  const [ov, oi, oe, osk] = ours.split(',').map(Number);
  return e > 0 && ov === v && oi === i && oe === 0 && osk === sk + e && findings.some((f) => f.rule === 'schema/unknown-crd');
}

async function runOne(files: string[], cwd: string, o: RunOptions): Promise<{ exit: number; schemaExit: number; counts: string; findings: Finding[] }> {
  const input = await readInputs(files, { cwd });
  const common = { kubernetesVersion: o.kubernetesVersion, strict: o.strict, skipKinds: o.skipKinds, rejectKinds: o.rejectKinds, ignoreMissingSchemas: o.ignoreMissingSchemas, missingCrds: o.missingCrds, evidence: 'partial' as const };
  const all = sortFindings([...input.findings, ...validateDocuments(input.docs, common)]);
  const schemaOnly = sortFindings([...input.findings, ...validateDocuments(input.docs, { ...common, apiRules: false, wiring: false })]);
  const s = summarize(input.docs, schemaOnly, input.files.length);
  const exitOf = (fs: Finding[]): number => (fs.some((f) => f.rule.startsWith('input/')) ? 2 : fs.some((f) => f.severity === 'error') ? 1 : 0);
  return { exit: exitOf(all), schemaExit: exitOf(schemaOnly), counts: `${s.valid},${s.invalid},${s.errors},${s.skipped}`, findings: all };
}

function readTsv(file: string): string[][] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => l.split('\t'));
}

function exceptionFor(exceptions: readonly Exception[], set: Row['set'], file: string, version: string): Exception | undefined {
  return exceptions.find((e) => e.set === set && e.file === file && (e.version === '*' || e.version === version));
}

/** mode 'kubeconform' runs with --missing-crds error (kubeconform's treatment of unknown CRDs). */
export async function checkWebsite(exceptions: readonly Exception[], mode: 'default' | 'kubeconform' = 'default'): Promise<Row[]> {
  const dir = path.join(CORPUS, 'k8s-website-examples');
  const rows: Row[] = [];
  for (const [file, version, exit, counts] of readTsv(path.join(dir, 'KUBECONFORM-VERDICTS.tsv'))) {
    const r = await runOne([file], dir, { kubernetesVersion: version, strict: true, missingCrds: mode === 'kubeconform' ? 'error' : 'skip' });
    const expectedExit = Number(exit);
    const listed = exceptionFor(exceptions, 'website', file, version);
    const ex: Pick<Exception, 'reason' | 'layer'> | undefined =
      listed ?? (r.exit !== expectedExit && explainedByUnknownCrds(counts, r.counts, r.findings) ? { reason: UNKNOWN_CRD_REASON, layer: 'schema' } : undefined);
    const first = r.findings.find((f) => f.severity === 'error');
    rows.push({
      set: 'website',
      file,
      version,
      flags: '-strict',
      expectedExit,
      expectedCounts: counts,
      ourExit: r.exit,
      ourSchemaExit: r.schemaExit,
      ourCounts: r.counts,
      agree: r.exit === expectedExit,
      schemaAgree: r.schemaExit === expectedExit,
      countsAgree: r.counts === counts,
      ...(ex ? { exception: ex.reason, exceptionLayer: ex.layer } : {}),
      ...(first ? { firstFinding: `${first.rule} ${first.path}: ${first.message}` } : {}),
    });
  }
  return rows;
}

/** Maps an EXPECTED.tsv flags cell to our options; undefined when the flags have no helmless equivalent. */
function fixtureOptions(flags: string): { opts: RunOptions; note?: string } | undefined {
  if (/schema-location|-cache|no network|openshift|3\.8\.0/i.test(flags)) return undefined;
  let version = '1.27.0';
  let note: string | undefined;
  const v = /-kubernetes-version (\S+)/.exec(flags);
  if (v && v[1] !== '1.27.0') {
    note = `kubeconform test used ${v[1]}; helmless vendors 1.27-1.36, so 1.27.0 is used`;
    version = '1.27.0';
  }
  const skip = /-skip (\S+)/.exec(flags);
  const reject = /-reject (\S+)/.exec(flags);
  return {
    opts: {
      kubernetesVersion: version,
      strict: /-strict/.test(flags),
      ...(skip ? { skipKinds: skip[1].split(',') } : {}),
      ...(reject ? { rejectKinds: reject[1].split(',') } : {}),
      ignoreMissingSchemas: /-ignore-missing-schemas/.test(flags),
    },
    ...(note ? { note } : {}),
  };
}

export async function checkFixtures(exceptions: readonly Exception[]): Promise<Row[]> {
  const dir = path.join(CORPUS, 'kubeconform-fixtures');
  const rows: Row[] = [];
  for (const [file, expected, flags] of readTsv(path.join(dir, 'EXPECTED.tsv'))) {
    if (expected === 'untested') continue;
    const m = fixtureOptions(flags);
    if (!m) continue; // remote schema registries, caches, OpenShift: no helmless equivalent
    if (/ignore-filename-pattern/.test(flags)) continue; // exercised by the CLI tests instead
    const target = path.join(dir, file);
    if (!fs.existsSync(target)) continue; // valid_large.yaml was not copied
    const isFolder = /fixtures\/folder/.test(flags);
    const r = await runOne([isFolder ? 'folder' : file], dir, m.opts);
    const expectedExit = expected === 'valid' || expected === 'skip' ? 0 : 1;
    const [valid, invalid, errors, skipped] = r.counts.split(',').map(Number);
    const bucketAgrees =
      expected === 'valid' ? invalid + errors + skipped === 0 && valid > 0 :
      expected === 'skip' ? skipped > 0 && invalid + errors === 0 :
      expected === 'invalid' ? invalid + errors > 0 :
      expected === 'error' ? errors > 0 : false;
    const listed = exceptionFor(exceptions, 'fixtures', file, flags);
    const crdOnly = expected === 'error' && errors === 0 && skipped > 0 && invalid === 0 && r.findings.some((f) => f.rule === 'schema/unknown-crd');
    const ex: Pick<Exception, 'reason' | 'layer'> | undefined = listed ?? (crdOnly ? { reason: UNKNOWN_CRD_REASON, layer: 'schema' } : undefined);
    const first = r.findings.find((f) => f.severity === 'error');
    rows.push({
      set: 'fixtures',
      file,
      version: m.opts.kubernetesVersion,
      flags,
      expectedExit,
      expectedCounts: expected,
      ourExit: r.exit,
      ourSchemaExit: r.schemaExit,
      ourCounts: r.counts,
      agree: r.exit === expectedExit && (expected === 'valid' ? true : bucketAgrees),
      schemaAgree: r.schemaExit === expectedExit && (expected === 'valid' ? true : bucketAgrees),
      countsAgree: bucketAgrees || (expected === 'valid' && valid > 0) || (expected === 'valid' && r.counts === '0,0,0,0'),
      ...(ex ? { exception: ex.reason, exceptionLayer: ex.layer } : {}),
      ...(m.note ? { note: m.note } : {}),
      ...(first ? { firstFinding: `${first.rule} ${first.path}: ${first.message}` } : {}),
    });
  }
  return rows;
}

/** Rows whose disagreement no exception explains (the schema layer needs a 'schema' exception). */
export function unexplained(rows: readonly Row[]): Row[] {
  return rows.filter((r) => (!r.agree && !r.exception) || (!r.schemaAgree && r.exceptionLayer !== 'schema'));
}

/** Exceptions that no longer match a disagreement (candidates for removal). */
export function staleExceptions(rows: readonly Row[]): Row[] {
  // an exception covers every row of its file (and version); it is stale when none of them differs
  const needed = new Set(rows.filter((r) => r.exception && !(r.agree && r.schemaAgree)).map((r) => `${r.set}\u0000${r.file}\u0000${r.exception}`));
  return rows.filter((r) => r.exception && r.agree && r.schemaAgree && !needed.has(`${r.set}\u0000${r.file}\u0000${r.exception}`));
}

export function formatTable(rows: readonly Row[], verbose = false): string {
  const out: string[] = [];
  const bySet = (set: Row['set']): Row[] => rows.filter((r) => r.set === set);
  for (const set of ['website', 'fixtures'] as const) {
    const rs = bySet(set);
    if (rs.length === 0) continue;
    const agree = rs.filter((r) => r.agree).length;
    const schemaAgree = rs.filter((r) => r.schemaAgree).length;
    const excused = rs.filter((r) => !r.agree && r.exception).length;
    const counts = rs.filter((r) => r.countsAgree).length;
    out.push(
      `${set}: ${rs.length} verdicts; all layers: ${agree} agree with kubeconform's exit code, ${excused} differ for a listed reason, ${unexplained(rs).length} unexplained; ` +
        `schema layer alone: ${schemaAgree} agree; per-resource counts (valid,invalid,errors,skipped): ${counts} agree`,
    );
    for (const r of rs) {
      if (r.agree && r.countsAgree && !verbose) continue;
      const tag = r.agree ? (r.countsAgree ? 'ok' : 'counts') : r.exception ? 'EXCUSED' : 'DISAGREE';
      out.push(
        `  ${tag.padEnd(8)} ${r.file} @${r.version} ${r.set === 'fixtures' ? `[${r.flags}] ` : ''}kubeconform: exit ${r.expectedExit} (${r.expectedCounts}) helmless: exit ${r.ourExit} (schema ${r.ourSchemaExit}; ${r.ourCounts})` +
          (r.exception ? `\n           reason: ${r.exception}` : '') +
          (r.firstFinding && (!r.agree || verbose) ? `\n           first: ${r.firstFinding}` : ''),
      );
    }
  }
  return out.join('\n') + '\n';
}

async function main(): Promise<number> {
  if (!fs.existsSync(CORPUS)) {
    process.stdout.write(`corpus-check: ${CORPUS} is absent (it exists on dev and CI machines only); nothing to check\n`);
    return 0;
  }
  const exceptions = loadExceptions();
  const rows = [...(await checkWebsite(exceptions)), ...(await checkFixtures(exceptions))];
  process.stdout.write('default options (unknown CRDs reported as not validated):\n');
  process.stdout.write(formatTable(rows, process.argv.includes('--verbose')));
  const strictRows = await checkWebsite(exceptions, 'kubeconform');
  process.stdout.write('\nwith --missing-crds error (kubeconform treats unknown CRDs as errors):\n');
  process.stdout.write(formatTable(strictRows, process.argv.includes('--verbose')));
  rows.push(...strictRows);
  for (const r of staleExceptions(rows)) process.stdout.write(`note: exception no longer needed: ${r.file} @${r.version}\n`);
  return unexplained(rows).length > 0 ? 1 : 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`corpus-check: ${e instanceof Error ? e.stack : String(e)}\n`);
      process.exitCode = 2;
    },
  );
}
