import { describe, expect, it } from 'vitest';
import {
  configMapKey, cronSchedule, dns1035Label, parseCronFully, plainValidCron, dns1123Label, dns1123Subdomain, envVarName, labelKey, labelValue,
  parseQuantity, portName, quantity,
} from '../../src/validate/rules/syntax';

describe('dns1123Subdomain', () => {
  it.each(['a', 'example.com', 'my-app-1', '0.1.2', 'a'.repeat(253)])('GIVEN %s THEN valid', (v) => {
    expect(dns1123Subdomain(v)).toEqual([]);
  });
  it.each(['', 'My-App', '-a', 'a-', 'a..b', 'a_b', '.a', 'a.'])('GIVEN %j THEN invalid with the RFC 1123 message', (v) => {
    expect(dns1123Subdomain(v).join()).toMatch(/lowercase RFC 1123 subdomain/);
  });
  it('GIVEN 254 chars THEN reports the length limit', () => {
    expect(dns1123Subdomain('a'.repeat(254))).toContain('must be no more than 253 characters');
  });
});

describe('dns1123Label / dns1035Label', () => {
  it('GIVEN labels THEN accepts digits first for 1123 but not 1035', () => {
    expect(dns1123Label('123-abc')).toEqual([]);
    expect(dns1035Label('123-abc').join()).toMatch(/DNS-1035 label/);
    expect(dns1035Label('abc-123')).toEqual([]);
  });
  it('GIVEN dots or 64 chars THEN invalid', () => {
    expect(dns1123Label('a.b').join()).toMatch(/RFC 1123 label/);
    expect(dns1123Label('a'.repeat(64))).toContain('must be no more than 63 characters');
    expect(dns1035Label('a'.repeat(64))).toContain('must be no more than 63 characters');
    expect(dns1123Label('a'.repeat(63))).toEqual([]);
  });
});

describe('labelKey / labelValue', () => {
  it.each(['app', 'app.kubernetes.io/name', 'MyKey', 'a_b.c-d', 'example.com/My_Name'])('GIVEN key %s THEN valid', (k) => {
    expect(labelKey(k)).toEqual([]);
  });
  it('GIVEN bad keys THEN the part at fault is named', () => {
    expect(labelKey('/name').join()).toMatch(/prefix part must be non-empty/);
    expect(labelKey('example.com/').join()).toMatch(/name part must be non-empty/);
    expect(labelKey('Example.com/name').join()).toMatch(/prefix part a lowercase RFC 1123 subdomain/);
    expect(labelKey('a/b/c').join()).toMatch(/qualified name/);
    expect(labelKey('-app').join()).toMatch(/name part must consist of alphanumeric/);
    expect(labelKey('a'.repeat(64)).join()).toMatch(/name part must be no more than 63 characters/);
  });
  it('GIVEN values THEN empty is valid, 63 chars max, alnum at both ends', () => {
    expect(labelValue('')).toEqual([]);
    expect(labelValue('v1.2_3-x')).toEqual([]);
    expect(labelValue('a'.repeat(64))).toContain('must be no more than 63 characters');
    expect(labelValue('-x').join()).toMatch(/a valid label must be an empty string/);
    expect(labelValue('a b').join()).toMatch(/a valid label/);
  });
});

describe('quantity / parseQuantity', () => {
  it.each(['1', '500m', '10Gi', '1e3', '1E3', '0.5', '.5', '1.', '+1', '-1', '128974848', '129M', '123Mi', '1.5Gi', '1e-3', '2E'])(
    'GIVEN %s THEN valid', (q) => { expect(quantity(q)).toEqual([]); });
  it.each(['', 'Gi', '1.1.M', '1+1.0M', 'abc', '1 Gi', ' 1', '1GB', '1KI'])('GIVEN %j THEN the format error', (q) => {
    expect(quantity(q).join()).toMatch(/quantities must match the regular expression|unable to parse/);
  });
  it.each(['0.1mi', '1i', '.5i', '-3.01e-', '1e'])('GIVEN %j THEN a suffix error', (q) => {
    expect(quantity(q)).toEqual(["unable to parse quantity's suffix"]);
  });
  it('GIVEN quantities THEN parses to base units', () => {
    expect(parseQuantity('500m')).toBeCloseTo(0.5);
    expect(parseQuantity('1Gi')).toBe(1024 ** 3);
    expect(parseQuantity('1G')).toBe(1e9);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantity('-2k')).toBe(-2000);
    expect(parseQuantity('1.5Ki')).toBe(1536);
    expect(parseQuantity('bad')).toBeUndefined();
  });
});

describe('cronSchedule', () => {
  it.each([
    '*/5 * * * *', '0 0 * * *', '0 0 1 JAN *', '0 9 * * MON-FRI', '15,45 1-5/2 * * 0', '@yearly', '@annually', '@monthly',
    '@weekly', '@daily', '@midnight', '@hourly', '@every 1h30m', '? * * * *', '0 0 31 dec sun', '5 * * * 6',
  ])('GIVEN %s THEN valid', (s) => { expect(cronSchedule(s)).toEqual([]); });
  it.each([
    ['', /empty spec string/],
    ['* * * *', /expected exactly 5 fields, found 4/],
    ['* * * * * *', /expected exactly 5 fields, found 6/],
    ['60 * * * *', /end of range \(60\) above maximum \(59\)/],
    ['* 24 * * *', /above maximum \(23\)/],
    ['* * 0 * *', /below minimum \(1\)/],
    ['* * * 13 *', /above maximum \(12\)/],
    ['* * * * 7', /above maximum \(6\)/],
    ['5-1 * * * *', /beyond end of range/],
    ['*/0 * * * *', /step of range should be a positive number/],
    ['1-2-3 * * * *', /too many hyphens/],
    ['*/2/3 * * * *', /too many slashes/],
    ['x * * * *', /failed to parse int from x/],
    ['* * * * FOO', /failed to parse int from FOO/],
    ['@fortnightly', /unrecognized descriptor/],
    ['@every forever', /failed to parse duration/],
  ])('GIVEN %j THEN %s', (s, re) => { expect(cronSchedule(s).join()).toMatch(re); });
  it('GIVEN random schedules THEN the plain fast path only ever accepts what the full parser accepts, and takes the common ones', () => {
    const atoms = ['*', '*/5', '*/0', '*/15', '*/100', '*/1000', '0', '5', '07', '23', '24', '31', '32', '59', '60', '99', '100', '1-5', 'MON', '?', '', '-1', '+1', '1,2'];
    let rng = 7;
    const pick = (): string => atoms[(rng = (rng * 1103515245 + 12345) % 2147483648) % atoms.length];
    let taken = 0;
    for (let k = 0; k < 5000; k++) {
      const n = 4 + (k % 3);
      const s = Array.from({ length: n }, pick).join(k % 7 === 0 ? '  ' : ' ') + (k % 11 === 0 ? ' ' : '');
      if (plainValidCron(s)) {
        taken++;
        expect(parseCronFully(s), s).toBeUndefined();
      }
    }
    expect(taken).toBeGreaterThan(50);
    expect(plainValidCron('55 20 * * *')).toBe(true);
    expect(plainValidCron('*/5 * * * *')).toBe(true);
  });
  it('GIVEN a TZ= or CRON_TZ= prefix THEN refused as batch validation does', () => {
    expect(cronSchedule('TZ=UTC 0 0 * * *')).toEqual(['cannot use TZ or CRON_TZ in schedule, use timeZone field instead']);
    expect(cronSchedule('CRON_TZ=Europe/Paris 0 0 * * *')).toEqual(['cannot use TZ or CRON_TZ in schedule, use timeZone field instead']);
  });
});

describe('envVarName', () => {
  it('GIVEN 1.27 THEN the C-identifier-like rule applies', () => {
    expect(envVarName('MY_VAR')).toEqual([]);
    expect(envVarName('my.env-name')).toEqual([]);
    expect(envVarName('_x')).toEqual([]);
    expect(envVarName('1X').join()).toMatch(/must not start with a digit/);
    expect(envVarName('A:B').join()).toMatch(/a valid environment variable name/);
    expect(envVarName('..A')).toContain("must not start with '..'");
    expect(envVarName('.')).toContain("must not be '.'");
  });
  it('GIVEN 1.32+ (RelaxedEnvironmentVariableValidation on by default) THEN any printable ASCII but = is allowed', () => {
    expect(envVarName('1X', '1.34.0')).toEqual([]);
    expect(envVarName('A:B', '1.32')).toEqual([]);
    expect(envVarName('A:B', '1.31.0')).not.toEqual([]);
    expect(envVarName('A=B', '1.34.0').join()).toMatch(/printable ASCII characters other than '='/);
    expect(envVarName('A\tB', '1.36.0').join()).toMatch(/printable ASCII/);
    expect(envVarName('Ä', '1.36.0').join()).toMatch(/printable ASCII/);
  });
});

describe('portName', () => {
  it.each(['http', 'http-metrics', 'h2c', 'a1'])('GIVEN %s THEN valid', (p) => { expect(portName(p)).toEqual([]); });
  it.each([
    ['a'.repeat(16), /no more than 15 characters/],
    ['HTTP', /only alpha-numeric characters/],
    ['a--b', /consecutive hyphens/],
    ['8080', /at least one letter/],
    ['-http', /begin or end with a hyphen/],
    ['my_port', /only alpha-numeric/],
  ])('GIVEN %j THEN %s', (p, re) => { expect(portName(p).join()).toMatch(re); });
});

describe('configMapKey', () => {
  it.each(['key.name', 'KEY_NAME', 'key-name', '.env', 'a'.repeat(253)])('GIVEN %s THEN valid', (k) => {
    expect(configMapKey(k)).toEqual([]);
  });
  it.each([
    ['', /a valid config key/],
    ['a/b', /a valid config key/],
    ['.', /must not be '.'/],
    ['..', /must not be '..'/],
    ['..a', /must not start with '..'/],
    ['a'.repeat(254), /no more than 253/],
  ])('GIVEN %j THEN %s', (k, re) => { expect(configMapKey(k).join()).toMatch(re); });
});
