/**
 * Kubernetes value syntax, as the API server checks it. Pure functions shared by the
 * validator and by the constructs (which check props eagerly). Each returns the list of
 * problems (empty = valid), phrased like the API server's messages.
 *
 * The rules follow k8s.io/apimachinery pkg/util/validation (names, labels, ports, env vars,
 * ConfigMap keys), pkg/api/resource (quantities) and robfig/cron v3 as the CronJob controller
 * uses it (ParseStandard), plus batch validation's refusal of TZ= / CRON_TZ= prefixes.
 */
import { MEMO_LIMIT, rememberValid } from './memo';

export { cronSchedule, parseCronFully, plainValidCron } from './cron';

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';
const QUALIFIED_NAME = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_VALUE = `(${QUALIFIED_NAME})?`;
const ENV_VAR_NAME = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const CONFIG_MAP_KEY = '[-._a-zA-Z0-9]+';
const QUANTITY_REGEX = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';

const reDns1123Label = new RegExp(`^${DNS1123_LABEL}$`);
const reDns1123Subdomain = new RegExp(`^${DNS1123_SUBDOMAIN}$`);
const reDns1035Label = new RegExp(`^${DNS1035_LABEL}$`);
const reQualifiedName = new RegExp(`^${QUALIFIED_NAME}$`);
const reLabelValue = new RegExp(`^${LABEL_VALUE}$`);
const reEnvVarName = new RegExp(`^${ENV_VAR_NAME}$`);
const reConfigMapKey = new RegExp(`^${CONFIG_MAP_KEY}$`);

export const DNS1123_LABEL_MAX_LENGTH = 63;
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
export const DNS1035_LABEL_MAX_LENGTH = 63;
export const LABEL_VALUE_MAX_LENGTH = 63;
export const QUALIFIED_NAME_MAX_LENGTH = 63;

export function maxLenError(length: number): string {
  return `must be no more than ${length} characters`;
}

function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}'`).join(',  or ')}, regex used for validation is '${fmt}')`;
}

export function dns1123Subdomain(value: string): string[] {
  return dns1123SubdomainMemo(value);
}
const dns1123SubdomainMemo = rememberValid((value: string): string[] => {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!reDns1123Subdomain.test(value)) {
    errs.push(regexError(
      "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
      DNS1123_SUBDOMAIN, 'example.com'));
  }
  return errs;
});

export function dns1123Label(value: string): string[] {
  return dns1123LabelMemo(value);
}
const dns1123LabelMemo = rememberValid((value: string): string[] => {
  const errs: string[] = [];
  if (value.length > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!reDns1123Label.test(value)) {
    errs.push(regexError(
      "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
      DNS1123_LABEL, 'my-name', '123-abc'));
  }
  return errs;
});

/** RFC 1035 label (Service names): starts with a letter. */
export function dns1035Label(value: string): string[] {
  return dns1035LabelMemo(value);
}
const dns1035LabelMemo = rememberValid((value: string): string[] => {
  const errs: string[] = [];
  if (value.length > DNS1035_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  if (!reDns1035Label.test(value)) {
    errs.push(regexError(
      "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
      DNS1035_LABEL, 'my-name', 'abc-123'));
  }
  return errs;
});

/**
 * A qualified name ('name' or 'prefix/name', prefix a DNS-1123 subdomain): label keys and
 * annotation keys.
 */
export function qualifiedName(value: string): string[] {
  return qualifiedNameMemo(value);
}
const qualifiedNameMemo = rememberValid((value: string): string[] => {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) {
      errs.push('prefix part must be non-empty');
    } else {
      for (const msg of dns1123Subdomain(prefix)) errs.push(`prefix part ${msg}`);
    }
  } else {
    return [regexError(
      "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character with an optional DNS subdomain prefix and '/'",
      QUALIFIED_NAME, 'MyName', 'my.name', '123-abc') + " (e.g. 'example.com/MyName')"];
  }
  if (name.length === 0) {
    errs.push('name part must be non-empty');
  } else if (name.length > QUALIFIED_NAME_MAX_LENGTH) {
    errs.push(`name part ${maxLenError(QUALIFIED_NAME_MAX_LENGTH)}`);
  }
  if (name.length > 0 && !reQualifiedName.test(name)) {
    errs.push(`name part ${regexError(
      "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
      QUALIFIED_NAME, 'MyName', 'my.name', '123-abc')}`);
  }
  return errs;
});

export function labelKey(value: string): string[] {
  return qualifiedName(value);
}

export function labelValue(value: string): string[] {
  return labelValueMemo(value);
}
const labelValueMemo = rememberValid((value: string): string[] => {
  const errs: string[] = [];
  if (value.length > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  if (!reLabelValue.test(value)) {
    errs.push(regexError(
      "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character",
      LABEL_VALUE, 'MyValue', 'my_value', '12345'));
  }
  return errs;
});

// ---------------------------------------------------------------------------------------------
// Quantities (k8s.io/apimachinery/pkg/api/resource)

const ERR_QUANTITY_FORMAT = `quantities must match the regular expression '${QUANTITY_REGEX}'`;
const ERR_QUANTITY_NUMERIC = "unable to parse quantity's numeric part";
const ERR_QUANTITY_SUFFIX = "unable to parse quantity's suffix";

const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };

interface ParsedQuantity { readonly negative: boolean; readonly mantissa: string; readonly suffix: string }

/** Split a quantity into sign, numeric part and suffix, the way ParseQuantity scans it. */
function scanQuantity(value: string): ParsedQuantity | string {
  if (value.length === 0) return ERR_QUANTITY_FORMAT;
  let pos = 0;
  let negative = false;
  if (value[0] === '-' || value[0] === '+') {
    negative = value[0] === '-';
    pos = 1;
  }
  const numStart = pos;
  while (pos < value.length && value[pos] >= '0' && value[pos] <= '9') pos++;
  let digits = pos - numStart;
  if (pos < value.length && value[pos] === '.') {
    pos++;
    const denomStart = pos;
    while (pos < value.length && value[pos] >= '0' && value[pos] <= '9') pos++;
    digits += pos - denomStart;
  }
  const mantissa = value.slice(numStart, pos);
  if (digits === 0) {
    // No digit at all ('', '.', 'Gi', '-'): not a number.
    return pos === numStart ? ERR_QUANTITY_FORMAT : ERR_QUANTITY_NUMERIC;
  }
  const suffixStart = pos;
  while (pos < value.length && 'eEinumkKMGTP'.includes(value[pos])) pos++;
  if (pos < value.length && (value[pos] === '-' || value[pos] === '+')) pos++;
  while (pos < value.length && value[pos] >= '0' && value[pos] <= '9') pos++;
  if (pos < value.length) return ERR_QUANTITY_FORMAT;
  return { negative, mantissa, suffix: value.slice(suffixStart) };
}

function suffixExponent(suffix: string): { base: number; exponent: number } | undefined {
  if (suffix in BINARY_SUFFIXES) return { base: 2, exponent: BINARY_SUFFIXES[suffix] };
  if (suffix in DECIMAL_SUFFIXES) return { base: 10, exponent: DECIMAL_SUFFIXES[suffix] };
  if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[-+]?[0-9]+$/.test(suffix.slice(1))) {
    return { base: 10, exponent: Number(suffix.slice(1)) };
  }
  return undefined;
}

/** Kubernetes resource.Quantity syntax ('500m', '10Gi', '1e3'). */
export function quantity(value: string): string[] {
  return quantityMemo(value);
}
const quantityMemo = rememberValid((value: string): string[] => {
  const scanned = scanQuantity(value);
  if (typeof scanned === 'string') return [scanned];
  if (!suffixExponent(scanned.suffix)) return [ERR_QUANTITY_SUFFIX];
  return [];
});

/** Parse a quantity to a number (bytes / cores); undefined when not a valid quantity. */
const parsedQuantities = new Map<string, number | undefined>();
export function parseQuantity(value: string): number | undefined {
  if (parsedQuantities.has(value)) return parsedQuantities.get(value);
  const n = parseQuantityUncached(value);
  if (parsedQuantities.size >= MEMO_LIMIT) parsedQuantities.clear();
  parsedQuantities.set(value, n);
  return n;
}
function parseQuantityUncached(value: string): number | undefined {
  const scanned = scanQuantity(value);
  if (typeof scanned === 'string') return undefined;
  const exp = suffixExponent(scanned.suffix);
  if (!exp) return undefined;
  const mantissa = Number(scanned.mantissa.endsWith('.') ? scanned.mantissa.slice(0, -1) : scanned.mantissa);
  const n = mantissa * Math.pow(exp.base, exp.exponent);
  return scanned.negative ? -n : n;
}

// ---------------------------------------------------------------------------------------------
// Environment variables, ports, ConfigMap keys

let lastVersion: string | undefined;
let lastMinor = 27;
function parseMinor(version: string): number {
  // one version per run: answer the repeated question without the regex
  if (version === lastVersion) return lastMinor;
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  lastMinor = !m ? 27 : Number(m[1]) > 1 ? 1000 : Number(m[2]);
  lastVersion = version;
  return lastMinor;
}

/**
 * Whether the relaxed env var name rule applies: RelaxedEnvironmentVariableValidation is alpha
 * in 1.30, beta and on by default from 1.32, GA (locked on) in 1.34.
 */
export function relaxedEnvVarNames(kubernetesVersion: string): boolean {
  return parseMinor(kubernetesVersion) >= 32;
}

function chDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/**
 * Environment variable name. Up to 1.31: letters, digits, '_', '-', '.', not starting with a digit.
 * From 1.32 (RelaxedEnvironmentVariableValidation beta, on by default; GA in 1.34): any printable
 * ASCII but '='.
 */
export function envVarName(value: string, kubernetesVersion = '1.27.0'): string[] {
  return relaxedEnvVarNames(kubernetesVersion) ? relaxedEnvVarNameMemo(value) : strictEnvVarNameMemo(value);
}
const relaxedEnvVarNameMemo = rememberValid((value: string): string[] => envVarNameUncached(value, true));
const strictEnvVarNameMemo = rememberValid((value: string): string[] => envVarNameUncached(value, false));
function envVarNameUncached(value: string, relaxed: boolean): string[] {
  if (relaxed) {
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x20 || c > 0x7e || value[i] === '=') {
        return ["a valid environment variable name must consist only of printable ASCII characters other than '='"];
      }
    }
    return value.length === 0 ? ['Required value'] : [];
  }
  const errs: string[] = [];
  if (!reEnvVarName.test(value)) {
    errs.push(regexError(
      "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit",
      ENV_VAR_NAME, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'));
  }
  errs.push(...chDirPrefix(value));
  return errs;
}

/** IANA port name (IANA_SVC_NAME): 1-15 chars, lowercase alnum and '-', at least one letter. */
export function portName(value: string): string[] {
  return portNameMemo(value);
}
const portNameMemo = rememberValid((value: string): string[] => {
  const errs: string[] = [];
  if (value.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(value)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (value.includes('--')) errs.push('must not contain consecutive hyphens');
  if (!/[a-z]/.test(value)) errs.push('must contain at least one letter (a-z)');
  if (value.startsWith('-') || value.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
});

/** ConfigMap / Secret data key: [-._a-zA-Z0-9]+, at most 253 chars, not '.' or '..'. */
export function configMapKey(value: string): string[] {
  return configMapKeyMemo(value);
}
const configMapKeyMemo = rememberValid((value: string): string[] => {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!reConfigMapKey.test(value)) {
    errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'",
      CONFIG_MAP_KEY, 'key.name', 'KEY_NAME', 'key-name'));
  }
  errs.push(...chDirPrefix(value));
  return errs;
});
