import * as k8s from '../../imports/k8s';
import type { SecretSource } from './secrets';
import type { SizeLike } from './values';

/** Options of a mount. */
export interface MountOptions {
  /**
   * Mount read-only.
   * @default - true for ConfigMaps, Secrets and host paths; false for emptyDirs
   */
  readonly readOnly?: boolean;
  /**
   * Mount only this file or folder of the volume.
   * @default - the whole volume
   */
  readonly subPath?: string;
}

type MountSource =
  | { readonly kind: 'configMap'; readonly configMap: k8s.KubeConfigMap }
  | { readonly kind: 'secret'; readonly source: SecretSource }
  | { readonly kind: 'emptyDir'; readonly sizeLimit?: SizeLike; readonly medium?: 'Memory' }
  | { readonly kind: 'hostPath'; readonly hostPath: string; readonly type?: string };

/**
 * A volume mounted into the workload's container, by object: `Mount.configMap(cm, '/etc/app')`,
 * `Mount.secret(source, '/etc/tls')`, `Mount.emptyDir('/cache')`. The volume name is derived,
 * so a mount can never point at a missing volume.
 */
export class Mount {
  /** Mounts a ConfigMap (the helmless `ConfigMap` construct or a `k8s.KubeConfigMap`). */
  public static configMap(configMap: k8s.KubeConfigMap | { readonly configMap: k8s.KubeConfigMap }, path: string, options: MountOptions = {}): Mount {
    const cm = configMap instanceof k8s.KubeConfigMap ? configMap : configMap.configMap;
    return new Mount({ kind: 'configMap', configMap: cm }, path, { readOnly: true, ...options });
  }
  public static secret(source: SecretSource, path: string, options: MountOptions = {}): Mount {
    return new Mount({ kind: 'secret', source }, path, { readOnly: true, ...options });
  }
  public static emptyDir(path: string, options: MountOptions & { readonly sizeLimit?: SizeLike; readonly medium?: 'Memory' } = {}): Mount {
    return new Mount({ kind: 'emptyDir', sizeLimit: options.sizeLimit, medium: options.medium }, path, { readOnly: false, ...options });
  }
  /**
   * A host path, read-only by default. Only DaemonAgent offers host paths, and each needs the
   * agent's documented exemption from Pod Security "restricted".
   */
  public static hostPath(hostPath: string, mountPath: string = hostPath, options: MountOptions & { readonly type?: 'Directory' | 'File' | 'DirectoryOrCreate' | 'Socket' } = {}): Mount {
    return new Mount({ kind: 'hostPath', hostPath, type: options.type ?? 'Directory' }, mountPath, { readOnly: true, ...options });
  }

  private constructor(
    /** @internal */ public readonly source: MountSource,
    public readonly path: string,
    public readonly options: MountOptions,
  ) {}

  /** Whether this mounts a host path. */
  public get isHostPath(): boolean { return this.source.kind === 'hostPath'; }
  /** The Secret source, for secret mounts. */
  public get secretSource(): SecretSource | undefined { return this.source.kind === 'secret' ? this.source.source : undefined; }
  /** The ConfigMap, for configMap mounts. */
  public get configMap(): k8s.KubeConfigMap | undefined { return this.source.kind === 'configMap' ? this.source.configMap : undefined; }
}

/** A volume name derived from a mount path: '/var/log' -> 'var-log'. */
export function volumeNameFor(prefix: string, path: string, taken: Set<string>): string {
  let base = `${prefix}${path.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')}`.slice(0, 55).replace(/-+$/, '') || 'root';
  if (prefix && base === prefix.replace(/-$/, '')) base = `${prefix}root`;
  let name = base;
  for (let i = 2; taken.has(name); i++) name = `${base}-${i}`;
  taken.add(name);
  return name;
}
