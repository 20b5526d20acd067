import { ApiObjectMetadata, Chart, JsonPatch } from 'cdk8s';
import type { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { dns1123Subdomain } from '../validate/rules/syntax';
import { checkSyntax, invalidProp } from './errors';
import { checkName } from './names';

/**
 * The verbs the Kubernetes authorizer knows: the resource verbs, and the special verbs of RBAC
 * (bind, escalate), impersonation, PodSecurityPolicy (use) and certificate signing (approve, sign).
 * The wildcard '*' is not offered: list the verbs the workload needs.
 */
export const VERBS = [
  'get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection',
  'bind', 'escalate', 'impersonate', 'use', 'approve', 'sign',
] as const;

/** A verb of an RBAC rule. */
export type Verb = (typeof VERBS)[number];

/** The read verbs: get, list, watch. */
export const READ_VERBS: readonly Verb[] = ['get', 'list', 'watch'];

/** One rule of a workload's permissions. */
export interface Permission {
  /**
   * API groups of the resources: '' is the core group (pods, configmaps, secrets...), 'apps',
   * 'batch', 'coordination.k8s.io'...
   * @default [''] (the core group)
   */
  readonly apiGroups?: readonly string[];
  /** Resources, plural and lower-case ('configmaps', 'pods/log', 'leases'). */
  readonly resources: readonly string[];
  /** Verbs, from {@link VERBS} (e.g. `READ_VERBS` or ['get', 'update']). */
  readonly verbs: readonly Verb[];
  /**
   * Only these objects (by name).
   * @default - every object of the resources
   */
  readonly resourceNames?: readonly string[];
  /**
   * 'namespace': a Role and RoleBinding in the workload's namespace; 'cluster': a ClusterRole and
   * ClusterRoleBinding (every namespace, or cluster-scoped resources such as nodes).
   * @default 'namespace'
   */
  readonly scope?: 'namespace' | 'cluster';
}

/** The RBAC objects of a workload's permissions. */
export interface PermissionObjects {
  readonly role?: k8s.KubeRole;
  readonly roleBinding?: k8s.KubeRoleBinding;
  readonly clusterRole?: k8s.KubeClusterRole;
  readonly clusterRoleBinding?: k8s.KubeClusterRoleBinding;
}

const RESOURCE = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?(\/[a-z0-9]([-a-z0-9]*[a-z0-9])?)?$/;

/** Checks one rule and renders it as a PolicyRule. */
function renderRule(scope: IConstruct, p: Permission, i: number): k8s.PolicyRule {
  const at = `permissions[${i}]`;
  const fix = "e.g. { resources: ['configmaps'], verbs: ['get', 'list', 'watch'] }";
  if (!Array.isArray(p.resources) || p.resources.length === 0) invalidProp(scope, `${at}.resources`, p.resources, 'must list at least one resource', fix);
  if (!Array.isArray(p.verbs) || p.verbs.length === 0) invalidProp(scope, `${at}.verbs`, p.verbs, 'must list at least one verb', fix);
  for (const v of p.verbs) {
    if (!(VERBS as readonly string[]).includes(v)) {
      invalidProp(scope, `${at}.verbs`, v, `is not a Kubernetes verb (allowed: ${VERBS.join(', ')})`, "list the verbs the workload needs, e.g. ['get', 'list', 'watch']");
    }
  }
  for (const r of p.resources) {
    if (r === '*' || !RESOURCE.test(r)) {
      invalidProp(scope, `${at}.resources`, r, 'must be a lower-case plural resource name, optionally with a subresource (no wildcard)', "e.g. 'configmaps', 'pods/log', 'leases'");
    }
  }
  const groups = p.apiGroups ?? [''];
  for (const g of groups) {
    if (g === '*' || (g !== '' && dns1123Subdomain(g).length > 0)) {
      invalidProp(scope, `${at}.apiGroups`, g, "must be '' (core) or an API group name such as 'apps' (no wildcard)", "e.g. apiGroups: ['apps']");
    }
  }
  for (const n of p.resourceNames ?? []) checkSyntax(scope, `${at}.resourceNames`, n, n.length === 0 ? ['must not be empty'] : [], 'name an object, or drop resourceNames');
  const ruleScope = p.scope ?? 'namespace';
  if (ruleScope !== 'namespace' && ruleScope !== 'cluster') invalidProp(scope, `${at}.scope`, ruleScope, "must be 'namespace' or 'cluster'", "use scope: 'namespace'");
  return {
    apiGroups: [...groups],
    resources: [...p.resources],
    verbs: [...p.verbs],
    ...(p.resourceNames && p.resourceNames.length > 0 ? { resourceNames: [...p.resourceNames] } : {}),
  };
}

/** What the workload passes to {@link grantPermissions}. */
export interface GrantOptions {
  /** The workload's name (the Role and RoleBinding take it). */
  readonly name: string;
  readonly serviceAccountName: string;
  /** Metadata of an object of the workload (name claimed, standard labels). */
  readonly metadata: (kind: string, name: string) => ApiObjectMetadata;
}

/**
 * Creates the RBAC objects of `permissions` under `scope`: namespaced rules in a Role, cluster
 * rules in a ClusterRole, each bound to the workload's ServiceAccount. A ClusterRole is cluster-
 * wide, so its name carries the namespace: `<namespace>-<name>`.
 */
export function grantPermissions(scope: IConstruct, permissions: readonly Permission[] | undefined, o: GrantOptions): PermissionObjects {
  if (permissions === undefined) return {};
  if (!Array.isArray(permissions)) invalidProp(scope, 'permissions', permissions, 'must be a list of rules', "e.g. permissions: [{ resources: ['configmaps'], verbs: ['get'] }]");
  const namespaced: k8s.PolicyRule[] = [];
  const cluster: k8s.PolicyRule[] = [];
  permissions.forEach((p, i) => ((p.scope ?? 'namespace') === 'cluster' ? cluster : namespaced).push(renderRule(scope, p, i)));
  const namespace = Chart.of(scope).namespace;
  const subjects: k8s.Subject[] = [{ kind: 'ServiceAccount', name: o.serviceAccountName, ...(namespace ? { namespace } : {}) }];
  const out: { -readonly [K in keyof PermissionObjects]: PermissionObjects[K] } = {};
  if (namespaced.length > 0) {
    out.role = new k8s.KubeRole(scope, 'role', { metadata: o.metadata('Role', o.name), rules: namespaced });
    out.roleBinding = new k8s.KubeRoleBinding(scope, 'role-binding', {
      metadata: o.metadata('RoleBinding', o.name),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: out.role.name },
      subjects,
    });
  }
  if (cluster.length > 0) {
    if (!namespace) {
      invalidProp(scope, 'permissions', 'scope: cluster', "a ClusterRoleBinding must name the ServiceAccount's namespace, and the chart has none",
        "give the chart a namespace: new Chart(app, 'shop', { namespace: 'shop' })");
    }
    const name = `${namespace}-${o.name}`;
    checkName(scope, 'ClusterRole', name, 'dns1123-subdomain');
    out.clusterRole = new k8s.KubeClusterRole(scope, 'cluster-role', { metadata: o.metadata('ClusterRole', name), rules: cluster });
    out.clusterRoleBinding = new k8s.KubeClusterRoleBinding(scope, 'cluster-role-binding', {
      metadata: o.metadata('ClusterRoleBinding', name),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: out.clusterRole.name },
      subjects,
    });
    // Cluster-scoped: the chart's namespace must not be written on them.
    for (const obj of [out.clusterRole, out.clusterRoleBinding]) obj.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
  }
  return out;
}
