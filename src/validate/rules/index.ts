// Layer 2: the API server's own rules (what `kubectl apply` would refuse) that a JSON schema
// cannot express. Read from kubernetes/kubernetes pkg/apis/{core,apps,batch,networking,policy,
// autoscaling}/validation and k8s.io/apimachinery; implemented here independently.
//
// One table, kind -> checks; each group of kinds keeps its checks in a file of its own. Every
// check runs guarded: a check that throws leaves one internal/rule-error finding naming it, and
// the document's other checks still run.
import { ruleErrorFinding } from '../internal';
import { DEFAULT_KUBERNETES_VERSION } from '../schema/versions';
import type { Finding, ManifestDocument, ValidateOptions } from '../types';
import { Ctx, isObj, join, minorOf, own, str, type ApiRule, type RuleTable } from './context';
import { DATA_RULES } from './data';
import { applyDefaults } from './defaults';
import { INGRESS_RULES } from './ingress';
import { JOB_RULES } from './jobs';
import { METADATA_RULES } from './metadata';
import { NETWORK_POLICY_RULES } from './network-policy';
import { POD_RULES } from './pod-spec';
import { RBAC_RULES } from './rbac';
import { SCALING_RULES } from './scaling';
import { selectorMatches } from './selector-match';
import { SERVICE_RULES } from './service';
import { STORAGE_RULES } from './storage';
import { labelKey, parseQuantity } from './syntax';
import { WORKLOAD_RULES } from './workloads';

export type { ApiRule, RuleTable } from './context';
export { selectorMatches } from './selector-match';

/** Checks of every built-in kind, run before the kind's own. */
export const ALL_KINDS = '*';

/** The API-server rules: kind -> its checks, in the order they run and report. */
export const API_RULES: RuleTable = {
  [ALL_KINDS]: METADATA_RULES,
  ...POD_RULES,
  ...WORKLOAD_RULES,
  ...JOB_RULES,
  ...SERVICE_RULES,
  ...INGRESS_RULES,
  ...NETWORK_POLICY_RULES,
  ...SCALING_RULES,
  ...DATA_RULES,
  ...STORAGE_RULES,
  ...RBAC_RULES,
};

/** Only built-in APIs are known; removed versions and CRDs are the schema layer's business. */
const BUILTIN_GROUPS = new Set(['v1', 'apps/v1', 'batch/v1', 'networking.k8s.io/v1', 'policy/v1', 'autoscaling/v1', 'autoscaling/v2',
  'rbac.authorization.k8s.io/v1', 'storage.k8s.io/v1', 'scheduling.k8s.io/v1', 'node.k8s.io/v1', 'coordination.k8s.io/v1',
  'discovery.k8s.io/v1', 'admissionregistration.k8s.io/v1']);

/**
 * Apply every API-server rule to the known kinds among `docs`. `rules` is the table to apply
 * (@default API_RULES; tests pass their own).
 */
export function apiServerRules(docs: readonly ManifestDocument[], opts: ValidateOptions = {}, rules: RuleTable = API_RULES): Finding[] {
  const out: Finding[] = [];
  const version = opts.kubernetesVersion ?? DEFAULT_KUBERNETES_VERSION;
  const minor = minorOf(version);
  let resolved = RESOLVED.get(rules);
  if (!resolved) RESOLVED.set(rules, (resolved = new Map()));
  for (let idx = 0; idx < docs.length; idx++) {
    const doc = docs[idx];
    const o = doc.object;
    if (!isObj(o)) continue;
    const kind = str(o.kind);
    const apiVersion = str(o.apiVersion);
    if (!kind || !apiVersion || !BUILTIN_GROUPS.has(apiVersion) || kind === 'List') continue;
    // the rules judge the object as the API server stores it: after its defaulting
    let ctx: Ctx;
    try {
      const d = applyDefaults(o, apiVersion, kind);
      ctx = d && d.root !== o ? new Ctx(doc, d.root, out, minor, version, d) : new Ctx(doc, o, out, minor, version);
    } catch (e) {
      out.push(ruleErrorFinding(doc, 'defaults', e));
      ctx = new Ctx(doc, o, out, minor, version);
    }
    runRules(ctx, checksOf(resolved, rules, kind, apiVersion), kind, apiVersion);
  }
  return out;
}

/** Per rule table: kind -> apiVersion -> the checks that apply, in order (resolved once, not per document). */
const RESOLVED = new WeakMap<RuleTable, Map<string, Map<string, readonly ApiRule[]>>>();

/** The checks of `rules` (resolved so far: `byKind`) for a document of `kind` in `apiVersion`: every kind's first, then the kind's own. */
function checksOf(byKind: Map<string, Map<string, readonly ApiRule[]>>, rules: RuleTable, kind: string, apiVersion: string): readonly ApiRule[] {
  const kindRules = kind === ALL_KINDS ? undefined : own(rules, kind);
  // a kind the table does not name shares the entry of every kind's checks (the map stays as small as the table)
  const key = kindRules ? kind : ALL_KINDS;
  let byVersion = byKind.get(key);
  if (!byVersion) byKind.set(key, (byVersion = new Map()));
  let checks = byVersion.get(apiVersion);
  if (!checks) {
    checks = [...(own(rules, ALL_KINDS) ?? []), ...(kindRules ?? [])].filter((r) => !r.apiVersions || r.apiVersions.includes(apiVersion));
    byVersion.set(apiVersion, checks);
  }
  return checks;
}

function runRules(ctx: Ctx, rules: readonly ApiRule[], kind: string, apiVersion: string): void {
  for (let idx = 0; idx < rules.length; idx++) {
    const rule = rules[idx];
    const before = ctx.out.length;
    try {
      rule.check(ctx, kind, apiVersion);
    } catch (e) {
      // a half-run check's findings are no verdict
      ctx.out.length = before;
      ctx.out.push(ruleErrorFinding(ctx.doc, rule.name, e));
    }
  }
}

export { selectorMatches as labelSelectorMatches, join, parseQuantity, labelKey };
