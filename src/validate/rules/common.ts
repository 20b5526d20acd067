// Checks shared by every kind group: enums, counts, ports, quantities, percentages, addresses.
import { Ctx, q, type Obj } from './context';
import { parseQuantity, portName, quantity } from './syntax';

export function enumCheck(ctx: Ctx, rule: string, path: string, value: unknown, allowed: readonly string[], fix?: string): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    ctx.error(rule, path, `Unsupported value: ${q(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
      fix ?? `use one of ${allowed.join(', ')}`);
  }
}

/**
 * enumCheck of `o[field]` at `${base}.${field}`: the path is built only for a finding (these run for
 * every container, port and probe of thousands of documents, and nearly always pass).
 */
export function enumField(ctx: Ctx, rule: string, base: string, o: Obj, field: string, allowed: readonly string[], fix?: string): void {
  if (!enumOk(o[field], allowed)) enumCheck(ctx, rule, `${base}.${field}`, o[field], allowed, fix);
}

/** Whether enumCheck would pass `value` (absent, or one of `allowed`). */
export function enumOk(value: unknown, allowed: readonly string[]): boolean {
  return value === undefined || value === null || (typeof value === 'string' && allowed.includes(value));
}

/** nonNegative of `o[field]` at `${base}.${field}` (the path built only for a finding). */
export function nonNegativeField(ctx: Ctx, rule: string, base: string, o: Obj, field: string): void {
  const value = o[field];
  if (typeof value === 'number' && value < 0) nonNegative(ctx, rule, `${base}.${field}`, value);
}

export function nonNegative(ctx: Ctx, rule: string, path: string, value: unknown): void {
  if (typeof value === 'number' && value < 0) {
    ctx.error(rule, path, `Invalid value: ${value}: must be greater than or equal to 0`, 'use 0 or a positive number');
  }
}

export function portInRange(v: number): boolean {
  return Number.isInteger(v) && v >= 1 && v <= 65535;
}

/** An int-or-string port reference (probe/targetPort): 1-65535 or an IANA port name. */
export function checkPortRef(ctx: Ctx, rule: string, path: string, value: unknown): void {
  if (typeof value === 'number') {
    if (!portInRange(value)) {
      ctx.error(rule, path, `Invalid value: ${value}: must be between 1 and 65535, inclusive`, 'use a port number in 1-65535 or a named port');
    }
  } else if (typeof value === 'string') {
    // A string is always a port name, even when it holds digits ('8080' quoted is refused).
    const problems = portName(value);
    if (problems.length === 0) return;
    ctx.syntax(rule, path, value, problems, /^[0-9]+$/.test(value)
      ? `write the number without quotes (${value}) or use a named port`
      : 'name a port declared by the container (lowercase, at most 15 characters) or use its number');
  }
}

/** checkPortRef of `value`, `field` of the object at `base` (the path built only for a finding). */
export function portRefAt(ctx: Ctx, rule: string, base: string, field: string, value: unknown): void {
  if (typeof value === 'number' ? portInRange(value) : typeof value !== 'string' || portName(value).length === 0) return;
  checkPortRef(ctx, rule, `${base}.${field}`, value);
}

export function checkQuantityField(ctx: Ctx, path: string, value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const problems = quantity(value);
  if (problems.length > 0) {
    ctx.syntax('quantity', path, value, problems, "use a Kubernetes quantity such as '500m', '1', '256Mi', '1Gi'");
    return undefined;
  }
  return parseQuantity(value);
}

const PERCENT_RE = /^[0-9]+%$/;

export function checkIntOrPercent(ctx: Ctx, rule: string, path: string, value: unknown, maxPercent100: boolean): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (value < 0) ctx.error(rule, path, `Invalid value: ${value}: must be greater than or equal to 0`);
    return value;
  }
  if (typeof value === 'string') {
    if (!PERCENT_RE.test(value)) {
      ctx.error(rule, path, `Invalid value: ${q(value)}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
        "use an integer or a percentage like '25%'");
      return undefined;
    }
    const n = Number(value.slice(0, -1));
    if (maxPercent100 && n > 100) ctx.error(rule, path, `Invalid value: ${q(value)}: must not be greater than 100%`);
    return n;
  }
  return undefined;
}

export function isIP(s: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s)) return s.split('.').every((p) => Number(p) <= 255);
  if (s.includes(':')) return /^[0-9a-fA-F:.]+$/.test(s) && s.split('::').length <= 2;
  return false;
}

export function isCIDR(s: string): boolean {
  const m = /^(.+)\/(\d{1,3})$/.exec(s);
  if (!m || !isIP(m[1])) return false;
  const bits = Number(m[2]);
  return m[1].includes(':') ? bits <= 128 : bits <= 32;
}

export function byteLen(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}
