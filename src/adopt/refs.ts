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
