/**
 * What is dangerous on a live cluster when the head is applied over the base. Facts from the
 * Kubernetes API-server validation (pkg/apis/<group>/validation): workload selectors are immutable;
 * a StatefulSet only allows updates to replicas, template, updateStrategy, ordinals, minReadySeconds
 * and persistentVolumeClaimRetentionPolicy; a Job's pod template is immutable; a Service's
 * clusterIP is immutable; a PVC spec only allows growing the storage request.
 */
import type { BreakingChange, FieldChange, ObjectId } from './types';

const WORKLOADS_WITH_SELECTOR = new Set(['apps/Deployment', 'apps/StatefulSet', 'apps/DaemonSet', 'apps/ReplicaSet', 'batch/Job', 'extensions/Deployment', 'extensions/DaemonSet', 'extensions/ReplicaSet']);

function under(path: string, prefix: string): boolean {
  return path === prefix || path.startsWith(prefix + '.') || path.startsWith(prefix + '[');
}

function firstUnder(fields: readonly FieldChange[], prefix: string): FieldChange | undefined {
  return fields.find((f) => under(f.path, prefix));
}

export function describe(id: ObjectId): string {
  return `${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name}`;
}

/** An object present on both sides, as the checks below read it. */
interface Changed {
  readonly id: ObjectId;
  readonly fields: readonly FieldChange[];
  /** The object before (secret values masked). */
  readonly base?: Record<string, unknown>;
  /** `group/kind`. */
  readonly gk: string;
  /** The object, for messages. */
  readonly what: string;
}

/** Breaking changes of an object present on both sides. `base` is the object before (secret values masked). */
export function breakingForChanged(id: ObjectId, fields: readonly FieldChange[], base?: Record<string, unknown>): BreakingChange[] {
  const c: Changed = { id, fields, base, gk: `${id.group}/${id.kind}`, what: describe(id) };
  return CHECKS.flatMap((check) => check(c));
}

/** A workload's selector is immutable. */
function selectorChange({ id, fields, gk, what }: Changed): BreakingChange[] {
  const out: BreakingChange[] = [];
  if (WORKLOADS_WITH_SELECTOR.has(gk) && firstUnder(fields, 'spec.selector')) {
    out.push({
      rule: 'immutable-selector',
      path: 'spec.selector',
      message: `${what}: spec.selector changed, and a ${id.kind}'s selector is immutable: 'kubectl apply' (and Argo CD / Flux) will fail with "field is immutable". Keep the old selector labels (construct ids and the app.kubernetes.io/name + instance labels feed it), or delete the ${id.kind} and let it be recreated (downtime).`,
    });
  }
  return out;
}

/** A StatefulSet only allows updates to some fields. */
function statefulSetFields({ fields, gk, what }: Changed): BreakingChange[] {
  const out: BreakingChange[] = [];
  if (gk === 'apps/StatefulSet') {
    for (const field of ['spec.volumeClaimTemplates', 'spec.serviceName', 'spec.podManagementPolicy']) {
      if (firstUnder(fields, field)) {
        out.push({
          rule: 'immutable-field',
          path: field,
          message: `${what}: ${field} changed, and a StatefulSet only allows updates to replicas, template, updateStrategy, ordinals, minReadySeconds and persistentVolumeClaimRetentionPolicy: apply will fail. Revert it, or delete the StatefulSet with --cascade=orphan and recreate it (pods and PVCs stay; existing PVCs keep their old size/class).`,
        });
      }
    }
  }
  return out;
}

/** A Job's pod template is immutable. */
function jobTemplate({ fields, gk, what }: Changed): BreakingChange[] {
  const out: BreakingChange[] = [];
  if (gk === 'batch/Job' && firstUnder(fields, 'spec.template')) {
    out.push({
      rule: 'immutable-job-template',
      path: 'spec.template',
      message: `${what}: spec.template changed, and a Job's pod template is immutable: apply will fail. Let the name follow the template (a WorkerJob does by default: templateHash), or delete the old Job before applying.`,
    });
  }
  return out;
}

/** A Service's clusterIP is immutable; switching to or from ExternalName recreates it. */
function serviceRecreate({ fields, gk, what }: Changed): BreakingChange[] {
  const out: BreakingChange[] = [];
  if (gk === '/Service') {
    const ip = fields.find((f) => under(f.path, 'spec.clusterIP') || under(f.path, 'spec.clusterIPs'));
    if (ip) {
      out.push({
        rule: 'service-recreate',
        path: ip.path.startsWith('spec.clusterIPs') ? 'spec.clusterIPs' : 'spec.clusterIP',
        message: `${what}: spec.clusterIP changed (${fmt(ip.old)} -> ${fmt(ip.new)}), and clusterIP is immutable (this includes switching to or from a headless Service, clusterIP None): apply will fail. Delete and recreate the Service (clients lose it briefly), or create a new Service under another name.`,
      });
    }
    const type = fields.find((f) => f.path === 'spec.type');
    if (type && (type.old === 'ExternalName' || type.new === 'ExternalName')) {
      out.push({
        rule: 'service-recreate',
        path: 'spec.type',
        message: `${what}: spec.type changes ${fmt(type.old ?? 'ClusterIP')} -> ${fmt(type.new ?? 'ClusterIP')}; switching to or from ExternalName allocates or releases the cluster IP and usually needs the Service deleted and recreated.`,
      });
    }
  }
  return out;
}

/** A bound claim's spec only allows growing the storage request. */
function claimSpec({ fields, gk, what }: Changed): BreakingChange[] {
  const out: BreakingChange[] = [];
  if (gk === '/PersistentVolumeClaim') {
    const bad = fields.find((f) => f.path.startsWith('spec.') && !under(f.path, 'spec.resources.requests.storage') && !under(f.path, 'spec.resources.requests'));
    if (bad) {
      out.push({
        rule: 'immutable-field',
        path: bad.path,
        message: `${what}: ${bad.path} changed, and a bound PersistentVolumeClaim's spec is immutable except for growing spec.resources.requests.storage: apply will fail. Create a new claim and migrate the data.`,
      });
    }
  }
  return out;
}

/** A ConfigMap or Secret marked immutable keeps its data and the flag. */
function immutableData({ fields, base, gk, what }: Changed): BreakingChange[] {
  const out: BreakingChange[] = [];
  if ((gk === '/ConfigMap' || gk === '/Secret') && base?.immutable === true) {
    const data = fields.find((f) => ['data', 'binaryData', 'stringData'].some((k) => under(f.path, k)) || f.path === 'immutable');
    if (data) {
      out.push({
        rule: 'immutable-field',
        path: data.path === 'immutable' ? 'immutable' : data.path.split(/[.[]/)[0],
        message: `${what} is marked immutable: true, so its data cannot change and the flag cannot be removed: apply will fail. Create it under a new name (and point the workloads at it), or delete it first.`,
      });
    }
  }
  return out;
}

/** A binding's roleRef is immutable. */
function bindingRoleRef({ fields, gk, what }: Changed): BreakingChange[] {
  const out: BreakingChange[] = [];
  if ((gk === 'rbac.authorization.k8s.io/RoleBinding' || gk === 'rbac.authorization.k8s.io/ClusterRoleBinding') && firstUnder(fields, 'roleRef')) {
    out.push({
      rule: 'immutable-field',
      path: 'roleRef',
      message: `${what}: roleRef changed, and a binding's roleRef is immutable: apply will fail. Delete the binding and create it again (or create a new binding under another name).`,
    });
  }
  return out;
}

/** A StorageClass's provisioner, parameters, reclaimPolicy and volumeBindingMode are immutable. */
function storageClassFields({ fields, gk, what }: Changed): BreakingChange[] {
  const out: BreakingChange[] = [];
  if (gk === 'storage.k8s.io/StorageClass') {
    const f = fields.find((x) => ['parameters', 'provisioner', 'reclaimPolicy', 'volumeBindingMode'].some((k) => under(x.path, k)));
    if (f) {
      out.push({
        rule: 'immutable-field',
        path: f.path,
        message: `${what}: ${f.path} changed, and a StorageClass's provisioner, parameters, reclaimPolicy and volumeBindingMode are immutable: apply will fail. Create a new StorageClass; existing volumes keep the old settings.`,
      });
    }
  }
  return out;
}

/** The checks, in the order their findings are reported. */
const CHECKS: readonly ((c: Changed) => BreakingChange[])[] = [
  selectorChange, statefulSetFields, jobTemplate, serviceRecreate, claimSpec, immutableData, bindingRoleRef, storageClassFields,
];

function fmt(v: unknown): string {
  return v === undefined ? '(unset)' : JSON.stringify(v);
}

/** The hash suffix of a content-named object: a WorkerJob's Job, an immutable ConfigMap. */
const CONTENT_SUFFIX = /-[0-9a-f]{10}$/;
const CONTENT_NAMED = new Set(['batch/Job', '/ConfigMap', '/Secret']);

/**
 * `to` replaces `from` by design: both are a Job (or ConfigMap / Secret) of the same namespace
 * whose names differ only in a content-hash suffix (`migrate-0517d18d5a` -> `migrate-2fc34e506a`,
 * or `migrate` -> `migrate-2fc34e506a`). That is how an immutable object changes on a live
 * cluster: a new object is created (a Job runs once) and the GitOps tool prunes the old one.
 */
export function isContentReplacement(from: ObjectId, to: ObjectId): boolean {
  const gk = `${from.group}/${from.kind}`;
  if (!CONTENT_NAMED.has(gk) || gk !== `${to.group}/${to.kind}` || from.namespace !== to.namespace) return false;
  if (!CONTENT_SUFFIX.test(to.name) || from.name === to.name) return false;
  return from.name.replace(CONTENT_SUFFIX, '') === to.name.replace(CONTENT_SUFFIX, '');
}

/** Breaking changes of an object that disappears. */
export function breakingForRemoved(id: ObjectId): BreakingChange[] {
  const what = describe(id);
  switch (`${id.group}/${id.kind}`) {
    case '/PersistentVolumeClaim':
      return [{ rule: 'data-loss', path: '', message: `${what} is removed: pruning it (Argo CD / Flux prune, kubectl apply --prune) deletes the volume's data when its reclaim policy is Delete. Keep the claim, or back it up first.` }];
    case '/PersistentVolume':
      return [{ rule: 'data-loss', path: '', message: `${what} is removed: pruning it may delete the disk behind it (reclaim policy Delete). Back up the data first.` }];
    case 'apps/StatefulSet':
      return [{ rule: 'data-loss', path: '', message: `${what} is removed: its pods stop, and its PVCs are deleted too when persistentVolumeClaimRetentionPolicy.whenDeleted is Delete. Back up the data, or check the retention policy before merging.` }];
    case '/Namespace':
      return [{ rule: 'namespace-removed', path: '', message: `${what} is removed: deleting a Namespace deletes every object in it, including ones not managed here.` }];
    case 'apiextensions.k8s.io/CustomResourceDefinition':
      return [{ rule: 'crd-removed', path: '', message: `${what} is removed: deleting a CRD deletes every custom resource of that type in the cluster.` }];
    default:
      return [];
  }
}
