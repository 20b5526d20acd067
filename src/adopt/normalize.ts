/** What an adopted program does not write: status, server-populated metadata, null fields. */
import { isRecord } from '../diff/secrets';
import { joinPath } from './literals';

/** metadata fields the API server writes; a program must not (and cdk8s would refuse some). */
const SERVER_METADATA = ['creationTimestamp', 'uid', 'resourceVersion', 'generation', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds'];

function stripNulls(v: unknown, path: string, dropped: string[]): unknown {
  if (Array.isArray(v)) return v.map((x, i) => stripNulls(x, joinPath(path, i), dropped));
  if (!isRecord(v)) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (x === null) {
      dropped.push(joinPath(path, k));
      continue;
    }
    out[k] = stripNulls(x, joinPath(path, k), dropped);
  }
  return out;
}

/**
 * The object as the program will write it: without status, server-populated metadata and null
 * fields (the API server treats null as unset). Each removal is one note.
 */
export function normalizeForAdoption(o: Record<string, unknown>, where: string, notes: string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...o };
  if ('status' in copy) {
    delete copy.status;
    notes.push(`${where}: dropped status (written by the cluster, not by a manifest)`);
  }
  if (isRecord(copy.metadata)) {
    const meta: Record<string, unknown> = { ...copy.metadata };
    for (const k of SERVER_METADATA) {
      if (k in meta) {
        delete meta[k];
        notes.push(`${where}: dropped metadata.${k} (set by the API server)`);
      }
    }
    copy.metadata = meta;
  }
  // Helm charts often write TypeMeta into claim templates; the API server sets it itself (and the
  // typed class has no such fields), so it goes, with a note, instead of the whole object going untyped.
  if (copy.kind === 'StatefulSet' && isRecord(copy.spec) && Array.isArray(copy.spec.volumeClaimTemplates)) {
    copy.spec = {
      ...copy.spec,
      volumeClaimTemplates: copy.spec.volumeClaimTemplates.map((t: unknown, i: number) => {
        if (!isRecord(t) || (t.apiVersion === undefined && t.kind === undefined)) return t;
        if ((t.apiVersion ?? 'v1') !== 'v1' || (t.kind ?? 'PersistentVolumeClaim') !== 'PersistentVolumeClaim') return t;
        const { apiVersion: _a, kind: _k, ...rest } = t;
        notes.push(`${where}: dropped spec.volumeClaimTemplates[${i}].apiVersion/kind (v1 PersistentVolumeClaim, set by the API server)`);
        return rest;
      }),
    };
  }
  const dropped: string[] = [];
  const out = stripNulls(copy, '', dropped) as Record<string, unknown>;
  for (const d of dropped) notes.push(`${where}: dropped ${d}: null (null means unset)`);
  return out;
}
