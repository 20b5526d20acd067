// Ingress: backends (service or resource), TLS hosts and secrets, rules, hosts and paths.
import { arr, Ctx, obj, Obj, q, specRule, str, type RuleTable } from './context';
import { enumCheck, isIP, portInRange } from './common';
import { dns1035Label, dns1123Subdomain, portName } from './syntax';

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

/** The default backend, the class name and the TLS entries. */
function checkIngressSpec(ctx: Ctx, spec: Obj, _kind: string, apiVersion: string): void {
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
}

function checkIngressRules(ctx: Ctx, spec: Obj, _kind: string, apiVersion: string): void {
  const v1 = apiVersion === 'networking.k8s.io/v1';
  arr(spec.rules).forEach((r, i) => {
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
      if (po) checkIngressPath(ctx, `${rp}.http.paths[${j}]`, po, v1);
    });
  });
}

function checkIngressPath(ctx: Ctx, pp: string, po: Obj, v1: boolean): void {
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
    for (let idx = 0; idx < INVALID_PATH_SEQUENCES.length; idx++) {
      const s = INVALID_PATH_SEQUENCES[idx];
      if (path.includes(s)) ctx.error('ingress', `${pp}.path`, `Invalid value: ${q(path)}: must not contain '${s}'`);
    }
    for (let idx = 0; idx < INVALID_PATH_SUFFIXES.length; idx++) {
      const s = INVALID_PATH_SUFFIXES[idx];
      if (path.endsWith(s)) ctx.error('ingress', `${pp}.path`, `Invalid value: ${q(path)}: cannot end with '${s}'`);
    }
  } else if ((path === undefined || path === '') && (pathType === 'Exact' || pathType === 'Prefix')) {
    ctx.error('ingress', `${pp}.path`, `Invalid value: "": must be an absolute path`, "use '/'");
  }
  const b = obj(po.backend);
  if (!b) ctx.error('ingress', `${pp}.backend`, 'Required value', 'set backend.service');
  else if (v1) checkIngressBackend(ctx, `${pp}.backend`, b);
}

const NETWORKING = ['networking.k8s.io/v1'];

export const INGRESS_RULES: RuleTable = {
  Ingress: [
    specRule('ingress/spec', NETWORKING, checkIngressSpec),
    specRule('ingress/rules', NETWORKING, checkIngressRules),
  ],
};
