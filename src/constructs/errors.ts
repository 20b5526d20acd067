import type { IConstruct } from 'constructs';
import { PROP_KEYS, PropsName } from './prop-keys.generated';

/**
 * A prop a construct refused at construction. The message names the construct path, the bad
 * value, what is allowed and how to fix it, so the user never has to read the synthesised YAML
 * to find out what went wrong.
 */
export class HelmlessPropError extends Error {
  constructor(
    public readonly constructPath: string,
    public readonly prop: string,
    public readonly value: unknown,
    public readonly allowed: string,
    public readonly fix: string,
    /** How the value is shown, when not as JSON (e.g. a class instance). */
    shownValue?: string,
  ) {
    super(`${constructPath}: ${prop} ${shownValue ?? formatValue(value)} is invalid: ${allowed}. Fix: ${fix}`);
    this.name = 'HelmlessPropError';
  }
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return '(unset)';
  try {
    return JSON.stringify(value);
  } catch {
    return String(value);
  }
}

/** Throws a {@link HelmlessPropError} for `scope`. */
export function invalidProp(scope: IConstruct, prop: string, value: unknown, allowed: string, fix: string): never {
  throw new HelmlessPropError(scope.node.path, prop, value, allowed, fix);
}

/** Throws when `problems` (the result of a syntax helper) is not empty. */
export function checkSyntax(
  scope: IConstruct, prop: string, value: string, problems: readonly string[], fix: string,
): void {
  if (problems.length > 0) invalidProp(scope, prop, value, problems.join('; '), fix);
}

/** Requires an integer in [min, max]. */
export function checkInt(scope: IConstruct, prop: string, value: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `an integer >= ${min}` : `an integer from ${min} to ${max}`;
    invalidProp(scope, prop, value, `must be ${range}`, `set ${prop} to ${range}`);
  }
}

/** Edit distance (insertions, deletions, substitutions, adjacent swaps) between two keys. */
function distance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The known key closest to `key` ('readyness' -> 'readiness', 'replica' -> 'replicas'), if one is close. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const dist = distance(lower, k.toLowerCase());
    if (dist < bestDistance) {
      best = k;
      bestDistance = dist;
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

function shortValue(value: unknown): string {
  if (value === null || typeof value !== 'object') return formatValue(value);
  const name = (value as object).constructor?.name;
  return Array.isArray(value) ? `[${value.length} item${value.length === 1 ? '' : 's'}]` : name && name !== 'Object' ? `${name} {...}` : '{...}';
}

/**
 * Refuses keys the props interface does not declare: TypeScript does this at compile time, this
 * does it at run time for JavaScript apps and `as any`. The key lists are generated from the
 * interfaces (prop-keys.generated.ts), so they follow every new prop.
 * @param what how the props are named in the message ('WebService', 'ingress')
 * @param prefix the prop path of a nested options object ('ingress.')
 */
export function checkKnownProps(scope: IConstruct, props: unknown, name: PropsName, what: string, prefix = ''): void {
  if (props === null || typeof props !== 'object' || Array.isArray(props)) return;
  const known: readonly string[] = PROP_KEYS[name];
  for (const key of Object.keys(props)) {
    if (known.includes(key)) continue;
    const guess = closestKey(key, known);
    const value = (props as Record<string, unknown>)[key];
    throw new HelmlessPropError(scope.node.path, `${prefix}${key}`, value, `is not a prop of ${what}`,
      guess ? `did you mean '${prefix}${guess}'?` : `remove it, or use one of: ${known.join(', ')}`, shortValue(value));
  }
}
