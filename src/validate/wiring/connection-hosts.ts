// Wiring check for hand-written connections: an env var that carries a host (`DB_HOST=db`,
// `REDIS_URL=redis://cache:6379/0`, `API_ADDR=users.shop.svc:8080`) naming a Service of the
// app's namespaces that none of the documents define. At synth (complete evidence) an error: the
// client would resolve nothing; in `helmless validate` of some files, a warning.
import type { Finding, ManifestDocument, Severity } from '../types';
import { API_SERVER_SERVICE } from '../cluster-facts';
import { arr, isObj, makeFinding, obj, Obj, str } from '../rules/context';

/** Env names whose value is a host or an address with one. */
export const HOST_ENV = /(^|_)(HOST|HOSTNAME|ADDR|ADDRESS|URL|URI|ENDPOINT|SERVER|DSN)$/;
/** Hosts that are never Services. */
const NOT_SERVICES = new Set(['localhost']);
const DNS_LABEL = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

/** Where a workload kind keeps its pod spec. */
function podSpecPath(kind: string): string[] | undefined {
  switch (kind) {
    case 'Pod': return ['spec'];
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'ReplicationController': case 'Job':
      return ['spec', 'template', 'spec'];
    case 'CronJob': return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
    default: return undefined;
  }
}

/** The host part of an env value: 'db', 'cache' of 'redis://u@cache:6379/0', 'users.shop.svc' of 'users.shop.svc:8080'. */
export function hostOf(value: string): string | undefined {
  const v = value.trim();
  if (v.length === 0 || /\s/.test(v)) return undefined;
  const afterScheme = v.includes('://') ? v.slice(v.indexOf('://') + 3) : v;
  const authority = afterScheme.split(/[/?#]/)[0];
  const hostPort = authority.slice(authority.lastIndexOf('@') + 1);
  if (hostPort.startsWith('[')) return undefined; // IPv6 literal
  const host = hostPort.replace(/:\d+$/, '').replace(/\.$/, '');
  return host.length > 0 ? host : undefined;
}

/**
 * The Service a host names, within the documents' namespaces: a bare name in the pod's own
 * namespace, or `<name>.<ns>[.svc[.cluster.local]]` for a namespace the documents use. Other
 * hosts (external names, IP addresses, namespaces outside the documents) are not judged.
 */
function serviceOf(host: string, podNs: string, namespaces: ReadonlySet<string>): { name: string; ns: string } | undefined {
  const parts = host.toLowerCase().split('.');
  if (parts.length === 1) return DNS_LABEL.test(parts[0]) && !NOT_SERVICES.has(parts[0]) ? { name: parts[0], ns: podNs } : undefined;
  const [name, ns, ...rest] = parts;
  const suffix = rest.join('.');
  if (suffix !== '' && suffix !== 'svc' && suffix !== 'svc.cluster.local') return undefined;
  if (!DNS_LABEL.test(name) || !namespaces.has(ns)) return undefined;
  return { name, ns };
}

/** Findings for env hosts naming Services no document defines (`missingSeverity`: error at synth, warning otherwise). */
export function connectionHostChecks(docs: readonly ManifestDocument[], missingSeverity: Severity, missingNote: string): Finding[] {
  // Every cluster has the API server's Service.
  const services = new Set<string>([`${API_SERVER_SERVICE.namespace}/${API_SERVER_SERVICE.name}`]);
  const namespaces = new Set<string>();
  const workloads: { doc: ManifestDocument; o: Obj; ns: string; path: string[]; spec: Obj }[] = [];
  for (const doc of docs) {
    const o = doc.object;
    if (!isObj(o)) continue;
    const kind = str(o.kind) ?? '';
    const md = obj(o.metadata) ?? {};
    const ns = str(md.namespace) || 'default';
    if (kind === 'Service' && str(md.name)) {
      services.add(`${ns}/${str(md.name)}`);
      namespaces.add(ns);
    }
    const path = podSpecPath(kind);
    if (!path) continue;
    let spec: unknown = o;
    for (const p of path) spec = isObj(spec) ? spec[p] : undefined;
    if (isObj(spec)) workloads.push({ doc, o, ns, path, spec });
  }
  if (namespaces.size === 0) return [];
  const out: Finding[] = [];
  for (const w of workloads) {
    if (!namespaces.has(w.ns)) continue; // an app whose Services are not among the documents
    for (const group of ['initContainers', 'containers'] as const) {
      arr(w.spec[group]).forEach((c, ci) => {
        if (!isObj(c)) return;
        arr(c.env).forEach((e, ei) => {
          if (!isObj(e) || typeof e.value !== 'string') return;
          const name = str(e.name) ?? '';
          if (!HOST_ENV.test(name)) return;
          const host = hostOf(e.value);
          const svc = host ? serviceOf(host, w.ns, namespaces) : undefined;
          if (!svc || services.has(`${svc.ns}/${svc.name}`)) return;
          out.push(makeFinding(w.doc, w.o, missingSeverity, 'wiring/connection-host', `${w.path.join('.')}.${group}[${ci}].env[${ei}].value`,
            `env ${name}=${JSON.stringify(e.value)} names Service '${svc.name}' in namespace '${svc.ns}', which no document defines${missingNote}`,
            `connect to the backend by object (helmless: connections: [backend]) instead of a typed host, or fix the host / add Service '${svc.name}'`));
        });
      });
    }
  }
  return out;
}
