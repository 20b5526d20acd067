/** The database engines StatefulDb knows, and what each engine's preset sets. */
import { Probe } from './probes';
import type { ResourcePreset } from './resources';

/**
 * The database engines with presets. 'generic' has none: give port, dataPath and env yourself.
 * 'mysql' also fits MariaDB images; 'mariadb' uses the MARIADB_* names of the official image.
 */
export type DbEngine = 'postgres' | 'mysql' | 'mariadb' | 'redis' | 'mongodb' | 'generic';

/** The engines, for messages and docs. */
export const DB_ENGINES: readonly DbEngine[] = ['postgres', 'mysql', 'mariadb', 'redis', 'mongodb', 'generic'];

/** What an engine preset sets. */
export interface EnginePreset {
  readonly port: number;
  readonly portName: string;
  readonly dataPath: string;
  /**
   * Whether the engine needs credentials to start (postgres, mysql, mariadb). Without them
   * (redis, mongodb) it runs without authentication and nothing references a Secret.
   */
  readonly credentialsRequired: boolean;
  /** Env var names of the credentials and database name. */
  readonly userEnv?: string;
  readonly passwordEnv?: string;
  readonly databaseEnv?: string;
  /** Literal env the engine needs (not credentials). */
  readonly env: Readonly<Record<string, string>>;
  /** Writable runtime folders under the read-only root filesystem. */
  readonly writablePaths: readonly string[];
  /** The UID the official image's database user has. */
  readonly uid: number;
  /** The resources preset the engine starts with (mysqld and mongod need more than 128Mi). */
  readonly resources: ResourcePreset;
  /** The readiness check (also the startup check, with a longer budget). */
  readonly check: (port: number, options?: { readonly failureThreshold?: number }) => Probe;
  /**
   * A preStop command for a clean, fast shutdown, when the engine's reaction to SIGTERM is not
   * one (postgres: SIGTERM is a "smart" shutdown that waits for every client to disconnect).
   */
  readonly preStop?: readonly string[];
  /** Extra args and env when credentials are given (redis: `--requirepass`). */
  readonly withPassword?: { readonly args: readonly string[]; readonly passwordEnvs: readonly string[] };
}

const tcp = (_port: number, options: { readonly failureThreshold?: number } = {}): Probe => Probe.tcp(options);

const MYSQL: EnginePreset = {
  port: 3306, portName: 'mysql', dataPath: '/var/lib/mysql', credentialsRequired: true,
  userEnv: 'MYSQL_USER', passwordEnv: 'MYSQL_PASSWORD', databaseEnv: 'MYSQL_DATABASE',
  env: { MYSQL_RANDOM_ROOT_PASSWORD: 'yes' },
  writablePaths: ['/tmp', '/var/run/mysqld'],
  uid: 999,
  // mysqld's default InnoDB buffer pool alone is 128 MiB.
  resources: 'medium',
  check: tcp,
};

export const ENGINE_PRESETS: Readonly<Record<DbEngine, EnginePreset>> = {
  postgres: {
    port: 5432, portName: 'postgres', dataPath: '/var/lib/postgresql/data', credentialsRequired: true,
    userEnv: 'POSTGRES_USER', passwordEnv: 'POSTGRES_PASSWORD', databaseEnv: 'POSTGRES_DB',
    // A subfolder: the volume's root may hold lost+found, which initdb refuses.
    env: { PGDATA: '/var/lib/postgresql/data/pgdata' },
    writablePaths: ['/tmp', '/var/run/postgresql'],
    uid: 999,
    resources: 'small',
    check: (port, options = {}) => Probe.exec(['sh', '-c', `pg_isready -U "$POSTGRES_USER" -h 127.0.0.1 -p ${port}`], options),
    // Fast mode (SIGINT): roll back open transactions, disconnect clients, checkpoint, exit.
    // -W returns at once: the kubelet's SIGTERM that follows the hook cannot weaken a shutdown
    // already under way, and terminationGracePeriodSeconds bounds it. (Kubernetes's own
    // lifecycle.stopSignal, KEP-4960, is alpha behind the ContainerStopSignals gate since 1.33;
    // the official image's STOPSIGNAL SIGINT depends on the runtime honouring it.)
    preStop: ['sh', '-c', 'pg_ctl stop -D "$PGDATA" -m fast -W'],
  },
  mysql: MYSQL,
  // The official MariaDB image reads MARIADB_* (MYSQL_* too, as aliases) and keeps its socket in /run/mysqld.
  mariadb: {
    ...MYSQL,
    userEnv: 'MARIADB_USER', passwordEnv: 'MARIADB_PASSWORD', databaseEnv: 'MARIADB_DATABASE',
    env: { MARIADB_RANDOM_ROOT_PASSWORD: 'yes' },
    writablePaths: ['/tmp', '/run/mysqld'],
  },
  redis: {
    port: 6379, portName: 'redis', dataPath: '/data', credentialsRequired: false,
    env: {},
    writablePaths: ['/tmp'],
    uid: 999,
    resources: 'small',
    // PONG only once the dataset is loaded (a TCP check passes while redis answers LOADING).
    // redis-cli reads the password from REDISCLI_AUTH when credentials are given.
    check: (port, options = {}) => Probe.exec(['sh', '-c', `redis-cli -h 127.0.0.1 -p ${port} ping | grep -q PONG`], options),
    withPassword: { args: ['--requirepass', '$(REDIS_PASSWORD)'], passwordEnvs: ['REDIS_PASSWORD', 'REDISCLI_AUTH'] },
  },
  mongodb: {
    port: 27017, portName: 'mongodb', dataPath: '/data/db', credentialsRequired: false,
    userEnv: 'MONGO_INITDB_ROOT_USERNAME', passwordEnv: 'MONGO_INITDB_ROOT_PASSWORD', databaseEnv: 'MONGO_INITDB_DATABASE',
    env: {},
    writablePaths: ['/tmp', '/data/configdb'],
    uid: 999,
    // mongod's WiredTiger cache is at least 256 MiB.
    resources: 'medium',
    // TCP: an exec of mongosh starts a Node.js process inside the database's memory limit.
    check: tcp,
  },
  generic: {
    port: 0, portName: 'db', dataPath: '/data', credentialsRequired: true, env: {}, writablePaths: ['/tmp'], uid: 65532, resources: 'small',
    check: tcp,
  },
};

/** Detects the engine from the image repository ('postgres', 'bitnami/postgresql', 'mysql', 'mariadb', 'redis', 'mongo'). */
export function engineOfImage(repository: string): DbEngine {
  const base = repository.slice(repository.lastIndexOf('/') + 1);
  if (/postgres/.test(base)) return 'postgres';
  if (/mariadb/.test(base)) return 'mariadb';
  if (/mysql/.test(base)) return 'mysql';
  if (/^(redis|valkey)/.test(base)) return 'redis';
  if (/^mongo/.test(base)) return 'mongodb';
  return 'generic';
}
