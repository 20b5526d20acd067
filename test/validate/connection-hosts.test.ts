import { describe, expect, it } from 'vitest';
import { wiringChecks } from '../../src/validate/wiring';
import { hostOf } from '../../src/validate/wiring/connection-hosts';
import type { Finding, ManifestDocument, ValidateOptions } from '../../src/validate/types';

type J = Record<string, any>;
const docs = (...objs: unknown[]): ManifestDocument[] => objs.map((object, i) => ({ object, source: { file: 'app.yaml', documentIndex: i } }));
const run = (objs: unknown[], opts: ValidateOptions = {}): Finding[] => wiringChecks(docs(...objs), opts).filter((f) => f.rule === 'wiring/connection-host');

const svc = (name: string, ns = 'shop'): J => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns }, spec: { selector: { app: name }, ports: [{ port: 80 }] } });
const job = (env: Record<string, string>, ns = 'shop'): J => ({
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', namespace: ns },
  spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'm', image: 'busybox:1.36', env: Object.entries(env).map(([name, value]) => ({ name, value })) }] } } },
});

describe('wiring/connection-host', () => {
  it('GIVEN DB_HOST naming a Service no document defines THEN an error at synth (complete) and a warning in validate', () => {
    const objs = [svc('db'), job({ DB_HOST: 'dbx' })];
    const synth = run(objs, { evidence: 'complete' });
    expect(synth.map((f) => [f.severity, f.path])).toEqual([['error', 'spec.template.spec.containers[0].env[0].value']]);
    expect(synth[0].message).toMatch(/env DB_HOST="dbx" names Service 'dbx' in namespace 'shop', which no document defines/);
    expect(synth[0].fix).toMatch(/connections: \[backend\]/);
    expect(run(objs).map((f) => f.severity)).toEqual(['warning']);
  });

  it('GIVEN URLs and FQDNs THEN their host is judged: existing Services pass, missing ones are reported', () => {
    const objs = [svc('db'), svc('cache'), svc('users', 'accounts'), job({
      REDIS_URL: 'redis://:pw@cache:6379/0', DB_ADDR: 'db.shop.svc.cluster.local:5432', USERS_URL: 'http://users.accounts.svc/api',
      QUEUE_URL: 'amqp://rabbit.shop.svc:5672',
    })];
    expect(run(objs, { evidence: 'complete' }).map((f) => f.message.match(/Service '([^']+)'/)![1])).toEqual(['rabbit']);
  });

  it('GIVEN external hosts, localhost, other namespaces, non-host names or no Services at all THEN nothing is judged', () => {
    expect(run([svc('db'), job({ API_URL: 'https://api.stripe.com/v1', CACHE_HOST: 'localhost', X_HOST: 'y.other-ns.svc', MODE: 'fast', SMTP_HOST: '10.0.0.5' })], { evidence: 'complete' })).toEqual([]);
    expect(run([job({ DB_HOST: 'db' })], { evidence: 'complete' })).toEqual([]);
    expect(run([svc('web', 'default'), job({ API_URL: 'https://kubernetes.default.svc:443' }, 'default')], { evidence: 'complete' })).toEqual([]);
  });

  it('hostOf takes the host out of addresses', () => {
    expect(hostOf('db')).toBe('db');
    expect(hostOf('postgres://u:p@db:5432/shop?sslmode=disable')).toBe('db');
    expect(hostOf('db.shop.svc.')).toBe('db.shop.svc');
    expect(hostOf('a b')).toBeUndefined();
  });
});
