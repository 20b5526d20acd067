// metadata of every built-in kind: names (per kind's name rule), namespace, labels, annotations.
import { Ctx, obj, Obj, own, q, str, type ApiRule } from './context';
import { byteLen } from './common';
import { checkLabels } from './labels';
import { dns1035Label, dns1123Label, dns1123Subdomain, maxLenError, qualifiedName } from './syntax';

type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path-segment';

/** How metadata.name is validated per kind (ValidateXxxName in the API server). */
const NAME_RULES: Record<string, NameRule> = {
  Service: 'dns1035',
  Namespace: 'label',
  Role: 'path-segment',
  ClusterRole: 'path-segment',
  RoleBinding: 'path-segment',
  ClusterRoleBinding: 'path-segment',
};

/** Kinds we know well enough to check their names with the default DNS-1123 subdomain rule. */
const SUBDOMAIN_KINDS = new Set([
  'Pod', 'ConfigMap', 'Secret', 'ServiceAccount', 'PersistentVolumeClaim', 'PersistentVolume', 'Endpoints', 'LimitRange',
  'ResourceQuota', 'ReplicationController', 'PodTemplate', 'Node', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet',
  'ControllerRevision', 'Job', 'CronJob', 'Ingress', 'IngressClass', 'NetworkPolicy', 'PodDisruptionBudget',
  'HorizontalPodAutoscaler', 'StorageClass', 'PriorityClass', 'RuntimeClass', 'CSIDriver', 'VolumeAttachment',
  'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'Lease', 'EndpointSlice',
]);

const NAMESPACED_SKIP_NAMESPACE_CHECK = new Set(['Namespace']);

const TOTAL_ANNOTATION_SIZE = 256 * 1024;

function checkName(ctx: Ctx, kind: string): void {
  const md = obj(ctx.o.metadata) ?? {};
  const rule: NameRule | undefined = own(NAME_RULES, kind) ?? (SUBDOMAIN_KINDS.has(kind) ? 'subdomain' : undefined);
  const name = str(md.name);
  const generateName = str(md.generateName);
  if (!name && !generateName) {
    if (rule) ctx.error('metadata-name', 'metadata.name', 'Required value: name or generateName is required', 'set metadata.name');
    return;
  }
  if (!rule) return;
  if (name) checkNameValue(ctx, rule, name, false, 'metadata.name');
  else if (generateName) checkNameValue(ctx, rule, generateName, true, 'metadata.generateName');
  if (kind === 'CronJob' && name && name.length > 52) {
    // The CronJob controller appends an 11-character suffix to name its Jobs.
    ctx.error('metadata-name', 'metadata.name', `Invalid value: ${q(name)}: ${maxLenError(52)}`,
      'shorten the CronJob name to at most 52 characters (its Jobs get an 11-character suffix)');
  }
  if (kind === 'Job' && name && name.length > 63 && obj(ctx.o.spec)?.manualSelector !== true) {
    // Jobs label their pods with job-name=<name> (and batch.kubernetes.io/job-name), a label value: at most 63.
    ctx.error('metadata-name', 'metadata.name', `Invalid value: ${q(name)}: ${maxLenError(63)}`,
      'shorten the Job name to at most 63 characters (it becomes the job-name label value of its pods)');
  }
}

/** metadata.name (or generateName, a prefix) by the kind's name rule. */
function checkNameValue(ctx: Ctx, rule: NameRule, value: string, prefix: boolean, path: string): void {
  // generateName is a prefix: a trailing '-' is fine because a random suffix follows.
  const v = prefix && value.endsWith('-') ? `${value.slice(0, -1)}a` : value;
  let problems: string[] = [];
  let fix = '';
  switch (rule) {
    case 'subdomain':
      problems = dns1123Subdomain(v);
      fix = 'use lowercase alphanumerics, - and . (at most 253 characters), starting and ending alphanumeric';
      break;
    case 'label':
      problems = dns1123Label(v);
      fix = 'use lowercase alphanumerics and - (at most 63 characters), starting and ending alphanumeric';
      break;
    case 'dns1035':
      problems = dns1035Label(v);
      fix = 'Service names are lowercase alphanumerics and - (at most 63 characters), starting with a letter';
      break;
    case 'path-segment':
      if (v === '.' || v === '..') problems = [`may not be '${v}'`];
      else for (const c of ['/', '%']) if (v.includes(c)) problems.push(`may not contain '${c}'`);
      fix = "remove '/' and '%' from the name";
      break;
  }
  if (problems.length > 0) ctx.error('metadata-name', path, `Invalid value: ${q(value)}: ${problems.join(', ')}`, fix);
}

/** metadata.namespace, labels and annotations (the name is checkName's). */
function checkMetadataFields(ctx: Ctx, kind: string): void {
  const md = obj(ctx.o.metadata);
  if (!md) return;
  const ns = str(md.namespace);
  if (ns && !NAMESPACED_SKIP_NAMESPACE_CHECK.has(kind)) {
    ctx.syntax('namespace', 'metadata.namespace', ns, dns1123Label(ns), 'namespaces are lowercase alphanumerics and -, at most 63 characters');
  }
  const labels = obj(md.labels);
  if (labels) checkLabels(ctx, 'labels', 'metadata.labels', labels);
  const ann = obj(md.annotations);
  if (ann) checkAnnotations(ctx, 'metadata.annotations', ann);
}

function checkAnnotations(ctx: Ctx, path: string, ann: Obj): void {
  let total = 0;
  const keys = Object.keys(ann);
  for (let idx = 0; idx < keys.length; idx++) {
    const k = keys[idx];
    const v = ann[k];
    const problems = qualifiedName(k.toLowerCase());
    if (problems.length > 0) ctx.syntax('annotations', path, k, problems, 'annotation keys are [prefix/]name like label keys');
    total += byteLen(k) + (typeof v === 'string' ? byteLen(v) : 0);
  }
  if (total > TOTAL_ANNOTATION_SIZE) {
    ctx.error('annotations', path, `Too long: may not be more than ${TOTAL_ANNOTATION_SIZE} bytes (total ${total})`,
      'move large data to a ConfigMap; annotations are limited to 256 KiB per object');
  }
}

export function checkTemplateMetadata(ctx: Ctx, path: string, md: Obj | undefined): void {
  if (!md) return;
  const labels = obj(md.labels);
  if (labels) checkLabels(ctx, 'labels', `${path}.labels`, labels);
  const ann = obj(md.annotations);
  if (ann) checkAnnotations(ctx, `${path}.annotations`, ann);
}

/** The checks every built-in kind gets, before its own. */
export const METADATA_RULES: readonly ApiRule[] = [
  { name: 'metadata/name', check: checkName },
  { name: 'metadata/fields', check: checkMetadataFields },
];
