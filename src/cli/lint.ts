/**
 * `helmless lint [files|dirs|-]…`: best-practice policy rules and Pod Security Standards profiles
 * over any YAML. Reads inputs and formats reports with the validator's shared reader and formatters.
 * Exit codes: 0 no error findings; 1 error findings; 2 usage error or unreadable input.
 */
import { listValue, tokenizeArgs, UsageError } from './args';
import { declaredKubernetesVersion } from '../project-version';
import type { CliIO, Command } from './main';

const HELP = `Usage: helmless lint [options] [FILE|DIR|-]...

Lints Kubernetes manifests with best-practice policy rules (kube-linter / kube-score / Polaris
class) and a Pod Security Standards profile. Directories are walked recursively for *.yaml, *.yml
and *.json; '-' (or no path) reads standard input. The rules, their fixes and how to suppress
each one are listed in docs/lint-rules.md; 'helmless lint --list-rules' prints them.

Options:
  --profile restricted|baseline  Pod Security Standards profile (default restricted); baseline
                            controls are checked under both
  --no-best-practices       check only the Pod Security Standards profile
  --enable RULE[,RULE]      also run opt-in rules (e.g. cpu-limit-missing, image-not-pinned)
  --disable RULE[,RULE]     do not run these rules
  --output FORMAT           text (default), json, junit or sarif
  --summary                 print a summary line (resources, errors, warnings, suppressed)
  --show-suppressed         also list the findings suppressed by annotations, with their reasons
  --kubernetes-version VER  version of version-aware rules (default: the k8s@ import of
                            ./cdk8s.yaml, else the newest vendored version, 1.36)
  --evidence complete|partial  complete: the inputs are the whole application, so references to
                            absent objects are findings; partial (default): judged where visible
  --list-rules              print the rule catalogue and exit

Suppress a finding on one object with a reason, on the object or its pod template:
  metadata.annotations: { helmless.io/allow-<rule-name>: "<why it does not apply>" }
An empty reason does not suppress and is itself an error (policy/suppression-needs-reason).

Exit status: 0 no error findings (warnings do not fail); 1 error findings; 2 usage error or an
input that could not be read (the other inputs are still linted and reported).
`;

interface Parsed {
  paths: string[];
  profile: 'baseline' | 'restricted';
  bestPractices: boolean;
  enable: string[];
  disable: string[];
  output: 'text' | 'json' | 'junit' | 'sarif';
  summary: boolean;
  showSuppressed: boolean;
  kubernetesVersion?: string;
  evidence: 'complete' | 'partial';
  listRules: boolean;
}


const BOOLEAN_FLAGS = new Set(['no-best-practices', 'best-practices', 'summary', 'show-suppressed', 'list-rules']);
const VALUE_FLAGS = new Set(['profile', 'enable', 'disable', 'output', 'o', 'kubernetes-version', 'evidence']);

export function parseLintArgs(args: readonly string[], knownRules: ReadonlySet<string>): Parsed {
  const p: Parsed = { paths: [], profile: 'restricted', bestPractices: true, enable: [], disable: [], output: 'text', summary: false, showSuppressed: false, evidence: 'partial', listRules: false };
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
      continue;
    }
    const value = v;
    switch (name) {
      case 'profile':
        if (value !== 'baseline' && value !== 'restricted') throw new UsageError(`--profile must be restricted or baseline, got '${value}'`);
        p.profile = value;
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
      case 'evidence':
        if (value !== 'complete' && value !== 'partial') throw new UsageError(`--evidence must be complete or partial, got '${value}'`);
        p.evidence = value;
        break;
    }
  }
  return p;
}

async function run(args: readonly string[], io: CliIO): Promise<number> {
  // Loaded here so `helmless --help` and other commands do not pay for the linter (a lazy
  // require in the compiled CommonJS; an import under vitest).
  const policy = await import('../validate/policy');
  const v = await import('../validate');
  let opts: Parsed;
  let version: string;
  try {
    opts = parseLintArgs(args, new Set(policy.POLICY_RULES.map((r) => r.id)));
    version = v.resolveVersion(opts.kubernetesVersion ?? declaredKubernetesVersion(io.cwd));
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
  const input = await v.readInputs(opts.paths, { cwd: io.cwd, stdin: io.stdin });
  const result = policy.lintDocumentsDetailed(input.docs, {
    profile: opts.profile,
    bestPractices: opts.bestPractices,
    enable: opts.enable,
    disable: opts.disable,
    kubernetesVersion: version,
    evidence: opts.evidence,
  });
  // Documents that did not parse are reported (parse/… and input/… findings) next to the lint.
  let findings = v.sortFindings([...input.findings, ...result.findings]);
  findings = v.locateFindings(findings.length > 10000 ? findings.slice(0, 10000) : findings).concat(findings.slice(10000));
  const suppressed = opts.showSuppressed ? v.locateFindings(result.suppressed.map((s) => s.finding)) : [];
  const reasons = result.suppressed.map((s) => s.reason);
  const summary = v.summarize(input.docs, findings, input.files.length);
  const hasInputError = findings.some((f) => f.rule.startsWith('input/'));
  const hasError = findings.some((f) => f.severity === 'error');
  const ctx = { summary, showSummary: false, kubernetesVersion: version, tool: 'helmless lint' };
  const summaryLine = (): string => `${v.formatSummaryLine(summary)}, Suppressed: ${result.suppressed.length} (profile ${opts.profile}${opts.bestPractices ? ' + best practices' : ''})`;
  switch (opts.output) {
    case 'text': {
      io.stderr.write(v.formatText(findings, ctx));
      if (opts.showSuppressed) {
        for (let i = 0; i < suppressed.length; i++) io.stderr.write(`${v.formatFindingLine(suppressed[i])} [suppressed: ${reasons[i]}]\n`.replace(/: (error|warning) policy\//, ': suppressed $1 policy/'));
      }
      if (opts.summary) io.stdout.write(summaryLine() + '\n');
      break;
    }
    case 'json': {
      const out = JSON.parse(v.formatJson(findings, ctx)) as Record<string, unknown>;
      out.profile = opts.profile;
      out.bestPractices = opts.bestPractices;
      out.suppressedCount = result.suppressed.length;
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
  if (opts.summary && opts.output !== 'text') io.stderr.write(summaryLine() + '\n');
  return hasInputError ? 2 : hasError ? 1 : 0;
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
