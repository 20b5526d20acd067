// Flows the wiring asks for (a connection, a route, a scrape), recorded by the constructs and
// checked at synth against every NetworkPolicy of the app: a flow no policy admits fails synth,
// naming the edge. network-policy.ts records them beside the edges it derives policies from.
import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ReachEndpoint, ReachPort, reach } from '../validate/network-reach';
import type { Port } from './ports';

/** A construct whose pods a NetworkPolicy can select (the helmless workloads). */
export interface PolicyTarget extends IConstruct {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly selector: Readonly<Record<string, string>>;
  /** The labels its pods carry, when not `labels` (a workload adopted with its own pod labels). */
  readonly podLabels?: Readonly<Record<string, string>>;
}

/**
 * A flow the wiring asks for (a connection, a route, a scrape), checked at synth against every
 * NetworkPolicy of the app.
 */
export interface Flow {
  /** 'connection api -> db', 'route gateway-system/public -> api', ... */
  readonly label: string;
  readonly from: () => ReachEndpoint;
  readonly to: () => ReachEndpoint;
  readonly port: ReachPort;
  readonly fix: string;
}

const FLOWS = new WeakMap<IConstruct, Flow[]>();

/** The pods of a helmless workload as one end of a flow. */
export function podsOf(t: PolicyTarget): ReachEndpoint {
  return { namespace: Chart.of(t).namespace ?? 'default', labels: { ...(t.podLabels ?? t.labels) } };
}

export function reachPort(p: Port): ReachPort {
  return { port: p.number, protocol: p.protocol, name: p.name };
}

/** Records a flow on `owner` (checked when `owner` is validated at synth). */
export function recordFlow(owner: IConstruct, flow: Flow): void {
  let flows = FLOWS.get(owner);
  if (!flows) {
    flows = [];
    FLOWS.set(owner, flows);
    owner.node.addValidation({ validate: () => checkFlows(owner, flows!) });
  }
  flows.push(flow);
}

/** Every NetworkPolicy object of the app (derived or hand-written), as JSON. */
export function appNetworkPolicies(scope: IConstruct): unknown[] {
  return scope.node.root.node.findAll()
    .filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'NetworkPolicy')
    .map((o) => o.toJson());
}

/** Names of the policies that select `e` in `direction` (for messages). */
function selecting(policies: readonly unknown[], e: ReachEndpoint, direction: 'Ingress' | 'Egress'): string {
  const names = (policies as { kind?: string; metadata?: { name?: string; namespace?: string }; spec?: { podSelector?: unknown; policyTypes?: string[] } }[])
    .filter((p) => 'namespace' in e && (p.metadata?.namespace ?? 'default') === e.namespace && (p.spec?.policyTypes ?? ['Ingress']).includes(direction))
    .map((p) => p.metadata?.name ?? '?');
  return names.length > 0 ? ` (policies in ${'namespace' in e ? e.namespace : ''}: ${[...new Set(names)].sort().join(', ')})` : '';
}

/** The synth check: every flow recorded on `owner` is admitted by the app's NetworkPolicies. */
function checkFlows(owner: IConstruct, flows: readonly Flow[]): string[] {
  const policies = appNetworkPolicies(owner);
  if (policies.length === 0) return [];
  const errors: string[] = [];
  for (const f of flows) {
    const from = f.from();
    const to = f.to();
    const v = reach(policies, from, to, f.port);
    if (v.egress && v.ingress) continue;
    const blocked = [
      ...(v.egress ? [] : [`the source's egress${selecting(policies, from, 'Egress')}`]),
      ...(v.ingress ? [] : [`the destination's ingress${selecting(policies, to, 'Ingress')}`]),
    ];
    errors.push(`${f.label}: no NetworkPolicy admits this edge; blocked by ${blocked.join(' and ')}. Fix: ${f.fix}`);
  }
  return errors;
}
