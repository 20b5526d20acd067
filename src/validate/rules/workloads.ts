// Workloads with a pod template: Deployment, StatefulSet, DaemonSet, ReplicaSet and
// ReplicationController (selectors, rollout strategies, claim templates, the template itself).
import { arr, Ctx, obj, Obj, q, specRule, str, type ApiRule, type RuleTable } from './context';
import { checkIntOrPercent, enumCheck, nonNegative } from './common';
import { checkLabels, checkLabelSelector } from './labels';
import { checkTemplateMetadata } from './metadata';
import { checkPodSpec } from './pod-spec';
import { selectorIsEmpty, selectorMatches } from './selector-match';
import { checkPvcSpec } from './storage';
import { dns1123Subdomain } from './syntax';

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

export function checkTemplate(
  ctx: Ctx, tmplPath: string, tmpl: Obj | undefined, restart: readonly string[] | undefined, why?: string, claimVolumes?: ReadonlySet<string>,
): void {
  if (!tmpl) return;
  checkTemplateMetadata(ctx, `${tmplPath}.metadata`, obj(tmpl.metadata));
  const spec = obj(tmpl.spec);
  if (spec) checkPodSpec(ctx, `${tmplPath}.spec`, spec, { restartPolicies: restart, restartWhy: why, isTemplate: true, claimVolumes });
}

function checkDeploymentSpec(ctx: Ctx, spec: Obj): void {
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
}

function checkDeploymentTemplate(ctx: Ctx, spec: Obj): void {
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

function checkStatefulSetSpec(ctx: Ctx, spec: Obj): void {
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
}

function checkClaimTemplates(ctx: Ctx, spec: Obj): void {
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
}

function checkStatefulSetTemplate(ctx: Ctx, spec: Obj): void {
  // volumeClaimTemplates act as pod volumes for the mounts.
  const claims = new Set<string>();
  const templates = arr(spec.volumeClaimTemplates);
  for (let idx = 0; idx < templates.length; idx++) {
    const t = templates[idx];
    const n = str(obj(obj(t)?.metadata)?.name);
    if (n) claims.add(n);
  }
  checkTemplate(ctx, 'spec.template', obj(spec.template), ['Always'], 'StatefulSet pods always restart; ', claims);
}

function checkDaemonSetSpec(ctx: Ctx, spec: Obj): void {
  nonNegative(ctx, 'daemonset', 'spec.minReadySeconds', spec.minReadySeconds);
  const us = obj(spec.updateStrategy);
  if (us) {
    enumCheck(ctx, 'rolling-update', 'spec.updateStrategy.type', us.type, ['RollingUpdate', 'OnDelete']);
    const ru = obj(us.rollingUpdate);
    if (ru && us.type !== 'OnDelete') checkRollingUpdate(ctx, 'spec.updateStrategy.rollingUpdate', ru, false);
  }
}

function checkReplicaSetSelector(ctx: Ctx, spec: Obj, kind: string): void {
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
}

function replicaSetFields(ctx: Ctx, spec: Obj): void {
  nonNegative(ctx, 'replicaset', 'spec.replicas', spec.replicas);
  nonNegative(ctx, 'replicaset', 'spec.minReadySeconds', spec.minReadySeconds);
}

function replicaSetRules(apiVersion: string): ApiRule[] {
  const v = [apiVersion];
  return [
    specRule('replicaset/selector', v, (ctx, spec, kind) => checkReplicaSetSelector(ctx, spec, kind)),
    specRule('replicaset/spec', v, replicaSetFields),
    specRule('replicaset/template', v, (ctx, spec, kind) => checkTemplate(ctx, 'spec.template', obj(spec.template), ['Always'], `${kind} pods always restart; `)),
  ];
}

const APPS = ['apps/v1'];

export const WORKLOAD_RULES: RuleTable = {
  Deployment: [
    specRule('deployment/selector', APPS, (ctx, spec) => checkWorkloadSelector(ctx, 'Deployment', spec, true)),
    specRule('deployment/spec', APPS, checkDeploymentSpec),
    specRule('deployment/template', APPS, checkDeploymentTemplate),
  ],
  StatefulSet: [
    specRule('statefulset/selector', APPS, (ctx, spec) => checkWorkloadSelector(ctx, 'StatefulSet', spec, true)),
    specRule('statefulset/spec', APPS, checkStatefulSetSpec),
    specRule('statefulset/claim-templates', APPS, checkClaimTemplates),
    specRule('statefulset/template', APPS, checkStatefulSetTemplate),
  ],
  DaemonSet: [
    specRule('daemonset/selector', APPS, (ctx, spec) => checkWorkloadSelector(ctx, 'DaemonSet', spec, true)),
    specRule('daemonset/spec', APPS, checkDaemonSetSpec),
    specRule('daemonset/template', APPS, (ctx, spec) => checkTemplate(ctx, 'spec.template', obj(spec.template), ['Always'], 'DaemonSet pods always restart; ')),
  ],
  ReplicaSet: replicaSetRules('apps/v1'),
  ReplicationController: replicaSetRules('v1'),
};
