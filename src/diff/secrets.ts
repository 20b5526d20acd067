/**
 * Secret values never leave the diff engine. Before comparing, every secret leaf is replaced by a
 * token that is equal for equal values within one run (an HMAC with a random per-run key, so the
 * token says nothing about the value, not even across runs); after comparing, tokens are printed as
 * HIDDEN. What counts as secret:
 *  - Secret `data` and `stringData` values;
 *  - SealedSecret `spec.encryptedData` values (encrypted, but still not for PR comments);
 *  - `env` items whose name looks like a credential (PASSWORD, TOKEN, SECRET, KEY, ...) and carry a literal `value`;
 *  - `command` / `args` items that carry a credential inline (`--password=...`, `token: ...`);
 *  - the `kubectl.kubernetes.io/last-applied-configuration` annotation (it may embed any of the above).
 */
import * as crypto from 'crypto';
import { HIDDEN } from './types';

const TOKEN_PREFIX = '\u0000helmless-hidden:';

/** Env var names that look like credentials. */
export const CREDENTIAL_NAME = /pass(word|wd|phrase)?|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key|(^|_)key($|_)|credential|auth|cert|salt|dsn|connection[_-]?string|database[_-]?url|_url$/i;

/** A command-line item with a credential inline: `--db-password=x`, `TOKEN: x`, `--api-key x` is not caught (two items). */
export const INLINE_CREDENTIAL = /(pass(word|wd)?|pwd|secret|token|api[_-]?key|access[_-]?key|credential)[a-z_-]*\s*[=:]\s*\S/i;

export class SecretMasker {
  private readonly key = crypto.randomBytes(32);

  token(value: unknown): string {
    const h = crypto.createHmac('sha256', this.key).update(JSON.stringify(value) ?? 'undefined').digest('hex').slice(0, 16);
    return TOKEN_PREFIX + h;
  }

  /** A deep copy of a Kubernetes object with secret leaves replaced by tokens. */
  mask(obj: unknown): unknown {
    if (!isRecord(obj)) return obj;
    const kind = typeof obj.kind === 'string' ? obj.kind : '';
    const copy = this.walk(obj) as Record<string, unknown>;
    if (kind === 'Secret') {
      for (const k of ['data', 'stringData']) copy[k] = this.maskValues(copy[k]);
    }
    if (kind === 'SealedSecret' && isRecord(copy.spec)) {
      const spec: Record<string, unknown> = { ...copy.spec };
      if (spec.encryptedData !== undefined) spec.encryptedData = this.maskValues(spec.encryptedData);
      copy.spec = spec;
    }
    return copy;
  }

  private maskValues(v: unknown): unknown {
    if (v === undefined) return undefined;
    if (!isRecord(v)) return this.token(v);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = this.token(x);
    return out;
  }

  private walk(v: unknown, key?: string): unknown {
    if (Array.isArray(v)) {
      if (key === 'env') {
        return v.map((item) => {
          if (isRecord(item) && typeof item.name === 'string' && 'value' in item && CREDENTIAL_NAME.test(item.name)) {
            return { ...item, value: this.token(item.value) };
          }
          return this.walk(item);
        });
      }
      if (key === 'args' || key === 'command') {
        return v.map((x) => (typeof x === 'string' && INLINE_CREDENTIAL.test(x) ? this.token(x) : this.walk(x)));
      }
      return v.map((x) => this.walk(x));
    }
    if (!isRecord(v)) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (k === 'kubectl.kubernetes.io/last-applied-configuration') out[k] = this.token(x);
      else out[k] = this.walk(x, k);
    }
    return out;
  }
}

export function isHiddenToken(v: unknown): boolean {
  return typeof v === 'string' && v.startsWith(TOKEN_PREFIX);
}

/** Replaces every token inside a value by HIDDEN; reports whether any was found. */
export function reveal(v: unknown): { value: unknown; hidden: boolean } {
  let hidden = false;
  const go = (x: unknown): unknown => {
    if (isHiddenToken(x)) {
      hidden = true;
      return HIDDEN;
    }
    if (Array.isArray(x)) return x.map(go);
    if (isRecord(x)) {
      const out: Record<string, unknown> = {};
      for (const [k, y] of Object.entries(x)) out[k] = go(y);
      return out;
    }
    return x;
  };
  const value = go(v);
  return { value, hidden };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
