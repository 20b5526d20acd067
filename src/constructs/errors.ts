import type { IConstruct } from 'constructs';

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
  ) {
    super(`${constructPath}: ${prop} ${formatValue(value)} is invalid: ${allowed}. Fix: ${fix}`);
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
