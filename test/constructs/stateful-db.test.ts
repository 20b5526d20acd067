import { describe, expect, it } from 'vitest';
import { Testing } from 'cdk8s';
import { HelmlessChart, Probe, SecretSource, Size, StatefulDb, WebService } from '../../src';
import { container, find, newChart, podSpec, synth, synthYaml } from './helpers';
import { synthErrors } from './valid';

const SEALED = 'AgBy3i4OJSWK+PiTySYZZA9rO43cGDEq'.repeat(4);

describe('StatefulDb', () => {
  describe('snapshots', () => {
    it('GIVEN the minimal postgres props WHEN synthesised THEN the YAML matches the postgres snapshot', async () => {
      const chart = newChart();
      new StatefulDb(chart, 'db', { image: 'postgres:16.2', port: 5432, storage: '10Gi' });
      await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/stateful-db.postgres.yaml');
    });

    it('GIVEN mysql with a SealedSecret, 3 replicas, a StorageClass WHEN synthesised THEN the YAML matches the mysql snapshot', async () => {
      const chart = newChart();
      const creds = SecretSource.sealed(chart, 'mysql-credentials', { encryptedData: { username: SEALED, password: SEALED } });
      new StatefulDb(chart, 'mysql', {
        image: 'mysql:8.3.0', storage: Size.gibibytes(20), storageClassName: 'ssd', credentials: creds,
        databaseName: 'shop', replicas: 3, podManagementPolicy: 'Parallel', retentionPolicy: { whenScaled: 'Delete' },
      });
      await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/stateful-db.mysql.yaml');
    });

    it('GIVEN a generic engine with an ExternalSecret WHEN synthesised THEN the YAML matches the generic snapshot', async () => {
      const chart = newChart();
      const creds = SecretSource.externalSecret(chart, 'kv-credentials', {
        store: { name: 'vault' }, data: { username: { key: 'kv/db', property: 'user' }, password: { key: 'kv/db', property: 'pass' } },
      });
      new StatefulDb(chart, 'kv', { image: 'redis:7.2.4', engine: 'generic', port: 6379, storage: '1Gi', credentials: creds, dataPath: '/data', clientService: false });
      await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/stateful-db.generic.yaml');
    });
  });

  describe('wiring', () => {
    it('GIVEN a StatefulDb WHEN synthesised THEN the headless Service governs the StatefulSet and the volume is mounted', () => {
      const chart = newChart();
      new StatefulDb(chart, 'db', { image: 'postgres:16.2', port: 5432, storage: '10Gi' });
      const objects = synth(chart);
      const sts = find(objects, 'StatefulSet');
      const headless = find(objects, 'Service', 'db-headless');
      expect(sts.spec.serviceName).toBe('db-headless');
      expect(headless.spec).toMatchObject({ clusterIP: 'None', publishNotReadyAddresses: true });
      expect(sts.spec.volumeClaimTemplates[0]).toMatchObject({ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } } });
      expect(sts.spec.volumeClaimTemplates[0].metadata.labels['app.kubernetes.io/version']).toBeUndefined();
      expect(container(sts).volumeMounts).toContainEqual({ name: 'data', mountPath: '/var/lib/postgresql/data' });
      expect(find(objects, 'Service', 'db').spec.ports[0].targetPort).toBe('postgres');
    });

    it('GIVEN no credentials WHEN synthesised THEN they come from the existing Secret <name>-credentials by reference and are declared', () => {
      const chart = newChart();
      new StatefulDb(chart, 'db', { image: 'postgres:16.2', storage: '10Gi' });
      const sts = find(synth(chart), 'StatefulSet');
      expect(container(sts).env).toContainEqual({ name: 'POSTGRES_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } });
      expect(sts.metadata.annotations['helmless.io/external-secrets']).toBe('db-credentials');
      expect(sts.spec.template.metadata.annotations['helmless.io/external-secrets']).toBe('db-credentials');
    });

    it('GIVEN a WebService with database: db WHEN synthesised THEN its pods get host, port and credentials by reference', () => {
      const chart = newChart();
      const db = new StatefulDb(chart, 'db', { image: 'postgres:16.2', storage: '10Gi', databaseName: 'shop' });
      new WebService(chart, 'web', { image: 'nginx:1.25.3', port: 8080, database: db });
      const dep = find(synth(chart), 'Deployment');
      expect(container(dep).env).toEqual([
        { name: 'DB_HOST', value: 'db' },
        { name: 'DB_NAME', value: 'shop' },
        { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'password' } } },
        { name: 'DB_PORT', value: '5432' },
        { name: 'DB_USER', valueFrom: { secretKeyRef: { name: 'db-credentials', key: 'username' } } },
      ]);
      expect(dep.metadata.annotations['helmless.io/external-secrets']).toBe('db-credentials');
    });

    it('GIVEN an ExternalSecret source WHEN synthesised THEN no workload declares it external and no Secret object is written', () => {
      const chart = newChart();
      const creds = SecretSource.externalSecret(chart, 'db-credentials', { store: { name: 'vault' }, data: { username: { key: 'k' }, password: { key: 'k' } } });
      new StatefulDb(chart, 'db', { image: 'postgres:16.2', storage: '10Gi', credentials: creds });
      const objects = synth(chart);
      expect(find(objects, 'StatefulSet').metadata.annotations).toBeUndefined();
      expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
      expect(find(objects, 'ExternalSecret').spec.target.name).toBe('db-credentials');
    });
  });

  describe('documented defaults', () => {
    const chart = newChart();
    const db = new StatefulDb(chart, 'db', { image: 'postgres:16.2', storage: '10Gi' });
    const objects = synth(chart);
    const sts = find(objects, 'StatefulSet');
    it('engine: detected from the image', () => expect(db.engine).toBe('postgres'));
    it('port: the engine default (postgres 5432, named postgres)', () => expect([db.port.number, db.port.name]).toEqual([5432, 'postgres']));
    it('mysql engine detected, port 3306', () => {
      const m = new StatefulDb(newChart(), 'm', { image: 'mysql:8.3.0', storage: '1Gi' });
      expect([m.engine, m.port.number, m.dataPath]).toEqual(['mysql', 3306, '/var/lib/mysql']);
    });
    it('mariadb engine detected, port 3306', () => {
      const m = new StatefulDb(newChart(), 'm', { image: 'mariadb:11.2', storage: '1Gi' });
      expect([m.engine, m.port.number, m.dataPath]).toEqual(['mariadb', 3306, '/var/lib/mysql']);
    });
    it('dataPath: the engine data folder', () => expect(db.dataPath).toBe('/var/lib/postgresql/data'));
    it('storageClassName: unset (cluster default)', () => expect(sts.spec.volumeClaimTemplates[0].spec.storageClassName).toBeUndefined());
    it("accessModes: ['ReadWriteOnce']", () => expect(sts.spec.volumeClaimTemplates[0].spec.accessModes).toEqual(['ReadWriteOnce']));
    it('retentionPolicy: Retain / Retain', () => expect(sts.spec.persistentVolumeClaimRetentionPolicy).toEqual({ whenDeleted: 'Retain', whenScaled: 'Retain' }));
    it("credentials: existing '<name>-credentials', keys username/password", () => {
      expect([db.credentials!.secretName, db.usernameKey, db.passwordKey]).toEqual(['db-credentials', 'username', 'password']);
    });
    it('databaseName: unset', () => expect(container(sts).env.find((e: { name: string }) => e.name === 'POSTGRES_DB')).toBeUndefined());
    it('replicas: 1', () => expect(sts.spec.replicas).toBe(1));
    it("podManagementPolicy: 'OrderedReady'", () => expect(sts.spec.podManagementPolicy).toBe('OrderedReady'));
    it('clientService: true', () => expect(find(objects, 'Service', 'db')).toBeDefined());
    it('readiness: pg_isready for postgres', () => expect(container(sts).readinessProbe.exec.command[2]).toMatch(/^pg_isready /));
    it('liveness: TCP on the port', () => expect(container(sts).livenessProbe.tcpSocket).toEqual({ port: 'postgres' }));
    it('disruptionBudget: none at 1 replica', () => expect(objects.filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]));
    it('security: the engine UID (999) for postgres', () => expect(podSpec(sts).securityContext).toMatchObject({ runAsUser: 999, runAsGroup: 999, fsGroup: 999, runAsNonRoot: true }));
  });

  describe('validation', () => {
    const make = (props: Record<string, unknown>) => () => new StatefulDb(newChart(), 'db', { image: 'postgres:16.2', storage: '10Gi', ...props } as never);
    it("bad quantity '10 GB'", () => expect(make({ storage: '10 GB' })).toThrow(/test\/db: storage "10 GB" is invalid: .*Fix: write a quantity without spaces such as '10Gi'/));
    it('generic without a port', () => expect(() => new StatefulDb(newChart(), 'kv', { image: 'ghcr.io/acme/kv:1.0', storage: '1Gi' })).toThrow(/port \(unset\) is invalid: a 'generic' database has no default port/));
    it('port out of range', () => expect(make({ port: 65536 })).toThrow(/port 65536 is invalid/));
    it('negative replicas', () => expect(make({ replicas: -2 })).toThrow(/replicas -2 is invalid/));
    it('relative dataPath', () => expect(make({ dataPath: 'data' })).toThrow(/dataPath "data" is invalid: must be an absolute path/));
    it('bad retention', () => expect(make({ retentionPolicy: { whenDeleted: 'Keep' } })).toThrow(/retentionPolicy.whenDeleted "Keep" is invalid/));
    it('bad podManagementPolicy', () => expect(make({ podManagementPolicy: 'Random' })).toThrow(/podManagementPolicy "Random" is invalid/));
    it('name too long for a StatefulSet', () => expect(() => new StatefulDb(newChart(), 'd'.repeat(53), { image: 'postgres:16.2', storage: '1Gi' })).toThrow(/StatefulSet and Service name "d+" is invalid: must be no more than 52 characters/));
    it('unknown key of a known secret', () => {
      const chart = newChart();
      const creds = SecretSource.externalSecret(chart, 'c', { store: { name: 'vault' }, data: { user: { key: 'k' }, password: { key: 'k' } } });
      expect(() => new StatefulDb(chart, 'db', { image: 'postgres:16.2', storage: '1Gi', credentials: creds })).toThrow(/key "username" is not one of its keys \(password, user\)/);
    });
    it('GIVEN each engine WHEN resources are not given THEN the engine preset (medium for mysql, mariadb, mongodb); given THEN they win', () => {
      const chart = newChart();
      const memory = (image: string, props: Record<string, unknown> = {}) =>
        container(new StatefulDb(chart, image.replace(/[^a-z]/g, '').slice(0, 10) + Object.keys(props).length, { image, storage: '1Gi', ...props }).statefulSet.toJson()).resources.requests.memory;
      expect(['postgres:16.3', 'mysql:8.4.0', 'mariadb:11.4.2', 'redis:7.2.5', 'mongo:7.0.11'].map((i) => memory(i))).toEqual(['128Mi', '512Mi', '512Mi', '128Mi', '512Mi']);
      expect(memory('mysql:8.4.0', { resources: 'large' })).toBe('2Gi');
    });

    it('bad engine', () => expect(make({ engine: 'oracle' })).toThrow(/engine "oracle" is invalid/));
  });

  describe('engines', () => {
    const env = (o: { spec: unknown }) => Object.fromEntries((container(o).env ?? []).map((e: { name: string; value?: string; valueFrom?: unknown }) => [e.name, e.value ?? e.valueFrom]));

    it('GIVEN the exact redis call without credentials WHEN synthesised with a client wired by database: THEN no object references a Secret', () => {
      const chart = newChart({ namespace: 'shop' });
      const cache = new StatefulDb(chart, 'cache', { image: 'redis:7.2.5', storage: '1Gi' });
      new WebService(chart, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 8080, database: cache, databaseEnvPrefix: 'REDIS' });
      const objects = synth(chart);
      expect(JSON.stringify(objects)).not.toMatch(/secretKeyRef|external-secrets|credentials/);
      expect(cache.credentials).toBeUndefined();
      expect(env(find(objects, 'Deployment'))).toEqual({ REDIS_HOST: 'cache', REDIS_PORT: '6379' });
      const sts = find(objects, 'StatefulSet');
      expect([cache.engine, cache.port.name, cache.dataPath]).toEqual(['redis', 'redis', '/data']);
      expect(container(sts).readinessProbe.exec.command).toEqual(['sh', '-c', 'redis-cli -h 127.0.0.1 -p 6379 ping | grep -q PONG']);
      expect(container(sts).startupProbe).toMatchObject({ exec: { command: container(sts).readinessProbe.exec.command }, failureThreshold: 60 });
      expect(podSpec(sts).securityContext).toMatchObject({ runAsUser: 999, fsGroup: 999, fsGroupChangePolicy: 'OnRootMismatch' });
      expect(container(sts).args).toBeUndefined();
      expect(synthErrors(chart)).toEqual([]);
    });

    it('GIVEN the exact redis call in a HelmlessChart WHEN synthesised THEN no Secret reference either', () => {
      const chart = new HelmlessChart(Testing.app(), 'shop', { namespace: 'shop', networkPolicies: true });
      const cache = new StatefulDb(chart, 'cache', { image: 'redis:7.2.5', storage: '1Gi' });
      new WebService(chart, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 8080, database: cache });
      const objects = Testing.synth(chart);
      expect(JSON.stringify(objects)).not.toMatch(/secretKeyRef|external-secrets|credentials/);
      expect(synthErrors(chart)).toEqual([]);
    });

    it('GIVEN redis with credentials WHEN synthesised THEN --requirepass from the Secret, REDISCLI_AUTH for the probe, and clients get the password only', () => {
      const chart = newChart({ namespace: 'shop' });
      const cache = new StatefulDb(chart, 'cache', { image: 'redis:7.2.5', storage: '1Gi', credentials: SecretSource.existing('cache-auth') });
      new WebService(chart, 'api', { image: 'ghcr.io/acme/api:1.0.0', port: 8080, database: cache });
      const objects = synth(chart);
      const sts = find(objects, 'StatefulSet');
      const ref = { secretKeyRef: { name: 'cache-auth', key: 'password' } };
      expect(container(sts).args).toEqual(['--requirepass', '$(REDIS_PASSWORD)']);
      expect(env(sts)).toEqual({ REDIS_PASSWORD: ref, REDISCLI_AUTH: ref });
      expect(env(find(objects, 'Deployment'))).toEqual({ DB_HOST: 'cache', DB_PORT: '6379', DB_PASSWORD: ref });
      expect(synthErrors(chart)).toEqual([]);
    });

    it('GIVEN mongodb without and with credentials WHEN synthesised THEN no Secret, then the root user from the Secret', () => {
      const chart = newChart({ namespace: 'shop' });
      new StatefulDb(chart, 'docs', { image: 'mongo:7.0.11', storage: '1Gi' });
      new StatefulDb(chart, 'auth', { image: 'mongo:7.0.11', storage: '1Gi', credentials: SecretSource.existing('auth-root'), databaseName: 'users' });
      const objects = synth(chart);
      const plain = find(objects, 'StatefulSet', 'docs');
      expect(container(plain).env).toBeUndefined();
      expect(container(plain).ports).toEqual([{ containerPort: 27017, name: 'mongodb', protocol: 'TCP' }]);
      expect(container(plain).volumeMounts).toContainEqual({ name: 'data', mountPath: '/data/db' });
      expect(env(find(objects, 'StatefulSet', 'auth'))).toEqual({
        MONGO_INITDB_ROOT_USERNAME: { secretKeyRef: { name: 'auth-root', key: 'username' } },
        MONGO_INITDB_ROOT_PASSWORD: { secretKeyRef: { name: 'auth-root', key: 'password' } },
        MONGO_INITDB_DATABASE: 'users',
      });
      expect(synthErrors(chart)).toEqual([]);
    });

    it('GIVEN mariadb WHEN synthesised THEN the MARIADB_* names, /run/mysqld writable, credentials required', () => {
      const chart = newChart({ namespace: 'shop' });
      new StatefulDb(chart, 'maria', { image: 'mariadb:11.4.2', storage: '1Gi', databaseName: 'shop' });
      const sts = find(synth(chart), 'StatefulSet');
      expect(env(sts)).toEqual({
        MARIADB_RANDOM_ROOT_PASSWORD: 'yes', MARIADB_DATABASE: 'shop',
        MARIADB_USER: { secretKeyRef: { name: 'maria-credentials', key: 'username' } },
        MARIADB_PASSWORD: { secretKeyRef: { name: 'maria-credentials', key: 'password' } },
      });
      expect(container(sts).volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toEqual(['/tmp', '/run/mysqld', '/var/lib/mysql']);
      expect(synthErrors(chart)).toEqual([]);
    });

    it('GIVEN postgres WHEN synthesised THEN a preStop asks for a fast shutdown, and the startup check is pg_isready', () => {
      const chart = newChart();
      new StatefulDb(chart, 'db', { image: 'postgres:16.2', storage: '1Gi' });
      const c = container(find(synth(chart), 'StatefulSet'));
      expect(c.lifecycle).toEqual({ preStop: { exec: { command: ['sh', '-c', 'pg_ctl stop -D "$PGDATA" -m fast -W'] } } });
      expect(c.startupProbe.exec.command[2]).toMatch(/^pg_isready /);
    });

    it('GIVEN startup: a probe WHEN synthesised THEN it replaces the engine check', () => {
      const chart = newChart();
      new StatefulDb(chart, 'db', { image: 'postgres:16.2', storage: '1Gi', startup: Probe.tcp({ failureThreshold: 90 }) });
      expect(container(find(synth(chart), 'StatefulSet')).startupProbe).toMatchObject({ tcpSocket: { port: 'postgres' }, failureThreshold: 90 });
    });

    it('bad engine', () => expect(() => new StatefulDb(newChart(), 'db', { image: 'postgres:16.2', storage: '1Gi', engine: 'oracle' as never }))
      .toThrow(/engine "oracle" is invalid: must be one of 'postgres', 'mysql', 'mariadb', 'redis', 'mongodb', 'generic'/));
    it('credentials that are not a SecretSource', () => expect(() => new StatefulDb(newChart(), 'db', { image: 'redis:7.2.5', storage: '1Gi', credentials: { password: 'x' } as never }))
      .toThrow(/credentials \{"password":"x"\} is invalid: must be a SecretSource/));
    it('bad startup probe', () => expect(() => new StatefulDb(newChart(), 'db', { image: 'postgres:16.2', storage: '1Gi', startup: Probe.tcp({ successThreshold: 2 }) }))
      .toThrow(/startupProbe successThreshold 2 is invalid: must be 1 for a startup probe/));
  });
});
