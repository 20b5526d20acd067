/**
 * The repository's lint configuration, `.helmless.yaml` (or `.helmless.yml`) in the working
 * directory or the file given with `--config`: the profile, rules switched on or off, paths to
 * leave out and per-path overrides, in the manner of kube-linter's `.kube-linter.yaml`. Command
 * line flags win over the file; an override applies to the files its globs match.
 *
 *   lint:
 *     profile: baseline          # baseline (default) | restricted | all
 *     bestPractices: true        # false: the Pod Security profile alone
 *     enable: [cpu-limit-missing]
 *     disable: [image-latest-tag]
 *     namespace: argocd          # for objects that name none (kubectl apply -n)
 *     ignorePaths: ['vendor/**']
 *     overrides:
 *       - paths: ['charts/own/**']
 *         profile: restricted
 *         disable: [liveness-probe-missing]
 */
import * as fs from 'fs';
import * as path from 'path';
import type * as YamlModule from 'yaml';
import { namespaceValue, UsageError } from './args';

/** What `--profile` and `profile:` select: a Pod Security profile and a best-practice set. */
export type LintProfile = 'baseline' | 'restricted' | 'all';
export const LINT_PROFILES: readonly LintProfile[] = ['baseline', 'restricted', 'all'];

/** The settings one file is linted with. */
export interface LintSettings {
  readonly profile?: LintProfile;
  readonly bestPractices?: boolean;
  readonly enable?: readonly string[];
  readonly disable?: readonly string[];
}

export interface LintOverride extends LintSettings {
  /** Globs relative to the config file's folder (`*`, `**`, `?`). */
  readonly paths: readonly string[];
}

export interface LintConfig extends LintSettings {
  /** The file it was read from. */
  readonly file: string;
  readonly namespace?: string;
  readonly ignorePaths: readonly string[];
  readonly overrides: readonly LintOverride[];
}

export const CONFIG_NAMES = ['.helmless.yaml', '.helmless.yml'];

/** The config file of `cwd`, if there is one. */
export function findLintConfig(cwd: string): string | undefined {
  for (const n of CONFIG_NAMES) {
    const p = path.join(cwd, n);
    if (fs.existsSync(p)) return p;
  }
  return undefined;
}

const TOP_KEYS = ['lint'];
const LINT_KEYS = ['profile', 'bestPractices', 'enable', 'disable', 'namespace', 'ignorePaths', 'overrides'];
const OVERRIDE_KEYS = ['paths', 'profile', 'bestPractices', 'enable', 'disable'];

/**
 * Reads a config file's text. Throws UsageError with one line naming the file, the key, the
 * value, what is allowed and the fix.
 */
export function parseLintConfig(text: string, file: string, knownRules: ReadonlySet<string>): LintConfig {
  const fail = (where: string, msg: string): never => {
    throw new UsageError(`${file}: ${where}: ${msg}`);
  };
  let doc: unknown;
  try {
    // loaded on use: the package costs a lint run 30-45 ms to load, and most runs have no config file
    doc = (require('yaml') as typeof YamlModule).parse(text);
  } catch (e) {
    return fail('not YAML', (e as Error).message.split('\n')[0]);
  }
  if (doc === null || doc === undefined) return { file, ignorePaths: [], overrides: [] };
  const top = record(doc, 'the file', fail);
  unknownKeys(top, TOP_KEYS, '', fail);
  const lint = top.lint === undefined || top.lint === null ? {} : record(top.lint, 'lint', fail);
  unknownKeys(lint, LINT_KEYS, 'lint.', fail);
  const settings = (o: Record<string, unknown>, at: string): LintSettings => {
    const s: { -readonly [K in keyof LintSettings]: LintSettings[K] } = {};
    if (o.profile !== undefined) {
      if (!LINT_PROFILES.includes(o.profile as LintProfile)) fail(`${at}profile`, `'${String(o.profile)}' is not a profile; use ${LINT_PROFILES.join(', ')}`);
      s.profile = o.profile as LintProfile;
    }
    if (o.bestPractices !== undefined) {
      if (typeof o.bestPractices !== 'boolean') fail(`${at}bestPractices`, `'${String(o.bestPractices)}' is not true or false`);
      s.bestPractices = o.bestPractices as boolean;
    }
    for (const key of ['enable', 'disable'] as const) {
      if (o[key] === undefined) continue;
      const ids = strings(o[key], `${at}${key}`, fail).map((n) => (n.startsWith('policy/') ? n : `policy/${n}`));
      const unknown = ids.filter((id) => !knownRules.has(id));
      if (unknown.length) fail(`${at}${key}`, `unknown rule ${unknown.map((u) => `'${u}'`).join(', ')}; 'helmless lint --list-rules' lists them`);
      s[key] = ids;
    }
    return s;
  };
  const overrides = (lint.overrides === undefined ? [] : list(lint.overrides, 'lint.overrides', fail)).map((v, i): LintOverride => {
    const at = `lint.overrides[${i}].`;
    const o = record(v, `lint.overrides[${i}]`, fail);
    unknownKeys(o, OVERRIDE_KEYS, at, fail);
    const paths = strings(o.paths, `${at}paths`, fail);
    if (paths.length === 0) fail(`${at}paths`, 'is required: the globs of the files the override applies to');
    return { paths, ...settings(o, at) };
  });
  let namespace: string | undefined;
  if (lint.namespace !== undefined) {
    try {
      namespace = namespaceValue(String(lint.namespace));
    } catch (e) {
      fail('lint.namespace', (e as Error).message.replace(/^--namespace /, ''));
    }
  }
  return {
    file,
    ...settings(lint, 'lint.'),
    ...(namespace ? { namespace } : {}),
    ignorePaths: lint.ignorePaths === undefined ? [] : strings(lint.ignorePaths, 'lint.ignorePaths', fail),
    overrides,
  };
}

type Fail = (where: string, msg: string) => never;

function record(v: unknown, where: string, fail: Fail): Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return fail(where, 'must be a mapping');
  return v as Record<string, unknown>;
}

function list(v: unknown, where: string, fail: Fail): unknown[] {
  if (!Array.isArray(v)) return fail(where, 'must be a list');
  return v;
}

function strings(v: unknown, where: string, fail: Fail): string[] {
  const l = list(v, where, fail);
  l.forEach((x, i) => {
    if (typeof x !== 'string' || x === '') fail(`${where}[${i}]`, `'${String(x)}' is not a non-empty string`);
  });
  return l as string[];
}

function unknownKeys(o: Record<string, unknown>, allowed: readonly string[], at: string, fail: Fail): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) fail(`${at}${k}`, `unknown key; allowed: ${allowed.join(', ')}`);
}

/** A glob (`*` within a path segment, `**` across segments, `?` one character) as a RegExp. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      // '**/' matches zero or more folders; a trailing '**' everything below
      if (glob[i + 2] === '/') { re += '(?:.*/)?'; i += 2; } else { re += '.*'; i += 1; }
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Whether `file` (as the inputs name it, relative to `cwd`) matches one of `globs` (relative to the config's folder). */
export function matchesPaths(globs: readonly string[], file: string, cwd: string, configFile: string): boolean {
  const rel = path.relative(path.dirname(path.resolve(cwd, configFile)), path.resolve(cwd, file)).split(path.sep).join('/');
  return globs.some((g) => globToRegExp(g.replace(/^\.\//, '')).test(rel));
}

/** The settings for one file: the config's, then each matching override in order, then the flags. */
export function settingsFor(config: LintConfig | undefined, flags: LintSettings, file: string, cwd: string): Required<Pick<LintSettings, 'profile' | 'bestPractices'>> & { enable: string[]; disable: string[] } {
  let profile: LintProfile = 'baseline';
  let bestPractices = true;
  let enable: string[] = [];
  let disable: string[] = [];
  const apply = (s: LintSettings): void => {
    if (s.profile) profile = s.profile;
    if (s.bestPractices !== undefined) bestPractices = s.bestPractices;
    // a later enable lifts an earlier disable of the same rule, and the reverse
    if (s.enable) { enable = [...enable, ...s.enable]; disable = disable.filter((d) => !s.enable!.includes(d)); }
    if (s.disable) { disable = [...disable, ...s.disable]; enable = enable.filter((e) => !s.disable!.includes(e)); }
  };
  if (config) {
    apply(config);
    for (const o of config.overrides) if (matchesPaths(o.paths, file, cwd, config.file)) apply(o);
  }
  apply(flags);
  return { profile, bestPractices, enable, disable };
}
