/**
 * `helmless lint [files|dirs|-]…`: best-practice policy rules and Pod Security Standards profiles
 * over any YAML. Reads inputs and formats reports with the validator's shared reader and formatters.
 * Exit codes: 0 no error findings; 1 error findings; 2 usage error or unreadable input.
 */
import { listValue, namespaceValue, tokenizeArgs, UsageError } from './args';
import { declaredKubernetesVersion } from '../project-version';
import { findLintConfig, LINT_PROFILES, matchesPaths, parseLintConfig, settingsFor, type LintConfig, type LintProfile, type LintSettings } from './lint-config';
import * as fs from 'fs';
import * as path from 'path';
import type { LintOptions, LintResult, SuppressedFinding } from '../validate/policy';
import type { Finding, ManifestDocument } from '../validate/types';
import type { CliIO, Command } from './main';

/** The validator's module, loaded lazily by run(). */
type Validate = typeof import('../validate');

const HELP = `Usage: helmless lint [options] [FILE|DIR|-]...

Lints Kubernetes manifests with best-practice policy rules (kube-linter / kube-score / Polaris
class) and a Pod Security Standards profile. Directories are walked recursively for *.yaml, *.yml
and *.json; '-' (or no path) reads standard input. The rules, their fixes and how to suppress
each one are listed in docs/lint-rules.md; 'helmless lint --list-rules' prints them.

Options:
  --profile baseline|restricted|all  what to check (default baseline):
                            baseline    Pod Security "baseline" + the essential best practices
                                        (security holes and defects: what matters on any YAML)
                            restricted  Pod Security "restricted" + every recommended best
                                        practice (what helmless constructs and synth meet)
                            all         restricted + the opt-in rules: the full catalogue
  --no-best-practices       check only the Pod Security Standards profile
  --enable RULE[,RULE]      also run these rules (e.g. opt-in cpu-limit-missing)
  --disable RULE[,RULE]     do not run these rules
  --namespace NS            namespace of the objects that name none, as 'kubectl apply -n NS'
                            would set it; cross-object rules match them there
  --config FILE             read the settings from FILE (default: .helmless.yaml or .helmless.yml
                            in the current folder, when present); flags win over the file
  --no-config               ignore .helmless.yaml
  --output FORMAT           text (default), json, junit or sarif
  --summary                 print a summary line (resources, errors, warnings, suppressed)
  --show-suppressed         also list the findings suppressed by annotations, with their reasons
  --kubernetes-version VER  version of version-aware rules (default: the k8s@ import of
                            ./cdk8s.yaml, else the newest vendored version, 1.36)
  --evidence complete|partial  complete: the inputs are the whole application, so references to
                            absent objects are findings; partial (default): judged where visible
  --list-rules              print the rule catalogue and exit

The config file (docs/lint-rules.md has the details):
  lint:
    profile: baseline                 # baseline | restricted | all
    disable: [image-latest-tag]       # enable: [...] likewise; bestPractices: false
    namespace: argocd
    ignorePaths: ['vendor/**']        # files left out
    overrides:                        # per path, applied in order over the settings above
      - paths: ['dist/**']
        profile: restricted

Values of the wrong type (a map where a string belongs) and missing required fields are reported
as schema/type and schema/required errors (a value a CRD's pattern refuses as schema/pattern), a CRD whose own schema the API server refuses as
schema/crd-schema (and its custom resources as schema/invalid-crd): the policy rules do not judge them.

Suppress a finding on one object with a reason, on the object or its pod template:
  metadata.annotations: { helmless.io/allow-<rule-name>: "<why it does not apply>" }
An empty reason does not suppress and is itself an error (policy/suppression-needs-reason).

Exit status: 0 no error findings (warnings do not fail); 1 error findings; 2 usage error or an
input that could not be read (the other inputs are still linted and reported).
`;

interface Parsed {
  paths: string[];
  /** Set only when given on the command line (the config file and the default apply otherwise). */
  profile?: LintProfile;
  bestPractices?: boolean;
  enable: string[];
  disable: string[];
  namespace?: string;
  config?: string;
  noConfig: boolean;
  output: 'text' | 'json' | 'junit' | 'sarif';
  summary: boolean;
  showSuppressed: boolean;
  kubernetesVersion?: string;
  evidence: 'complete' | 'partial';
  listRules: boolean;
}


const BOOLEAN_FLAGS = new Set(['no-best-practices', 'best-practices', 'summary', 'show-suppressed', 'list-rules', 'no-config']);
const VALUE_FLAGS = new Set(['profile', 'enable', 'disable', 'output', 'o', 'kubernetes-version', 'evidence', 'namespace', 'config']);

export function parseLintArgs(args: readonly string[], knownRules: ReadonlySet<string>): Parsed {
  const p: Parsed = { paths: [], enable: [], disable: [], noConfig: false, output: 'text', summary: false, showSuppressed: false, evidence: 'partial', listRules: false };
  const ruleList = (flag: string, value: string): string[] => {
    const ids = listValue(value).map((s) => (s.startsWith('policy/') ? s : `policy/${s}`));
    const unknown = ids.filter((id) => !knownRules.has(id));
    if (unknown.length) throw new UsageError(`--${flag}: unknown rule ${unknown.map((u) => `'${u}'`).join(', ')}. Run 'helmless lint --list-rules' for the rules`);
    return ids;
  };
  const { paths, flags } = tokenizeArgs(args, { booleans: BOOLEAN_FLAGS, values: VALUE_FLAGS, command: 'lint' });
  p.paths.push(...paths);
  for (const { name, value: v } of flags) {
    if (typeof v === 'boolean') {
      if (name === 'no-best-practices') p.bestPractices = !v;
      else if (name === 'best-practices') p.bestPractices = v;
      else if (name === 'summary') p.summary = v;
      else if (name === 'show-suppressed') p.showSuppressed = v;
      else if (name === 'list-rules') p.listRules = v;
      else if (name === 'no-config') p.noConfig = v;
      continue;
    }
    const value = v;
    switch (name) {
      case 'profile':
        if (!LINT_PROFILES.includes(value as LintProfile)) throw new UsageError(`--profile must be ${LINT_PROFILES.join(', ')}, got '${value}'`);
        p.profile = value as LintProfile;
        break;
      case 'o':
      case 'output':
        if (value !== 'text' && value !== 'json' && value !== 'junit' && value !== 'sarif') throw new UsageError(`--output must be text, json, junit or sarif, got '${value}'`);
        p.output = value;
        break;
      case 'enable':
        p.enable.push(...ruleList(name, value));
        break;
      case 'disable':
        p.disable.push(...ruleList(name, value));
        break;
      case 'kubernetes-version':
        p.kubernetesVersion = value;
        break;
      case 'namespace':
        p.namespace = namespaceValue(value);
        break;
      case 'config':
        p.config = value;
        break;
      case 'evidence':
        if (value !== 'complete' && value !== 'partial') throw new UsageError(`--evidence must be complete or partial, got '${value}'`);
        p.evidence = value;
        break;
    }
  }
  return p;
}

/**
 * Schema findings lint reports: what the policy rules cannot judge (values of the wrong type,
 * missing required fields, a CRD the API server would refuse and the custom resources it leaves
 * without a schema).
 */
const LINT_SCHEMA_RULES: ReadonlySet<string> = new Set(['schema/type', 'schema/required', 'schema/pattern', 'schema/crd-schema', 'schema/invalid-crd']);

async function run(args: readonly string[], io: CliIO): Promise<number> {
  // Loaded here so `helmless --help` and other commands do not pay for the linter (a lazy
  // require in the compiled CommonJS; an import under vitest).
  const policy = await import('../validate/policy');
  const v = await import('../validate');
  let opts: Parsed;
  let version: string;
  let config: LintConfig | undefined;
  try {
    const known = new Set(policy.POLICY_RULES.map((r) => r.id));
    opts = parseLintArgs(args, known);
    version = v.resolveVersion(opts.kubernetesVersion ?? declaredKubernetesVersion(io.cwd));
    config = opts.listRules ? undefined : readConfig(opts, io.cwd, known);
  } catch (e) {
    if (e instanceof UsageError || e instanceof v.UnknownVersionError) {
      io.stderr.write(`helmless lint: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  if (opts.listRules) {
    io.stdout.write(listRules(policy.POLICY_RULES));
    return 0;
  }
  const read = await v.readInputs(opts.paths, { cwd: io.cwd, stdin: io.stdin });
  const ignored = (file: string): boolean => !!config && config.ignorePaths.length > 0 && matchesPaths(config.ignorePaths, file, io.cwd, config.file);
  const input = config?.ignorePaths.length
    ? { docs: read.docs.filter((d) => !ignored(d.source.file)), findings: read.findings.filter((f) => !ignored(f.file)), files: read.files.filter((f) => !ignored(f)) }
    : read;
  const flags: LintSettings = {
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.bestPractices !== undefined ? { bestPractices: opts.bestPractices } : {}),
    enable: opts.enable,
    disable: opts.disable,
  };
  const namespace = opts.namespace ?? config?.namespace;
  const result = lintBySettings(policy, input.docs, config, flags, io.cwd, { kubernetesVersion: version, evidence: opts.evidence, ...(namespace ? { namespace } : {}) });
  const top = settingsFor(config, flags, '', io.cwd);
  const overridesNote = config && config.overrides.length ? `, ${config.overrides.length} path override${config.overrides.length > 1 ? 's' : ''} from ${config.file}` : '';
  // The policy rules judge only values of the right type that are there; a value of the wrong type
  // (a map where a string belongs) or a missing required field is named by the schema layer, so
  // lint reports those findings too.
  const typeFindings = v.validateDocuments(input.docs, { kubernetesVersion: version, apiRules: false, wiring: false })
    .filter((f) => f.severity === 'error' && (LINT_SCHEMA_RULES.has(f.rule) || f.rule.startsWith('internal/')));
  // Documents that did not parse are reported (parse/… and input/… findings) next to the lint.
  let findings = v.sortFindings([...input.findings, ...typeFindings, ...result.findings]);
  findings = v.locateFindings(findings.length > 10000 ? findings.slice(0, 10000) : findings, read.texts).concat(findings.slice(10000));
  const suppressed = opts.showSuppressed ? v.locateFindings(result.suppressed.map((s) => s.finding), read.texts) : [];
  const reasons = result.suppressed.map((s) => s.reason);
  const summary = v.summarize(input.docs, findings, input.files.length);
  const hasInputError = findings.some((f) => f.rule.startsWith('input/'));
  const hasError = findings.some((f) => f.severity === 'error');
  const ctx = { summary, showSummary: false, kubernetesVersion: version, tool: 'helmless lint' };
  const summaryLine = (): string =>
    `${v.formatSummaryLine(summary)}, Suppressed: ${result.suppressed.length} (profile ${top.profile}${top.bestPractices ? ` + ${BEST_PRACTICES_OF[top.profile]} best practices` : ''}${overridesNote})`;
  writeReport(io, v, opts, { findings, suppressed, reasons, ctx, top, config, suppressedCount: result.suppressed.length, summaryLine });
  if (opts.summary && opts.output !== 'text') io.stderr.write(summaryLine() + '\n');
  return hasInputError ? 2 : hasError ? 1 : 0;
}

/** What one lint run reports, for writeReport. */
interface LintReport {
  readonly findings: Finding[];
  /** The suppressed findings (with --show-suppressed) and their reasons, index by index. */
  readonly suppressed: Finding[];
  readonly reasons: string[];
  readonly ctx: Parameters<Validate['formatText']>[1];
  readonly top: ReturnType<typeof settingsFor>;
  readonly config: LintConfig | undefined;
  readonly suppressedCount: number;
  readonly summaryLine: () => string;
}

/** Writes the findings in the chosen format (text to stderr, the others to stdout). */
function writeReport(io: CliIO, v: Validate, opts: Parsed, r: LintReport): void {
  const { findings, suppressed, reasons, ctx, top, config } = r;
  switch (opts.output) {
    case 'text': {
      v.writeText(io.stderr, findings, ctx);
      if (opts.showSuppressed) {
        for (let i = 0; i < suppressed.length; i++) io.stderr.write(`${v.formatFindingLine(suppressed[i])} [suppressed: ${reasons[i]}]\n`.replace(/: (error|warning) policy\//, ': suppressed $1 policy/'));
      }
      if (opts.summary) io.stdout.write(r.summaryLine() + '\n');
      break;
    }
    case 'json': {
      const out = JSON.parse(v.formatJson(findings, ctx)) as Record<string, unknown>;
      out.profile = top.profile;
      out.bestPractices = top.bestPractices ? BEST_PRACTICES_OF[top.profile] : false;
      if (config) out.config = config.file;
      out.suppressedCount = r.suppressedCount;
      if (opts.showSuppressed) out.suppressed = suppressed.map((f, i) => ({ ...f, reason: reasons[i] }));
      io.stdout.write(JSON.stringify(out, null, 2) + '\n');
      break;
    }
    case 'sarif': {
      // Suppressed findings become SARIF results with an in-source suppression and its justification.
      const all = [...findings, ...suppressed];
      const sarif = JSON.parse(v.formatSarif(all, ctx)) as { runs: Array<{ results: Array<Record<string, unknown>> }> };
      const results = sarif.runs[0].results;
      for (let i = 0; i < suppressed.length; i++) results[findings.length + i].suppressions = [{ kind: 'inSource', justification: reasons[i] }];
      io.stdout.write(JSON.stringify(sarif, null, 2) + '\n');
      break;
    }
    case 'junit':
      io.stdout.write(v.formatJunit(findings, ctx));
      break;
  }
}

/** The best-practice set each profile runs. */
const BEST_PRACTICES_OF = { baseline: 'essential', restricted: 'recommended', all: 'all' } as const;

/** `--profile` (or `profile:`) as library options: the Pod Security profile and the best-practice set. */
function lintOptionsOf(s: ReturnType<typeof settingsFor>): Pick<LintOptions, 'profile' | 'bestPractices' | 'enable' | 'disable'> {
  return {
    profile: s.profile === 'baseline' ? 'baseline' : 'restricted',
    bestPractices: s.bestPractices ? BEST_PRACTICES_OF[s.profile] : false,
    enable: s.enable,
    disable: s.disable,
  };
}

/** The config named by --config, else .helmless.yaml of the working folder (unless --no-config). */
function readConfig(opts: Parsed, cwd: string, known: ReadonlySet<string>): LintConfig | undefined {
  if (opts.noConfig && !opts.config) return undefined;
  const file = opts.config ? path.resolve(cwd, opts.config) : findLintConfig(cwd);
  if (!file) return undefined;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--config: cannot read ${opts.config ?? file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  return parseLintConfig(text, path.relative(cwd, file) || file, known);
}

/**
 * Lints with the settings each file resolves to. Every run sees all documents (the cross-object
 * rules need them) and keeps the findings of the files that resolve to its settings: one run
 * without a config or per-path overrides.
 */
function lintBySettings(
  policy: typeof import('../validate/policy'), docs: readonly ManifestDocument[], config: LintConfig | undefined, flags: LintSettings, cwd: string,
  common: Pick<LintOptions, 'kubernetesVersion' | 'evidence' | 'namespace'>,
): LintResult {
  const groups = new Map<string, { options: LintOptions; files: Set<string> }>();
  for (const d of docs) {
    const s = settingsFor(config, flags, d.source.file, cwd);
    const options = { ...common, ...lintOptionsOf(s) };
    const key = JSON.stringify(options);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { options, files: new Set() }));
    g.files.add(d.source.file);
  }
  if (groups.size <= 1) return policy.lintDocumentsDetailed(docs, [...groups.values()][0]?.options ?? { ...common, ...lintOptionsOf(settingsFor(config, flags, '', cwd)) });
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const g of groups.values()) {
    const r = policy.lintDocumentsDetailed(docs, g.options);
    findings.push(...r.findings.filter((f) => g.files.has(f.file)));
    suppressed.push(...r.suppressed.filter((x) => g.files.has(x.finding.file)));
  }
  return { findings, suppressed };
}

function listRules(rules: readonly import('../validate/policy').PolicyRule[]): string {
  const lines: string[] = [];
  for (const r of rules) {
    const opt = r.defaultEnabled ? '' : ' (opt-in)';
    lines.push(`${r.id.padEnd(42)} ${r.severity.padEnd(7)} ${r.level}${opt}: ${r.summary}`);
  }
  return lines.join('\n') + '\n';
}

export const command: Command = {
  summary: 'lint manifests: best-practice policy rules and Pod Security Standards profiles',
  help: HELP,
  run,
};
