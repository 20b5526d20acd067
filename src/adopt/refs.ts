/**
 * References between adopted constructs: a client's `connections` name its backend construct,
 * which the program binds to a variable (`const db = new StatefulDb(...)`) and passes by object.
 * Props carry a marker; recognize resolves it to the backend it builds in the scratch chart, and
 * the generator prints the variable.
 */
const REF = Symbol('adopt-construct-ref');

/** A construct's identity among the adopted ones: its chart and id. */
export interface ConstructIdentity {
  readonly id: string;
  readonly chart: { readonly namespace?: string; readonly instance: string; readonly partOf: string };
}

export interface ConstructRef {
  /** The backend's {@link constructKey}. */
  readonly key: string;
  /** The variable the program binds the backend to. */
  readonly varName: string;
}

export function constructKey(c: ConstructIdentity): string {
  return JSON.stringify([c.chart.namespace ?? '', c.chart.instance, c.chart.partOf, c.id]);
}

export function constructRef(target: ConstructIdentity, varName: string): ConstructRef {
  return Object.assign({ key: constructKey(target), varName }, { [REF]: true });
}

export function isConstructRef(v: unknown): v is ConstructRef {
  return typeof v === 'object' && v !== null && (v as { [REF]?: boolean })[REF] === true;
}

/** The keys of the constructs a props value refers to. */
function refsOf(v: unknown, out: string[] = []): string[] {
  if (isConstructRef(v)) out.push(v.key);
  else if (Array.isArray(v)) v.forEach((x) => refsOf(x, out));
  else if (typeof v === 'object' && v !== null) Object.values(v).forEach((x) => refsOf(x, out));
  return out;
}

/** Each construct after the ones its props refer to (its connections' backends), otherwise in the given order. */
export function backendsFirst<T extends ConstructIdentity & { readonly props: unknown }>(constructs: readonly T[]): T[] {
  const byKey = new Map(constructs.map((c) => [constructKey(c), c]));
  const out: T[] = [];
  const done = new Set<T>();
  const visit = (c: T, path: Set<T>): void => {
    if (done.has(c) || path.has(c)) return;
    path.add(c);
    for (const k of refsOf(c.props)) {
      const b = byKey.get(k);
      if (b) visit(b, path);
    }
    done.add(c);
    out.push(c);
  };
  constructs.forEach((c) => visit(c, new Set()));
  return out;
}
