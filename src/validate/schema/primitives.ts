/**
 * What every schema validator shares: the issue list and path of a run (Ctx), how an issue and a
 * value read in a message, suggestions (did you mean), and the leaf validators (string, integer,
 * number, boolean, date-time, int-or-string, Quantity).
 */
import { joinPath } from '../parse/yaml';

export interface Issue {
  readonly rule: string;
  readonly path: string;
  readonly message: string;
  readonly fix?: string;
}

export interface Ctx {
  strict: boolean;
  readonly path: (string | number)[];
  issues: Issue[];
  depth: number;
}

export type Validator = (value: unknown, ctx: Ctx) => void;

export function newCtx(strict: boolean, prefix: (string | number)[] = []): Ctx {
  return { strict, path: [...prefix], issues: [], depth: 0 };
}

export function pathOf(stack: readonly (string | number)[], extra?: string | number): string {
  let p = '';
  for (const k of stack) p = joinPath(p, k);
  return extra === undefined ? p : joinPath(p, extra);
}

export function report(ctx: Ctx, rule: string, message: string, fix?: string, extra?: string | number): void {
  ctx.issues.push({ rule, path: pathOf(ctx.path, extra), message, ...(fix ? { fix } : {}) });
}

export function fieldName(ctx: Ctx): string {
  for (let i = ctx.path.length - 1; i >= 0; i--) {
    const k = ctx.path[i];
    if (typeof k === 'string') return i === ctx.path.length - 1 ? `'${k}'` : `'${k}' item`;
  }
  return 'the document';
}

export function describeValue(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  switch (typeof v) {
    case 'string': {
      const s = v.length > 60 ? v.slice(0, 57) + '...' : v;
      return `the string ${JSON.stringify(s)}`;
    }
    case 'number':
      return Number.isInteger(v) ? `the integer ${v}` : `the number ${v}`;
    case 'boolean':
      return `the boolean ${v}`;
    case 'object':
      return 'a mapping';
    default:
      return typeof v;
  }
}

const ARTICLE: Record<string, string> = {
  object: 'a mapping (object)',
  array: 'a list',
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean',
};

/** A hint for a value of the wrong type ('remove the quotes: 3', 'quote the value: "8080"'), if one applies. */
export function typeFix(want: string, v: unknown): string | undefined {
  if ((want === 'integer' || want === 'number' || want === 'int-or-string') && typeof v === 'string' && /^-?\d+(\.\d+)?$/.test(v.trim())) {
    return want === 'int-or-string' ? undefined : `remove the quotes: ${v.trim()}`;
  }
  if (want === 'string' && typeof v === 'number') return `quote the value: "${String(v)}"`;
  if (want === 'string' && typeof v === 'boolean') return `quote the value: unquoted ${v ? 'true, yes, on, y' : 'false, no, off, n'} are booleans to kubectl (YAML 1.1)`;
  if (want === 'array' && v !== null && typeof v === 'object') return "write a list: put '- ' before each item";
  if (want === 'object' && Array.isArray(v)) return "write a mapping (key: value lines), not a list: remove the '- '";
  if (want === 'object' && typeof v === 'string') return 'write a nested mapping (key: value lines under this field), not a string';
  return undefined;
}

export function typeError(ctx: Ctx, want: string, v: unknown): void {
  const wantText = ARTICLE[want] ?? want;
  report(ctx, 'schema/type', `${fieldName(ctx)} must be ${wantText}, got ${describeValue(v)}`, typeFix(want, v));
}

/** Kubernetes resource.Quantity: sign, digits with optional fraction, then a suffix or an exponent. */
const QUANTITY = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[KMGTPE]i|[numkMGTPE]|[eE][+-]?\d+)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

export function isQuantity(s: string): boolean {
  return QUANTITY.test(s);
}

export const anyValidator: Validator = () => {};

export const intOrString: Validator = (v, ctx) => {
  if (typeof v === 'string') return;
  if (typeof v === 'number' && Number.isInteger(v)) return;
  report(ctx, 'schema/type', `${fieldName(ctx)} must be an integer or a string (int-or-string), got ${describeValue(v)}`, typeof v === 'number' ? `use a whole number or a string such as "${v}"` : undefined);
};

export const quantity: Validator = (v, ctx) => {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) report(ctx, 'schema/quantity', `${fieldName(ctx)} must be a finite quantity, got ${describeValue(v)}`);
    return;
  }
  if (typeof v === 'string') {
    if (!QUANTITY.test(v)) {
      report(
        ctx,
        'schema/quantity',
        `${fieldName(ctx)} is not a valid quantity: ${JSON.stringify(v)} (expected a number with an optional suffix: m, k, M, G, T, P, E, Ki, Mi, Gi, Ti, Pi, Ei, or an exponent like 1e3)`,
        quantityFix(v),
      );
    }
    return;
  }
  report(ctx, 'schema/type', `${fieldName(ctx)} must be a quantity (a string such as "500m" or "1Gi", or a number), got ${describeValue(v)}`);
};

function quantityFix(v: string): string {
  const m = /^\s*([+-]?[\d.]+)\s*([a-zA-Z]+)\s*$/.exec(v);
  if (m) {
    const n = m[1];
    const unit = m[2].toLowerCase();
    const units: Record<string, [string, string]> = {
      gb: ['G (10^9) or Gi (2^30)', 'Gi'], g: ['G', 'G'], gib: ['Gi', 'Gi'], gi: ['Gi', 'Gi'],
      mb: ['M (10^6) or Mi (2^20)', 'Mi'], mib: ['Mi', 'Mi'], mi: ['Mi', 'Mi'],
      kb: ['k (10^3) or Ki (2^10)', 'Ki'], kib: ['Ki', 'Ki'], ki: ['Ki', 'Ki'],
      tb: ['T (10^12) or Ti (2^40)', 'Ti'], tib: ['Ti', 'Ti'], ti: ['Ti', 'Ti'],
    };
    const u = units[unit];
    if (u) return `write the unit as ${u[0]}, e.g. "${n}${u[1]}"`;
    if (unit === 'cpu' || unit === 'cpus' || unit === 'core' || unit === 'cores') return `write CPU as a plain number of cores ("${n}") or in millicores ("${Math.round(Number(n) * 1000)}m")`;
  }
  if (/\s/.test(v)) return 'remove the spaces';
  return 'write e.g. "250m" (CPU) or "512Mi" (memory)';
}

export const stringValidator: Validator = (v, ctx) => {
  if (typeof v !== 'string') typeError(ctx, 'string', v);
};
export const integerValidator: Validator = (v, ctx) => {
  if (typeof v !== 'number' || !Number.isInteger(v)) typeError(ctx, 'integer', v);
};
export const numberValidator: Validator = (v, ctx) => {
  if (typeof v !== 'number') typeError(ctx, 'number', v);
};
export const booleanValidator: Validator = (v, ctx) => {
  if (typeof v !== 'boolean') typeError(ctx, 'boolean', v);
};
export const dateTimeValidator: Validator = (v, ctx) => {
  if (typeof v !== 'string') typeError(ctx, 'string', v);
  else if (!DATE_TIME.test(v)) report(ctx, 'schema/format', `${fieldName(ctx)} must be an RFC 3339 date-time, got ${JSON.stringify(v)}`, 'write e.g. "2024-01-31T12:00:00Z"');
};

/** Levenshtein distance, bounded: returns max+1 when above max. */
export function editDistance(a: string, b: string, max = 3): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const al = a.toLowerCase();
  const bl = b.toLowerCase();
  let prev = new Array<number>(bl.length + 1);
  let cur = new Array<number>(bl.length + 1);
  for (let j = 0; j <= bl.length; j++) prev[j] = j;
  for (let i = 1; i <= al.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= bl.length; j++) {
      const cost = al.charCodeAt(i - 1) === bl.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (cur[j] < rowMin) rowMin = cur[j];
    }
    if (rowMin > max) return max + 1;
    [prev, cur] = [cur, prev];
  }
  return prev[bl.length];
}

/** The closest candidate by edit distance (case-insensitive), if close enough to be a typo. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  const max = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  let best: string | undefined;
  let bestD = max + 1;
  for (const c of candidates) {
    if (c.toLowerCase() === word.toLowerCase()) return c;
    const d = editDistance(word, c, max);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}
