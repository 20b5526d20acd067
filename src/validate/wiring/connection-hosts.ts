// Wiring check for hand-written connections: an env var that carries a host (`DB_HOST=db`,
// `REDIS_URL=redis://cache:6379/0`, `API_ADDR=users.shop.svc:8080`) naming a Service of the
// app's namespaces that none of the documents define. At synth (complete evidence) an error: the
// client would resolve nothing; in `helmless validate` of some files, a warning.
import type { Finding, ManifestDocument, Severity } from '../types';
import { API_SERVER_SERVICE } from '../cluster-facts';
import { arr, isObj, obj, str, type Obj } from '../untyped';
import { docRef, findingAt, flatPath, type DocRef } from './facts';

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

/** An env var of a workload whose value names a host, kept to be judged once all Services are known. */
interface HostEnv {
  readonly at: DocRef;
  readonly ns: string;
  readonly path: string;
  readonly name: string;
  readonly value: string;
  readonly host: string;
}

/**
 * Env hosts naming Services no document defines, fed one document at a time: `add` keeps the
 * Services' names and the env vars that carry a host; `findings` judges them.
 */
export class ConnectionHosts {
  // Every cluster has the API server's Service.
  private readonly services = new Set<string>([`${API_SERVER_SERVICE.namespace}/${API_SERVER_SERVICE.name}`]);
  private readonly namespaces = new Set<string>();
  private readonly envs: HostEnv[] = [];

  add(doc: ManifestDocument): void {
    const o = doc.object;
    if (!isObj(o)) return;
    const kind = str(o.kind) ?? '';
    const md = obj(o.metadata) ?? {};
    const ns = str(md.namespace) || 'default';
    if (kind === 'Service' && str(md.name)) {
      this.services.add(`${ns}/${str(md.name)}`);
      this.namespaces.add(ns);
    }
    const path = podSpecPath(kind);
    if (!path) return;
    let spec: unknown = o;
    for (const p of path) spec = isObj(spec) ? spec[p] : undefined;
    if (isObj(spec)) this.addEnvs(doc, o, ns, path.join('.'), spec);
  }

  private addEnvs(doc: ManifestDocument, o: Obj, ns: string, specPath: string, spec: Obj): void {
    let at: DocRef | undefined;
    for (const group of ['initContainers', 'containers'] as const) {
      arr(spec[group]).forEach((c, ci) => {
        if (!isObj(c)) return;
        arr(c.env).forEach((e, ei) => {
          if (!isObj(e) || typeof e.value !== 'string') return;
          const name = str(e.name) ?? '';
          if (!HOST_ENV.test(name)) return;
          const host = hostOf(e.value);
          if (host) this.envs.push({ at: (at ??= docRef(doc, o)), ns, path: flatPath(`${specPath}.${group}[${ci}].env[${ei}].value`), name, value: e.value, host });
        });
      });
    }
  }

  /** Findings for the env hosts naming a missing Service (`missingSeverity`: error at synth, warning otherwise). */
  findings(missingSeverity: Severity, missingNote: string): Finding[] {
    if (this.namespaces.size === 0) return [];
    const out: Finding[] = [];
    for (const e of this.envs) {
      if (!this.namespaces.has(e.ns)) continue; // an app whose Services are not among the documents
      const svc = serviceOf(e.host, e.ns, this.namespaces);
      if (!svc || this.services.has(`${svc.ns}/${svc.name}`)) continue;
      out.push(findingAt(e.at, missingSeverity, 'connection-host', e.path,
        `env ${e.name}=${JSON.stringify(e.value)} names Service '${svc.name}' in namespace '${svc.ns}', which no document defines${missingNote}`,
        `connect to the backend by object (helmless: connections: [backend]) instead of a typed host, or fix the host / add Service '${svc.name}'`));
    }
    return out;
  }
}

/** Findings for env hosts naming Services no document defines (`missingSeverity`: error at synth, warning otherwise). */
export function connectionHostChecks(docs: readonly ManifestDocument[], missingSeverity: Severity, missingNote: string): Finding[] {
  const hosts = new ConnectionHosts();
  for (const doc of docs) hosts.add(doc);
  return hosts.findings(missingSeverity, missingNote);
}
