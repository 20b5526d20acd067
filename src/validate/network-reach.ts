// Whether a set of NetworkPolicies admits one connection: the semantics of networking.k8s.io/v1
// (policies are allow-lists; a pod selected by no policy of a direction is open in that
// direction; a connection needs both the source's egress and the destination's ingress) applied
// to plain parsed objects. Synth uses it to prove every wired edge is admitted; tests use it to
// prove a derived policy admits exactly the traffic it was derived for.

/** One end of a connection: pods (namespace + labels) or an address outside the cluster. */
export type ReachEndpoint =
  | { readonly namespace: string; readonly labels: Readonly<Record<string, string>>; readonly namespaceLabels?: Readonly<Record<string, string>> }
  | { readonly ip: string };

/** The destination port of a connection; `name` is the destination pod's container port name, if any. */
export interface ReachPort {
  readonly port: number;
  readonly protocol?: string;
  readonly name?: string;
}

/** Why a connection is (not) admitted. */
export interface ReachVerdict {
  /** The source's egress admits it (or no policy restricts the source's egress). */
  readonly egress: boolean;
  /** The destination's ingress admits it (or no policy restricts the destination's ingress). */
  readonly ingress: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly { readonly key: string; readonly operator: string; readonly values?: readonly string[] }[];
}

/** Whether `labels` match a Kubernetes label selector (an empty selector matches everything). */
export function selectorMatches(sel: LabelSelector | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!sel) return true;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const values = e.values ?? [];
    switch (e.operator) {
      case 'In': if (!has || !values.includes(labels[e.key])) return false; break;
      case 'NotIn': if (has && values.includes(labels[e.key])) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

function ipv4(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/** Whether an IPv4 address lies in a CIDR ('10.0.0.0/8'); IPv6 is compared literally. */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bitsText] = cidr.split('/');
  const bits = Number(bitsText ?? '32');
  const b = ipv4(base);
  const a = ipv4(ip);
  if (b === undefined || a === undefined) return cidr === ip || base === ip;
  if (bits === 0) return true;
  const mask = bits >= 32 ? 0xffffffff : ((0xffffffff << (32 - bits)) >>> 0);
  return ((a & mask) >>> 0) === ((b & mask) >>> 0);
}

function isPods(e: ReachEndpoint): e is Extract<ReachEndpoint, { namespace: string }> {
  return (e as { namespace?: string }).namespace !== undefined;
}

function namespaceLabels(e: Extract<ReachEndpoint, { namespace: string }>): Record<string, string> {
  return { 'kubernetes.io/metadata.name': e.namespace, ...(e.namespaceLabels ?? {}) };
}

/** Whether a policy peer (in a policy of `policyNamespace`) matches the endpoint at the other end. */
function peerMatches(peer: Json, policyNamespace: string, other: ReachEndpoint): boolean {
  if (peer.ipBlock) {
    if (isPods(other)) return false; // pod IPs are not known here: an ipBlock never proves pod traffic
    if (!cidrContains(peer.ipBlock.cidr, other.ip)) return false;
    return !(peer.ipBlock.except ?? []).some((c: string) => cidrContains(c, other.ip));
  }
  if (!isPods(other)) return false;
  if (peer.namespaceSelector) {
    if (!selectorMatches(peer.namespaceSelector, namespaceLabels(other))) return false;
  } else if (other.namespace !== policyNamespace) {
    return false;
  }
  return selectorMatches(peer.podSelector, other.labels);
}

function portMatches(rulePorts: Json[] | undefined, port: ReachPort): boolean {
  if (!rulePorts || rulePorts.length === 0) return true;
  const protocol = port.protocol ?? 'TCP';
  return rulePorts.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') return port.name !== undefined && p.port === port.name;
    const end = p.endPort ?? p.port;
    return port.port >= p.port && port.port <= end;
  });
}

function policyTypes(policy: Json): string[] {
  const t = policy.spec?.policyTypes as string[] | undefined;
  if (t && t.length > 0) return t;
  return ['Ingress', ...(policy.spec?.egress ? ['Egress'] : [])];
}

/**
 * Whether the direction (`Ingress` at `self`, `Egress` from `self`) admits traffic with `other`,
 * given every NetworkPolicy object of the cluster (other kinds are ignored).
 */
function admits(policies: readonly Json[], direction: 'Ingress' | 'Egress', self: ReachEndpoint, other: ReachEndpoint, port: ReachPort): boolean {
  if (!isPods(self)) return true; // addresses outside the cluster are not subject to NetworkPolicies
  const selecting = policies.filter((p) => p?.kind === 'NetworkPolicy'
    && (p.metadata?.namespace ?? 'default') === self.namespace
    && policyTypes(p).includes(direction)
    && selectorMatches(p.spec?.podSelector ?? {}, self.labels));
  if (selecting.length === 0) return true;
  const key = direction === 'Ingress' ? 'ingress' : 'egress';
  const peersKey = direction === 'Ingress' ? 'from' : 'to';
  return selecting.some((p) => (p.spec?.[key] ?? []).some((rule: Json) => {
    const peers = rule[peersKey] as Json[] | undefined;
    const peerOk = !peers || peers.length === 0 || peers.some((peer) => peerMatches(peer, self.namespace, other));
    return peerOk && portMatches(rule.ports, port);
  }));
}

/**
 * Whether `policies` admit a connection from `from` to `to` on `port`: the source's egress and
 * the destination's ingress, each judged separately.
 */
export function reach(policies: readonly Json[], from: ReachEndpoint, to: ReachEndpoint, port: ReachPort): ReachVerdict {
  return {
    egress: admits(policies, 'Egress', from, to, port),
    ingress: admits(policies, 'Ingress', to, from, port),
  };
}

/** Whether both ends admit the connection. */
export function reachable(policies: readonly Json[], from: ReachEndpoint, to: ReachEndpoint, port: ReachPort): boolean {
  const v = reach(policies, from, to, port);
  return v.egress && v.ingress;
}
