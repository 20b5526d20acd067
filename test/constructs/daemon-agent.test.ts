import { describe, expect, it } from 'vitest';
import { DaemonAgent, Mount, Security } from '../../src';
import { container, find, newChart, podSpec, synth, synthYaml } from './helpers';

describe('DaemonAgent', () => {
  it('GIVEN the minimal props WHEN synthesised THEN the YAML matches the default snapshot', async () => {
    const chart = newChart();
    new DaemonAgent(chart, 'node-exporter', { image: 'prom/node-exporter:v1.7.0', port: 9100 });
    await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/daemon-agent.default.yaml');
  });

  it('GIVEN host mounts, host network/port, control plane, a Service WHEN synthesised THEN the YAML matches the host-access snapshot', async () => {
    const chart = newChart();
    new DaemonAgent(chart, 'node-exporter', {
      image: 'prom/node-exporter:v1.7.0', port: 9100,
      hostMounts: [Mount.hostPath('/proc', '/host/proc'), Mount.hostPath('/sys', '/host/sys')],
      hostNetwork: true, hostPort: true, hostPid: true, runOnControlPlane: true, service: true, maxUnavailable: '10%',
      hostAccessReason: 'reads node metrics', security: Security.restricted({ runAsUser: 65534 }),
    });
    await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/daemon-agent.host-access.yaml');
  });

  it('GIVEN host mounts WHEN synthesised THEN they are read-only hostPath volumes and the exemption is recorded', () => {
    const chart = newChart();
    new DaemonAgent(chart, 'logs', {
      image: 'fluent/fluent-bit:2.2.2', hostMounts: [Mount.hostPath('/var/log')], hostAccessReason: 'tails container logs',
    });
    const ds = find(synth(chart), 'DaemonSet');
    expect(podSpec(ds).volumes).toContainEqual({ name: 'host-var-log', hostPath: { path: '/var/log', type: 'Directory' } });
    expect(container(ds).volumeMounts).toContainEqual({ name: 'host-var-log', mountPath: '/var/log', readOnly: true });
    expect(ds.metadata.annotations['helmless.io/pod-security-exemption']).toBe('hostMounts: tails container logs');
    expect(ds.spec.template.metadata.annotations['helmless.io/pod-security-exemption']).toBe('hostMounts: tails container logs');
    expect(container(ds).readinessProbe).toBeUndefined();
    // the exemption suppresses exactly the lint rules host paths trip, with the same reason
    expect(ds.spec.template.metadata.annotations).toMatchObject({
      'helmless.io/allow-host-path': 'hostMounts: tails container logs',
      'helmless.io/allow-sensitive-host-mount': 'hostMounts: tails container logs',
      'helmless.io/allow-volume-types': 'hostMounts: tails container logs',
    });
    expect(ds.spec.template.metadata.annotations['helmless.io/allow-host-network']).toBeUndefined();
    expect(ds.metadata.annotations['helmless.io/allow-host-path']).toBeUndefined();
  });

  it('GIVEN runOnControlPlane WHEN synthesised THEN control-plane taints are tolerated', () => {
    const chart = newChart();
    new DaemonAgent(chart, 'agent', { image: 'busybox:1.36', runOnControlPlane: true });
    expect(podSpec(find(synth(chart), 'DaemonSet')).tolerations).toEqual([
      { key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' },
      { key: 'node-role.kubernetes.io/master', operator: 'Exists', effect: 'NoSchedule' },
    ]);
  });

  describe('documented defaults', () => {
    const chart = newChart();
    const a = new DaemonAgent(chart, 'node-exporter', { image: 'prom/node-exporter:v1.7.0', port: 9100 });
    const objects = synth(chart);
    const ds = find(objects, 'DaemonSet');
    it("port name: 'metrics'", () => expect(a.port?.name).toBe('metrics'));
    it('probes: TCP on the port', () => {
      expect(container(ds).readinessProbe.tcpSocket).toEqual({ port: 'metrics' });
      expect(container(ds).livenessProbe.tcpSocket).toEqual({ port: 'metrics' });
    });
    it('no host access: restricted, no exemption annotation', () => {
      expect(a.hostAccess).toBe(false);
      expect(podSpec(ds).hostNetwork).toBeUndefined();
      expect(podSpec(ds).hostPID).toBeUndefined();
      expect(container(ds).ports[0].hostPort).toBeUndefined();
      expect(ds.metadata.annotations).toBeUndefined();
    });
    it('runOnControlPlane: false', () => expect(podSpec(ds).tolerations).toBeUndefined());
    it('maxUnavailable: 1', () => expect(ds.spec.updateStrategy).toEqual({ type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } }));
    it('service: false', () => expect(objects.filter((o) => o.kind === 'Service')).toEqual([]));
  });

  describe('validation', () => {
    const make = (props: Record<string, unknown>) => () => new DaemonAgent(newChart(), 'agent', { image: 'busybox:1.36', ...props } as never);
    it('host mounts without a reason', () => expect(make({ hostMounts: [Mount.hostPath('/proc')] })).toThrow(/test\/agent: hostAccessReason \(unset\) is invalid: hostMounts exempt the agent from Pod Security "restricted"/));
    it('hostNetwork without a reason', () => expect(make({ hostNetwork: true })).toThrow(/hostNetwork exempt the agent/));
    it('hostPort without a port', () => expect(make({ hostPort: true, hostAccessReason: 'x' })).toThrow(/hostPort true is invalid: there is no port to publish/));
    it('service without a port', () => expect(make({ service: true })).toThrow(/service true is invalid: the agent exposes no port/));
    it('non-hostPath mount in hostMounts', () => expect(make({ hostMounts: [Mount.emptyDir('/x')], hostAccessReason: 'x' })).toThrow(/only Mount.hostPath/));
    it('hostPath in ordinary mounts', () => expect(make({ mounts: [Mount.hostPath('/proc')] })).toThrow(/host paths are only offered by DaemonAgent/));
    it('relaxed security without a reason', () => expect(make({ security: Security.relaxed({ reason: ' ' }) })).toThrow(/security.reason " " is invalid/));
    it('root without allowRoot', () => expect(make({ security: Security.restricted({ runAsUser: 0 }) })).toThrow(/security.runAsUser 0 is invalid: UID 0 is root/));
  });
});
