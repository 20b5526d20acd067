import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import type { ServiceMonitor } from '../../imports/monitoring.coreos.com';
import { recordCreationSite } from '../source-location';
import { dns1123Subdomain } from '../validate/rules/syntax';
import { Rollout, RolloutProps, renderScaling, resolveRollout } from './availability';
import { checkKnownProps, checkSyntax, invalidProp } from './errors';
import { MetricsOptions, portsWithMetrics, Metrics, renderMetrics } from './monitoring';
import { checkName } from './names';
import { allowFromIngressController, allowFromNamespace } from './network-policy';
import { Port, PortSpec } from './ports';
import { Probe } from './probes';
import { EXTERNAL_SECRETS_ANNOTATION, EnvValue, SecretSource } from './secrets';
import { ConnectionEndpoint, IConnectable, backendPort, hostPortEnv } from './connections';
import { GrpcRoute, GrpcRouteSpec, HttpRoute, HttpRouteSpec, WebRouteOptions, resolveRoute } from './route';
import { PlacementProps, Workload, WorkloadProps, renderPlacement } from './workload';

export type ServiceType = 'ClusterIP' | 'NodePort' | 'LoadBalancer';

/** One TLS entry of an Ingress: a certificate Secret for some of its hosts. */
export interface IngressTlsEntry {
  /**
   * The hosts the certificate covers.
   * @default - every host of the Ingress
   */
  readonly hosts?: readonly string[];
  /** The certificate Secret, by reference. */
  readonly secret: SecretSource;
}

/** Options of the Ingress of a WebService. */
export interface WebIngressOptions {
  /**
   * The host name the Ingress serves (e.g. 'shop.example.com'; '*.example.com' allowed).
   * @default - none: give `hosts`
   */
  readonly host?: string;
  /**
   * Several host names, one rule each (same paths and port).
   * @default - [host]
   */
  readonly hosts?: readonly string[];
  /**
   * URL paths routed to the service.
   * @default ['/']
   */
  readonly paths?: readonly string[];
  /** @default 'Prefix' */
  readonly pathType?: 'Prefix' | 'Exact' | 'ImplementationSpecific';
  /**
   * The TLS certificate Secret, by reference (an existing Secret, an ExternalSecret or a
   * SealedSecret), for every host; or several entries `{ hosts?, secret }`.
   * @default - no TLS (plain HTTP)
   */
  readonly tls?: SecretSource | readonly IngressTlsEntry[];
  /**
   * The IngressClass.
   * @default - the cluster's default IngressClass
   */
  readonly ingressClassName?: string;
  /**
   * Annotations of the Ingress (controller settings).
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * The port the Ingress routes to, by object (`web.port`, or one of `web.ports`).
   * @default - the primary port
   */
  readonly port?: Port;
  /**
   * The Ingress's name (an adopted Ingress keeps its own).
   * @default - the WebService's name
   */
  readonly name?: string;
  /**
   * How the backends name the Service port: 'name' or 'number' (as an adopted Ingress does).
   * @default 'name'
   */
  readonly backendPort?: 'name' | 'number';
}

/** Props of a {@link WebService}. */
export interface WebServiceProps extends WorkloadProps, PlacementProps, RolloutProps {
  /** The primary container port (named 'http' unless given a name). Probes and the Service use it by name. */
  readonly port: PortSpec;
  /**
   * More named container ports (each needs a name).
   * @default - none
   */
  readonly ports?: readonly PortSpec[];
  /**
   * Readiness probe: traffic goes to a pod only while it passes.
   * @default Probe.tcp() on the primary port (false: none, as a workload adopted without probes)
   */
  readonly readiness?: Probe | false;
  /**
   * Liveness probe: a pod failing it is restarted.
   * @default Probe.tcp() on the primary port (false: none, as a workload adopted without probes)
   */
  readonly liveness?: Probe | false;
  /** @default 'ClusterIP' */
  readonly serviceType?: ServiceType;
  /** @default 'None' */
  readonly sessionAffinity?: 'None' | 'ClientIP';
  /**
   * Annotations of the Service (cloud load balancer settings).
   * @default - none
   */
  readonly serviceAnnotations?: Readonly<Record<string, string>>;
  /**
   * 'Local' keeps external traffic on the node it arrives at (preserves client IPs); NodePort
   * and LoadBalancer only.
   * @default - Kubernetes' default ('Cluster')
   */
  readonly externalTrafficPolicy?: 'Cluster' | 'Local';
  /**
   * Client CIDRs a LoadBalancer admits.
   * @default - any client
   */
  readonly loadBalancerSourceRanges?: readonly string[];
  /**
   * A Gateway API route (HTTPRoute, or GRPCRoute for a gRPC port) attached to an existing Gateway.
   * @default - no route
   */
  readonly route?: WebRouteOptions;
  /**
   * An Ingress routing a host to the Service.
   * @default - no Ingress
   */
  readonly ingress?: WebIngressOptions;
  /**
   * Prometheus metrics: the port and path to scrape, as a ServiceMonitor (default) or scrape annotations.
   * @default - no metrics scraping
   */
  readonly metrics?: MetricsOptions;
}

/**
 * A stateless HTTP(S)/TCP server: Deployment + Service (+ Ingress, HPA, PDB), with probes on its
 * named port, a ServiceAccount, restricted security and standard labels.
 */
export class WebService extends Workload implements IConnectable {
  /** The primary port. */
  public readonly port: Port;
  /** All container ports, primary first. */
  public readonly ports: readonly Port[];
  /** The replica count written to the Deployment, undefined when an HPA owns it. */
  public readonly replicas: number | undefined;
  /** The resolved replicas, autoscaling and rolling update settings. */
  public readonly rollout: Rollout;
  public readonly serviceType: ServiceType;
  public readonly deployment: k8s.KubeDeployment;
  public readonly service: k8s.KubeService;
  public readonly ingress?: k8s.KubeIngress;
  /** The HTTPRoute or GRPCRoute (`route`). */
  public readonly route?: HttpRoute | GrpcRoute;
  public readonly hpa?: k8s.KubeHorizontalPodAutoscalerV2;
  public readonly pdb?: k8s.KubePodDisruptionBudget;
  /** The resolved `metrics` option. */
  public readonly metrics?: Metrics;
  /** The ServiceMonitor, when `metrics` asks for one. */
  public readonly serviceMonitor?: ServiceMonitor;

  constructor(scope: Construct, id: string, props: WebServiceProps) {
    super(scope, id, props, { component: 'server', kindName: 'Deployment and Service', nameRule: 'dns1035-label', propsName: 'WebServiceProps' });
    recordCreationSite(this);
    this.port = Port.of(this, 'port', props.port, 'http');
    const ownPorts = [this.port, ...(props.ports ?? []).map((p, i) => Port.of(this, `ports[${i}]`, p))];
    const sidecarPorts = this.sidecars.flatMap((c) => c.ports);
    ({ metrics: this.metrics, ports: this.ports } = portsWithMetrics(this, props.metrics, ownPorts, this.port, sidecarPorts));

    this.rollout = resolveRollout(this, props, 2);
    this.replicas = this.rollout.replicas;
    this.serviceType = props.serviceType ?? 'ClusterIP';
    if (!['ClusterIP', 'NodePort', 'LoadBalancer'].includes(this.serviceType)) {
      invalidProp(this, 'serviceType', this.serviceType, "must be 'ClusterIP', 'NodePort' or 'LoadBalancer'", "use serviceType: 'ClusterIP'");
    }
    const sessionAffinity = props.sessionAffinity ?? 'None';
    if (!['None', 'ClientIP'].includes(sessionAffinity)) invalidProp(this, 'sessionAffinity', sessionAffinity, "must be 'None' or 'ClientIP'", "use sessionAffinity: 'ClientIP'");

    const placement = renderPlacement(this, props);
    const template = this.podTemplate({
      ports: this.ports,
      readiness: props.readiness === false ? undefined : props.readiness ?? Probe.tcp(),
      liveness: props.liveness === false ? undefined : props.liveness ?? Probe.tcp(),
      maxPods: this.rollout.maxPods,
      ...placement,
    });

    this.deployment = new k8s.KubeDeployment(this, 'deployment', {
      metadata: this.metadata('Deployment', this.name, { annotations: this.workloadAnnotations() }),
      spec: {
        ...(this.replicas !== undefined ? { replicas: this.replicas } : {}),
        revisionHistoryLimit: this.rollout.revisionHistoryLimit,
        selector: { matchLabels: { ...this.selector } },
        strategy: this.rollout.strategy,
        template: this.metrics ? this.metrics.annotate(template) : template,
      },
    });
    this.keepHelmlessAnnotations(this.deployment);

    // The main container's exposed ports, then the sidecars' (`expose: true`): a Service targets
    // a port by name in whichever container of the pod declares it.
    const exposed = [...this.ports, ...sidecarPorts].filter((p) => p.expose);
    if (exposed.length === 0) invalidProp(this, 'port', this.port.name, 'no port is exposed, so the Service would have no ports', 'leave expose unset (true) on at least one port');
    const withNodePort = this.serviceType !== 'ClusterIP';
    if (props.externalTrafficPolicy !== undefined) {
      if (!['Cluster', 'Local'].includes(props.externalTrafficPolicy)) invalidProp(this, 'externalTrafficPolicy', props.externalTrafficPolicy, "must be 'Cluster' or 'Local'", "use externalTrafficPolicy: 'Local'");
      if (!withNodePort) invalidProp(this, 'externalTrafficPolicy', props.externalTrafficPolicy, 'applies to NodePort and LoadBalancer Services only', "set serviceType: 'LoadBalancer', or drop externalTrafficPolicy");
    }
    const ranges = props.loadBalancerSourceRanges;
    if (ranges !== undefined) {
      if (this.serviceType !== 'LoadBalancer') invalidProp(this, 'loadBalancerSourceRanges', ranges, 'applies to LoadBalancer Services only', "set serviceType: 'LoadBalancer', or drop loadBalancerSourceRanges");
      for (const r of ranges) {
        if (!/^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}$|^[0-9a-fA-F:]+\/\d{1,3}$/.test(r)) invalidProp(this, 'loadBalancerSourceRanges', r, 'must be a CIDR', `use '${r}/32' for one address`);
      }
    }
    this.service = new k8s.KubeService(this, 'service', {
      metadata: this.metadata('Service', this.name, { annotations: props.serviceAnnotations }),
      spec: {
        type: this.serviceType,
        selector: { ...this.selector },
        sessionAffinity,
        ...(props.externalTrafficPolicy !== undefined ? { externalTrafficPolicy: props.externalTrafficPolicy } : {}),
        ...(ranges !== undefined ? { loadBalancerSourceRanges: [...ranges] } : {}),
        ports: this.metrics ? this.metrics.servicePorts(exposed.map((p) => p.toServicePort(withNodePort))) : exposed.map((p) => p.toServicePort(withNodePort)),
      },
    });
    this.serviceMonitor = renderMetrics(this, this.metrics, this.service);

    if (props.ingress) this.ingress = this.renderIngress(props.ingress);
    if (props.route) this.route = this.renderRoute(props.route);

    ({ hpa: this.hpa, pdb: this.pdb } = renderScaling(this, props, this.rollout, this.deployment, (kind) => this.metadata(kind, this.name)));
    this.keepAsDeployed();
  }

  /** Env vars for a client: `<prefix>_HOST` (the Service) and `<prefix>_PORT` (its port). */
  public connectionEnv(prefix: string, port?: Port): Record<string, EnvValue> {
    return hostPortEnv(prefix, this.service, backendPort(this, this.ports, port));
  }

  /** Clients reach the pods on the primary port, or the given one. */
  public connectionEndpoint(port?: Port): ConnectionEndpoint {
    return { kind: 'pods', target: this, port: backendPort(this, this.ports, port) };
  }

  private renderRoute(o: WebRouteOptions): HttpRoute | GrpcRoute {
    const r = resolveRoute(this, o, this.ports, this.namespace);
    allowFromNamespace(this, `route ${r.parentRef.namespace ? `${r.parentRef.namespace}/` : ''}${r.parentRef.name}`, r.podNamespace, r.podLabels, r.port);
    if (o.name !== undefined) checkName(this, `route.name (${r.kind})`, o.name, 'dns1123-subdomain');
    const metadata = this.metadata(r.kind, o.name ?? this.name);
    return r.kind === 'GRPCRoute'
      ? new GrpcRoute(this, 'route', { metadata, spec: r.spec(this.service.name) as GrpcRouteSpec })
      : new HttpRoute(this, 'route', { metadata, spec: r.spec(this.service.name) as HttpRouteSpec });
  }

  private renderIngress(o: WebIngressOptions): k8s.KubeIngress {
    checkKnownProps(this, o, 'WebIngressOptions', 'ingress', 'ingress.');
    if ((o.host === undefined) === (o.hosts === undefined)) {
      invalidProp(this, 'ingress.host', o.host ?? o.hosts, 'give exactly one of host and hosts', "use host: 'shop.example.com', or hosts: ['a.example.com', 'b.example.com']");
    }
    const hosts = o.hosts ? [...o.hosts] : [o.host!];
    if (hosts.length === 0) invalidProp(this, 'ingress.hosts', hosts, 'must list at least one host', "use hosts: ['shop.example.com']");
    for (const host of hosts) {
      const bare = host.startsWith('*.') ? host.slice(2) : host;
      checkSyntax(this, 'ingress.host', host, dns1123Subdomain(bare), "use a lower-case DNS name such as 'shop.example.com'");
    }
    if (new Set(hosts).size !== hosts.length) invalidProp(this, 'ingress.hosts', hosts, 'lists a host twice', 'list each host once');
    const paths = o.paths ?? ['/'];
    if (paths.length === 0) invalidProp(this, 'ingress.paths', paths, 'must list at least one path', "use paths: ['/']");
    for (const p of paths) if (!p.startsWith('/')) invalidProp(this, 'ingress.paths', p, "a path must start with '/'", `use '/${p}'`);
    const port = o.port ?? this.port;
    if (!(this.ports.includes(port) || this.sidecars.some((c) => c.ports.includes(port))) || !port.expose) {
      invalidProp(this, 'ingress.port', port.name, 'is not a port this WebService exposes on its Service', 'pass web.port or one of web.ports');
    }
    allowFromIngressController(this, port);
    if (o.ingressClassName !== undefined) checkName(this, 'IngressClass', o.ingressClassName, 'dns1123-subdomain');
    const tlsEntries: IngressTlsEntry[] = o.tls === undefined ? [] : o.tls instanceof SecretSource ? [{ secret: o.tls }] : [...o.tls];
    for (const t of tlsEntries) {
      if (!(t?.secret instanceof SecretSource)) invalidProp(this, 'ingress.tls', t, 'each entry needs a secret (a SecretSource)', "use tls: [{ hosts: ['a.example.com'], secret: SecretSource.existing('a-tls') }]");
      for (const h of t.hosts ?? []) if (!hosts.includes(h)) invalidProp(this, 'ingress.tls.hosts', h, `is not a host of the Ingress (${hosts.join(', ')})`, 'list only hosts the Ingress serves');
    }
    if (o.name !== undefined) checkName(this, 'ingress.name (Ingress)', o.name, 'dns1123-subdomain');
    const backendPort = o.backendPort ?? 'name';
    if (backendPort !== 'name' && backendPort !== 'number') invalidProp(this, 'ingress.backendPort', backendPort, "must be 'name' or 'number'", "use backendPort: 'name'");
    const external = [...new Set(tlsEntries.filter((t) => t.secret.external).map((t) => t.secret.secretName))].sort();
    const annotations: Record<string, string> = { ...(o.annotations ?? {}) };
    if (external.length > 0) annotations[EXTERNAL_SECRETS_ANNOTATION] = external.join(',');
    return new k8s.KubeIngress(this, 'ingress', {
      metadata: this.metadata('Ingress', o.name ?? this.name, { annotations }),
      spec: {
        ...(o.ingressClassName ? { ingressClassName: o.ingressClassName } : {}),
        ...(tlsEntries.length > 0 ? { tls: tlsEntries.map((t) => ({ hosts: [...(t.hosts ?? hosts)], secretName: t.secret.secretName })) } : {}),
        rules: hosts.map((host) => ({
          host,
          http: {
            paths: paths.map((path) => ({
              path,
              pathType: o.pathType ?? 'Prefix',
              backend: { service: { name: this.service.name, port: backendPort === 'name' ? { name: port.name } : { number: port.servicePort } } },
            })),
          },
        })),
      },
    });
  }
}
