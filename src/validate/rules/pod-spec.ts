// Pod spec rules (pkg/apis/core/validation ValidatePodSpec and friends), shared by Pods and
// every pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, PodTemplate).
import { arr, Ctx, num, obj, Obj, q, specRule, str, type RuleTable } from './context';
import { enumCheck, enumField, enumOk, isIP, nonNegativeField } from './common';
import { checkContainers, type PodScope } from './containers';
import { checkLabels, checkLabelSelector } from './labels';
import { checkTemplateMetadata } from './metadata';
import { checkAffinity, checkToleration } from './scheduling';
import { dns1123Label, dns1123Subdomain } from './syntax';
import { checkVolumes, volumeNames } from './volumes';

export interface PodOpts {
  /** Allowed pod restartPolicy values for this template, undefined = any valid value. */
  readonly restartPolicies?: readonly string[];
  /** Why the restart policy is restricted, for the message. */
  readonly restartWhy?: string;
  readonly isTemplate: boolean;
  /** A StatefulSet's volumeClaimTemplates: volumes of its pods for the mounts, besides spec.volumes. */
  readonly claimVolumes?: ReadonlySet<string>;
}

/**
 * Validate a PodSpec at `path` ('spec' or 'spec.template.spec'): its volumes, its containers and
 * its pod-level fields, each a check of its own (a throw in one leaves the others' findings).
 */
export function checkPodSpec(ctx: Ctx, path: string, spec: Obj, opts: PodOpts): void {
  ctx.guard('pod-spec/volumes', checkPodVolumes, path, spec);
  const scope: PodAt = { spec, opts };
  ctx.guard('pod-spec/containers', checkAllContainers, path, scope);
  ctx.guard('pod-spec/fields', checkPodFields, path, scope);
}

/** A pod spec and how its pod is judged. */
interface PodAt {
  readonly spec: Obj;
  readonly opts: PodOpts;
}

function checkPodVolumes(ctx: Ctx, path: string, spec: Obj): void {
  checkVolumes(ctx, `${path}.volumes`, arr(spec.volumes));
}

function checkAllContainers(ctx: Ctx, path: string, { spec, opts }: PodAt): void {
  const declaredVolumes = volumeNames(arr(spec.volumes));
  if (opts.claimVolumes) for (const n of opts.claimVolumes) declaredVolumes.add(n);
  const init = arr(spec.initContainers);
  const containers = arr(spec.containers);
  const ephemeral = arr(spec.ephemeralContainers);
  if (containers.length === 0 && Array.isArray(spec.containers)) {
    ctx.error('container', `${path}.containers`, 'Required value', 'add at least one container');
  }
  // Ephemeral containers are added to a running pod through its ephemeralcontainers
  // subresource: the API server refuses them on create and in every pod template.
  if (ephemeral.length > 0) {
    ctx.error('ephemeral-containers', `${path}.ephemeralContainers`,
      opts.isTemplate ? 'Forbidden: ephemeral containers not allowed in pod template' : 'Forbidden: cannot be set on create',
      'remove spec.ephemeralContainers; add a debug container to a running pod with kubectl debug');
  }
  const pod: PodScope = {
    path, hostNetwork: spec.hostNetwork === true, declaredVolumes, sidecarsOk: ctx.minor >= 29, containerNames: new Set(),
  };
  checkContainers(ctx, pod, 'initContainers', init);
  checkContainers(ctx, pod, 'containers', containers);
  checkContainers(ctx, pod, 'ephemeralContainers', ephemeral);
}

const SUBDOMAIN_FIELDS = ['serviceAccountName', 'priorityClassName', 'nodeName', 'schedulerName', 'runtimeClassName'];
const LABEL_FIELDS = ['hostname', 'subdomain'];

function checkPodFields(ctx: Ctx, path: string, { spec, opts }: PodAt): void {
  checkRestartPolicy(ctx, path, spec.restartPolicy, opts);
  checkDns(ctx, path, spec);
  nonNegativeField(ctx, 'pod', path, spec, 'terminationGracePeriodSeconds');
  if (typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds <= 0) {
    ctx.error('pod', `${path}.activeDeadlineSeconds`, `Invalid value: ${spec.activeDeadlineSeconds}: must be between 1 and 2147483647, inclusive`);
  }
  for (let idx = 0; idx < SUBDOMAIN_FIELDS.length; idx++) {
    const f = SUBDOMAIN_FIELDS[idx];
    const v = str(spec[f]);
    if (v && dns1123Subdomain(v).length > 0) ctx.syntax('pod', `${path}.${f}`, v, dns1123Subdomain(v));
  }
  for (let idx = 0; idx < LABEL_FIELDS.length; idx++) {
    const f = LABEL_FIELDS[idx];
    const v = str(spec[f]);
    if (v && dns1123Label(v).length > 0) ctx.syntax('pod', `${path}.${f}`, v, dns1123Label(v));
  }
  const nodeSelector = obj(spec.nodeSelector);
  if (nodeSelector) checkLabels(ctx, 'labels', `${path}.nodeSelector`, nodeSelector);
  const tolerations = arr(spec.tolerations);
  for (let i = 0; i < tolerations.length; i++) checkToleration(ctx, `${path}.tolerations[${i}]`, obj(tolerations[i]));
  const pullSecrets = arr(spec.imagePullSecrets);
  for (let i = 0; i < pullSecrets.length; i++) {
    const o = obj(pullSecrets[i]);
    if (o && !str(o.name)) ctx.error('pod', `${path}.imagePullSecrets[${i}].name`, 'Required value', 'name the image pull Secret');
  }
  const sc = obj(spec.securityContext);
  if (sc) checkSecurityContext(ctx, `${path}.securityContext`, sc);
  const affinity = obj(spec.affinity);
  if (affinity) checkAffinity(ctx, `${path}.affinity`, affinity);
  const tsc = arr(spec.topologySpreadConstraints);
  if (tsc.length > 0) checkTopologySpread(ctx, path, tsc);
}

function checkRestartPolicy(ctx: Ctx, path: string, rp: unknown, opts: PodOpts): void {
  if (rp === undefined || rp === null) return;
  // (when the document leaves it out, the server's default "Always" is judged, and the message says so)
  if (opts.restartPolicies) {
    if (typeof rp !== 'string' || !opts.restartPolicies.includes(rp)) {
      ctx.error('restart-policy', `${path}.restartPolicy`,
        `Unsupported value: ${q(rp)}: supported values: ${opts.restartPolicies.map((a) => `"${a}"`).join(', ')}`,
        `${opts.restartWhy ?? ''}set restartPolicy: ${opts.restartPolicies[0]}`);
    }
  } else if (!enumOk(rp, RESTART_POLICIES)) enumCheck(ctx, 'restart-policy', `${path}.restartPolicy`, rp, RESTART_POLICIES);
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];

function checkDns(ctx: Ctx, path: string, spec: Obj): void {
  enumField(ctx, 'dns', path, spec, 'dnsPolicy', DNS_POLICIES);
  const dnsConfig = obj(spec.dnsConfig);
  if (spec.dnsPolicy === 'None' && (!dnsConfig || arr(dnsConfig.nameservers).length === 0)) {
    ctx.error('dns', `${path}.dnsConfig`, 'Required value: must provide at least one DNS nameserver when DNSPolicy is set to None',
      'add dnsConfig.nameservers or use another dnsPolicy');
  }
  if (dnsConfig) {
    const ns = arr(dnsConfig.nameservers);
    if (ns.length > 3) ctx.error('dns', `${path}.dnsConfig.nameservers`, `Invalid value: ${q(ns)}: must not have more than 3 nameservers`);
    ns.forEach((n, i) => {
      if (typeof n === 'string' && !isIP(n)) ctx.error('dns', `${path}.dnsConfig.nameservers[${i}]`, `Invalid value: ${q(n)}: must be a valid IP address`);
    });
  }
}

function checkTopologySpread(ctx: Ctx, path: string, tsc: unknown[]): void {
  const seenTsc = new Set<string>();
  tsc.forEach((c, i) => {
    const co = obj(c);
    if (!co) return;
    const cp = `${path}.topologySpreadConstraints[${i}]`;
    if (typeof co.maxSkew === 'number' && co.maxSkew <= 0) {
      ctx.error('pod', `${cp}.maxSkew`, `Invalid value: ${co.maxSkew}: must be greater than zero`, 'use maxSkew >= 1');
    }
    if (!str(co.topologyKey)) ctx.error('pod', `${cp}.topologyKey`, 'Required value: can not be empty', 'e.g. topology.kubernetes.io/zone');
    if (co.whenUnsatisfiable != null) enumCheck(ctx, 'pod', `${cp}.whenUnsatisfiable`, co.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway']);
    const key = `${str(co.topologyKey)}/${str(co.whenUnsatisfiable)}`;
    if (seenTsc.has(key)) ctx.error('pod', cp, `Duplicate value: "{${str(co.topologyKey)}, ${str(co.whenUnsatisfiable)}}"`, 'merge the duplicate constraints');
    seenTsc.add(key);
    if (co.labelSelector) checkLabelSelector(ctx, `${cp}.labelSelector`, co.labelSelector);
    if (typeof co.minDomains === 'number' && co.minDomains <= 0) {
      ctx.error('pod', `${cp}.minDomains`, `Invalid value: ${co.minDomains}: must be greater than 0`);
    }
  });
}

function checkSecurityContext(ctx: Ctx, path: string, sc: Obj | undefined): void {
  if (!sc) return;
  const fields = ['runAsUser', 'runAsGroup', 'fsGroup'];
  for (let idx = 0; idx < fields.length; idx++) {
    const f = fields[idx];
    const v = num(sc[f]);
    if (v !== undefined && (v < 0 || v > 2147483647)) {
      ctx.error('security-context', `${path}.${f}`, `Invalid value: ${v}: must be between 0 and 2147483647, inclusive`);
    }
  }
  arr(sc.supplementalGroups).forEach((g, i) => {
    if (typeof g === 'number' && (g < 0 || g > 2147483647)) {
      ctx.error('security-context', `${path}.supplementalGroups[${i}]`, `Invalid value: ${g}: must be between 0 and 2147483647, inclusive`);
    }
  });
  if (sc.fsGroupChangePolicy != null) enumCheck(ctx, 'security-context', `${path}.fsGroupChangePolicy`, sc.fsGroupChangePolicy, ['OnRootMismatch', 'Always']);
  const seccomp = obj(sc.seccompProfile);
  if (seccomp) {
    if (seccomp.type != null) enumCheck(ctx, 'security-context', `${path}.seccompProfile.type`, seccomp.type, ['RuntimeDefault', 'Unconfined', 'Localhost']);
    if (seccomp.type === 'Localhost' && !str(seccomp.localhostProfile)) {
      ctx.error('security-context', `${path}.seccompProfile.localhostProfile`, 'Required value: must be set when seccomp type is Localhost');
    }
  }
  arr(sc.sysctls).forEach((s, i) => {
    const name = str(obj(s)?.name);
    if (name !== undefined && !/^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/.test(name)) {
      ctx.error('security-context', `${path}.sysctls[${i}].name`, `Invalid value: ${q(name)}: must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$`);
    }
  });
}

export const POD_RULES: RuleTable = {
  Pod: [specRule('pod/spec', undefined, (ctx, spec) => checkPodSpec(ctx, 'spec', spec, { isTemplate: false }))],
  PodTemplate: [{
    name: 'pod-template/template',
    check: (ctx) => {
      const t = obj(ctx.o.template);
      if (!t) return;
      checkTemplateMetadata(ctx, 'template.metadata', obj(t.metadata));
      const ts = obj(t.spec);
      if (ts) checkPodSpec(ctx, 'template.spec', ts, { isTemplate: true });
    },
  }],
};
