// NetworkPolicies derived from wiring: the constructs record the edges they know (a client and
// the backends in its `connections`, the Ingress controller or a Gateway in front of a
// WebService, Prometheus scraping a metrics port) and, in a chart that opted in, this module
// turns them into a default-deny baseline plus one allow policy per workload. Rules are rendered
// lazily at synth, merged and sorted, so the output depends neither on construction order nor
// on when the edges were recorded. Every recorded flow is also checked at synth against all the
// app's NetworkPolicies (derived or not): a flow no policy admits fails synth, naming the edge.
import { Chart, Lazy } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { labelValue } from '../validate/rules/syntax';
import { checkSyntax, invalidProp } from './errors';
import { checkName, claimName } from './names';
import { Port } from './ports';
import { PolicyTarget, podsOf, reachPort, recordFlow } from './network-flows';

export { appNetworkPolicies, podsOf } from './network-flows';
export type { PolicyTarget } from './network-flows';

const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';
const NAME_LABEL = 'app.kubernetes.io/name';
const INSTANCE_LABEL = 'app.kubernetes.io/instance';
const COMPONENT_LABEL = 'app.kubernetes.io/component';
const PART_OF_LABEL = 'app.kubernetes.io/part-of';
const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/** Options of the NetworkPolicies a chart derives from its wiring. */
export interface NetworkPolicyOptions {
  /**
   * Namespace of the Ingress controller, allowed to reach each WebService's Ingress port.
   * @default 'ingress-nginx'
   */
  readonly ingressControllerNamespace?: string;
  /**
   * Pod labels of the Ingress controller inside that namespace.
   * @default - any pod of the namespace
   */
  readonly ingressControllerPodLabels?: Readonly<Record<string, string>>;
  /**
   * Namespace of the Prometheus that scrapes the `metrics` ports.
   * @default 'monitoring'
   */
  readonly monitoringNamespace?: string;
  /**
   * Pod labels of Prometheus inside that namespace (e.g. `{ 'app.kubernetes.io/name': 'prometheus' }`).
   * @default - any pod of the namespace
   */
  readonly prometheusPodLabels?: Readonly<Record<string, string>>;
  /**
   * Deny egress too: the chart's pods may then only resolve DNS and reach the databases they are
   * wired to. Pods that call anything else (external APIs, log sinks) need their own policy, or
   * `denyEgress: false`.
   * @default true
   */
  readonly denyEgress?: boolean;
  /**
   * Namespace of the cluster DNS (egress on 53/UDP and 53/TCP is allowed to it).
   * @default 'kube-system'
   */
  readonly dnsNamespace?: string;
  /**
   * Pod labels of the cluster DNS.
   * @default { 'k8s-app': 'kube-dns' } (CoreDNS keeps this label)
   */
  readonly dnsPodLabels?: Readonly<Record<string, string>>;
  /**
   * Addresses of a node-local DNS cache (NodeLocal DNSCache runs on the host network and listens
   * on a link-local address, which no pod selector matches), allowed on 53/UDP and 53/TCP. When
   * the cache also binds the kube-dns Service IP (kube-proxy iptables mode), add that IP. `[]`
   * for none.
   * @default ['169.254.20.10'] (the address the NodeLocal DNSCache manifests use)
   */
  readonly nodeLocalDnsAddresses?: readonly string[];
}

/** Where traffic of an edge comes from (ingress) or goes to (egress). */
type Peer =
  | { readonly kind: 'ingress-controller' }
  | { readonly kind: 'prometheus' }
  | { readonly kind: 'pods'; readonly target: PolicyTarget }
  /** Pods of another namespace by labels (a Gateway's proxies). */
  | { readonly kind: 'namespace'; readonly namespace: string; readonly labels?: Readonly<Record<string, string>> }
  /** Addresses outside the cluster; `open` (any address) carries the reason egress stays open. */
  | { readonly kind: 'addresses'; readonly cidrs: readonly string[]; readonly open?: { readonly name: string; readonly reason: string } };

interface Edge {
  readonly direction: 'ingress' | 'egress';
  readonly peer: Peer;
  readonly port: Port;
}

/** Any IPv4 and IPv6 address: egress left open on a port for a host without known addresses. */
export const ANY_ADDRESS: readonly string[] = ['0.0.0.0/0', '::/0'];
/** Annotation on a workload's derived policy: why its egress to some port stays open to any address. */
export const OPEN_EGRESS_ANNOTATION = 'helmless.io/open-egress';

interface WorkloadEdges {
  readonly target: PolicyTarget;
  readonly edges: Edge[];
}

interface ChartState {
  /** Workloads with edges, in the order their first edge was recorded. */
  readonly workloads: WorkloadEdges[];
  policies?: DerivedNetworkPolicies;
}

const CHARTS = new WeakMap<Chart, ChartState>();
const EDGES = new WeakMap<IConstruct, WorkloadEdges>();

function chartState(chart: Chart): ChartState {
  let s = CHARTS.get(chart);
  if (!s) {
    s = { workloads: [] };
    CHARTS.set(chart, s);
  }
  return s;
}

function record(target: PolicyTarget, edge: Edge): void {
  let we = EDGES.get(target);
  const state = chartState(Chart.of(target));
  if (!we) {
    we = { target, edges: [] };
    EDGES.set(target, we);
    state.workloads.push(we);
  }
  we.edges.push(edge);
  state.policies?._ensurePolicy(target, edge.direction);
  state.policies?._annotate(target);
}

export function isPolicyTarget(x: unknown): x is PolicyTarget {
  const t = x as Partial<PolicyTarget> | undefined;
  return Construct.isConstruct(x) && typeof t?.name === 'string' && typeof t.selector === 'object' && typeof t.labels === 'object';
}

/** Whether `client` has a recorded flow to the pods of `target` (a connection). */
export function hasFlowTo(client: IConstruct, target: PolicyTarget): boolean {
  return (EDGES.get(client)?.edges ?? []).some((e) => e.direction === 'egress' && e.peer.kind === 'pods' && e.peer.target === target);
}

/**
 * Records that `client`'s pods connect to `port` of `target`'s pods (a connection): ingress on
 * the target's pods from the client's pods, egress from the client to the target.
 */
export function allowConnection(client: PolicyTarget, target: PolicyTarget, port: Port): void {
  record(target, { direction: 'ingress', peer: { kind: 'pods', target: client }, port });
  record(client, { direction: 'egress', peer: { kind: 'pods', target }, port });
  recordFlow(client, {
    label: `connection ${client.name} -> ${target.name} (${port.protocol} ${port.number})`,
    from: () => podsOf(client), to: () => podsOf(target), port: reachPort(port),
    fix: `keep ${target.name} in ${client.name}'s connections and let both charts derive their policies (networkPolicies: true), or add a NetworkPolicy admitting it`,
  });
}

/**
 * Records that `client`'s pods connect to an address outside the cluster on `port`: egress to
 * `cidrs`, or (no known addresses) to any address on that port, for the stated reason.
 */
export function allowExternal(client: PolicyTarget, name: string, port: Port, cidrs: readonly string[] | undefined, openReason: string | undefined): void {
  const peer: Peer = cidrs && cidrs.length > 0
    ? { kind: 'addresses', cidrs: [...cidrs] }
    : { kind: 'addresses', cidrs: ANY_ADDRESS, open: { name: `${name}:${port.number}`, reason: openReason ?? '' } };
  record(client, { direction: 'egress', peer, port });
  for (const cidr of peer.cidrs) {
    if (cidr.includes(':')) continue; // the reach check speaks IPv4
    recordFlow(client, {
      label: `connection ${client.name} -> ${name} (${cidr}, ${port.protocol} ${port.number})`,
      from: () => podsOf(client), to: () => ({ ip: cidr.split('/')[0] }), port: reachPort(port),
      fix: `keep ${name} in ${client.name}'s connections, or add a NetworkPolicy admitting egress to ${cidr}`,
    });
  }
}

/** Records that the Ingress controller sends traffic to `port` of `target`'s pods. */
export function allowFromIngressController(target: PolicyTarget, port: Port): void {
  record(target, { direction: 'ingress', peer: { kind: 'ingress-controller' }, port });
  recordFlow(target, {
    label: `ingress controller -> ${target.name} (${port.protocol} ${port.number})`,
    from: () => {
      const d = DerivedNetworkPolicies.of(target);
      return { namespace: d?.ingressControllerNamespace ?? 'ingress-nginx', labels: { ...(d?.ingressControllerPodLabels ?? {}) } };
    },
    to: () => podsOf(target), port: reachPort(port),
    fix: 'set ingressControllerNamespace / ingressControllerPodLabels to where the controller runs, or add a NetworkPolicy admitting it',
  });
}

/**
 * Records that pods of another namespace (`namespace`, with `labels`) send traffic to `port` of
 * `target`'s pods: a Gateway's proxies, the KEDA operator. `source` names them in messages.
 */
export function allowFromNamespace(target: PolicyTarget, source: string, namespace: string, labels: Readonly<Record<string, string>> | undefined, port: Port): void {
  record(target, { direction: 'ingress', peer: { kind: 'namespace', namespace, labels }, port });
  recordFlow(target, {
    label: `${source} -> ${target.name} (${port.protocol} ${port.number})`,
    from: () => ({ namespace, labels: { ...(labels ?? {}) } }),
    to: () => podsOf(target), port: reachPort(port),
    fix: `name where ${source} runs (route.gatewayPods, scaledObject.operatorPods), or add a NetworkPolicy admitting it`,
  });
}

/** Records that Prometheus scrapes `port` of `target`'s pods. */
export function allowScrape(target: PolicyTarget, port: Port): void {
  record(target, { direction: 'ingress', peer: { kind: 'prometheus' }, port });
  recordFlow(target, {
    label: `scrape prometheus -> ${target.name} (${port.protocol} ${port.number})`,
    from: () => {
      const d = DerivedNetworkPolicies.of(target);
      return { namespace: d?.monitoringNamespace ?? 'monitoring', labels: { ...(d?.prometheusPodLabels ?? {}) } };
    },
    to: () => podsOf(target), port: reachPort(port),
    fix: 'set monitoringNamespace / prometheusPodLabels to where Prometheus runs, or add a NetworkPolicy admitting it',
  });
}

/** Label selector JSON with sorted keys, for stable merging and ordering. */
function stable(x: unknown): string {
  return JSON.stringify(x, (_k, v) => (v && typeof v === 'object' && !Array.isArray(v)
    ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : v));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The NetworkPolicies of one chart, derived from the edges its constructs record: a
 * `<instance>-default-deny` policy for all of the chart's pods (by the instance label), with
 * egress denied too a `<instance>-allow-dns` policy, and per workload with edges a policy named
 * like the workload that allows exactly those edges. Create it with `networkPolicies: true` on a
 * HelmlessChart, or add it to any chart (one per chart).
 */
export class DerivedNetworkPolicies extends Construct {
  /** The NetworkPolicies of a chart, if it derives them. */
  public static of(scope: IConstruct): DerivedNetworkPolicies | undefined {
    return CHARTS.get(Chart.of(scope))?.policies;
  }

  public readonly ingressControllerNamespace: string;
  public readonly ingressControllerPodLabels?: Readonly<Record<string, string>>;
  public readonly monitoringNamespace: string;
  public readonly prometheusPodLabels?: Readonly<Record<string, string>>;
  public readonly denyEgress: boolean;
  public readonly dnsNamespace: string;
  public readonly dnsPodLabels: Readonly<Record<string, string>>;
  public readonly nodeLocalDnsAddresses: readonly string[];
  /** The `app.kubernetes.io/instance` value selecting all of the chart's pods. */
  public readonly instance: string;
  /** Denies all ingress (and egress, with denyEgress) to the chart's pods. */
  public readonly defaultDeny: k8s.KubeNetworkPolicy;
  /** Allows the chart's pods to reach the cluster DNS (only with denyEgress). */
  public readonly allowDns?: k8s.KubeNetworkPolicy;
  private readonly chart: Chart;
  private readonly baseLabels: Record<string, string>;
  private readonly perWorkload = new Map<PolicyTarget, k8s.KubeNetworkPolicy>();

  constructor(scope: Construct, id: string, options: NetworkPolicyOptions & { readonly instance?: string; readonly partOf?: string } = {}) {
    super(scope, id);
    this.chart = Chart.of(this);
    const state = chartState(this.chart);
    if (state.policies) {
      invalidProp(this, 'networkPolicies', this.node.path, `chart '${this.chart.node.path}' already derives its NetworkPolicies in '${state.policies.node.path}'`,
        'keep one DerivedNetworkPolicies per chart (networkPolicies: true on a HelmlessChart creates it)');
    }
    this.ingressControllerNamespace = options.ingressControllerNamespace ?? 'ingress-nginx';
    this.ingressControllerPodLabels = options.ingressControllerPodLabels;
    this.monitoringNamespace = options.monitoringNamespace ?? 'monitoring';
    this.prometheusPodLabels = options.prometheusPodLabels;
    this.denyEgress = options.denyEgress ?? true;
    this.dnsNamespace = options.dnsNamespace ?? 'kube-system';
    this.dnsPodLabels = options.dnsPodLabels ?? { 'k8s-app': 'kube-dns' };
    this.nodeLocalDnsAddresses = options.nodeLocalDnsAddresses ?? ['169.254.20.10'];
    for (const a of this.nodeLocalDnsAddresses) {
      if (!/^(\d{1,3}\.){3}\d{1,3}$|^[0-9a-fA-F:]+:[0-9a-fA-F:]*$/.test(a)) {
        invalidProp(this, 'nodeLocalDnsAddresses', a, 'must be an IPv4 or IPv6 address', "use '169.254.20.10', or [] for no node-local DNS cache");
      }
    }
    for (const [prop, ns] of [['ingressControllerNamespace', this.ingressControllerNamespace], ['monitoringNamespace', this.monitoringNamespace], ['dnsNamespace', this.dnsNamespace]] as const) {
      checkName(this, `${prop} (Namespace)`, ns, 'dns1123-label');
      void prop;
    }
    for (const [prop, labels] of [['ingressControllerPodLabels', this.ingressControllerPodLabels], ['prometheusPodLabels', this.prometheusPodLabels], ['dnsPodLabels', this.dnsPodLabels]] as const) {
      if (labels !== undefined && Object.keys(labels).length === 0) invalidProp(this, prop, labels, 'an empty label set selects every pod', `leave ${prop} unset instead`);
      for (const v of Object.values(labels ?? {})) checkSyntax(this, `${prop} value`, v, labelValue(v), 'use a valid label value');
    }

    this.instance = options.instance ?? this.chart.node.id;
    checkSyntax(this, 'instance', this.instance, labelValue(this.instance), 'set the chart instance to a valid label value');
    // The chart-wide policies belong to the application as a whole: its name is the part-of value.
    const partOf = options.partOf ?? this.chart.node.id;
    checkSyntax(this, 'partOf', partOf, labelValue(partOf), 'set the chart partOf to a valid label value');
    this.baseLabels = {
      [NAME_LABEL]: partOf,
      [INSTANCE_LABEL]: this.instance,
      [COMPONENT_LABEL]: 'network-policy',
      [PART_OF_LABEL]: partOf,
      [MANAGED_BY_LABEL]: 'helmless',
    };
    const podSelector = { matchLabels: { [INSTANCE_LABEL]: this.instance } };
    this.defaultDeny = new k8s.KubeNetworkPolicy(this, 'default-deny', {
      metadata: this.metadataFor(`${this.instance}-default-deny`, this.baseLabels),
      spec: { podSelector, policyTypes: this.denyEgress ? ['Ingress', 'Egress'] : ['Ingress'] },
    });
    if (this.denyEgress) {
      this.allowDns = new k8s.KubeNetworkPolicy(this, 'allow-dns', {
        metadata: this.metadataFor(`${this.instance}-allow-dns`, this.baseLabels),
        spec: {
          podSelector,
          policyTypes: ['Egress'],
          egress: [{
            to: [{
              namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: this.dnsNamespace } },
              podSelector: { matchLabels: { ...this.dnsPodLabels } },
            }, ...this.nodeLocalDnsAddresses.map((a) => ({ ipBlock: { cidr: a.includes(':') ? `${a}/128` : `${a}/32` } }))],
            ports: [
              { protocol: 'UDP', port: k8s.IntOrString.fromNumber(53) },
              { protocol: 'TCP', port: k8s.IntOrString.fromNumber(53) },
            ],
          }],
        },
      });
    }
    state.policies = this;
    for (const we of state.workloads) for (const e of we.edges) this._ensurePolicy(we.target, e.direction);
  }

  /** The allow policy of a workload, if one of its edges needed one. */
  public policyOf(target: IConstruct): k8s.KubeNetworkPolicy | undefined {
    return this.perWorkload.get(target as PolicyTarget);
  }

  /**
   * Creates the allow policy of `t` when an edge in `direction` is the first that needs one
   * (egress edges need none when egress is open). Called by the edge registry.
   * @internal
   */
  public _ensurePolicy(t: PolicyTarget, direction: 'ingress' | 'egress'): void {
    const we = EDGES.get(t);
    if (!we || this.perWorkload.has(t)) return;
    if (direction === 'egress' && !this.denyEgress) return;
    claimName(t, 'NetworkPolicy', t.name);
    // The construct id: the workload's path below the chart ('web', 'team/api' -> 'team-api').
    const id = t.node.path.split('/').slice(this.chart.node.path.split('/').length).join('-') || t.name;
    const policy = new k8s.KubeNetworkPolicy(this, id, {
      metadata: this.metadataFor(t.name, t.labels, false),
      spec: Lazy.any({ produce: () => this.renderSpec(we) }),
    });
    this.perWorkload.set(t, policy);
    this._annotate(t);
  }

  private metadataFor(name: string, labels: Readonly<Record<string, string>>, claim = true): { name: string; labels: Record<string, string> } {
    checkName(this, 'NetworkPolicy', name, 'dns1123-subdomain');
    if (claim) claimName(this, 'NetworkPolicy', name);
    return { name, labels: { ...labels } };
  }

  /**
   * Writes why egress stays open to any address on some ports (the `open-egress` annotation)
   * on `t`'s policy. Called whenever an edge of `t` is recorded.
   * @internal
   */
  public _annotate(t: PolicyTarget): void {
    const policy = this.perWorkload.get(t);
    const we = EDGES.get(t);
    if (!policy || !we || !this.denyEgress) return;
    const reasons = new Set<string>();
    for (const e of we.edges) if (e.direction === 'egress' && e.peer.kind === 'addresses' && e.peer.open) reasons.add(`${e.peer.open.name}: ${e.peer.open.reason}`);
    if (reasons.size > 0) policy.metadata.addAnnotation(OPEN_EGRESS_ANNOTATION, [...reasons].sort().join('; '));
  }

  private peersOf(peer: Peer): k8s.NetworkPolicyPeer[] {
    switch (peer.kind) {
      case 'ingress-controller':
        return [this.namespacePeer(this.ingressControllerNamespace, this.ingressControllerPodLabels)];
      case 'prometheus':
        return [this.namespacePeer(this.monitoringNamespace, this.prometheusPodLabels)];
      case 'namespace':
        return [this.namespacePeer(peer.namespace, peer.labels)];
      case 'addresses':
        return peer.cidrs.map((cidr) => ({ ipBlock: { cidr } }));
      case 'pods': {
        const ns = Chart.of(peer.target).namespace;
        const own = this.chart.namespace;
        const other = ns !== undefined && own !== undefined && ns !== own;
        return [{
          ...(other ? { namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } } } : {}),
          podSelector: { matchLabels: { ...peer.target.selector } },
        }];
      }
    }
  }

  private namespacePeer(ns: string, pods?: Readonly<Record<string, string>>): k8s.NetworkPolicyPeer {
    return {
      namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: ns } },
      ...(pods ? { podSelector: { matchLabels: { ...pods } } } : {}),
    };
  }

  /** Rules of one direction: peers with the same port set share a rule; everything sorted. */
  private rules(edges: readonly Edge[]): { peers: k8s.NetworkPolicyPeer[]; ports: k8s.NetworkPolicyPort[] }[] {
    const portsByPeer = new Map<string, { peer: k8s.NetworkPolicyPeer; ports: Map<string, { protocol: string; port: number }> }>();
    for (const e of edges) {
      for (const peer of this.peersOf(e.peer)) {
        const key = stable(peer);
        const entry = portsByPeer.get(key) ?? { peer, ports: new Map() };
        entry.ports.set(`${e.port.protocol}/${String(e.port.number).padStart(5, '0')}`, { protocol: e.port.protocol, port: e.port.number });
        portsByPeer.set(key, entry);
      }
    }
    const byPorts = new Map<string, { peers: Map<string, k8s.NetworkPolicyPeer>; ports: { protocol: string; port: number }[] }>();
    for (const [peerKey, { peer, ports }] of portsByPeer) {
      const sorted = [...ports.entries()].sort(([a], [b]) => cmp(a, b));
      const key = sorted.map(([k]) => k).join(',');
      const entry = byPorts.get(key) ?? { peers: new Map(), ports: sorted.map(([, p]) => p) };
      entry.peers.set(peerKey, peer);
      byPorts.set(key, entry);
    }
    return [...byPorts.entries()].sort(([a], [b]) => cmp(a, b)).map(([, { peers, ports }]) => ({
      peers: [...peers.entries()].sort(([a], [b]) => cmp(a, b)).map(([, p]) => p),
      ports: ports.map((p) => ({ protocol: p.protocol, port: k8s.IntOrString.fromNumber(p.port) })),
    }));
  }

  private renderSpec(we: WorkloadEdges): k8s.NetworkPolicySpec {
    const ingress = this.rules(we.edges.filter((e) => e.direction === 'ingress'));
    const egress = this.denyEgress ? this.rules(we.edges.filter((e) => e.direction === 'egress')) : [];
    const policyTypes = [...(ingress.length > 0 ? ['Ingress'] : []), ...(egress.length > 0 ? ['Egress'] : [])];
    return {
      podSelector: { matchLabels: { ...we.target.selector } },
      policyTypes,
      ...(ingress.length > 0 ? { ingress: ingress.map((r) => ({ from: r.peers, ports: r.ports })) } : {}),
      ...(egress.length > 0 ? { egress: egress.map((r) => ({ to: r.peers, ports: r.ports })) } : {}),
    };
  }
}
