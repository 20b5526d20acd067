// The volumes of one pod, built from the Mounts of all its containers: one volume per Mount
// source (so containers sharing a Mount share the volume), the PersistentVolumeClaims the
// workload must create, and the checks of items, modes, claims and tokens.
import type { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { dns1123Label, dns1123Subdomain } from '../validate/rules/syntax';
import { checkInt, checkSyntax, invalidProp } from './errors';
import { toSize } from './values';
import { AccessMode, ClaimOptions, KeyToPath, Mount, MountSource, volumeNameFor } from './volumes';

/** A PersistentVolumeClaim a workload must create for a `Mount.newClaim`. */
export interface NewClaim {
  readonly claimName: string;
  readonly options: ClaimOptions;
  readonly storage: string;
  readonly accessMode: AccessMode;
}

const ACCESS_MODES: readonly AccessMode[] = ['ReadWriteOnce', 'ReadWriteOncePod', 'ReadWriteMany', 'ReadOnlyMany'];

/**
 * The volumes of one pod: each Mount's source is one volume (so containers sharing a Mount, or
 * `mount.at(...)`, share the volume), named from the first mount path.
 */
export class PodVolumes {
  public readonly volumes: k8s.Volume[] = [];
  public readonly newClaims: NewClaim[] = [];
  private readonly taken: Set<string>;
  private readonly bySource = new Map<MountSource, string>();

  /** `workloadName` prefixes the names of new claims. */
  constructor(private readonly scope: IConstruct, reserved: Iterable<string>, private readonly workloadName: string) {
    this.taken = new Set(reserved);
  }

  /** A container-private emptyDir at `path` (`prefix` tells containers apart). */
  public writable(prefix: string, path: string): k8s.VolumeMount {
    const name = volumeNameFor(prefix, path, this.taken);
    this.volumes.push({ name, emptyDir: {} });
    return { name, mountPath: path };
  }

  /** The volume mount of `m` (creating its volume on first use). */
  public mount(prop: string, m: Mount): k8s.VolumeMount {
    if (!m.path.startsWith('/')) invalidProp(this.scope, `${prop}mounts`, m.path, 'a mount path must be absolute', `use '/${m.path}'`);
    let name = this.bySource.get(m.source);
    if (name === undefined) {
      name = this.addVolume(prop, m);
      this.bySource.set(m.source, name);
    }
    return {
      name, mountPath: m.path,
      ...(m.options.readOnly ? { readOnly: true } : {}),
      ...(m.options.subPath ? { subPath: m.options.subPath } : {}),
    };
  }

  private addVolume(prop: string, m: Mount): string {
    const s = m.source;
    const prefix = s.kind === 'configMap' ? 'config-' : s.kind === 'secret' ? 'secret-' : s.kind === 'hostPath' ? 'host-'
      : s.kind === 'token' ? 'token-' : '';
    const scope = this.scope;
    const given = m.options.volumeName;
    if (given !== undefined) {
      checkSyntax(scope, `${prop}mounts volumeName`, given, dns1123Label(given), "use lower-case letters, digits and '-', e.g. 'config'");
      if (this.taken.has(given)) invalidProp(scope, `${prop}mounts volumeName`, given, 'another volume of the pod has this name', 'give each volume its own name, or leave volumeName out');
      this.taken.add(given);
    }
    const name = given ?? volumeNameFor(prefix, s.kind === 'hostPath' ? s.hostPath : m.path, this.taken);
    switch (s.kind) {
      case 'configMap': {
        const keys = Object.keys(s.configMap.toJson().data ?? {});
        this.volumes.push({ name, configMap: { name: s.configMap.name, ...this.files(prop, s.items, s.defaultMode, keys) } });
        break;
      }
      case 'secret':
        this.volumes.push({ name, secret: { secretName: s.source.secretName, ...this.files(prop, s.items, s.defaultMode, s.source.knownKeys) } });
        break;
      case 'emptyDir':
        this.volumes.push({
          name,
          emptyDir: {
            ...(s.medium ? { medium: s.medium } : {}),
            ...(s.sizeLimit !== undefined ? { sizeLimit: k8s.Quantity.fromString(toSize(s.sizeLimit).quantity) } : {}),
          },
        });
        break;
      case 'hostPath':
        this.volumes.push({ name, hostPath: { path: s.hostPath, ...(s.type ? { type: s.type } : {}) } });
        break;
      case 'claim':
        checkSyntax(scope, `${prop}mounts claim`, s.claimName, dns1123Subdomain(s.claimName), "use the claim's exact name, e.g. 'shared-data'");
        this.volumes.push({ name, persistentVolumeClaim: { claimName: s.claimName, ...(m.options.readOnly ? { readOnly: true } : {}) } });
        break;
      case 'newClaim': {
        const c = s.claim;
        let storage: string;
        try {
          if (c.storage === undefined) throw new Error('Size (unset) is not a Kubernetes quantity');
          storage = toSize(c.storage).quantity;
        } catch (e) {
          invalidProp(scope, `${prop}mounts claim storage`, c.storage, (e as Error).message.replace(/^Size "[^"]*" |^Size \(unset\) /, ''),
            "write a quantity without spaces such as '10Gi', or Size.gibibytes(10)");
        }
        const accessMode = c.accessMode ?? 'ReadWriteOnce';
        if (!ACCESS_MODES.includes(accessMode)) {
          invalidProp(scope, `${prop}mounts claim accessMode`, accessMode, `must be one of ${ACCESS_MODES.join(', ')}`, "use accessMode: 'ReadWriteOnce'");
        }
        const claimName = c.name ?? `${this.workloadName}-${name}`;
        this.newClaims.push({ claimName, options: c, storage, accessMode });
        this.volumes.push({ name, persistentVolumeClaim: { claimName } });
        break;
      }
      case 'token': {
        checkInt(scope, `${prop}mounts token expiration (seconds)`, s.expiration?.toSeconds(), 600);
        if (s.fileName.includes('/') || s.fileName === '' || s.fileName.startsWith('.')) {
          invalidProp(scope, `${prop}mounts token fileName`, s.fileName, 'must be a plain file name', "use fileName: 'token'");
        }
        this.volumes.push({
          name,
          projected: {
            sources: [{
              serviceAccountToken: {
                path: s.fileName,
                ...(s.audience !== undefined ? { audience: s.audience } : {}),
                ...(s.expiration !== undefined ? { expirationSeconds: s.expiration.toSeconds() } : {}),
              },
            }],
          },
        });
        break;
      }
    }
    return name;
  }

  private files(prop: string, items: readonly KeyToPath[] | undefined, defaultMode: number | undefined, knownKeys: readonly string[] | undefined): { items?: k8s.KeyToPath[]; defaultMode?: number } {
    checkMode(this.scope, `${prop}mounts defaultMode`, defaultMode);
    if (items !== undefined && items.length === 0) invalidProp(this.scope, `${prop}mounts items`, [], 'must list at least one key (or be left unset for all keys)', 'drop items, or list the keys');
    const out = (items ?? []).map((i) => {
      if (knownKeys && !knownKeys.includes(i.key)) {
        invalidProp(this.scope, `${prop}mounts items key`, i.key, `is not one of the keys (${knownKeys.join(', ')})`, 'use one of them');
      }
      const p = i.path ?? i.key;
      if (p.startsWith('/') || p.split('/').includes('..')) invalidProp(this.scope, `${prop}mounts items path`, p, "must be relative and free of '..'", "use e.g. 'config/app.yaml'");
      checkMode(this.scope, `${prop}mounts items mode`, i.mode);
      return { key: i.key, path: p, ...(i.mode !== undefined ? { mode: i.mode } : {}) };
    });
    return { ...(out.length > 0 ? { items: out } : {}), ...(defaultMode !== undefined ? { defaultMode } : {}) };
  }
}

function checkMode(scope: IConstruct, prop: string, mode: number | undefined): void {
  if (mode === undefined) return;
  if (!Number.isInteger(mode) || mode < 0 || mode > 0o777) {
    invalidProp(scope, prop, mode, 'must be a file mode from 0 to 0o777 (511)', 'write it as an octal literal, e.g. 0o440');
  }
}

