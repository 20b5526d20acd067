// NetworkPolicy: pod selector, policy types, and per rule its ports and peers.
import { arr, Ctx, obj, Obj, q, specRule, str, type RuleTable } from './context';
import { checkPortRef, enumCheck, isCIDR } from './common';
import { checkLabelSelector } from './labels';

function checkNetworkPolicy(ctx: Ctx, spec: Obj): void {
  if (spec.podSelector) checkLabelSelector(ctx, 'spec.podSelector', spec.podSelector);
  arr(spec.policyTypes).forEach((t, i) => enumCheck(ctx, 'networkpolicy', `spec.policyTypes[${i}]`, t, ['Ingress', 'Egress']));
  for (const dir of ['ingress', 'egress']) {
    const peersField = dir === 'ingress' ? 'from' : 'to';
    arr(spec[dir]).forEach((r, i) => {
      const ro = obj(r);
      if (!ro) return;
      arr(ro.ports).forEach((p, j) => {
        const po = obj(p);
        if (po) checkPolicyPort(ctx, `spec.${dir}[${i}].ports[${j}]`, po);
      });
      arr(ro[peersField]).forEach((p, j) => {
        const po = obj(p);
        if (po) checkPeer(ctx, `spec.${dir}[${i}].${peersField}[${j}]`, po);
      });
    });
  }
}

function checkPolicyPort(ctx: Ctx, pp: string, po: Obj): void {
  if (po.protocol != null) enumCheck(ctx, 'networkpolicy', `${pp}.protocol`, po.protocol, ['TCP', 'UDP', 'SCTP']);
  if (po.port !== undefined && po.port !== null) checkPortRef(ctx, 'networkpolicy', `${pp}.port`, po.port);
  if (typeof po.endPort === 'number') {
    if (typeof po.port !== 'number') {
      ctx.error('networkpolicy', `${pp}.endPort`, 'Required value: may not be specified when `port` is non-numeric', 'use a numeric port with endPort');
    } else if (po.endPort < po.port) {
      ctx.error('networkpolicy', `${pp}.endPort`, `Invalid value: ${po.endPort}: must be greater than or equal to \`port\``);
    }
  }
}

function checkPeer(ctx: Ctx, pp: string, po: Obj): void {
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
}

export const NETWORK_POLICY_RULES: RuleTable = {
  NetworkPolicy: [specRule('networkpolicy/spec', ['networking.k8s.io/v1'], checkNetworkPolicy)],
};
