import { Yaml } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { DaemonAgent, Duration, StatefulDb, WebService } from '../../src';
import { parseManifests, validateDocuments } from '../../src/validate';
import { type Obj, container, find, newChart, synth, synthYaml } from './helpers';

const matches = (selector: Record<string, string>, labels: Record<string, string> = {}): boolean =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

/** The Services a ServiceMonitor selects (same namespace). */
function selectedServices(objects: Obj[], sm: Obj): Obj[] {
  return objects.filter((o) => o.kind === 'Service' && matches(sm.spec.selector.matchLabels, o.metadata.labels));
}

function wiringErrors(objects: Obj[]): string[] {
  const { docs } = parseManifests(Yaml.stringify(...objects), 'test.k8s.yaml');
  return validateDocuments(docs, { strict: true, evidence: 'complete' })
    .filter((f) => f.severity === 'error' || f.rule.includes('servicemonitor'))
    .map((f) => `${f.rule} ${f.path}: ${f.message}`);
}

describe('metrics (monitoring)', () => {
  it('GIVEN node-exporter as a DaemonAgent with metrics WHEN synthesised THEN the YAML matches the snapshot', async () => {
    const chart = newChart({ namespace: 'monitoring-test' });
    new DaemonAgent(chart, 'node-exporter', { image: 'prom/node-exporter:v1.7.0', port: 9100, metrics: { interval: Duration.seconds(30) } });
    await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/monitoring.node-exporter.yaml');
  });

  it('GIVEN a DaemonAgent with metrics and no service WHEN synthesised THEN a headless Service selects its pods and carries the scraped port name', () => {
    const chart = newChart();
    const a = new DaemonAgent(chart, 'node-exporter', { image: 'prom/node-exporter:v1.7.0', port: 9100, metrics: {} });
    const objects = synth(chart);
    const sm = find(objects, 'ServiceMonitor', 'node-exporter');
    expect(a.serviceMonitor).toBeDefined();
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'node-exporter', 'app.kubernetes.io/instance': 'test' });
    expect(sm.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics' }]);
    const [svc] = selectedServices(objects, sm);
    expect(selectedServices(objects, sm)).toHaveLength(1);
    expect(svc.spec.clusterIP).toBe('None');
    expect(svc.spec.selector).toEqual(a.selector);
    expect(svc.spec.ports.map((p: Obj) => p.name)).toContain('metrics');
    expect(wiringErrors(objects)).toEqual([]);
  });

  it('GIVEN a WebService with a new metrics port WHEN synthesised THEN the container and the Service get it and the ServiceMonitor scrapes it by name', () => {
    const chart = newChart();
    const web = new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, metrics: { port: 9090, interval: Duration.seconds(30), scrapeTimeout: Duration.seconds(10), serviceMonitorLabels: { release: 'kube-prometheus-stack' } } });
    const objects = synth(chart);
    expect(container(find(objects, 'Deployment')).ports).toContainEqual({ name: 'metrics', containerPort: 9090, protocol: 'TCP' });
    const svc = find(objects, 'Service', 'web');
    expect(svc.spec.ports).toContainEqual({ name: 'metrics', port: 9090, targetPort: 'metrics', protocol: 'TCP' });
    const sm = find(objects, 'ServiceMonitor', 'web');
    expect(sm.metadata.labels.release).toBe('kube-prometheus-stack');
    expect(sm.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s' }]);
    expect(selectedServices(objects, sm).map((s) => s.metadata.name)).toEqual(['web']);
    expect(web.metrics?.port.name).toBe('metrics');
    expect(wiringErrors(objects)).toEqual([]);
  });

  it('GIVEN metrics reusing a port object WHEN synthesised THEN no port is added and the endpoint names that port', () => {
    const chart = newChart();
    new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, ports: [{ port: 9102, name: 'admin' }], metrics: { path: '/stats' } });
    const objects = synth(chart);
    expect(container(find(objects, 'Deployment')).ports.map((p: Obj) => p.name)).toEqual(['http', 'admin']);
    // default: no port named 'metrics' -> the primary port
    expect(find(objects, 'ServiceMonitor').spec.endpoints[0]).toEqual({ port: 'http', path: '/stats' });
  });

  it('GIVEN serviceMonitor: false WHEN synthesised THEN the pod template has the scrape annotations, no ServiceMonitor, and the new port stays off the Service', () => {
    const chart = newChart();
    const web = new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, metrics: { port: 9090, path: '/prom', serviceMonitor: false } });
    const objects = synth(chart);
    const dep = find(objects, 'Deployment');
    expect(dep.spec.template.metadata.annotations).toMatchObject({
      'prometheus.io/scrape': 'true', 'prometheus.io/port': '9090', 'prometheus.io/path': '/prom',
    });
    expect(dep.metadata.annotations?.['prometheus.io/scrape']).toBeUndefined();
    expect(objects.filter((o) => o.kind === 'ServiceMonitor')).toEqual([]);
    expect(web.serviceMonitor).toBeUndefined();
    expect(container(dep).ports.map((p: Obj) => p.name)).toEqual(['http', 'metrics']);
    expect(find(objects, 'Service').spec.ports.map((p: Obj) => p.name)).toEqual(['http']);
  });

  it('GIVEN a StatefulDb with an exporter port WHEN synthesised THEN only the headless Service carries it, so each replica is scraped once', async () => {
    const chart = newChart();
    new StatefulDb(chart, 'db', { image: 'postgres:16.2', storage: '1Gi', metrics: { port: 9187 } });
    const objects = synth(chart);
    const sm = find(objects, 'ServiceMonitor', 'db');
    const withPort = selectedServices(objects, sm).filter((s) => s.spec.ports.some((p: Obj) => p.name === 'metrics'));
    expect(withPort.map((s) => s.metadata.name)).toEqual(['db-headless']);
    expect(find(objects, 'Service', 'db').spec.ports.map((p: Obj) => p.name)).toEqual(['postgres']);
    expect(container(find(objects, 'StatefulSet')).ports.map((p: Obj) => p.name)).toEqual(['postgres', 'metrics']);
    expect(wiringErrors(objects)).toEqual([]);
    await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/monitoring.stateful-db.yaml');
  });

  describe('documented defaults', () => {
    const chart = newChart();
    const a = new DaemonAgent(chart, 'agent', { image: 'prom/node-exporter:v1.7.0', port: { port: 9100, name: 'web' }, metrics: {} });
    const w = new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, ports: [{ port: 9100, name: 'metrics' }], metrics: {} });
    it("path: '/metrics'", () => expect(a.metrics?.path).toBe('/metrics'));
    it('serviceMonitor: true', () => expect(a.metrics?.serviceMonitor).toBe(true));
    it("port: the port named 'metrics', else the primary port", () => {
      expect(w.metrics?.port.name).toBe('metrics');
      expect(a.metrics?.port.name).toBe('web');
    });
    it("a new port is named 'metrics'", () => {
      const c = newChart();
      expect(new WebService(c, 'web', { image: 'nginx:1.25.3', port: 8080, metrics: { port: 9090 } }).metrics?.port.name).toBe('metrics');
    });
    it('interval / scrapeTimeout: not written (Prometheus defaults)', () => {
      expect(find(synth(chart), 'ServiceMonitor', 'agent').spec.endpoints[0]).toEqual({ port: 'web', path: '/metrics' });
    });
    it('no metrics: no ServiceMonitor, no annotations', () => {
      const c = newChart();
      const x = new WebService(c, 'web', { image: 'nginx:1.25.3', port: 8080 });
      expect(x.serviceMonitor).toBeUndefined();
      expect(synth(c).filter((o) => o.kind === 'ServiceMonitor')).toEqual([]);
    });
  });

  describe('validation', () => {
    it('GIVEN a StatefulDb without a metrics port THEN it throws naming the fix', () => {
      expect(() => new StatefulDb(newChart(), 'db', { image: 'postgres:16.2', storage: '1Gi', metrics: {} }))
        .toThrow(/test\/db: metrics\.port \(unset\) is invalid: .*metrics: \{ port: 9187 \}/);
    });
    it("GIVEN another construct's port THEN it throws", () => {
      const chart = newChart();
      const other = new WebService(chart, 'other', { image: 'nginx:1.25.3', port: 8080 });
      expect(() => new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, metrics: { port: other.port } }))
        .toThrow(/metrics\.port "http" is invalid: is not one of this construct's ports/);
    });
    it('GIVEN scrapeTimeout > interval THEN it throws', () => {
      expect(() => new WebService(newChart(), 'web', { image: 'nginx:1.25.3', port: 8080, metrics: { interval: Duration.seconds(10), scrapeTimeout: Duration.seconds(30) } }))
        .toThrow(/metrics\.scrapeTimeout "30s" is invalid: must not exceed interval \(10s\)/);
    });
    it("GIVEN a path without '/' THEN it throws", () => {
      expect(() => new WebService(newChart(), 'web', { image: 'nginx:1.25.3', port: 8080, metrics: { path: 'metrics' } }))
        .toThrow(/metrics\.path "metrics" is invalid: must start with '\/'. Fix: use '\/metrics'/);
    });
    it('GIVEN a UDP metrics port THEN it throws', () => {
      expect(() => new WebService(newChart(), 'web', { image: 'nginx:1.25.3', port: 8080, metrics: { port: { port: 9090, protocol: 'UDP' } } }))
        .toThrow(/metrics\.port "UDP" is invalid: Prometheus scrapes over HTTP/);
    });
    it('GIVEN serviceMonitor: false with interval THEN it throws', () => {
      expect(() => new WebService(newChart(), 'web', { image: 'nginx:1.25.3', port: 8080, metrics: { serviceMonitor: false, interval: Duration.seconds(30) } }))
        .toThrow(/only apply to a ServiceMonitor/);
    });
    it('GIVEN a new metrics port clashing with a container port THEN it throws', () => {
      expect(() => new WebService(newChart(), 'web', { image: 'nginx:1.25.3', port: 8080, metrics: { port: 8080 } }))
        .toThrow(/port "8080" is invalid: TCP port is declared twice/);
    });
  });
});
