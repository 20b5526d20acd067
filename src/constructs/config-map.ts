import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { recordCreationSite } from '../source-location';
import { configMapKey } from '../validate/rules/syntax';
import { checkSyntax } from './errors';
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
}

/**
 * Non-secret configuration with standard labels. Workloads take it by object
 * (`config.key('LOG_LEVEL')`, `Mount.configMap(config.configMap, '/etc/app')`), so renaming it
 * cannot break a reference, and a content change rolls the pods (checksum annotation).
 */
export class ConfigMap extends Construct {
  public readonly name: string;
  public readonly configMap: k8s.KubeConfigMap;

  constructor(scope: Construct, id: string, props: ConfigMapProps) {
    super(scope, id);
    recordCreationSite(this);
    this.name = props.name ?? id;
    checkName(this, 'ConfigMap', this.name, 'dns1123-subdomain');
    claimName(this, 'ConfigMap', this.name);
    const data: Record<string, string> = {};
    for (const k of Object.keys(props.data).sort()) {
      checkSyntax(this, 'data key', k, configMapKey(k), "use letters, digits, '-', '_' or '.'");
      data[k] = props.data[k];
    }
    const identity = resolveIdentity(this, this.name, undefined, props, props.component ?? 'config');
    this.configMap = new k8s.KubeConfigMap(this, 'resource', {
      metadata: { name: this.name, labels: standardLabels(identity, props.labels) },
      data,
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
