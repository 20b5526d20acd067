import { createHash } from 'crypto';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { recordCreationSite } from '../source-location';
import { configMapKey } from '../validate/rules/syntax';
import { checkKnownProps, checkSyntax } from './errors';
import { LabelProps, resolveIdentity, standardLabels } from './labels';
import { checkName, claimName } from './names';
import { ConfigMapKeyRef } from './secrets';

/** Props of a {@link ConfigMap}. */
export interface ConfigMapProps extends LabelProps {
  /** Non-secret settings, key -> value. */
  readonly data: Readonly<Record<string, string>>;
  /**
   * The ConfigMap's name.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * Make the ConfigMap immutable and content-named: `immutable: true`, and the name gets the
   * first 10 hex digits of the sha256 of its data (`app-config-3f2a9c01d4`), like kustomize's
   * configMapGenerator. A content change then creates a new ConfigMap and rolls the pods that
   * reference it (by object, so the new name follows), and the kubelet stops watching it. The
   * old one stays in the cluster until the GitOps tool prunes it.
   * @default false - a mutable ConfigMap named `name`; pods still roll on change through the
   * checksum annotation
   */
  readonly immutable?: boolean;
}

/** Length of the content hash suffix of an immutable ConfigMap's name. */
const CONTENT_HASH_LENGTH = 10;

/**
 * Non-secret configuration with standard labels. Workloads take it by object
 * (`config.key('LOG_LEVEL')`, `Mount.configMap(config.configMap, '/etc/app')`), so renaming it
 * cannot break a reference, and a content change rolls the pods (checksum annotation).
 */
export class ConfigMap extends Construct {
  /** The ConfigMap's name in the cluster (with the content hash when immutable). */
  public readonly name: string;
  public readonly immutable: boolean;
  public readonly configMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: ConfigMapProps) {
    super(scope, id);
    recordCreationSite(this);
    checkKnownProps(this, props, 'ConfigMapProps', 'ConfigMap');
    const baseName = props.name ?? id;
    this.immutable = props.immutable ?? false;
    const data: Record<string, string> = {};
    for (const k of Object.keys(props.data).sort()) {
      checkSyntax(this, 'data key', k, configMapKey(k), "use letters, digits, '-', '_' or '.'");
      data[k] = props.data[k];
    }
    this.name = this.immutable
      ? `${baseName}-${createHash('sha256').update(JSON.stringify(data)).digest('hex').slice(0, CONTENT_HASH_LENGTH)}`
      : baseName;
    checkName(this, 'ConfigMap', this.name, 'dns1123-subdomain');
    claimName(this, 'ConfigMap', this.name);
    // Labels name the logical config, not the content version.
    const identity = resolveIdentity(this, baseName, undefined, props, props.component ?? 'config');
    this.configMap = new k8s.KubeConfigMap(this, 'resource', {
      metadata: { name: this.name, labels: standardLabels(identity, props.labels) },
      data,
      ...(this.immutable ? { immutable: true } : {}),
    });
  }

  /** A reference to one key, for env vars. */
  public key(key: string): ConfigMapKeyRef {
    const keys = Object.keys(this.configMap.toJson().data ?? {});
    if (!keys.includes(key)) {
      throw new Error(`${this.node.path}: ConfigMap '${this.name}' has no key ${JSON.stringify(key)} (keys: ${keys.join(', ')}). Fix: use one of its keys, or add it to data`);
    }
    return ConfigMapKeyRef.of(this.configMap, key);
  }
}
