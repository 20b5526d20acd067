// Manifests for the policy tests: a compliant application (every rule, opt-in ones included,
// passes) and helpers to break one thing at a time.
import type { ManifestDocument } from '../../src/validate/types';

export type Obj = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export const NS = 'shop';
const labels = (name: string): Obj => ({ 'app.kubernetes.io/name': name, 'app.kubernetes.io/instance': 'shop' });

export function container(name = 'app'): Obj {
  return {
    name,
    image: 'registry.example.com/shop/app:1.4.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
    imagePullPolicy: 'Always',
    ports: [{ name: 'http', containerPort: 8080 }],
    env: [{ name: 'LOG_LEVEL', value: 'info' }, { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
    securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    resources: {
      requests: { cpu: '100m', memory: '128Mi', 'ephemeral-storage': '100Mi' },
      limits: { cpu: '500m', memory: '128Mi', 'ephemeral-storage': '200Mi' },
    },
    readinessProbe: { httpGet: { path: '/ready', port: 'http' } },
    livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, failureThreshold: 6 },
  };
}

export function podSpec(name: string): Obj {
  return {
    serviceAccountName: name,
    automountServiceAccountToken: false,
    securityContext: { runAsNonRoot: true, runAsUser: 65532, runAsGroup: 65532, fsGroup: 65532, seccompProfile: { type: 'RuntimeDefault' } },
    affinity: {
      podAntiAffinity: {
        preferredDuringSchedulingIgnoredDuringExecution: [
          { weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: labels(name) } } },
        ],
      },
    },
    containers: [container()],
  };
}

export function deployment(name = 'web'): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS, labels: labels(name) },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels(name) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } },
      template: { metadata: { labels: labels(name) }, spec: podSpec(name) },
    },
  };
}

export function pdb(name = 'web'): Obj {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name, namespace: NS, labels: labels(name) },
    spec: { maxUnavailable: 1, unhealthyPodEvictionPolicy: 'AlwaysAllow', selector: { matchLabels: labels(name) } },
  };
}

export function serviceAccount(name = 'web'): Obj {
  return { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name, namespace: NS, labels: labels(name) }, automountServiceAccountToken: false };
}

export function service(name = 'web'): Obj {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS, labels: labels(name) },
    spec: { type: 'ClusterIP', selector: labels(name), ports: [{ name: 'http', port: 80, targetPort: 'http' }] },
  };
}

export function networkPolicy(name = 'web'): Obj {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace: NS, labels: labels(name) },
    spec: { podSelector: { matchLabels: labels(name) }, policyTypes: ['Ingress'], ingress: [{ ports: [{ port: 8080 }] }] },
  };
}

export interface App {
  deploy: Obj;
  pdb: Obj;
  sa: Obj;
  svc: Obj;
  netpol: Obj;
  extra: Obj[];
}

/** The compliant app, optionally broken by `mutate`. */
export function app(mutate?: (a: App) => void): Obj[] {
  const a: App = { deploy: deployment(), pdb: pdb(), sa: serviceAccount(), svc: service(), netpol: networkPolicy(), extra: [] };
  mutate?.(a);
  return [a.deploy, a.pdb, a.sa, a.svc, a.netpol, ...a.extra].filter(Boolean);
}

export function docs(objects: readonly unknown[], file = 'test.yaml'): ManifestDocument[] {
  return objects.map((object, documentIndex) => ({ object, source: { file, documentIndex } }));
}

/** The first container of a Deployment. */
export function c0(deploy: Obj): Obj {
  return deploy.spec.template.spec.containers[0];
}
export function pod(deploy: Obj): Obj {
  return deploy.spec.template.spec;
}
