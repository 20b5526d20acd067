// Adopting what runs today: the fields of live objects a construct's own options do not express.
// `helmless adopt` writes them so the first commit of an adopted app changes nothing on the cluster;
// each one is then a reviewed step towards the helmless default (delete the line, `helmless diff`).
import type { ApiObject } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { invalidProp } from './errors';

/** One path segment: a key or a list index. */
type Segment = string | number;

/**
 * Parses `spec.template.spec.containers[0].imagePullPolicy` or
 * `metadata.annotations["example.com/x"]` into segments; undefined when malformed.
 */
export function parseFieldPath(path: string): Segment[] | undefined {
  const out: Segment[] = [];
  const re = /^(?:\.?([A-Za-z_$][A-Za-z0-9_$-]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\])/;
  let rest = path;
  while (rest.length > 0) {
    const m = re.exec(rest);
    if (!m || (out.length === 0 && rest.startsWith('.'))) return undefined;
    if (m[1] !== undefined) out.push(m[1]);
    else if (m[2] !== undefined) out.push(Number(m[2]));
    else out.push(JSON.parse(m[3]) as string);
    rest = rest.slice(m[0].length);
  }
  return out.length > 0 ? out : undefined;
}

/** Writes a path of segments in the syntax {@link parseFieldPath} reads. */
export function formatFieldPath(segments: readonly Segment[]): string {
  let s = '';
  for (const seg of segments) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(seg)) s += s ? `.${seg}` : seg;
    else s += `[${JSON.stringify(seg)}]`;
  }
  return s;
}

/** Field path -> the live value, or `undefined` for a field the live object does not have. */
export type FieldValues = Readonly<Record<string, unknown>>;

/**
 * Fields of the live objects kept exactly as they are, for what the construct's options do not
 * express (rare fields: `terminationMessagePolicy`, a Service's `clusterIP`...). Keyed by the kind
 * of the construct's object (`Deployment`, `Service`, `HorizontalPodAutoscaler`...; `Service/<name>` when
 * it writes two of a kind), then by
 * field path; `undefined` removes a field the construct writes and the live object lacks.
 *
 * ```ts
 * asDeployed: AsDeployed.fields({
 *   Deployment: { 'spec.progressDeadlineSeconds': 300, 'spec.template.spec.enableServiceLinks': undefined },
 * }),
 * ```
 * Each entry is applied after rendering, so it reaches the YAML exactly; `helmless adopt` lists
 * them, and deleting one is a one-line change to review with `helmless diff`.
 */
export class AsDeployed {
  /** Keeps the given fields of the construct's objects as they are on the cluster. */
  public static fields(byKind: Readonly<Record<string, FieldValues>>): AsDeployed {
    return new AsDeployed(byKind);
  }

  private constructor(public readonly byKind: Readonly<Record<string, FieldValues>>) {}

  /** How many fields are kept as deployed (what remains to move to helmless defaults). */
  public get count(): number {
    return Object.values(this.byKind).reduce((n, f) => n + Object.keys(f).length, 0);
  }

  /**
   * Checks the paths and applies the fields to `objects` (the construct's own) after they render.
   * A kind no object of the construct has is an error: the field would silently do nothing.
   */
  public applyTo(scope: IConstruct, objects: readonly ApiObject[]): void {
    for (const [kind, fields] of Object.entries(this.byKind)) {
      const targets = objects.filter((o) => o.kind === kind || `${o.kind}/${o.name}` === kind);
      if (targets.length === 0) {
        invalidProp(scope, `asDeployed.${kind}`, kind, `is not the kind of an object this construct writes (${[...new Set(objects.map((o) => o.kind))].join(', ')})`, 'key the fields by one of those kinds, or drop them');
      }
      const parsed = Object.entries(fields).map(([path, value]) => {
        const segs = parseFieldPath(path);
        if (!segs || segs[0] === 'apiVersion' || segs[0] === 'kind' || (segs[0] === 'metadata' && (segs[1] === 'name' || segs[1] === 'namespace'))) {
          invalidProp(scope, `asDeployed.${kind}`, path, 'must be a field path such as spec.template.spec.containers[0].imagePullPolicy (not apiVersion, kind, metadata.name or metadata.namespace)', 'write the path as in the YAML, with [n] for list items and ["a/b"] for keys with dots or slashes');
        }
        return { segs, value };
      });
      for (const obj of targets) {
        const toJson = obj.toJson.bind(obj);
        obj.toJson = () => {
          const json = toJson();
          for (const { segs, value } of parsed) setField(json, segs, value);
          return json;
        };
      }
    }
  }
}

/** Sets (or, for undefined, removes) a field, creating the mappings and list items on the way. */
function setField(root: Record<string, unknown>, segs: readonly Segment[], value: unknown): void {
  let cur: Record<string | number, unknown> = root;
  for (let i = 0; i < segs.length - 1; i++) {
    const seg = segs[i];
    let next = cur[seg];
    if (typeof next !== 'object' || next === null) {
      if (value === undefined) return;
      next = typeof segs[i + 1] === 'number' ? [] : {};
      cur[seg] = next;
    }
    cur = next as Record<string | number, unknown>;
  }
  const last = segs[segs.length - 1];
  if (value !== undefined) {
    cur[last] = value;
  } else if (Array.isArray(cur) && typeof last === 'number') {
    cur.splice(last, 1);
  } else {
    delete cur[last];
  }
}
