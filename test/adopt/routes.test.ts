// Ingress and HTTPRoute folding (issue 17): which objects become a WebService's own option, and with what.
import { describe, expect, it } from 'vitest';
import { foldRoutes, ingressOption, routeOption } from '../../src/adopt/routes';
import { isCode } from '../../src/adopt/recognize';

const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { ports: [{ port: 80 }] } };
const backend = (name: string, port: Record<string, unknown> = { number: 80 }) => ({ service: { name, port } });
const ingress = (name: string, rules: unknown[], extra: Record<string, unknown> = {}) => ({
  apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name, namespace: 'shop', ...(extra.metadata as object ?? {}) }, spec: { rules, ...(extra.spec as object ?? {}) },
});
const rule = (host: string, ...paths: [string, string][]) => ({ host, http: { paths: paths.map(([path, to]) => ({ path, pathType: 'Prefix', backend: backend(to) })) } });
const httpRoute = (name: string, backends: string[], ns = 'shop') => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', metadata: { name, namespace: ns },
  spec: { parentRefs: [{ name: 'public', namespace: 'gw', sectionName: 'https' }], hostnames: ['a.example.com'],
    rules: [{ matches: [{ path: { type: 'PathPrefix', value: '/v1' } }], backendRefs: backends.map((b) => ({ name: b, port: 80 })) }] },
});

describe('adopt: Ingress and HTTPRoute folded into their WebService', () => {
  it('GIVEN an Ingress with TLS, class, annotations and its own name WHEN turned into the ingress option THEN each is kept', () => {
    const ing = ingress('web-public', [rule('a.example.com', ['/', 'web'], ['/static', 'web']), rule('b.example.com', ['/', 'web'], ['/static', 'web'])], {
      metadata: { annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' } },
      spec: { ingressClassName: 'nginx', tls: [{ hosts: ['a.example.com', 'b.example.com'], secretName: 'web-tls' }] },
    });
    const opt = ingressOption(ing, 'web') as Record<string, any>;
    const { tls, ...rest } = opt;
    expect(rest).toEqual({
      hosts: ['a.example.com', 'b.example.com'], paths: ['/', '/static'], ingressClassName: 'nginx',
      annotations: { 'nginx.ingress.kubernetes.io/proxy-body-size': '8m' }, name: 'web-public', backendPort: 'number',
    });
    expect(isCode(tls) && tls.call === 'SecretSource.existing' && tls.arg === 'web-tls').toBe(true);
  });

  it('GIVEN TLS entries for some hosts THEN one entry each; GIVEN a rule without a host THEN no option, with the reason', () => {
    const ing = ingress('web', [rule('a.example.com', ['/', 'web']), rule('b.example.com', ['/', 'web'])], { spec: { tls: [{ hosts: ['a.example.com'], secretName: 'a-tls' }] } });
    const opt = ingressOption(ing, 'web') as Record<string, any>;
    expect(opt.tls.map((t: any) => [t.hosts, t.secret.arg])).toEqual([[['a.example.com'], 'a-tls']]);
    expect(opt.name).toBeUndefined();
    expect(ingressOption(ingress('web', [{ http: { paths: [{ path: '/', pathType: 'Prefix', backend: backend('web') }] } }]), 'web')).toMatch(/a rule without a host/);
  });

  it('GIVEN an HTTPRoute with parentRefs, hostnames and a path match THEN the route option names the Gateway and keeps its own name', () => {
    expect(routeOption(httpRoute('web-route', ['web']), 'web')).toEqual({
      gateway: { name: 'public', namespace: 'gw', sectionName: 'https' }, hosts: ['a.example.com'], paths: ['/v1'], name: 'web-route',
    });
  });

  it('GIVEN an Ingress and an HTTPRoute routing only to the Service THEN both fold; GIVEN fan-out to two Services THEN neither folds, each with the reason', () => {
    const own = ingress('web', [rule('a.example.com', ['/', 'web'])]);
    const fanout = ingress('shop', [rule('shop.example.com', ['/api', 'api'], ['/', 'web'])]);
    const route = httpRoute('web', ['web']);
    const split = httpRoute('canary', ['web', 'web-canary']);
    const other = ingress('elsewhere', [rule('x.example.com', ['/', 'api'])]);
    const f = foldRoutes(svc, 'web', [svc, own, fanout, route, split, other], new Set());
    expect(Object.keys(f.props).sort()).toEqual(['ingress', 'route']);
    expect([...f.kept]).toEqual([
      ['networking.k8s.io/Ingress/shop/shop', "it routes to 2 Services (api, web); a WebService's Ingress routes to its own Service only"],
      ['gateway.networking.k8s.io/HTTPRoute/shop/canary', "it routes to 2 Services (web, web-canary); a WebService's HTTPRoute routes to its own Service only"],
    ]);
  });

  it('GIVEN a second Ingress for the same Service, or one in another namespace or already claimed THEN only the first folds', () => {
    const a = ingress('web', [rule('a.example.com', ['/', 'web'])]);
    const b = ingress('web-2', [rule('b.example.com', ['/', 'web'])]);
    const elsewhere = { ...httpRoute('web', ['web'], 'other') };
    const claimed = httpRoute('web-claimed', ['web']);
    const f = foldRoutes(svc, 'web', [a, b, elsewhere, claimed], new Set(['gateway.networking.k8s.io/HTTPRoute/shop/web-claimed']));
    expect((f.props.ingress as any).host).toBe('a.example.com');
    expect(f.props.route).toBeUndefined();
    expect([...f.kept.values()]).toEqual(['WebService web already writes one Ingress (ingress); this one stays as it is']);
  });
});
