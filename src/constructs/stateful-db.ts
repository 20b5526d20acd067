import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import type { ServiceMonitor } from '../../imports/monitoring.coreos.com';
import { recordCreationSite } from '../source-location';
import { DisruptionBudgetOptions, renderPdbSpec } from './availability';
import { checkInt, invalidProp } from './errors';
import { parseImage } from './image';
import { LABEL_VERSION } from './labels';
import { Metrics, MetricsOptions, renderMetrics, portsWithMetrics } from './monitoring';
import { checkName } from './names';
import { Port, PortSpec } from './ports';
import { Probe } from './probes';
import type { ResourcesSpec } from './resources';
import { EnvValue, SecretSource } from './secrets';
import { Security } from './security';
import { Size, SizeLike, toSize } from './values';
import { ConnectionEndpoint, IConnectable, backendPort } from './connections';
import { PlacementProps, Workload, WorkloadProps, renderPlacement } from './workload';
import { DB_ENGINES, DbEngine, ENGINE_PRESETS, EnginePreset, engineOfImage } from './db-engines';

export { DB_ENGINES, ENGINE_PRESETS, engineOfImage } from './db-engines';
export type { DbEngine, EnginePreset } from './db-engines';

/** Props of a {@link StatefulDb}. */
export interface StatefulDbProps extends WorkloadProps, PlacementProps {
  /** Size of each replica's volume: a Size or a quantity string ('10Gi'). */
  readonly storage: SizeLike;
  /**
   * The database port.
   * @default - the engine's (postgres 5432, mysql/mariadb 3306, redis 6379, mongodb 27017); required for 'generic'
   */
  readonly port?: PortSpec;
  /**
   * The engine preset (port, env var names, data folder, UID, readiness and startup checks, shutdown).
   * @default - detected from the image name; 'generic' when it names none of the engines
   */
  readonly engine?: DbEngine;
  /**
   * Where the volume is mounted.
   * @default - the engine's data folder (postgres /var/lib/postgresql/data, mysql/mariadb /var/lib/mysql, redis /data, mongodb /data/db, generic /data)
   */
  readonly dataPath?: string;
  /**
   * StorageClass of the volumes.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Name of the governing headless Service (keep the name of one that exists today).
   * @default - '<name>-headless'
   */
  readonly headlessServiceName?: string;
  /**
   * Name of the volumeClaimTemplate (its claims are '<claimName>-<name>-<ordinal>'; keep the name of one that exists today).
   * @default 'data'
   */
  readonly claimName?: string;
  /** @default ['ReadWriteOnce'] */
  readonly accessModes?: readonly ('ReadWriteOnce' | 'ReadWriteOncePod' | 'ReadWriteMany' | 'ReadOnlyMany')[];
  /**
   * What happens to the volumes when the StatefulSet is deleted or scaled down.
   * @default - { whenDeleted: 'Retain', whenScaled: 'Retain' }: data outlives the objects
   */
  readonly retentionPolicy?: { readonly whenDeleted?: 'Retain' | 'Delete'; readonly whenScaled?: 'Retain' | 'Delete' };
  /**
   * The credentials Secret, by reference (never literal values). Redis uses only the password
   * (`--requirepass`); mongodb creates a root user from both.
   * @default - postgres, mysql, mariadb, generic: SecretSource.existing('<name>-credentials'), declared in
   * helmless.io/external-secrets; redis, mongodb: none (no authentication, no Secret referenced)
   */
  readonly credentials?: SecretSource;
  /** @default 'username' */
  readonly usernameKey?: string;
  /** @default 'password' */
  readonly passwordKey?: string;
  /**
   * The database to create (not a secret).
   * @default - the engine's default (postgres: the user's name)
   */
  readonly databaseName?: string;
  /**
   * Container resources: a preset or raw values.
   * @default - the engine's: 'medium' (500m CPU, 512Mi) for mysql, mariadb and mongodb, else 'small' (100m, 128Mi)
   */
  readonly resources?: ResourcesSpec;
  /** @default 1 */
  readonly replicas?: number;
  /** @default 'OrderedReady' */
  readonly podManagementPolicy?: 'OrderedReady' | 'Parallel';
  /**
   * A client Service `<name>` (besides the headless `<name>-headless`).
   * @default true
   */
  readonly clientService?: boolean;
  /** @default - the engine's readiness check (postgres: pg_isready; redis: redis-cli ping; others: TCP on the port; false: none) */
  readonly readiness?: Probe | false;
  /**
   * Holds off liveness until the database accepts connections (crash recovery can take minutes).
   * @default - the engine's readiness check with failureThreshold 60 (10 minutes at the 10s period; false: none)
   */
  readonly startup?: Probe | false;
  /** @default Probe.tcp() on the port (false: none) */
  readonly liveness?: Probe | false;
  /**
   * The PodDisruptionBudget, or false for none.
   * @default - { maxUnavailable: 1 } when replicas > 1, else none
   */
  readonly disruptionBudget?: DisruptionBudgetOptions | false;
  /**
   * Prometheus metrics served by the database container itself on another port (e.g.
   * `{ port: 9187 }`): a ServiceMonitor on the headless Service (default) or scrape annotations.
   * @default - no metrics scraping
   */
  readonly metrics?: MetricsOptions;
}

/**
 * A database with persistent volumes: StatefulSet + governing headless Service (+ client
 * Service) + volumeClaimTemplates, credentials by reference. Other workloads connect with
 * `database: db`.
 */
export class StatefulDb extends Workload implements IConnectable {
  public readonly engine: DbEngine;
  public readonly port: Port;
  public readonly storage: Size;
  public readonly dataPath: string;
  public readonly replicas: number;
  /** The credentials Secret; undefined for an engine running without (redis, mongodb by default). */
  public readonly credentials?: SecretSource;
  public readonly usernameKey: string;
  public readonly passwordKey: string;
  public readonly databaseName?: string;
  public readonly statefulSet: k8s.KubeStatefulSet;
  public readonly headlessService: k8s.KubeService;
  public readonly service?: k8s.KubeService;
  public readonly pdb?: k8s.KubePodDisruptionBudget;
  /** The resolved `metrics` option. */
  public readonly metrics?: Metrics;
  /** The ServiceMonitor, when `metrics` asks for one (it scrapes through the headless Service). */
  public readonly serviceMonitor?: ServiceMonitor;

  constructor(scope: Construct, id: string, props: StatefulDbProps) {
    const engine = props.engine ?? engineOfImage(typeof props.image === 'string' ? parseImage(props.image).repository : '');
    const preset = ENGINE_PRESETS[engine] as EnginePreset | undefined;
    const authArgs = props.credentials !== undefined && props.args === undefined ? preset?.withPassword?.args : undefined;
    super(scope, id, {
      ...props,
      ...(authArgs ? { args: authArgs } : {}),
      security: props.security ?? Security.restricted({ runAsUser: preset?.uid }),
      writablePaths: props.writablePaths ?? preset?.writablePaths,
      resources: props.resources ?? preset?.resources,
    }, { component: 'database', kindName: 'StatefulSet and Service', nameRule: 'dns1035-label', maxNameLength: 52, propsName: 'StatefulDbProps' });
    recordCreationSite(this);
    if (!preset) invalidProp(this, 'engine', engine, `must be one of ${DB_ENGINES.map((e) => `'${e}'`).join(', ')}`, "use engine: 'postgres'");
    this.engine = engine;
    if (props.port === undefined && engine === 'generic') {
      invalidProp(this, 'port', undefined, "a 'generic' database has no default port", 'set port (and dataPath), or engine: \'postgres\' / \'mysql\'');
    }
    this.port = Port.of(this, 'port', props.port ?? preset.port, preset.portName);
    const { metrics, ports } = portsWithMetrics(this, props.metrics, [this.port], undefined, this.sidecars.flatMap((c) => c.ports));
    this.metrics = metrics;
    this.storage = this.resolveStorage(props.storage);
    this.dataPath = props.dataPath ?? preset.dataPath;
    if (!this.dataPath.startsWith('/')) invalidProp(this, 'dataPath', this.dataPath, 'must be an absolute path', `use '/${this.dataPath}'`);
    checkInt(this, 'replicas', props.replicas, 0);
    this.replicas = props.replicas ?? 1;
    const set = this.resolveSetOptions(props);

    if (props.credentials !== undefined && !(props.credentials instanceof SecretSource)) {
      invalidProp(this, 'credentials', props.credentials, 'must be a SecretSource (a reference, never literal values)', "use SecretSource.existing('db-credentials')");
    }
    this.credentials = props.credentials ?? (preset.credentialsRequired ? SecretSource.existing(`${this.name}-credentials`) : undefined);
    this.usernameKey = props.usernameKey ?? 'username';
    this.passwordKey = props.passwordKey ?? 'password';
    this.databaseName = props.databaseName;
    if (this.credentials) this.useSecret(this.credentials);
    const engineEnv = this.engineEnv(preset);

    const headlessName = props.headlessServiceName ?? `${this.name}-headless`;
    checkName(this, 'Service', headlessName, 'dns1035-label');
    const claim = props.claimName ?? 'data';
    checkName(this, 'volumeClaimTemplate', claim, 'dns1123-label');
    const placement = renderPlacement(this, props);
    const template = this.podTemplate({
      ports,
      readiness: props.readiness === false ? undefined : props.readiness ?? preset.check(this.port.number),
      liveness: props.liveness === false ? undefined : props.liveness ?? Probe.tcp(),
      startup: props.startup === false ? undefined : props.startup ?? preset.check(this.port.number, { failureThreshold: 60 }),
      extraEnv: engineEnv,
      claimMounts: [{ claim, path: this.dataPath }],
      ...placement,
    });
    this.headlessService = this.renderHeadlessService(headlessName);
    this.statefulSet = this.renderStatefulSet(props, set, claim, this.metrics ? this.metrics.annotate(withShutdown(template, preset)) : withShutdown(template, preset));
    this.keepHelmlessAnnotations(this.statefulSet);
    if (props.clientService ?? true) {
      this.service = new k8s.KubeService(this, 'service', {
        metadata: this.metadata('Service', this.name),
        spec: { type: 'ClusterIP', selector: { ...this.selector }, ports: [this.port.toServicePort(false)] },
      });
    }
    this.serviceMonitor = renderMetrics(this, this.metrics, this.headlessService);
    if (props.disruptionBudget !== false && (props.disruptionBudget !== undefined || this.replicas > 1)) {
      this.pdb = new k8s.KubePodDisruptionBudget(this, 'pdb', {
        metadata: this.metadata('PodDisruptionBudget', this.name),
        spec: renderPdbSpec(this, props.disruptionBudget ?? {}),
      });
    }
    this.keepAsDeployed();
  }

  private resolveStorage(storage: SizeLike | undefined): Size {
    if (storage === undefined) invalidProp(this, 'storage', undefined, 'a database needs a volume size', "set storage: '10Gi'");
    try {
      return toSize(storage);
    } catch (e) {
      invalidProp(this, 'storage', storage, (e as Error).message.replace(/^Size "[^"]*" /, ''), "write a quantity without spaces such as '10Gi', or Size.gibibytes(10)");
    }
  }

  /** The StatefulSet's own options, checked: pod management, claim retention, access modes, StorageClass. */
  private resolveSetOptions(props: StatefulDbProps): SetOptions {
    const podManagementPolicy = props.podManagementPolicy ?? 'OrderedReady';
    if (!['OrderedReady', 'Parallel'].includes(podManagementPolicy)) {
      invalidProp(this, 'podManagementPolicy', podManagementPolicy, "must be 'OrderedReady' or 'Parallel'", "use podManagementPolicy: 'OrderedReady'");
    }
    const whenDeleted = props.retentionPolicy?.whenDeleted ?? 'Retain';
    const whenScaled = props.retentionPolicy?.whenScaled ?? 'Retain';
    for (const [k, v] of [['whenDeleted', whenDeleted], ['whenScaled', whenScaled]] as const) {
      if (v !== 'Retain' && v !== 'Delete') invalidProp(this, `retentionPolicy.${k}`, v, "must be 'Retain' or 'Delete'", `use ${k}: 'Retain'`);
    }
    const accessModes = props.accessModes ?? ['ReadWriteOnce'];
    if (accessModes.length === 0) invalidProp(this, 'accessModes', accessModes, 'must list at least one access mode', "use ['ReadWriteOnce']");
    if (props.storageClassName !== undefined) checkName(this, 'StorageClass', props.storageClassName, 'dns1123-subdomain');
    return { podManagementPolicy, whenDeleted, whenScaled, accessModes };
  }

  /** The engine's env: its fixed values, the credentials by reference, the database name. */
  private engineEnv(preset: EnginePreset): Record<string, EnvValue> {
    const engineEnv: Record<string, EnvValue> = { ...preset.env };
    if (this.credentials) {
      if (preset.userEnv) engineEnv[preset.userEnv] = this.credentials.key(this.usernameKey);
      if (preset.passwordEnv) engineEnv[preset.passwordEnv] = this.credentials.key(this.passwordKey);
      for (const e of preset.withPassword?.passwordEnvs ?? []) engineEnv[e] = this.credentials.key(this.passwordKey);
    }
    if (preset.databaseEnv && this.databaseName !== undefined) engineEnv[preset.databaseEnv] = this.databaseName;
    return engineEnv;
  }

  /** The governing Service: headless, publishing pods before they are ready (peers find each other while starting). */
  private renderHeadlessService(headlessName: string): k8s.KubeService {
    return new k8s.KubeService(this, 'headless-service', {
      metadata: this.metadata('Service', headlessName),
      spec: {
        clusterIp: 'None',
        publishNotReadyAddresses: true,
        selector: { ...this.selector },
        ports: this.metrics ? this.metrics.servicePorts([this.port.toServicePort(false)]) : [this.port.toServicePort(false)],
      },
    });
  }

  private renderStatefulSet(props: StatefulDbProps, set: SetOptions, claim: string, template: k8s.PodTemplateSpec): k8s.KubeStatefulSet {
    // volumeClaimTemplates are immutable: their labels must not carry the version, or an image
    // upgrade would make the StatefulSet un-updatable.
    const claimLabels: Record<string, string> = { ...this.labels };
    delete claimLabels[LABEL_VERSION];
    return new k8s.KubeStatefulSet(this, 'statefulset', {
      metadata: this.metadata('StatefulSet', this.name, { annotations: this.workloadAnnotations() }),
      spec: {
        serviceName: this.headlessService.name,
        replicas: this.replicas,
        podManagementPolicy: set.podManagementPolicy,
        updateStrategy: { type: 'RollingUpdate' },
        selector: { matchLabels: { ...this.selector } },
        persistentVolumeClaimRetentionPolicy: { whenDeleted: set.whenDeleted, whenScaled: set.whenScaled },
        template,
        volumeClaimTemplates: [{
          metadata: { name: claim, labels: claimLabels },
          spec: {
            accessModes: [...set.accessModes],
            ...(props.storageClassName !== undefined ? { storageClassName: props.storageClassName } : {}),
            resources: { requests: { storage: k8s.Quantity.fromString(this.storage.quantity) } },
          },
        }],
      },
    });
  }

  /** The Service clients connect to (the client Service, else the headless one). */
  public get endpointService(): k8s.KubeService { return this.service ?? this.headlessService; }

  /**
   * Env vars for a client: host and port; credentials by reference only when the database has
   * them (none without credentials; redis: the password only); the database name.
   */
  public connectionEnv(prefix: string): Record<string, EnvValue> {
    const env: Record<string, EnvValue> = {
      [`${prefix}_HOST`]: this.endpointService.name,
      [`${prefix}_PORT`]: String(this.port.servicePort),
    };
    if (this.credentials) {
      if (this.engine !== 'redis') env[`${prefix}_USER`] = this.credentials.key(this.usernameKey);
      env[`${prefix}_PASSWORD`] = this.credentials.key(this.passwordKey);
    }
    if (this.databaseName !== undefined) env[`${prefix}_NAME`] = this.databaseName;
    return env;
  }

  /** Clients reach the database's pods on its port. */
  public connectionEndpoint(port?: Port): ConnectionEndpoint {
    return { kind: 'pods', target: this, port: backendPort(this, [this.port], port) };
  }
}

/** The StatefulSet's options, resolved and checked. */
interface SetOptions {
  readonly podManagementPolicy: string;
  readonly whenDeleted: string;
  readonly whenScaled: string;
  readonly accessModes: readonly string[];
}

/**
 * The engine's shutdown on the database container (unless a preStop is already set), and
 * `fsGroupChangePolicy: OnRootMismatch`: the kubelet re-owns the volume only when its root does
 * not match the fsGroup, instead of walking every file of a large data folder on each start.
 */
function withShutdown(template: k8s.PodTemplateSpec, preset: EnginePreset): k8s.PodTemplateSpec {
  const spec = template.spec!;
  const [main, ...rest] = spec.containers;
  const preStop = preset.preStop && !main.lifecycle?.preStop
    ? { ...main, lifecycle: { ...(main.lifecycle ?? {}), preStop: { exec: { command: [...preset.preStop] } } } }
    : main;
  return {
    ...template,
    spec: {
      ...spec,
      securityContext: { fsGroupChangePolicy: 'OnRootMismatch', ...(spec.securityContext ?? {}) },
      containers: [preStop, ...rest],
    },
  };
}
