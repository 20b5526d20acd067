/**
 * Input objects as the recognizer compares them: their identity (object key), the HelmlessChart
 * settings they belong to, and the field-by-field residual between a construct's rendering and the
 * input (what `asDeployed` then keeps).
 */
import { isRecord } from '../diff/secrets';
import { formatFieldPath } from '../constructs/as-deployed';
import { LABEL_INSTANCE, LABEL_PART_OF } from '../constructs/labels';
import { UNSET } from './code';

type Obj = Record<string, any>;

export interface ChartSettings {
  readonly namespace?: string;
  readonly instance: string;
  readonly partOf: string;
}

export function objectKeyOf(o: Record<string, unknown>): string {
  const meta = (isRecord(o.metadata) ? o.metadata : {}) as Record<string, unknown>;
  const av = String(o.apiVersion);
  return [av.includes('/') ? av.split('/')[0] : '', o.kind, meta.namespace ?? '', meta.name].join('/');
}

/** The HelmlessChart an input object goes in: its instance label, else its namespace. */
export function chartOf(o: Obj): ChartSettings {
  const labels = (o.metadata?.labels ?? {}) as Record<string, string>;
  const instance = labels[LABEL_INSTANCE] ?? o.metadata?.namespace ?? 'adopted';
  return { namespace: o.metadata?.namespace, instance, partOf: labels[LABEL_PART_OF] ?? instance };
}

/** Whether every label of `selector` is on `labels`. */
export function selects(selector: unknown, labels: unknown): boolean {
  if (!isRecord(selector) || !isRecord(labels) || Object.keys(selector).length === 0) return false;
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * Field-by-field differences between what the construct wrote (`rendered`) and the input (`want`)
 * as asDeployed entries (path -> the input's value, or an unset marker). Labels and annotations the
 * construct adds to object metadata are allowed (reported in `adds`), not undone.
 */
export function residual(rendered: unknown, want: unknown, path: (string | number)[], out: Map<string, unknown>, adds: string[]): void {
  const top = path.length === 2 && path[0] === 'metadata' && (path[1] === 'labels' || path[1] === 'annotations');
  if (top && want === undefined) want = {};
  if (isRecord(rendered) && isRecord(want)) {
    for (const k of new Set([...Object.keys(rendered), ...Object.keys(want)])) {
      if (top && !(k in want)) {
        adds.push(`${formatFieldPath([...path, k])} added`);
        continue;
      }
      residual(rendered[k], want[k], [...path, k], out, adds);
    }
    return;
  }
  const names = (l: unknown[]) => l.map((x) => (isRecord(x) ? x.name : undefined)).join('\n');
  const reordered = Array.isArray(rendered) && Array.isArray(want) && rendered.every((x) => isRecord(x) && typeof x.name === 'string') &&
    names(rendered) !== names(want) && names([...rendered].sort((a: any, b: any) => a.name.localeCompare(b.name))) === names([...want].sort((a: any, b: any) => a.name.localeCompare(b.name)));
  if (Array.isArray(rendered) && Array.isArray(want) && rendered.length === want.length && !reordered) {
    rendered.forEach((x, i) => residual(x, want[i], [...path, i], out, adds));
    return;
  }
  if (JSON.stringify(rendered) === JSON.stringify(want)) return;
  if (path.length === 1 && path[0] === 'metadata' && want === undefined) return;
  out.set(formatFieldPath(path), want === undefined ? UNSET : want);
}

/** The fields `rendered` changes in `want` (empty: exact, new metadata labels and annotations aside). */
export function changes(rendered: Obj, want: Obj | undefined, adds: string[] = []): Map<string, unknown> {
  const left = new Map<string, unknown>();
  residual(rendered, want, [], left, adds);
  return left;
}
