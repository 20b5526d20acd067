// Layer 3: cross-object wiring across all documents given (duplicates, Service -> pods,
// targetPorts, probe ports, secret/configMap/PVC references, Ingress backends, HPA/PDB targets,
// StatefulSet governing Services, ServiceMonitors).
//
// One pass indexes the documents; each check then looks objects up by namespace and name or by
// label pair, so the cost stays linear in the number of documents (no all-pairs loops).
import type { Finding, ManifestDocument, Severity, ValidateOptions } from '../types';
import { arr, isObj, makeFinding, obj, Obj, q, str } from '../rules/context';
import { labelSelectorMatches as selectorMatches } from '../rules/index';
import {
  API_SERVER_SERVICE, controllerLabels, IMPLIED_KEYS, isBootstrapClusterRole, isBootstrapRole, namespaceOf, operatorPods,
  podSelectorMatches, ROOT_CA_CONFIGMAP, type ImpliedLabels,
} from '../cluster-facts';
import { connectionHostChecks } from './connection-hosts';

export const EXTERNAL_SECRETS_ANNOTATION = 'helmless.io/external-secrets';

const WORKLOAD_KINDS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);

interface Workload {
  readonly doc: ManifestDocument;
  readonly o: Obj;
  readonly kind: string;
  readonly name: string;
  readonly ns: string;
  readonly apiVersion: string;
  /** Path of the pod spec ('spec', 'spec.template.spec', 'spec.jobTemplate.spec.template.spec'). */
  readonly specPath: string;
  readonly spec: Obj;
  readonly podLabels: Record<string, unknown>;
  /** Labels the controller (or operator) adds to the pods besides the template's. */
  readonly implied: ImpliedLabels;
  /** Names declared as provided by the cluster (helmless.io/external-secrets). */
  readonly external: ReadonlySet<string>;
  readonly portNames: ReadonlySet<string>;
  readonly portNumbers: ReadonlySet<number>;
  readonly claimTemplates: ReadonlySet<string>;
}

interface Service {
  readonly doc: ManifestDocument;
  readonly o: Obj;
  readonly name: string;
  readonly ns: string;
  readonly spec: Obj;
  readonly labels: Record<string, unknown>;
}

interface Seen {
  readonly doc: ManifestDocument;
  readonly apiVersion: string;
  readonly group: string;
}

interface NsIndex {
  workloads: Workload[];
  /** Workloads by 'key=value' pod label pair. */
  byLabel: LabelIndex<Workload>;
  services: Map<string, Service>;
  servicesByLabel: LabelIndex<Service>;
  allServices: Service[];
  secrets: Map<string, Set<string> | null>; // name -> known keys, or null when keys are unknown
  configMaps: Map<string, Set<string>>;
  pvcs: Set<string>;
  /** kind -> name -> object (scaleTargetRef, roleRef); nested maps: no key string built per document. */
  objects: Map<string, Map<string, Obj>>;
  /** kind -> name -> the first documents of each API group so named (duplicate detection). */
  seen: Map<string, Map<string, Seen[]>>;
}

function groupOf(apiVersion: string): string {
  const i = apiVersion.indexOf('/');
  return i < 0 ? '' : apiVersion.slice(0, i);
}

function skipKind(kind: string, apiVersion: string, skip: readonly string[] | undefined): boolean {
  if (!skip || skip.length === 0) return false;
  return skip.includes(kind) || skip.includes(`${apiVersion}/${kind}`);
}

function splitNames(v: unknown): string[] {
  return typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter((s) => s.length > 0) : [];
}

function podTemplateOf(kind: string, o: Obj): { specPath: string; tmpl: Obj | undefined; metas: Obj[] } {
  const spec = obj(o.spec);
  const metas: Obj[] = [];
  const md = obj(o.metadata);
  if (md) metas.push(md);
  if (kind === 'Pod') return { specPath: 'spec', tmpl: o, metas };
  if (kind === 'CronJob') {
    const jt = obj(spec?.jobTemplate);
    const jmd = obj(jt?.metadata);
    if (jmd) metas.push(jmd);
    const t = obj(obj(jt?.spec)?.template);
    const tmd = obj(t?.metadata);
    if (tmd) metas.push(tmd);
    return { specPath: 'spec.jobTemplate.spec.template.spec', tmpl: t, metas };
  }
  const t = obj(spec?.template);
  const tmd = obj(t?.metadata);
  if (tmd) metas.push(tmd);
  return { specPath: 'spec.template.spec', tmpl: t, metas };
}

function keysOf(...maps: unknown[]): Set<string> {
  const s = new Set<string>();
  for (const m of maps) if (isObj(m)) for (const k of Object.keys(m)) s.add(k);
  return s;
}

function newNs(): NsIndex {
  return {
    workloads: [], byLabel: new Map(), services: new Map(), servicesByLabel: new Map(), allServices: [], secrets: new Map(),
    configMaps: new Map(), pvcs: new Set(), objects: new Map(), seen: new Map(),
  };
}

/** label key -> label value -> the objects carrying that pair (nested: no 'key=value' string per label). */
type LabelIndex<T> = Map<string, Map<string, T[]>>;

function indexLabels<T>(index: LabelIndex<T>, labels: Record<string, unknown>, item: T): void {
  for (const k of Object.keys(labels)) {
    const v = labels[k];
    if (typeof v !== 'string') continue; // not a label value (the schema layer says so): selects nothing
    let byValue = index.get(k);
    if (!byValue) index.set(k, (byValue = new Map()));
    pushMap(byValue, v, item);
  }
}

function pushMap<T>(m: Map<string, T[]>, k: string, v: T): void {
  const l = m.get(k);
  if (l) l.push(v);
  else m.set(k, [v]);
}

/** Candidates that may match `selector`: the shortest list among its matchLabels pairs. */
function candidates<T>(all: T[], byLabel: LabelIndex<T>, selector: Obj): T[] {
  const ml = obj(selector.matchLabels);
  let best: T[] | undefined;
  if (ml) {
    for (const k in ml) {
      if (IMPLIED_KEYS.has(k)) continue; // added by controllers: not in the template index
      const v = ml[k];
      const l = (typeof v === 'string' ? byLabel.get(k)?.get(v) : undefined) ?? [];
      if (!best || l.length < best.length) best = l;
    }
  }
  return best ?? all;
}

function selectorEmpty(sel: Obj): boolean {
  return Object.keys(obj(sel.matchLabels) ?? {}).length === 0 && arr(sel.matchExpressions).length === 0;
}

export function wiringChecks(docs: readonly ManifestDocument[], opts: ValidateOptions = {}): Finding[] {
  const out: Finding[] = [];
  const complete = opts.evidence === 'complete';
  const missingSeverity: Severity = complete ? 'error' : 'warning';
  const missingNote = complete ? '' : ' (only the documents given were searched)';
  const nss = new Map<string, NsIndex>();
  const ns = (n: string): NsIndex => {
    let x = nss.get(n);
    if (!x) { x = newNs(); nss.set(n, x); }
    return x;
  };
  const workloads: Workload[] = [];
  const services: Service[] = [];
  const others: { doc: ManifestDocument; o: Obj; kind: string; apiVersion: string; ns: string }[] = [];

  const add = (doc: ManifestDocument, o: Obj, severity: Severity, rule: string, path: string, message: string, fix?: string): void => {
    out.push(makeFinding(doc, o, severity, `wiring/${rule}`, path, message, fix));
  };

  // ---- Pass 1: index.
  for (const doc of docs) {
    const o = doc.object;
    if (!isObj(o)) continue;
    const kind = str(o.kind);
    const apiVersion = str(o.apiVersion);
    if (!kind || !apiVersion) continue;
    if (skipKind(kind, apiVersion, opts.skipKinds)) continue;
    const md = obj(o.metadata) ?? {};
    const name = str(md.name);
    const namespace = namespaceOf(kind, md, opts.namespace);
    const x = ns(namespace);
    const group = groupOf(apiVersion);
    if (name) {
      let byName = x.seen.get(kind);
      if (!byName) x.seen.set(kind, (byName = new Map()));
      let entries = byName.get(name);
      if (!entries) byName.set(name, (entries = []));
      const prev = entries.find((e) => e.group === group);
      if (prev) {
        const where = `${prev.doc.source.file} document ${prev.doc.source.documentIndex}${prev.doc.source.listItem !== undefined ? ` items[${prev.doc.source.listItem}]` : ''}`;
        if (prev.apiVersion === apiVersion) {
          add(doc, o, 'error', 'duplicate', 'metadata.name',
            `Duplicate object: ${kind} ${q(name)}${namespace ? ` in namespace ${q(namespace)}` : ''} is already defined in ${where}`,
            'remove one of them or give them different names; the second would overwrite the first');
        } else {
          add(doc, o, 'warning', 'duplicate', 'metadata.name',
            `${kind} ${q(name)}${namespace ? ` in namespace ${q(namespace)}` : ''} is also defined as ${prev.apiVersion} in ${where}: both versions address the same object`,
            'keep one version of the object');
        }
      } else entries.push({ doc, apiVersion, group });
      let objects = x.objects.get(kind);
      if (!objects) x.objects.set(kind, (objects = new Map()));
      objects.set(name, o);
    }
    const workloadName = name || str(md.generateName);
    if (WORKLOAD_KINDS.has(kind) && (group === '' || group === 'apps' || group === 'batch') && workloadName) {
      const { specPath, tmpl, metas } = podTemplateOf(kind, o);
      const spec = obj(tmpl?.spec);
      if (!spec) continue;
      // Sets are made only when there is something to put in them: a Set per workload and field
      // was most of this layer's surviving allocation on large inputs.
      let external: Set<string> | undefined;
      for (const m of metas) for (const n of splitNames(obj(m.annotations)?.[EXTERNAL_SECRETS_ANNOTATION])) (external ??= new Set()).add(n);
      let portNames: Set<string> | undefined;
      let portNumbers: Set<number> | undefined;
      // Ports of the containers and of sidecars (init containers with restartPolicy Always).
      for (const field of CONTAINER_FIELDS) {
        for (const c of arr(spec[field])) {
          const co = obj(c);
          if (!co || (field === 'initContainers' && co.restartPolicy !== 'Always')) continue;
          for (const p of arr(co.ports)) {
            const po = obj(p);
            if (!po) continue;
            if (typeof po.name === 'string') (portNames ??= new Set()).add(po.name);
            if (typeof po.containerPort === 'number') (portNumbers ??= new Set()).add(po.containerPort);
          }
        }
      }
      let claimTemplates: Set<string> | undefined;
      if (kind === 'StatefulSet') {
        for (const t of arr(obj(o.spec)?.volumeClaimTemplates)) {
          const n = str(obj(obj(t)?.metadata)?.name);
          if (n) (claimTemplates ??= new Set()).add(n);
        }
      }
      const podLabels = obj(obj(tmpl?.metadata)?.labels) ?? {};
      const w: Workload = {
        doc, o, kind, name: workloadName, ns: namespace, apiVersion, specPath, spec, podLabels, implied: controllerLabels(kind, workloadName, o),
        external: external ?? NONE, portNames: portNames ?? NONE, portNumbers: portNumbers ?? NO_NUMBERS, claimTemplates: claimTemplates ?? NONE,
      };
      workloads.push(w);
      x.workloads.push(w);
      indexLabels(x.byLabel, podLabels, w);
      continue;
    }
    if (kind === 'Service' && group === '' && name) {
      const s: Service = { doc, o, name, ns: namespace, spec: obj(o.spec) ?? {}, labels: obj(md.labels) ?? {} };
      services.push(s);
      x.services.set(name, s);
      x.allServices.push(s);
      indexLabels(x.servicesByLabel, s.labels, s);
      continue;
    }
    const operated = operatorPods(kind, apiVersion, o);
    if (operated) {
      // The pods the operator will run: selectable by Services and PDBs like a workload's.
      const w: Workload = {
        doc, o, kind, name: operated.name, ns: namespace, apiVersion, specPath: 'spec', spec: {}, podLabels: operated.labels, implied: operated.implied,
        external: NONE, portNames: operated.portNames, portNumbers: operated.portNumbers, claimTemplates: NONE,
      };
      x.workloads.push(w);
      indexLabels(x.byLabel, operated.labels, w);
    }
    if (kind === 'Secret' && group === '' && name) {
      x.secrets.set(name, keysOf(o.data, o.stringData));
    } else if (kind === 'ConfigMap' && group === '' && name) {
      x.configMaps.set(name, keysOf(o.data, o.binaryData));
    } else if (kind === 'PersistentVolumeClaim' && group === '' && name) {
      x.pvcs.add(name);

    } else if (kind === 'ExternalSecret' && group === 'external-secrets.io') {
      const target = str(obj(obj(o.spec)?.target)?.name) || name;
      if (target) {
        const spec = obj(o.spec) ?? {};
        const simple = arr(spec.dataFrom).length === 0 && !obj(obj(spec.target)?.template);
        x.secrets.set(target, simple ? new Set(arr(spec.data).map((d) => str(obj(d)?.secretKey)).filter((k): k is string => !!k)) : null);
      }
    } else if (kind === 'SealedSecret' && group === 'bitnami.com') {
      const tmd = obj(obj(obj(o.spec)?.template)?.metadata);
      const target = str(tmd?.name) || name;
      if (target) x.secrets.set(target, keysOf(obj(o.spec)?.encryptedData, obj(obj(o.spec)?.template)?.data));
    } else if (kind === 'Certificate' && group === 'cert-manager.io') {
      const sn = str(obj(o.spec)?.secretName);
      if (sn) x.secrets.set(sn, null);
    }
    others.push({ doc, o, kind, apiVersion, ns: namespace });
  }

  // The API server's own Service (default/kubernetes) is in every cluster: ServiceMonitors and
  // Ingresses may name it without the documents defining it.
  const dflt = ns(API_SERVER_SERVICE.namespace);
  if (!dflt.services.has(API_SERVER_SERVICE.name)) {
    const o: Obj = { apiVersion: 'v1', kind: 'Service', metadata: { name: API_SERVER_SERVICE.name, namespace: API_SERVER_SERVICE.namespace, labels: { ...API_SERVER_SERVICE.labels } },
      spec: { ports: API_SERVER_SERVICE.ports.map((p) => ({ ...p })) } };
    const s: Service = { doc: { object: o, source: { file: '<cluster>', documentIndex: 0 } }, o, name: API_SERVER_SERVICE.name, ns: API_SERVER_SERVICE.namespace, spec: obj(o.spec) ?? {}, labels: { ...API_SERVER_SERVICE.labels } };
    dflt.services.set(s.name, s);
    dflt.allServices.push(s);
    indexLabels(dflt.servicesByLabel, s.labels, s);
  }

  // ---- Pass 2: workloads' references and probes.
  for (const w of workloads) checkWorkloadRefs(w, ns(w.ns), add, missingSeverity, missingNote);

  // ---- Services.
  const selectedBy = new Map<Service, Workload[]>();
  for (const s of services) {
    const type = str(s.spec.type) ?? 'ClusterIP';
    const sel = obj(s.spec.selector);
    if (type === 'ExternalName' || !sel || Object.keys(sel).length === 0) continue;
    const x = ns(s.ns);
    const selector = { matchLabels: sel };
    const matched = candidates(x.workloads, x.byLabel, selector).filter((w) => podSelectorMatches(selector, w.podLabels, w.implied));
    selectedBy.set(s, matched);
    if (matched.length === 0) {
      add(s.doc, s.o, missingSeverity, 'service-selects-nothing', 'spec.selector',
        `Service ${q(s.name)} selects ${q(sel)} but no pod template in namespace ${q(s.ns)} has these labels${missingNote}`,
        'copy the selector labels onto the workload pod template (spec.template.metadata.labels), or fix the selector');
      continue;
    }
    arr(s.spec.ports).forEach((p, i) => {
      const po = obj(p);
      if (!po) return;
      // The API server defaults an absent, 0 or '' targetPort to the port.
      const defaulted = po.targetPort === undefined || po.targetPort === 0 || po.targetPort === '';
      const tp = defaulted ? po.port : po.targetPort;
      if (typeof tp === 'string' && !/^[0-9]+$/.test(tp)) {
        // Pods without the named port are simply not endpoints (a migration Job sharing the labels is
        // fine); the Service is broken only when no selected pod template declares the name.
        const missing = matched.filter((w) => !w.portNames.has(tp));
        if (missing.length === matched.length) {
          const names = [...new Set(missing.flatMap((w) => [...w.portNames]))];
          add(s.doc, s.o, 'error', 'service-target-port', `spec.ports[${i}].targetPort`,
            `Service ${q(s.name)} targets the port named ${q(tp)}, which ${missing.map((w) => `${w.kind} ${q(w.name)}`).join(', ')} does not declare on any container`,
            names.length > 0 ? `use one of the container's port names (${names.join(', ')}) or name the containerPort ${q(tp)}`
              : `add a containerPort named ${q(tp)} to the selected containers`);
        }
      } else if (typeof tp === 'number') {
        const missing = matched.filter((w) => w.portNumbers.size > 0 && !w.portNumbers.has(tp));
        if (missing.length > 0 && !matched.some((w) => w.portNumbers.has(tp))) {
          add(s.doc, s.o, 'warning', 'service-target-port', `spec.ports[${i}]${defaulted ? '.port' : '.targetPort'}`,
            `Service ${q(s.name)} sends traffic to port ${tp}, which ${missing.map((w) => `${w.kind} ${q(w.name)}`).join(', ')} does not declare (declared: ${[...missing[0].portNumbers].join(', ')})`,
            'check targetPort; reference the container port by name to keep them in step');
        }
      }
    });
  }

  // ---- Other kinds.
  for (const { doc, o, kind, apiVersion, ns: n } of others) {
    const group = groupOf(apiVersion);
    const x = ns(n);
    const spec = obj(o.spec) ?? {};
    const name = str(obj(o.metadata)?.name) ?? '';
    if (kind === 'Ingress' && group === 'networking.k8s.io') {
      const backends: { path: string; b: Obj }[] = [];
      const db = obj(spec.defaultBackend);
      if (db) backends.push({ path: 'spec.defaultBackend', b: db });
      arr(spec.rules).forEach((r, i) => arr(obj(obj(r)?.http)?.paths).forEach((p, j) => {
        const b = obj(obj(p)?.backend);
        if (b) backends.push({ path: `spec.rules[${i}].http.paths[${j}].backend`, b });
      }));
      for (const { path, b } of backends) {
        const svc = obj(b.service);
        const sn = str(svc?.name);
        if (!svc || !sn) continue;
        const target = x.services.get(sn);
        if (!target) {
          add(doc, o, missingSeverity, 'ingress-backend', `${path}.service.name`,
            `Ingress ${q(name)} routes to Service ${q(sn)}, which is not defined in namespace ${q(n)}${missingNote}`,
            'create the Service or fix the backend name');
          continue;
        }
        const port = obj(svc.port);
        const ports = arr(target.spec.ports).map(obj).filter((p): p is Obj => !!p);
        if (typeof port?.name === 'string' && port.name !== '' && !ports.some((p) => p.name === port.name)) {
          add(doc, o, 'error', 'ingress-backend', `${path}.service.port.name`,
            `Ingress ${q(name)} uses port ${q(port.name)} of Service ${q(sn)}, which has no port with that name (ports: ${ports.map((p) => (typeof p.name === 'string' ? p.name : q(p.port))).join(', ')})`,
            'use one of the Service port names or numbers');
        } else if (typeof port?.number === 'number' && !ports.some((p) => p.port === port.number)) {
          add(doc, o, 'error', 'ingress-backend', `${path}.service.port.number`,
            `Ingress ${q(name)} uses port ${port.number} of Service ${q(sn)}, which does not expose it (ports: ${ports.map((p) => q(p.port)).join(', ')})`,
            'use the Service port (spec.ports[].port), not the container port');
        }
      }
      const ann = obj(obj(o.metadata)?.annotations) ?? {};
      const certManaged = ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer'].some((k) => typeof ann[k] === 'string');
      arr(spec.tls).forEach((t, i) => {
        const sn = str(obj(t)?.secretName);
        if (sn && !certManaged && !x.secrets.has(sn) && !splitNames(ann[EXTERNAL_SECRETS_ANNOTATION]).includes(sn)) {
          add(doc, o, missingSeverity, 'missing-secret', `spec.tls[${i}].secretName`,
            `Ingress ${q(name)} serves TLS from Secret ${q(sn)}, which is not among the documents${missingNote}`,
            `add the Secret (or a cert-manager Certificate / ExternalSecret producing it), or declare it with the annotation ${EXTERNAL_SECRETS_ANNOTATION}: ${sn}`);
        }
      });
    } else if (kind === 'HorizontalPodAutoscaler' && group === 'autoscaling') {
      const ref = obj(spec.scaleTargetRef);
      const k = str(ref?.kind);
      const rn = str(ref?.name);
      if (k && rn && !x.objects.get(k)?.has(rn)) {
        add(doc, o, missingSeverity, 'hpa-target', 'spec.scaleTargetRef',
          `HorizontalPodAutoscaler ${q(name)} scales ${k} ${q(rn)}, which is not defined in namespace ${q(n)}${missingNote}`,
          'point scaleTargetRef at the workload (kind, name, apiVersion) or create it');
      } else if (k && rn) {
        const t = x.objects.get(k)?.get(rn);
        const tv = str(t?.apiVersion);
        const rv = str(ref?.apiVersion);
        if (tv && rv && groupOf(tv) !== groupOf(rv)) {
          add(doc, o, 'error', 'hpa-target', 'spec.scaleTargetRef.apiVersion',
            `HorizontalPodAutoscaler ${q(name)} names ${rv} ${k} ${q(rn)} but the object is ${tv}`, `set apiVersion: ${tv}`);
        }
      }
    } else if (kind === 'PodDisruptionBudget' && group === 'policy') {
      const sel = obj(spec.selector);
      if (!sel || selectorEmpty(sel)) continue;
      const matched = candidates(x.workloads, x.byLabel, sel).some((w) => podSelectorMatches(sel, w.podLabels, w.implied));
      if (!matched) {
        add(doc, o, missingSeverity, 'pdb-selects-nothing', 'spec.selector',
          `PodDisruptionBudget ${q(name)} selects no pod template in namespace ${q(n)}${missingNote}`,
          'use the same selector as the workload it protects');
      }
    } else if ((kind === 'RoleBinding' || kind === 'ClusterRoleBinding') && group === 'rbac.authorization.k8s.io') {
      const ref = obj(o.roleRef);
      const rk = str(ref?.kind);
      const rn = str(ref?.name);
      if (!rk || !rn) continue;
      // Roles live in the binding's namespace; ClusterRoles are cluster-scoped (namespace '').
      const present = rk === 'Role' ? (x.objects.get('Role')?.has(rn) ?? false) : (nss.get('')?.objects.get('ClusterRole')?.has(rn) ?? false);
      const builtIn = rk === 'ClusterRole' ? isBootstrapClusterRole(rn) : isBootstrapRole(n, rn);
      if (!present && !builtIn) {
        add(doc, o, missingSeverity, 'rbac-role', 'roleRef.name',
          `${kind} ${q(name)} binds ${rk} ${q(rn)}, which is not among the documents${rk === 'Role' ? ` in namespace ${q(n)}` : ''}${missingNote}`,
          `add the ${rk}, or fix roleRef.name; bindings to a missing role grant nothing`);
      }
    } else if (kind === 'ServiceMonitor' && group === 'monitoring.coreos.com') {
      checkServiceMonitor(doc, o, n, spec, nss, add, missingSeverity, missingNote);
    }
  }

  // ---- StatefulSet governing Services.
  for (const w of workloads) {
    if (w.kind !== 'StatefulSet') continue;
    const sn = str(obj(w.o.spec)?.serviceName);
    if (!sn) continue;
    const s = ns(w.ns).services.get(sn);
    if (!s) {
      add(w.doc, w.o, missingSeverity, 'statefulset-service', 'spec.serviceName',
        `StatefulSet ${q(w.name)} names the governing Service ${q(sn)}, which is not defined in namespace ${q(w.ns)}${missingNote}`,
        `add a headless Service ${q(sn)} (clusterIP: None) selecting the StatefulSet's pods; without it pods get no stable DNS names`);
      continue;
    }
    // The cluster accepts a non-headless governing Service (the kubernetes.io rabbitmq example uses
    // one); the pods just get no stable per-pod DNS names. A warning, not an error.
    if (s.spec.clusterIP !== 'None') {
      add(w.doc, w.o, 'warning', 'statefulset-service', 'spec.serviceName',
        `StatefulSet ${q(w.name)} names Service ${q(sn)} as its governing Service, but that Service is not headless (clusterIP: ${q(s.spec.clusterIP ?? '')})`,
        `set clusterIP: None on Service ${q(sn)} (or add a separate headless Service and name it here) so pods get stable DNS names`);
    } else {
      const sel = obj(s.spec.selector);
      if (sel && Object.keys(sel).length > 0 && !podSelectorMatches({ matchLabels: sel }, w.podLabels, w.implied)) {
        add(w.doc, w.o, 'warning', 'statefulset-service', 'spec.serviceName',
          `StatefulSet ${q(w.name)} names headless Service ${q(sn)}, whose selector ${q(sel)} does not select its pods`,
          'make the Service selector match the StatefulSet pod labels');
      }
    }
  }
  // connections (issue 15): env hosts naming Services no document defines.
  out.push(...connectionHostChecks(docs, missingSeverity, missingNote));
  return out;
}

type Add = (doc: ManifestDocument, o: Obj, severity: Severity, rule: string, path: string, message: string, fix?: string) => void;

function checkWorkloadRefs(w: Workload, x: NsIndex, add: Add, missingSeverity: Severity, missingNote: string): void {
  // Built only when there is something to report: most workloads have no finding.
  const where = (): string => `${w.kind} ${q(w.name)}`;
  const declareFix = (n: string): string =>
    `add it to the documents, or declare it as provided by the cluster with the annotation ${EXTERNAL_SECRETS_ANNOTATION}: ${n} (on the workload or its pod template)`;
  const secretRef = (path: () => string, n: string | undefined, key: string | undefined, optional: boolean): void => {
    if (!n || optional || w.external.has(n)) return;
    if (!x.secrets.has(n)) {
      add(w.doc, w.o, missingSeverity, 'missing-secret', path(),
        `${where()} reads Secret ${q(n)}, which is not among the documents in namespace ${q(w.ns)}${missingNote}`, declareFix(n));
      return;
    }
    const keys = x.secrets.get(n);
    if (key && keys && !keys.has(key)) {
      add(w.doc, w.o, 'error', 'missing-secret-key', path(),
        `${where()} reads key ${q(key)} of Secret ${q(n)}, which has no such key (keys: ${[...keys].join(', ') || 'none'})`,
        'use one of the Secret keys, or add the key to the Secret');
    }
  };
  const configMapRef = (path: () => string, n: string | undefined, key: string | undefined, optional: boolean): void => {
    if (!n || optional || w.external.has(n)) return;
    const keys = x.configMaps.get(n) ?? (n === ROOT_CA_CONFIGMAP.name ? ROOT_CA_KEYS : undefined);
    if (!keys) {
      add(w.doc, w.o, missingSeverity, 'missing-configmap', path(),
        `${where()} reads ConfigMap ${q(n)}, which is not among the documents in namespace ${q(w.ns)}${missingNote}`, declareFix(n));
      return;
    }
    if (key && !keys.has(key)) {
      add(w.doc, w.o, 'error', 'missing-configmap-key', path(),
        `${where()} reads key ${q(key)} of ConfigMap ${q(n)}, which has no such key (keys: ${[...keys].join(', ') || 'none'})`,
        'use one of the ConfigMap keys, or add the key to the ConfigMap');
    }
  };
  const sp = w.specPath;
  for (const field of CONTAINER_FIELDS) {
    const list = arr(w.spec[field]);
    for (let i = 0; i < list.length; i++) {
      const co = obj(list[i]);
      if (!co) continue;
      const cp = (): string => `${sp}.${field}[${i}]`;
      const env = arr(co.env);
      for (let j = 0; j < env.length; j++) {
        const vf = obj(obj(env[j])?.valueFrom);
        if (!vf) continue;
        const s = obj(vf.secretKeyRef);
        if (s) secretRef(() => `${cp()}.env[${j}].valueFrom.secretKeyRef.name`, str(s.name), str(s.key), s.optional === true);
        const m = obj(vf.configMapKeyRef);
        if (m) configMapRef(() => `${cp()}.env[${j}].valueFrom.configMapKeyRef.name`, str(m.name), str(m.key), m.optional === true);
      }
      const envFrom = arr(co.envFrom);
      for (let j = 0; j < envFrom.length; j++) {
        const eo = obj(envFrom[j]);
        const s = obj(eo?.secretRef);
        if (s) secretRef(() => `${cp()}.envFrom[${j}].secretRef.name`, str(s.name), undefined, s.optional === true);
        const m = obj(eo?.configMapRef);
        if (m) configMapRef(() => `${cp()}.envFrom[${j}].configMapRef.name`, str(m.name), undefined, m.optional === true);
      }
      // Probes naming ports the container does not declare.
      let names: Set<string> | undefined;
      for (const probe of PROBE_FIELDS) {
        const p = obj(co[probe]);
        if (!p) continue;
        for (const h of PORT_HANDLERS) {
          const port = obj(p[h])?.port;
          if (typeof port !== 'string' || /^[0-9]+$/.test(port)) continue;
          names ??= new Set(arr(co.ports).map((cport) => str(obj(cport)?.name)).filter((n): n is string => !!n));
          if (names.has(port)) continue;
          add(w.doc, w.o, 'error', 'probe-port', `${cp()}.${probe}.${h}.port`,
            `${probe} of container ${typeof co.name === 'string' ? q(co.name) : `#${i + 1} (no name)`} in ${where()} uses port ${q(port)}, which the container does not declare${names.size ? ` (ports: ${[...names].join(', ')})` : ''}`,
            names.size ? `use one of ${[...names].join(', ')} or add a containerPort named ${q(port)}` : `add a containerPort named ${q(port)}`);
        }
      }
    }
  }
  const volumes = arr(w.spec.volumes);
  for (let i = 0; i < volumes.length; i++) {
    const vo = obj(volumes[i]);
    if (!vo) continue;
    const vp = (): string => `${sp}.volumes[${i}]`;
    const s = obj(vo.secret);
    if (s) secretRef(() => `${vp()}.secret.secretName`, str(s.secretName), undefined, s.optional === true);
    const m = obj(vo.configMap);
    if (m) configMapRef(() => `${vp()}.configMap.name`, str(m.name), undefined, m.optional === true);
    const sources = arr(obj(vo.projected)?.sources);
    for (let j = 0; j < sources.length; j++) {
      const so = obj(sources[j]);
      const ps = obj(so?.secret);
      if (ps) secretRef(() => `${vp()}.projected.sources[${j}].secret.name`, str(ps.name), undefined, ps.optional === true);
      const pm = obj(so?.configMap);
      if (pm) configMapRef(() => `${vp()}.projected.sources[${j}].configMap.name`, str(pm.name), undefined, pm.optional === true);
    }
    const pvc = obj(vo.persistentVolumeClaim);
    const cn = str(pvc?.claimName);
    if (cn && !x.pvcs.has(cn) && !w.claimTemplates.has(cn) && !w.external.has(cn)) {
      add(w.doc, w.o, missingSeverity, 'missing-pvc', `${vp()}.persistentVolumeClaim.claimName`,
        `${where()} mounts PersistentVolumeClaim ${q(cn)}, which is not among the documents in namespace ${q(w.ns)}${missingNote}`,
        w.kind === 'StatefulSet' ? 'use spec.volumeClaimTemplates for per-pod storage, or add the PersistentVolumeClaim' : 'add the PersistentVolumeClaim');
    }
  }
}

const CONTAINER_FIELDS = ['initContainers', 'containers'] as const;
const NONE: ReadonlySet<string> = new Set<string>();
const ROOT_CA_KEYS: ReadonlySet<string> = new Set(ROOT_CA_CONFIGMAP.keys);
const NO_NUMBERS: ReadonlySet<number> = new Set<number>();
const PROBE_FIELDS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const PORT_HANDLERS = ['httpGet', 'tcpSocket'] as const;

function checkServiceMonitor(
  doc: ManifestDocument, o: Obj, n: string, spec: Obj, nss: Map<string, NsIndex>, add: Add, missingSeverity: Severity, missingNote: string,
): void {
  const name = str(obj(o.metadata)?.name) ?? '';
  const sel = obj(spec.selector) ?? {};
  const nsSel = obj(spec.namespaceSelector);
  let namespaces: string[];
  if (nsSel?.any === true) namespaces = [...nss.keys()];
  else if (arr(nsSel?.matchNames).length > 0) namespaces = arr(nsSel?.matchNames).filter((s): s is string => typeof s === 'string');
  else namespaces = [n];
  const matched: Service[] = [];
  for (const m of namespaces) {
    const x = nss.get(m);
    if (!x) continue;
    for (const s of candidates(x.allServices, x.servicesByLabel, sel)) if (selectorMatches(sel, s.labels)) matched.push(s);
  }
  if (matched.length === 0) {
    add(doc, o, missingSeverity, 'servicemonitor-selects-nothing', 'spec.selector',
      `ServiceMonitor ${q(name)} selects no Service (by Service labels ${q(sel)}) in ${namespaces.map((s) => q(s)).join(', ') || 'any namespace'}${missingNote}`,
      "put the selector's labels on the Service metadata (a ServiceMonitor selects Services, not pods)");
    return;
  }
  arr(spec.endpoints).forEach((e, i) => {
    const port = str(obj(e)?.port);
    if (!port) return;
    const lacking = matched.filter((s) => !arr(s.spec.ports).some((p) => obj(p)?.name === port));
    if (lacking.length === matched.length) {
      add(doc, o, 'error', 'servicemonitor-port', `spec.endpoints[${i}].port`,
        `ServiceMonitor ${q(name)} scrapes port ${q(port)}, but the selected Service ${q(lacking[0].name)} has no port with that name`,
        `name the Service port ${q(port)} or use one of its port names`);
    }
  });
}
