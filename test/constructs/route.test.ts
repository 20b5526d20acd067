import { Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { AutoscalingMetric, Duration, HelmlessChart, SecretSource, WebService } from '../../src/constructs';
import { reachable } from '../../src/validate/network-reach';
import { find, synth } from './helpers';

function chart(networkPolicies = true): HelmlessChart {
  return new HelmlessChart(Testing.app(), 'tickets', { namespace: 'tickets', networkPolicies });
}
const pods = (name: string, ns = 'tickets') => ({ namespace: ns, labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'tickets' } });
const image = 'ghcr.io/acme/tickets-api:2.3.1';

describe('Gateway API route', () => {
  it('GIVEN route with gateway and hosts WHEN synthesised THEN an HTTPRoute with parentRefs, hostnames, a path match and the Service port', () => {
    const c = chart();
    new WebService(c, 'api', { image, port: 3000, route: { gateway: { name: 'public', namespace: 'gateway-system' }, hosts: ['tickets.acme.io'] } });
    const r = find(synth(c), 'HTTPRoute', 'api');
    expect(r.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(r.metadata.namespace).toBe('tickets');
    expect(r.spec).toEqual({
      parentRefs: [{ name: 'public', namespace: 'gateway-system' }],
      hostnames: ['tickets.acme.io'],
      rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/' } }], backendRefs: [{ name: 'api', port: 3000 }] }],
    });
  });

  it('GIVEN a port with a servicePort, paths and a listener THEN backendRefs use the Service port of that named port', () => {
    const c = chart();
    const web = new WebService(c, 'api', { image, port: { port: 3000, servicePort: 80 }, ports: [{ port: 9000, name: 'admin' }],
      route: { gateway: { name: 'public', namespace: 'gw', sectionName: 'https' }, paths: ['/api', '/v2'], pathType: 'Exact' } });
    void web;
    const r = find(synth(c), 'HTTPRoute', 'api');
    expect(r.spec.parentRefs).toEqual([{ name: 'public', namespace: 'gw', sectionName: 'https' }]);
    expect(r.spec.hostnames).toBeUndefined();
    expect(r.spec.rules[0]).toEqual({ matches: [{ path: { type: 'Exact', value: '/api' } }, { path: { type: 'Exact', value: '/v2' } }], backendRefs: [{ name: 'api', port: 80 }] });
  });

  it('GIVEN a gRPC port THEN a GRPCRoute matching the services', () => {
    const c = chart();
    new WebService(c, 'api', { image, port: { port: 50051, name: 'grpc' },
      route: { gateway: { name: 'public', namespace: 'gw' }, hosts: ['grpc.acme.io'], grpcServices: ['acme.tickets.v1.Tickets'] } });
    const o = synth(c);
    expect(o.some((x) => x.kind === 'HTTPRoute')).toBe(false);
    expect(find(o, 'GRPCRoute', 'api').spec).toEqual({
      parentRefs: [{ name: 'public', namespace: 'gw' }], hostnames: ['grpc.acme.io'],
      rules: [{ matches: [{ method: { service: 'acme.tickets.v1.Tickets' } }], backendRefs: [{ name: 'api', port: 50051 }] }],
    });
  });

  it('GIVEN bad route props THEN each throws naming the fix', () => {
    const c = chart();
    expect(() => new WebService(c, 'a', { image, port: 3000, route: { gateway: { name: 'public' }, hosts: ['Bad Host'] } })).toThrow(/route\.hosts "Bad Host" is invalid/);
    expect(() => new WebService(c, 'b', { image, port: { port: 50051, name: 'grpc' }, route: { gateway: { name: 'p' }, paths: ['/x'] } })).toThrow(/a GRPCRoute matches gRPC services, not paths/);
    expect(() => new WebService(c, 'd', { image, port: 3000, route: { gateway: { name: 'p' }, paths: ['x'] } })).toThrow(/a path must start with '\/'/);
  });

  it('edge gateway -> web: the gateway pods of its namespace on the container port, nothing else', () => {
    const c = chart();
    new WebService(c, 'api', { image, port: { port: 3000, servicePort: 80 }, ports: [{ port: 9000, name: 'admin' }],
      route: { gateway: { name: 'public', namespace: 'gateway-system' } } });
    const o = synth(c);
    const gw = { namespace: 'gateway-system', labels: { 'gateway.networking.k8s.io/gateway-name': 'public' } };
    expect(reachable(o, gw, pods('api'), { port: 3000 })).toBe(true);
    expect(reachable(o, gw, pods('api'), { port: 9000 })).toBe(false);
    expect(reachable(o, { namespace: 'gateway-system', labels: { 'gateway.networking.k8s.io/gateway-name': 'internal' } }, pods('api'), { port: 3000 })).toBe(false);
    expect(reachable(o, { namespace: 'other', labels: gw.labels }, pods('api'), { port: 3000 })).toBe(false);
  });

  it('edge gateway -> web with gatewayPods: the named proxy pods instead', () => {
    const c = chart();
    new WebService(c, 'api', { image, port: 3000,
      route: { gateway: { name: 'public', namespace: 'gateway-system' }, gatewayPods: { namespace: 'envoy-gateway-system', labels: { 'gateway.envoyproxy.io/owning-gateway-name': 'public' } } } });
    const o = synth(c);
    expect(reachable(o, { namespace: 'envoy-gateway-system', labels: { 'gateway.envoyproxy.io/owning-gateway-name': 'public' } }, pods('api'), { port: 3000 })).toBe(true);
    expect(reachable(o, { namespace: 'gateway-system', labels: { 'gateway.networking.k8s.io/gateway-name': 'public' } }, pods('api'), { port: 3000 })).toBe(false);
  });
});

describe('Ingress and Service options', () => {
  it('GIVEN several hosts and TLS entries THEN one rule per host and one tls entry per certificate', () => {
    const c = chart(false);
    new WebService(c, 'web', { image, port: 8080, ingress: {
      hosts: ['a.acme.io', 'b.acme.io'],
      tls: [{ hosts: ['a.acme.io'], secret: SecretSource.existing('a-tls') }, { hosts: ['b.acme.io'], secret: SecretSource.existing('b-tls') }],
    } });
    const ing = find(synth(c), 'Ingress', 'web');
    expect(ing.spec.rules.map((r: { host: string }) => r.host)).toEqual(['a.acme.io', 'b.acme.io']);
    expect(ing.spec.tls).toEqual([{ hosts: ['a.acme.io'], secretName: 'a-tls' }, { hosts: ['b.acme.io'], secretName: 'b-tls' }]);
    expect(ing.metadata.annotations['helmless.io/external-secrets']).toBe('a-tls,b-tls');
    expect(() => new WebService(c, 'x', { image, port: 8080, ingress: { hosts: ['a.acme.io'], tls: [{ hosts: ['c.acme.io'], secret: SecretSource.existing('c') }] } }))
      .toThrow(/ingress\.tls\.hosts "c\.acme\.io" is invalid: is not a host of the Ingress/);
    expect(() => new WebService(c, 'y', { image, port: 8080, ingress: {} })).toThrow(/give exactly one of host and hosts/);
  });

  it('GIVEN an adopted Ingress\'s name and backendPort: \'number\' THEN the Ingress keeps that name and names the Service port by number', () => {
    const c = chart(false);
    new WebService(c, 'web', { image, port: { port: 8080, servicePort: 80 }, ingress: { host: 'a.acme.io', name: 'web-public', backendPort: 'number' } });
    const o = synth(c);
    expect(o.filter((x) => x.kind === 'Ingress').map((x) => x.metadata.name)).toEqual(['web-public']);
    expect(find(o, 'Ingress', 'web-public').spec.rules[0].http.paths[0].backend).toEqual({ service: { name: 'web', port: { number: 80 } } });
    expect(() => new WebService(c, 'x', { image, port: 8080, ingress: { host: 'a.acme.io', backendPort: 'port' as never } }))
      .toThrow(/ingress\.backendPort "port" is invalid: must be 'name' or 'number'/);
    expect(() => new WebService(c, 'y', { image, port: 8080, ingress: { host: 'a.acme.io', name: 'Bad_Name' } })).toThrow(/ingress\.name/);
  });

  it('GIVEN route.name THEN the HTTPRoute keeps that name', () => {
    const c = chart(false);
    new WebService(c, 'web', { image, port: 8080, route: { gateway: { name: 'public', namespace: 'gw' }, name: 'web-route' } });
    expect(synth(c).filter((x) => x.kind === 'HTTPRoute').map((x) => x.metadata.name)).toEqual(['web-route']);
  });

  it('edge ingress controller -> web: the controller namespace on the Ingress port only', () => {
    const c = chart();
    new WebService(c, 'web', { image, port: 8080, ports: [{ port: 9000, name: 'admin' }], ingress: { host: 'a.acme.io' } });
    const o = synth(c);
    expect(reachable(o, { namespace: 'ingress-nginx', labels: {} }, pods('web'), { port: 8080 })).toBe(true);
    expect(reachable(o, { namespace: 'ingress-nginx', labels: {} }, pods('web'), { port: 9000 })).toBe(false);
    expect(reachable(o, { namespace: 'tickets', labels: {} }, pods('web'), { port: 8080 })).toBe(false);
  });

  it('edge monitoring -> metrics: the monitoring namespace on the metrics port only', () => {
    const c = chart();
    new WebService(c, 'web', { image, port: 8080, metrics: { port: 9090 } });
    const o = synth(c);
    expect(reachable(o, { namespace: 'monitoring', labels: {} }, pods('web'), { port: 9090 })).toBe(true);
    expect(reachable(o, { namespace: 'monitoring', labels: {} }, pods('web'), { port: 8080 })).toBe(false);
    expect(reachable(o, { namespace: 'tickets', labels: {} }, pods('web'), { port: 9090 })).toBe(false);
  });

  it('GIVEN a LoadBalancer with annotations, Local policy and source ranges THEN the Service carries them; on ClusterIP they throw', () => {
    const c = chart(false);
    new WebService(c, 'web', { image, port: 8080, serviceType: 'LoadBalancer', externalTrafficPolicy: 'Local', loadBalancerSourceRanges: ['203.0.113.0/24'],
      serviceAnnotations: { 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' } });
    const svc = find(synth(c), 'Service', 'web');
    expect(svc.metadata.annotations).toEqual({ 'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb' });
    expect(svc.spec.externalTrafficPolicy).toBe('Local');
    expect(svc.spec.loadBalancerSourceRanges).toEqual(['203.0.113.0/24']);
    expect(() => new WebService(c, 'x', { image, port: 8080, externalTrafficPolicy: 'Local' })).toThrow(/applies to NodePort and LoadBalancer Services only/);
    expect(() => new WebService(c, 'y', { image, port: 8080, serviceType: 'LoadBalancer', loadBalancerSourceRanges: ['10.0.0.1'] })).toThrow(/must be a CIDR/);
  });

  it('GIVEN autoscaling with behavior and custom/external metrics THEN the HPA has them, no default CPU target, and no Deployment replicas', () => {
    const c = chart(false);
    new WebService(c, 'web', { image, port: 8080, autoscaling: {
      minReplicas: 2, maxReplicas: 20,
      metrics: [AutoscalingMetric.pods('http_requests_per_second', 100), AutoscalingMetric.external('queue_messages_ready', '30', { queue: 'mail' })],
      behavior: { scaleDown: { stabilizationWindow: Duration.minutes(10), policies: [{ type: 'Percent', value: 50, period: Duration.minutes(1) }] }, scaleUp: { selectPolicy: 'Max' } },
    } });
    const o = synth(c);
    expect(find(o, 'Deployment', 'web').spec.replicas).toBeUndefined();
    const hpa = find(o, 'HorizontalPodAutoscaler', 'web').spec;
    expect(hpa.metrics).toEqual([
      { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '100' } } },
      { type: 'External', external: { metric: { name: 'queue_messages_ready', selector: { matchLabels: { queue: 'mail' } } }, target: { type: 'AverageValue', averageValue: '30' } } },
    ]);
    expect(hpa.behavior).toEqual({ scaleUp: { selectPolicy: 'Max' }, scaleDown: { stabilizationWindowSeconds: 600, policies: [{ type: 'Percent', value: 50, periodSeconds: 60 }] } });
    expect(() => new WebService(c, 'x', { image, port: 8080, autoscaling: { minReplicas: 1, maxReplicas: 2, behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1, period: Duration.hours(1) }] } } } }))
      .toThrow(/must be from 1 second to 30 minutes/);
  });
});
