/**
 * diffDocuments: two sets of Kubernetes documents -> a DiffReport. Pure: no I/O.
 * Objects are matched on API group + kind + namespace + name; for changed objects the field paths
 * with old -> new values; a removed and an added object of the same group and kind with mostly the
 * same content are reported as a probable rename (delete + create on the cluster).
 */
import { breakingForChanged, breakingForRemoved, describe, isContentReplacement } from './breaking';
import { deepEqual, diffValues, leaves } from './fields';
import { isRecord, reveal, SecretMasker } from './secrets';
import type { BreakingChange, DiffInput, DiffReport, FieldChange, LabelChangeGroup, ObjectChange, ObjectId } from './types';

/** Content similarity (0..1) above which a removed + added pair is reported as "renamed?". */
export const RENAME_SIMILARITY = 0.7;
/** Above this many removed x added pairs of one kind, renames are not searched (cost is quadratic). */
export const MAX_RENAME_PAIRS = 5000;

interface Entry {
  readonly id: ObjectId;
  readonly key: string;
  readonly apiVersion: string;
  readonly file: string;
  /** The object with secret leaves masked. */
  readonly masked: Record<string, unknown>;
}

export interface DiffOptions {
  /** Labels of the two sides for people. */
  readonly base?: string;
  readonly head?: string;
}

export function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

export function objectKey(id: ObjectId): string {
  return [id.group, id.kind, id.namespace, id.name].join('\u0000');
}

function compareIds(a: { file: string } & ObjectId, b: { file: string } & ObjectId): number {
  return cmp(a.file, b.file) || cmp(a.kind, b.kind) || cmp(a.group, b.group) || cmp(a.namespace, b.namespace) || cmp(a.name, b.name);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function collect(side: 'base' | 'head', docs: readonly DiffInput[], masker: SecretMasker, skipped: { side: 'base' | 'head'; file: string; reason: string }[]): Map<string, Entry> {
  const out = new Map<string, Entry>();
  for (const d of docs) {
    const o = d.object;
    if (o === null || o === undefined) continue;
    // A List (kubectl get -o yaml) is compared item by item.
    if (isRecord(o) && typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
      for (const [k, v] of collect(side, o.items.map((item) => ({ file: d.file, object: item })), masker, skipped)) {
        if (!out.has(k)) out.set(k, v);
      }
      continue;
    }
    if (!isRecord(o) || typeof o.kind !== 'string' || typeof o.apiVersion !== 'string' || !isRecord(o.metadata) || typeof o.metadata.name !== 'string') {
      skipped.push({ side, file: d.file, reason: 'not a Kubernetes object with apiVersion, kind and metadata.name' });
      continue;
    }
    const id: ObjectId = {
      group: groupOf(o.apiVersion),
      kind: o.kind,
      namespace: typeof o.metadata.namespace === 'string' ? o.metadata.namespace : '',
      name: o.metadata.name,
    };
    const key = objectKey(id);
    if (out.has(key)) {
      skipped.push({ side, file: d.file, reason: `duplicate object ${describe(id)} (also in ${out.get(key)!.file}); the first one is compared` });
      continue;
    }
    out.set(key, { id, key, apiVersion: o.apiVersion, file: d.file, masked: masker.mask(o) as Record<string, unknown> });
  }
  return out;
}

function publicFields(raw: ReturnType<typeof diffValues>): FieldChange[] {
  return raw.map((f) => {
    const o = f.old === undefined ? undefined : reveal(f.old);
    const n = f.new === undefined ? undefined : reveal(f.new);
    const hidden = (o?.hidden ?? false) || (n?.hidden ?? false);
    const base: FieldChange = { path: f.path, change: f.change };
    return {
      ...base,
      ...(o ? { old: o.value } : {}),
      ...(n ? { new: n.value } : {}),
      ...(hidden ? { hidden: true } : {}),
    };
  });
}

/**
 * Jaccard similarity of the leaves of two objects, ignoring their names: both names are replaced
 * by one placeholder inside every string of both objects (labels, container names and references
 * usually carry the name too).
 */
export function similarity(a: Entry, b: Entry): number {
  const names = [a.id.name, b.id.name].filter((n) => n.length >= 3).sort((x, y) => y.length - x.length);
  const strip = (e: Entry): Set<string> => {
    const copy: Record<string, unknown> = { ...e.masked, metadata: { ...(e.masked.metadata as Record<string, unknown>), name: '' } };
    return new Set(leaves(copy).map((l) => names.reduce((acc, n) => acc.split(n).join('\u0000NAME'), l)));
  };
  const sa = strip(a);
  const sb = strip(b);
  let both = 0;
  for (const x of sa) if (sb.has(x)) both++;
  const all = sa.size + sb.size - both;
  return all === 0 ? 1 : both / all;
}

export function diffDocuments(base: readonly DiffInput[], head: readonly DiffInput[], opts: DiffOptions = {}): DiffReport {
  const masker = new SecretMasker();
  const skipped: { side: 'base' | 'head'; file: string; reason: string }[] = [];
  const before = collect('base', base, masker, skipped);
  const after = collect('head', head, masker, skipped);
  const { changed, removed, added, unchanged } = matchByKey(before, after);
  // Replacements by design first (a content-named object whose hash changed), then probable renames.
  const { replacedBy, replaces } = pairReplacements(removed, added);
  const { renamedTo, renamedFrom } = pairRenames(removed, added, replacedBy, replaces);

  const objects: ObjectChange[] = [...changed];
  for (const r of removed) objects.push(removedChange(r, renamedTo.get(r.key), replacedBy.get(r.key)));
  for (const a of added) objects.push(addedChange(a, renamedFrom.get(a.key), replaces.get(a.key)));
  objects.sort(compareIds);
  return {
    schemaVersion: 1,
    base: opts.base ?? 'base',
    head: opts.head ?? 'head',
    summary: {
      added: added.length,
      removed: removed.length,
      changed: changed.length,
      unchanged,
      breaking: objects.reduce((n, o) => n + o.breaking.length, 0),
    },
    objects,
    labelChanges: labelChangeGroups(objects),
    skipped,
  };
}

/** Objects by identity: changed (with their fields and breaking changes), removed, added, and how many are unchanged. */
function matchByKey(before: Map<string, Entry>, after: Map<string, Entry>): { changed: ObjectChange[]; removed: Entry[]; added: Entry[]; unchanged: number } {
  const changed: ObjectChange[] = [];
  const removed: Entry[] = [];
  const added: Entry[] = [];
  let unchanged = 0;
  for (const [key, b] of before) {
    const h = after.get(key);
    if (!h) {
      removed.push(b);
      continue;
    }
    if (deepEqual(b.masked, h.masked)) {
      unchanged++;
      continue;
    }
    const fields = publicFields(diffValues(b.masked, h.masked));
    changed.push({
      ...h.id,
      change: 'changed',
      apiVersion: h.apiVersion,
      file: h.file,
      ...(b.file !== h.file ? { movedFrom: b.file } : {}),
      fields,
      breaking: breakingForChanged(h.id, fields, b.masked),
    });
  }
  for (const [key, h] of after) if (!before.has(key)) added.push(h);
  return { changed, removed, added, unchanged };
}

/** Removed and added objects that are one content-named object whose hash changed. */
function pairReplacements(removed: readonly Entry[], added: readonly Entry[]): { replacedBy: Map<string, Entry>; replaces: Map<string, Entry> } {
  const replacedBy = new Map<string, Entry>();
  const replaces = new Map<string, Entry>();
  for (const r of removed) {
    const a = added.find((x) => !replaces.has(x.key) && isContentReplacement(r.id, x.id));
    if (!a) continue;
    replacedBy.set(r.key, a);
    replaces.set(a.key, r);
  }
  return { replacedBy, replaces };
}

/** Probable renames: the best match per removed object, each added object used once. */
function pairRenames(
  removed: readonly Entry[], added: readonly Entry[], replacedBy: ReadonlyMap<string, Entry>, replaces: ReadonlyMap<string, Entry>,
): { renamedTo: Map<string, Entry>; renamedFrom: Map<string, Entry> } {
  const renamedTo = new Map<string, Entry>();
  const renamedFrom = new Map<string, Entry>();
  const pairs: { r: Entry; a: Entry; s: number }[] = [];
  const countOf = (list: readonly Entry[]) => list.reduce((m, e) => m.set(`${e.id.group}/${e.id.kind}`, (m.get(`${e.id.group}/${e.id.kind}`) ?? 0) + 1), new Map<string, number>());
  const removedByKind = countOf(removed);
  const addedByKind = countOf(added);
  for (const r of removed) {
    const gk = `${r.id.group}/${r.id.kind}`;
    if ((removedByKind.get(gk) ?? 0) * (addedByKind.get(gk) ?? 0) > MAX_RENAME_PAIRS) continue;
    if (replacedBy.has(r.key)) continue;
    for (const a of added) {
      if (r.id.group !== a.id.group || r.id.kind !== a.id.kind || replaces.has(a.key)) continue;
      const s = similarity(r, a);
      if (s >= RENAME_SIMILARITY) pairs.push({ r, a, s });
    }
  }
  pairs.sort((x, y) => y.s - x.s || cmp(x.r.key, y.r.key) || cmp(x.a.key, y.a.key));
  for (const p of pairs) {
    if (renamedTo.has(p.r.key) || renamedFrom.has(p.a.key)) continue;
    renamedTo.set(p.r.key, p.a);
    renamedFrom.set(p.a.key, p.r);
  }
  return { renamedTo, renamedFrom };
}

/** A removed object: its breaking changes, a probable rename first. */
function removedChange(r: Entry, to: Entry | undefined, by: Entry | undefined): ObjectChange {
  const breaking: BreakingChange[] = [...breakingForRemoved(r.id)];
  if (to) {
    breaking.unshift({
      rule: 'rename',
      path: 'metadata.name',
      message: `${describe(r.id)} looks renamed to ${to.id.namespace !== r.id.namespace && to.id.namespace ? `${to.id.namespace}/` : ''}${to.id.name} (same kind, ${Math.round(similarity(r, to) * 100)}% same content): on the cluster that is a delete + create, not an update${r.id.kind === 'StatefulSet' || r.id.kind === 'PersistentVolumeClaim' ? ', and the new object starts with new, empty volumes' : ''}. If unintended, keep the construct id (ids are API: they name the objects).`,
    });
  }
  return { ...r.id, change: 'removed', apiVersion: r.apiVersion, file: r.file, fields: [], breaking, ...(to ? { renamedTo: to.id } : {}), ...(by ? { replacedBy: by.id } : {}) };
}

/** An added object; for a probable rename or a replacement, what differs besides the name (the new object has these). */
function addedChange(a: Entry, from: Entry | undefined, old: Entry | undefined): ObjectChange {
  const prior = from ?? old;
  const fields = prior ? publicFields(diffValues(prior.masked, a.masked)).filter((f) => f.path !== 'metadata.name') : [];
  return { ...a.id, change: 'added', apiVersion: a.apiVersion, file: a.file, fields, breaking: [], ...(from ? { renamedFrom: from.id } : {}), ...(old ? { replaces: old.id } : {}) };
}

function isLabelPath(path: string): boolean {
  return path === 'metadata.labels' || path.startsWith('metadata.labels.') || path.startsWith('metadata.labels[');
}

/**
 * Changed objects whose every field change is a metadata.labels change, grouped by that exact set
 * of changes (a group needs two objects or more): a release-tag bump moves
 * app.kubernetes.io/version on every object, which says nothing about behaviour.
 */
export function labelChangeGroups(objects: readonly ObjectChange[]): LabelChangeGroup[] {
  const groups = new Map<string, { fields: readonly FieldChange[]; objects: (ObjectId & { file: string })[] }>();
  for (const o of objects) {
    if (o.change !== 'changed' || o.fields.length === 0 || o.breaking.length > 0 || !o.fields.every((f) => isLabelPath(f.path))) continue;
    const key = JSON.stringify(o.fields.map((f) => [f.path, f.change, f.old, f.new]));
    const g = groups.get(key) ?? { fields: o.fields, objects: [] };
    g.objects.push({ group: o.group, kind: o.kind, namespace: o.namespace, name: o.name, file: o.file });
    groups.set(key, g);
  }
  return [...groups.values()].filter((g) => g.objects.length > 1);
}

export function hasChanges(report: DiffReport): boolean {
  return report.objects.length > 0;
}
