import { JsonPatch, Testing, Yaml } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import {
  Cron, DaemonAgent, ExternalEndpoint, HelmlessChart, SecretSource, StatefulDb, WebService, Worker, WorkerJob,
} from '../../src/constructs';
import { parseManifests, validateDocuments } from '../../src/validate';
import { reachable } from '../../src/validate/network-reach';
import { container, find, Obj, synth } from './helpers';

function chart(networkPolicies = true): HelmlessChart {
  return new HelmlessChart(Testing.app(), 'tickets', { namespace: 'tickets', networkPolicies });
}

function env(o: Obj): Record<string, unknown> {
  return Object.fromEntries((container(o).env ?? []).map((e: Obj) => [e.name, e.value ?? e.valueFrom]));
}

function backends(c: HelmlessChart) {
  const db = new StatefulDb(c, 'db', { image: 'postgres:16.4', storage: '20Gi', credentials: SecretSource.existing('tickets-db') });
  const cache = new StatefulDb(c, 'cache', { image: 'redis:7.2.5', storage: '1Gi' });
  return { db, cache };
}

const pods = (name: string, ns = 'tickets') => ({ namespace: ns, labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'tickets' } });

describe('connections', () => {
  it('GIVEN connections [db, cache] WHEN synthesised THEN env vars per backend prefix, credentials only from the backend that has them', () => {
    const c = chart();
    const { db, cache } = backends(c);
    new WebService(c, 'api', { image: 'ghcr.io/acme/tickets-api:2.3.1', port: 3000, connections: [db, cache] });
    const api = env(find(synth(c), 'Deployment', 'api'));
    expect(api.DB_HOST).toBe('db');
    expect(api.DB_PORT).toBe('5432');
    expect(api.DB_PASSWORD).toEqual({ secretKeyRef: { name: 'tickets-db', key: 'password' } });
    expect(api.DB_USER).toEqual({ secretKeyRef: { name: 'tickets-db', key: 'username' } });
    expect(api.CACHE_HOST).toBe('cache');
    expect(api.CACHE_PORT).toBe('6379');
    expect(Object.keys(api).filter((k) => k.startsWith('CACHE_')).sort()).toEqual(['CACHE_HOST', 'CACHE_PORT']);
  });

  it('GIVEN { to, envPrefix } THEN the prefix is used; two connections with one prefix throw', () => {
    const c = chart();
    const { db, cache } = backends(c);
    const w = new WorkerJob(c, 'migrate', { image: 'busybox:1.36', connections: [{ to: cache, envPrefix: 'REDIS' }] });
    expect(w.connections.map((x) => x.envPrefix)).toEqual(['REDIS']);
    expect(() => new WorkerJob(c, 'x', { image: 'busybox:1.36', connections: [{ to: db, envPrefix: 'A' }, { to: cache, envPrefix: 'A' }] }))
      .toThrow(/connections\[1\]\.envPrefix "A" is invalid: is already the prefix of the connection to 'db'/);
  });

  it('GIVEN { to, env } connection strings WHEN synthesised THEN exactly those env vars, {host}, {port} and {namespace} filled in from the backend, and the edge', () => {
    const c = chart();
    const { db, cache } = backends(c);
    new WebService(c, 'api', { image: 'ghcr.io/acme/tickets-api:2.3.1', port: 3000, connections: [
      { to: db, env: { DATABASE_URL: 'postgres://{host}:{port}/app', DB_FQDN: '{host}.{namespace}.svc.cluster.local' } },
      { to: cache, env: { REDIS_ADDR: '{host}:{port}' } },
    ] });
    const o = synth(c);
    expect(env(find(o, 'Deployment', 'api'))).toEqual({ DATABASE_URL: 'postgres://db:5432/app', DB_FQDN: 'db.tickets.svc.cluster.local', REDIS_ADDR: 'cache:6379' });
    expect(reachable(o, pods('api'), pods('db'), { port: 5432 })).toBe(true);
    expect(reachable(o, pods('api'), pods('cache'), { port: 6379 })).toBe(true);
  });

  it('GIVEN bad connection strings THEN each throws naming the fix', () => {
    const c = chart();
    const { db } = backends(c);
    const web = (e: Record<string, string>, id: string) => new WebService(c, id, { image: 'ghcr.io/acme/tickets-api:2.3.1', port: 3000, connections: [{ to: db, env: e }] });
    expect(() => web({ DATABASE_URL: 'postgres://db:5432', DB_HOST: '{host}' }, 'a')).toThrow(/connections\[0\]\.env\.DATABASE_URL .*must name the backend with '\{host\}' or '\{port\}'/);
    expect(() => web({ DB_PORT: '{port}' }, 'e')).toThrow(/connections\[0\]\.env .*no value names the backend's host/);
    expect(() => web({ DATABASE_URL: '{host}:{user}' }, 'b')).toThrow(/'\{user\}' is not a placeholder/);
    expect(() => web({ DATABASE_URL: '{host}:{port' }, 'c')).toThrow(/unbalanced/);
    expect(() => web({}, 'd')).toThrow(/must map at least one env var/);
  });

  it('GIVEN database: db THEN it stays a DB_-prefixed connection with its edge', () => {
    const c = chart();
    const { db } = backends(c);
    const w = new Cron(c, 'cleanup', { image: 'busybox:1.36', schedule: '30 2 * * *', database: db });
    expect(w.connections.map((x) => [x.to, x.envPrefix])).toEqual([[db, 'DB']]);
    const objs = synth(c);
    expect(reachable(objs, pods('cleanup'), pods('db'), { port: 5432 })).toBe(true);
  });

  it('GIVEN a DaemonAgent with a Service WHEN a client connects THEN host/port env and the edge to its port', () => {
    const c = chart();
    const agent = new DaemonAgent(c, 'statsd', { image: 'statsd/statsd:v0.10.2', port: { port: 8125, name: 'statsd', protocol: 'UDP' }, service: true });
    const w = new WorkerJob(c, 'j', { image: 'busybox:1.36', connections: [agent] });
    expect(w.connections[0].env).toEqual({ STATSD_HOST: 'statsd', STATSD_PORT: '8125' });
    const o = synth(c);
    expect(reachable(o, pods('j'), pods('statsd'), { port: 8125, protocol: 'UDP' })).toBe(true);
    expect(reachable(o, pods('j'), pods('statsd'), { port: 8125, protocol: 'TCP' })).toBe(false);
  });

  it('GIVEN a DaemonAgent without a Service WHEN a client connects THEN it throws naming the fix', () => {
    const c = chart();
    const agent = new DaemonAgent(c, 'agent', { image: 'busybox:1.36', port: 8126 });
    expect(() => new WorkerJob(c, 'j', { image: 'busybox:1.36', connections: [agent] })).toThrow(/set service: true on the DaemonAgent/);
  });
});

describe('derived edges: each admits exactly its traffic', () => {
  it('workload -> db/cache: client pods to the backend port, nothing else', () => {
    const c = chart();
    const { db, cache } = backends(c);
    new WebService(c, 'api', { image: 'ghcr.io/acme/tickets-api:2.3.1', port: 3000, connections: [db, cache] });
    new WorkerJob(c, 'migrate', { image: 'busybox:1.36', connections: [db] });
    const o = synth(c);
    expect(reachable(o, pods('api'), pods('db'), { port: 5432 })).toBe(true);
    expect(reachable(o, pods('api'), pods('cache'), { port: 6379 })).toBe(true);
    expect(reachable(o, pods('migrate'), pods('db'), { port: 5432 })).toBe(true);
    // not the cache for migrate, not another port, not the same labels from another namespace
    expect(reachable(o, pods('migrate'), pods('cache'), { port: 6379 })).toBe(false);
    expect(reachable(o, pods('api'), pods('db'), { port: 5433 })).toBe(false);
    expect(reachable(o, pods('api', 'other'), pods('db'), { port: 5432 })).toBe(false);
    expect(reachable(o, pods('db'), pods('api'), { port: 3000 })).toBe(false);
  });

  it('service -> service: a WebService connecting to another WebService reaches its port only', () => {
    const c = chart();
    const users = new WebService(c, 'users', { image: 'ghcr.io/acme/users:1.0.0', port: 8080, ports: [{ port: 9000, name: 'admin' }] });
    const api = new WebService(c, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 3000, connections: [users] });
    expect(api.connections[0].env).toEqual({ USERS_HOST: 'users', USERS_PORT: '8080' });
    const o = synth(c);
    expect(reachable(o, pods('api'), pods('users'), { port: 8080 })).toBe(true);
    expect(reachable(o, pods('api'), pods('users'), { port: 9000 })).toBe(false);
    expect(reachable(o, pods('users'), pods('api'), { port: 3000 })).toBe(false);
  });

  it('cross-namespace: the backend policy admits the client by namespace and labels', () => {
    const app = Testing.app();
    const data = new HelmlessChart(app, 'data', { namespace: 'data', networkPolicies: true });
    const db = new StatefulDb(data, 'db', { image: 'postgres:16.4', storage: '1Gi' });
    const web = new HelmlessChart(app, 'web', { namespace: 'web', networkPolicies: true });
    new WebService(web, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 3000, connections: [db] });
    const o = [...Testing.synth(data), ...Testing.synth(web)];
    const api = { namespace: 'web', labels: { 'app.kubernetes.io/name': 'api', 'app.kubernetes.io/instance': 'web' } };
    const dbPods = { namespace: 'data', labels: { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'data' } };
    expect(reachable(o, api, dbPods, { port: 5432 })).toBe(true);
    expect(reachable(o, { ...api, namespace: 'data' }, dbPods, { port: 5432 })).toBe(false);
  });

  it('external by CIDR: egress to exactly those addresses on the port', () => {
    const c = chart();
    const smtp = new ExternalEndpoint(c, 'smtp', { host: 'smtp.acme.io', port: 587, cidrs: ['203.0.113.0/24'] });
    const w = new WorkerJob(c, 'mailer', { image: 'busybox:1.36', connections: [smtp] });
    expect(w.connections[0].env).toEqual({ SMTP_HOST: 'smtp.acme.io', SMTP_PORT: '587' });
    const o = synth(c);
    expect(reachable(o, pods('mailer'), { ip: '203.0.113.9' }, { port: 587 })).toBe(true);
    expect(reachable(o, pods('mailer'), { ip: '203.0.114.9' }, { port: 587 })).toBe(false);
    expect(reachable(o, pods('mailer'), { ip: '203.0.113.9' }, { port: 25 })).toBe(false);
  });

  it('external without CIDRs: open egress on its port only, with the reason on the policy; no reason throws', () => {
    const c = chart();
    const stripe = new ExternalEndpoint(c, 'stripe', { host: 'api.stripe.com', port: 443, openEgressReason: 'SaaS API behind changing cloud addresses', externalNameService: true });
    new WorkerJob(c, 'billing', { image: 'busybox:1.36', connections: [stripe] });
    const o = synth(c);
    expect(find(o, 'Service', 'stripe').spec).toEqual({ type: 'ExternalName', externalName: 'api.stripe.com', ports: [{ name: 'external', port: 443, targetPort: 'external', protocol: 'TCP' }] });
    expect(find(o, 'NetworkPolicy', 'billing').metadata.annotations).toEqual({ 'helmless.io/open-egress': 'stripe:443: SaaS API behind changing cloud addresses' });
    expect(reachable(o, pods('billing'), { ip: '54.1.2.3' }, { port: 443 })).toBe(true);
    expect(reachable(o, pods('billing'), { ip: '54.1.2.3' }, { port: 80 })).toBe(false);
    expect(() => new ExternalEndpoint(c, 'x', { host: 'x.acme.io', port: 443 })).toThrow(/cannot select 'x.acme.io' by name/);
  });

  it('DNS: every pod of the chart reaches kube-dns and the NodeLocal DNSCache on 53, nothing else there', () => {
    const c = chart();
    new WorkerJob(c, 'j', { image: 'busybox:1.36' });
    const o = synth(c);
    const dns = { namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } };
    expect(reachable(o, pods('j'), dns, { port: 53, protocol: 'UDP' })).toBe(true);
    expect(reachable(o, pods('j'), dns, { port: 53, protocol: 'TCP' })).toBe(true);
    expect(reachable(o, pods('j'), { ip: '169.254.20.10' }, { port: 53, protocol: 'UDP' })).toBe(true);
    expect(reachable(o, pods('j'), { ip: '169.254.20.11' }, { port: 53, protocol: 'UDP' })).toBe(false);
    expect(reachable(o, pods('j'), dns, { port: 443 })).toBe(false);
    expect(reachable(o, pods('j'), { namespace: 'kube-system', labels: { app: 'other' } }, { port: 53, protocol: 'UDP' })).toBe(false);
  });
});

describe('blocked edges fail synth', () => {
  it('GIVEN a host wired by hand in env WHEN policies are on THEN synth fails naming the edge and the fix', () => {
    const c = chart();
    const { cache } = backends(c);
    void cache;
    new WebService(c, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 3000, env: { REDIS_URL: 'redis://cache:6379/0' } });
    expect(() => synth(c)).toThrow(/connection api -> cache \(TCP 6379\): env REDIS_URL="redis:\/\/cache:6379\/0" names Service 'cache', but no connection declares it and no NetworkPolicy admits this edge\. Fix: wire it as a connection/);
  });

  it('GIVEN the same hand-wired host without policies THEN synth passes (nothing blocks it)', () => {
    const c = chart(false);
    backends(c);
    new WebService(c, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 3000, env: { REDIS_URL: 'redis://cache:6379/0' } });
    expect(() => synth(c)).not.toThrow();
  });

  it('GIVEN a derived edge removed by an escape hatch THEN synth fails naming the missing edge', () => {
    const c = chart();
    const { db } = backends(c);
    new WebService(c, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 3000, connections: [db] });
    c.networkPolicies!.policyOf(db)!.addJsonPatch(JsonPatch.remove('/spec/ingress'));
    expect(() => synth(c)).toThrow(/connection api -> db \(TCP 5432\): no NetworkPolicy admits this edge; blocked by the destination's ingress \(policies in tickets: db, tickets-default-deny\)/);
  });
});

describe("issue 15's calls", () => {
  it('GIVEN the calls exactly as written WHEN synthesised THEN each emits its objects and the policies admit every wired edge', () => {
    const c = chart();
    const db = new StatefulDb(c, 'db', { image: 'postgres:16.4', storage: '20Gi', credentials: SecretSource.existing('tickets-db') });
    const cache = new StatefulDb(c, 'cache', { image: 'redis:7.2.5', storage: '1Gi' });
    new WebService(c, 'api', { image: 'ghcr.io/acme/tickets-api:2.3.1', port: 3000, connections: [db, cache],
      route: { gateway: { name: 'public', namespace: 'gateway-system' }, hosts: ['tickets.acme.io'] } });
    new Worker(c, 'mailer', { image: 'ghcr.io/acme/tickets-mailer:2.3.1', replicas: 2, connections: [db, cache] });
    new WorkerJob(c, 'migrate', { image: 'ghcr.io/acme/tickets-api:2.3.1', command: ['npm', 'run', 'migrate'], connections: [db] });
    new Cron(c, 'cleanup', { image: 'ghcr.io/acme/tickets-api:2.3.1', command: ['npm', 'run', 'cleanup'],
      schedule: '30 2 * * *', timeZone: 'Europe/Berlin', connections: [db] });
    const o = synth(c);
    // (a WorkerJob's Job is content-named: migrate-<hash of its template>)
    const kinds = (owner: string) => o.filter((x: Obj) => x.metadata.name === owner || x.metadata.name === `${owner}-headless` || (x.kind === 'Job' && new RegExp(`^${owner}-[0-9a-f]{10}$`).test(x.metadata.name))).map((x: Obj) => x.kind).sort();
    expect(kinds('api')).toEqual(['Deployment', 'HTTPRoute', 'NetworkPolicy', 'PodDisruptionBudget', 'Service', 'ServiceAccount']);
    expect(kinds('mailer')).toEqual(['Deployment', 'NetworkPolicy', 'PodDisruptionBudget', 'ServiceAccount']);
    expect(kinds('migrate')).toEqual(['Job', 'NetworkPolicy', 'ServiceAccount']);
    expect(kinds('cleanup')).toEqual(['CronJob', 'NetworkPolicy', 'ServiceAccount']);
    expect(kinds('db')).toEqual(['NetworkPolicy', 'Service', 'Service', 'ServiceAccount', 'StatefulSet']);
    expect(kinds('cache')).toEqual(['NetworkPolicy', 'Service', 'Service', 'ServiceAccount', 'StatefulSet']);
    const mailer = env(find(o, 'Deployment', 'mailer'));
    expect(Object.keys(mailer).sort()).toEqual(['CACHE_HOST', 'CACHE_PORT', 'DB_HOST', 'DB_PASSWORD', 'DB_PORT', 'DB_USER']);
    const gw = { namespace: 'gateway-system', labels: { 'gateway.networking.k8s.io/gateway-name': 'public' } };
    expect(reachable(o, gw, pods('api'), { port: 3000 })).toBe(true);
    for (const client of ['api', 'mailer', 'migrate', 'cleanup']) expect(reachable(o, pods(client), pods('db'), { port: 5432 })).toBe(true);
    for (const client of ['api', 'mailer']) expect(reachable(o, pods(client), pods('cache'), { port: 6379 })).toBe(true);
    for (const client of ['migrate', 'cleanup']) expect(reachable(o, pods(client), pods('cache'), { port: 6379 })).toBe(false);
    // strict validation with the whole chart as evidence: no errors, and the HTTPRoute is checked against its schema
    const { docs } = parseManifests(Yaml.stringify(...o), 'tickets.k8s.yaml');
    const findings = validateDocuments(docs, { strict: true, evidence: 'complete' });
    expect(findings.filter((f) => f.severity === 'error' || f.rule.includes('unknown-crd')).map((f) => `${f.rule} ${f.path}: ${f.message}`)).toEqual([]);
  });
});
