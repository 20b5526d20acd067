// A null resource quantity (what a plain '250m' patched ahead of cdk8s's typed serializer became)
// is no amount: the API server reads a null request or limit as 0. validate and synth refuse it;
// the lint counts it as unset.
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { validateOutput } from '../../src/synth/validate';
import { runCli, tempDir } from '../synth/helpers';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: web
    image: nginx:1.27.1
    resources:
      requests:
        cpu: null
        memory: 128Mi
      limits:
        memory: null
`;

describe('GIVEN a Pod whose CPU request and memory limit are null', () => {
  const dir = tempDir('null-quantity');
  fs.writeFileSync(path.join(dir, 'pod.yaml'), POD);

  it('WHEN validated THEN each null is an api/resources error naming the path and the fix', async () => {
    const r = await runCli(['validate', '-o', 'json', 'pod.yaml'], { cwd: dir });
    expect(r.status).toBe(1);
    const findings = (JSON.parse(r.stdout) as { findings: { rule: string; path: string; severity: string; message: string; fix: string }[] }).findings
      .filter((f) => f.rule === 'api/resources');
    expect(findings.map((f) => [f.severity, f.path])).toEqual([
      ['error', 'spec.containers[0].resources.limits.memory'],
      ['error', 'spec.containers[0].resources.requests.cpu'],
    ]);
    const cpu = findings.find((f) => f.path.endsWith('cpu'))!;
    expect(cpu.message).toMatch(/null: must be a quantity \(the API server reads a null cpu request as 0\)/);
    expect(cpu.fix).toMatch(/k8s\.Quantity\.fromString\('250m'\)/);
  });

  it('WHEN synthesised output holds it THEN synth validation fails on it', () => {
    const { findings } = validateOutput([{ relPath: 'pod.yaml', displayPath: 'dist/pod.yaml', text: POD }]);
    expect(findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.path}`)).toContain('api/resources spec.containers[0].resources.requests.cpu');
  });

  it('WHEN linted with the restricted profile (its resource rules) THEN the null request and limit are reported as no amount, like missing ones', async () => {
    const r = await runCli(['lint', '--profile', 'restricted', '-o', 'json', 'pod.yaml'], { cwd: dir });
    const findings = (JSON.parse(r.stdout) as { findings: { rule: string; message: string }[] }).findings;
    expect(findings.find((f) => f.rule === 'policy/cpu-request-missing')?.message).toMatch(/resources\.requests\.cpu is null \(no amount\)/);
    expect(findings.find((f) => f.rule === 'policy/memory-limit-missing')?.message).toMatch(/resources\.limits\.memory is null \(no amount\)/);
  });
});
