import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import type { ServiceMonitor } from '../../imports/monitoring.coreos.com';
import { recordCreationSite } from '../source-location';
import { intOrPercent } from './availability';
import { invalidProp } from './errors';
import { Metrics, MetricsOptions, renderMetrics, portsWithMetrics } from './monitoring';
import { Port, PortSpec } from './ports';
import { Probe } from './probes';
import { Mount } from './volumes';
import { ConnectionEndpoint, IConnectable, backendPort, hostPortEnv } from './connections';
import { EnvValue } from './secrets';
import { Workload, WorkloadProps } from './workload';

/** Props of a {@link DaemonAgent}. */
export interface DaemonAgentProps extends WorkloadProps {
  /**
   * The agent's primary port (named 'metrics' unless given a name); probes check it.
   * @default - no port and no probes (e.g. a log shipper)
   */
  readonly port?: PortSpec;
  /**
   * More named ports.
   * @default - none
   */
  readonly ports?: readonly PortSpec[];
  /**
   * Host folders to mount, read-only by default: `Mount.hostPath('/proc', '/host/proc')`.
   * Needs `hostAccessReason`.
   * @default - none
   */
  readonly hostMounts?: readonly Mount[];
  /**
   * Use the node's network namespace (exporters reporting node network stats). Needs `hostAccessReason`.
   * @default false
   */
  readonly hostNetwork?: boolean;
  /**
   * Publish the ports on the node (hostPort). Needs `hostAccessReason`.
   * @default false
   */
  readonly hostPort?: boolean;
  /**
   * Share the node's process namespace. Needs `hostAccessReason`.
   * @default false
   */
  readonly hostPid?: boolean;
  /**
   * Why the agent needs host access. A pod with host paths, host network, host ports or host PID
   * cannot meet Pod Security "restricted" (nor "baseline"): its namespace must allow
   * "privileged". The reason is recorded as helmless.io/pod-security-exemption. Required
   * whenever host access is asked for.
   * @default - none (and no host access allowed)
   */
  readonly hostAccessReason?: string;
  /**
   * Also run on control-plane nodes (tolerates their NoSchedule taints).
   * @default false
   */
  readonly runOnControlPlane?: boolean;
  /**
   * Nodes whose agent may be down at once during an update.
   * @default 1
   */
  readonly maxUnavailable?: number | string;
  /**
   * A ClusterIP Service selecting the agents (e.g. for a scraper).
   * @default false
   */
  readonly service?: boolean;
  /** @default Probe.tcp() on the primary port (false: none, as a workload adopted without probes), when there is one */
  readonly readiness?: Probe | false;
  /** @default Probe.tcp() on the primary port (false: none, as a workload adopted without probes), when there is one */
  readonly liveness?: Probe | false;
  /**
   * Prometheus metrics: a ServiceMonitor (default; the agent gets a headless Service selecting
   * its pods when `service` is off) or scrape annotations.
   * @default - no metrics scraping
   */
  readonly metrics?: MetricsOptions;
}

/** Tolerations letting pods run on control-plane nodes. */
export const CONTROL_PLANE_TOLERATIONS: readonly k8s.Toleration[] = [
  { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
];

/** The lint rules a DaemonAgent's host access exempts it from. */
function exemptRules(props: DaemonAgentProps, hostMounts: boolean): string[] {
  return [
    ...(hostMounts ? ['host-path', 'sensitive-host-mount', 'volume-types'] : []),
    ...(props.hostNetwork ? ['host-network'] : []),
    ...(props.hostPort ? ['host-port'] : []),
    ...(props.hostPid ? ['host-pid'] : []),
  ];
}

/** A per-node agent (metrics exporter, log shipper): a DaemonSet with explicit, recorded host access. */
export class DaemonAgent extends Workload implements IConnectable {
  public readonly port?: Port;
  public readonly ports: readonly Port[];
  /** Whether the agent uses any host access (and so is exempt from "restricted"). */
  public readonly hostAccess: boolean;
  /** Whether `service` is a ClusterIP Service clients can connect to (`service: true`). */
  public readonly hasClientService: boolean;
  public readonly daemonSet: k8s.KubeDaemonSet;
  /** The ClusterIP Service (`service: true`), else the headless Service a ServiceMonitor needs. */
  public readonly service?: k8s.KubeService;
  /** The resolved `metrics` option. */
  public readonly metrics?: Metrics;
  /** The ServiceMonitor, when `metrics` asks for one. */
  public readonly serviceMonitor?: ServiceMonitor;

  constructor(scope: Construct, id: string, props: DaemonAgentProps) {
    super(scope, id, props, { component: 'agent', kindName: 'DaemonSet and Service', nameRule: 'dns1035-label', propsName: 'DaemonAgentProps' });
    recordCreationSite(this);
    this.port = props.port !== undefined ? Port.of(this, 'port', props.port, 'metrics') : undefined;
    const extra = (props.ports ?? []).map((p, i) => Port.of(this, `ports[${i}]`, p));
    const ownPorts = this.port ? [this.port, ...extra] : extra;
    const sidecarPorts = this.sidecars.flatMap((c) => c.ports);
    ({ metrics: this.metrics, ports: this.ports } = portsWithMetrics(this, props.metrics, ownPorts, this.port, sidecarPorts));
    const hostMounts = props.hostMounts ?? [];
    for (const m of hostMounts) {
      if (!m.isHostPath) invalidProp(this, 'hostMounts', m.path, 'only Mount.hostPath(...) belongs in hostMounts', 'move other mounts to mounts');
      if (!m.path.startsWith('/')) invalidProp(this, 'hostMounts', m.path, 'a mount path must be absolute', `use '/${m.path}'`);
    }
    const asked = [
      hostMounts.length > 0 ? 'hostMounts' : undefined,
      props.hostNetwork ? 'hostNetwork' : undefined,
      props.hostPort ? 'hostPort' : undefined,
      props.hostPid ? 'hostPid' : undefined,
    ].filter((x): x is string => x !== undefined);
    this.hostAccess = asked.length > 0;
    this.hasClientService = props.service ?? false;
    const reason = this.statedReason(props, asked);
    if (props.hostPort && this.ports.length === 0) invalidProp(this, 'hostPort', true, 'there is no port to publish', 'add a port, or drop hostPort');
    if (props.service && [...this.ports, ...sidecarPorts].filter((p) => p.expose).length === 0) invalidProp(this, 'service', true, 'the agent exposes no port', 'add a port, or drop service');

    const probes = this.port ? { readiness: props.readiness === false ? undefined : props.readiness ?? Probe.tcp(), liveness: props.liveness === false ? undefined : props.liveness ?? Probe.tcp() }
      : { readiness: props.readiness || undefined, liveness: props.liveness || undefined };
    const tolerations = props.runOnControlPlane ? [...CONTROL_PLANE_TOLERATIONS] : [];
    const exemption = this.hostAccess ? { reason: `${asked.join(', ')}: ${reason}`, rules: exemptRules(props, hostMounts.length > 0) } : undefined;
    const template = this.podTemplate({
      ports: this.ports,
      ...probes,
      hostNetwork: props.hostNetwork,
      hostPid: props.hostPid,
      hostPorts: props.hostPort,
      extraMounts: hostMounts,
      maxPods: Number.MAX_SAFE_INTEGER,
      exemption,
    });
    const spec: k8s.PodSpec = tolerations.length > 0
      ? { ...template.spec!, tolerations: [...(template.spec!.tolerations ?? []), ...tolerations] }
      : template.spec!;
    this.daemonSet = new k8s.KubeDaemonSet(this, 'daemonset', {
      metadata: this.metadata('DaemonSet', this.name, { annotations: this.workloadAnnotations(exemption) }),
      spec: {
        selector: { matchLabels: { ...this.selector } },
        updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: intOrPercent(this, 'maxUnavailable', props.maxUnavailable ?? 1) } },
        template: this.metrics ? this.metrics.annotate({ ...template, spec }) : { ...template, spec },
      },
    });
    this.keepHelmlessAnnotations(this.daemonSet);
    const servicePorts = [...this.ports, ...sidecarPorts].filter((p) => p.expose).map((p) => p.toServicePort(false));
    this.service = this.renderService(props, servicePorts);
    this.serviceMonitor = renderMetrics(this, this.metrics, this.service);
    this.keepAsDeployed();
  }

  /** Host access needs a stated reason (it exempts the agent from Pod Security "restricted"). */
  private statedReason(props: DaemonAgentProps, asked: readonly string[]): string | undefined {
    const reason = props.hostAccessReason?.trim();
    if (this.hostAccess && !reason) {
      invalidProp(this, 'hostAccessReason', props.hostAccessReason, `${asked.join(', ')} exempt the agent from Pod Security "restricted", which needs a stated reason`,
        "add hostAccessReason: 'reads node metrics from /proc and /sys' (and run the agent in a namespace labelled pod-security.kubernetes.io/enforce=privileged)");
    }
    return reason;
  }

  /** The ClusterIP Service (`service: true`), else a headless one when a ServiceMonitor needs it, else none. */
  private renderService(props: DaemonAgentProps, servicePorts: k8s.ServicePort[]): k8s.KubeService | undefined {
    if (props.service) {
      return new k8s.KubeService(this, 'service', {
        metadata: this.metadata('Service', this.name),
        spec: {
          type: 'ClusterIP',
          selector: { ...this.selector },
          ports: this.metrics ? this.metrics.servicePorts(servicePorts) : servicePorts,
        },
      });
    } else if (this.metrics?.serviceMonitor) {
      // A ServiceMonitor finds its targets through a Service: a headless one lists every agent pod.
      return new k8s.KubeService(this, 'service', {
        metadata: this.metadata('Service', this.name),
        spec: { clusterIp: 'None', selector: { ...this.selector }, ports: this.metrics.servicePorts(servicePorts) },
      });
    }
    return undefined;
  }

  /** Env vars for a client: `<prefix>_HOST` (the agent's Service) and `<prefix>_PORT`. */
  public connectionEnv(prefix: string, port?: Port): Record<string, EnvValue> {
    return hostPortEnv(prefix, this.clientService(), backendPort(this, this.ports, port));
  }

  /** Clients reach the agents' pods on the primary port, or the given one (needs `service: true`). */
  public connectionEndpoint(port?: Port): ConnectionEndpoint {
    this.clientService();
    return { kind: 'pods', target: this, port: backendPort(this, this.ports, port) };
  }

  private clientService(): k8s.KubeService {
    if (!this.service || !this.hasClientService) {
      invalidProp(this, 'service', false, 'a client connects through the agent\'s ClusterIP Service, and the agent has none', 'set service: true on the DaemonAgent');
    }
    return this.service;
  }
}
