/**
 * `helmless adopt`'s TypeScript literals: JSON values, and the helper calls adopt writes (`Probe.tcp(...)`,
 * `EnvFrom.secret(SecretSource.existing(...))`, a ConfigMap's variable), printed as code a person would write.
 */
import { isRecord } from '../diff/secrets';
import { Code, isCode, isIdent, isUnset } from './code';
import { isConstructRef } from './refs';

/** Input the program cannot represent; the CLI prints its message as one line. */
export class AdoptError extends Error {}

export const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function str(s: string): string {
  return `'${JSON.stringify(s).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}

export function key(k: string): string {
  return IDENT.test(k) ? k : str(k);
}

export function block(entries: string[], open: string, close: string, ind: string): string {
  if (entries.length === 0) return open + close;
  // Short, flat values on one line: `{ cpu: '250m', memory: '256Mi' }`.
  const pad = open === '{' ? ' ' : '';
  const oneLine = `${open}${pad}${entries.join(', ')}${pad}${close}`;
  if (entries.every((e) => !e.includes('\n')) && ind.length + oneLine.length <= 72) return oneLine;
  const inner = ind + '  ';
  return `${open}\n${entries.map((e) => `${inner}${e},`).join('\n')}\n${ind}${close}`;
}

/** A Code as the call it stands for (ConfigMap calls: after their key became the program's variable). */
function callLit(v: Code, ind: string): string {
  const opts = v.options ? `, ${lit(v.options, ind)}` : '';
  switch (v.call) {
    case 'EnvFrom.secret': return `EnvFrom.secret(SecretSource.existing(${lit(v.arg, ind)})${opts})`;
    case 'ConfigMap.key': return `${lit(v.arg, ind)}.key(${str(v.key!)})`;
    case 'Mount.configMap': return `Mount.configMap(${lit(v.arg, ind)}, ${str(v.key!)}${opts})`;
    case 'Probe.tcp':
    case 'Probe.grpc': return `${v.call}(${v.options ? lit(v.options, ind) : ''})`;
    case 'Duration.seconds': {
      const n = v.arg as number;
      return n > 0 && n % 3600 === 0 ? `Duration.hours(${n / 3600})` : n > 0 && n % 60 === 0 ? `Duration.minutes(${n / 60})` : `Duration.seconds(${n})`;
    }
    case 'Security.restricted': return `Security.restricted(${isRecord(v.arg) && Object.keys(v.arg).length > 0 ? lit(v.arg, ind) : ''})`;
    default: return `${v.call}(${v.arg === undefined ? '' : lit(v.arg, ind)}${opts})${v.key !== undefined ? `.key(${str(v.key)})` : ''}`;
  }
}

/** A plain JSON value as a TypeScript literal. */
export function lit(v: unknown, ind = ''): string {
  if (v === null) return 'null';
  if (isUnset(v)) return 'undefined';
  if (isIdent(v)) return v.ident;
  if (isConstructRef(v)) return v.varName;
  if (isCode(v)) return callLit(v, ind);
  if (typeof v === 'string') return str(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (v.every((x) => typeof x !== 'object' || x === null)) {
      const one = `[${v.map((x) => lit(x)).join(', ')}]`;
      if (one.length <= 80) return one;
    }
    return block(v.map((x) => lit(x, ind + '  ')), '[', ']', ind);
  }
  if (isRecord(v)) return block(Object.keys(v).map((k) => `${key(k)}: ${lit(v[k], ind + '  ')}`), '{', '}', ind);
  throw new AdoptError(`cannot represent ${typeof v} in TypeScript`);
}

/** `spec.template` / `items[0]` / `data["a.b"]`: a path into an object, as findings and notes print it. */
export function joinPath(p: string, k: string | number): string {
  if (typeof k === 'number') return `${p}[${k}]`;
  return IDENT.test(k) ? (p ? `${p}.${k}` : k) : `${p}[${JSON.stringify(k)}]`;
}
