/**
 * `helmless adopt`: Kubernetes manifests -> a TypeScript program that recreates them.
 * Every object becomes the typed L1 class of its apiVersion/kind (`k8s.KubeDeployment`, props in
 * the camelCase the class expects, `k8s.Quantity` / `k8s.IntOrString` where the schema wants them);
 * when no class exists (custom resources, removed API versions) or the typed class would drop or
 * mistype a field (a field outside the schema of the bundled L1 types), a plain cdk8s `ApiObject` carries the object
 * verbatim, and a comment says why. Conservative by design: an exact L1 beats a lossy construct.
 * Whatever the program will not reproduce (status, server-populated metadata, null fields) is
 * listed in `notes`, which the CLI prints at the top of the program and on stderr.
 */
import { K8S_IMPORT_VERSION } from '../../imports/k8s-version';
import { isRecord } from '../diff/secrets';
import { l1Table, L1Table } from './l1-types';
import { isCode } from './code';
import { objectKeyOf, recognize, Recognized } from './recognize';
import { connectAdopted } from './connections';
import { AdoptError, lit, str } from './literals';
import { normalizeForAdoption } from './normalize';
import { renderConstructs } from './render-constructs';
import { Emitter, Lossy } from './typed-emit';

export { AdoptError } from './literals';
export { normalizeForAdoption } from './normalize';

export interface AdoptDocument {
  /** File the document came from, as the user named it. */
  readonly file: string;
  /** 0-based index of the document in the file. */
  readonly documentIndex: number;
  readonly object: unknown;
}

export interface AdoptedObject {
  readonly file: string;
  readonly documentIndex: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** Construct id in the generated program. */
  readonly id: string;
  /** 'k8s.KubeDeployment', 'ApiObject' when no typed class fits, or the construct ('WebService web'). */
  readonly via: string;
  /** Why a plain ApiObject was used, when it was. */
  readonly reason?: string;
}

export interface AdoptResult {
  readonly code: string;
  /** What the program will not reproduce exactly, one line each, naming file, document and path. */
  readonly notes: readonly string[];
  /** Things to fix before committing the program (literal secret values), one line each. */
  readonly warnings: readonly string[];
  readonly objects: readonly AdoptedObject[];
}

export interface AdoptOptions {
  /** Chart id (and output file name: `<chart>.k8s.yaml`). @default 'adopted' */
  readonly chart?: string;
  /** The command line to mention in the header. @default 'helmless adopt' */
  readonly commandLine?: string;
  /**
   * Use helmless constructs where one reproduces a group of objects (verified by rendering it).
   * @default true
   */
  readonly constructs?: boolean;
}

function constructId(kind: string, name: string, namespace: string | undefined, used: Set<string>): string {
  const base = `${kind.toLowerCase()}-${name}`;
  let id = base;
  if (used.has(id) && namespace) id = `${base}-${namespace}`;
  for (let i = 2; used.has(id); i++) id = `${base}-${i}`;
  used.add(id);
  return id;
}

function expandLists(docs: readonly AdoptDocument[]): AdoptDocument[] {
  const out: AdoptDocument[] = [];
  for (const d of docs) {
    const o = d.object;
    if (isRecord(o) && typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
      for (const item of o.items) out.push({ ...d, object: item });
    } else {
      out.push(d);
    }
  }
  return out;
}

interface Item { d: AdoptDocument; o: Record<string, unknown>; clean: Record<string, unknown>; where: string; namespace?: string; name: string }

/** The input's objects (Lists expanded), checked and normalised; a literal Secret is warned about. */
function collectItems(documents: readonly AdoptDocument[], notes: string[], warnings: string[]): Item[] {
  const seen = new Map<string, string>();
  const items: Item[] = [];
  for (const d of expandLists(documents)) {
    const where0 = `${d.file} document ${d.documentIndex + 1}`;
    const o = d.object;
    if (o === null || o === undefined) continue;
    if (!isRecord(o) || typeof o.apiVersion !== 'string' || typeof o.kind !== 'string') {
      throw new AdoptError(`${where0}: not a Kubernetes object (needs apiVersion and kind); remove it or fix it.`);
    }
    const meta = isRecord(o.metadata) ? o.metadata : undefined;
    if (!meta || typeof meta.name !== 'string' || meta.name === '') {
      throw new AdoptError(`${where0} (${o.kind}): has no metadata.name${meta && meta.generateName ? ' (generateName is not reproducible: every apply would create another object)' : ''}; give it a name.`);
    }
    const namespace = typeof meta.namespace === 'string' ? meta.namespace : undefined;
    const where = `${where0} (${o.kind} ${namespace ? `${namespace}/` : ''}${meta.name})`;
    const identity = objectKeyOf(o);
    if (seen.has(identity)) throw new AdoptError(`${where}: the same object is also ${seen.get(identity)}; keep one.`);
    seen.set(identity, where0);
    items.push({ d, o, clean: normalizeForAdoption(o, where, notes), where, namespace, name: meta.name });
    const literal = o.kind === 'Secret' ? ['data', 'stringData'].filter((k) => isRecord(o[k]) && Object.keys(o[k] as object).length > 0) : [];
    if (literal.length) {
      warnings.push(`${where}: carries literal secret values (${literal.join(', ')}); the program leaves them out (a TODO in their place): manage the Secret with SecretSource.externalSecret / sealedSecret, or keep it on the cluster and refer to it with SecretSource.existing, before the adopted app replaces the manifests.`);
    }
  }
  return items;
}

/** The objects no construct claimed, as program text; what each became is pushed to `objects`. */
class ObjectWriter {
  readonly bodies: string[] = [];
  readonly todos: string[] = [];
  needsApiObject = false;
  needsK8s = false;
  private readonly table: L1Table = l1Table();
  private readonly emitter = new Emitter(this.table, (st, p) => this.table.propTypes.get(st)?.get(p));
  private readonly used = new Set<string>();

  constructor(private readonly objects: AdoptedObject[], private readonly notes: string[], private readonly whyNot: ReadonlyMap<string, string>) {}

  /** Never a secret value in the program: a reference with a TODO instead. */
  secretTodo({ d, o, clean, namespace, name }: Item): void {
    const keys = [...new Set(['data', 'stringData'].flatMap((k) => (isRecord(clean[k]) ? Object.keys(clean[k] as object) : [])))].sort();
    this.todos.push(`// ${d.file} #${d.documentIndex + 1}: Secret ${namespace ? `${namespace}/` : ''}${name}\n` +
      `// TODO: its values (keys ${keys.join(', ')}) are left out so that they never land in git or dist/. The Secret stays on the\n` +
      `// cluster only while nothing prunes it: create it from a secret store, e.g. SecretSource.externalSecret(...) or\n` +
      `// SecretSource.sealedSecret(...), and refer to it as SecretSource.existing(${str(name)}) until then.`);
    this.notes.push(`${d.file} document ${d.documentIndex + 1} (Secret ${namespace ? `${namespace}/` : ''}${name}): not written (literal secret values, keys ${keys.join(', ')}); a TODO says how to manage it`);
    this.objects.push({ file: d.file, documentIndex: d.documentIndex, apiVersion: o.apiVersion as string, kind: 'Secret', namespace, name, id: name, via: 'TODO', reason: 'literal secret values are never written into the program' });
  }

  /** The typed L1 class when it reproduces the object exactly, else a plain ApiObject with the reason. */
  object({ d, o, clean, namespace, name }: Item): void {
    const kind = o.kind as string;
    const apiVersion0 = o.apiVersion as string;
    const id = constructId(kind, name, namespace, this.used);
    const cls = this.table.classes.get(`${apiVersion0}/${kind}`);
    const { apiVersion, kind: _kind, ...rest } = clean;
    let body: string | undefined;
    let reason: string | undefined;
    if (cls) {
      try {
        body = `new k8s.${cls.className}(chart, ${str(id)}, ${this.emitter.struct(rest, cls.propsType, '', '')});`;
      } catch (e) {
        if (!(e instanceof Lossy)) throw e;
        reason = `k8s.${cls.className} would not reproduce it exactly (${e.message})`;
      }
    } else {
      reason = `no typed class for ${apiVersion0} ${kind} in helmless's k8s ${K8S_IMPORT_VERSION} imports${/\./.test(apiVersion0.split('/')[0]) && apiVersion0.includes('/') ? ' (a custom resource)' : ''}`;
    }
    if (body === undefined) {
      this.needsApiObject = true;
      body = `// Plain ApiObject: ${reason}.\nnew ApiObject(chart, ${str(id)}, ${lit({ apiVersion, kind: _kind, ...rest })});`;
    } else {
      this.needsK8s = true;
    }
    const comment = this.whyNot.get(objectKeyOf(clean));
    this.bodies.push(`// ${d.file} #${d.documentIndex + 1}: ${kind} ${namespace ? `${namespace}/` : ''}${name}\n${comment ? `${comment}\n` : ''}${body}`);
    this.objects.push({
      file: d.file, documentIndex: d.documentIndex, apiVersion: apiVersion0, kind, namespace, name, id,
      via: reason ? 'ApiObject' : `k8s.${cls!.className}`, ...(reason ? { reason } : {}),
    });
  }
}

/** The comment lines at the top of the program: what it holds, how to run it, what it does not reproduce. */
function programHeader(objects: readonly AdoptedObject[], constructs: number, files: readonly string[], notes: readonly string[], warnings: readonly string[], commandLine: string): string[] {
  const typed = objects.filter((x) => x.via.startsWith('k8s.')).length;
  const plain = objects.filter((x) => x.via === 'ApiObject').length;
  const todo = objects.filter((x) => x.via === 'TODO').length;
  return [
    `// Generated by \`${commandLine}\`: ${objects.length} object${objects.length === 1 ? '' : 's'}: ${[
      constructs ? `${objects.length - typed - plain - todo} in ${constructs} helmless construct${constructs === 1 ? '' : 's'}` : '',
      todo ? `${todo} Secret${todo === 1 ? '' : 's'} left as a TODO (no values in code)` : '',
      typed ? `${typed} typed k8s.Kube*` : '',
      plain ? `${plain} plain ApiObject` : '',
    ].filter((x) => x).join(', ')}.`,
    `// Running it (e.g. \`CDK8S_OUTDIR=dist npx tsx app.ts\`) writes ${files.join(', ')} into CDK8S_OUTDIR (default dist/)`,
    '// with the same objects and fields as the input. Next steps: replace more groups of objects by helmless',
    '// constructs (WebService, StatefulDb, WorkerJob, Cron, DaemonAgent) and let `helmless diff` show the difference.',
    '//',
    notes.length === 0
      ? '// Not reproduced: nothing (every field of the input is written back, and no construct adds any).'
      : `// Not reproduced, or added by helmless defaults (${notes.length}):\n${notes.map((n) => `//  - ${n.replace(/\n/g, ' ')}`).join('\n')}`,
    ...warnings.map((w) => `// WARNING: ${w.replace(/\n/g, ' ')}`),
  ];
}

/** The import lines: cdk8s names the raw objects need, helmless names the constructs and their helper calls need. */
function programImports(recognized: readonly Recognized[], writer: ObjectWriter): string[] {
  const cdk8sNames = [...(writer.needsApiObject ? ['ApiObject'] : []), ...(writer.bodies.length ? ['Chart'] : [])];
  const helpers = new Set<string>();
  const findCalls = (v: unknown): void => {
    if (isCode(v)) { helpers.add(v.call.split('.')[0]); if (v.call === 'EnvFrom.secret') helpers.add('SecretSource'); findCalls(v.arg); return; }
    if (Array.isArray(v)) v.forEach(findCalls);
    else if (isRecord(v)) Object.values(v).forEach(findCalls);
  };
  recognized.forEach((r) => findCalls(r.props));
  const helmlessNames = ['HelmlessApp', ...(recognized.length ? ['HelmlessChart'] : []), ...[...new Set([...recognized.map((r) => r.construct), ...helpers])].sort(), ...(writer.needsK8s ? ['k8s'] : [])];
  return [...(cdk8sNames.length ? [`import { ${cdk8sNames.join(', ')} } from 'cdk8s';`] : []), `import { ${helmlessNames.join(', ')} } from 'helmless';`];
}

const hasSecretValues = (clean: Record<string, unknown>): boolean =>
  ['data', 'stringData'].some((k) => isRecord(clean[k]) && Object.keys(clean[k] as object).length > 0);

/** Prints the TypeScript program (see the module comment). Throws AdoptError for input it cannot represent. */
export function generateProgram(documents: readonly AdoptDocument[], opts: AdoptOptions = {}): AdoptResult {
  const notes: string[] = [];
  const warnings: string[] = [];
  const objects: AdoptedObject[] = [];
  const items = collectItems(documents, notes, warnings);

  // Constructs first: they claim whole groups of objects.
  const found = opts.constructs === false ? { recognized: [] as Recognized[], rejected: [] } : recognize(items.map((i) => i.clean));
  const recognized = connectAdopted(found.recognized, items.map((i) => i.clean));
  const claimedBy = new Map<string, Recognized>();
  for (const r of recognized) for (const k of r.consumes) claimedBy.set(k, r);
  const whyNot = new Map(found.rejected.map((r) => [r.key, `// Not converted to ${r.construct}: ${r.why}.`]));
  const constructBlocks = renderConstructs(recognized, notes);

  const writer = new ObjectWriter(objects, notes, whyNot);
  for (const item of items) {
    const { d, o, clean, namespace, name } = item;
    const by = claimedBy.get(objectKeyOf(clean));
    if (by) objects.push({ file: d.file, documentIndex: d.documentIndex, apiVersion: o.apiVersion as string, kind: o.kind as string, namespace, name, id: by.id, via: `${by.construct} ${by.id}` });
    else if (o.kind === 'Secret' && hasSecretValues(clean)) writer.secretTodo(item);
    else writer.object(item);
  }
  if (objects.length === 0) throw new AdoptError('no Kubernetes objects in the input; nothing to adopt.');

  const chartIds = new Set(recognized.map((r) => r.chart.instance));
  let chart = opts.chart ?? 'adopted';
  for (let i = 2; chartIds.has(chart); i++) chart = `${opts.chart ?? 'adopted'}-${i}`;
  const files = [...chartIds, ...(writer.bodies.length ? [chart] : [])].map((c) => `${c}.k8s.yaml`);
  const code = [
    ...programHeader(objects, recognized.length, files, notes, warnings, opts.commandLine ?? 'helmless adopt'),
    ...programImports(recognized, writer),
    '',
    '// HelmlessApp: output folder from CDK8S_OUTDIR (default dist/), one file per chart, stable object order.',
    'const app = new HelmlessApp();',
    ...(constructBlocks.length ? ['', constructBlocks.join('\n\n')] : []),
    ...(writer.bodies.length ? ['', `const chart = new Chart(app, ${str(chart)});`, '', writer.bodies.join('\n\n')] : []),
    ...(writer.todos.length ? ['', writer.todos.join('\n\n')] : []),
    '',
    'app.synth();',
    '',
  ].join('\n');
  return { code, notes, warnings, objects };
}
