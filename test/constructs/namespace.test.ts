import { Chart, Testing } from 'cdk8s';
import { describe, expect, it } from 'vitest';
import { DaemonAgent, Mount, Namespace, Security, StatefulDb, WebService, targetVersion } from '../../src';
import { find, synth } from './helpers';
import { synthErrors } from './valid';

const PSA = 'pod-security.kubernetes.io';
const chartIn = (namespace = 'shop') => new Chart(Testing.app(), 'test', { namespace });
const labels = (objects: ReturnType<typeof synth>) => find(objects, 'Namespace').metadata.labels;

describe('Namespace', () => {
  it('GIVEN restricted workloads WHEN synthesised THEN the Namespace (cluster-scoped, named like the chart namespace) enforces restricted at the target version', () => {
    const chart = chartIn();
    new Namespace(chart, 'namespace');
    new WebService(chart, 'web', { image: 'ghcr.io/acme/web:1.0.0', port: 8080 });
    new StatefulDb(chart, 'cache', { image: 'redis:7.2.5', storage: '1Gi' });
    const objects = synth(chart);
    const ns = find(objects, 'Namespace');
    const v = `v1.${targetVersion(chart).minor}`;
    expect(ns.metadata.name).toBe('shop');
    expect(ns.metadata.namespace).toBeUndefined();
    expect(ns.metadata.labels).toEqual({
      [`${PSA}/enforce`]: 'restricted', [`${PSA}/enforce-version`]: v,
      [`${PSA}/warn`]: 'restricted', [`${PSA}/warn-version`]: v,
      [`${PSA}/audit`]: 'restricted', [`${PSA}/audit-version`]: v,
    });
    expect(synthErrors(chart)).toEqual([]);
  });

  it('GIVEN a workload relaxed to root WHEN synthesised THEN the derived level is baseline', () => {
    const chart = chartIn();
    new Namespace(chart, 'namespace');
    new WebService(chart, 'web', { image: 'ghcr.io/acme/web:1.0.0', port: 8080, security: Security.relaxed({ reason: 'legacy image', allowRoot: true }) });
    expect(labels(synth(chart))[`${PSA}/enforce`]).toBe('baseline');
  });

  it('GIVEN a DaemonAgent with host access in the app namespace WHEN synthesised THEN the synth fails, saying it needs privileged and pointing to a namespace of its own', () => {
    const chart = chartIn();
    new Namespace(chart, 'namespace');
    new DaemonAgent(chart, 'logs', { image: 'fluent/fluent-bit:3.0.4', hostMounts: [Mount.hostPath('/var/log')], hostAccessReason: 'tails container logs', security: Security.relaxed({ reason: 'root-owned logs', allowRoot: true }) });
    expect(() => synth(chart)).toThrow(/\[test\/namespace\] DaemonAgent 'test\/logs' needs Pod Security 'privileged' \(hostPath volume \/var\/log\); enforcing that on namespace 'shop' would let every pod of the app run unconfined\. Fix: run it in a namespace of its own/);
  });

  it('GIVEN the agent in a namespace of its own with podSecurity privileged WHEN synthesised THEN it synthesises and the label says privileged', () => {
    const chart = chartIn('node-agents');
    new Namespace(chart, 'namespace', { podSecurity: 'privileged' });
    new DaemonAgent(chart, 'logs', { image: 'fluent/fluent-bit:3.0.4', hostMounts: [Mount.hostPath('/var/log')], hostAccessReason: 'tails container logs', security: Security.relaxed({ reason: 'root-owned logs', allowRoot: true }) });
    expect(labels(synth(chart))[`${PSA}/enforce`]).toBe('privileged');
  });

  it('GIVEN podSecurity restricted and a root workload WHEN synthesised THEN the synth fails: admission would reject its pods', () => {
    const chart = chartIn();
    new Namespace(chart, 'namespace', { podSecurity: 'restricted' });
    new WebService(chart, 'web', { image: 'ghcr.io/acme/web:1.0.0', port: 8080, security: Security.relaxed({ reason: 'legacy image', allowRoot: true }) });
    expect(() => synth(chart)).toThrow(/WebService 'test\/web' needs Pod Security 'baseline' \(container 'web' may run as root\), but namespace 'shop' enforces 'restricted'/);
  });

  it('GIVEN workloads in another namespace WHEN synthesised THEN they do not count', () => {
    const app = Testing.app();
    const apps = new Chart(app, 'apps', { namespace: 'shop' });
    new Namespace(apps, 'namespace');
    const agents = new Chart(app, 'agents', { namespace: 'node-agents' });
    new DaemonAgent(agents, 'node-exporter', { image: 'prom/node-exporter:v1.8.1', port: 9100, hostNetwork: true, hostAccessReason: 'node network stats' });
    expect(labels(Testing.synth(apps))[`${PSA}/enforce`]).toBe('restricted');
  });

  it('GIVEN a ResourceQuota and a LimitRange WHEN synthesised THEN both are in the namespace with quantities', () => {
    const chart = chartIn();
    new Namespace(chart, 'namespace', {
      resourceQuota: { cpu: '8', memory: '16Gi', memoryLimit: '16Gi', pods: 50, storage: '500Gi', persistentVolumeClaims: 10 },
      limitRange: { defaultRequest: { cpu: '100m', memory: '128Mi' }, defaultLimit: { memory: '128Mi' }, max: { cpu: '2', memory: '4Gi' } },
    });
    const objects = synth(chart);
    expect(find(objects, 'ResourceQuota')).toMatchObject({ metadata: { name: 'shop', namespace: 'shop' }, spec: { hard: {
      'requests.cpu': '8', 'requests.memory': '16Gi', 'limits.memory': '16Gi', pods: 50, 'requests.storage': '500Gi', persistentvolumeclaims: 10,
    } } });
    expect(find(objects, 'LimitRange').spec.limits).toEqual([{ type: 'Container', defaultRequest: { cpu: '100m', memory: '128Mi' }, default: { memory: '128Mi' }, max: { cpu: '2', memory: '4Gi' } }]);
    expect(synthErrors(chart)).toEqual([]);
  });

  describe('documented defaults', () => {
    const chart = chartIn();
    const ns = new Namespace(chart, 'namespace');
    const objects = synth(chart);
    it('name: the chart namespace', () => expect(ns.name).toBe('shop'));
    it('name: else the construct id (in a chart without a namespace)', () => {
      const plain = new Chart(Testing.app(), 'c');
      expect(new Namespace(plain, 'tools').name).toBe('tools');
      expect(find(synth(plain), 'Namespace').metadata).toEqual({ name: 'tools', labels: expect.any(Object) });
    });
    it('podSecurity: derived (restricted with no workload)', () => expect([ns.podSecurity, labels(objects)[`${PSA}/enforce`]]).toEqual([undefined, 'restricted']));
    it("podSecurityWarn: 'restricted'", () => expect(labels(objects)[`${PSA}/warn`]).toBe('restricted'));
    it('labels, resourceQuota, limitRange: none', () => expect(objects.map((o) => o.kind)).toEqual(['Namespace']));
  });

  describe('bad input', () => {
    const make = (props: Record<string, unknown>) => () => new Namespace(chartIn(), 'namespace', props as never);
    it('an unknown level', () => expect(make({ podSecurity: 'strict' })).toThrow(/test\/namespace: podSecurity "strict" is invalid: must be 'restricted', 'baseline' or 'privileged'/));
    it('a bad name', () => expect(make({ name: 'Shop' })).toThrow(/Namespace name "Shop" is invalid/));
    it('a quota that is not a quantity', () => expect(make({ resourceQuota: { memory: '16 GB' } })).toThrow(/resourceQuota\.memory "16 GB" is invalid/));
    it('a negative pod count', () => expect(make({ resourceQuota: { pods: -1 } })).toThrow(/resourceQuota\.pods -1 is invalid/));
    it('an empty quota', () => expect(make({ resourceQuota: {} })).toThrow(/resourceQuota \{\} is invalid: sets no limit/));
    it('a limit that is not a quantity', () => expect(make({ limitRange: { max: { cpu: 'two' } } })).toThrow(/limitRange\.max\.cpu "two" is invalid/));
  });
});
