import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import * as ess from '../../imports/external-secrets.io';
import * as sealed from '../../imports/bitnami.com';
import * as k8s from '../../imports/k8s';
import { recordCreationSite } from '../source-location';
import { configMapKey, labelValue } from '../validate/rules/syntax';
import { checkSyntax, invalidProp } from './errors';
import { resolveIdentity, standardLabels } from './labels';
import { checkName, claimName } from './names';
import type { Downward } from './env';
import { Duration } from './values';

/**
 * Annotation on a workload (and its pod template) listing the Secrets it reads that the output
 * does not contain: they must exist in the cluster before the pods can start.
 */
export const EXTERNAL_SECRETS_ANNOTATION = 'helmless.io/external-secrets';

/** A reference to one key of a Secret, for env vars and volumes. Built by `source.key('password')`. */
export class SecretKeyRef {
  /** @internal */
  constructor(public readonly source: SecretSource, public readonly key: string) {}

  public toEnvVarSource(): k8s.EnvVarSource {
    return { secretKeyRef: { name: this.source.secretName, key: this.key } };
  }
}

/** A reference to one key of a ConfigMap object (so renaming the ConfigMap cannot break the link). */
export class ConfigMapKeyRef {
  public static of(configMap: k8s.KubeConfigMap, key: string): ConfigMapKeyRef {
    return new ConfigMapKeyRef(configMap, key);
  }
  private constructor(public readonly configMap: k8s.KubeConfigMap, public readonly key: string) {}

  public toEnvVarSource(): k8s.EnvVarSource {
    return { configMapKeyRef: { name: this.configMap.name, key: this.key } };
  }
}

/** An env var value: a literal, a Secret key, a ConfigMap key or a downward API value (`Downward.podName()`). */
export type EnvValue = string | SecretKeyRef | ConfigMapKeyRef | Downward;

/** Options of an ExternalSecret (External Secrets Operator). */
export interface ExternalSecretOptions {
  /** The SecretStore or ClusterSecretStore to read from. */
  readonly store: { readonly name: string; readonly kind?: 'SecretStore' | 'ClusterSecretStore' };
  /**
   * Secret keys and where each comes from in the store: `{ password: { key: 'prod/db', property: 'password' } }`.
   */
  readonly data: Readonly<Record<string, { readonly key: string; readonly property?: string; readonly version?: string }>>;
  /**
   * The name of the Secret the operator writes.
   * @default - the construct id
   */
  readonly secretName?: string;
  /**
   * How often the operator re-reads the store.
   * @default Duration.hours(1)
   */
  readonly refreshInterval?: Duration;
}

/** Options of a SealedSecret (Bitnami sealed-secrets): data encrypted with the cluster's public key. */
export interface SealedSecretOptions {
  /** Encrypted values per key, as `kubeseal` prints them. Never plain text. */
  readonly encryptedData: Readonly<Record<string, string>>;
  /**
   * The name of the SealedSecret and of the Secret the controller unseals it into.
   * @default - the construct id
   */
  readonly secretName?: string;
  /**
   * The type of the unsealed Secret.
   * @default 'Opaque'
   */
  readonly type?: string;
}

/**
 * Where a Secret's values come from, never as literal values in the output:
 * - `SecretSource.existing('name')`: a Secret managed outside this app; workloads reading it
 *   declare it with the annotation helmless.io/external-secrets.
 * - `SecretSource.externalSecret(scope, id, {...})`: an ExternalSecret object in the output; the
 *   operator fetches the values from a secret store.
 * - `SecretSource.sealed(scope, id, {...})`: a SealedSecret object holding encrypted values.
 *
 * `source.key('password')` is a reference to one key, accepted by env vars and volumes.
 */
export abstract class SecretSource {
  /** A Secret that already exists in the cluster (managed outside this app). */
  public static existing(secretName: string, keys?: readonly string[]): SecretSource {
    return new ExistingSecretSource(secretName, keys);
  }
  /** An ExternalSecret created in `scope` (its target Secret is what workloads read). */
  public static externalSecret(scope: Construct, id: string, options: ExternalSecretOptions): ExternalSecretSource {
    return new ExternalSecretSource(scope, id, options);
  }
  /** A SealedSecret created in `scope`. */
  public static sealed(scope: Construct, id: string, options: SealedSecretOptions): SealedSecretSource {
    return new SealedSecretSource(scope, id, options);
  }

  /** The name of the Secret in the cluster that pods read. */
  public abstract readonly secretName: string;
  /** Whether the Secret (or the object producing it) is absent from the output. */
  public abstract readonly external: boolean;
  /** The keys the Secret is known to have, when known (checked by `key()`). */
  public abstract readonly knownKeys: readonly string[] | undefined;

  /** A reference to `key` of this Secret. */
  public key(key: string): SecretKeyRef {
    const problems = configMapKey(key);
    if (problems.length > 0) {
      throw new Error(`Secret '${this.secretName}': key ${JSON.stringify(key)} is invalid: ${problems.join('; ')}. Fix: use letters, digits, '-', '_' or '.'`);
    }
    if (this.knownKeys && !this.knownKeys.includes(key)) {
      throw new Error(`Secret '${this.secretName}': key ${JSON.stringify(key)} is not one of its keys (${this.knownKeys.join(', ')}). Fix: use one of them, or add the key to the source`);
    }
    return new SecretKeyRef(this, key);
  }
}

class ExistingSecretSource extends SecretSource {
  public readonly external = true;
  constructor(public readonly secretName: string, public readonly knownKeys: readonly string[] | undefined) {
    super();
    const problems = [...(secretName.length === 0 ? ['must not be empty'] : []), ...(secretName.length > 253 || !/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(secretName) ? ['must be a DNS-1123 subdomain (lower-case letters, digits, - and .)'] : [])];
    if (problems.length > 0) {
      throw new Error(`SecretSource.existing: Secret name ${JSON.stringify(secretName)} is invalid: ${problems.join('; ')}. Fix: use the Secret's exact name in the cluster`);
    }
  }
}

function secretIdentity(scope: Construct, name: string) {
  return resolveIdentity(scope, name, undefined, {}, 'secret');
}

/** An ExternalSecret object: the External Secrets Operator writes the Secret `secretName`. */
export class ExternalSecretSource extends SecretSource {
  public readonly external = false;
  public readonly secretName: string;
  public readonly knownKeys: readonly string[];
  /** The ExternalSecret object. */
  public readonly externalSecret: ess.ExternalSecret;
  public readonly refreshInterval: Duration;

  constructor(scope: Construct, id: string, options: ExternalSecretOptions) {
    super();
    const c = new Construct(scope, id);
    recordCreationSite(c);
    this.secretName = options.secretName ?? id;
    checkName(c, 'ExternalSecret', this.secretName, 'dns1123-subdomain');
    claimName(c, 'ExternalSecret', this.secretName);
    claimName(c, 'Secret', this.secretName);
    checkSyntax(c, 'store.name', options.store.name, options.store.name ? [] : ['must not be empty'], 'name the SecretStore');
    const keys = Object.keys(options.data).sort();
    if (keys.length === 0) invalidProp(c, 'data', options.data, 'must list at least one key', "add data: { password: { key: 'path/in/store' } }");
    for (const k of keys) {
      checkSyntax(c, `data key`, k, configMapKey(k), "use letters, digits, '-', '_' or '.'");
      if (!options.data[k].key) invalidProp(c, `data.${k}.key`, options.data[k].key, 'must name the remote key', "set key: 'path/in/store'");
    }
    this.knownKeys = keys;
    this.refreshInterval = options.refreshInterval ?? Duration.hours(1);
    const labels = standardLabels(secretIdentity(c, this.secretName));
    this.externalSecret = new ess.ExternalSecret(c, 'resource', {
      metadata: { name: this.secretName, labels },
      spec: {
        secretStoreRef: {
          name: options.store.name,
          kind: options.store.kind === 'ClusterSecretStore'
            ? ess.ExternalSecretSpecSecretStoreRefKind.CLUSTER_SECRET_STORE
            : ess.ExternalSecretSpecSecretStoreRefKind.SECRET_STORE,
        },
        refreshInterval: this.refreshInterval.toGoString(),
        target: {
          name: this.secretName,
          creationPolicy: ess.ExternalSecretSpecTargetCreationPolicy.OWNER,
          template: { metadata: { labels } },
        },
        data: keys.map((k) => ({
          secretKey: k,
          remoteRef: {
            key: options.data[k].key,
            ...(options.data[k].property !== undefined ? { property: options.data[k].property } : {}),
            ...(options.data[k].version !== undefined ? { version: options.data[k].version } : {}),
          },
        })),
      },
    });
  }
}

/** A SealedSecret object: the sealed-secrets controller unseals it into the Secret `secretName`. */
export class SealedSecretSource extends SecretSource {
  public readonly external = false;
  public readonly secretName: string;
  public readonly knownKeys: readonly string[];
  /** The SealedSecret object. */
  public readonly sealedSecret: sealed.SealedSecret;

  constructor(scope: Construct, id: string, options: SealedSecretOptions) {
    super();
    const c = new Construct(scope, id);
    recordCreationSite(c);
    this.secretName = options.secretName ?? id;
    checkName(c, 'SealedSecret', this.secretName, 'dns1123-subdomain');
    claimName(c, 'SealedSecret', this.secretName);
    claimName(c, 'Secret', this.secretName);
    const keys = Object.keys(options.encryptedData).sort();
    if (keys.length === 0) invalidProp(c, 'encryptedData', options.encryptedData, 'must hold at least one key', 'seal the values with kubeseal and paste its encryptedData');
    for (const k of keys) {
      checkSyntax(c, 'encryptedData key', k, configMapKey(k), "use letters, digits, '-', '_' or '.'");
      const v = options.encryptedData[k];
      // kubeseal output is base64 of an RSA-OAEP + AES-GCM envelope: hundreds of characters.
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(v) || v.length < 64) {
        invalidProp(c, `encryptedData.${k}`, v.length > 12 ? `${v.slice(0, 12)}...` : v,
          'does not look like kubeseal output (long base64); a plain value would be published',
          'run `kubeseal --raw` (or kubeseal -o yaml) and paste the encrypted value');
      }
    }
    this.knownKeys = keys;
    const labels = standardLabels(secretIdentity(c, this.secretName));
    checkSyntax(c, 'secretName', this.secretName, labelValue(this.secretName), 'use a shorter name');
    const encryptedData: Record<string, string> = {};
    for (const k of keys) encryptedData[k] = options.encryptedData[k];
    this.sealedSecret = new sealed.SealedSecret(c, 'resource', {
      metadata: { name: this.secretName, labels },
      spec: {
        encryptedData,
        template: {
          type: options.type ?? 'Opaque',
          metadata: { name: this.secretName, namespace: Chart.of(c).namespace, labels },
        },
      },
    });
  }
}
