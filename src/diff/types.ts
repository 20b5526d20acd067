/**
 * The diff report: what changed between two sets of Kubernetes documents (a base, usually the
 * committed dist/, and a head, usually a fresh synth). Pure data; the JSON output of
 * `helmless diff --output json` is exactly this shape (schemaVersion 1, documented in docs/diff.md).
 * Secret values never appear in a report: they are replaced by HIDDEN before anything is compared
 * or printed.
 */

/** Printed in place of any secret value (Secret data, SealedSecret encryptedData, credential-like env values). */
export const HIDDEN = '(value hidden)';

/** One document to compare: the parsed object and the file it came from (relative, '/'-separated). */
export interface DiffInput {
  readonly file: string;
  readonly object: unknown;
}

/** Identity of an object on a cluster: API group + kind + namespace + name (the version is not part of it). */
export interface ObjectId {
  /** '' for the core group ('v1'). */
  readonly group: string;
  readonly kind: string;
  /** '' when the document has no metadata.namespace. */
  readonly namespace: string;
  readonly name: string;
}

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface FieldChange {
  /** Field path: dots for keys, `[name=x]` for list items matched by name, `[3]` by index, `["a.b/c"]` for keys with dots. */
  readonly path: string;
  readonly change: ChangeKind;
  /** Old value (absent when added). Secret values are HIDDEN. */
  readonly old?: unknown;
  /** New value (absent when removed). Secret values are HIDDEN. */
  readonly new?: unknown;
  /** True when the value is secret and was hidden. */
  readonly hidden?: boolean;
}

/** Something that will fail or destroy data when the head is applied over the base on a live cluster. */
export interface BreakingChange {
  /** Stable id: 'immutable-selector', 'immutable-field', 'immutable-job-template', 'service-recreate', 'rename', 'data-loss', 'namespace-removed', 'crd-removed'. */
  readonly rule: string;
  /** Field path concerned, '' for the whole object. */
  readonly path: string;
  /** What happens on the cluster and what to do about it. */
  readonly message: string;
}

export interface ObjectChange extends ObjectId {
  readonly change: ChangeKind;
  /** apiVersion in the head (or in the base when removed). */
  readonly apiVersion: string;
  /** File in the head (or in the base when removed). */
  readonly file: string;
  /** File in the base when the object moved to another file. */
  readonly movedFrom?: string;
  /** For changed objects, and for the added side of a probable rename (vs the removed object): field-level changes. */
  readonly fields: readonly FieldChange[];
  readonly breaking: readonly BreakingChange[];
  /** For a removed object that looks renamed: the added object that is probably its new name. */
  readonly renamedTo?: ObjectId;
  /** For an added object that looks like a rename: the removed object it probably replaces. */
  readonly renamedFrom?: ObjectId;
  /**
   * For a removed content-named object (a WorkerJob's Job, an immutable ConfigMap): the added
   * object that replaces it by design (same name but for the content hash). Not breaking.
   */
  readonly replacedBy?: ObjectId;
  /** For an added content-named object: the removed object it replaces by design. */
  readonly replaces?: ObjectId;
}

/**
 * The same label-only change on several objects (e.g. app.kubernetes.io/version on a release-tag
 * bump): shown as one line. The objects stay in `objects` as well.
 */
export interface LabelChangeGroup {
  /** The label changes, all under metadata.labels, the same on every object. */
  readonly fields: readonly FieldChange[];
  readonly objects: readonly (ObjectId & { readonly file: string })[];
}

export interface DiffSummary {
  readonly added: number;
  readonly removed: number;
  readonly changed: number;
  readonly unchanged: number;
  /** Number of breaking changes over all objects. */
  readonly breaking: number;
}

export interface DiffReport {
  readonly schemaVersion: 1;
  /** What was compared, for people ('dist/ at main', 'fresh synth of src/main.ts'). */
  readonly base: string;
  readonly head: string;
  readonly summary: DiffSummary;
  /** Changed, added and removed objects, sorted by file, kind, namespace, name. */
  readonly objects: readonly ObjectChange[];
  /** Changed objects whose only change is the same set of metadata.labels changes, grouped. */
  readonly labelChanges: readonly LabelChangeGroup[];
  /** Documents that could not be compared (not an object with kind and metadata.name). */
  readonly skipped: readonly { readonly side: 'base' | 'head'; readonly file: string; readonly reason: string }[];
}
