// Connections: what a workload talks to. A backend (a StatefulDb, a WebService, a DaemonAgent
// with a Service, an ExternalEndpoint) gives its clients env vars under a prefix (host, port,
// and credentials by reference only when it has them) and tells the NetworkPolicy registry
// where the traffic goes, so derived policies admit exactly the wired edges.
import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { recordCreationSite } from '../source-location';
import { reachable } from '../validate/network-reach';
import { envVarName } from '../validate/rules/syntax';
import { checkSyntax, invalidProp } from './errors';
import { LabelProps, resolveIdentity, standardLabels } from './labels';
import { checkName, claimName } from './names';
import { PolicyTarget, allowConnection, allowExternal, appNetworkPolicies, hasFlowTo, isPolicyTarget, podsOf } from './network-policy';
import { Port, PortSpec } from './ports';
import { EnvValue } from './secrets';

/** Where a client's traffic to a backend goes. */
export type ConnectionEndpoint =
  /** Pods of a helmless workload, on one of its ports. */
  | { readonly kind: 'pods'; readonly target: PolicyTarget; readonly port: Port }
  /** An address outside the cluster: by CIDR, or open to any address for a stated reason. */
  | { readonly kind: 'external'; readonly port: Port; readonly cidrs?: readonly string[]; readonly openEgressReason?: string };

/**
 * Something a workload connects to. A backend without credentials gives no secret references:
 * `connectionEnv` returns only what the backend has.
 */
export interface IConnectable extends IConstruct {
  /** The backend's name: the default env prefix ('tickets-db' -> TICKETS_DB) and messages. */
  readonly name: string;
  /**
   * Env vars for a client under `prefix`: `<prefix>_HOST`, `<prefix>_PORT`, and only when the
   * backend has them credentials by reference (`_USER`, `_PASSWORD`) and `_NAME`.
   */
  connectionEnv(prefix: string, port?: Port): Record<string, EnvValue>;
  /** Where the client's traffic goes (`port`: one of the backend's own ports). */
  connectionEndpoint(port?: Port): ConnectionEndpoint;
}

/** A connection with options: `{ to: cache, envPrefix: 'REDIS' }`. */
export interface ConnectionOptions {
  /** The backend. */
  readonly to: IConnectable;
  /**
   * Prefix of the connection's env vars.
   * @default - the backend's name, upper-cased, '-' and '.' as '_' ('tickets-db' -> TICKETS_DB)
   */
  readonly envPrefix?: string;
  /**
   * The backend's port to connect to (one of its own port objects).
   * @default - the backend's primary port
   */
  readonly port?: Port;
  /**
   * The env vars the connection writes, in place of `<prefix>_HOST`, `_PORT` and credentials:
   * each value names the backend through `{host}` (its Service, or the external host), `{port}`
   * (the Service port) and `{namespace}` (its chart's), one of them at least with `{host}`, e.g. `{ DATABASE_URL:
   * 'postgres://{host}:{port}/app' }` or `{ API_ADDR: '{host}.{namespace}.svc:{port}' }`. How an
   * adopted app spells its connection strings, kept exactly (`helmless adopt` writes it).
   * @default - `<prefix>_HOST`, `<prefix>_PORT`, and the backend's credentials and name when it has them
   */
  readonly env?: Readonly<Record<string, string>>;
}

/** An entry of `connections`: a backend, or a backend with options. */
export type Connection = IConnectable | ConnectionOptions;

/** A resolved connection of a workload. */
export interface ResolvedConnection {
  readonly to: IConnectable;
  readonly envPrefix: string;
  readonly endpoint: ConnectionEndpoint;
  readonly env: Readonly<Record<string, EnvValue>>;
}

/** The default env prefix of a backend name. */
export function envPrefixOf(name: string): string {
  return name.toUpperCase().replace(/[^A-Z0-9]+/g, '_').replace(/^_+|_+$/g, '').replace(/^(\d)/, '_$1');
}

function isOptions(c: Connection): c is ConnectionOptions {
  return (c as ConnectionOptions).to !== undefined && typeof (c as IConnectable).connectionEnv !== 'function';
}

/**
 * Resolves a workload's connections (the `database` prop first, as a connection with its own
 * prefix), records their NetworkPolicy edges, and returns them in order. Two connections with
 * the same prefix, or the same backend and port twice, throw.
 */
export function resolveConnections(client: PolicyTarget, connections: readonly Connection[], prop = 'connections'): ResolvedConnection[] {
  if (!HAND_WIRED_CHECKED.has(client)) {
    HAND_WIRED_CHECKED.add(client);
    client.node.addValidation({ validate: () => checkHandWiredHosts(client) });
  }
  const out: ResolvedConnection[] = [];
  const prefixes = new Map<string, string>();
  const seen = new Set<string>();
  connections.forEach((c, i) => {
    const at = `${prop}[${i}]`;
    const opts: ConnectionOptions = c !== undefined && c !== null && isOptions(c) ? c : { to: c as IConnectable };
    const to = opts.to;
    if (!to || typeof to.connectionEnv !== 'function' || typeof to.connectionEndpoint !== 'function') {
      invalidProp(client, at, to === undefined ? undefined : String(to), 'is not a connectable backend',
        'pass a StatefulDb, a WebService, a DaemonAgent with a Service, or an ExternalEndpoint (or { to: backend, envPrefix })');
    }
    if ((to as unknown) === client) invalidProp(client, at, to.name, 'a workload cannot connect to itself', 'remove it from connections');
    const envPrefix = opts.envPrefix ?? envPrefixOf(to.name);
    checkSyntax(client, `${at}.envPrefix`, envPrefix, envVarName(envPrefix), "use letters, digits and _ (not starting with a digit), e.g. 'CACHE'");
    const other = prefixes.get(envPrefix);
    if (other !== undefined) {
      invalidProp(client, `${at}.envPrefix`, envPrefix, `is already the prefix of the connection to '${other}': their env vars would overwrite each other`,
        `give one of them its own prefix: { to: ${to.name}, envPrefix: '${envPrefix}_2' }`);
    }
    prefixes.set(envPrefix, to.name);
    const endpoint = to.connectionEndpoint(opts.port);
    const key = `${to.node.path}:${endpoint.port.name}`;
    if (seen.has(key)) invalidProp(client, at, to.name, `connects to port '${endpoint.port.name}' of '${to.name}' twice`, 'list each backend once');
    seen.add(key);
    if (endpoint.kind === 'pods') allowConnection(client, endpoint.target, endpoint.port);
    else allowExternal(client, to.name, endpoint.port, endpoint.cidrs, endpoint.openEgressReason);
    const env = to.connectionEnv(envPrefix, opts.port);
    out.push({ to, envPrefix, endpoint, env: opts.env === undefined ? env : connectionStrings(client, `${at}.env`, opts.env, to, env[`${envPrefix}_HOST`], env[`${envPrefix}_PORT`]) });
  });
  return out;
}

const PLACEHOLDER = /\{([^{}]*)\}/g;

/**
 * The `env` option of a connection: `{host}`, `{port}` and `{namespace}` filled in from the
 * backend (`host`, `port`: what its `<prefix>_HOST` / `_PORT` would be).
 */
function connectionStrings(client: IConstruct, prop: string, templates: Readonly<Record<string, string>>, to: IConnectable, host: EnvValue | undefined, port: EnvValue | undefined): Record<string, EnvValue> {
  if (typeof templates !== 'object' || templates === null || Object.keys(templates).length === 0) {
    invalidProp(client, prop, templates, 'must map at least one env var name to a value naming the backend', "use env: { DATABASE_URL: 'postgres://{host}:{port}/app' }, or drop env for <prefix>_HOST and _PORT");
  }
  const values: Record<string, string | undefined> = {
    host: typeof host === 'string' ? host : undefined,
    port: typeof port === 'string' ? port : undefined,
    namespace: Chart.of(to).namespace ?? 'default',
  };
  if (!Object.values(templates).some((t) => typeof t === 'string' && t.includes('{host}'))) {
    invalidProp(client, prop, templates, "no value names the backend's host with '{host}'", "add the host, e.g. { DB_HOST: '{host}', DB_PORT: '{port}' }");
  }
  const out: Record<string, EnvValue> = {};
  for (const [name, template] of Object.entries(templates)) {
    checkSyntax(client, `${prop} name`, name, envVarName(name), 'use letters, digits and _ (not starting with a digit), e.g. DATABASE_URL');
    if (typeof template !== 'string' || !/\{(host|port)\}/.test(template)) {
      invalidProp(client, `${prop}.${name}`, template, "must name the backend with '{host}' or '{port}' (a value without them is no connection)", `use '{host}:{port}', or move ${name} to env`);
    }
    const rest = template.replace(PLACEHOLDER, '');
    if (rest.includes('{') || rest.includes('}')) invalidProp(client, `${prop}.${name}`, template, 'has an unbalanced { or }', "write placeholders as '{host}', '{port}' or '{namespace}'");
    out[name] = template.replace(PLACEHOLDER, (_m, key: string) => {
      const v = values[key];
      if (v === undefined) {
        invalidProp(client, `${prop}.${name}`, template, key in values ? `'{${key}}' is not known for '${to.name}'` : `'{${key}}' is not a placeholder`, "use '{host}', '{port}' and '{namespace}' only");
      }
      return v;
    });
  }
  return out;
}

/** Checks that `port` (given by a client) is one of `ports` of the backend; defaults to the first. */
export function backendPort(backend: IConstruct & { readonly name: string }, ports: readonly Port[], port: Port | undefined): Port {
  const chosen = port ?? ports[0];
  if (!chosen) invalidProp(backend, 'port', undefined, `'${backend.name}' has no port to connect to`, 'give the backend a port');
  if (!ports.includes(chosen) || !chosen.expose) {
    invalidProp(backend, 'connection port', chosen.name, `is not a port '${backend.name}' exposes on its Service (${ports.filter((p) => p.expose).map((p) => p.name).join(', ')})`,
      `pass one of ${backend.name}'s port objects`);
  }
  return chosen;
}

/** Host and port env vars of a backend reached through `service`. */
export function hostPortEnv(prefix: string, service: k8s.KubeService, port: Port): Record<string, EnvValue> {
  return { [`${prefix}_HOST`]: service.name, [`${prefix}_PORT`]: String(port.servicePort) };
}

/** Props of an {@link ExternalEndpoint}. */
export interface ExternalEndpointProps extends LabelProps {
  /** The DNS name (or IP address) of the service outside the cluster, e.g. 'smtp.mailgun.org'. */
  readonly host: string;
  /** The port clients connect to (a number, or `{ port, protocol }`). */
  readonly port: PortSpec;
  /**
   * The addresses behind `host`, as CIDRs: derived NetworkPolicies allow egress to exactly these
   * on `port`. Give them for fixed-address services (a managed database in your VPC).
   * @default - none: give `openEgressReason` instead
   */
  readonly cidrs?: readonly string[];
  /**
   * Why egress must stay open to any address on `port` (a SaaS API behind changing cloud
   * addresses: a NetworkPolicy cannot select by DNS name). Required without `cidrs`; written on
   * the client's derived policy as helmless.io/open-egress.
   * @default - none: give `cidrs` instead
   */
  readonly openEgressReason?: string;
  /**
   * Create an ExternalName Service named `name` pointing at `host`, so clients use an in-cluster
   * name and a move of the dependency changes one object. Needs a DNS name (not an IP address).
   * @default false (clients get `host` itself)
   */
  readonly externalNameService?: boolean;
  /**
   * The name of the endpoint (the ExternalName Service, the default env prefix).
   * @default - the construct id
   */
  readonly name?: string;
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
const CIDR4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const CIDR6 = /^[0-9a-fA-F:]+\/\d{1,3}$/;

/**
 * A dependency outside the cluster (a managed database, a mail relay, a SaaS API): clients get
 * `<prefix>_HOST` and `<prefix>_PORT`, and derived NetworkPolicies allow egress to its CIDRs, or
 * to any address on its port for a stated reason. Optionally an ExternalName Service.
 */
export class ExternalEndpoint extends Construct implements IConnectable {
  public readonly name: string;
  public readonly host: string;
  public readonly port: Port;
  public readonly cidrs?: readonly string[];
  public readonly openEgressReason?: string;
  /** The ExternalName Service (`externalNameService: true`). */
  public readonly service?: k8s.KubeService;

  constructor(scope: Construct, id: string, props: ExternalEndpointProps) {
    super(scope, id);
    recordCreationSite(this);
    this.name = props.name ?? id;
    checkName(this, 'ExternalEndpoint', this.name, 'dns1035-label');
    if (typeof props.host !== 'string' || props.host.length === 0) invalidProp(this, 'host', props.host, 'must be a DNS name or an IP address', "set host: 'smtp.example.com'");
    this.host = props.host;
    const isIp = IPV4.test(this.host) || this.host.includes(':');
    if (!isIp) checkName(this, 'host (DNS name)', this.host, 'dns1123-subdomain');
    this.port = Port.of(this, 'port', props.port, 'external');
    for (const c of props.cidrs ?? []) {
      const m = CIDR4.exec(c);
      const ok = m ? m.slice(1, 5).every((x) => Number(x) <= 255) && Number(m[5]) <= 32 : CIDR6.test(c);
      if (!ok) invalidProp(this, 'cidrs', c, 'must be a CIDR such as 10.20.0.0/16 or 203.0.113.7/32', `write '${c}/32' for one address`);
    }
    this.cidrs = props.cidrs && props.cidrs.length > 0 ? [...props.cidrs] : undefined;
    const reason = props.openEgressReason?.trim();
    if (this.cidrs && reason) invalidProp(this, 'openEgressReason', reason, 'egress is limited to cidrs, so it does not stay open', 'drop openEgressReason, or drop cidrs');
    if (!this.cidrs && !reason) {
      invalidProp(this, 'cidrs', undefined, `a NetworkPolicy cannot select '${this.host}' by name: egress needs its addresses, or a reason to stay open on port ${this.port.number}`,
        "set cidrs: ['203.0.113.0/24'], or openEgressReason: 'SaaS API behind changing cloud addresses'");
    }
    this.openEgressReason = reason;
    if (props.externalNameService) {
      if (isIp) invalidProp(this, 'externalNameService', true, 'an ExternalName Service needs a DNS name, not an IP address', 'drop externalNameService, or use a DNS name as host');
      claimName(this, 'Service', this.name);
      const identity = resolveIdentity(this, this.name, undefined, props, props.component ?? 'external');
      this.service = new k8s.KubeService(this, 'service', {
        metadata: { name: this.name, labels: standardLabels(identity, props.labels) },
        spec: { type: 'ExternalName', externalName: this.host, ports: [this.port.toServicePort(false)] },
      });
    }
  }

  public connectionEnv(prefix: string): Record<string, EnvValue> {
    return { [`${prefix}_HOST`]: this.service ? this.service.name : this.host, [`${prefix}_PORT`]: String(this.port.number) };
  }

  public connectionEndpoint(port?: Port): ConnectionEndpoint {
    if (port !== undefined && port !== this.port) invalidProp(this, 'connection port', port.name, `'${this.name}' has one port`, 'leave port unset');
    return { kind: 'external', port: this.port, cidrs: this.cidrs, openEgressReason: this.openEgressReason };
  }
}

const HAND_WIRED_CHECKED = new WeakSet<IConstruct>();
const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'Job', 'CronJob']);
/** Env names whose bare value is a host (a bare value elsewhere, 'cache', is not taken for one). */
const HOST_ENV_NAME = /(HOST|HOSTNAME|ADDR|ADDRESS|URL|URI|ENDPOINT|SERVER|SERVERS|DSN)$/;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Literal env vars of every container of the workload objects under `client`. */
function literalEnv(client: IConstruct): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const o of client.node.findAll()) {
    if (!(o instanceof ApiObject) || !WORKLOAD_KINDS.has(o.kind)) continue;
    const json = o.toJson();
    const pod = o.kind === 'CronJob' ? json.spec?.jobTemplate?.spec?.template?.spec : json.spec?.template?.spec;
    for (const c of [...(pod?.initContainers ?? []), ...(pod?.containers ?? [])]) {
      for (const e of c.env ?? []) if (typeof e.value === 'string') out.push({ name: e.name, value: e.value });
    }
  }
  return out;
}

/**
 * The synth check for hand-wired hosts: a literal env var naming the Service of a helmless
 * workload of the app (`cache`, `cache:6379`, `redis://cache.shop.svc:6379`) that no connection
 * declares and no NetworkPolicy admits is traffic that would be blocked without a word.
 */
function checkHandWiredHosts(client: PolicyTarget): string[] {
  const env = literalEnv(client);
  if (env.length === 0) return [];
  const policies = appNetworkPolicies(client);
  if (policies.length === 0) return [];
  const errors: string[] = [];
  const ownNs = Chart.of(client).namespace ?? 'default';
  const services = client.node.root.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject && c.kind === 'Service');
  for (const svc of services) {
    const owner = svc.node.scope;
    if (!owner || owner === client || !isPolicyTarget(owner)) continue;
    const json = svc.toJson();
    if (json.spec?.type === 'ExternalName') continue;
    const ns = Chart.of(svc).namespace ?? 'default';
    // A bare name resolves in the client's own namespace only; another namespace needs `.ns`.
    const nsPart = `(\\.${escapeRe(ns)}(\\.svc(\\.cluster\\.local)?)?)`;
    const host = new RegExp(`(^|[/@,;=\\s])${escapeRe(svc.name)}${ns === ownNs ? `${nsPart}?` : nsPart}\\.?(:\\d+)?(?=$|[/:?#,;\\s])`);
    const ownerPorts = [(owner as { port?: unknown }).port, ...((owner as { ports?: unknown[] }).ports ?? [])].filter((p): p is Port => p instanceof Port);
    for (const { name, value } of env) {
      const m = host.exec(value);
      if (!m) continue;
      const bare = value === svc.name;
      if (bare && !HOST_ENV_NAME.test(name)) continue;
      if (hasFlowTo(client, owner)) continue;
      const admitted = ownerPorts.some((p) => reachable(policies, podsOf(client), podsOf(owner), { port: p.number, protocol: p.protocol, name: p.name }));
      if (admitted) continue;
      const ports = ownerPorts.map((p) => `${p.protocol} ${p.number}`).join(', ');
      errors.push(`connection ${client.name} -> ${owner.name} (${ports}): env ${name}=${JSON.stringify(value)} names Service '${svc.name}', but no connection declares it and no NetworkPolicy admits this edge. `
        + `Fix: wire it as a connection (connections: [${owner.name}], or { to: ${owner.name}, envPrefix: '...' }) instead of a literal host`);
    }
  }
  return errors;
}
