/**
 * The contract shared by every validation layer (schema, API-server rules, cross-object
 * wiring, policy lint), the CLI and the synth pipeline. Pure data: no I/O here.
 */

export type Severity = 'error' | 'warning' | 'info';

/** Where a document came from. */
export interface SourceRef {
  /** File the document was read from (relative to the cwd when possible), or '<stdin>'. */
  readonly file: string;
  /** 0-based index of the document within its file (counting empty documents). */
  readonly documentIndex: number;
  /** 1-based line of the document's first line in the file, when known. */
  readonly line?: number;
  /** At synth: the construct path that created the object (e.g. 'shop-prod/web/deployment'). */
  readonly constructPath?: string;
  /** At synth: the TypeScript source location that created the object ('src/charts/shop.ts:42'). */
  readonly sourceLocation?: string;
  /**
   * Set when the object is item N of a `kind: List` document: findings about it carry the path
   * prefix `items[N].`, so they point into the right item.
   */
  readonly listItem?: number;
}

/** The path of a finding inside its document: `items[N].<path>` for an item of a List. */
export function documentPath(source: SourceRef, path: string): string {
  if (source.listItem === undefined) return path;
  return path ? `items[${source.listItem}].${path}` : `items[${source.listItem}]`;
}

/** One parsed Kubernetes document handed to the validators. */
export interface ManifestDocument {
  /** The parsed value (normally a plain object; may be anything for malformed input). */
  readonly object: unknown;
  readonly source: SourceRef;
  /**
   * Duplicate keys found in one mapping while parsing, as JSON-pointer-like paths
   * ('spec.template.spec.containers[0].name'). Reported by the schema layer under --strict.
   */
  readonly duplicateKeys?: readonly string[];
}

export interface Finding {
  readonly severity: Severity;
  /** Stable rule id, kebab-case, prefixed by layer: 'schema/…', 'api/…', 'wiring/…', 'policy/…', 'parse/…'. */
  readonly rule: string;
  /** What is wrong, in one sentence, naming the bad value and what is allowed. */
  readonly message: string;
  readonly file: string;
  readonly documentIndex: number;
  /** Field path inside the document ('spec.template.spec.containers[0].ports[1].containerPort'); '' for the whole document. */
  readonly path: string;
  /** How to fix it, e.g. "did you mean restartPolicy?". */
  readonly fix?: string;
  /** apiVersion/kind/namespace/name of the object, when it has them. */
  readonly object?: { readonly apiVersion?: string; readonly kind?: string; readonly namespace?: string; readonly name?: string };
  /** 1-based line/column of `path` in the file, recovered only for documents with findings. */
  readonly line?: number;
  readonly column?: number;
  /** At synth: construct path and TypeScript source location that created the object. */
  readonly constructPath?: string;
  readonly sourceLocation?: string;
}

/** Whether all documents of the application are present (synth) or only some files (validate). */
export type EvidenceMode = 'complete' | 'partial';

export interface ValidateOptions {
  /** Kubernetes version of the schemas and version-aware rules, 'x.y' or 'x.y.z'. @default '1.27.0' */
  readonly kubernetesVersion?: string;
  /** Reject unknown fields and duplicate keys. @default true at synth, false for `helmless validate` (kubeconform parity) */
  readonly strict?: boolean;
  /** Kinds to skip entirely (kubeconform --skip), 'Kind' or 'group/version/Kind'. */
  readonly skipKinds?: readonly string[];
  /** Kinds to reject (kubeconform --reject). */
  readonly rejectKinds?: readonly string[];
  /** 'complete' at synth: unresolved references are errors; 'partial' for files: warnings. @default 'partial' */
  readonly evidence?: EvidenceMode;
  /**
   * The namespace of namespaced objects that name none: what `kubectl apply -n NS` would use.
   * @default 'default'
   */
  readonly namespace?: string;
}
