import { describe, expect, it } from 'vitest';
import { cidrContains, reach, reachable, selectorMatches } from '../../src/validate/network-reach';

const web = { namespace: 'shop', labels: { app: 'web' } };
const db = { namespace: 'shop', labels: { app: 'db' } };
const denyAll = { kind: 'NetworkPolicy', metadata: { name: 'deny', namespace: 'shop' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
const dbIngress = {
  kind: 'NetworkPolicy', metadata: { name: 'db', namespace: 'shop' },
  spec: { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Ingress'], ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }] },
};
const webEgress = {
  kind: 'NetworkPolicy', metadata: { name: 'web', namespace: 'shop' },
  spec: { podSelector: { matchLabels: { app: 'web' } }, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: { matchLabels: { app: 'db' } } }], ports: [{ protocol: 'TCP', port: 5432 }] }] },
};

describe('network reach', () => {
  it('GIVEN no policy selecting either end THEN traffic is admitted', () => {
    expect(reachable([], web, db, { port: 5432 })).toBe(true);
  });

  it('GIVEN default deny WHEN no allow THEN both directions block', () => {
    expect(reach([denyAll], web, db, { port: 5432 })).toEqual({ egress: false, ingress: false });
  });

  it('GIVEN default deny and both allows THEN exactly web -> db:5432/TCP is admitted', () => {
    const ps = [denyAll, dbIngress, webEgress];
    expect(reachable(ps, web, db, { port: 5432 })).toBe(true);
    expect(reachable(ps, web, db, { port: 5433 })).toBe(false);
    expect(reachable(ps, web, db, { port: 5432, protocol: 'UDP' })).toBe(false);
    expect(reachable(ps, { namespace: 'shop', labels: { app: 'other' } }, db, { port: 5432 })).toBe(false);
    expect(reachable(ps, { namespace: 'other', labels: { app: 'web' } }, db, { port: 5432 })).toBe(false);
    expect(reachable(ps, db, web, { port: 5432 })).toBe(false);
  });

  it('GIVEN a namespaceSelector peer THEN only pods of that namespace match; a named port matches by name', () => {
    const p = {
      kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'shop' },
      spec: { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ from: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'gw' } } }], ports: [{ port: 'http' }] }] },
    };
    expect(reach([p], { namespace: 'gw', labels: {} }, web, { port: 8080, name: 'http' }).ingress).toBe(true);
    expect(reach([p], { namespace: 'gw', labels: {} }, web, { port: 8080, name: 'admin' }).ingress).toBe(false);
    expect(reach([p], { namespace: 'shop', labels: {} }, web, { port: 8080, name: 'http' }).ingress).toBe(false);
  });

  it('GIVEN an ipBlock egress THEN addresses inside the CIDR (minus except) match and pods never do', () => {
    const p = {
      kind: 'NetworkPolicy', metadata: { name: 'p', namespace: 'shop' },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }] }] },
    };
    expect(reach([p], web, { ip: '10.2.3.4' }, { port: 443 }).egress).toBe(true);
    expect(reach([p], web, { ip: '10.1.3.4' }, { port: 443 }).egress).toBe(false);
    expect(reach([p], web, { ip: '192.168.0.1' }, { port: 443 }).egress).toBe(false);
    expect(reach([p], web, db, { port: 443 }).egress).toBe(false);
  });

  it('GIVEN selectors with expressions and CIDRs THEN they follow Kubernetes semantics', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'In', values: ['1'] }] }, { a: '1' })).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, { a: '1' })).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'DoesNotExist' }] }, {})).toBe(true);
    expect(cidrContains('0.0.0.0/0', '8.8.8.8')).toBe(true);
    expect(cidrContains('169.254.20.10/32', '169.254.20.10')).toBe(true);
    expect(cidrContains('169.254.20.10/32', '169.254.20.11')).toBe(false);
  });
});
