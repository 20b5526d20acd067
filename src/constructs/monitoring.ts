// Monitoring: the `metrics` option shared by WebService, DaemonAgent and StatefulDb. A named
// metrics port plus either a Prometheus Operator ServiceMonitor (selecting the construct's
// Service, scraping the Service port by name) or, without the CRD, prometheus.io/* scrape
// annotations on the pod template. The Prometheus -> metrics port edge is recorded for the
// derived NetworkPolicies.
import type { Construct } from 'constructs';
import type * as k8s from '../../imports/k8s';
import { ServiceMonitor } from '../../imports/monitoring.coreos.com';
import { checkSyntax, invalidProp } from './errors';
import { checkName, claimName } from './names';
import { allowScrape } from './network-policy';
import { checkDistinctPorts, Port, PortSpec } from './ports';
import { Duration } from './values';

/** Annotations a Prometheus `kubernetes_sd_configs` pod job reads when no ServiceMonitor is used. */
export const SCRAPE_ANNOTATION = 'prometheus.io/scrape';
export const SCRAPE_PORT_ANNOTATION = 'prometheus.io/port';
export const SCRAPE_PATH_ANNOTATION = 'prometheus.io/path';

/** Options of the `metrics` prop of WebService, DaemonAgent and StatefulDb. */
export interface MetricsOptions {
  /**
   * The port Prometheus scrapes: one of the construct's own ports or its sidecars' (a `Port`
   * object or the port's name, e.g. a sidecar exporter's), or a new port (a number or
   * `{ port, name? }`, named 'metrics' unless named) added to the main container.
   * @default - the construct's port named 'metrics', else its primary port (WebService, DaemonAgent);
   * a StatefulDb needs it (its primary port speaks the database protocol, not HTTP)
   */
  readonly port?: Port | PortSpec | string;
  /**
   * HTTP path of the metrics.
   * @default '/metrics'
   */
  readonly path?: string;
  /**
   * Scrape interval (ServiceMonitor only).
   * @default - Prometheus's global scrape interval
   */
  readonly interval?: Duration;
  /**
   * Scrape timeout (ServiceMonitor only); at most `interval`.
   * @default - Prometheus's global scrape timeout
   */
  readonly scrapeTimeout?: Duration;
  /**
   * Create a Prometheus Operator ServiceMonitor (monitoring.coreos.com/v1). `false` writes the
   * `prometheus.io/scrape`, `prometheus.io/port` and `prometheus.io/path` annotations on the pod
   * template instead, for a Prometheus without the operator.
   * @default true
   */
  readonly serviceMonitor?: boolean;
  /**
   * Extra labels of the ServiceMonitor, e.g. `{ release: 'kube-prometheus-stack' }` when the
   * Prometheus selects ServiceMonitors by label.
   * @default - the construct's standard labels only
   */
  readonly serviceMonitorLabels?: Readonly<Record<string, string>>;
}

/** What a construct exposes to {@link resolveMetrics} and {@link renderMetrics}. */
interface MetricsHost extends Construct {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
}

/** The resolved `metrics` option. */
export class Metrics {
  constructor(
    /** The port Prometheus scrapes. */
    public readonly port: Port,
    /** Whether `port` is a new port the construct must add to its container (and Service). */
    public readonly isNewPort: boolean,
    public readonly path: string,
    public readonly serviceMonitor: boolean,
    public readonly interval: Duration | undefined,
    public readonly scrapeTimeout: Duration | undefined,
    public readonly serviceMonitorLabels: Readonly<Record<string, string>>,
  ) {}

  /** The pod template annotations of the annotations variant (none with a ServiceMonitor). */
  public podAnnotations(): Record<string, string> {
    if (this.serviceMonitor) return {};
    return {
      [SCRAPE_ANNOTATION]: 'true',
      [SCRAPE_PORT_ANNOTATION]: String(this.port.number),
      [SCRAPE_PATH_ANNOTATION]: this.path,
    };
  }

  /** Adds the scrape annotations (annotations variant) to a pod template. */
  public annotate(template: k8s.PodTemplateSpec): k8s.PodTemplateSpec {
    const extra = this.podAnnotations();
    if (Object.keys(extra).length === 0) return template;
    const metadata = template.metadata ?? {};
    return { ...template, metadata: { ...metadata, annotations: { ...(metadata.annotations ?? {}), ...extra } } };
  }

  /** The Service ports with the metrics port added when a ServiceMonitor needs it and it is missing. */
  public servicePorts(ports: readonly k8s.ServicePort[]): k8s.ServicePort[] {
    if (!this.serviceMonitor || ports.some((p) => p.name === this.port.name)) return [...ports];
    return [...ports, this.port.toServicePort(false)];
  }
}

/**
 * The container ports of a workload with its `metrics` option applied: resolves the option
 * against `ownPorts` and the sidecars' `otherPorts` (a sidecar exporter's port named 'metrics'
 * is found), appends the metrics port to the main container when it is a new one, and checks
 * that no two ports share a name or number. Every construct with a `metrics` prop goes through here.
 */
export function portsWithMetrics(
  w: MetricsHost, o: MetricsOptions | undefined, ownPorts: readonly Port[], fallback: Port | undefined, otherPorts: readonly Port[] = [],
): { readonly metrics?: Metrics; readonly ports: readonly Port[] } {
  const metrics = resolveMetrics(w, o, [...ownPorts, ...otherPorts], fallback);
  const ports = metrics?.isNewPort ? [...ownPorts, metrics.port] : ownPorts;
  checkDistinctPorts(w, ports);
  return { metrics, ports };
}

/**
 * Resolves the `metrics` prop of `w` against its own ports: reuses one of them, or builds a new
 * port (default name 'metrics'). `fallback` is the port used when none is given and none is
 * named 'metrics' (undefined: the port is required).
 */
export function resolveMetrics(w: MetricsHost, o: MetricsOptions | undefined, ownPorts: readonly Port[], fallback: Port | undefined): Metrics | undefined {
  if (o === undefined) return undefined;
  if (typeof o !== 'object' || o === null) invalidProp(w, 'metrics', o, 'must be an object', "use metrics: { port: 9090, path: '/metrics' }");
  let port: Port;
  let isNewPort = false;
  const serviceMonitor = o.serviceMonitor ?? true;
  if (o.port instanceof Port || typeof o.port === 'string') {
    const wanted = o.port;
    const found = ownPorts.find((p) => p === wanted || p.name === wanted);
    if (!found) {
      invalidProp(w, 'metrics.port', typeof wanted === 'string' ? wanted : wanted.name,
        `is not one of this construct's ports (${ownPorts.map((p) => p.name).join(', ') || 'none'})`, 'name one of its ports (or its sidecars\'), or give a number for a new metrics port');
    }
    port = found;
  } else if (o.port !== undefined) {
    const spec = typeof o.port === 'number' ? { port: o.port, expose: serviceMonitor } : { expose: serviceMonitor, ...o.port };
    port = Port.of(w, 'metrics.port', spec, 'metrics');
    isNewPort = true;
  } else {
    const named = ownPorts.find((p) => p.name === 'metrics') ?? fallback;
    if (!named) {
      invalidProp(w, 'metrics.port', undefined, 'this construct has no port named \'metrics\' and its primary port does not serve metrics',
        'give the exporter\'s port: metrics: { port: 9187 }');
    }
    port = named;
  }
  if (port.protocol !== 'TCP') invalidProp(w, 'metrics.port', port.protocol, 'Prometheus scrapes over HTTP, which needs a TCP port', "use protocol: 'TCP'");
  const path = o.path ?? '/metrics';
  if (!path.startsWith('/')) invalidProp(w, 'metrics.path', path, "must start with '/'", `use '/${path}'`);
  if (o.interval !== undefined && o.interval.toSeconds() < 1) invalidProp(w, 'metrics.interval', '0s', 'must be at least 1 second', 'use Duration.seconds(30)');
  if (o.scrapeTimeout !== undefined) {
    if (o.scrapeTimeout.toSeconds() < 1) invalidProp(w, 'metrics.scrapeTimeout', '0s', 'must be at least 1 second', 'use Duration.seconds(10)');
    if (o.interval !== undefined && o.scrapeTimeout.toSeconds() > o.interval.toSeconds()) {
      invalidProp(w, 'metrics.scrapeTimeout', o.scrapeTimeout.toGoString(), `must not exceed interval (${o.interval.toGoString()}): Prometheus refuses the config`, 'lower scrapeTimeout or raise interval');
    }
  }
  if (!serviceMonitor && (o.interval !== undefined || o.scrapeTimeout !== undefined || o.serviceMonitorLabels !== undefined)) {
    invalidProp(w, 'metrics', 'serviceMonitor: false', 'interval, scrapeTimeout and serviceMonitorLabels only apply to a ServiceMonitor',
      'drop them, or leave serviceMonitor unset (true)');
  }
  for (const [k, v] of Object.entries(o.serviceMonitorLabels ?? {})) {
    if (typeof v !== 'string') invalidProp(w, `metrics.serviceMonitorLabels.${k}`, v, 'must be a string', `use { '${k}': 'value' }`);
  }
  return new Metrics(port, isNewPort, path, serviceMonitor, o.interval, o.scrapeTimeout, o.serviceMonitorLabels ?? {});
}

/**
 * Creates the ServiceMonitor of `w` (when wanted) selecting `service` by the construct's stable
 * selector labels and scraping its metrics port by name, and records the Prometheus -> port edge
 * for derived NetworkPolicies. `service` must carry the metrics port (see {@link Metrics.servicePorts}).
 */
export function renderMetrics(w: MetricsHost, m: Metrics | undefined, service: k8s.KubeService | undefined): ServiceMonitor | undefined {
  if (!m) return undefined;
  allowScrape(w, m.port);
  if (!m.serviceMonitor) return undefined;
  if (!service) invalidProp(w, 'metrics', 'serviceMonitor', 'a ServiceMonitor selects a Service, and this construct has none', 'enable its Service, or use serviceMonitor: false (scrape annotations)');
  const name = w.name;
  checkName(w, 'ServiceMonitor', name, 'dns1123-subdomain');
  claimName(w, 'ServiceMonitor', name);
  for (const k of Object.keys(m.serviceMonitorLabels)) {
    checkSyntax(w, 'metrics.serviceMonitorLabels key', k, k.length > 0 && k.length <= 317 ? [] : ['must be a label key'], "use e.g. 'release'");
  }
  return new ServiceMonitor(w, 'service-monitor', {
    metadata: { name, labels: { ...m.serviceMonitorLabels, ...w.labels } },
    spec: {
      selector: { matchLabels: { ...w.selector } },
      endpoints: [{
        port: m.port.name,
        path: m.path,
        ...(m.interval ? { interval: m.interval.toGoString() } : {}),
        ...(m.scrapeTimeout ? { scrapeTimeout: m.scrapeTimeout.toGoString() } : {}),
      }],
    },
  });
}
