// Service: type and cluster IP, ports (names, protocols, node ports), traffic policies and ranges.
import { arr, Ctx, obj, Obj, q, specRule, str, type RuleTable } from './context';
import { enumCheck, enumField, isCIDR, isIP, portInRange, portRefAt } from './common';
import { checkLabels } from './labels';
import { dns1123Label, dns1123Subdomain } from './syntax';

function serviceType(spec: Obj): string {
  return str(spec.type) ?? 'ClusterIP';
}

function checkServiceType(ctx: Ctx, spec: Obj): void {
  const type = serviceType(spec);
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
}

/** What the ports of one Service must not repeat. */
interface PortsSeen {
  readonly names: Set<string>;
  readonly portProto: Set<string>;
  readonly nodePorts: Set<string>;
}

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

function checkServicePorts(ctx: Ctx, spec: Obj): void {
  const type = serviceType(spec);
  const ports = arr(spec.ports);
  // one port repeats nothing: the sets are made only for several
  const seen: PortsSeen | undefined = ports.length > 1 ? { names: new Set(), portProto: new Set(), nodePorts: new Set() } : undefined;
  for (let i = 0; i < ports.length; i++) {
    const po = obj(ports[i]);
    if (po) checkServicePort(ctx, `spec.ports[${i}]`, po, type, seen);
  }
}

function checkServicePort(ctx: Ctx, pp: string, po: Obj, type: string, seen: PortsSeen | undefined): void {
  const several = seen !== undefined;
  const name = str(po.name);
  if (several && !name) {
    ctx.error('service-port', `${pp}.name`, 'Required value', 'name every port when a Service has more than one (e.g. http, grpc)');
  }
  if (name) {
    if (dns1123Label(name).length > 0) ctx.syntax('service-port', `${pp}.name`, name, dns1123Label(name), 'port names are lowercase alphanumerics and -');
    if (seen?.names.has(name)) ctx.error('service-port', `${pp}.name`, `Duplicate value: ${q(name)}`, 'give each Service port a unique name');
    seen?.names.add(name);
  }
  const proto = str(po.protocol) ?? 'TCP';
  enumField(ctx, 'service-port', pp, po, 'protocol', PROTOCOLS);
  if (typeof po.port === 'number') {
    if (!portInRange(po.port)) {
      ctx.error('service-port', `${pp}.port`, `Invalid value: ${po.port}: must be between 1 and 65535, inclusive`, 'use a port number in 1-65535');
    } else if (seen) {
      const key = `${po.port}/${proto}`;
      if (seen.portProto.has(key)) ctx.error('service-port', pp, `Duplicate value: ${q({ port: po.port, protocol: proto })}`,
        'each port/protocol pair may appear once');
      seen.portProto.add(key);
    }
  } else if (po.port === undefined || po.port === null) {
    ctx.error('service-port', `${pp}.port`, 'Required value', 'set the port the Service exposes');
  }
  // targetPort 0 or "" means "same as port" (defaulted), not an invalid port.
  if (po.targetPort !== undefined && po.targetPort !== null && po.targetPort !== 0 && po.targetPort !== '') {
    portRefAt(ctx, 'service-port', pp, 'targetPort', po.targetPort);
  }
  if (typeof po.nodePort === 'number' && po.nodePort !== 0) checkNodePort(ctx, pp, po.nodePort, type, proto, seen);
}

function checkNodePort(ctx: Ctx, pp: string, nodePort: number, type: string, proto: string, seen: PortsSeen | undefined): void {
  if (type !== 'NodePort' && type !== 'LoadBalancer') {
    ctx.error('service-port', `${pp}.nodePort`, `Forbidden: may not be used when \`type\` is '${type}'`,
      'remove nodePort or use type NodePort/LoadBalancer');
  } else if (nodePort < 30000 || nodePort > 32767) {
    ctx.error('service-port', `${pp}.nodePort`,
      `Invalid value: ${nodePort}: provided port is not in the valid range. The range of valid ports is 30000-32767`,
      'use a nodePort in 30000-32767 (the default --service-node-port-range) or omit it to get one allocated');
  }
  if (!seen) return;
  const key = `${nodePort}/${proto}`;
  if (seen.nodePorts.has(key)) ctx.error('service-port', `${pp}.nodePort`, `Duplicate value: ${q({ nodePort, protocol: proto })}`);
  seen.nodePorts.add(key);
}

/** Session affinity, traffic policies, IP families, selector, external IPs and source ranges. */
function checkServiceTraffic(ctx: Ctx, spec: Obj): void {
  const type = serviceType(spec);
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

const V1 = ['v1'];

export const SERVICE_RULES: RuleTable = {
  Service: [
    specRule('service/type', V1, checkServiceType),
    specRule('service/ports', V1, checkServicePorts),
    specRule('service/traffic', V1, checkServiceTraffic),
  ],
};
