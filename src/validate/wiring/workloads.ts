// Workloads (Pod, Deployment, StatefulSet, DaemonSet, ReplicaSet, ReplicationController, Job,
// CronJob): their facts (pod labels, container ports, the Secrets, ConfigMaps and PVCs the pod spec
// reads) and the checks of those references, of probe ports and of a StatefulSet's governing Service.
import { controllerLabels, ROOT_CA_CONFIGMAP } from '../cluster-facts';
import { labelMapMatches } from '../label-selector';
import { arr, obj, show as q, str, type Obj } from '../untyped';
import {
  EXTERNAL_SECRETS_ANNOTATION, addOnce, findingAt, hasKey, type PathTable, uniqueKeys, type Keys, NO_NAMES, NO_NUMBERS, NONE, report, splitNames, type DocRef, type NsIndex, type Report, type WorkloadFacts,
  type WorkloadRef,
} from './facts';

export const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob']);
const WORKLOAD_GROUPS: ReadonlySet<string> = new Set(['', 'apps', 'batch']);
const CONTAINER_FIELDS = ['initContainers', 'containers'] as const;
const PROBE_FIELDS = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;
const PORT_HANDLERS = ['httpGet', 'tcpSocket'] as const;
const NO_REFS: readonly WorkloadRef[] = [];
const ROOT_CA_KEYS: Keys = uniqueKeys(ROOT_CA_CONFIGMAP.keys);

export function isWorkload(kind: string, group: string): boolean {
  return WORKLOAD_KINDS.has(kind) && WORKLOAD_GROUPS.has(group);
}

/** Where the pod template is, and the metadata that may carry the external-secrets annotation. */
function podTemplateOf(kind: string, o: Obj): { specPath: string; tmpl: Obj | undefined; metas: Obj[] } {
  const spec = obj(o.spec);
  const metas: Obj[] = [];
  const md = obj(o.metadata);
  if (md) metas.push(md);
  if (kind === 'Pod') return { specPath: 'spec', tmpl: o, metas };
  const cron = kind === 'CronJob';
  const jobTemplate = cron ? obj(spec?.jobTemplate) : undefined;
  const jmd = obj(jobTemplate?.metadata);
  if (jmd) metas.push(jmd);
  const t = obj((cron ? obj(jobTemplate?.spec) : spec)?.template);
  const tmd = obj(t?.metadata);
  if (tmd) metas.push(tmd);
  return { specPath: cron ? 'spec.jobTemplate.spec.template.spec' : 'spec.template.spec', tmpl: t, metas };
}

/**
 * The facts of a workload named `name` (or its generateName) in namespace `ns`; undefined when it
 * has no pod spec. Sets are made only when there is something to put in them: a Set per workload
 * and field was most of this layer's surviving allocation on large inputs.
 */
export function workloadFacts(at: DocRef, o: Obj, kind: string, name: string, ns: string, paths: PathTable): WorkloadFacts | undefined {
  const { specPath, tmpl, metas } = podTemplateOf(kind, o);
  const spec = obj(tmpl?.spec);
  if (!spec) return undefined;
  let external: Set<string> | undefined;
  for (const m of metas) for (const n of splitNames(obj(m.annotations)?.[EXTERNAL_SECRETS_ANNOTATION])) (external ??= new Set()).add(n);
  let portNames: string[] | undefined;
  let portNumbers: number[] | undefined;
  // Ports of the containers and of sidecars (init containers with restartPolicy Always).
  for (const field of CONTAINER_FIELDS) {
    for (const c of arr(spec[field])) {
      const co = obj(c);
      if (!co || (field === 'initContainers' && co.restartPolicy !== 'Always')) continue;
      for (const p of arr(co.ports)) {
        const po = obj(p);
        if (!po) continue;
        if (typeof po.name === 'string') portNames = addOnce(portNames, po.name);
        if (typeof po.containerPort === 'number') portNumbers = addOnce(portNumbers, po.containerPort);
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
  const w = { at, kind, name, ns, specPath, spec, external: external ?? NONE, claimTemplates: claimTemplates ?? NONE, paths };
  let refs: WorkloadRef[] | undefined;
  if (arr(spec.containers).length + arr(spec.initContainers).length + arr(spec.volumes).length > 0) {
    refs = [];
    containerRefs(w, refs);
    volumeRefs(w, refs);
  }
  return {
    at, kind, name, ns, podLabels: obj(obj(tmpl?.metadata)?.labels) ?? {}, implied: controllerLabels(kind, name, o),
    portNames: portNames ?? NO_NAMES, portNumbers: portNumbers ?? NO_NUMBERS, refs: refs && refs.length > 0 ? refs.slice() : NO_REFS, // exact size (facts.ts: TRIM)
    serviceName: kind === 'StatefulSet' ? str(obj(o.spec)?.serviceName) : undefined,
  };
}

/** What the reference collectors read of a workload while its document is at hand. */
interface PodSpecAt {
  readonly at: DocRef;
  readonly kind: string;
  readonly name: string;
  readonly specPath: string;
  readonly spec: Obj;
  /** Names declared as provided by the cluster (helmless.io/external-secrets). */
  readonly external: ReadonlySet<string>;
  readonly claimTemplates: ReadonlySet<string>;
  /** Where the reference paths are kept, each text once. */
  readonly paths: PathTable;
}

/** Keeps a Secret or ConfigMap reference worth checking: named, not optional, not declared external. */
function keyRef(out: WorkloadRef[], w: PodSpecAt, type: 'secret' | 'configMap', ref: Obj, nameField: string, key: unknown, path: () => string): void {
  const n = str(ref[nameField]);
  if (n && ref.optional !== true && !w.external.has(n)) out.push({ type, path: w.paths.keep(path()), name: n, key: str(key) });
}

/** Env and envFrom references and probe-port findings of every container, in document order. */
function containerRefs(w: PodSpecAt, out: WorkloadRef[]): void {
  for (const field of CONTAINER_FIELDS) {
    const list = arr(w.spec[field]);
    for (let i = 0; i < list.length; i++) {
      const co = obj(list[i]);
      if (!co) continue;
      const cp = (): string => `${w.specPath}.${field}[${i}]`;
      const env = arr(co.env);
      for (let j = 0; j < env.length; j++) {
        const vf = obj(obj(env[j])?.valueFrom);
        if (!vf) continue;
        const s = obj(vf.secretKeyRef);
        if (s) keyRef(out, w, 'secret', s, 'name', s.key, () => `${cp()}.env[${j}].valueFrom.secretKeyRef.name`);
        const m = obj(vf.configMapKeyRef);
        if (m) keyRef(out, w, 'configMap', m, 'name', m.key, () => `${cp()}.env[${j}].valueFrom.configMapKeyRef.name`);
      }
      const envFrom = arr(co.envFrom);
      for (let j = 0; j < envFrom.length; j++) {
        const eo = obj(envFrom[j]);
        const s = obj(eo?.secretRef);
        if (s) keyRef(out, w, 'secret', s, 'name', undefined, () => `${cp()}.envFrom[${j}].secretRef.name`);
        const m = obj(eo?.configMapRef);
        if (m) keyRef(out, w, 'configMap', m, 'name', undefined, () => `${cp()}.envFrom[${j}].configMapRef.name`);
      }
      probePortFindings(w, co, i, cp, out);
    }
  }
}

/** Probes naming ports the container does not declare: decided by the document alone. */
function probePortFindings(w: PodSpecAt, co: Obj, i: number, cp: () => string, out: WorkloadRef[]): void {
  let names: Set<string> | undefined;
  for (const probe of PROBE_FIELDS) {
    const p = obj(co[probe]);
    if (!p) continue;
    for (const h of PORT_HANDLERS) {
      const port = obj(p[h])?.port;
      if (typeof port !== 'string' || /^[0-9]+$/.test(port)) continue;
      names ??= new Set(arr(co.ports).map((cport) => str(obj(cport)?.name)).filter((n): n is string => !!n));
      if (names.has(port)) continue;
      out.push({
        type: 'finding',
        finding: findingAt(w.at, 'error', 'probe-port', `${cp()}.${probe}.${h}.port`,
          `${probe} of container ${typeof co.name === 'string' ? q(co.name) : `#${i + 1} (no name)`} in ${w.kind} ${q(w.name)} uses port ${q(port)}, which the container does not declare${names.size ? ` (ports: ${[...names].join(', ')})` : ''}`,
          names.size ? `use one of ${[...names].join(', ')} or add a containerPort named ${q(port)}` : `add a containerPort named ${q(port)}`),
      });
    }
  }
}

/** Secret, ConfigMap (plain and projected) and PVC references of the pod's volumes. */
function volumeRefs(w: PodSpecAt, out: WorkloadRef[]): void {
  const volumes = arr(w.spec.volumes);
  for (let i = 0; i < volumes.length; i++) {
    const vo = obj(volumes[i]);
    if (!vo) continue;
    const vp = (): string => `${w.specPath}.volumes[${i}]`;
    const s = obj(vo.secret);
    if (s) keyRef(out, w, 'secret', s, 'secretName', undefined, () => `${vp()}.secret.secretName`);
    const m = obj(vo.configMap);
    if (m) keyRef(out, w, 'configMap', m, 'name', undefined, () => `${vp()}.configMap.name`);
    const sources = arr(obj(vo.projected)?.sources);
    for (let j = 0; j < sources.length; j++) {
      const so = obj(sources[j]);
      const ps = obj(so?.secret);
      if (ps) keyRef(out, w, 'secret', ps, 'name', undefined, () => `${vp()}.projected.sources[${j}].secret.name`);
      const pm = obj(so?.configMap);
      if (pm) keyRef(out, w, 'configMap', pm, 'name', undefined, () => `${vp()}.projected.sources[${j}].configMap.name`);
    }
    const cn = str(obj(vo.persistentVolumeClaim)?.claimName);
    if (cn && !w.claimTemplates.has(cn) && !w.external.has(cn)) out.push({ type: 'pvc', path: w.paths.keep(`${vp()}.persistentVolumeClaim.claimName`), name: cn });
  }
}

/** The Secrets, ConfigMaps and PVCs a workload reads exist in its namespace, with the keys read. */
export function checkWorkloadRefs(w: WorkloadFacts, x: NsIndex, r: Report): void {
  for (const ref of w.refs) {
    if (ref.type === 'finding') r.out.push(ref.finding);
    else if (ref.type === 'pvc') {
      if (x.pvcs.has(ref.name)) continue;
      report(r, w.at, r.missingSeverity, 'missing-pvc', ref.path,
        `${w.kind} ${q(w.name)} mounts PersistentVolumeClaim ${q(ref.name)}, which is not among the documents in namespace ${q(w.ns)}${r.missingNote}`,
        w.kind === 'StatefulSet' ? 'use spec.volumeClaimTemplates for per-pod storage, or add the PersistentVolumeClaim' : 'add the PersistentVolumeClaim');
    } else checkKeyRef(w, ref, ref.type === 'secret' ? x.secrets.get(ref.name) : configMapKeys(x, ref.name), r);
  }
}

function configMapKeys(x: NsIndex, name: string): Keys | undefined {
  return x.configMaps.get(name) ?? (name === ROOT_CA_CONFIGMAP.name ? ROOT_CA_KEYS : undefined);
}

/** `keys`: the referenced object's keys; null when it exists with unknown keys, undefined when it is absent. */
function checkKeyRef(w: WorkloadFacts, ref: WorkloadRef & { type: 'secret' | 'configMap' }, keys: Keys | null | undefined, r: Report): void {
  const what = ref.type === 'secret' ? 'Secret' : 'ConfigMap';
  const rule = ref.type === 'secret' ? 'missing-secret' : 'missing-configmap';
  if (keys === undefined) {
    report(r, w.at, r.missingSeverity, rule, ref.path,
      `${w.kind} ${q(w.name)} reads ${what} ${q(ref.name)}, which is not among the documents in namespace ${q(w.ns)}${r.missingNote}`,
      `add it to the documents, or declare it as provided by the cluster with the annotation ${EXTERNAL_SECRETS_ANNOTATION}: ${ref.name} (on the workload or its pod template)`);
  } else if (ref.key && keys && !hasKey(keys, ref.key)) {
    report(r, w.at, 'error', `${rule}-key`, ref.path,
      `${w.kind} ${q(w.name)} reads key ${q(ref.key)} of ${what} ${q(ref.name)}, which has no such key (keys: ${[...keys].join(', ') || 'none'})`,
      `use one of the ${what} keys, or add the key to the ${what}`);
  }
}

/** A StatefulSet's spec.serviceName names a headless Service of its namespace that selects its pods. */
export function checkGoverningService(w: WorkloadFacts, x: NsIndex, r: Report): void {
  const sn = w.serviceName;
  if (w.kind !== 'StatefulSet' || !sn) return;
  const s = x.services.get(sn);
  if (!s) {
    report(r, w.at, r.missingSeverity, 'statefulset-service', 'spec.serviceName',
      `StatefulSet ${q(w.name)} names the governing Service ${q(sn)}, which is not defined in namespace ${q(w.ns)}${r.missingNote}`,
      `add a headless Service ${q(sn)} (clusterIP: None) selecting the StatefulSet's pods; without it pods get no stable DNS names`);
    return;
  }
  // The cluster accepts a non-headless governing Service (the kubernetes.io rabbitmq example uses
  // one); the pods just get no stable per-pod DNS names. A warning, not an error.
  if (s.clusterIP !== 'None') {
    report(r, w.at, 'warning', 'statefulset-service', 'spec.serviceName',
      `StatefulSet ${q(w.name)} names Service ${q(sn)} as its governing Service, but that Service is not headless (clusterIP: ${q(s.clusterIP ?? '')})`,
      `set clusterIP: None on Service ${q(sn)} (or add a separate headless Service and name it here) so pods get stable DNS names`);
  } else if (s.selector && Object.keys(s.selector).length > 0 && !labelMapMatches(s.selector, w.podLabels, w.implied)) {
    report(r, w.at, 'warning', 'statefulset-service', 'spec.serviceName',
      `StatefulSet ${q(w.name)} names headless Service ${q(sn)}, whose selector ${q(s.selector)} does not select its pods`,
      'make the Service selector match the StatefulSet pod labels');
  }
}
