import { App, Chart, Testing } from 'cdk8s';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DaemonAgent, Mount, Security, StatefulDb, WebService, knownImage, warningsOf } from '../../src';
import { newChart, synth } from './helpers';

let printed: string[] = [];
beforeEach(() => {
  printed = [];
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    printed.push(String(chunk));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

/** The warning lines synth printed for the chart, without the creation site (checked on its own). */
function warningsPrinted(chart: Chart): string[] {
  synth(chart);
  return printed.join('').split('\n').filter((l) => l.startsWith('helmless warning: ')).map((l) => l.replace(/ \(test\/constructs\/startup-checks\.test\.ts:\d+\)$/, ''));
}

describe('start-up checks (construct warnings at synth)', () => {
  it('GIVEN stock nginx on 8080 under the restricted defaults WHEN synthesised THEN one line each: it listens on 80 as non-root, and writes outside /tmp', () => {
    const chart = newChart();
    new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080 });
    const lines = warningsPrinted(chart);
    expect(lines).toEqual([
      "helmless warning: test/web: container 'web' binds port 80 (the stock nginx:1.25.3 listens on 80) as UID 65532 without the NET_BIND_SERVICE capability: a non-root process cannot bind a port below 1024 and the pod will crash-loop; listen on 1024 or above: use nginxinc/nginx-unprivileged (listens on 8080, writes only /tmp) with Security.restricted({ runAsUser: 101 }), or writablePaths: ['/tmp', '/var/cache/nginx', '/var/run'] and a server block on 8080 mounted at /etc/nginx/conf.d",
      "helmless warning: test/web: container 'web': the image nginx:1.25.3 writes to /var/cache/nginx, /var/run, which the read-only root filesystem refuses, so it will not start; use nginxinc/nginx-unprivileged (listens on 8080, writes only /tmp) with Security.restricted({ runAsUser: 101 }), or writablePaths: ['/tmp', '/var/cache/nginx', '/var/run'] and a server block on 8080 mounted at /etc/nginx/conf.d",
    ]);
    expect(warningsOf(chart).map((w) => w.path)).toEqual(['test/web', 'test/web']);
  });

  it('GIVEN a warning WHEN printed THEN the line ends with the TypeScript line that created the construct', () => {
    const chart = newChart();
    new WebService(chart, 'tls', { image: 'ghcr.io/acme/proxy:1.0.0', port: 443 });
    synth(chart);
    expect(printed.join('')).toMatch(/^helmless warning: test\/tls: .* \(test\/constructs\/startup-checks\.test\.ts:\d+\)$/m);
  });

  it('GIVEN nginx-unprivileged on 8080 as UID 101 WHEN synthesised THEN no warning', () => {
    const chart = newChart();
    new WebService(chart, 'web', { image: 'nginxinc/nginx-unprivileged:1.25.3', port: 8080, security: Security.restricted({ runAsUser: 101 }) });
    expect(warningsPrinted(chart)).toEqual([]);
  });

  it('GIVEN any image on port 443 as non-root WHEN synthesised THEN a warning; with NET_BIND_SERVICE THEN none', () => {
    const chart = newChart();
    new WebService(chart, 'tls', { image: 'ghcr.io/acme/proxy:1.0.0', port: 443 });
    new WebService(chart, 'tls-cap', { image: 'ghcr.io/acme/proxy:1.0.0', port: 443, security: Security.relaxed({ reason: 'binds 443', addCapabilities: ['NET_BIND_SERVICE'] }) });
    const lines = warningsPrinted(chart);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^helmless warning: test\/tls: container 'tls' binds port 443 as UID 65532 without the NET_BIND_SERVICE capability/);
  });

  it('GIVEN a non-root agent reading /var/log from the host WHEN synthesised THEN a warning pointing to root; as root THEN none', () => {
    const chart = newChart();
    new DaemonAgent(chart, 'logs', { image: 'fluent/fluent-bit:3.0.4', hostMounts: [Mount.hostPath('/var/log')], hostAccessReason: 'tails container logs' });
    new DaemonAgent(chart, 'logs-root', { image: 'fluent/fluent-bit:3.0.4', hostMounts: [Mount.hostPath('/var/log')], hostAccessReason: 'tails container logs', security: Security.relaxed({ reason: 'root-owned logs', allowRoot: true }) });
    const lines = warningsPrinted(chart);
    expect(lines).toEqual([
      "helmless warning: test/logs: container 'logs' reads the host folder /var/log as UID 65532: container log files under /var/log are owned by root and not world-readable, so the agent reads nothing; run it as root with Security.relaxed({ reason: 'reads root-owned container logs', allowRoot: true }) (capabilities stay dropped: root owns the files)",
    ]);
  });

  it('GIVEN stock nginx with writablePaths for its folders WHEN synthesised THEN only the port warning remains', () => {
    const chart = newChart();
    new WebService(chart, 'web', { image: 'docker.io/library/nginx:1.25.3', port: 8080, writablePaths: ['/tmp', '/var/cache/nginx', '/run'] });
    const lines = warningsPrinted(chart);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/binds port 80 \(the stock/);
  });

  it('GIVEN the StatefulDb presets WHEN synthesised THEN none warns (their volumes cover what the images write)', () => {
    const chart = newChart();
    new StatefulDb(chart, 'pg', { image: 'postgres:16.3', storage: '1Gi' });
    new StatefulDb(chart, 'my', { image: 'mysql:8.4.0', storage: '1Gi' });
    new StatefulDb(chart, 'maria', { image: 'mariadb:11.4.2', storage: '1Gi' });
    new StatefulDb(chart, 'cache', { image: 'redis:7.2.5', storage: '1Gi' });
    new StatefulDb(chart, 'docs', { image: 'mongo:7.0.11', storage: '1Gi' });
    expect(warningsPrinted(chart)).toEqual([]);
  });

  it('GIVEN a warning WHEN the app synthesises twice THEN it prints once, and the synth does not fail', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'test');
    new WebService(chart, 'tls', { image: 'ghcr.io/acme/proxy:1.0.0', port: 443 });
    app.synthYaml();
    app.synthYaml();
    expect(printed.join('').split('\n').filter((l) => l.startsWith('helmless warning: '))).toHaveLength(1);
  });

  it('GIVEN a plain cdk8s App WHEN app.synth() runs THEN the warning line is printed too', () => {
    const app = new App({ outdir: require('fs').mkdtempSync(require('path').join(require('os').tmpdir(), 'helmless-warn-')) });
    new WebService(new Chart(app, 'test'), 'tls', { image: 'ghcr.io/acme/proxy:1.0.0', port: 443 });
    app.synth();
    expect(printed.join('')).toMatch(/^helmless warning: test\/tls: container 'tls' binds port 443/m);
  });

  it('knownImage: by repository, with or without registry and library/', () => {
    expect(knownImage('nginx:1.25.3')?.listensOn).toBe(80);
    expect(knownImage('docker.io/library/nginx:1.25.3')?.listensOn).toBe(80);
    expect(knownImage('ghcr.io/acme/nginx:1.0')).toBeUndefined();
  });
});
