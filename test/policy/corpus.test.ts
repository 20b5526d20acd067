// The Kubernetes website examples (../shared/corpus, present on dev and CI machines only): the lint
// never throws, every finding names its object and field, and the Pod Security "baseline" errors
// are exactly the examples that really use host access, privileged mode or extra capabilities.
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { readInputs } from '../../src/validate/parse';
import { lintDocumentsDetailed, POLICY_RULES } from '../../src/validate/policy';

const CORPUS = path.join(__dirname, '..', '..', '..', 'shared', 'corpus', 'k8s-website-examples');
const present = fs.existsSync(CORPUS);

const BASELINE = new Set(POLICY_RULES.filter((r) => r.level === 'baseline').map((r) => r.id));

// Reviewed by hand: each example does use what the rule forbids.
const EXPECTED_BASELINE_ERRORS = [
  'admin/konnectivity/konnectivity-server.yaml policy/host-network',
  'admin/konnectivity/konnectivity-server.yaml policy/host-path',
  'admin/konnectivity/konnectivity-server.yaml policy/host-port',
  'application/basic-daemonset.yaml policy/host-path',
  'application/cassandra/cassandra-statefulset.yaml policy/dangerous-capabilities', // IPC_LOCK
  'controllers/daemonset.yaml policy/host-path',
  'controllers/fluentd-daemonset-update.yaml policy/host-path',
  'controllers/fluentd-daemonset.yaml policy/host-path',
  'debug/fluentd-gcp-ds.yaml policy/host-path',
  'debug/node-problem-detector-configmap.yaml policy/host-network',
  'debug/node-problem-detector-configmap.yaml policy/host-path',
  'debug/node-problem-detector-configmap.yaml policy/privileged',
  'debug/node-problem-detector.yaml policy/host-network',
  'debug/node-problem-detector.yaml policy/host-path',
  'debug/node-problem-detector.yaml policy/privileged',
  'dra/driver-install/all.yaml policy/host-path',
  'dra/driver-install/all.yaml policy/privileged',
  'dra/driver-install/daemonset.yaml policy/host-path',
  'dra/driver-install/daemonset.yaml policy/privileged',
  'pods/security/seccomp/fields.yaml policy/seccomp-unconfined',
  'pods/security/security-context-4.yaml policy/dangerous-capabilities', // NET_ADMIN, SYS_TIME
  'storage/rro.yaml policy/host-path',
  'windows/hostpath-volume-pod.yaml policy/host-path',
];

describe.skipIf(!present)('policy lint over the Kubernetes website examples', () => {
  it('GIVEN every example WHEN linted (restricted and baseline) THEN nothing throws and every finding names its object and field', async () => {
    const input = await readInputs([CORPUS], { cwd: CORPUS });
    expect(input.docs.length).toBeGreaterThan(400);
    for (const profile of ['restricted', 'baseline'] as const) {
      const r = lintDocumentsDetailed(input.docs, { profile });
      expect(r.findings.length).toBeGreaterThan(0);
      for (const f of r.findings) {
        expect(f.path, `${f.file} ${f.rule}`).not.toBe('');
        if (f.object?.kind) expect(f.message.startsWith(`${f.object.kind} '`), f.message).toBe(true);
        expect(f.message).not.toMatch(/undefined|\[object Object\]|NaN/);
      }
    }
  });

  it('GIVEN every example WHEN linted THEN the baseline errors are exactly the reviewed list', async () => {
    const input = await readInputs([CORPUS], { cwd: CORPUS });
    const r = lintDocumentsDetailed(input.docs, { profile: 'baseline' });
    const got = [...new Set(r.findings.filter((f) => BASELINE.has(f.rule)).map((f) => `${f.file} ${f.rule}`))].sort();
    expect(got).toEqual(EXPECTED_BASELINE_ERRORS);
  });

  it('GIVEN every example WHEN linted THEN literal credentials are found only where the example writes one', async () => {
    const input = await readInputs([CORPUS], { cwd: CORPUS });
    const r = lintDocumentsDetailed(input.docs);
    expect(r.findings.filter((f) => f.rule === 'policy/env-literal-secret').map((f) => `${f.file} ${f.path}`)).toEqual([
      'application/mysql/mysql-deployment.yaml spec.template.spec.containers[0].env[0].value',
    ]);
  });
});
