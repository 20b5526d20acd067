// Layer 2: the API server's own rules (what `kubectl apply` would refuse) that a JSON schema
// cannot express. Read from kubernetes/kubernetes pkg/apis/{core,apps,batch,networking,policy,
// autoscaling}/validation and k8s.io/apimachinery; implemented here independently.
import { guardDocument } from '../internal';
import { defaultedPaths, withDefaults } from './defaults';
import type { Finding, ManifestDocument, ValidateOptions } from '../types';
import { arr, Ctx, isObj, join, minorOf, obj, Obj, own, q, str } from './context';
import { checkLabels, checkLabelSelector, checkPodSpec, checkPortRef, checkQuantityField, enumCheck, isIP, nonNegative, portInRange } from './pod';
import {
  configMapKey, cronSchedule, dns1035Label, dns1123Label, dns1123Subdomain, labelKey, maxLenError, parseQuantity, portName,
  qualifiedName,
} from './syntax';

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

const PERCENT_RE = /^[0-9]+%$/;
const TOTAL_ANNOTATION_SIZE = 256 * 1024;
const MAX_SECRET_SIZE = 1024 * 1024;

function byteLen(s: string): number {
  return Buffer.byteLength(s, 'utf8');
}

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
  const check = (value: string, prefix: boolean, path: string): void => {
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
  };
  if (name) check(name, false, 'metadata.name');
  else if (generateName) check(generateName, true, 'metadata.generateName');
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

function checkMetadata(ctx: Ctx, kind: string): void {
  checkName(ctx, kind);
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
  for (const k of Object.keys(ann)) {
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

function checkTemplateMetadata(ctx: Ctx, path: string, md: Obj | undefined): void {
  if (!md) return;
  const labels = obj(md.labels);
  if (labels) checkLabels(ctx, 'labels', `${path}.labels`, labels);
  const ann = obj(md.annotations);
  if (ann) checkAnnotations(ctx, `${path}.annotations`, ann);
}

/** True when `selector` selects a pod with `labels` (metav1.LabelSelector semantics). */
export function selectorMatches(selector: Obj, labels: Record<string, unknown>): boolean {
  const ml = obj(selector.matchLabels) ?? {};
  for (const k in ml) if (labels[k] !== ml[k]) return false;
  for (const e of arr(selector.matchExpressions)) {
    const ex = obj(e);
    if (!ex) continue;
    const key = str(ex.key) ?? '';
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const values = arr(ex.values);
    switch (ex.operator) {
      case 'In': if (!has || !values.includes(labels[key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

function selectorIsEmpty(sel: Obj): boolean {
  return Object.keys(obj(sel.matchLabels) ?? {}).length === 0 && arr(sel.matchExpressions).length === 0;
}

/** Deployment / ReplicaSet / StatefulSet / DaemonSet: selector required, non-empty, matching the template. */
function checkWorkloadSelector(ctx: Ctx, kind: string, spec: Obj, required: boolean): void {
  const tmpl = obj(spec.template);
  const tLabels = obj(obj(tmpl?.metadata)?.labels) ?? {};
  const sel = obj(spec.selector);
  if (!sel) {
    if (required && spec.selector === undefined) {
      ctx.error('selector', 'spec.selector', 'Required value', 'add spec.selector.matchLabels with the stable labels of the pod template');
    }
    return;
  }
  checkLabelSelector(ctx, 'spec.selector', sel);
  if (selectorIsEmpty(sel)) {
    ctx.error('selector', 'spec.selector', `Invalid value: ${q(sel)}: empty selector is invalid for ${kind.toLowerCase()}`,
      'select the pods on app.kubernetes.io/name and app.kubernetes.io/instance');
    return;
  }
  if (tmpl && !selectorMatches(sel, tLabels)) {
    ctx.error('selector', 'spec.template.metadata.labels', `Invalid value: ${q(tLabels)}: \`selector\` does not match template \`labels\``,
      `add the selector's labels ${q(obj(sel.matchLabels) ?? {})} to spec.template.metadata.labels`);
  }
}

function checkIntOrPercent(ctx: Ctx, rule: string, path: string, value: unknown, maxPercent100: boolean): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number') {
    if (value < 0) ctx.error(rule, path, `Invalid value: ${value}: must be greater than or equal to 0`);
    return value;
  }
  if (typeof value === 'string') {
    if (!PERCENT_RE.test(value)) {
      ctx.error(rule, path, `Invalid value: ${q(value)}: a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')`,
        "use an integer or a percentage like '25%'");
      return undefined;
    }
    const n = Number(value.slice(0, -1));
    if (maxPercent100 && n > 100) ctx.error(rule, path, `Invalid value: ${q(value)}: must not be greater than 100%`);
    return n;
  }
  return undefined;
}

function checkTemplate(ctx: Ctx, tmplPath: string, tmpl: Obj | undefined, restart: readonly string[] | undefined, why?: string): void {
  if (!tmpl) return;
  checkTemplateMetadata(ctx, `${tmplPath}.metadata`, obj(tmpl.metadata));
  const spec = obj(tmpl.spec);
  if (spec) checkPodSpec(ctx, `${tmplPath}.spec`, spec, { restartPolicies: restart, restartWhy: why, isTemplate: true });
}

function checkDeployment(ctx: Ctx, spec: Obj): void {
  checkWorkloadSelector(ctx, 'Deployment', spec, true);
  nonNegative(ctx, 'deployment', 'spec.replicas', spec.replicas);
  nonNegative(ctx, 'deployment', 'spec.minReadySeconds', spec.minReadySeconds);
  nonNegative(ctx, 'deployment', 'spec.revisionHistoryLimit', spec.revisionHistoryLimit);
  if (typeof spec.progressDeadlineSeconds === 'number') {
    const min = typeof spec.minReadySeconds === 'number' ? spec.minReadySeconds : 0;
    if (spec.progressDeadlineSeconds <= min) {
      ctx.error('deployment', 'spec.progressDeadlineSeconds', `Invalid value: ${spec.progressDeadlineSeconds}: must be greater than minReadySeconds`,
        `use a value above ${min}`);
    }
  }
  const strategy = obj(spec.strategy);
  if (strategy) {
    enumCheck(ctx, 'rolling-update', 'spec.strategy.type', strategy.type, ['Recreate', 'RollingUpdate']);
    const ru = obj(strategy.rollingUpdate);
    if (strategy.type === 'Recreate' && ru) {
      ctx.error('rolling-update', 'spec.strategy.rollingUpdate', "Forbidden: may not be specified when strategy `type` is 'Recreate'",
        'remove rollingUpdate or use type RollingUpdate');
    } else if (ru) {
      checkRollingUpdate(ctx, 'spec.strategy.rollingUpdate', ru, true);
    }
  }
  checkTemplate(ctx, 'spec.template', obj(spec.template), ['Always'], 'Deployment pods always restart; ');
  if (obj(obj(spec.template)?.spec)?.activeDeadlineSeconds !== undefined) {
    ctx.error('deployment', 'spec.template.spec.activeDeadlineSeconds', 'Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported',
      'remove activeDeadlineSeconds from the pod template');
  }
}

function checkRollingUpdate(ctx: Ctx, path: string, ru: Obj, surgeDefault: boolean): void {
  const mu = checkIntOrPercent(ctx, 'rolling-update', `${path}.maxUnavailable`, ru.maxUnavailable, true);
  const ms = checkIntOrPercent(ctx, 'rolling-update', `${path}.maxSurge`, ru.maxSurge, false);
  // Defaults: 25%/25% for Deployments; DaemonSets default maxSurge 0, maxUnavailable 1.
  const effMu = mu ?? (surgeDefault ? 25 : 1);
  const effMs = ms ?? (surgeDefault ? 25 : 0);
  if (effMu === 0 && effMs === 0) {
    ctx.error('rolling-update', `${path}.maxUnavailable`, 'Invalid value: 0: may not be 0 when `maxSurge` is 0',
      'allow maxSurge: 1 (or maxUnavailable: 1) so the rollout can make progress');
  }
}

function checkStatefulSet(ctx: Ctx, spec: Obj): void {
  checkWorkloadSelector(ctx, 'StatefulSet', spec, true);
  nonNegative(ctx, 'statefulset', 'spec.replicas', spec.replicas);
  nonNegative(ctx, 'statefulset', 'spec.minReadySeconds', spec.minReadySeconds);
  enumCheck(ctx, 'statefulset', 'spec.podManagementPolicy', spec.podManagementPolicy, ['OrderedReady', 'Parallel']);
  const us = obj(spec.updateStrategy);
  if (us) {
    enumCheck(ctx, 'statefulset', 'spec.updateStrategy.type', us.type, ['RollingUpdate', 'OnDelete']);
    const ru = obj(us.rollingUpdate);
    if (us.type === 'OnDelete' && ru) {
      ctx.error('statefulset', 'spec.updateStrategy.rollingUpdate', "Forbidden: only allowed for updateStrategy 'RollingUpdate'", 'remove rollingUpdate');
    }
    if (ru) {
      nonNegative(ctx, 'statefulset', 'spec.updateStrategy.rollingUpdate.partition', ru.partition);
      const mu = checkIntOrPercent(ctx, 'statefulset', 'spec.updateStrategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, true);
      if (mu === 0) ctx.error('statefulset', 'spec.updateStrategy.rollingUpdate.maxUnavailable', 'Invalid value: 0: must be greater than 0');
    }
  }
  const ord = obj(spec.ordinals);
  if (ord) nonNegative(ctx, 'statefulset', 'spec.ordinals.start', ord.start);
  const seen = new Set<string>();
  arr(spec.volumeClaimTemplates).forEach((t, i) => {
    const to = obj(t);
    if (!to) return;
    const p = `spec.volumeClaimTemplates[${i}]`;
    const n = str(obj(to.metadata)?.name);
    if (!n) ctx.error('statefulset', `${p}.metadata.name`, 'Required value', 'name the claim template; volumeMounts refer to it');
    else {
      ctx.syntax('statefulset', `${p}.metadata.name`, n, dns1123Subdomain(n));
      if (seen.has(n)) ctx.error('statefulset', `${p}.metadata.name`, `Duplicate value: ${q(n)}`);
      seen.add(n);
    }
    const ps = obj(to.spec);
    if (ps) checkPvcSpec(ctx, `${p}.spec`, ps, true);
  });
  // volumeClaimTemplates act as pod volumes for the mounts.
  const tmpl = obj(spec.template);
  const tspec = obj(tmpl?.spec);
  if (tmpl && tspec && seen.size > 0) {
    const vols = arr(tspec.volumes).slice();
    for (const n of seen) if (!vols.some((v) => str(obj(v)?.name) === n)) vols.push({ name: n, persistentVolumeClaim: { claimName: n } });
    const patched = { ...tmpl, spec: { ...tspec, volumes: vols } };
    checkTemplateForSts(ctx, patched, seen);
  } else {
    checkTemplate(ctx, 'spec.template', tmpl, ['Always'], 'StatefulSet pods always restart; ');
  }
}

function checkTemplateForSts(ctx: Ctx, tmpl: Obj, claimNames: Set<string>): void {
  // Run the template checks, dropping findings about the synthetic claim volumes we added.
  const before = ctx.out.length;
  checkTemplate(ctx, 'spec.template', tmpl, ['Always'], 'StatefulSet pods always restart; ');
  const origCount = arr(obj(obj(ctx.o.spec)?.template)?.spec && obj(obj(obj(ctx.o.spec)?.template)?.spec)?.volumes).length;
  for (let i = ctx.out.length - 1; i >= before; i--) {
    const m = /^spec\.template\.spec\.volumes\[(\d+)\]/.exec(ctx.out[i].path);
    if (m && Number(m[1]) >= origCount) ctx.out.splice(i, 1);
  }
  void claimNames;
}

function checkDaemonSet(ctx: Ctx, spec: Obj): void {
  checkWorkloadSelector(ctx, 'DaemonSet', spec, true);
  nonNegative(ctx, 'daemonset', 'spec.minReadySeconds', spec.minReadySeconds);
  const us = obj(spec.updateStrategy);
  if (us) {
    enumCheck(ctx, 'rolling-update', 'spec.updateStrategy.type', us.type, ['RollingUpdate', 'OnDelete']);
    const ru = obj(us.rollingUpdate);
    if (ru && us.type !== 'OnDelete') checkRollingUpdate(ctx, 'spec.updateStrategy.rollingUpdate', ru, false);
  }
  checkTemplate(ctx, 'spec.template', obj(spec.template), ['Always'], 'DaemonSet pods always restart; ');
}

function checkReplicaSet(ctx: Ctx, kind: string, spec: Obj): void {
  if (kind === 'ReplicationController') {
    const sel = obj(spec.selector);
    const tLabels = obj(obj(obj(spec.template)?.metadata)?.labels) ?? {};
    if (sel) {
      checkLabels(ctx, 'selector', 'spec.selector', sel);
      if (Object.keys(sel).length > 0 && obj(spec.template) && !selectorMatches({ matchLabels: sel }, tLabels)) {
        ctx.error('selector', 'spec.template.metadata.labels', `Invalid value: ${q(tLabels)}: \`selector\` does not match template \`labels\``,
          `add the selector's labels ${q(sel)} to spec.template.metadata.labels`);
      }
    }
  } else {
    checkWorkloadSelector(ctx, kind, spec, true);
  }
  nonNegative(ctx, 'replicaset', 'spec.replicas', spec.replicas);
  nonNegative(ctx, 'replicaset', 'spec.minReadySeconds', spec.minReadySeconds);
  checkTemplate(ctx, 'spec.template', obj(spec.template), ['Always'], `${kind} pods always restart; `);
}

function checkJobSpec(ctx: Ctx, path: string, spec: Obj): void {
  for (const f of ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished']) {
    if (typeof spec[f] === 'number') nonNegative(ctx, 'job', `${path}.${f}`, spec[f]);
  }
  if (typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds <= 0) {
    ctx.error('job', `${path}.activeDeadlineSeconds`, `Invalid value: ${spec.activeDeadlineSeconds}: must be greater than 0`);
  }
  if (spec.completionMode != null) enumCheck(ctx, 'job', `${path}.completionMode`, spec.completionMode, ['NonIndexed', 'Indexed']);
  if (spec.completionMode === 'Indexed' && (spec.completions === undefined || spec.completions === null)) {
    ctx.error('job', `${path}.completions`, 'Required value: when completion mode is Indexed', 'set completions');
  }
  const tmpl = obj(spec.template);
  checkTemplate(ctx, `${path}.template`, tmpl, ['OnFailure', 'Never'], 'Job pods must end: ');
  if (obj(spec.podFailurePolicy)) {
    const rp = obj(tmpl?.spec)?.restartPolicy;
    if (rp !== undefined && rp !== 'Never') {
      ctx.error('job', `${path}.template.spec.restartPolicy`, `Invalid value: ${q(rp)}: only "Never" is supported when podFailurePolicy is specified`,
        'set restartPolicy: Never');
    }
  }
  const sel = obj(spec.selector);
  if (sel) checkLabelSelector(ctx, `${path}.selector`, sel);
  if (sel && spec.manualSelector === true && tmpl) {
    const tLabels = obj(obj(tmpl.metadata)?.labels) ?? {};
    if (!selectorIsEmpty(sel) && !selectorMatches(sel, tLabels)) {
      ctx.error('selector', `${path}.template.metadata.labels`, `Invalid value: ${q(tLabels)}: \`selector\` does not match template \`labels\``);
    }
  }
}

function checkCronJob(ctx: Ctx, spec: Obj): void {
  const schedule = str(spec.schedule);
  if (schedule !== undefined) {
    const problems = cronSchedule(schedule);
    if (problems.length > 0) {
      ctx.error('cron-schedule', 'spec.schedule', `Invalid value: ${q(schedule)}: ${problems.join(', ')}`,
        problems.some((p) => p.includes('TZ')) ? 'set spec.timeZone instead of a TZ= prefix'
          : "use 5 fields 'minute hour day-of-month month day-of-week' (e.g. '*/5 * * * *') or @hourly/@daily/@weekly/@monthly/@yearly");
    }
  }
  enumCheck(ctx, 'cronjob', 'spec.concurrencyPolicy', spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']);
  for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    if (typeof spec[f] === 'number') nonNegative(ctx, 'cronjob', `spec.${f}`, spec[f]);
  }
  const tz = str(spec.timeZone);
  if (tz !== undefined && (tz === '' || /\s/.test(tz) || tz.startsWith('/') || tz.includes('..'))) {
    ctx.error('cronjob', 'spec.timeZone', `Invalid value: ${q(tz)}: unknown time zone ${tz}`, "use an IANA zone such as 'Etc/UTC' or 'Europe/Paris'");
  }
  const jt = obj(spec.jobTemplate);
  if (jt) {
    checkTemplateMetadata(ctx, 'spec.jobTemplate.metadata', obj(jt.metadata));
    const js = obj(jt.spec);
    if (js) checkJobSpec(ctx, 'spec.jobTemplate.spec', js);
  }
}

function checkService(ctx: Ctx, spec: Obj): void {
  const type = str(spec.type) ?? 'ClusterIP';
  enumCheck(ctx, 'service', 'spec.type', spec.type, ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName']);
  const clusterIP = str(spec.clusterIP);
  const headless = clusterIP === 'None';
  const ports = arr(spec.ports);
  if (type === 'ExternalName') {
    const en = str(spec.externalName);
    if (!en) ctx.error('service', 'spec.externalName', 'Required value', 'set the DNS name the Service aliases');
    else {
      const name = en.endsWith('.') ? en.slice(0, -1) : en;
      ctx.syntax('service', 'spec.externalName', en, dns1123Subdomain(name.toLowerCase() === name ? name : name.toLowerCase()));
    }
    if (clusterIP && clusterIP !== '') {
      ctx.error('service', 'spec.clusterIP', `Forbidden: may not be set for ExternalName services`, 'remove clusterIP');
    }
  } else if (ports.length === 0 && !headless && Array.isArray(spec.ports) === false && spec.ports === undefined) {
    ctx.error('service-port', 'spec.ports', 'Required value', 'add at least one port');
  } else if (ports.length === 0 && !headless) {
    ctx.error('service-port', 'spec.ports', 'Required value', 'add at least one port');
  }
  if (headless && (type === 'NodePort' || type === 'LoadBalancer')) {
    ctx.error('service', 'spec.clusterIP', `Invalid value: "None": may not be set to 'None' for ${type} services`,
      'use type ClusterIP for a headless Service, or drop clusterIP: None');
  }
  if (clusterIP && clusterIP !== 'None' && clusterIP !== '' && !isIP(clusterIP)) {
    ctx.error('service', 'spec.clusterIP', `Invalid value: ${q(clusterIP)}: must be empty, 'None', or a valid IP address`);
  }
  const names = new Set<string>();
  const portProto = new Set<string>();
  const nodePorts = new Set<string>();
  ports.forEach((p, i) => {
    const pp = `spec.ports[${i}]`;
    const po = obj(p);
    if (!po) return;
    const name = str(po.name);
    if (ports.length > 1 && !name) {
      ctx.error('service-port', `${pp}.name`, 'Required value', 'name every port when a Service has more than one (e.g. http, grpc)');
    }
    if (name) {
      ctx.syntax('service-port', `${pp}.name`, name, dns1123Label(name), 'port names are lowercase alphanumerics and -');
      if (names.has(name)) ctx.error('service-port', `${pp}.name`, `Duplicate value: ${q(name)}`, 'give each Service port a unique name');
      names.add(name);
    }
    const proto = str(po.protocol) ?? 'TCP';
    if (po.protocol != null) enumCheck(ctx, 'service-port', `${pp}.protocol`, po.protocol, ['TCP', 'UDP', 'SCTP']);
    if (typeof po.port === 'number') {
      if (!portInRange(po.port)) {
        ctx.error('service-port', `${pp}.port`, `Invalid value: ${po.port}: must be between 1 and 65535, inclusive`, 'use a port number in 1-65535');
      } else {
        const key = `${po.port}/${proto}`;
        if (portProto.has(key)) ctx.error('service-port', pp, `Duplicate value: ${q({ port: po.port, protocol: proto })}`,
          'each port/protocol pair may appear once');
        portProto.add(key);
      }
    } else if (po.port === undefined || po.port === null) {
      ctx.error('service-port', `${pp}.port`, 'Required value', 'set the port the Service exposes');
    }
    // targetPort 0 or "" means "same as port" (defaulted), not an invalid port.
    if (po.targetPort !== undefined && po.targetPort !== null && po.targetPort !== 0 && po.targetPort !== '') {
      checkPortRef(ctx, 'service-port', `${pp}.targetPort`, po.targetPort);
    }
    if (typeof po.nodePort === 'number' && po.nodePort !== 0) {
      if (type !== 'NodePort' && type !== 'LoadBalancer') {
        ctx.error('service-port', `${pp}.nodePort`, `Forbidden: may not be used when \`type\` is '${type}'`,
          'remove nodePort or use type NodePort/LoadBalancer');
      } else if (po.nodePort < 30000 || po.nodePort > 32767) {
        ctx.error('service-port', `${pp}.nodePort`,
          `Invalid value: ${po.nodePort}: provided port is not in the valid range. The range of valid ports is 30000-32767`,
          'use a nodePort in 30000-32767 (the default --service-node-port-range) or omit it to get one allocated');
      }
      const key = `${po.nodePort}/${proto}`;
      if (nodePorts.has(key)) ctx.error('service-port', `${pp}.nodePort`, `Duplicate value: ${q({ nodePort: po.nodePort, protocol: proto })}`);
      nodePorts.add(key);
    }
  });
  enumCheck(ctx, 'service', 'spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']);
  if (spec.externalTrafficPolicy !== undefined && spec.externalTrafficPolicy !== null && spec.externalTrafficPolicy !== '') {
    if (type !== 'NodePort' && type !== 'LoadBalancer') {
      ctx.error('service', 'spec.externalTrafficPolicy', "Invalid value: may only be set when `type` is 'NodePort' or 'LoadBalancer'",
        'remove externalTrafficPolicy');
    } else enumCheck(ctx, 'service', 'spec.externalTrafficPolicy', spec.externalTrafficPolicy, ['Cluster', 'Local']);
  }
  enumCheck(ctx, 'service', 'spec.internalTrafficPolicy', spec.internalTrafficPolicy, ['Cluster', 'Local']);
  enumCheck(ctx, 'service', 'spec.ipFamilyPolicy', spec.ipFamilyPolicy, ['SingleStack', 'PreferDualStack', 'RequireDualStack']);
  const sel = obj(spec.selector);
  if (sel) checkLabels(ctx, 'selector', 'spec.selector', sel);
  arr(spec.externalIPs).forEach((ip, i) => {
    if (typeof ip === 'string' && !isIP(ip)) ctx.error('service', `spec.externalIPs[${i}]`, `Invalid value: ${q(ip)}: must be a valid IP address`);
  });
  arr(spec.loadBalancerSourceRanges).forEach((r, i) => {
    if (typeof r === 'string' && !isCIDR(r.trim())) {
      ctx.error('service', `spec.loadBalancerSourceRanges[${i}]`, `Invalid value: ${q(r)}: must be a list of IP ranges. For example, 10.240.0.0/24,10.250.0.0/24`);
    }
  });
  if (spec.loadBalancerSourceRanges !== undefined && type !== 'LoadBalancer' && arr(spec.loadBalancerSourceRanges).length > 0) {
    ctx.error('service', 'spec.loadBalancerSourceRanges', "Forbidden: may only be used when `type` is 'LoadBalancer'");
  }
}

function isCIDR(s: string): boolean {
  const m = /^(.+)\/(\d{1,3})$/.exec(s);
  if (!m || !isIP(m[1])) return false;
  const bits = Number(m[2]);
  return m[1].includes(':') ? bits <= 128 : bits <= 32;
}

function isWildcardOrSubdomain(host: string): string[] {
  if (host.startsWith('*.')) {
    const rest = host.slice(2);
    const p = dns1123Subdomain(rest);
    return p.length > 0 ? ["a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character (e.g. '*.example.com', regex used for validation is '\\*\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"] : [];
  }
  return dns1123Subdomain(host);
}

function checkIngressBackend(ctx: Ctx, path: string, b: Obj): void {
  const svc = obj(b.service);
  const res = obj(b.resource);
  if (svc && res) ctx.error('ingress', path, 'Invalid value: cannot set both service and resource backends', 'keep service or resource');
  else if (!svc && !res) {
    ctx.error('ingress', path, 'Invalid value: one backend (`service` or `resource`) must be specified', 'set service.name and service.port');
  }
  if (svc) {
    const n = str(svc.name);
    if (!n) ctx.error('ingress', `${path}.service.name`, 'Required value', 'name the backend Service');
    else ctx.syntax('ingress', `${path}.service.name`, n, dns1035Label(n));
    const port = obj(svc.port);
    if (!port || ((port.name === undefined || port.name === '') && (port.number === undefined || port.number === 0))) {
      ctx.error('ingress', `${path}.service.port`, 'Invalid value: port name or number is required', 'set service.port.number or service.port.name');
    } else {
      const hasName = typeof port.name === 'string' && port.name !== '';
      const hasNumber = typeof port.number === 'number' && port.number !== 0;
      if (hasName && hasNumber) {
        ctx.error('ingress', `${path}.service.port`, 'Invalid value: cannot set both port name & port number', 'keep one of name or number');
      } else if (hasName) {
        ctx.syntax('ingress', `${path}.service.port.name`, port.name as string, portName(port.name as string));
      } else if (typeof port.number === 'number' && !portInRange(port.number)) {
        ctx.error('ingress', `${path}.service.port.number`, `Invalid value: ${port.number}: must be between 1 and 65535, inclusive`);
      }
    }
  }
  if (res) {
    if (!str(res.kind)) ctx.error('ingress', `${path}.resource.kind`, 'Required value');
    if (!str(res.name)) ctx.error('ingress', `${path}.resource.name`, 'Required value');
  }
}

const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];

function checkIngress(ctx: Ctx, spec: Obj, apiVersion: string): void {
  const v1 = apiVersion === 'networking.k8s.io/v1';
  const rules = arr(spec.rules);
  const db = obj(spec.defaultBackend);
  if (v1 && !db && rules.length === 0) {
    ctx.error('ingress', 'spec', 'Invalid value: either `defaultBackend` or `rules` must be specified', 'add rules or a defaultBackend');
  }
  if (db && v1) checkIngressBackend(ctx, 'spec.defaultBackend', db);
  const icn = str(spec.ingressClassName);
  if (icn) ctx.syntax('ingress', 'spec.ingressClassName', icn, dns1123Subdomain(icn));
  arr(spec.tls).forEach((t, i) => {
    const to = obj(t);
    if (!to) return;
    arr(to.hosts).forEach((h, j) => {
      if (typeof h === 'string') ctx.syntax('ingress', `spec.tls[${i}].hosts[${j}]`, h, isWildcardOrSubdomain(h));
    });
    const sn = str(to.secretName);
    if (sn) ctx.syntax('ingress', `spec.tls[${i}].secretName`, sn, dns1123Subdomain(sn));
  });
  rules.forEach((r, i) => {
    const ro = obj(r);
    if (!ro) return;
    const rp = `spec.rules[${i}]`;
    const host = str(ro.host);
    if (host) {
      if (isIP(host)) ctx.error('ingress', `${rp}.host`, `Invalid value: ${q(host)}: must be a DNS name, not an IP address`, 'use a DNS name; omit host to match any');
      else ctx.syntax('ingress', `${rp}.host`, host, isWildcardOrSubdomain(host), 'hosts are lowercase DNS names, optionally starting with *.');
    }
    const http = obj(ro.http);
    if (!http) return;
    const paths = arr(http.paths);
    if (paths.length === 0 && v1) ctx.error('ingress', `${rp}.http.paths`, 'Required value', 'add at least one path');
    paths.forEach((p, j) => {
      const po = obj(p);
      if (!po) return;
      const pp = `${rp}.http.paths[${j}]`;
      const pathType = po.pathType;
      if (v1) {
        if (pathType === undefined || pathType === null) {
          ctx.error('ingress', `${pp}.pathType`, 'Required value: pathType must be specified', 'set pathType: Prefix (or Exact / ImplementationSpecific)');
        } else enumCheck(ctx, 'ingress', `${pp}.pathType`, pathType, ['Exact', 'Prefix', 'ImplementationSpecific']);
      }
      const path = str(po.path);
      if (path !== undefined && path !== '' && !path.startsWith('/')) {
        ctx.error('ingress', `${pp}.path`, `Invalid value: ${q(path)}: must be an absolute path`, `use '/${path}'`);
      } else if (path && (pathType === 'Exact' || pathType === 'Prefix')) {
        for (const s of INVALID_PATH_SEQUENCES) {
          if (path.includes(s)) ctx.error('ingress', `${pp}.path`, `Invalid value: ${q(path)}: must not contain '${s}'`);
        }
        for (const s of INVALID_PATH_SUFFIXES) {
          if (path.endsWith(s)) ctx.error('ingress', `${pp}.path`, `Invalid value: ${q(path)}: cannot end with '${s}'`);
        }
      } else if ((path === undefined || path === '') && (pathType === 'Exact' || pathType === 'Prefix')) {
        ctx.error('ingress', `${pp}.path`, `Invalid value: "": must be an absolute path`, "use '/'");
      }
      const b = obj(po.backend);
      if (!b) ctx.error('ingress', `${pp}.backend`, 'Required value', 'set backend.service');
      else if (v1) checkIngressBackend(ctx, `${pp}.backend`, b);
    });
  });
}

function checkPdb(ctx: Ctx, spec: Obj): void {
  const hasMin = spec.minAvailable !== undefined && spec.minAvailable !== null;
  const hasMax = spec.maxUnavailable !== undefined && spec.maxUnavailable !== null;
  if (hasMin && hasMax) {
    ctx.error('pdb', 'spec', 'Invalid value: minAvailable and maxUnavailable cannot be both set', 'keep either minAvailable or maxUnavailable');
  }
  checkIntOrPercent(ctx, 'pdb', 'spec.minAvailable', spec.minAvailable, true);
  checkIntOrPercent(ctx, 'pdb', 'spec.maxUnavailable', spec.maxUnavailable, true);
  const sel = obj(spec.selector);
  if (sel) checkLabelSelector(ctx, 'spec.selector', sel);
  enumCheck(ctx, 'pdb', 'spec.unhealthyPodEvictionPolicy', spec.unhealthyPodEvictionPolicy, ['IfHealthyBudget', 'AlwaysAllow']);
}

const HPA_METRIC_TYPES: Record<string, string> = {
  Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external',
};

function checkHpa(ctx: Ctx, spec: Obj, apiVersion: string): void {
  const min = spec.minReplicas;
  const max = spec.maxReplicas;
  if (typeof min === 'number' && min < 1) {
    ctx.error('hpa', 'spec.minReplicas', `Invalid value: ${min}: must be greater than or equal to 1`,
      'use minReplicas >= 1 (scale-to-zero needs the HPAScaleToZero alpha feature)');
  }
  if (typeof max === 'number' && max < 1) ctx.error('hpa', 'spec.maxReplicas', `Invalid value: ${max}: must be greater than 0`);
  if (typeof max === 'number' && max < (typeof min === 'number' ? min : 1)) {
    ctx.error('hpa', 'spec.maxReplicas', `Invalid value: ${max}: must be greater than or equal to \`minReplicas\``,
      `raise maxReplicas to at least ${typeof min === 'number' ? min : 1}`);
  }
  const ref = obj(spec.scaleTargetRef);
  if (ref) {
    if (!str(ref.kind)) ctx.error('hpa', 'spec.scaleTargetRef.kind', 'Required value', 'e.g. Deployment');
    if (!str(ref.name)) ctx.error('hpa', 'spec.scaleTargetRef.name', 'Required value', 'name the workload to scale');
  }
  if (apiVersion === 'autoscaling/v1') {
    const t = spec.targetCPUUtilizationPercentage;
    if (typeof t === 'number' && t < 1) {
      ctx.error('hpa', 'spec.targetCPUUtilizationPercentage', `Invalid value: ${t}: must be greater than or equal to 1`);
    }
    return;
  }
  arr(spec.metrics).forEach((m, i) => {
    const mo = obj(m);
    if (!mo) return;
    const mp = `spec.metrics[${i}]`;
    const type = str(mo.type);
    if (mo.type === undefined || mo.type === null) {
      ctx.error('hpa', `${mp}.type`, 'Required value: must specify a metric source type', 'set type: Resource, Pods, Object, External or ContainerResource');
      return;
    }
    if (!type || !Object.prototype.hasOwnProperty.call(HPA_METRIC_TYPES, type)) {
      ctx.error('hpa', `${mp}.type`, `Unsupported value: ${q(mo.type)}: supported values: "ContainerResource", "External", "Object", "Pods", "Resource"`);
      return;
    }
    const field = HPA_METRIC_TYPES[type];
    if (!isObj(mo[field])) {
      ctx.error('hpa', `${mp}.${field}`, `Required value: must populate information for the given metric source`, `add ${field}: for type ${type}`);
    }
    for (const [t, f] of Object.entries(HPA_METRIC_TYPES)) {
      if (t !== type && isObj(mo[f])) {
        ctx.error('hpa', `${mp}.${f}`, `Forbidden: must populate the given metric source only`, `remove ${f} or change type`);
      }
    }
    const src = obj(mo[field]);
    const target = obj(src?.target);
    if (target) {
      const tt = target.type;
      if (tt != null) enumCheck(ctx, 'hpa', `${mp}.${field}.target.type`, tt, ['Utilization', 'Value', 'AverageValue']);
      if (tt === 'Utilization' && target.averageUtilization === undefined) {
        ctx.error('hpa', `${mp}.${field}.target.averageUtilization`, 'Required value: must set either a target raw value or a target utilization');
      }
      if (tt === 'Value' && target.value === undefined) ctx.error('hpa', `${mp}.${field}.target.value`, 'Required value: must set either a target raw value or a target utilization');
      if (tt === 'AverageValue' && target.averageValue === undefined) {
        ctx.error('hpa', `${mp}.${field}.target.averageValue`, 'Required value: must set either a target raw value or a target utilization');
      }
      if (typeof target.averageUtilization === 'number' && target.averageUtilization <= 0) {
        ctx.error('hpa', `${mp}.${field}.target.averageUtilization`, `Invalid value: ${target.averageUtilization}: must be greater than 0`);
      }
      for (const f of ['value', 'averageValue']) {
        if (target[f] !== undefined) {
          const n = checkQuantityField(ctx, `${mp}.${field}.target.${f}`, target[f]);
          if (n !== undefined && n <= 0) ctx.error('hpa', `${mp}.${field}.target.${f}`, `Invalid value: ${q(target[f])}: must be positive`);
        }
      }
      if ((type === 'Resource' || type === 'ContainerResource') && tt === 'Value') {
        ctx.error('hpa', `${mp}.${field}.target.type`, 'Invalid value: "Value": must be either Utilization or AverageValue', 'use averageUtilization or averageValue');
      }
    }
  });
  const behavior = obj(spec.behavior);
  if (behavior) {
    for (const dir of ['scaleUp', 'scaleDown']) {
      const r = obj(behavior[dir]);
      if (!r) continue;
      const rp = `spec.behavior.${dir}`;
      if (typeof r.stabilizationWindowSeconds === 'number' && (r.stabilizationWindowSeconds < 0 || r.stabilizationWindowSeconds > 3600)) {
        ctx.error('hpa', `${rp}.stabilizationWindowSeconds`, `Invalid value: ${r.stabilizationWindowSeconds}: must be less than or equal to 3600`);
      }
      if (r.selectPolicy != null) enumCheck(ctx, 'hpa', `${rp}.selectPolicy`, r.selectPolicy, ['Max', 'Min', 'Disabled']);
      arr(r.policies).forEach((p, i) => {
        const po = obj(p);
        if (!po) return;
        if (po.type != null) enumCheck(ctx, 'hpa', `${rp}.policies[${i}].type`, po.type, ['Pods', 'Percent']);
        if (typeof po.value === 'number' && po.value <= 0) ctx.error('hpa', `${rp}.policies[${i}].value`, `Invalid value: ${po.value}: must be greater than zero`);
        if (typeof po.periodSeconds === 'number' && (po.periodSeconds <= 0 || po.periodSeconds > 1800)) {
          ctx.error('hpa', `${rp}.policies[${i}].periodSeconds`, `Invalid value: ${po.periodSeconds}: must be greater than zero and less than or equal to 1800`);
        }
      });
    }
  }
}

const B64 = /^[A-Za-z0-9+/]*={0,2}$/;

function isBase64(s: string): boolean {
  const t = s.replace(/[\r\n]/g, '');
  return t.length % 4 === 0 && B64.test(t);
}

const SECRET_REQUIRED_KEYS: Record<string, string[]> = {
  'kubernetes.io/dockercfg': ['.dockercfg'],
  'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'],
  'kubernetes.io/ssh-auth': ['ssh-privatekey'],
  'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

function checkDataKeys(ctx: Ctx, kind: string): void {
  const o = ctx.o;
  const sections = kind === 'Secret' ? ['data', 'stringData'] : ['data', 'binaryData'];
  const seen = new Map<string, string>();
  let total = 0;
  let textChars = 0;
  const texts: string[] = [];
  for (const sec of sections) {
    const m = obj(o[sec]);
    if (!m) continue;
    for (const k in m) {
      const v = m[k];
      const problems = configMapKey(k);
      if (problems.length > 0) {
        ctx.syntax('data-key', sec, k, problems, 'keys are alphanumerics, -, _ and . (at most 253 characters), e.g. app.properties');
      }
      if (kind === 'ConfigMap' && seen.has(k) && seen.get(k) !== sec) {
        ctx.error('data-key', `${sec}[${q(k)}]`, `Invalid value: ${q(k)}: duplicate of key present in ${seen.get(k)}`, 'keep the key in data or binaryData, not both');
      }
      seen.set(k, sec);
      if (typeof v === 'string') {
        const base64 = (kind === 'Secret' && sec === 'data') || (kind === 'ConfigMap' && sec === 'binaryData');
        if (base64 && !isBase64(v)) {
          ctx.error('data-key', `${sec}[${q(k)}]`, `Invalid value: illegal base64 data in ${sec}[${q(k)}]`,
            kind === 'Secret' ? 'base64-encode the value, or put the plain text under stringData' : 'base64-encode the value or move it to data');
        }
        if (base64) total += k.length + Math.floor((v.indexOf('\n') < 0 && v.indexOf('\r') < 0 ? v.length : v.replace(/[\r\n]/g, '').length) * 3 / 4);
        else {
          // UTF-8 bytes lie between the UTF-16 length and three times it: count exactly only
          // when the bound could cross the limit (a native call per value otherwise)
          total += k.length + v.length;
          textChars += v.length;
          texts.push(v);
        }
      }
    }
  }
  if (total + 2 * textChars > MAX_SECRET_SIZE) {
    for (const v of texts) total += byteLen(v) - v.length;
  }
  if (total > MAX_SECRET_SIZE) {
    ctx.error('data-key', sections[0], `Too long: must have at most ${MAX_SECRET_SIZE} bytes`, `a ${kind} holds at most 1 MiB; split it or use a volume`);
  }
  if (kind === 'Secret') {
    const type = str(o.type);
    const keys = new Set([...Object.keys(obj(o.data) ?? {}), ...Object.keys(obj(o.stringData) ?? {})]);
    const req = type ? own(SECRET_REQUIRED_KEYS, type) : undefined;
    if (req) {
      for (const k of req) {
        if (!keys.has(k)) ctx.error('secret-type', `data[${q(k)}]`, `Required value: a ${type} Secret needs the key ${q(k)}`, `add ${k} under data or stringData`);
      }
    }
    if (type === 'kubernetes.io/basic-auth' && !keys.has('username') && !keys.has('password')) {
      ctx.error('secret-type', 'data', 'Required value: a kubernetes.io/basic-auth Secret needs username or password', 'add username and password');
    }
    if (type === 'kubernetes.io/service-account-token' && !str(obj(obj(o.metadata)?.annotations)?.['kubernetes.io/service-account.name'])) {
      ctx.error('secret-type', 'metadata.annotations[kubernetes.io/service-account.name]', 'Required value',
        'annotate the Secret with kubernetes.io/service-account.name: <service account>');
    }
  }
}

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

function checkPvcSpec(ctx: Ctx, path: string, spec: Obj, template: boolean): void {
  const modes = arr(spec.accessModes);
  if (modes.length === 0) {
    ctx.error('pvc', `${path}.accessModes`, 'Required value: at least 1 access mode is required', 'e.g. accessModes: [ReadWriteOnce]');
  }
  modes.forEach((m, i) => enumCheck(ctx, 'pvc', `${path}.accessModes[${i}]`, m, ACCESS_MODES));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) {
    ctx.error('pvc', `${path}.accessModes`, 'Forbidden: may not use ReadWriteOncePod with other access modes', 'use ReadWriteOncePod alone');
  }
  const requests = obj(obj(spec.resources)?.requests);
  const storage = requests?.storage;
  if (storage === undefined || storage === null) {
    ctx.error('pvc', `${path}.resources.requests.storage`, 'Required value', "request a size, e.g. storage: 10Gi");
  } else {
    const n = checkQuantityField(ctx, `${path}.resources.requests.storage`, storage);
    if (n !== undefined && n <= 0) ctx.error('pvc', `${path}.resources.requests.storage`, `Invalid value: ${q(storage)}: must be greater than zero`);
  }
  if (spec.volumeMode != null) enumCheck(ctx, 'pvc', `${path}.volumeMode`, spec.volumeMode, ['Block', 'Filesystem']);
  if (spec.selector) checkLabelSelector(ctx, `${path}.selector`, spec.selector);
  void template;
}

function checkNetworkPolicy(ctx: Ctx, spec: Obj): void {
  if (spec.podSelector) checkLabelSelector(ctx, 'spec.podSelector', spec.podSelector);
  arr(spec.policyTypes).forEach((t, i) => enumCheck(ctx, 'networkpolicy', `spec.policyTypes[${i}]`, t, ['Ingress', 'Egress']));
  for (const dir of ['ingress', 'egress']) {
    arr(spec[dir]).forEach((r, i) => {
      const ro = obj(r);
      if (!ro) return;
      arr(ro.ports).forEach((p, j) => {
        const po = obj(p);
        if (!po) return;
        const pp = `spec.${dir}[${i}].ports[${j}]`;
        if (po.protocol != null) enumCheck(ctx, 'networkpolicy', `${pp}.protocol`, po.protocol, ['TCP', 'UDP', 'SCTP']);
        if (po.port !== undefined && po.port !== null) checkPortRef(ctx, 'networkpolicy', `${pp}.port`, po.port);
        if (typeof po.endPort === 'number') {
          if (typeof po.port !== 'number') {
            ctx.error('networkpolicy', `${pp}.endPort`, 'Required value: may not be specified when `port` is non-numeric', 'use a numeric port with endPort');
          } else if (po.endPort < po.port) {
            ctx.error('networkpolicy', `${pp}.endPort`, `Invalid value: ${po.endPort}: must be greater than or equal to \`port\``);
          }
        }
      });
      const peers = arr(ro[dir === 'ingress' ? 'from' : 'to']);
      peers.forEach((p, j) => {
        const po = obj(p);
        if (!po) return;
        const pp = `spec.${dir}[${i}].${dir === 'ingress' ? 'from' : 'to'}[${j}]`;
        const ipb = obj(po.ipBlock);
        const n = ['podSelector', 'namespaceSelector', 'ipBlock'].filter((k) => po[k] !== undefined && po[k] !== null).length;
        if (n === 0) ctx.error('networkpolicy', pp, 'Required value: must specify a peer', 'set podSelector, namespaceSelector or ipBlock');
        if (ipb && (po.podSelector || po.namespaceSelector)) {
          ctx.error('networkpolicy', pp, 'Forbidden: may not specify both ipBlock and another peer', 'split into two peers');
        }
        if (ipb) {
          const cidr = str(ipb.cidr);
          if (!cidr) ctx.error('networkpolicy', `${pp}.ipBlock.cidr`, 'Required value');
          else if (!isCIDR(cidr)) ctx.error('networkpolicy', `${pp}.ipBlock.cidr`, `Invalid value: ${q(cidr)}: must be a valid CIDR (e.g. 10.0.0.0/16)`);
          arr(ipb.except).forEach((e, k) => {
            if (typeof e === 'string' && !isCIDR(e)) ctx.error('networkpolicy', `${pp}.ipBlock.except[${k}]`, `Invalid value: ${q(e)}: must be a valid CIDR`);
          });
        }
        if (po.podSelector) checkLabelSelector(ctx, `${pp}.podSelector`, po.podSelector);
        if (po.namespaceSelector) checkLabelSelector(ctx, `${pp}.namespaceSelector`, po.namespaceSelector);
      });
    });
  }
}

function checkRbacBinding(ctx: Ctx, kind: string): void {
  const ref = obj(ctx.o.roleRef);
  if (ref) {
    const allowed = kind === 'ClusterRoleBinding' ? ['ClusterRole'] : ['Role', 'ClusterRole'];
    enumCheck(ctx, 'rbac', 'roleRef.kind', ref.kind, allowed);
    if (ref.apiGroup !== undefined && ref.apiGroup !== 'rbac.authorization.k8s.io') {
      ctx.error('rbac', 'roleRef.apiGroup', `Unsupported value: ${q(ref.apiGroup)}: supported values: "rbac.authorization.k8s.io"`);
    }
    if (!str(ref.name)) ctx.error('rbac', 'roleRef.name', 'Required value');
  }
  arr(ctx.o.subjects).forEach((s, i) => {
    const so = obj(s);
    if (!so) return;
    const sp = `subjects[${i}]`;
    if (so.kind != null) enumCheck(ctx, 'rbac', `${sp}.kind`, so.kind, ['ServiceAccount', 'User', 'Group']);
    if (!str(so.name)) ctx.error('rbac', `${sp}.name`, 'Required value');
    if (so.kind === 'ServiceAccount') {
      if (so.apiGroup !== undefined && so.apiGroup !== '') {
        ctx.error('rbac', `${sp}.apiGroup`, `Unsupported value: ${q(so.apiGroup)}: supported values: ""`, 'ServiceAccount subjects have apiGroup ""');
      }
      if (kind === 'ClusterRoleBinding' && !str(so.namespace)) {
        ctx.error('rbac', `${sp}.namespace`, 'Required value', 'give the ServiceAccount namespace');
      }
      const n = str(so.name);
      if (n) ctx.syntax('rbac', `${sp}.name`, n, dns1123Subdomain(n));
    } else if ((so.kind === 'User' || so.kind === 'Group') && so.apiGroup !== 'rbac.authorization.k8s.io') {
      ctx.error('rbac', `${sp}.apiGroup`, `Unsupported value: ${q(so.apiGroup ?? '')}: supported values: "rbac.authorization.k8s.io"`);
    }
  });
}

function checkRbacRole(ctx: Ctx): void {
  arr(ctx.o.rules).forEach((r, i) => {
    const ro = obj(r);
    if (!ro) return;
    if (arr(ro.verbs).length === 0) ctx.error('rbac', `rules[${i}].verbs`, 'Required value: verbs must contain at least one value', 'e.g. [get, list, watch]');
    const nonRes = arr(ro.nonResourceURLs).length > 0;
    if (!nonRes && ro.apiGroups === undefined && arr(ro.resources).length > 0) {
      ctx.error('rbac', `rules[${i}].apiGroups`, 'Required value: resource rules must supply at least one api group', 'use apiGroups: [""] for the core group');
    }
  });
}

/** Apply every API-server rule to the known kinds among `docs`. */
export function apiServerRules(docs: readonly ManifestDocument[], opts: ValidateOptions = {}): Finding[] {
  const out: Finding[] = [];
  const version = opts.kubernetesVersion ?? '1.27.0';
  const minor = minorOf(version);
  for (const doc of docs) {
    const o = doc.object;
    if (!isObj(o)) continue;
    const kind = str(o.kind);
    const apiVersion = str(o.apiVersion);
    if (!kind || !apiVersion) continue;
    guardDocument(out, doc, 'api-rules', () => {
      // the rules judge the object as the API server stores it: after its defaulting
      const defaulted = withDefaults(o, apiVersion, kind);
      checkObject(new Ctx(doc, defaulted, out, minor, version, defaultedPaths(defaulted)), kind, apiVersion);
    });
  }
  return out;
}

const BUILTIN_GROUPS = new Set(['v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1', 'policy/v1', 'autoscaling/v1', 'autoscaling/v2',
  'rbac.authorization.k8s.io/v1', 'storage.k8s.io/v1', 'scheduling.k8s.io/v1', 'node.k8s.io/v1', 'coordination.k8s.io/v1',
  'discovery.k8s.io/v1', 'admissionregistration.k8s.io/v1']);

function checkObject(ctx: Ctx, kind: string, apiVersion: string): void {
  // Only built-in APIs are known; removed versions and CRDs are the schema layer's business.
  if (!BUILTIN_GROUPS.has(apiVersion)) return;
  if (kind === 'List') return;
  checkMetadata(ctx, kind);
  const spec = obj(ctx.o.spec);
  switch (kind) {
    case 'Pod':
      if (spec) checkPodSpec(ctx, 'spec', spec, { isTemplate: false });
      break;
    case 'PodTemplate': {
      const t = obj(ctx.o.template);
      if (t) {
        checkTemplateMetadata(ctx, 'template.metadata', obj(t.metadata));
        const ts = obj(t.spec);
        if (ts) checkPodSpec(ctx, 'template.spec', ts, { isTemplate: true });
      }
      break;
    }
    case 'Deployment': if (spec && apiVersion === 'apps/v1') checkDeployment(ctx, spec); break;
    case 'StatefulSet': if (spec && apiVersion === 'apps/v1') checkStatefulSet(ctx, spec); break;
    case 'DaemonSet': if (spec && apiVersion === 'apps/v1') checkDaemonSet(ctx, spec); break;
    case 'ReplicaSet': if (spec && apiVersion === 'apps/v1') checkReplicaSet(ctx, kind, spec); break;
    case 'ReplicationController': if (spec && apiVersion === 'v1') checkReplicaSet(ctx, kind, spec); break;
    case 'Job': if (spec && apiVersion === 'batch/v1') checkJobSpec(ctx, 'spec', spec); break;
    case 'CronJob': if (spec && apiVersion === 'batch/v1') checkCronJob(ctx, spec); break;
    case 'Service': if (spec && apiVersion === 'v1') checkService(ctx, spec); break;
    case 'Ingress': if (spec && apiVersion === 'networking.k8s.io/v1') checkIngress(ctx, spec, apiVersion); break;
    case 'NetworkPolicy': if (spec && apiVersion === 'networking.k8s.io/v1') checkNetworkPolicy(ctx, spec); break;
    case 'PodDisruptionBudget': if (spec && apiVersion === 'policy/v1') checkPdb(ctx, spec); break;
    case 'HorizontalPodAutoscaler':
      if (spec && (apiVersion === 'autoscaling/v2' || apiVersion === 'autoscaling/v1')) checkHpa(ctx, spec, apiVersion);
      break;
    case 'ConfigMap': case 'Secret': if (apiVersion === 'v1') checkDataKeys(ctx, kind); break;
    case 'PersistentVolumeClaim': if (spec && apiVersion === 'v1') checkPvcSpec(ctx, 'spec', spec, false); break;
    case 'Role': case 'ClusterRole': if (apiVersion === 'rbac.authorization.k8s.io/v1') checkRbacRole(ctx); break;
    case 'RoleBinding': case 'ClusterRoleBinding': if (apiVersion === 'rbac.authorization.k8s.io/v1') checkRbacBinding(ctx, kind); break;
    case 'Namespace': break;
    default: break;
  }
}

export { selectorMatches as labelSelectorMatches, join, parseQuantity, labelKey };
