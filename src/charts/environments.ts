import type { AutoscalingOptions, ResourcesSpec, SizeLike } from '../constructs';

/** What differs between the shop's environments, typed: a typo is a compile error, not a broken cluster. */
export interface EnvironmentConfig {
  /** 'dev' or 'prod': labels and secret store paths. */
  readonly stage: 'dev' | 'prod';
  /** Namespace of every object. */
  readonly namespace: string;
  /** Public host of the shop. */
  readonly host: string;
  /** The existing TLS certificate Secret for `host` (issued by cert-manager outside this app). */
  readonly tlsSecretName: string;
  /** Web replicas: a fixed count, or an autoscaling range. */
  readonly web: { readonly replicas: number } | { readonly autoscaling: AutoscalingOptions };
  readonly webResources: ResourcesSpec;
  /** Size of the database volume. */
  readonly dbStorage: SizeLike;
  readonly dbResources: ResourcesSpec;
  /** StorageClass of the database volume. */
  readonly storageClassName?: string;
  /** The web image tag released to this environment. */
  readonly releaseTag: string;
  /** Derive NetworkPolicies (default-deny plus the wired edges) for the environment's namespace. */
  readonly networkPolicies: boolean;
  /** A redis cache for the web (its volume size), or none. */
  readonly cache?: { readonly storage: SizeLike };
  /**
   * The Gateway the web is routed through (an HTTPRoute; TLS terminates on the Gateway's
   * listener), instead of an Ingress.
   */
  readonly gateway?: { readonly name: string; readonly namespace: string };
}

export const DEV: EnvironmentConfig = {
  stage: 'dev',
  namespace: 'shop-dev',
  host: 'shop.dev.example.com',
  tlsSecretName: 'shop-dev-tls',
  web: { replicas: 1 },
  webResources: 'small',
  dbStorage: '5Gi',
  dbResources: 'small',
  releaseTag: '2.4.0-rc.1',
  networkPolicies: false,
};

export const PROD: EnvironmentConfig = {
  stage: 'prod',
  namespace: 'shop',
  host: 'shop.example.com',
  tlsSecretName: 'shop-tls',
  web: { autoscaling: { minReplicas: 3, maxReplicas: 10, cpuUtilization: 70 } },
  webResources: 'medium',
  dbStorage: '100Gi',
  dbResources: { cpu: '1', memory: '4Gi' },
  storageClassName: 'ssd',
  releaseTag: '2.3.1',
  networkPolicies: true,
  cache: { storage: '2Gi' },
  gateway: { name: 'public', namespace: 'gateway-system' },
};

/** Every environment the example app renders, each into dist/<stage>/. */
export const ENVIRONMENTS: readonly EnvironmentConfig[] = [DEV, PROD];
