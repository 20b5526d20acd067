import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiServerRules } from '../../src/validate/rules';
import { wiringChecks } from '../../src/validate/wiring';
import type { ManifestDocument } from '../../src/validate/types';

const KINDS = ['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Service', 'Ingress', 'ConfigMap', 'Secret',
  'PodDisruptionBudget', 'HorizontalPodAutoscaler', 'PersistentVolumeClaim', 'NetworkPolicy', 'RoleBinding', 'ServiceMonitor', 'ExternalSecret'];
const API: Record<string, string> = { Deployment: 'apps/v1', StatefulSet: 'apps/v1', DaemonSet: 'apps/v1', ReplicaSet: 'apps/v1', Job: 'batch/v1',
  CronJob: 'batch/v1', Ingress: 'networking.k8s.io/v1', NetworkPolicy: 'networking.k8s.io/v1', PodDisruptionBudget: 'policy/v1',
  HorizontalPodAutoscaler: 'autoscaling/v2', RoleBinding: 'rbac.authorization.k8s.io/v1', ServiceMonitor: 'monitoring.coreos.com/v1',
  ExternalSecret: 'external-secrets.io/v1beta1' };

// Any JSON value, biased towards the field names the rules read, so the walkers meet odd shapes.
const key = fc.constantFrom('metadata', 'spec', 'template', 'containers', 'initContainers', 'ports', 'name', 'selector', 'matchLabels',
  'matchExpressions', 'labels', 'annotations', 'volumes', 'volumeMounts', 'env', 'valueFrom', 'secretKeyRef', 'resources', 'limits',
  'requests', 'rules', 'http', 'paths', 'backend', 'service', 'port', 'targetPort', 'jobTemplate', 'schedule', 'data', 'items', 'livenessProbe',
  'httpGet', 'tolerations', 'affinity', 'strategy', 'rollingUpdate', 'metrics', 'target', 'endpoints', 'clusterIP', 'type', 'x');
const value = fc.letrec((tie) => ({
  v: fc.oneof({ depthSize: 'small' }, fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null),
    fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(key, tie('v'), { maxKeys: 5 })),
})).v;

const doc = fc.record({ kind: fc.constantFrom(...KINDS), body: fc.dictionary(key, value, { maxKeys: 6 }), ns: fc.option(fc.string(), { nil: undefined }) })
  .map(({ kind, body, ns }) => ({ ...body, apiVersion: API[kind] ?? 'v1', kind, metadata: { ...(typeof body.metadata === 'object' && body.metadata ? body.metadata : {}), name: 'x', namespace: ns } }));

describe('GIVEN random and malformed objects of known kinds', () => {
  it('THEN the rules and wiring layers return findings and never throw', () => {
    fc.assert(fc.property(fc.array(fc.oneof(doc, value), { maxLength: 8 }), fc.constantFrom('1.27.0', '1.36.0'), fc.constantFrom('complete', 'partial'),
      (objs, version, evidence) => {
        const docs: ManifestDocument[] = objs.map((object, i) => ({ object, source: { file: 'f.yaml', documentIndex: i } }));
        const a = apiServerRules(docs, { kubernetesVersion: version });
        const w = wiringChecks(docs, { kubernetesVersion: version, evidence: evidence as 'complete' | 'partial' });
        // a rule that throws is reported (internal/rule-error), not swallowed: none may appear
        expect([...a, ...w].filter((f) => f.rule.startsWith('internal/')).map((f) => f.message)).toEqual([]);
        for (const f of [...a, ...w]) {
          expect(typeof f.message).toBe('string');
          expect(f.rule).toMatch(/^(api|wiring)\//);
        }
      }), { numRuns: 300 });
  });
});
