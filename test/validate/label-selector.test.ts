import { describe, expect, it } from 'vitest';
import { controllerLabels } from '../../src/validate/cluster-facts';
import { isEmptySelector, labelMapMatches, labelSelectorMatches } from '../../src/validate/label-selector';
import { isEmptySelector as walkIsEmpty, selects } from '../../src/validate/policy/walk';

const ex = (key: unknown, operator: unknown, values?: unknown): Record<string, unknown> => ({ matchExpressions: [{ key, operator, values }] });
const pod = { app: 'web', tier: 'front' };

describe('labelSelectorMatches', () => {
  it('GIVEN matchLabels WHEN every pair is on the labels THEN it matches, and one differing or absent pair does not', () => {
    expect(labelSelectorMatches({ matchLabels: { app: 'web' } }, pod)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'web', tier: 'front' } }, pod)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { app: 'api' } }, pod)).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { zone: 'a' } }, pod)).toBe(false);
  });

  it('GIVEN each operator THEN In, NotIn, Exists and DoesNotExist follow Kubernetes', () => {
    expect(labelSelectorMatches(ex('app', 'In', ['api', 'web']), pod)).toBe(true);
    expect(labelSelectorMatches(ex('app', 'In', ['api']), pod)).toBe(false);
    expect(labelSelectorMatches(ex('zone', 'In', ['a']), pod)).toBe(false);
    expect(labelSelectorMatches(ex('app', 'NotIn', ['api']), pod)).toBe(true);
    expect(labelSelectorMatches(ex('app', 'NotIn', ['web']), pod)).toBe(false);
    expect(labelSelectorMatches(ex('zone', 'NotIn', ['a']), pod)).toBe(true);
    expect(labelSelectorMatches(ex('tier', 'Exists'), pod)).toBe(true);
    expect(labelSelectorMatches(ex('zone', 'Exists'), pod)).toBe(false);
    expect(labelSelectorMatches(ex('zone', 'DoesNotExist'), pod)).toBe(true);
    expect(labelSelectorMatches(ex('tier', 'DoesNotExist'), pod)).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, pod)).toBe(false);
  });

  it('GIVEN an empty selector THEN it selects everything; GIVEN no selector (absent, null, a list) THEN nothing', () => {
    expect(labelSelectorMatches({}, pod)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: {}, matchExpressions: [] }, {})).toBe(true);
    expect(labelSelectorMatches({ matchLabels: null }, pod)).toBe(true);
    expect(labelSelectorMatches(undefined, pod)).toBe(false);
    expect(labelSelectorMatches(null, pod)).toBe(false);
    expect(labelSelectorMatches([{ app: 'web' }], pod)).toBe(false);
    expect(labelSelectorMatches('app=web', pod)).toBe(false);
  });

  it('GIVEN selector values that are not strings WHEN the labels hold their string form THEN they never match', () => {
    expect(labelSelectorMatches({ matchLabels: { port: 80 } }, { port: '80' })).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { on: true } }, { on: 'true' })).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { app: null } }, { app: 'null' })).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { app: { toString: () => 'web' } } }, pod)).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { app: ['web'] } }, pod)).toBe(false);
    // In needs a string value; NotIn is not broken by a non-string one
    expect(labelSelectorMatches(ex('port', 'In', [80]), { port: '80' })).toBe(false);
    expect(labelSelectorMatches(ex('app', 'In', [{ toString: () => 'web' }]), pod)).toBe(false);
    expect(labelSelectorMatches(ex('app', 'In', [1, 'web']), pod)).toBe(true);
    expect(labelSelectorMatches(ex('app', 'NotIn', [{ toString: () => 'web' }]), pod)).toBe(true);
    expect(labelSelectorMatches(ex('app', 'In', 'web'), pod)).toBe(false);
  });

  it('GIVEN label values that are not strings THEN they count as absent (never equal to a selector string)', () => {
    expect(labelSelectorMatches({ matchLabels: { port: '80' } }, { port: 80 })).toBe(false);
    expect(labelSelectorMatches(ex('port', 'Exists'), { port: 80 })).toBe(false);
    expect(labelSelectorMatches(ex('port', 'DoesNotExist'), { port: 80 })).toBe(true);
    expect(labelSelectorMatches(ex('port', 'In', ['80']), { port: 80 })).toBe(false);
  });

  it('GIVEN malformed selectors and hostile keys THEN they select nothing and never throw', () => {
    expect(labelSelectorMatches({ matchLabels: 'app=web' }, pod)).toBe(false);
    expect(labelSelectorMatches({ matchLabels: ['app'] }, pod)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: { key: 'app', operator: 'Exists' } }, pod)).toBe(false);
    expect(labelSelectorMatches({ matchExpressions: ['app'] }, pod)).toBe(false);
    expect(labelSelectorMatches(ex(7, 'Exists'), pod)).toBe(false);
    expect(labelSelectorMatches(ex('app', 'Equals', ['web']), pod)).toBe(false);
    expect(labelSelectorMatches(ex('app', 'in', ['web']), pod)).toBe(false);
    // keys naming Object.prototype members are not labels the object has
    expect(labelSelectorMatches(ex('constructor', 'Exists'), pod)).toBe(false);
    expect(labelSelectorMatches(ex('__proto__', 'Exists'), pod)).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { toString: 'x' } }, pod)).toBe(false);
    expect(labelSelectorMatches(ex('hasOwnProperty', 'DoesNotExist'), pod)).toBe(true);
    const own = JSON.parse('{"__proto__": "x"}') as Record<string, unknown>;
    expect(labelSelectorMatches({ matchLabels: own }, own)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: own }, pod)).toBe(false);
  });

  it('GIVEN labels a controller adds THEN they match by their test, an unknown value possibly matching', () => {
    const sts = controllerLabels('StatefulSet', 'db', {});
    const labels = { app: 'db' };
    expect(labelSelectorMatches({ matchLabels: { app: 'db', 'statefulset.kubernetes.io/pod-name': 'db-0' } }, labels, sts)).toBe(true);
    expect(labelSelectorMatches({ matchLabels: { 'statefulset.kubernetes.io/pod-name': 'web-0' } }, labels, sts)).toBe(false);
    expect(labelSelectorMatches(ex('statefulset.kubernetes.io/pod-name', 'In', ['db-1', 'x']), labels, sts)).toBe(true);
    expect(labelSelectorMatches(ex('statefulset.kubernetes.io/pod-name', 'In', ['x']), labels, sts)).toBe(false);
    expect(labelSelectorMatches(ex('controller-revision-hash', 'NotIn', ['abc']), labels, sts)).toBe(true);
    expect(labelSelectorMatches(ex('controller-revision-hash', 'DoesNotExist'), labels, sts)).toBe(false);
    // the controller's value replaces the template's
    const job = controllerLabels('Job', 'migrate', { metadata: { name: 'migrate' } });
    expect(labelSelectorMatches({ matchLabels: { 'job-name': 'migrate' } }, { 'job-name': 'other' }, job)).toBe(true);
    expect(labelSelectorMatches(ex('job-name', 'NotIn', ['migrate']), {}, job)).toBe(false);
    expect(labelSelectorMatches({ matchLabels: { 'job-name': 1 } }, {}, job)).toBe(false);
  });
});

describe('labelMapMatches (a Service selector)', () => {
  it('GIVEN a plain map THEN every pair must be on the labels; non-string values never match', () => {
    expect(labelMapMatches({ app: 'web' }, pod)).toBe(true);
    expect(labelMapMatches({ app: 'web', zone: 'a' }, pod)).toBe(false);
    expect(labelMapMatches({ app: 1 }, { app: '1' })).toBe(false);
    expect(labelMapMatches({}, pod)).toBe(true);
    expect(labelMapMatches(undefined, pod)).toBe(false);
    expect(labelMapMatches(['app'], pod)).toBe(false);
  });
});

describe('isEmptySelector', () => {
  it('GIVEN selectors THEN only one without any pair or expression is empty', () => {
    expect(isEmptySelector({})).toBe(true);
    expect(isEmptySelector({ matchLabels: {}, matchExpressions: [] })).toBe(true);
    expect(isEmptySelector({ matchLabels: { a: 1 } })).toBe(false);
    expect(isEmptySelector({ matchExpressions: [{ key: 'a', operator: 'Exists' }] })).toBe(false);
    expect(walkIsEmpty(undefined)).toBe(false);
    expect(walkIsEmpty({ matchLabels: { a: { b: 1 } } })).toBe(false);
  });
});

describe('the lint and graph matcher (walk.selects) is the same matcher', () => {
  it('GIVEN a selector value that is not a string THEN walk.selects does not coerce it', () => {
    expect(selects({ matchLabels: { port: 80 } }, { port: '80' })).toBe(false);
    expect(selects({ port: 80 }, { port: '80' }, true)).toBe(false);
    expect(selects(ex('app', 'In', [{ toString: () => 'web' }]), pod)).toBe(false);
    expect(selects({ matchLabels: { app: 'web' } }, pod)).toBe(true);
    expect(selects({ app: 'web' }, pod, true)).toBe(true);
  });
});
