// Layer 3: cross-object wiring across all documents given (duplicates, Service -> pods,
// targetPorts, probe ports, secret/configMap/PVC references, Ingress backends, HPA/PDB targets,
// RBAC roles, StatefulSet governing Services, ServiceMonitors, connection hosts).
//
// Documents are fed one at a time (`WiringIndex.add`): each leaves small facts (kind, name,
// namespace, labels, selector, ports, the names it references) in a per-namespace index, never the
// document itself, so the caller may drop each parsed document once its own checks are done.
// `findings()` then runs each reference check over the facts, looking objects up by namespace and
// name or by label pair: the cost stays linear in the number of documents (no all-pairs loops).
import { API_SERVER_SERVICE, namespaceOf, operatorPods } from '../cluster-facts';
import type { Finding, ManifestDocument, ValidateOptions } from '../types';
import { arr, isObj, obj, show as q, str, type Obj } from '../untyped';
import { ConnectionHosts } from './connection-hosts';
import {
  docRef, groupOf, indexLabels, keysOf, PathTable, uniqueKeys, namedRef, newNs, report, type Named, type DocRef, type NsIndex, type PodFacts, type Report, type ServiceFacts,
  type WorkloadFacts,
} from './facts';
import { REFERENCE_CHECKS, type Holder, type Lookup, type ReferenceCheck } from './references';
import { apiServerService, checkService, serviceFacts } from './services';
import { checkGoverningService, checkWorkloadRefs, isWorkload, workloadFacts } from './workloads';

export { EXTERNAL_SECRETS_ANNOTATION } from './facts';

/** A reference of another kind, with the facts its check needs (in document order). */
interface Pending {
  readonly h: Holder & { readonly kind: string };
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly c: ReferenceCheck<any>;
  readonly f: unknown;
}

/** The objects that provide Secrets, ConfigMaps and PVCs to a namespace, by kind. */
const PROVIDERS: ReadonlyMap<string, { readonly group: string; provide(o: Obj, name: string | undefined, x: NsIndex): void }> = new Map([
  ['Secret', { group: '', provide: (o, name, x) => name && x.secrets.set(name, keysOf(o.data, o.stringData)) }],
  ['ConfigMap', { group: '', provide: (o, name, x) => name && x.configMaps.set(name, keysOf(o.data, o.binaryData)) }],
  ['PersistentVolumeClaim', { group: '', provide: (_o, name, x) => name && x.pvcs.add(name) }],
  ['ExternalSecret', {
    group: 'external-secrets.io',
    provide: (o, name, x) => {
      const spec = obj(o.spec) ?? {};
      const target = str(obj(spec.target)?.name) || name;
      if (!target) return;
      // the keys are known when listed one by one (no dataFrom, no template)
      const simple = arr(spec.dataFrom).length === 0 && !obj(obj(spec.target)?.template);
      x.secrets.set(target, simple ? uniqueKeys(arr(spec.data).map((d) => str(obj(d)?.secretKey)).filter((k): k is string => !!k)) : null);
    },
  }],
  ['SealedSecret', {
    group: 'bitnami.com',
    provide: (o, name, x) => {
      const spec = obj(o.spec);
      const target = str(obj(obj(spec?.template)?.metadata)?.name) || name;
      if (target) x.secrets.set(target, keysOf(spec?.encryptedData, obj(spec?.template)?.data));
    },
  }],
  ['Certificate', {
    group: 'cert-manager.io',
    provide: (o, _name, x) => {
      const sn = str(obj(o.spec)?.secretName);
      if (sn) x.secrets.set(sn, null);
    },
  }],
]);

/**
 * The wiring index: `add` every document (in input order), then `findings()`. Holds per-document
 * facts only, so the documents need not outlive their `add`. `wiringChecks` is the same over a list.
 */
export class WiringIndex implements Lookup {
  readonly namespaces = new Map<string, NsIndex>();
  readonly workloads: WorkloadFacts[] = [];
  readonly services: ServiceFacts[] = [];
  readonly pending: Pending[] = [];
  /** Findings decided while adding (duplicates). */
  private readonly early: Finding[] = [];
  private readonly hosts = new ConnectionHosts();
  private readonly paths = new PathTable();
  private clusterAdded = false;

  constructor(private readonly opts: ValidateOptions = {}) {}

  ns(n: string): NsIndex {
    let x = this.namespaces.get(n);
    if (!x) this.namespaces.set(n, (x = newNs()));
    return x;
  }

  /** Keeps the facts of one document; the document itself is not retained. */
  add(doc: ManifestDocument): void {
    this.hosts.add(doc);
    const o = doc.object;
    if (!isObj(o)) return;
    const kind = str(o.kind);
    const apiVersion = str(o.apiVersion);
    if (!kind || !apiVersion || skipKind(kind, apiVersion, this.opts.skipKinds)) return;
    const md = obj(o.metadata) ?? {};
    const name = str(md.name);
    const namespace = namespaceOf(kind, md, this.opts.namespace);
    const x = this.ns(namespace);
    const group = groupOf(apiVersion);
    let ref: DocRef | undefined;
    if (name) this.addNamed(x, (ref = namedRef(doc, o, group, apiVersion)), kind, name, namespace, apiVersion, group);
    const at = (): DocRef => (ref ??= docRef(doc, o));
    const workloadName = name || str(md.generateName);
    if (isWorkload(kind, group) && workloadName) {
      const w = workloadFacts(at(), o, kind, workloadName, namespace, this.paths);
      if (w) this.workloads.push(w);
      if (w) this.addPods(x, w);
      return;
    }
    if (kind === 'Service' && group === '' && name) return this.addService(x, serviceFacts(at(), o, name, namespace));
    const operated = operatorPods(kind, apiVersion, o);
    // The pods the operator will run: selectable by Services and PDBs like a workload's.
    if (operated) this.addPods(x, { at: at(), kind, name: operated.name, podLabels: operated.labels, implied: operated.implied, portNames: [...operated.portNames], portNumbers: [...operated.portNumbers] });
    const provider = PROVIDERS.get(kind);
    if (provider && provider.group === group) provider.provide(o, name, x);
    const c = REFERENCE_CHECKS.get(kind);
    const f = c && c.group === group ? c.facts(o, obj(o.spec) ?? {}) : undefined;
    if (f !== undefined) this.pending.push({ h: { at: at(), kind, name: name ?? '', ns: namespace }, c: c!, f });
  }

  /** Duplicate detection, and the object table scaleTargetRef and roleRef are looked up in. */
  private addNamed(x: NsIndex, self: Named, kind: string, name: string, namespace: string, apiVersion: string, group: string): void {
    let byName = x.named.get(kind);
    if (!byName) x.named.set(kind, (byName = new Map()));
    const first = byName.get(name);
    if (!first) {
      byName.set(name, self);
      return;
    }
    first.latest = apiVersion;
    const prev = first.group === group ? first : first.more?.find((e) => e.group === group);
    if (!prev) {
      (first.more ??= []).push(self);
      return;
    }
    const { source } = prev;
    const where = `${source.file} document ${source.documentIndex}${source.listItem !== undefined ? ` items[${source.listItem}]` : ''}`;
    const r: Report = { out: this.early, missingSeverity: 'error', missingNote: '' };
    const what = `${kind} ${q(name)}${namespace ? ` in namespace ${q(namespace)}` : ''}`;
    if (prev.apiVersion === apiVersion) {
      report(r, self, 'error', 'duplicate', 'metadata.name', `Duplicate object: ${what} is already defined in ${where}`,
        'remove one of them or give them different names; the second would overwrite the first');
    } else {
      report(r, self, 'warning', 'duplicate', 'metadata.name', `${what} is also defined as ${prev.apiVersion} in ${where}: both versions address the same object`,
        'keep one version of the object');
    }
  }

  private addPods(x: NsIndex, p: PodFacts): void {
    x.pods.push(p);
    indexLabels(x.podsByLabel, p.podLabels, p);
  }

  private addService(x: NsIndex, s: ServiceFacts, own = true): void {
    if (own) this.services.push(s);
    x.services.set(s.name, s);
    x.allServices.push(s);
    x.servicesByLabel = undefined; // rebuilt with this one when needed
  }

  /** The findings over every document added so far. */
  findings(): Finding[] {
    // The API server's own Service (default/kubernetes) is in every cluster.
    const dflt = this.ns(API_SERVER_SERVICE.namespace);
    if (!this.clusterAdded && !dflt.services.has(API_SERVER_SERVICE.name)) this.addService(dflt, apiServerService(), false);
    this.clusterAdded = true;
    const complete = this.opts.evidence === 'complete';
    const r: Report = { out: [...this.early], missingSeverity: complete ? 'error' : 'warning', missingNote: complete ? '' : ' (only the documents given were searched)' };
    for (const check of CHECKS) check(this, r);
    return r.out;
  }

  /** Env hosts naming missing Services (src/validate/wiring/connection-hosts.ts). */
  connectionHostFindings(r: Report): Finding[] {
    return this.hosts.findings(r.missingSeverity, r.missingNote);
  }
}

/** The reference checks, in the order their findings are listed; one loop runs them all. */
const CHECKS: readonly ((ix: WiringIndex, r: Report) => void)[] = [
  // workload -> Secrets, ConfigMaps (and their keys), PVCs; probes -> container ports
  (ix, r) => { for (const w of ix.workloads) checkWorkloadRefs(w, ix.ns(w.ns), r); },
  // Service selector -> pods; targetPort -> container ports
  (ix, r) => { for (const s of ix.services) checkService(s, ix.ns(s.ns), r); },
  // Ingress, HPA, PDB, RBAC bindings, ServiceMonitors, in document order (src/validate/wiring/references.ts)
  (ix, r) => { for (const p of ix.pending) p.c.check(p.h, p.f, ix, r); },
  // StatefulSet -> its governing headless Service
  (ix, r) => { for (const w of ix.workloads) checkGoverningService(w, ix.ns(w.ns), r); },
  // env hosts -> Services
  (ix, r) => { r.out.push(...ix.connectionHostFindings(r)); },
];

function skipKind(kind: string, apiVersion: string, skip: readonly string[] | undefined): boolean {
  if (!skip || skip.length === 0) return false;
  return skip.includes(kind) || skip.includes(`${apiVersion}/${kind}`);
}

/** The wiring findings of a list of documents (one `WiringIndex` fed in order). */
export function wiringChecks(docs: readonly ManifestDocument[], opts: ValidateOptions = {}): Finding[] {
  const index = new WiringIndex(opts);
  for (const doc of docs) index.add(doc);
  return index.findings();
}

