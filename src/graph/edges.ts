/**
 * The edges each kind of object draws: one reader per kind (a table, kind -> reader), plus the
 * pod spec's references for every workload.
 */
import type { Entry, GraphBuilder, MutableNode } from './builder';
import { isObj, list, matchesLabels, monitoredNamespaces, pdbLabel, podTemplate, rangeOf, serviceOfHost, str, strMap, txt, type Obj } from './objects';

type EdgeReader = (b: GraphBuilder, e: Entry) => void;

/** Draws the edges of one object: its kind's own, then its pod template's references. */
export function objectEdges(b: GraphBuilder, e: Entry): void {
  EDGE_READERS.get(e.o.kind)?.(b, e);
  const tmpl = e.node.category === 'workload' ? podTemplate(e.o) : undefined;
  if (tmpl) podEdges(b, e.node, e.node.namespace, tmpl.spec, e.o);
}

function serviceEdges(b: GraphBuilder, { o, node }: Entry): void {
  if (o.spec?.type === 'ExternalName') return;
  const sel = strMap(o.spec?.selector);
  if (Object.keys(sel).length === 0) return;
  const ports = list(o.spec?.ports).map((p) => txt(p.targetPort ?? p.port)).filter((p) => p !== '');
  for (const p of b.selectPods(node.namespace, { matchLabels: sel })) b.addEdge({ from: node.id, to: p.e.node.id, type: 'selects', label: ports.join(',') || undefined });
}

function ingressEdges(b: GraphBuilder, { o, node }: Entry): void {
  const ns = node.namespace;
  const backends: Obj[] = [];
  if (isObj(o.spec?.defaultBackend)) backends.push({ host: '*', path: '', b: o.spec.defaultBackend });
  for (const r of list(o.spec?.rules)) for (const p of list(r.http?.paths)) backends.push({ host: str(r.host) ?? '*', path: str(p.path) ?? '/', b: p.backend });
  for (const { host, path, b: backend } of backends) {
    const svc = str(backend?.service?.name);
    const port = txt(backend?.service?.port?.name ?? backend?.service?.port?.number) || undefined;
    if (svc) b.ref(node, 'Service', ns, svc, 'routes', `${host}${path}${port !== undefined ? ` → ${port}` : ''}`);
  }
  for (const t of list(o.spec?.tls)) if (str(t.secretName)) b.secretRef(node, ns, t.secretName, 'mounts', 'tls');
}

/** Gateway API routes: their parent Gateways and their backends. */
function routeEdges(b: GraphBuilder, { o, node }: Entry): void {
  const ns = node.namespace;
  const hosts = Array.isArray(o.spec?.hostnames) ? o.spec.hostnames.filter((h: unknown) => typeof h === 'string') : [];
  for (const p of list(o.spec?.parentRefs)) {
    const pk = str(p.kind) ?? 'Gateway';
    // Gateways are usually shared infrastructure outside the app: drawn as external, not broken.
    if (str(p.name)) b.ref(node, pk, str(p.namespace) ?? ns, p.name, 'parent', hosts.join(',') || undefined, true);
  }
  for (const r of list(o.spec?.rules)) {
    const paths = list(r.matches).map((m) => str(m.path?.value) ?? (isObj(m.method) ? `${txt(m.method.service)}/${txt(m.method.method)}` : '')).filter((x) => x !== '');
    for (const be of list(r.backendRefs)) {
      const bk = str(be.kind) ?? 'Service';
      if (str(be.name)) b.ref(node, bk, str(be.namespace) ?? ns, be.name, 'routes', `${paths.join(',') || '/'}${txt(be.port) ? ` → ${txt(be.port)}` : ''}`);
    }
  }
}

function scalerEdges(b: GraphBuilder, { o, node }: Entry): void {
  const t = o.spec?.scaleTargetRef;
  if (isObj(t) && str(t.name)) b.ref(node, str(t.kind) ?? 'Deployment', node.namespace, t.name, 'scales', rangeOf(o));
}

function pdbEdges(b: GraphBuilder, { o, node }: Entry): void {
  for (const p of b.selectPods(node.namespace, o.spec?.selector)) b.addEdge({ from: node.id, to: p.e.node.id, type: 'protects', label: pdbLabel(o) });
}

function serviceMonitorEdges(b: GraphBuilder, { o, node }: Entry): void {
  const nss = monitoredNamespaces(o, node.namespace);
  const portsOf = list(o.spec?.endpoints).map((x) => str(x.port) ?? str(x.targetPort) ?? '').filter((x) => x !== '').join(',');
  for (const s of b.services) {
    if ((nss === 'any' || nss.includes(s.node.namespace)) && matchesLabels(o.spec?.selector, strMap(s.o.metadata?.labels))) b.addEdge({ from: node.id, to: s.node.id, type: 'scrapes', label: portsOf || undefined });
  }
}

function podMonitorEdges(b: GraphBuilder, { o, node }: Entry): void {
  const nss = monitoredNamespaces(o, node.namespace);
  for (const p of b.pods) if ((nss === 'any' || nss.includes(p.e.node.namespace)) && matchesLabels(o.spec?.selector, p.tmpl.labels)) b.addEdge({ from: node.id, to: p.e.node.id, type: 'scrapes' });
}

/** A binding grants its role (a built-in ClusterRole is external, not broken) and binds its ServiceAccounts. */
function bindingEdges(b: GraphBuilder, { o, node }: Entry): void {
  const ns = node.namespace;
  const rr = o.roleRef;
  if (isObj(rr) && str(rr.name)) {
    const rk = str(rr.kind) ?? 'Role';
    const t = b.target(rk, rk === 'ClusterRole' ? '' : ns, rr.name, node);
    const builtin = t.missing && rk === 'ClusterRole' && (/^system:/.test(rr.name) || ['cluster-admin', 'admin', 'edit', 'view'].includes(rr.name));
    b.addEdge({ from: node.id, to: t.id, type: 'grants', ...(t.missing && !builtin ? { broken: b.whyBroken(node, rk, rr.name) } : {}) });
    if (builtin) b.markExternal(t.id, 'built-in');
  }
  for (const s of list(o.subjects)) {
    if (s.kind === 'ServiceAccount' && str(s.name)) b.ref(node, 'ServiceAccount', str(s.namespace) ?? ns, s.name, 'binds');
  }
}

/** Allowed traffic: from each ingress peer to the selected pods, from the selected pods to each egress peer. */
function policyEdges(b: GraphBuilder, e: Entry): void {
  const ns = e.node.namespace;
  const spec = e.o.spec;
  if (!isObj(spec)) return;
  const selected = b.selectPods(ns, spec.podSelector, true); // {} selects every pod of the namespace
  const external = (kind: string, name: string): string => {
    const id = b.target(kind, '', name, e.node).id;
    b.markExternal(id);
    return id;
  };
  const portsOf = (rule: Obj): string | undefined => {
    const ps = list(rule.ports).map((p) => `${txt(p.port) || 'any'}/${txt(p.protocol) || 'TCP'}`);
    return ps.length ? ps.join(',') : undefined;
  };
  const peersOf = (rule: Obj, key: 'from' | 'to'): string[] => {
    const out: string[] = [];
    for (const peer of list(rule[key])) {
      if (isObj(peer.ipBlock) && str(peer.ipBlock.cidr)) {
        out.push(external('CIDR', peer.ipBlock.cidr));
      } else if (isObj(peer.namespaceSelector)) {
        const nsName = str(peer.namespaceSelector.matchLabels?.['kubernetes.io/metadata.name']);
        const podSel = isObj(peer.podSelector) ? Object.entries(strMap(peer.podSelector.matchLabels)).map(([k, v]) => `${k}=${v}`).join(',') : '';
        out.push(external('Namespace', `${nsName ?? 'any'}${podSel ? ` (${podSel})` : ''}`));
      } else if (isObj(peer.podSelector)) {
        for (const p of b.selectPods(ns, peer.podSelector, true)) out.push(p.e.node.id);
      }
    }
    return out;
  };
  for (const rule of list(spec.ingress)) {
    for (const from of peersOf(rule, 'from')) for (const s of selected) b.addEdge({ from, to: s.e.node.id, type: 'allows', label: portsOf(rule) });
  }
  for (const rule of list(spec.egress)) {
    for (const to of peersOf(rule, 'to')) for (const s of selected) b.addEdge({ from: s.e.node.id, to, type: 'allows', label: portsOf(rule) });
  }
}

const EDGE_READERS: ReadonlyMap<string, EdgeReader> = new Map<string, EdgeReader>([
  ['Service', serviceEdges],
  ['Ingress', ingressEdges],
  ...(['HTTPRoute', 'GRPCRoute', 'TLSRoute', 'TCPRoute', 'UDPRoute'] as const).map((k): [string, EdgeReader] => [k, routeEdges]),
  ['HorizontalPodAutoscaler', scalerEdges],
  ['ScaledObject', scalerEdges],
  ['PodDisruptionBudget', pdbEdges],
  ['ServiceMonitor', serviceMonitorEdges],
  ['PodMonitor', podMonitorEdges],
  ['RoleBinding', bindingEdges],
  ['ClusterRoleBinding', bindingEdges],
  ['NetworkPolicy', policyEdges],
]);

/** A workload's references: ServiceAccount, pull secrets, volumes, claim templates, env sources, connections. */
function podEdges(b: GraphBuilder, node: MutableNode, ns: string, spec: Obj, o: Obj): void {
  const sa = str(spec.serviceAccountName) ?? str(spec.serviceAccount);
  if (sa) b.ref(node, 'ServiceAccount', ns, sa, 'runs-as');
  for (const s of list(spec.imagePullSecrets)) if (str(s.name)) b.secretRef(node, ns, s.name, 'pulls');
  volumeEdges(b, node, ns, spec);
  if (o.kind === 'StatefulSet') {
    for (const c of list(o.spec?.volumeClaimTemplates)) {
      const name = str(c.metadata?.name);
      if (!name) continue;
      const id = b.target('ClaimTemplate', ns, `${name} (${node.name})`, node).id;
      b.markPresent(id, str(c.spec?.resources?.requests?.storage));
      b.addEdge({ from: node.id, to: id, type: 'claims' });
    }
    if (str(o.spec?.serviceName)) b.ref(node, 'Service', ns, o.spec.serviceName, 'connects', 'governing');
  }
  for (const c of [...list(spec.initContainers), ...list(spec.containers)]) envEdges(b, node, ns, c);
}

function volumeEdges(b: GraphBuilder, node: MutableNode, ns: string, spec: Obj): void {
  for (const v of list(spec.volumes)) {
    if (str(v.configMap?.name)) b.ref(node, 'ConfigMap', ns, v.configMap.name, 'mounts', str(v.name));
    if (str(v.secret?.secretName)) b.secretRef(node, ns, v.secret.secretName, 'mounts', str(v.name));
    if (str(v.persistentVolumeClaim?.claimName)) b.ref(node, 'PersistentVolumeClaim', ns, v.persistentVolumeClaim.claimName, 'claims', str(v.name));
    for (const src of list(v.projected?.sources)) {
      if (str(src.configMap?.name)) b.ref(node, 'ConfigMap', ns, src.configMap.name, 'mounts', str(v.name));
      if (str(src.secret?.name)) b.secretRef(node, ns, src.secret.name, 'mounts', str(v.name));
    }
  }
}

/** A container's env sources, and a connection for each env value that names a Service host. */
function envEdges(b: GraphBuilder, node: MutableNode, ns: string, c: Obj): void {
  for (const f of list(c.envFrom)) {
    if (str(f.configMapRef?.name)) b.ref(node, 'ConfigMap', ns, f.configMapRef.name, 'env', 'envFrom');
    if (str(f.secretRef?.name)) b.secretRef(node, ns, f.secretRef.name, 'env', 'envFrom');
  }
  for (const e of list(c.env)) {
    const cm = e.valueFrom?.configMapKeyRef;
    const sec = e.valueFrom?.secretKeyRef;
    if (str(cm?.name)) b.ref(node, 'ConfigMap', ns, cm.name, 'env', txt(e.name) || undefined);
    if (str(sec?.name)) b.secretRef(node, ns, sec.name, 'env', txt(e.name) || undefined);
    const host = typeof e.value === 'string' ? e.value.trim() : undefined;
    if (host && str(e.name) && /(^|_)(HOST|HOSTNAME|ADDR|ADDRESS|URL|URI|ENDPOINT|SERVICE)$/i.test(e.name)) {
      const svc = serviceOfHost(host, ns, b.serviceHosts);
      if (svc) b.addEdge({ from: node.id, to: svc, type: 'connects', label: e.name });
    }
  }
}
