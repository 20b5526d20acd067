// References from other kinds, one entry per reference type: the kind (and API group) that holds
// it, what to keep of the document (`facts`, while the document is at hand) and the check of what
// was kept against the index of all documents (`check`).
import { isBootstrapClusterRole, isBootstrapRole } from '../cluster-facts';
import { isEmptySelector, labelSelectorMatches } from '../label-selector';
import { arr, obj, show as q, str, type Obj } from '../untyped';
import {
  candidates, EXTERNAL_SECRETS_ANNOTATION, flatPath, groupOf, report, servicesByLabel, splitNames, type DocRef, type NsIndex, type Report, type ServiceFacts,
} from './facts';

/** What the checks may read: the namespace's index, and every namespace's (in first-seen order). */
export interface Lookup {
  ns(name: string): NsIndex;
  readonly namespaces: ReadonlyMap<string, NsIndex>;
}

/** Where a reference is: the document, its name and namespace. */
export interface Holder {
  readonly at: DocRef;
  readonly name: string;
  readonly ns: string;
}

export interface ReferenceCheck<F> {
  readonly kinds: readonly string[];
  readonly group: string;
  /** The facts to keep; undefined when there is nothing to check. */
  facts(o: Obj, spec: Obj): F | undefined;
  check(h: Holder & { readonly kind: string }, f: F, ix: Lookup, r: Report): void;
}

interface Backend { readonly path: string; readonly service: string; readonly port: Obj | undefined }
interface IngressFacts { readonly backends: readonly Backend[]; readonly tls: readonly { readonly i: number; readonly secret: string }[] }

/** Ingress -> Services (and their ports) of its namespace, and its TLS Secrets. */
const ingress: ReferenceCheck<IngressFacts> = {
  kinds: ['Ingress'],
  group: 'networking.k8s.io',
  facts(o, spec) {
    const backends: Backend[] = [];
    const add = (path: string, b: unknown): void => {
      const svc = obj(obj(b)?.service);
      const sn = str(svc?.name);
      if (svc && sn) backends.push({ path: flatPath(path), service: sn, port: obj(svc.port) });
    };
    if (obj(spec.defaultBackend)) add('spec.defaultBackend', spec.defaultBackend);
    arr(spec.rules).forEach((r, i) => arr(obj(obj(r)?.http)?.paths).forEach((p, j) => add(`spec.rules[${i}].http.paths[${j}].backend`, obj(p)?.backend)));
    const ann = obj(obj(o.metadata)?.annotations) ?? {};
    const certManaged = ['cert-manager.io/cluster-issuer', 'cert-manager.io/issuer'].some((k) => typeof ann[k] === 'string');
    const tls: { i: number; secret: string }[] = [];
    arr(spec.tls).forEach((t, i) => {
      const sn = str(obj(t)?.secretName);
      if (sn && !certManaged && !splitNames(ann[EXTERNAL_SECRETS_ANNOTATION]).includes(sn)) tls.push({ i, secret: sn });
    });
    // copies of exact size (facts.ts: TRIM)
    return backends.length > 0 || tls.length > 0 ? { backends: backends.slice(), tls: tls.slice() } : undefined;
  },
  check(h, f, ix, r) {
    const x = ix.ns(h.ns);
    for (const b of f.backends) {
      const target = x.services.get(b.service);
      if (!target) {
        report(r, h.at, r.missingSeverity, 'ingress-backend', `${b.path}.service.name`,
          `Ingress ${q(h.name)} routes to Service ${q(b.service)}, which is not defined in namespace ${q(h.ns)}${r.missingNote}`,
          'create the Service or fix the backend name');
      } else checkBackendPort(h, b, target, r);
    }
    for (const { i, secret } of f.tls) {
      if (x.secrets.has(secret)) continue;
      report(r, h.at, r.missingSeverity, 'missing-secret', `spec.tls[${i}].secretName`,
        `Ingress ${q(h.name)} serves TLS from Secret ${q(secret)}, which is not among the documents${r.missingNote}`,
        `add the Secret (or a cert-manager Certificate / ExternalSecret producing it), or declare it with the annotation ${EXTERNAL_SECRETS_ANNOTATION}: ${secret}`);
    }
  },
};

function checkBackendPort(h: Holder, b: Backend, target: ServiceFacts, r: Report): void {
  const port = b.port;
  const ports = target.ports.map(obj).filter((p): p is Obj => !!p);
  if (typeof port?.name === 'string' && port.name !== '' && !ports.some((p) => p.name === port.name)) {
    report(r, h.at, 'error', 'ingress-backend', `${b.path}.service.port.name`,
      `Ingress ${q(h.name)} uses port ${q(port.name)} of Service ${q(b.service)}, which has no port with that name (ports: ${ports.map((p) => (typeof p.name === 'string' ? p.name : q(p.port))).join(', ')})`,
      'use one of the Service port names or numbers');
  } else if (typeof port?.number === 'number' && !ports.some((p) => p.port === port.number)) {
    report(r, h.at, 'error', 'ingress-backend', `${b.path}.service.port.number`,
      `Ingress ${q(h.name)} uses port ${port.number} of Service ${q(b.service)}, which does not expose it (ports: ${ports.map((p) => q(p.port)).join(', ')})`,
      'use the Service port (spec.ports[].port), not the container port');
  }
}

interface TargetRef { readonly kind: string; readonly name: string; readonly apiVersion: string | undefined }

/** HorizontalPodAutoscaler -> its scale target (kind, name, API group). */
const hpa: ReferenceCheck<TargetRef> = {
  kinds: ['HorizontalPodAutoscaler'],
  group: 'autoscaling',
  facts(_o, spec) {
    const ref = obj(spec.scaleTargetRef);
    const kind = str(ref?.kind);
    const name = str(ref?.name);
    return kind && name ? { kind, name, apiVersion: str(ref?.apiVersion) } : undefined;
  },
  check(h, t, ix, r) {
    const tv = ix.ns(h.ns).named.get(t.kind)?.get(t.name)?.latest;
    if (tv === undefined) {
      report(r, h.at, r.missingSeverity, 'hpa-target', 'spec.scaleTargetRef',
        `HorizontalPodAutoscaler ${q(h.name)} scales ${t.kind} ${q(t.name)}, which is not defined in namespace ${q(h.ns)}${r.missingNote}`,
        'point scaleTargetRef at the workload (kind, name, apiVersion) or create it');
    } else if (tv && t.apiVersion && groupOf(tv) !== groupOf(t.apiVersion)) {
      report(r, h.at, 'error', 'hpa-target', 'spec.scaleTargetRef.apiVersion',
        `HorizontalPodAutoscaler ${q(h.name)} names ${t.apiVersion} ${t.kind} ${q(t.name)} but the object is ${tv}`, `set apiVersion: ${tv}`);
    }
  },
};

/** PodDisruptionBudget -> the pods of its namespace (an empty selector is the API rules' finding). */
const pdb: ReferenceCheck<Obj> = {
  kinds: ['PodDisruptionBudget'],
  group: 'policy',
  facts(_o, spec) {
    const sel = obj(spec.selector);
    return sel && !isEmptySelector(sel) ? sel : undefined;
  },
  check(h, sel, ix, r) {
    const x = ix.ns(h.ns);
    if (candidates(x.pods, x.podsByLabel, sel.matchLabels).some((p) => labelSelectorMatches(sel, p.podLabels, p.implied))) return;
    report(r, h.at, r.missingSeverity, 'pdb-selects-nothing', 'spec.selector',
      `PodDisruptionBudget ${q(h.name)} selects no pod template in namespace ${q(h.ns)}${r.missingNote}`,
      'use the same selector as the workload it protects');
  },
};

/** RoleBinding / ClusterRoleBinding -> its Role (same namespace) or ClusterRole, or one every cluster has. */
const binding: ReferenceCheck<{ readonly kind: string; readonly name: string }> = {
  kinds: ['RoleBinding', 'ClusterRoleBinding'],
  group: 'rbac.authorization.k8s.io',
  facts(o) {
    const ref = obj(o.roleRef);
    const kind = str(ref?.kind);
    const name = str(ref?.name);
    return kind && name ? { kind, name } : undefined;
  },
  check(h, role, ix, r) {
    // Roles live in the binding's namespace; ClusterRoles are cluster-scoped (namespace '').
    const present = role.kind === 'Role' ? (ix.ns(h.ns).named.get('Role')?.has(role.name) ?? false)
      : (ix.namespaces.get('')?.named.get('ClusterRole')?.has(role.name) ?? false);
    const builtIn = role.kind === 'ClusterRole' ? isBootstrapClusterRole(role.name) : isBootstrapRole(h.ns, role.name);
    if (present || builtIn) return;
    report(r, h.at, r.missingSeverity, 'rbac-role', 'roleRef.name',
      `${h.kind} ${q(h.name)} binds ${role.kind} ${q(role.name)}, which is not among the documents${role.kind === 'Role' ? ` in namespace ${q(h.ns)}` : ''}${r.missingNote}`,
      `add the ${role.kind}, or fix roleRef.name; bindings to a missing role grant nothing`);
  },
};

interface MonitorFacts {
  readonly selector: Obj;
  /** true: any namespace; a list: those; undefined: its own. */
  readonly namespaces: true | readonly string[] | undefined;
  readonly ports: readonly { readonly i: number; readonly port: string }[];
}

/** ServiceMonitor -> Services by their labels (not pods), and the Service port each endpoint scrapes. */
const serviceMonitor: ReferenceCheck<MonitorFacts> = {
  kinds: ['ServiceMonitor'],
  group: 'monitoring.coreos.com',
  facts(_o, spec) {
    const nsSel = obj(spec.namespaceSelector);
    const names = arr(nsSel?.matchNames);
    const ports: { i: number; port: string }[] = [];
    arr(spec.endpoints).forEach((e, i) => {
      const port = str(obj(e)?.port);
      if (port) ports.push({ i, port });
    });
    return {
      selector: obj(spec.selector) ?? {}, ports,
      namespaces: nsSel?.any === true ? true : names.length > 0 ? names.filter((s): s is string => typeof s === 'string') : undefined,
    };
  },
  check(h, f, ix, r) {
    const namespaces = f.namespaces === true ? [...ix.namespaces.keys()] : f.namespaces ?? [h.ns];
    const matched: ServiceFacts[] = [];
    for (const m of namespaces) {
      const x = ix.namespaces.get(m);
      if (!x) continue;
      for (const s of candidates(x.allServices, servicesByLabel(x), f.selector.matchLabels)) if (labelSelectorMatches(f.selector, s.labels)) matched.push(s);
    }
    if (matched.length === 0) {
      report(r, h.at, r.missingSeverity, 'servicemonitor-selects-nothing', 'spec.selector',
        `ServiceMonitor ${q(h.name)} selects no Service (by Service labels ${q(f.selector)}) in ${namespaces.map((s) => q(s)).join(', ') || 'any namespace'}${r.missingNote}`,
        "put the selector's labels on the Service metadata (a ServiceMonitor selects Services, not pods)");
      return;
    }
    for (const { i, port } of f.ports) {
      const lacking = matched.filter((s) => !s.ports.some((p) => obj(p)?.name === port));
      if (lacking.length < matched.length) continue;
      report(r, h.at, 'error', 'servicemonitor-port', `spec.endpoints[${i}].port`,
        `ServiceMonitor ${q(h.name)} scrapes port ${q(port)}, but the selected Service ${q(lacking[0].name)} has no port with that name`,
        `name the Service port ${q(port)} or use one of its port names`);
    }
  },
};

/** The reference checks of kinds other than workloads and Services, by kind. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const CHECKS: readonly ReferenceCheck<any>[] = [ingress, hpa, pdb, binding, serviceMonitor];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const REFERENCE_CHECKS: ReadonlyMap<string, ReferenceCheck<any>> = new Map(CHECKS.flatMap((c) => c.kinds.map((k) => [k, c] as const)));
