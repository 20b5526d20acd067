/**
 * Rules over whole objects and across objects: availability (PDB, anti-affinity, HPA), Services
 * and NetworkPolicies that select nothing, Secrets and ConfigMaps with literal credentials, RBAC,
 * deprecated API versions, labels. Indexes are built once per run.
 */
import { controllerLabels, operatorPods, podSelectorMatches, type OperatorPods } from '../cluster-facts';
import { REMOVED_APIS } from '../schema/removed-apis';
import type { Ctx } from './context';
import { looksLikeCredential, PRIVATE_KEY_RE } from './pod';
import { arr, describeObject, isEmptySelector, join, num, obj, q, selects, str, strs, type K8sObject, type Workload } from './walk';

const NAME_LABEL = 'app.kubernetes.io/name';

export interface Indexes {
  readonly workloads: readonly Workload[];
  readonly byNamespace: ReadonlyMap<string, Workload[]>;
  /** PodDisruptionBudgets and NetworkPolicies by namespace. */
  readonly pdbs: ReadonlyMap<string, K8sObject[]>;
  readonly hpaTargets: ReadonlyMap<string, K8sObject>;
  readonly netpols: ReadonlyMap<string, K8sObject[]>;
  readonly roles: ReadonlyMap<string, K8sObject>;
  /** Pods an operator runs for a custom resource among the inputs, by namespace. */
  readonly operated: ReadonlyMap<string, OperatorPods[]>;
}

export function buildIndexes(objects: readonly K8sObject[], workloads: readonly Workload[]): Indexes {
  const byNamespace = new Map<string, Workload[]>();
  for (const w of workloads) {
    const list = byNamespace.get(w.k.namespace) ?? [];
    list.push(w);
    byNamespace.set(w.k.namespace, list);
  }
  const pdbs = new Map<string, K8sObject[]>();
  const netpols = new Map<string, K8sObject[]>();
  const push = (m: Map<string, K8sObject[]>, k: K8sObject): void => {
    const list = m.get(k.namespace) ?? [];
    list.push(k);
    m.set(k.namespace, list);
  };
  const hpaTargets = new Map<string, K8sObject>();
  const roles = new Map<string, K8sObject>();
  const operated = new Map<string, OperatorPods[]>();
  for (const k of objects) {
    const op = operatorPods(k.kind, k.apiVersion, k.o);
    if (op) operated.set(k.namespace, [...(operated.get(k.namespace) ?? []), op]);
    if (k.kind === 'PodDisruptionBudget') push(pdbs, k);
    else if (k.kind === 'NetworkPolicy') push(netpols, k);
    else if (k.kind === 'HorizontalPodAutoscaler') {
      const ref = obj(obj(k.o.spec)?.scaleTargetRef);
      if (ref) hpaTargets.set(`${k.namespace}\u0000${str(ref.kind)}\u0000${str(ref.name)}`, k);
    } else if (k.kind === 'Role') roles.set(`Role\u0000${k.namespace}\u0000${k.name}`, k);
    else if (k.kind === 'ClusterRole') roles.set(`ClusterRole\u0000\u0000${k.name}`, k);
  }
  return { workloads, byNamespace, pdbs, hpaTargets, netpols, roles, operated };
}

/** Cross-object rules about one workload. */
export function lintWorkloadObject(w: Workload, ctx: Ctx, ix: Indexes): void {
  const k = w.k;
  const who = describeObject(k);
  const spec = obj(k.o.spec) ?? {};
  const base = k.base;
  const hpa = ix.hpaTargets.get(`${k.namespace}\u0000${k.kind}\u0000${k.name}`);
  const hpaMin = hpa ? num(obj(hpa.o.spec)?.minReplicas) ?? 1 : undefined;
  const hpaMax = hpa ? num(obj(hpa.o.spec)?.maxReplicas) : undefined;

  // labels
  if (k.kind !== 'Pod' && !(NAME_LABEL in k.labels)) ctx.report('policy/recommended-labels', k, join(base, 'metadata.labels'), `${who}: metadata.labels has no ${NAME_LABEL}`);
  if (!(NAME_LABEL in w.podLabels)) ctx.report('policy/recommended-labels', k, join(w.podMetaPath, 'labels'), `${who}: the pod ${k.kind === 'Pod' ? 'metadata' : 'template'} labels have no ${NAME_LABEL}`);

  if (k.kind === 'Deployment' || k.kind === 'StatefulSet') {
    const multi = (w.replicas ?? 1) > 1 || (hpaMax ?? 0) > 1;
    if (multi) {
      const pdb = (ix.pdbs.get(k.namespace) ?? []).find((p) => selects(obj(p.o.spec)?.selector, w.podLabels));
      if (!pdb) ctx.report('policy/pdb-missing', k, join(base, 'spec.replicas'), `${who}: runs ${hpa ? `up to ${hpaMax ?? '?'} replicas (HPA '${hpa.name}')` : `${w.replicas} replicas`} but no PodDisruptionBudget selects its pods`);
      const aff = obj(obj(w.spec.affinity)?.podAntiAffinity);
      const hasAnti = !!aff && (arr(aff.requiredDuringSchedulingIgnoredDuringExecution).length > 0 || arr(aff.preferredDuringSchedulingIgnoredDuringExecution).length > 0);
      if (!hasAnti && arr(w.spec.topologySpreadConstraints).length === 0) {
        ctx.report('policy/no-anti-affinity', k, join(w.specPath, 'affinity'), `${who}: ${hpa ? 'may run' : 'runs'} ${hpa ? `up to ${hpaMax ?? '?'}` : w.replicas} replicas with neither podAntiAffinity nor topologySpreadConstraints`);
      }
    }
    if (hpa && w.replicasSet) ctx.report('policy/hpa-replicas-conflict', k, join(base, 'spec.replicas'), `${who}: sets spec.replicas ${w.replicas} but HorizontalPodAutoscaler '${hpa.name}' scales it`);
    if (k.kind === 'Deployment' && !hpa && (w.replicas ?? 1) < 2) ctx.report('policy/single-replica', k, join(base, 'spec.replicas'), `${who}: runs ${w.replicas} replica${w.replicas === 1 ? '' : 's'} and no HPA scales it`);
    if (k.kind === 'Deployment') {
      const strategy = obj(spec.strategy) ?? {};
      if (strategy.type === 'Recreate') ctx.report('policy/deployment-strategy', k, join(base, 'spec.strategy.type'), `${who}: spec.strategy.type is Recreate: every pod stops before the new ones start`);
      else if (obj(strategy.rollingUpdate)?.maxUnavailable === '100%') ctx.report('policy/deployment-strategy', k, join(base, 'spec.strategy.rollingUpdate.maxUnavailable'), `${who}: rollingUpdate.maxUnavailable is 100%: every pod may stop at once`);
    }
  }
  if (hpaMin !== undefined && hpa && hpaMin < 2) ctx.report('policy/hpa-min-replicas', hpa, join(hpa.base, 'spec.minReplicas'), `${describeObject(hpa)}: minReplicas is ${hpaMin}; scaling ${who} down to one replica removes redundancy`);
  if (ctx.enabled('policy/network-policy-missing') && (w.longRunning || k.kind === 'Pod')) {
    const covered = (ix.netpols.get(k.namespace) ?? []).some((p) => selects(obj(p.o.spec)?.podSelector, w.podLabels));
    if (!covered) ctx.report('policy/network-policy-missing', k, join(w.podMetaPath, 'labels'), `${who}: no NetworkPolicy selects its pods`);
  }
  if (k.kind === 'Job') {
    const owned = arr(obj(k.o.metadata)?.ownerReferences).length > 0;
    if (!owned && spec.ttlSecondsAfterFinished === undefined) ctx.report('policy/job-ttl', k, join(base, 'spec.ttlSecondsAfterFinished'), `${who}: spec.ttlSecondsAfterFinished is not set: the finished Job and its pods are never cleaned up`);
  }
  if (k.kind === 'CronJob') {
    const jt = obj(obj(spec.jobTemplate)?.spec);
    if (jt && jt.ttlSecondsAfterFinished !== undefined) ctx.report('policy/job-ttl', k, join(base, 'spec.jobTemplate.spec.ttlSecondsAfterFinished'), `${who}: the job template sets ttlSecondsAfterFinished ${q(jt.ttlSecondsAfterFinished)}; the CronJob history limits clean up its Jobs`);
    if (spec.startingDeadlineSeconds === undefined) ctx.report('policy/cronjob-starting-deadline', k, join(base, 'spec.startingDeadlineSeconds'), `${who}: spec.startingDeadlineSeconds is not set`);
  }
}

/** Rules about objects that are not workloads. */
export function lintObject(k: K8sObject, ctx: Ctx, ix: Indexes): void {
  const who = describeObject(k);
  const spec = obj(k.o.spec) ?? {};
  const base = k.base;
  deprecatedApi(k, ctx);
  switch (k.kind) {
    case 'Service': {
      if (!(NAME_LABEL in k.labels)) ctx.report('policy/recommended-labels', k, join(base, 'metadata.labels'), `${who}: metadata.labels has no ${NAME_LABEL}`);
      if (spec.type === 'NodePort') ctx.report('policy/service-node-port', k, join(base, 'spec.type'), `${who}: spec.type is NodePort`);
      // A selector that matches no pod is the wiring layer's wiring/service-selects-nothing.
      break;
    }
    case 'NetworkPolicy': {
      const ps = spec.podSelector;
      if (obj(ps) && !isEmptySelector(ps) && evidenceFor(ctx, ix, k.namespace)) {
        // the pods as they run: with the labels their controller adds, and the operator's pods
        const sel = obj(ps) ?? {};
        const matched = (ix.byNamespace.get(k.namespace) ?? []).some((w) => podSelectorMatches(sel, w.podLabels, controllerLabels(w.k.kind, w.k.name, w.k.o)))
          || (ix.operated.get(k.namespace) ?? []).some((p) => podSelectorMatches(sel, p.labels, p.implied));
        if (!matched) ctx.report('policy/networkpolicy-selects-no-pods', k, join(base, 'spec.podSelector'), `${who}: podSelector ${q(ps)} matches no pod template among the documents`);
      }
      break;
    }
    case 'Ingress':
      if (arr(spec.tls).length === 0) ctx.report('policy/ingress-tls-missing', k, join(base, 'spec.tls'), `${who}: spec.tls is not set: the Ingress serves plain HTTP`);
      break;
    case 'PodDisruptionBudget':
      lintPdb(k, ctx, ix);
      break;
    case 'Secret':
      lintSecret(k, ctx);
      break;
    case 'ConfigMap': {
      const data = obj(k.o.data) ?? {};
      for (const [key, value] of Object.entries(data)) {
        if (typeof value === 'string' && PRIVATE_KEY_RE.test(value)) ctx.report('policy/configmap-sensitive-data', k, join(base, `data.${key}`), `${who}: key ${q(key)} holds a private key`);
        else if (looksLikeCredential(key) && typeof value === 'string' && value !== '' && !value.includes('\n')) ctx.report('policy/configmap-sensitive-data', k, join(base, `data.${key}`), `${who}: key ${q(key)} looks like a credential`);
      }
      break;
    }
    case 'Role':
    case 'ClusterRole':
      lintRole(k, ctx);
      break;
    case 'RoleBinding':
    case 'ClusterRoleBinding':
      lintBinding(k, ctx, ix);
      break;
  }
}

/** Partial evidence: only judge "selects nothing" when some workload of that namespace is present. */
function evidenceFor(ctx: Ctx, ix: Indexes, namespace: string): boolean {
  return ctx.evidence === 'complete' || (ix.byNamespace.get(namespace)?.length ?? 0) > 0;
}

function lintPdb(k: K8sObject, ctx: Ctx, ix: Indexes): void {
  const who = describeObject(k);
  const spec = obj(k.o.spec) ?? {};
  const base = k.base;
  const minA = spec.minAvailable;
  const maxU = spec.maxUnavailable;
  if (minA === undefined && maxU === undefined) ctx.report('policy/pdb-no-policy', k, join(base, 'spec'), `${who}: sets neither minAvailable nor maxUnavailable`);
  if (maxU === 0 || maxU === '0%' || maxU === '0') ctx.report('policy/pdb-blocks-eviction', k, join(base, 'spec.maxUnavailable'), `${who}: maxUnavailable is ${q(maxU)}: no pod may ever be evicted`);
  if (minA === '100%') ctx.report('policy/pdb-blocks-eviction', k, join(base, 'spec.minAvailable'), `${who}: minAvailable is "100%": no pod may ever be evicted`);
  else if (typeof minA === 'number') {
    for (const w of ix.byNamespace.get(k.namespace) ?? []) {
      if (w.replicas === undefined || !selects(spec.selector, w.podLabels)) continue;
      const hpa = ix.hpaTargets.get(`${w.k.namespace}\u0000${w.k.kind}\u0000${w.k.name}`);
      if (hpa) {
        // Scaled by an HPA: the budget blocks eviction once the HPA scales down to minReplicas.
        const hpaMin = num(obj(hpa.o.spec)?.minReplicas) ?? 1;
        if (minA >= hpaMin) {
          ctx.report('policy/pdb-blocks-eviction', k, join(base, 'spec.minAvailable'), `${who}: minAvailable ${minA} is not below minReplicas ${hpaMin} of HorizontalPodAutoscaler '${hpa.name}' (scaling ${describeObject(w.k)}): at that size no pod may be evicted`);
          break;
        }
        continue;
      }
      if (minA >= w.replicas) {
        ctx.report('policy/pdb-blocks-eviction', k, join(base, 'spec.minAvailable'), `${who}: minAvailable ${minA} is not below the ${w.replicas} replica${w.replicas === 1 ? '' : 's'} of ${describeObject(w.k)}: no pod may ever be evicted`);
        break;
      }
    }
  }
  if (spec.unhealthyPodEvictionPolicy === undefined) ctx.report('policy/pdb-unhealthy-pod-eviction-policy', k, join(base, 'spec.unhealthyPodEvictionPolicy'), `${who}: spec.unhealthyPodEvictionPolicy is not set (default IfHealthyBudget)`);
}

function lintSecret(k: K8sObject, ctx: Ctx): void {
  const who = describeObject(k);
  for (const field of ['data', 'stringData'] as const) {
    const m = obj(k.o[field]);
    if (!m) continue;
    const keys = Object.keys(m).filter((key) => m[key] !== '' && m[key] !== null && m[key] !== undefined);
    if (keys.length === 0) continue;
    ctx.report('policy/secret-literal-data', k, join(k.base, field), `${who}: ${field} holds literal values for ${keys.length === 1 ? 'key' : 'keys'} ${keys.slice(0, 5).map((x) => q(x)).join(', ')}${keys.length > 5 ? `, … (${keys.length} keys)` : ''}`);
  }
}

const DEFAULT_ROLES = new Set(['admin', 'edit', 'cluster-admin', 'view']);

function lintRole(k: K8sObject, ctx: Ctx): void {
  if (DEFAULT_ROLES.has(k.name) || k.name.startsWith('system:')) return;
  const who = describeObject(k);
  arr(k.o.rules).forEach((r, i) => {
    const rule = obj(r);
    if (!rule) return;
    const groups = strs(rule.apiGroups);
    const resources = strs(rule.resources);
    const verbs = strs(rule.verbs);
    const path = join(k.base, `rules[${i}]`);
    const coreOrAll = groups.includes('') || groups.includes('*');
    const execRes = resources.filter((x) => x === '*' || x === 'pods/exec' || x === 'pods/attach' || x === 'pods/*');
    if (coreOrAll && execRes.length > 0 && verbs.some((v) => v === '*' || v === 'get' || v === 'create')) {
      ctx.report('policy/rbac-pod-exec', k, join(path, 'resources'), `${who}: rules[${i}] grants ${verbs.filter((v) => ['*', 'get', 'create'].includes(v)).join('/')} on ${execRes.join(', ')}: exec/attach into pods`);
    }
    if (groups.includes('*') && resources.includes('*') && verbs.includes('*')) {
      ctx.report('policy/rbac-cluster-admin', k, path, `${who}: rules[${i}] grants every verb on every resource of every API group (cluster-admin equivalent)`);
    } else if (groups.includes('*') || resources.includes('*') || verbs.includes('*')) {
      ctx.report('policy/rbac-wildcard', k, path, `${who}: rules[${i}] uses a wildcard (${[groups.includes('*') ? 'apiGroups' : '', resources.includes('*') ? 'resources' : '', verbs.includes('*') ? 'verbs' : ''].filter(Boolean).join(', ')})`);
    }
  });
}

/** `ServiceAccount "ci"`; a subject without a kind or name says so (it is a schema finding too). */
function describeSubject(s: unknown): string {
  const o = obj(s);
  const kind = str(o?.kind) ?? 'a subject of no kind';
  const name = str(o?.name);
  return name !== undefined ? `${kind} ${q(name)}` : `${kind} with no name`;
}

function lintBinding(k: K8sObject, ctx: Ctx, _ix: Indexes): void {
  if (k.name.startsWith('system:')) return;
  const ref = obj(k.o.roleRef);
  if (!ref) return;
  if (str(ref.kind) === 'ClusterRole' && str(ref.name) === 'cluster-admin') {
    ctx.report('policy/rbac-cluster-admin', k, join(k.base, 'roleRef.name'), `${describeObject(k)}: binds the cluster-admin ClusterRole to ${arr(k.o.subjects).map(describeSubject).join(', ') || 'its subjects'}`);
  }
}

function deprecatedApi(k: K8sObject, ctx: Ctx): void {
  if (!k.apiVersion || !k.kind) return;
  for (const r of REMOVED_APIS) {
    if (r.apiVersion !== k.apiVersion) continue;
    if (r.kinds !== '*' && !r.kinds.includes(k.kind)) continue;
    ctx.report('policy/deprecated-api-version', k, join(k.base, 'apiVersion'),
      `${describeObject(k)}: apiVersion ${k.apiVersion} is deprecated and removed in Kubernetes ${r.removedIn}${r.replacement ? `; use ${r.replacement}` : ''}${r.note ? ` (${r.note})` : ''}`);
    return;
  }
}
