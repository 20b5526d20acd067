/**
 * The option syntax shared by the file-taking commands (validate, lint): `--flag`, `-flag`
 * (kubeconform's single dash), `--flag=value`, `--flag value`, boolean `--flag=true|false`,
 * `-` for standard input and `--` before paths that start with a dash. Each command keeps the
 * meaning of its flags; this only turns argv into paths and named values, and names what is wrong.
 */

export class UsageError extends Error {}

export interface FlagSpec {
  /** Flags without a value (`--strict`; also `--strict=false`). */
  readonly booleans: ReadonlySet<string>;
  /** Flags that take a value (`--output json`, `--output=json`). */
  readonly values: ReadonlySet<string>;
  /** Boolean flags accepted and ignored (kubeconform compatibility). @default - none */
  readonly ignored?: ReadonlySet<string>;
  /** The command, for "Run 'helmless <command> --help'". */
  readonly command: string;
}

export interface ParsedFlags {
  readonly paths: string[];
  /** In argv order: booleans carry true/false, value flags their string. */
  readonly flags: Array<{ readonly name: string; readonly value: string | boolean }>;
}

export function tokenizeArgs(args: readonly string[], spec: FlagSpec): ParsedFlags {
  const out: ParsedFlags = { paths: [], flags: [] };
  let onlyPaths = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (onlyPaths || a === '-' || !a.startsWith('-')) {
      out.paths.push(a);
      continue;
    }
    if (a === '--') {
      onlyPaths = true;
      continue;
    }
    const m = /^--?([a-z][a-z-]*)(?:=(.*))?$/s.exec(a);
    if (!m) throw new UsageError(`unknown option '${a}'`);
    const name = m[1];
    let value: string | undefined = m[2];
    if (spec.ignored?.has(name)) continue;
    if (spec.booleans.has(name)) {
      if (value !== undefined && value !== 'true' && value !== 'false') throw new UsageError(`--${name} takes no value (or =true/=false), got '${value}'`);
      out.flags.push({ name, value: value === undefined || value === 'true' });
      continue;
    }
    if (!spec.values.has(name)) throw new UsageError(`unknown option '${a}'. Run 'helmless ${spec.command} --help' for the options`);
    if (value === undefined) {
      if (i + 1 >= args.length) throw new UsageError(`option --${name} needs a value`);
      value = args[++i];
    }
    out.flags.push({ name, value });
  }
  return out;
}

/** Splits a comma-separated list value ('Deployment, Service' -> ['Deployment', 'Service']). */
export function listValue(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter(Boolean);
}

/** A --namespace value: a DNS-1123 label, as namespace names are. */
export function namespaceValue(value: string): string {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(value) || value.length > 63) {
    throw new UsageError(`--namespace '${value}' is not a namespace name: use at most 63 lowercase letters, digits and '-', starting and ending with a letter or digit`);
  }
  return value;
}
