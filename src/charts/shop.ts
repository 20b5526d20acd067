import { Construct } from 'constructs';
import {
  ConfigMap, Cron, DaemonAgent, Duration, ExternalEndpoint, HelmlessChart, Mount, Probe, SecretSource, Security,
  StatefulDb, WebService, Worker, WorkerJob,
} from '../constructs';
import type { EnvironmentConfig } from './environments';

const FLUENT_BIT_CONFIG = `[SERVICE]
    Flush        5
    Log_Level    info
    HTTP_Server  On
    HTTP_Listen  0.0.0.0
    HTTP_Port    2020
    Health_Check On

[INPUT]
    Name         tail
    Path         /var/log/containers/*.log
    Tag          kube.*
    Mem_Buf_Limit 5MB

[OUTPUT]
    Name         stdout
    Match        *
`;

/**
 * The example application: a web shop backed by postgres (with a metrics exporter sidecar), a
 * mail worker, its migration Job, a nightly report, and node agents (metrics, logs). One class,
 * instantiated per environment.
 */
export class ShopChart extends HelmlessChart {
  public readonly db: StatefulDb;
  /** The web's redis cache (environments with `cache`). */
  public readonly cache?: StatefulDb;
  public readonly web: WebService;
  public readonly mailer: Worker;
  public readonly migrate: WorkerJob;
  public readonly report: Cron;
  public readonly nodeExporter: DaemonAgent;
  public readonly logShipper: DaemonAgent;
  /** The environment this chart renders ('dev', 'prod'): names its output folder. */
  public readonly stage: EnvironmentConfig['stage'];

  constructor(scope: Construct, id: string, env: EnvironmentConfig) {
    super(scope, id, { namespace: env.namespace, partOf: 'shop', instance: id, networkPolicies: env.networkPolicies });
    this.stage = env.stage;
    const webImage = `ghcr.io/example/shop-web:${env.releaseTag}`;
    this.db = this.database(env);
    if (env.cache) this.cache = new StatefulDb(this, 'cache', { image: 'redis:7.2.5', storage: env.cache.storage, storageClassName: env.storageClassName });
    const config = new ConfigMap(this, 'web-config', {
      data: { LOG_LEVEL: env.stage === 'prod' ? 'info' : 'debug', CURRENCY: 'EUR' },
      component: 'server',
    });
    this.web = this.webService(env, webImage, config);
    this.mailer = this.mailWorker(env, webImage, config);
    this.migrate = new WorkerJob(this, 'migrate', {
      image: webImage,
      command: ['/app/bin/migrate', 'up'],
      database: this.db,
      backoffLimit: 2,
      activeDeadline: Duration.minutes(10),
    });
    this.report = new Cron(this, 'nightly-report', {
      image: webImage,
      command: ['/app/bin/report', '--since=24h'],
      schedule: '0 3 * * *',
      timeZone: 'Europe/Berlin',
      database: this.db,
      startingDeadline: Duration.minutes(30),
    });
    this.nodeExporter = this.nodeExporterAgent();
    this.logShipper = this.logShipperAgent();
  }

  /** Postgres with credentials from the secret store and a metrics exporter beside it. */
  private database(env: EnvironmentConfig): StatefulDb {
    // Credentials live in the secret store; the ExternalSecret is the only trace in dist/.
    const dbCredentials = SecretSource.externalSecret(this, 'db-credentials', {
      store: { name: 'vault', kind: 'ClusterSecretStore' },
      data: {
        username: { key: `shop/${env.stage}/db`, property: 'username' },
        password: { key: `shop/${env.stage}/db`, property: 'password' },
      },
      refreshInterval: Duration.hours(1),
    });

    return new StatefulDb(this, 'db', {
      image: 'postgres:16.2',
      storage: env.dbStorage,
      storageClassName: env.storageClassName,
      credentials: dbCredentials,
      databaseName: 'shop',
      resources: env.dbResources,
      // The exporter runs beside postgres and reads it over localhost; its port named 'metrics' is
      // what the ServiceMonitor scrapes (through the headless Service).
      sidecars: [{
        name: 'exporter',
        image: 'quay.io/prometheuscommunity/postgres-exporter:v0.15.0',
        port: { port: 9187, name: 'metrics' },
        env: {
          DATA_SOURCE_URI: 'localhost:5432/shop?sslmode=disable',
          DATA_SOURCE_USER: dbCredentials.key('username'),
          DATA_SOURCE_PASS: dbCredentials.key('password'),
        },
        readiness: Probe.http('/'),
        liveness: Probe.tcp(),
      }],
      metrics: {},
    });
  }

  /** The shop's front: served through the Gateway or an Ingress, connected to the database (and cache). */
  private webService(env: EnvironmentConfig, webImage: string, config: ConfigMap): WebService {
    return new WebService(this, 'web', {
      image: webImage,
      port: 8080,
      ...env.web,
      resources: env.webResources,
      connections: this.cache ? [this.db, this.cache] : [this.db],
      env: { LOG_LEVEL: config.key('LOG_LEVEL'), CURRENCY: config.key('CURRENCY') },
      // Start serving only once the database accepts connections (its Service name by reference).
      initContainers: [{
        name: 'wait-for-db',
        image: 'busybox:1.36',
        command: ['sh', '-c', 'until nc -z "$DB_HOST" "$DB_PORT"; do echo waiting for the database; sleep 2; done'],
        env: { DB_HOST: this.db.endpointService.name, DB_PORT: String(this.db.port.servicePort) },
      }],
      readiness: Probe.http('/healthz'),
      liveness: Probe.tcp(),
      metrics: { path: '/metrics' },
      ...(env.gateway
        ? { route: { gateway: env.gateway, hosts: [env.host] } }
        : { ingress: { host: env.host, tls: SecretSource.existing(env.tlsSecretName), ingressClassName: 'nginx' } }),
    });
  }

  /** Sends the order mails queued in the database: no Service, no port. */
  private mailWorker(env: EnvironmentConfig, webImage: string, config: ConfigMap): Worker {
    // The mail relay outside the cluster: a SaaS with changing addresses, so egress stays open on its port.
    const smtp = new ExternalEndpoint(this, 'smtp', {
      host: 'smtp.mailgun.org', port: 587,
      openEgressReason: 'SaaS mail relay behind changing cloud addresses (a NetworkPolicy cannot select a DNS name)',
    });
    return new Worker(this, 'mailer', {
      image: webImage,
      command: ['/app/bin/mailer'],
      replicas: env.stage === 'prod' ? 2 : 1,
      database: this.db,
      connections: [smtp],
      env: { LOG_LEVEL: config.key('LOG_LEVEL') },
      terminationGracePeriod: Duration.seconds(60),
      // A rollout waits until the new mailers reach the database and the mail relay.
      readiness: Probe.exec(['/app/bin/mailer', 'healthcheck']),
      liveness: Probe.exec(['/app/bin/mailer', 'healthcheck', '--local']),
    });
  }

  /** Node metrics from every node, the control plane's too. */
  private nodeExporterAgent(): DaemonAgent {
    return new DaemonAgent(this, 'node-exporter', {
      image: 'prom/node-exporter:v1.7.0',
      port: 9100,
      args: ['--path.procfs=/host/proc', '--path.sysfs=/host/sys', '--path.rootfs=/host/root'],
      hostMounts: [
        Mount.hostPath('/proc', '/host/proc'),
        Mount.hostPath('/sys', '/host/sys'),
        Mount.hostPath('/', '/host/root'),
      ],
      hostAccessReason: 'node-exporter reads node metrics from the host /proc, /sys and root filesystem (read-only)',
      runOnControlPlane: true,
      security: Security.restricted({ runAsUser: 65534 }),
      metrics: {},
      readiness: Probe.http('/'),
      liveness: Probe.tcp(),
    });
  }

  /** Ships the container logs of every node. */
  private logShipperAgent(): DaemonAgent {
    const fluentBitConfig = new ConfigMap(this, 'fluent-bit-config', {
      data: { 'fluent-bit.conf': FLUENT_BIT_CONFIG },
      component: 'agent',
    });
    return new DaemonAgent(this, 'fluent-bit', {
      image: 'fluent/fluent-bit:2.2.2',
      port: { port: 2020, name: 'http' },
      mounts: [Mount.configMap(fluentBitConfig, '/fluent-bit/etc')],
      hostMounts: [Mount.hostPath('/var/log')],
      hostAccessReason: 'fluent-bit tails container logs under the host /var/log (read-only)',
      security: Security.relaxed({ reason: 'container log files under /var/log are readable by root only', allowRoot: true }),
      runOnControlPlane: true,
      metrics: { path: '/api/v1/metrics/prometheus' },
      readiness: Probe.http('/api/v1/health'),
      liveness: Probe.tcp(),
    });
  }
}
