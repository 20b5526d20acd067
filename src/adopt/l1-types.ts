/**
 * What `helmless adopt` knows about the typed L1 classes (imports/k8s.ts, re-exported by helmless
 * as `k8s`): which class builds which apiVersion/kind, and for every struct the JSON key -> TypeScript
 * prop name and how the value is wrapped (Quantity, IntOrString, nested struct, Date).
 * Read from the generated source itself (its toJson_* functions are the exact inverse mapping), so
 * the table can never drift from the classes the generated program compiles against.
 */
import * as fs from 'fs';
import * as path from 'path';

export type FieldKind =
  | { readonly kind: 'plain' }
  | { readonly kind: 'struct'; readonly ref: string }
  | { readonly kind: 'structArray'; readonly ref: string }
  | { readonly kind: 'structMap'; readonly ref: string }
  | { readonly kind: 'quantity' }
  | { readonly kind: 'intOrString' }
  | { readonly kind: 'quantityMap' }
  | { readonly kind: 'date' };

export interface Field {
  /** The TypeScript prop name (json2jsii camelCases some: clusterIP -> clusterIp, hostPID -> hostPid). */
  readonly prop: string;
  readonly type: FieldKind;
}

export interface L1Class {
  /** Class name in imports/k8s.ts ('KubeDeployment'). */
  readonly className: string;
  /** Name of its props struct ('KubeDeploymentProps'). */
  readonly propsType: string;
}

export interface L1Table {
  /** 'apps/v1/Deployment' -> class. */
  readonly classes: ReadonlyMap<string, L1Class>;
  /** Struct name -> JSON key -> field. */
  readonly structs: ReadonlyMap<string, ReadonlyMap<string, Field>>;
  /** Struct name -> TypeScript prop name -> declared type text ('string', 'number[]', 'IntOrString'). */
  readonly propTypes: ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** imports/k8s.ts of this package (it ships in the npm package; see package.json "files"). */
export function findK8sImports(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'imports', 'k8s.ts');
    if (fs.existsSync(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`helmless adopt: imports/k8s.ts not found above ${__dirname}; the helmless package is incomplete (reinstall it).`);
}

let cached: L1Table | undefined;

export function l1Table(file = findK8sImports()): L1Table {
  if (cached) return cached;
  const src = fs.readFileSync(file, 'utf8');
  const classes = new Map<string, L1Class>();
  const classRe = /export class (Kube\w+) extends ApiObject \{[\s\S]*?GVK: GroupVersionKind = \{\s*apiVersion: '([^']+)',\s*kind: '([^']+)',/g;
  for (let m = classRe.exec(src); m; m = classRe.exec(src)) {
    // List kinds (KubeDeploymentList) are not objects one adopts.
    if (m[3].endsWith('List')) continue;
    classes.set(`${m[2]}/${m[3]}`, { className: m[1], propsType: `${m[1]}Props` });
  }
  // Interface prop types, to tell Quantity from IntOrString where toJson only says `.value`.
  const propTypes = new Map<string, Map<string, string>>();
  const ifaceRe = /export interface (\w+) \{([\s\S]*?)\n\}/g;
  for (let m = ifaceRe.exec(src); m; m = ifaceRe.exec(src)) {
    const props = new Map<string, string>();
    const propRe = /^\s+readonly (\w+)\??: (.+);$/gm;
    for (let p = propRe.exec(m[2]); p; p = propRe.exec(m[2])) props.set(p[1], p[2]);
    propTypes.set(m[1], props);
  }
  const structs = new Map<string, Map<string, Field>>();
  const fnRe = /export function toJson_(\w+)\(obj: [^\n]*\n {2}if \(obj === undefined\) \{ return undefined; \}\n {2}const result = \{\n([\s\S]*?)\n {2}\};/g;
  for (let m = fnRe.exec(src); m; m = fnRe.exec(src)) {
    const fields = new Map<string, Field>();
    for (const line of m[2].split('\n')) {
      const l = /^\s+'([^']+)': (.*),$/.exec(line);
      if (!l) continue;
      const [, key, expr] = l;
      const propM = /obj\.(\w+)/.exec(expr);
      if (!propM) continue;
      const prop = propM[1];
      const tsType = propTypes.get(m[1])?.get(prop) ?? '';
      fields.set(key, { prop, type: kindOf(expr, tsType) });
    }
    structs.set(m[1], fields);
  }
  cached = { classes, structs, propTypes };
  return cached;
}

function kindOf(expr: string, tsType: string): FieldKind {
  let f: RegExpExecArray | null;
  if ((f = /^obj\.\w+\?\.map\(y => toJson_(\w+)\(y\)\)$/.exec(expr))) return { kind: 'structArray', ref: f[1] };
  if ((f = /^toJson_(\w+)\(obj\.\w+\)$/.exec(expr))) return { kind: 'struct', ref: f[1] };
  if ((f = /\[i\[0\]\]: toJson_(\w+)\(i\[1\]\)/.exec(expr))) return { kind: 'structMap', ref: f[1] };
  if (/\[i\[0\]\]: i\[1\]\?\.value/.test(expr)) return { kind: 'quantityMap' };
  if (/^obj\.\w+\?\.value$/.test(expr)) return tsType.includes('IntOrString') ? { kind: 'intOrString' } : { kind: 'quantity' };
  if (/toISOString\(\)$/.test(expr)) return { kind: 'date' };
  return { kind: 'plain' };
}
