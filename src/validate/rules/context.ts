// Shared plumbing for the API-server rules: reading untyped objects safely and recording
// findings with their document, path and object identity.
import { ruleErrorFinding } from '../internal';
import { DEFAULT_KUBERNETES_VERSION } from '../schema/versions';
import { documentPath, type Finding, type ManifestDocument, type Severity } from '../types';
import { obj, objectRef, show, type Obj } from '../untyped';

export { arr, isObj, num, obj, objectRef, own, str, type Obj, type ObjectRef } from '../untyped';

export function isInt(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}
/** A value as a message shows it (src/validate/untyped.ts show). */
export const q = show;
/** Parse 'x.y[.z]' to its minor version (1.27 -> 27). */
export function minorOf(version: string | undefined): number {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? DEFAULT_KUBERNETES_VERSION);
  if (!m) return minorOf(DEFAULT_KUBERNETES_VERSION);
  return Number(m[1]) > 1 ? 1000 : Number(m[2]);
}

/** Build a finding for `doc` with the source fields copied over. */
export function makeFinding(
  doc: ManifestDocument, o: Obj | undefined, severity: Severity, rule: string, path: string, message: string, fix?: string,
): Finding {
  const f: {
    -readonly [K in keyof Finding]: Finding[K];
  } = { severity, rule, message, file: doc.source.file, documentIndex: doc.source.documentIndex, path: documentPath(doc.source, path) };
  if (fix) f.fix = fix;
  if (o) f.object = objectRef(o);
  if (doc.source.constructPath) f.constructPath = doc.source.constructPath;
  if (doc.source.sourceLocation) f.sourceLocation = doc.source.sourceLocation;
  return f;
}

/** Which paths the API server's defaulting filled in (rules/defaults.ts applyDefaults). */
export interface DefaultedPaths { has(path: string): boolean }

const NONE: DefaultedPaths = new Set<string>();

/** Collects findings for one document. */
export class Ctx {
  constructor(
    readonly doc: ManifestDocument,
    readonly o: Obj,
    readonly out: Finding[],
    readonly minor: number,
    readonly kubernetesVersion: string,
    /** Paths the API server's defaulting filled in (rules/defaults.ts): absent from the document. */
    readonly defaulted: DefaultedPaths = NONE,
  ) {}

  /** Whether the value at `path` is the API server's default, not written in the document. */
  isDefault(path: string): boolean {
    return this.defaulted.has(path);
  }

  error(rule: string, path: string, message: string, fix?: string): void {
    // a value the document does not write is the server's default: say so
    const m = this.defaulted.has(path) ? `${message} (not set: the API server's default)` : message;
    this.out.push(makeFinding(this.doc, this.o, 'error', `api/${rule}`, path, m, fix ?? defaultFix(path, message)));
  }

  warn(rule: string, path: string, message: string, fix?: string): void {
    this.out.push(makeFinding(this.doc, this.o, 'warning', `api/${rule}`, path, message, fix));
  }

  /** Report each syntax problem of `value` at `path`. */
  syntax(rule: string, path: string, value: string, problems: string[], fix?: string): void {
    if (problems.length > 0) this.error(rule, path, `Invalid value: ${q(value)}: ${problems.join(', ')}`, fix);
  }

  /**
   * Runs the check `name` on this document. When it throws, its findings so far are dropped (a
   * half-run check is no verdict) and one internal/rule-error finding names it; the document's
   * other checks still run.
   */
  guard<A, B>(name: string, check: (ctx: Ctx, a: A, b: B) => void, a: A, b: B): void {
    // (the check and its arguments come apart: no closure is made per document)
    const before = this.out.length;
    try {
      check(this, a, b);
    } catch (e) {
      this.out.length = before;
      this.out.push(ruleErrorFinding(this.doc, name, e));
    }
  }
}

/** One API-server check of a kind: `name` identifies it in an internal/rule-error finding. */
export interface ApiRule {
  readonly name: string;
  /** The apiVersions it judges. @default every built-in one */
  readonly apiVersions?: readonly string[];
  readonly check: (ctx: Ctx, kind: string, apiVersion: string) => void;
}

/** Kind -> its checks, in the order they run (and their findings appear). */
export type RuleTable = Readonly<Record<string, readonly ApiRule[]>>;

/** A check of the object's `spec`, run only when the document has one (a mapping). */
export function specRule(name: string, apiVersions: readonly string[] | undefined, check: (ctx: Ctx, spec: Obj, kind: string, apiVersion: string) => void): ApiRule {
  return {
    name,
    apiVersions,
    check: (ctx, kind, apiVersion) => {
      const spec = obj(ctx.o.spec);
      if (spec) check(ctx, spec, kind, apiVersion);
    },
  };
}

/** A generic fix when a rule has no specific one, derived from the API server's message. */
export function defaultFix(path: string, message: string): string {
  const field = path.slice(path.lastIndexOf('.') + 1) || 'the field';
  if (message.startsWith('Required value')) return `set ${field}`;
  if (message.startsWith('Unsupported value')) {
    const m = /supported values: (.*)$/.exec(message);
    return m ? `use one of ${m[1]}` : `use a supported value for ${field}`;
  }
  if (message.startsWith('Duplicate value')) return `make ${field} unique`;
  if (message.startsWith('Forbidden')) return `remove ${field}`;
  if (message.startsWith('Not found')) return `point ${field} at something that exists`;
  const range = /must be between (\d+) and (\d+)/.exec(message);
  if (range) return `use a value from ${range[1]} to ${range[2]}`;
  if (/greater than or equal to 0/.test(message)) return `use 0 or a positive value for ${field}`;
  if (/greater than (0|zero)/.test(message)) return `use a positive value for ${field}`;
  return `change ${field} as the message describes`;
}

export function join(path: string, child: string): string {
  return path ? `${path}.${child}` : child;
}
