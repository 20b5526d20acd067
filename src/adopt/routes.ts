/**
 * Ingresses and Gateway API HTTPRoutes folded into the WebService whose Service they route to
 * (issue 17): the object becomes the WebService's own `ingress` / `route` option, with its name,
 * hosts, paths, TLS, class and annotations, parentRefs; what no option expresses (a second rule's
 * paths, filters, header matches...) is left to `asDeployed`, which the verification in recognize
 * computes like for any other object the construct writes. An Ingress or route that sends traffic
 * to several Services (fan-out) is not folded: a WebService writes one for its own Service only.
 */
import { isRecord } from '../diff/secrets';
import { code, objectKeyOf } from './recognize';

type Obj = Record<string, any>;

/** What folding found for one WebService: the options to add, and the objects that stay as they are, with why. */
export interface FoldedRoutes {
  /** `ingress` and/or `route` props (empty when nothing routes to the Service). */
  readonly props: Record<string, unknown>;
  /** Objects routing to the Service that are not folded: object key -> reason. */
  readonly kept: ReadonlyMap<string, string>;
}

/** The Services an Ingress sends traffic to (rules and default backend), undefined for a non-Service backend. */
function ingressServices(ing: Obj): string[] | undefined {
  const backends: Obj[] = [
    ...(ing.spec?.defaultBackend ? [ing.spec.defaultBackend] : []),
    ...((ing.spec?.rules ?? []) as Obj[]).flatMap((r) => ((r.http?.paths ?? []) as Obj[]).map((p) => p.backend ?? {})),
  ];
  if (backends.some((b) => typeof b.service?.name !== 'string')) return undefined;
  return [...new Set(backends.map((b) => b.service.name as string))];
}

/** The Services an HTTPRoute sends traffic to, undefined for a backend that is not a Service of its namespace. */
function routeServices(route: Obj): string[] | undefined {
  const refs = ((route.spec?.rules ?? []) as Obj[]).flatMap((r) => (r.backendRefs ?? []) as Obj[]);
  const ns = route.metadata?.namespace;
  if (refs.some((b) => typeof b.name !== 'string' || (b.kind ?? 'Service') !== 'Service' || (b.group ?? '') !== '' || (b.namespace !== undefined && b.namespace !== ns))) return undefined;
  return [...new Set(refs.map((b) => b.name as string))];
}

const isIngress = (x: Obj) => x.kind === 'Ingress' && x.apiVersion === 'networking.k8s.io/v1';
const isHttpRoute = (x: Obj) => x.kind === 'HTTPRoute' && x.apiVersion === 'gateway.networking.k8s.io/v1';

/** The `ingress` option that writes `ing` (its first rule's paths for every host; the rest: asDeployed). */
export function ingressOption(ing: Obj, workloadName: string): Record<string, unknown> | string {
  const rules = (ing.spec?.rules ?? []) as Obj[];
  if (rules.length === 0) return 'it has no rules (a default backend only)';
  if (rules.some((r) => typeof r.host !== 'string')) return 'a rule without a host, which a WebService\'s Ingress does not write';
  const hosts = rules.map((r) => r.host as string);
  const first = (rules[0].http?.paths ?? []) as Obj[];
  if (first.length === 0) return 'its first rule has no paths';
  const opt: Record<string, unknown> = hosts.length === 1 ? { host: hosts[0] } : { hosts };
  const paths = first.map((p) => p.path);
  if (!(paths.length === 1 && paths[0] === '/')) opt.paths = paths;
  if (first[0].pathType !== 'Prefix') opt.pathType = first[0].pathType;
  const tls = (ing.spec?.tls ?? []) as Obj[];
  if (tls.length > 0 && tls.every((t) => typeof t.secretName === 'string')) {
    const all = (t: Obj) => Array.isArray(t.hosts) && t.hosts.join('\n') === hosts.join('\n');
    opt.tls = tls.length === 1 && all(tls[0])
      ? code('SecretSource.existing', tls[0].secretName)
      : tls.map((t) => ({ ...(Array.isArray(t.hosts) ? { hosts: t.hosts } : {}), secret: code('SecretSource.existing', t.secretName) }));
  }
  if (typeof ing.spec?.ingressClassName === 'string') opt.ingressClassName = ing.spec.ingressClassName;
  if (isRecord(ing.metadata?.annotations) && Object.keys(ing.metadata.annotations).length > 0) opt.annotations = ing.metadata.annotations;
  if (ing.metadata.name !== workloadName) opt.name = ing.metadata.name;
  if (first[0].backend?.service?.port?.number !== undefined) opt.backendPort = 'number';
  return opt;
}

/** The `route` option that writes the HTTPRoute `route` (first parentRef, first rule's path matches; the rest: asDeployed). */
export function routeOption(route: Obj, workloadName: string, portName?: string): Record<string, unknown> | string {
  const parent = route.spec?.parentRefs?.[0] as Obj | undefined;
  if (!parent || typeof parent.name !== 'string') return 'it has no parentRefs';
  const opt: Record<string, unknown> = {
    gateway: {
      name: parent.name,
      ...(typeof parent.namespace === 'string' ? { namespace: parent.namespace } : {}),
      ...(typeof parent.sectionName === 'string' ? { sectionName: parent.sectionName } : {}),
    },
  };
  if (Array.isArray(route.spec?.hostnames) && route.spec.hostnames.length > 0) opt.hosts = route.spec.hostnames;
  const matches = (route.spec?.rules?.[0]?.matches ?? []) as Obj[];
  const byPath = matches.filter((m) => isRecord(m.path) && typeof m.path.value === 'string');
  if (byPath.length > 0) {
    const paths = byPath.map((m) => m.path.value);
    if (!(paths.length === 1 && paths[0] === '/')) opt.paths = paths;
    const type = byPath[0].path.type ?? 'PathPrefix';
    if (type === 'Exact') opt.pathType = 'Exact';
  }
  // A port named grpc* would make the WebService write a GRPCRoute.
  if (/^grpc(-|$)/.test(portName ?? '')) opt.protocol = 'http';
  if (route.metadata.name !== workloadName) opt.name = route.metadata.name;
  return opt;
}

/**
 * The Ingress and HTTPRoute (same namespace, unclaimed) that route to `service` only, as options
 * of its WebService; the ones that route to it among other Services stay as they are, with why.
 */
export function foldRoutes(service: Obj, workloadName: string, objects: readonly Obj[], claimed: ReadonlySet<string>): FoldedRoutes {
  const ns = service.metadata?.namespace;
  const name = service.metadata?.name;
  const props: Record<string, unknown> = {};
  const kept = new Map<string, string>();
  const candidates = objects.filter((x) => x.metadata?.namespace === ns && !claimed.has(objectKeyOf(x)) && (isIngress(x) || isHttpRoute(x)));
  for (const x of candidates) {
    const ingress = isIngress(x);
    const services = ingress ? ingressServices(x) : routeServices(x);
    if (!services?.includes(name)) continue;
    const key = objectKeyOf(x);
    const prop = ingress ? 'ingress' : 'route';
    if (services.length > 1) {
      kept.set(key, `it routes to ${services.length} Services (${services.join(', ')}); a WebService's ${x.kind} routes to its own Service only`);
      continue;
    }
    if (props[prop] !== undefined) {
      kept.set(key, `WebService ${workloadName} already writes one ${x.kind} (${ingress ? 'ingress' : 'route'}); this one stays as it is`);
      continue;
    }
    const opt = ingress ? ingressOption(x, workloadName) : routeOption(x, workloadName, service.spec?.ports?.[0]?.name);
    if (typeof opt === 'string') kept.set(key, opt);
    else props[prop] = opt;
  }
  return { props, kept };
}

/** Keys of the Ingress / HTTPRoute objects named by the `ingress` / `route` options of the workload `o`. */
export function foldedKeys(props: Record<string, unknown>, objects: readonly Obj[], o: Obj): string[] {
  const named = (kind: string, opt: unknown) => objects.find((x) => x.kind === kind && x.metadata?.namespace === o.metadata.namespace && x.metadata?.name === ((opt as Obj).name ?? o.metadata.name));
  return [props.ingress ? named('Ingress', props.ingress) : undefined, props.route ? named('HTTPRoute', props.route) : undefined].filter((x): x is Obj => x !== undefined).map(objectKeyOf);
}
