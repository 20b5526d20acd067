// RBAC: Role and ClusterRole rules, RoleBinding and ClusterRoleBinding roleRef and subjects.
import { arr, Ctx, obj, q, str, type RuleTable } from './context';
import { enumCheck } from './common';
import { dns1123Subdomain } from './syntax';

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

const RBAC = ['rbac.authorization.k8s.io/v1'];

export const RBAC_RULES: RuleTable = {
  Role: [{ name: 'rbac/role', apiVersions: RBAC, check: checkRbacRole }],
  ClusterRole: [{ name: 'rbac/role', apiVersions: RBAC, check: checkRbacRole }],
  RoleBinding: [{ name: 'rbac/binding', apiVersions: RBAC, check: checkRbacBinding }],
  ClusterRoleBinding: [{ name: 'rbac/binding', apiVersions: RBAC, check: checkRbacBinding }],
};
