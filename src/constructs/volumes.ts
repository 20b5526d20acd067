import * as k8s from '../../imports/k8s';
import type { SecretSource } from './secrets';
import type { Duration, SizeLike } from './values';

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
  /**
   * The volume's name in the pod, for a workload that runs today (`helmless adopt` keeps the
   * input's); the first Mount of a volume names it.
   * @default - derived from the mount path ('config-etc-app' for a ConfigMap at /etc/app)
   */
  readonly volumeName?: string;
}

/** One key of a ConfigMap or Secret projected as a file. */
export interface KeyToPath {
  /** The key in the ConfigMap or Secret. */
  readonly key: string;
  /**
   * The file's path under the mount (relative, no '..').
   * @default - the key
   */
  readonly path?: string;
  /**
   * The file's mode, e.g. 0o400.
   * @default - the mount's defaultMode
   */
  readonly mode?: number;
}

/** Options of a ConfigMap or Secret mount. */
export interface FileMountOptions extends MountOptions {
  /**
   * Only these keys, each as a file (with its own path and mode); other keys are not mounted.
   * @default - every key, each as a file named like the key
   */
  readonly items?: readonly KeyToPath[];
  /**
   * Mode of the files, e.g. 0o440 (an octal literal: YAML writes the decimal 288).
   * @default - 0o644 (the Kubernetes default)
   */
  readonly defaultMode?: number;
}

/** Access modes of a PersistentVolumeClaim. */
export type AccessMode = 'ReadWriteOnce' | 'ReadWriteOncePod' | 'ReadWriteMany' | 'ReadOnlyMany';

/** Options of a PersistentVolumeClaim a workload creates. */
export interface ClaimOptions {
  /** The requested size: a Size or a quantity string ('10Gi'). */
  readonly storage: SizeLike;
  /**
   * The StorageClass.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * The access mode. Several pods on different nodes (replicas > 1) need 'ReadWriteMany'.
   * @default 'ReadWriteOnce'
   */
  readonly accessMode?: AccessMode;
  /**
   * The claim's name.
   * @default - '<workload name>-<volume name>' (the volume name derives from the mount path)
   */
  readonly name?: string;
}

/** @internal */
export type MountSource =
  | { readonly kind: 'configMap'; readonly configMap: k8s.KubeConfigMap; readonly items?: readonly KeyToPath[]; readonly defaultMode?: number }
  | { readonly kind: 'secret'; readonly source: SecretSource; readonly items?: readonly KeyToPath[]; readonly defaultMode?: number }
  | { readonly kind: 'emptyDir'; readonly sizeLimit?: SizeLike; readonly medium?: 'Memory' }
  | { readonly kind: 'hostPath'; readonly hostPath: string; readonly type?: string }
  | { readonly kind: 'newClaim'; readonly claim: ClaimOptions }
  | { readonly kind: 'claim'; readonly claimName: string }
  | { readonly kind: 'token'; readonly audience?: string; readonly expiration?: Duration; readonly fileName: string };

/**
 * A volume mounted into the workload's container, by object: `Mount.configMap(cm, '/etc/app')`,
 * `Mount.secret(source, '/etc/tls')`, `Mount.emptyDir('/cache')`, `Mount.newClaim('/data', { storage: '10Gi' })`.
 * The volume name is derived, so a mount can never point at a missing volume. Containers of one
 * pod share a volume by sharing the Mount's volume: `shared.at('/other/path')` mounts the same
 * volume elsewhere (in a sidecar or an init container).
 */
export class Mount {
  /** Mounts a ConfigMap (the helmless `ConfigMap` construct or a `k8s.KubeConfigMap`). */
  public static configMap(configMap: k8s.KubeConfigMap | { readonly configMap: k8s.KubeConfigMap }, path: string, options: FileMountOptions = {}): Mount {
    const cm = configMap instanceof k8s.KubeConfigMap ? configMap : configMap.configMap;
    return new Mount({ kind: 'configMap', configMap: cm, items: options.items, defaultMode: options.defaultMode }, path, { readOnly: true, ...mountOptions(options) });
  }
  public static secret(source: SecretSource, path: string, options: FileMountOptions = {}): Mount {
    return new Mount({ kind: 'secret', source, items: options.items, defaultMode: options.defaultMode }, path, { readOnly: true, ...mountOptions(options) });
  }
  /**
   * A PersistentVolumeClaim the workload creates (named '<workload>-<volume>' unless named) and
   * mounts: data that outlives the pods. The claim stays when the pods are rescheduled.
   */
  public static newClaim(path: string, claim: ClaimOptions, options: MountOptions = {}): Mount {
    return new Mount({ kind: 'newClaim', claim }, path, { readOnly: false, ...options });
  }
  /** An existing PersistentVolumeClaim, by name or object. */
  public static claim(claim: string | k8s.KubePersistentVolumeClaim, path: string, options: MountOptions = {}): Mount {
    const claimName = typeof claim === 'string' ? claim : claim.name;
    return new Mount({ kind: 'claim', claimName }, path, { readOnly: false, ...options });
  }
  /**
   * A projected ServiceAccount token for `audience` (e.g. a vault or cloud identity endpoint),
   * written as `<path>/<fileName>` and rotated by the kubelet. Independent of
   * automountServiceAccountToken: the token is for that audience only, not for the Kubernetes API.
   */
  public static serviceAccountToken(path: string, options: { readonly audience?: string; readonly expiration?: Duration; readonly fileName?: string } = {}): Mount {
    return new Mount({ kind: 'token', audience: options.audience, expiration: options.expiration, fileName: options.fileName ?? 'token' }, path, { readOnly: true });
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

  /** The same volume mounted at another path (e.g. in a sidecar or an init container). */
  public at(path: string, options: MountOptions = {}): Mount {
    return new Mount(this.source, path, { readOnly: this.options.readOnly, ...options });
  }

  /** Whether this mounts a host path. */
  public get isHostPath(): boolean { return this.source.kind === 'hostPath'; }
  /** The Secret source, for secret mounts. */
  public get secretSource(): SecretSource | undefined { return this.source.kind === 'secret' ? this.source.source : undefined; }
  /** The ConfigMap, for configMap mounts. */
  public get configMap(): k8s.KubeConfigMap | undefined { return this.source.kind === 'configMap' ? this.source.configMap : undefined; }
}

function mountOptions(o: FileMountOptions): MountOptions {
  return {
    ...(o.readOnly !== undefined ? { readOnly: o.readOnly } : {}),
    ...(o.subPath !== undefined ? { subPath: o.subPath } : {}),
    ...(o.volumeName !== undefined ? { volumeName: o.volumeName } : {}),
  };
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
