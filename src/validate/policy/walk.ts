/**
 * Reading untyped manifests for the policy rules: safe accessors, the one pod-spec walker every
 * workload rule uses, and label-selector matching (through src/validate/label-selector.ts). Pure; no I/O.
 */
import type { ManifestDocument } from '../types';

import { namespaceOf } from '../cluster-facts';
import { isEmptySelector as isEmptyLabelSelector, labelMapMatches, labelSelectorMatches } from '../label-selector';
import { arr, isObj, obj, show, str, type Obj } from '../untyped';

export { arr, isObj, num, obj, str, strs, type Obj } from '../untyped';

/** A string map (labels, annotations, matchLabels); non-string values are dropped. */
export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const o = obj(v);
  if (!o) return out;
  for (const k in o) {
    const val = o[k];
    if (typeof val === 'string') out[k] = val;
    else if (typeof val === 'number' || typeof val === 'boolean') out[k] = String(val);
  }
  return out;
}
export function join(base: string, child: string): string {
  return base ? `${base}.${child}` : child;
}
/** A value as a message shows it (src/validate/untyped.ts show). */
export const q = show;

/** One Kubernetes object: a document, or an item of a `List` document (with its path prefix). */
export interface K8sObject {
  readonly doc: ManifestDocument;
  readonly o: Obj;
  /** Path prefix of the object inside its document: '' or 'items[3]'. */
  readonly base: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
}

/** `Deployment 'web'` (with the namespace when it has one). */
export function describeObject(k: K8sObject): string {
  return `${k.kind} '${k.namespace ? `${k.namespace}/` : ''}${k.name || '<unnamed>'}'`;
}

/**
 * Every object in the documents, List documents expanded, in input order. Namespaced objects
 * without a namespace get `defaultNamespace` when given (what `kubectl apply -n NS` does).
 */
export function objectsOf(docs: readonly ManifestDocument[], defaultNamespace?: string): K8sObject[] {
  const out: K8sObject[] = [];
  const add = (doc: ManifestDocument, o: Obj, base: string): void => {
    const md = obj(o.metadata) ?? {};
    out.push({
      doc,
      o,
      base,
      apiVersion: str(o.apiVersion) ?? '',
      kind: str(o.kind) ?? '',
      name: str(md.name) ?? str(md.generateName) ?? '',
      namespace: defaultNamespace ? namespaceOf(str(o.kind) ?? '', md, defaultNamespace) : str(md.namespace) ?? '',
      labels: strMap(md.labels),
      annotations: strMap(md.annotations),
    });
  };
  for (const doc of docs) {
    const o = obj(doc.object);
    if (!o) continue;
    if (typeof o.kind === 'string' && o.kind.endsWith('List') && Array.isArray(o.items)) {
      o.items.forEach((item, i) => {
        if (isObj(item)) add(doc, item, `items[${i}]`);
      });
    } else {
      add(doc, o, '');
    }
  }
  return out;
}

export type ContainerGroup = 'containers' | 'initContainers' | 'ephemeralContainers';

export interface ContainerRef {
  readonly c: Obj;
  readonly name: string;
  readonly group: ContainerGroup;
  /** Full path of the container inside the document. */
  readonly path: string;
}

/** A pod-bearing object and its pod template, found the same way for every workload kind. */
export interface Workload {
  readonly k: K8sObject;
  /** The pod spec. */
  readonly spec: Obj;
  /** Full path of the pod spec inside the document ('spec.template.spec'). */
  readonly specPath: string;
  /** Pod template metadata (the object's own metadata for a bare Pod). */
  readonly podMeta: Obj;
  readonly podMetaPath: string;
  readonly podLabels: Record<string, string>;
  readonly podAnnotations: Record<string, string>;
  readonly containers: readonly ContainerRef[];
  /** spec.replicas when the kind has one (default 1 when unset); undefined for other kinds. */
  readonly replicas: number | undefined;
  /** Whether spec.replicas is set explicitly. */
  readonly replicasSet: boolean;
  /** Controllers of pods meant to run forever (not Jobs, CronJobs or bare Pods). */
  readonly longRunning: boolean;
  /** Whether the pods are Windows pods (spec.os.name: windows): some restricted controls do not apply. */
  readonly windows: boolean;
}

const TEMPLATE_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job']);
const REPLICATED_KINDS = new Set(['Deployment', 'StatefulSet', 'ReplicaSet', 'ReplicationController']);
const LONG_RUNNING_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController']);
export const WORKLOAD_KINDS: readonly string[] = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob'];

/** The pod spec of a workload object, or undefined for other kinds (and malformed workloads). */
export function workloadOf(k: K8sObject): Workload | undefined {
  const o = k.o;
  let spec: Obj | undefined;
  let specPath: string;
  let podMeta: Obj | undefined;
  let podMetaPath: string;
  if (k.kind === 'Pod') {
    spec = obj(o.spec);
    specPath = join(k.base, 'spec');
    podMeta = obj(o.metadata);
    podMetaPath = join(k.base, 'metadata');
  } else if (TEMPLATE_KINDS.has(k.kind)) {
    const tpl = obj(obj(o.spec)?.template);
    spec = obj(tpl?.spec);
    specPath = join(k.base, 'spec.template.spec');
    podMeta = obj(tpl?.metadata);
    podMetaPath = join(k.base, 'spec.template.metadata');
  } else if (k.kind === 'CronJob') {
    const tpl = obj(obj(obj(obj(o.spec)?.jobTemplate)?.spec)?.template);
    spec = obj(tpl?.spec);
    specPath = join(k.base, 'spec.jobTemplate.spec.template.spec');
    podMeta = obj(tpl?.metadata);
    podMetaPath = join(k.base, 'spec.jobTemplate.spec.template.metadata');
  } else {
    return undefined;
  }
  if (!spec) return undefined;
  const containers: ContainerRef[] = [];
  for (const group of ['initContainers', 'containers', 'ephemeralContainers'] as const) {
    arr(spec[group]).forEach((c, i) => {
      if (!isObj(c)) return;
      containers.push({ c, name: str(c.name) ?? `#${i}`, group, path: `${specPath}.${group}[${i}]` });
    });
  }
  const replicated = REPLICATED_KINDS.has(k.kind);
  const rawReplicas = obj(o.spec)?.replicas;
  const replicasSet = replicated && typeof rawReplicas === 'number';
  const meta = podMeta ?? {};
  return {
    k,
    spec,
    specPath,
    podMeta: meta,
    podMetaPath,
    podLabels: strMap(meta.labels),
    podAnnotations: strMap(meta.annotations),
    containers,
    replicas: replicated ? (replicasSet ? (rawReplicas as number) : 1) : undefined,
    replicasSet,
    longRunning: LONG_RUNNING_KINDS.has(k.kind),
    windows: str(obj(spec.os)?.name) === 'windows',
  };
}

/** `container 'app'` / `init container 'setup'` / `ephemeral container 'debug'` / `container #2 (no name)`. */
export function describeContainer(c: ContainerRef): string {
  const what = c.group === 'initContainers' ? 'init container' : c.group === 'ephemeralContainers' ? 'ephemeral container' : 'container';
  return typeof c.c.name === 'string' ? `${what} '${c.name}'` : `${what} #${Number(c.name.slice(1)) + 1} (no name)`;
}

/**
 * Whether a label selector (`{matchLabels, matchExpressions}`, or a plain map for Services) selects
 * `labels`: src/validate/label-selector.ts. An empty selector selects everything; a malformed one,
 * or one with a value that is not a string, nothing.
 */
export function selects(selector: unknown, labels: Readonly<Record<string, string>>, plainMap = false): boolean {
  return plainMap ? labelMapMatches(selector, labels) : labelSelectorMatches(selector, labels);
}

/** Whether a selector has no requirements at all (selects every pod); false for a non-map. */
export function isEmptySelector(selector: unknown): boolean {
  const sel = obj(selector);
  return sel !== undefined && isEmptyLabelSelector(sel);
}

export { parseImage } from '../image-ref';
