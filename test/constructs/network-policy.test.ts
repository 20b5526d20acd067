import { Chart, Testing, Yaml } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { Cron, DaemonAgent, DerivedNetworkPolicies, HelmlessChart, HelmlessChartProps, StatefulDb, WebService, WorkerJob } from '../../src';
import { parseManifests, validateDocuments } from '../../src/validate';
import { lintDocumentsDetailed } from '../../src/validate/policy';
import { type Obj, find, synth } from './helpers';

const WEB = { 'app.kubernetes.io/name': 'web', 'app.kubernetes.io/instance': 'shop' };
const DB = { 'app.kubernetes.io/name': 'db', 'app.kubernetes.io/instance': 'shop' };

/** A shop chart: db, web wired to it with an Ingress and metrics, a migration Job, a node agent. */
function shop(props: HelmlessChartProps = { networkPolicies: true }): { chart: HelmlessChart; objects: Obj[] } {
  const chart = new HelmlessChart(Testing.app(), 'shop', { namespace: 'shop', ...props });
  const db = new StatefulDb(chart, 'db', { image: 'postgres:16.2', storage: '1Gi' });
  new WebService(chart, 'web', {
    image: 'nginx:1.25.3', port: 8080, database: db, metrics: { port: 9090 }, ingress: { host: 'shop.example.com' },
  });
  new WorkerJob(chart, 'migrate', { image: 'busybox:1.36', database: db });
  new DaemonAgent(chart, 'node-exporter', { image: 'prom/node-exporter:v1.7.0', port: 9100, metrics: {} });
  return { chart, objects: synth(chart) };
}

const policies = (objects: Obj[]): Obj[] => objects.filter((o) => o.kind === 'NetworkPolicy');

describe('derived NetworkPolicies', () => {
  it('GIVEN a chart with networkPolicies WHEN synthesised THEN the policies match the snapshot', async () => {
    const { objects } = shop();
    await expect(Yaml.stringify(...policies(objects))).toMatchFileSnapshot('../snapshots/constructs/network-policy.shop.yaml');
  });

  it('GIVEN the chart THEN a default-deny policy selects all its pods by the instance label, for ingress and egress', () => {
    const { objects } = shop();
    const deny = find(objects, 'NetworkPolicy', 'shop-default-deny');
    expect(deny.spec).toEqual({ podSelector: { matchLabels: { 'app.kubernetes.io/instance': 'shop' } }, policyTypes: ['Ingress', 'Egress'] });
    // every pod template of the chart is selected by it
    for (const w of objects.filter((o) => ['Deployment', 'StatefulSet', 'Job', 'DaemonSet'].includes(o.kind))) {
      expect(w.spec.template.metadata.labels['app.kubernetes.io/instance']).toBe('shop');
    }
  });

  it('GIVEN the chart THEN DNS egress to kube-dns on 53 UDP and TCP is allowed for all its pods', () => {
    const dns = find(shop().objects, 'NetworkPolicy', 'shop-allow-dns');
    expect(dns.spec.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/instance': 'shop' } });
    expect(dns.spec.policyTypes).toEqual(['Egress']);
    expect(dns.spec.egress).toEqual([{
      to: [
        { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } },
        { ipBlock: { cidr: '169.254.20.10/32' } },
      ],
      ports: [{ protocol: 'UDP', port: 53 }, { protocol: 'TCP', port: 53 }],
    }]);
  });

  it('GIVEN web and migrate wired to db THEN the db policy allows exactly their pods on 5432 and nothing else', () => {
    const db = find(shop().objects, 'NetworkPolicy', 'db');
    expect(db.spec).toEqual({
      podSelector: { matchLabels: DB },
      policyTypes: ['Ingress'],
      ingress: [{
        from: [
          { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'migrate', 'app.kubernetes.io/instance': 'shop' } } },
          { podSelector: { matchLabels: WEB } },
        ],
        ports: [{ protocol: 'TCP', port: 5432 }],
      }],
    });
  });

  it('GIVEN the web service THEN it accepts the Ingress controller on its container port and Prometheus on the metrics port, and may reach only the db', () => {
    const web = find(shop().objects, 'NetworkPolicy', 'web');
    expect(web.spec.podSelector).toEqual({ matchLabels: WEB });
    expect(web.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(web.spec.ingress).toEqual([
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } } }], ports: [{ protocol: 'TCP', port: 8080 }] },
      { from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'monitoring' } } }], ports: [{ protocol: 'TCP', port: 9090 }] },
    ]);
    expect(web.spec.egress).toEqual([{ to: [{ podSelector: { matchLabels: DB } }], ports: [{ protocol: 'TCP', port: 5432 }] }]);
  });

  it('GIVEN a Job wired to the db THEN its policy only allows egress to the db', () => {
    const job = find(shop().objects, 'NetworkPolicy', 'migrate');
    expect(job.spec.policyTypes).toEqual(['Egress']);
    expect(job.spec.ingress).toBeUndefined();
    expect(job.spec.egress[0].ports).toEqual([{ protocol: 'TCP', port: 5432 }]);
  });

  it('GIVEN no networkPolicies THEN no NetworkPolicy is written (opt-in)', () => {
    expect(policies(shop({}).objects)).toEqual([]);
  });

  it('GIVEN options THEN the peers and egress follow them', () => {
    const { objects } = shop({
      networkPolicies: {
        ingressControllerNamespace: 'traefik', ingressControllerPodLabels: { 'app.kubernetes.io/name': 'traefik' },
        monitoringNamespace: 'observability', prometheusPodLabels: { 'app.kubernetes.io/name': 'prometheus' }, denyEgress: false,
      },
    });
    expect(find(objects, 'NetworkPolicy', 'shop-default-deny').spec.policyTypes).toEqual(['Ingress']);
    expect(objects.some((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'shop-allow-dns')).toBe(false);
    // with egress open, a client with only egress edges needs no policy
    expect(objects.some((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'migrate')).toBe(false);
    const web = find(objects, 'NetworkPolicy', 'web');
    expect(web.spec.policyTypes).toEqual(['Ingress']);
    expect(web.spec.egress).toBeUndefined();
    expect(web.spec.ingress.map((r: Obj) => r.from[0])).toEqual([
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'traefik' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'traefik' } } },
      { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'observability' } }, podSelector: { matchLabels: { 'app.kubernetes.io/name': 'prometheus' } } },
    ]);
  });

  it('GIVEN the db in another chart and namespace THEN the client-side peer adds a namespaceSelector', () => {
    const app = Testing.app();
    const data = new HelmlessChart(app, 'data', { namespace: 'data', networkPolicies: true });
    const db = new StatefulDb(data, 'db', { image: 'postgres:16.2', storage: '1Gi' });
    const front = new HelmlessChart(app, 'front', { namespace: 'front', networkPolicies: true });
    new Cron(front, 'report', { image: 'busybox:1.36', schedule: '0 3 * * *', database: db });
    const dbPolicy = find(synth(data), 'NetworkPolicy', 'db');
    expect(dbPolicy.spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'front' } },
      podSelector: { matchLabels: { 'app.kubernetes.io/name': 'report', 'app.kubernetes.io/instance': 'front' } },
    }]);
    expect(find(synth(front), 'NetworkPolicy', 'report').spec.egress[0].to[0].namespaceSelector)
      .toEqual({ matchLabels: { 'kubernetes.io/metadata.name': 'data' } });
  });

  it('GIVEN the policies added to a plain Chart after its workloads THEN the edges recorded before are derived too', () => {
    const chart = new Chart(Testing.app(), 'plain');
    const db = new StatefulDb(chart, 'db', { image: 'postgres:16.2', storage: '1Gi' });
    new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, database: db });
    const p = new DerivedNetworkPolicies(chart, 'network-policies');
    expect(p.policyOf(db)).toBeDefined();
    expect(find(synth(chart), 'NetworkPolicy', 'db').spec.ingress[0].ports).toEqual([{ protocol: 'TCP', port: 5432 }]);
    expect(() => new DerivedNetworkPolicies(chart, 'again')).toThrow(/already derives its NetworkPolicies/);
  });

  it('GIVEN construction order changes THEN the rendered policies are identical (sorted, merged)', () => {
    const build = (reverse: boolean): string => {
      const chart = new HelmlessChart(Testing.app(), 'shop', { namespace: 'shop', networkPolicies: true });
      const db = new StatefulDb(chart, 'db', { image: 'postgres:16.2', storage: '1Gi' });
      const make = [
        () => new WorkerJob(chart, 'migrate', { image: 'busybox:1.36', database: db }),
        () => new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, database: db }),
      ];
      (reverse ? make.reverse() : make).forEach((f) => f());
      return JSON.stringify(policies(synth(chart)).sort((a, b) => (a.metadata.name < b.metadata.name ? -1 : 1)));
    };
    expect(build(true)).toBe(build(false));
  });

  it('GIVEN a workload named like a chart-wide policy THEN the name collision throws', () => {
    const chart = new HelmlessChart(Testing.app(), 'shop', { networkPolicies: true });
    expect(() => new WebService(chart, 'shop-default-deny', { image: 'nginx:1.25.3', port: 8080, ingress: { host: 'a.example.com' } }))
      .toThrow(/NetworkPolicy name "shop-default-deny" is invalid: it collides/);
  });

  it('GIVEN an empty pod label option THEN it throws (it would select every pod)', () => {
    expect(() => new HelmlessChart(Testing.app(), 'shop', { networkPolicies: { prometheusPodLabels: {} } }))
      .toThrow(/prometheusPodLabels \{\} is invalid: an empty label set selects every pod/);
  });

  it('GIVEN the policies THEN the validator and the lint (with network-policy-missing) report nothing about them', () => {
    const { objects } = shop();
    const { docs } = parseManifests(Yaml.stringify(...objects), 'shop.k8s.yaml');
    const netpolFindings = validateDocuments(docs, { strict: true, evidence: 'complete' }).filter((f) => /networkpolicy/i.test(`${f.rule} ${f.message}`));
    expect(netpolFindings).toEqual([]);
    const lint = lintDocumentsDetailed(docs, { profile: 'restricted', evidence: 'complete', enable: ['policy/network-policy-missing'] });
    expect(lint.findings.filter((f) => /network-?policy/i.test(f.rule)).map((f) => f.message)).toEqual([]);
    // the same app without derived policies trips the rule: the check above can fail
    const bare = parseManifests(Yaml.stringify(...shop({}).objects), 'shop.k8s.yaml').docs;
    const without = lintDocumentsDetailed(bare, { profile: 'restricted', evidence: 'complete', enable: ['policy/network-policy-missing'] });
    expect(without.findings.filter((f) => f.rule === 'policy/network-policy-missing').length).toBeGreaterThan(0);
  });

  describe('documented defaults', () => {
    const p = shop().chart.networkPolicies!;
    it("ingressControllerNamespace: 'ingress-nginx'", () => expect(p.ingressControllerNamespace).toBe('ingress-nginx'));
    it("monitoringNamespace: 'monitoring'", () => expect(p.monitoringNamespace).toBe('monitoring'));
    it('denyEgress: true', () => expect(p.denyEgress).toBe(true));
    it("dnsNamespace: 'kube-system'", () => expect(p.dnsNamespace).toBe('kube-system'));
    it("dnsPodLabels: { 'k8s-app': 'kube-dns' }", () => expect(p.dnsPodLabels).toEqual({ 'k8s-app': 'kube-dns' }));
    it('pod labels of the peers: none (any pod of the namespace)', () => {
      expect(p.ingressControllerPodLabels).toBeUndefined();
      expect(p.prometheusPodLabels).toBeUndefined();
    });
    it('HelmlessChart networkPolicies: off', () => expect(new HelmlessChart(Testing.app(), 'x').networkPolicies).toBeUndefined());
  });
});
