// Env beyond single keys: a whole ConfigMap or Secret as `envFrom`, and the downward API (the
// pod's own name, namespace, IP, node, ServiceAccount, and a container's resources) as typed values.
import * as k8s from '../../imports/k8s';
import type { SecretSource } from './secrets';

/** Options of an {@link EnvFrom}. */
export interface EnvFromOptions {
  /**
   * A prefix for every variable name (e.g. 'APP_'), so keys cannot shadow other env vars.
   * @default - the keys as they are
   */
  readonly prefix?: string;
  /**
   * Start the pod even when the source is missing.
   * @default false (the pod waits for the source)
   */
  readonly optional?: boolean;
}

/**
 * Every key of a ConfigMap or Secret as an env var (`envFrom`), by object:
 * `EnvFrom.configMap(config)`, `EnvFrom.secret(SecretSource.existing('api-keys'))`.
 * Keys that are not valid env var names are skipped by the kubelet (and reported as events).
 */
export class EnvFrom {
  /** All keys of a ConfigMap (the helmless `ConfigMap` construct or a `k8s.KubeConfigMap`). */
  public static configMap(configMap: k8s.KubeConfigMap | { readonly configMap: k8s.KubeConfigMap }, options: EnvFromOptions = {}): EnvFrom {
    const cm = configMap instanceof k8s.KubeConfigMap ? configMap : configMap.configMap;
    return new EnvFrom({ kind: 'configMap', configMap: cm }, options);
  }
  /** All keys of a Secret, by source (never the values). */
  public static secret(source: SecretSource, options: EnvFromOptions = {}): EnvFrom {
    return new EnvFrom({ kind: 'secret', source }, options);
  }

  private constructor(
    /** @internal */ public readonly source:
      | { readonly kind: 'configMap'; readonly configMap: k8s.KubeConfigMap }
      | { readonly kind: 'secret'; readonly source: SecretSource },
    public readonly options: EnvFromOptions,
  ) {}

  /** The ConfigMap, for ConfigMap sources. */
  public get configMap(): k8s.KubeConfigMap | undefined { return this.source.kind === 'configMap' ? this.source.configMap : undefined; }
  /** The Secret source, for Secret sources. */
  public get secretSource(): SecretSource | undefined { return this.source.kind === 'secret' ? this.source.source : undefined; }

  /** The `envFrom` entry. */
  public render(): k8s.EnvFromSource {
    const o = this.options;
    const opt = o.optional ? { optional: true } : {};
    return {
      ...(o.prefix !== undefined ? { prefix: o.prefix } : {}),
      ...(this.source.kind === 'configMap'
        ? { configMapRef: { name: this.source.configMap.name, ...opt } }
        : { secretRef: { name: this.source.source.secretName, ...opt } }),
    };
  }
}

/** Resources a container can read about itself through the downward API. */
export type ContainerResource = 'limits.cpu' | 'limits.memory' | 'limits.ephemeral-storage' | 'requests.cpu' | 'requests.memory' | 'requests.ephemeral-storage';

/**
 * A value the kubelet fills in from the pod itself (the downward API), as an env var value:
 * `env: { POD_NAME: Downward.podName(), MEMORY_LIMIT: Downward.resource('limits.memory', { divisor: '1Mi' }) }`.
 */
export class Downward {
  /** The pod's name (metadata.name). */
  public static podName(): Downward { return Downward.field('metadata.name'); }
  /** The pod's namespace (metadata.namespace). */
  public static namespace(): Downward { return Downward.field('metadata.namespace'); }
  /** The pod's UID (metadata.uid). */
  public static podUid(): Downward { return Downward.field('metadata.uid'); }
  /** The pod's IP address (status.podIP). */
  public static podIp(): Downward { return Downward.field('status.podIP'); }
  /** The IP of the node the pod runs on (status.hostIP). */
  public static hostIp(): Downward { return Downward.field('status.hostIP'); }
  /** The name of the node the pod runs on (spec.nodeName). */
  public static nodeName(): Downward { return Downward.field('spec.nodeName'); }
  /** The pod's ServiceAccount (spec.serviceAccountName). */
  public static serviceAccountName(): Downward { return Downward.field('spec.serviceAccountName'); }
  /**
   * A resource limit or request of a container, e.g. to size a heap from the memory limit.
   * `divisor` scales it ('1Mi' gives MiB, '1m' millicores).
   * @param options.container the container's name (@default - the container the env var is in)
   */
  public static resource(resource: ContainerResource, options: { readonly container?: string; readonly divisor?: string } = {}): Downward {
    return new Downward({ kind: 'resource', resource, container: options.container, divisor: options.divisor });
  }

  private static field(fieldPath: string): Downward { return new Downward({ kind: 'field', fieldPath }); }

  private constructor(
    /** @internal */ public readonly ref:
      | { readonly kind: 'field'; readonly fieldPath: string }
      | { readonly kind: 'resource'; readonly resource: ContainerResource; readonly container?: string; readonly divisor?: string },
  ) {}

  /** The env var source. */
  public toEnvVarSource(): k8s.EnvVarSource {
    const r = this.ref;
    if (r.kind === 'field') return { fieldRef: { fieldPath: r.fieldPath } };
    return {
      resourceFieldRef: {
        resource: r.resource,
        ...(r.container !== undefined ? { containerName: r.container } : {}),
        ...(r.divisor !== undefined ? { divisor: k8s.Quantity.fromString(r.divisor) } : {}),
      },
    };
  }
}
