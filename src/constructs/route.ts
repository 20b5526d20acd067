// Gateway API routes (gateway.networking.k8s.io/v1) for a WebService: an HTTPRoute, or a
// GRPCRoute for a gRPC port, attached to an existing Gateway, with the Gateway's proxy pods
// recorded as an edge for the derived NetworkPolicies. Typed plain ApiObjects: the fields
// helmless renders, with interfaces of our own (no generated CRD imports).
import { ApiObject, ApiObjectMetadata, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';
import { dns1123Subdomain } from '../validate/rules/syntax';
import { checkSyntax, invalidProp } from './errors';
import { checkName } from './names';
import { Port } from './ports';

export const GATEWAY_API_VERSION = 'gateway.networking.k8s.io/v1';
/** The label Gateway API implementations put on a Gateway's proxy pods (GEP-1762). */
export const GATEWAY_NAME_LABEL = 'gateway.networking.k8s.io/gateway-name';

/** A Gateway a route attaches to. */
export interface ParentReference {
  readonly name: string;
  readonly namespace?: string;
  readonly sectionName?: string;
}

/** A Service port a route sends traffic to. */
export interface BackendReference {
  readonly name: string;
  readonly port: number;
}

/** HTTPRoute match (paths only). */
export interface HttpRouteMatch {
  readonly path?: { readonly type: 'PathPrefix' | 'Exact'; readonly value: string };
}

export interface HttpRouteSpec {
  readonly parentRefs: readonly ParentReference[];
  readonly hostnames?: readonly string[];
  readonly rules: readonly { readonly matches?: readonly HttpRouteMatch[]; readonly backendRefs: readonly BackendReference[] }[];
}

/** GRPCRoute match (by gRPC service, optionally method). */
export interface GrpcRouteMatch {
  readonly method?: { readonly type?: 'Exact'; readonly service?: string; readonly method?: string };
}

export interface GrpcRouteSpec {
  readonly parentRefs: readonly ParentReference[];
  readonly hostnames?: readonly string[];
  readonly rules: readonly { readonly matches?: readonly GrpcRouteMatch[]; readonly backendRefs: readonly BackendReference[] }[];
}

/** An HTTPRoute (gateway.networking.k8s.io/v1). */
export class HttpRoute extends ApiObject {
  public static readonly GVK: GroupVersionKind = { apiVersion: GATEWAY_API_VERSION, kind: 'HTTPRoute' };
  constructor(scope: Construct, id: string, props: { readonly metadata: ApiObjectMetadata; readonly spec: HttpRouteSpec }) {
    super(scope, id, { ...HttpRoute.GVK, metadata: props.metadata, spec: props.spec });
  }
}

/** A GRPCRoute (gateway.networking.k8s.io/v1). */
export class GrpcRoute extends ApiObject {
  public static readonly GVK: GroupVersionKind = { apiVersion: GATEWAY_API_VERSION, kind: 'GRPCRoute' };
  constructor(scope: Construct, id: string, props: { readonly metadata: ApiObjectMetadata; readonly spec: GrpcRouteSpec }) {
    super(scope, id, { ...GrpcRoute.GVK, metadata: props.metadata, spec: props.spec });
  }
}

/** Options of the Gateway API route of a WebService. */
export interface WebRouteOptions {
  /** The existing Gateway the route attaches to (`sectionName`: one listener). */
  readonly gateway: { readonly name: string; readonly namespace?: string; readonly sectionName?: string };
  /**
   * Host names the route serves ('*.example.com' allowed).
   * @default - every host name of the Gateway's listeners
   */
  readonly hosts?: readonly string[];
  /**
   * URL paths routed to the service (HTTPRoute only).
   * @default ['/']
   */
  readonly paths?: readonly string[];
  /**
   * How `paths` match (HTTPRoute only).
   * @default 'PathPrefix'
   */
  readonly pathType?: 'PathPrefix' | 'Exact';
  /**
   * gRPC services routed (GRPCRoute only), e.g. ['acme.tickets.v1.Tickets'].
   * @default - every service
   */
  readonly grpcServices?: readonly string[];
  /**
   * The port routed to, by object (`web.port`, or one of `web.ports`).
   * @default - the primary port
   */
  readonly port?: Port;
  /**
   * 'grpc' makes a GRPCRoute, 'http' an HTTPRoute.
   * @default - 'grpc' when the port is named 'grpc' or 'grpc-*', else 'http'
   */
  readonly protocol?: 'http' | 'grpc';
  /**
   * The Gateway's proxy pods, which the derived NetworkPolicies admit to the port.
   * @default - pods labelled gateway.networking.k8s.io/gateway-name=<gateway> in the Gateway's namespace
   */
  readonly gatewayPods?: { readonly namespace?: string; readonly labels?: Readonly<Record<string, string>> };
  /**
   * The route's name (an adopted route keeps its own).
   * @default - the WebService's name
   */
  readonly name?: string;
}

/** The resolved route: what the WebService renders and which edge it records. */
export interface ResolvedRoute {
  readonly kind: 'HTTPRoute' | 'GRPCRoute';
  readonly port: Port;
  readonly parentRef: ParentReference;
  readonly hostnames?: string[];
  readonly podNamespace: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly spec: (serviceName: string) => HttpRouteSpec | GrpcRouteSpec;
}

/** Checks `route` for the WebService `scope` (its ports `ports`, primary first). */
export function resolveRoute(scope: Construct, o: WebRouteOptions, ports: readonly Port[], chartNamespace: string | undefined): ResolvedRoute {
  if (!o.gateway || typeof o.gateway.name !== 'string') invalidProp(scope, 'route.gateway', o.gateway, 'must name an existing Gateway', "set gateway: { name: 'public', namespace: 'gateway-system' }");
  checkName(scope, 'route.gateway.name (Gateway)', o.gateway.name, 'dns1123-subdomain');
  const namespace = o.gateway.namespace ?? chartNamespace;
  if (namespace !== undefined) checkName(scope, 'route.gateway.namespace', namespace, 'dns1123-label');
  if (o.gateway.sectionName !== undefined) checkName(scope, 'route.gateway.sectionName', o.gateway.sectionName, 'dns1123-subdomain');
  const port = o.port ?? ports[0];
  if (!ports.includes(port) || !port.expose) invalidProp(scope, 'route.port', port.name, 'is not a port this WebService exposes on its Service', 'pass web.port or one of web.ports');
  const protocol = o.protocol ?? (/^grpc(-|$)/.test(port.name) ? 'grpc' : 'http');
  if (protocol !== 'http' && protocol !== 'grpc') invalidProp(scope, 'route.protocol', protocol, "must be 'http' or 'grpc'", "use protocol: 'http'");
  const hosts = o.hosts;
  if (hosts !== undefined && hosts.length === 0) invalidProp(scope, 'route.hosts', hosts, 'an empty list means every host; leave hosts unset for that', 'list at least one host, or drop hosts');
  for (const h of hosts ?? []) {
    checkSyntax(scope, 'route.hosts', h, dns1123Subdomain(h.startsWith('*.') ? h.slice(2) : h), "use a lower-case DNS name such as 'tickets.example.com'");
  }
  if (protocol === 'grpc' && (o.paths !== undefined || o.pathType !== undefined)) {
    invalidProp(scope, 'route.paths', o.paths, 'a GRPCRoute matches gRPC services, not paths', 'use grpcServices, or protocol: \'http\'');
  }
  if (protocol === 'http' && o.grpcServices !== undefined) invalidProp(scope, 'route.grpcServices', o.grpcServices, 'an HTTPRoute matches paths', "use paths, or protocol: 'grpc'");
  const paths = o.paths ?? ['/'];
  if (paths.length === 0) invalidProp(scope, 'route.paths', paths, 'must list at least one path', "use paths: ['/']");
  for (const p of paths) if (!p.startsWith('/')) invalidProp(scope, 'route.paths', p, "a path must start with '/'", `use '/${p}'`);
  const pathType = o.pathType ?? 'PathPrefix';
  if (pathType !== 'PathPrefix' && pathType !== 'Exact') invalidProp(scope, 'route.pathType', pathType, "must be 'PathPrefix' or 'Exact'", "use pathType: 'PathPrefix'");
  const podNamespace = o.gatewayPods?.namespace ?? namespace;
  if (podNamespace === undefined) {
    invalidProp(scope, 'route.gateway.namespace', undefined, 'the Gateway\'s namespace is needed to admit its pods, and the chart has no namespace', "set gateway: { name, namespace: 'gateway-system' }");
  }
  const podLabels = o.gatewayPods?.labels ?? { [GATEWAY_NAME_LABEL]: o.gateway.name };
  if (Object.keys(podLabels).length === 0) invalidProp(scope, 'route.gatewayPods.labels', podLabels, 'an empty label set selects every pod of the namespace', 'leave labels unset, or name the proxy pods\' labels');
  const parentRef: ParentReference = {
    name: o.gateway.name,
    ...(namespace !== undefined ? { namespace } : {}),
    ...(o.gateway.sectionName !== undefined ? { sectionName: o.gateway.sectionName } : {}),
  };
  const hostnames = hosts ? [...hosts] : undefined;
  return {
    kind: protocol === 'grpc' ? 'GRPCRoute' : 'HTTPRoute',
    port, parentRef, hostnames, podNamespace, podLabels,
    spec: (serviceName) => {
      const backendRefs = [{ name: serviceName, port: port.servicePort }];
      const head = { parentRefs: [parentRef], ...(hostnames ? { hostnames } : {}) };
      if (protocol === 'grpc') {
        const matches = o.grpcServices?.map((service) => ({ method: { service } }));
        return { ...head, rules: [{ ...(matches ? { matches } : {}), backendRefs }] };
      }
      return { ...head, rules: [{ matches: paths.map((value) => ({ path: { type: pathType, value } })), backendRefs }] };
    },
  };
}
