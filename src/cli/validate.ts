/**
 * `helmless validate [files|dirs|-]…`: validates manifests with kubeconform-compatible flags.
 * Exit codes: 0 valid, 1 invalid (any error finding), 2 usage error or unreadable input.
 */
import { listValue, namespaceValue, tokenizeArgs, UsageError } from './args';
import { declaredKubernetesVersion } from '../project-version';
import type { CliIO, Command } from './main';
import type { EngineOptions } from '../validate/engine';
import type { ManifestDocument } from '../validate/types';

const HELP = `Usage: helmless validate [options] [FILE|DIR|-]...

Validates Kubernetes manifests: the schema of each object (kubeconform parity), what the API
server would refuse, and the wiring between the objects given. Directories are walked
recursively for *.yaml, *.yml and *.json; '-' (or no path) reads standard input.

Options (kubeconform's single-dash spellings and --flag=value also work):
  --kubernetes-version VER  Kubernetes version of the schemas and rules, x.y or x.y.z
                            (default: the k8s@ import of ./cdk8s.yaml, else the newest
                            vendored version, 1.36; vendored: 1.27 to 1.36)
  --strict                  reject unknown fields and duplicate keys
  --summary                 print a summary line (resources valid / invalid / errors / skipped)
  --output FORMAT           text (default), json, junit or sarif
  --skip KIND[,KIND]        skip these kinds ('Kind' or 'group/version/Kind')
  --reject KIND[,KIND]      report these kinds as errors
  --crds DIR                CRDs to validate custom resources against (repeatable). Precedence:
                            CRDs among the inputs, then --crds, then ./crds/, then the bundled
                            schemas of common custom resources (Prometheus Operator, cert-manager,
                            Gateway API, External Secrets, Argo CD, Flux, KEDA); --verbose names
                            the one used
  --missing-crds skip|error  custom resources whose CRD is unknown (none of the above): skip
                            (default) reports each as not validated and counts it as skipped;
                            error fails them, as kubeconform does
  --ignore-missing-schemas  also skip unknown kinds of built-in API groups (kubeconform's flag)
  --ignore-filename-pattern REGEX  leave out files whose path matches (repeatable)
  --namespace NS            namespace of the objects that name none, as 'kubectl apply -n NS'
                            would set it (default: default); references are matched there
  --evidence complete|partial  complete: every referenced object must be among the inputs
                            (unresolved references are errors); partial (default): warnings
  --schema-only             run only the schema layer (what kubeconform checks)
  --verbose                 also print info findings (skipped resources)

Accepted for kubeconform compatibility and ignored: -n N (kubeconform's worker count, not a
namespace: use --namespace), -exit-on-error, -debug, -insecure-skip-tls-verify, -schema-location
default (other schema locations are refused).

Exit status: 0 valid; 1 invalid (any error finding; warnings do not fail);
2 usage error, or an input that could not be read (missing, unreadable, too large, not text):
the other inputs are still validated and reported.
`;

interface Parsed {
  paths: string[];
  kubernetesVersion?: string;
  strict: boolean;
  summary: boolean;
  output: string;
  skip: string[];
  reject: string[];
  ignoreMissingSchemas: boolean;
  ignorePatterns: RegExp[];
  evidence: 'complete' | 'partial';
  missingCrds: 'skip' | 'error';
  crds: string[];
  schemaOnly: boolean;
  verbose: boolean;
  namespace?: string;
}


const BOOLEAN_FLAGS = new Set(['strict', 'summary', 'ignore-missing-schemas', 'schema-only', 'verbose']);
const VALUE_FLAGS = new Set(['kubernetes-version', 'output', 'o', 'skip', 'reject', 'evidence', 'ignore-filename-pattern', 'missing-crds', 'crds', 'schema-location', 'n', 'namespace']);
/** kubeconform flags that change nothing here (accepted so CI scripts can switch over unchanged). */
const IGNORED_BOOLEAN_FLAGS = new Set(['exit-on-error', 'debug', 'insecure-skip-tls-verify']);

export function parseArgs(args: readonly string[]): Parsed {
  const p: Parsed = {
    paths: [],
    strict: false,
    summary: false,
    output: 'text',
    skip: [],
    reject: [],
    ignoreMissingSchemas: false,
    ignorePatterns: [],
    evidence: 'partial',
    missingCrds: 'skip',
    crds: [],
    schemaOnly: false,
    verbose: false,
  };
  const { paths, flags } = tokenizeArgs(args, { booleans: BOOLEAN_FLAGS, values: VALUE_FLAGS, ignored: IGNORED_BOOLEAN_FLAGS, command: 'validate' });
  p.paths.push(...paths);
  for (const { name, value: v } of flags) {
    if (typeof v === 'boolean') {
      if (name === 'strict') p.strict = v;
      else if (name === 'summary') p.summary = v;
      else if (name === 'ignore-missing-schemas') p.ignoreMissingSchemas = v;
      else if (name === 'schema-only') p.schemaOnly = v;
      else if (name === 'verbose') p.verbose = v;
      continue;
    }
    setValueFlag(p, name, v);
  }
  return p;
}

/** Applies one flag with a value to `p`, checking the value. */
function setValueFlag(p: Parsed, name: string, value: string): void {
  switch (name) {
    case 'kubernetes-version':
      p.kubernetesVersion = value;
      break;
    case 'o':
    case 'output':
      if (!['text', 'json', 'junit', 'sarif'].includes(value)) throw new UsageError(`--output must be text, json, junit or sarif, got '${value}'`);
      p.output = value;
      break;
    case 'skip':
      p.skip.push(...listValue(value));
      break;
    case 'reject':
      p.reject.push(...listValue(value));
      break;
    case 'evidence':
      if (value !== 'complete' && value !== 'partial') throw new UsageError(`--evidence must be complete or partial, got '${value}'`);
      p.evidence = value;
      break;
    case 'namespace':
      p.namespace = namespaceValue(value);
      break;
    case 'n':
      break; // kubeconform's worker count: validation here is single-threaded and fast
    case 'schema-location':
      if (value !== 'default') {
        throw new UsageError(
          `--schema-location '${value}' is not supported: helmless validates against the vendored Kubernetes definitions (schemas/) and CRDs (among the files given, --crds DIR, ./crds/, or bundled); only 'default' is accepted`,
        );
      }
      break;
    case 'crds':
      p.crds.push(value);
      break;
    case 'missing-crds':
      if (value !== 'skip' && value !== 'error') throw new UsageError(`--missing-crds must be skip or error, got '${value}'`);
      p.missingCrds = value;
      break;
    case 'ignore-filename-pattern':
      try {
        p.ignorePatterns.push(new RegExp(value));
      } catch (e) {
        throw new UsageError(`--ignore-filename-pattern '${value}' is not a valid regular expression: ${(e as Error).message}`);
      }
      break;
  }
}

/** What the flags ask of the engine (the CRDs read from --crds are added by the caller). */
function engineOptions(opts: Parsed, version: string, timings: Record<string, number> | undefined): EngineOptions {
  return {
    kubernetesVersion: version,
    strict: opts.strict,
    skipKinds: opts.skip,
    rejectKinds: opts.reject,
    evidence: opts.evidence,
    ...(opts.namespace ? { namespace: opts.namespace } : {}),
    ignoreMissingSchemas: opts.ignoreMissingSchemas,
    missingCrds: opts.missingCrds,
    apiRules: !opts.schemaOnly,
    wiring: !opts.schemaOnly,
    ...(timings ? { timings } : {}),
  };
}

async function run(args: readonly string[], io: CliIO): Promise<number> {
  let opts: Parsed;
  try {
    opts = parseArgs(args);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`helmless validate: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  // Loaded on use, so `helmless --help` and the other commands do not pay for the validator.
  const v = await import('../validate');
  let version: string;
  try {
    version = v.resolveVersion(opts.kubernetesVersion ?? declaredKubernetesVersion(io.cwd));
  } catch (e) {
    if (e instanceof v.UnknownVersionError) {
      io.stderr.write(`helmless validate: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  // HELMLESS_TIMINGS=1 prints the milliseconds per phase on stderr (used by the benchmark).
  const timings: Record<string, number> | undefined = io.env.HELMLESS_TIMINGS ? {} : undefined;
  let t0 = Number(process.hrtime.bigint()) / 1e6;
  const lap = (name: string): void => {
    if (!timings) return;
    const t1 = Number(process.hrtime.bigint()) / 1e6;
    timings[name] = t1 - t0;
    t0 = t1;
  };
  if (opts.paths.length === 0 && (io.stdin as { isTTY?: boolean }).isTTY) {
    io.stderr.write("helmless validate: no input: give files or directories, or '-' to read standard input\n");
    return 2;
  }
  const crdSources = await v.readCrdSources(opts.crds, { cwd: io.cwd });
  const ignored = (file: string): boolean => opts.ignorePatterns.some((re) => re.test(file));
  // Each document is handed to the engine as it is parsed: its per-document checks run then,
  // and it can be collected before the next files are read.
  const validation = new v.Validation({ ...engineOptions(opts, version, timings), crdSources: crdSources.crds });
  const onDocument = (d: ManifestDocument): void => {
    if (!ignored(d.source.file)) validation.add(d);
  };
  const input = await v.readInputs(opts.paths, { cwd: io.cwd, stdin: io.stdin, onDocument });
  lap('read+parse');
  // the per-document layers ran while reading: their time is theirs
  if (timings) timings['read+parse'] -= (timings.schema ?? 0) + (timings.api ?? 0);
  const inputFindings = [...(opts.ignorePatterns.length ? input.findings.filter((f) => !ignored(f.file)) : input.findings), ...crdSources.findings];
  const files = opts.ignorePatterns.length ? input.files.filter((f) => !ignored(f)) : input.files;
  const engineFindings = validation.finish();
  if (timings) t0 = Number(process.hrtime.bigint()) / 1e6;
  let findings = v.sortFindings([...inputFindings, ...engineFindings]);
  findings = v.locateFindings(findings.length > 10000 ? findings.slice(0, 10000) : findings, input.texts).concat(findings.slice(10000));
  const summary = validation.summarize(findings, files.length);
  lap('locate+summary');
  const hasInputError = findings.some((f) => f.rule.startsWith('input/'));
  const hasError = findings.some((f) => f.severity === 'error');
  const ctx = { summary, showSummary: opts.summary, verbose: opts.verbose, kubernetesVersion: version };
  if (opts.output === 'text') {
    // io.stderr is made only when there is a line to write (making it costs ~5 ms)
    v.writeText({ write: (text) => io.stderr.write(text) }, findings, { ...ctx, showSummary: false });
    if (opts.summary) io.stdout.write(v.formatSummaryLine(summary) + '\n');
  } else if (opts.output === 'json') {
    writeParts(io.stdout, v.formatJsonParts(findings, ctx));
  } else {
    io.stdout.write(v.formatFindings(findings, opts.output as 'junit' | 'sarif', ctx));
  }
  lap('output');
  if (timings) io.stderr.write(`helmless-timings ${JSON.stringify(Object.fromEntries(Object.entries(timings).map(([k, ms]) => [k, Math.round(ms)])))}\n`);
  return hasInputError ? 2 : hasError ? 1 : 0;
}

/** Writes `parts` in writes of about 1 MB (not one string of the whole output). */
function writeParts(out: NodeJS.WritableStream, parts: Iterable<string>): void {
  let pending = '';
  for (const part of parts) {
    pending += part;
    if (pending.length >= 1 << 20) {
      out.write(pending);
      pending = '';
    }
  }
  if (pending) out.write(pending);
}

export const command: Command = {
  summary: 'validate manifests (schema, API-server rules, wiring); kubeconform-compatible flags',
  help: HELP,
  run,
};
