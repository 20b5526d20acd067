// Env vars naming another adopted construct's Service become connections (issue 17).
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { Backend, connectAdopted, connectionTemplate } from '../../src/adopt/connections';
import { recognize } from '../../src/adopt/recognize';
import { isConstructRef } from '../../src/adopt/refs';
import { parseManifests } from '../../src/validate/parse/yaml';

const db: Backend = { r: {} as never, service: 'db', namespace: 'shop', port: 5432 };

describe('adopt: connection strings', () => {
  it.each([
    ['db', '{host}'],
    ['db:5432', '{host}:{port}'],
    ['db.shop', '{host}.{namespace}'],
    ['db.shop.svc:5432', '{host}.{namespace}.svc:{port}'],
    ['db.shop.svc.cluster.local', '{host}.{namespace}.svc.cluster.local'],
    ['postgres://app:pw@db:5432/app?sslmode=disable', 'postgres://app:pw@{host}:{port}/app?sslmode=disable'],
    ['http://db.shop.svc.cluster.local/health', 'http://{host}.{namespace}.svc.cluster.local/health'],
  ])('GIVEN the value %s naming Service db WHEN templated THEN %s', (value, template) => {
    expect(connectionTemplate(value, 'shop', db)).toBe(template);
  });

  it.each([
    ['db', 'other', 'a bare name from another namespace'],
    ['db.other.svc', 'shop', 'another namespace'],
    ['db:6543', 'shop', 'another port'],
    ['dbx:5432', 'shop', 'another host'],
    ['db.shop.example.com', 'shop', 'an outside name'],
    ['{db}', 'shop', 'braces of its own'],
    [' db', 'shop', 'spaces around it'],
  ])('GIVEN %s from namespace %s (%s) WHEN templated THEN it is no connection', (value, ns) => {
    expect(connectionTemplate(value, ns, db)).toBeUndefined();
  });

  it('GIVEN the routes-connections fixture WHEN connected THEN host env vars of the clients become connections to their backends, the others stay literal', () => {
    const f = path.join(__dirname, '..', 'fixtures', 'adopt', 'routes-connections.yaml');
    const objects = parseManifests(fs.readFileSync(f, 'utf8'), f).docs.map((d) => d.object as Record<string, any>);
    const before = recognize(objects).recognized;
    const after = connectAdopted(before, objects);
    const conn = (id: string) => ((after.find((r) => r.id === id)!.props.connections ?? []) as any[])
      .map((c) => (isConstructRef(c) ? { to: c.varName } : { ...c, to: c.to.varName }));
    expect(conn('web')).toEqual([
      { to: 'api', env: { API_URL: 'http://{host}.{namespace}.svc.cluster.local:{port}/v1' } },
      { to: 'ticketsDb', env: { DATABASE_URL: 'postgres://{host}:{port}/tickets?sslmode=disable' } },
    ]);
    expect(conn('api')).toEqual([
      { to: 'ticketsDb', env: { DB_HOST: '{host}.{namespace}.svc', DB_PORT: '{port}' } },
      // REDIS_HOST / REDIS_PORT are exactly what the prefix writes (their env order kept by envOrder): the short form.
      { to: 'cache', envPrefix: 'REDIS' },
    ]);
    expect(conn('notifier')).toEqual([{ to: 'api', env: { API_ADDR: '{host}:{port}', METRICS_HOST: '{host}' } }]);
    // A client in another namespace (another chart) names the database with its namespace.
    expect(conn('report-builder')).toEqual([{ to: 'ticketsDb', env: { TICKETS_DB_URL: 'postgres://{host}.{namespace}.svc.cluster.local:{port}/tickets' } }]);
    expect(after.find((r) => r.id === 'notifier')!.props.env).toEqual({ CACHE_URL: 'redis://cache.other-ns.svc:6379/0' });
    expect(after.find((r) => r.id === 'web')!.props.env).toEqual({ NODE_ENV: 'production', SMTP_HOST: 'smtp.example.com' });
    expect(after.filter((r) => r.varName).map((r) => [r.id, r.varName])).toEqual([['api', 'api'], ['tickets-db', 'ticketsDb'], ['cache', 'cache']]);
    // Not one more field kept as deployed for it.
    for (const r of after) expect(r.asDeployedFields).toBeLessThanOrEqual(before.find((b) => b.id === r.id)!.asDeployedFields);
  });
});
