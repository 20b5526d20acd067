/**
 * Typed emission against the L1 table: an object as its `k8s.Kube*` class's props, or `Lossy` when the
 * typed class would not reproduce it exactly (a field outside the schema, a value of the wrong type).
 */
import { K8S_IMPORT_VERSION } from '../../imports/k8s-version';
import { isRecord } from '../diff/secrets';
import { Field, FieldKind, L1Table } from './l1-types';
import { block, joinPath, key, lit, str } from './literals';

export class Lossy extends Error {
  constructor(readonly path: string, readonly why: string) {
    super(`${path}: ${why}`);
  }
}

function checkPlain(v: unknown, tsType: string | undefined, path: string): void {
  if (tsType === undefined) return;
  const t = tsType.trim();
  const scalar = (x: unknown, s: string) => {
    if (s === 'string' && typeof x !== 'string') throw new Lossy(path, `expected a string, got ${JSON.stringify(x)}`);
    if (s === 'number' && typeof x !== 'number') throw new Lossy(path, `expected a number, got ${JSON.stringify(x)}`);
    if (s === 'boolean' && typeof x !== 'boolean') throw new Lossy(path, `expected a boolean, got ${JSON.stringify(x)}`);
  };
  if (t === 'string' || t === 'number' || t === 'boolean') return scalar(v, t);
  const arr = /^(string|number|boolean)\[\]$/.exec(t);
  if (arr) {
    if (!Array.isArray(v)) throw new Lossy(path, `expected a list, got ${JSON.stringify(v)}`);
    v.forEach((x) => scalar(x, arr[1]));
    return;
  }
  const map = /^\{ \[key: string\]: (string|number|boolean) \}$/.exec(t);
  if (map) {
    if (!isRecord(v)) throw new Lossy(path, `expected a mapping, got ${JSON.stringify(v)}`);
    Object.values(v).forEach((x) => scalar(x, map[1]));
  }
}

export class Emitter {
  /** Interface prop types, for checking plain values (string vs number). */
  constructor(private readonly table: L1Table, private readonly tsTypes: (struct: string, prop: string) => string | undefined) {}

  struct(v: unknown, ref: string, path: string, ind: string): string {
    const fields = this.table.structs.get(ref);
    if (!fields) throw new Lossy(path, `no typed struct ${ref}`);
    if (!isRecord(v)) throw new Lossy(path, `expected a mapping, got ${JSON.stringify(v)}`);
    const entries: string[] = [];
    for (const k of Object.keys(v)) {
      const f = fields.get(k);
      if (!f) throw new Lossy(joinPath(path, k), `'${k}' is not a field of ${ref} in the Kubernetes ${K8S_IMPORT_VERSION} schema, so the typed class would drop it`);
      entries.push(`${f.prop}: ${this.field(v[k], f, ref, joinPath(path, k), ind + '  ')}`);
    }
    return block(entries, '{', '}', ind);
  }

  private field(v: unknown, f: Field, owner: string, path: string, ind: string): string {
    const t: FieldKind = f.type;
    switch (t.kind) {
      case 'struct':
        return this.struct(v, t.ref, path, ind);
      case 'structArray':
        if (!Array.isArray(v)) throw new Lossy(path, 'expected a list');
        return block(v.map((x, i) => this.struct(x, t.ref, joinPath(path, i), ind + '  ')), '[', ']', ind);
      case 'structMap':
        if (!isRecord(v)) throw new Lossy(path, 'expected a mapping');
        return block(Object.keys(v).map((k) => `${key(k)}: ${this.struct(v[k], t.ref, joinPath(path, k), ind + '  ')}`), '{', '}', ind);
      case 'quantity':
        return quantity(v, path);
      case 'intOrString':
        if (typeof v === 'number') return `k8s.IntOrString.fromNumber(${v})`;
        if (typeof v === 'string') return `k8s.IntOrString.fromString(${str(v)})`;
        throw new Lossy(path, `expected a number or a string, got ${JSON.stringify(v)}`);
      case 'quantityMap':
        if (!isRecord(v)) throw new Lossy(path, 'expected a mapping');
        return block(Object.keys(v).map((k) => `${key(k)}: ${quantity(v[k], joinPath(path, k))}`), '{', '}', ind);
      case 'date': {
        if (typeof v !== 'string' || Number.isNaN(Date.parse(v)) || new Date(v).toISOString() !== v) throw new Lossy(path, `timestamp ${JSON.stringify(v)} would not print back identically`);
        return `new Date(${str(v)})`;
      }
      default:
        checkPlain(v, this.tsTypes(owner, f.prop), path);
        return lit(v, ind);
    }
  }
}

function quantity(v: unknown, path: string): string {
  if (typeof v === 'number') return `k8s.Quantity.fromNumber(${v})`;
  if (typeof v === 'string') return `k8s.Quantity.fromString(${str(v)})`;
  throw new Lossy(path, `expected a quantity, got ${JSON.stringify(v)}`);
}
