import { createHash } from 'crypto';
import { ApiObjectMetadata, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { recordCreationSite } from '../source-location';
import { RULES_BY_ID, suppressionAnnotation } from '../validate/policy/catalogue';
import { envVarName } from '../validate/rules/syntax';
import { checkKnownProps, checkSyntax, invalidProp } from './errors';
import type { PropsName } from './prop-keys.generated';
import { ImageRef, imageVersion, pinnedImage } from './image';
import { LabelProps, WorkloadIdentity, resolveIdentity, selectorLabels, standardLabels } from './labels';
import { NameRule, checkName, claimName } from './names';
import { allowConnection } from './network-policy';
import { Port } from './ports';
import { Probe } from './probes';
import { ResourcesSpec, renderResources } from './resources';
import { ConfigMapKeyRef, EXTERNAL_SECRETS_ANNOTATION, EnvValue, SecretKeyRef, SecretSource } from './secrets';
import { SECURITY_EXEMPTION_ANNOTATION, Security } from './security';
import { toSize } from './values';
import { Mount, volumeNameFor } from './volumes';

/** Annotation on a pod template: a checksum of the ConfigMaps the pods consume, so a change rolls them. */
export const CONFIG_CHECKSUM_ANNOTATION = 'helmless.io/config-checksum';

/** Options of the ServiceAccount a workload creates. */
export interface ServiceAccountOptions {
  /**
   * Annotations of the ServiceAccount (e.g. a cloud IAM role binding).
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** Something a workload can connect to: gives env vars carrying host, port and credentials by reference. */
export interface IConnectable {
  /** Env vars `<prefix>_HOST`, `<prefix>_PORT`, ... for a client. */
  connectionEnv(prefix: string): Record<string, EnvValue>;
}

/** Props every helmless workload shares. */
export interface WorkloadProps extends LabelProps {
  /** The container image, pinned to a tag (not 'latest') or a digest. */
  readonly image: string;
  /**
   * The name of the workload and its objects.
   * @default - the construct id
   */
  readonly name?: string;
  /**
   * The container's entrypoint.
   * @default - the image's ENTRYPOINT
   */
  readonly command?: readonly string[];
  /**
   * Arguments to the entrypoint.
   * @default - the image's CMD
   */
  readonly args?: readonly string[];
  /**
   * Env vars: literal strings, or by reference `source.key('password')` /
   * `ConfigMapKeyRef.of(cm, 'key')`. A literal value under a credential-looking name
   * (PASSWORD, TOKEN, SECRET, API_KEY...) throws.
   * @default - none
   */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /**
   * A database (or other connectable) the pods use: adds `<databaseEnvPrefix>_HOST`, `_PORT`,
   * `_USER`, `_PASSWORD` (by reference) and `_NAME` env vars.
   * @default - none
   */
  readonly database?: IConnectable;
  /**
   * Prefix of the env vars from `database`.
   * @default 'DB'
   */
  readonly databaseEnvPrefix?: string;
  /**
   * Container resources: a preset or raw values. Requests cpu+memory and a memory limit; no CPU limit.
   * @default 'small' (100m CPU, 128Mi memory request and limit)
   */
  readonly resources?: ResourcesSpec;
  /**
   * Pod security. The default meets Pod Security "restricted" (non-root UID 65532, no privilege
   * escalation, ALL capabilities dropped, seccomp RuntimeDefault, read-only root filesystem).
   * @default Security.restricted()
   */
  readonly security?: Security;
  /**
   * Writable folders (emptyDir volumes) under the read-only root filesystem.
   * @default ['/tmp']
   */
  readonly writablePaths?: readonly string[];
  /**
   * Volumes to mount: `Mount.configMap(cm, path)`, `Mount.secret(source, path)`, `Mount.emptyDir(path)`.
   * @default - none
   */
  readonly mounts?: readonly Mount[];
  /**
   * An existing ServiceAccount, or options for the one the workload creates (named like the workload).
   * @default - a ServiceAccount of its own
   */
  readonly serviceAccount?: k8s.KubeServiceAccount | ServiceAccountOptions;
  /**
   * Mount the ServiceAccount token into the pods. Only workloads that call the Kubernetes API need it.
   * @default false
   */
  readonly automountServiceAccountToken?: boolean;
  /**
   * Node labels the pods require.
   * @default - none
   */
  readonly nodeSelector?: Readonly<Record<string, string>>;
  /**
   * Tolerations of the pods.
   * @default - none
   */
  readonly tolerations?: readonly k8s.Toleration[];
  /**
   * Annotations of the workload object and its pod template.
   * @default - none
   */
  readonly annotations?: Readonly<Record<string, string>>;
  /**
   * Policy lint findings accepted on purpose: rule name (e.g. 'job-ttl') -> the reason, written as
   * `helmless.io/allow-<rule>: <reason>` on the workload and its pod template. Unknown rule names
   * and empty reasons throw.
   * @default - none (explicit exemptions such as Security.relaxed or hostAccessReason add their own)
   */
  readonly suppressions?: Readonly<Record<string, string>>;
}

/** What a concrete construct passes to the shared pod builder. */
export interface PodOptions {
  readonly ports?: readonly Port[];
  readonly readiness?: Probe;
  readonly liveness?: Probe;
  readonly startup?: Probe;
  readonly restartPolicy?: string;
  readonly affinity?: k8s.Affinity;
  readonly topologySpreadConstraints?: k8s.TopologySpreadConstraint[];
  readonly hostNetwork?: boolean;
  readonly hostPid?: boolean;
  readonly hostPorts?: boolean;
  readonly extraEnv?: Readonly<Record<string, EnvValue>>;
  readonly extraMounts?: readonly Mount[];
  /** Mounts of volumeClaimTemplates: the claim name is the volume name. */
  readonly claimMounts?: readonly { readonly claim: string; readonly path: string; readonly subPath?: string }[];
  /** A pod security exemption that is not a Security.relaxed() (DaemonAgent host access). */
  readonly exemption?: Exemption;
}

/** An explicit exemption from a policy: its reason and the lint rules it accepts. */
export interface Exemption {
  readonly reason: string;
  /** Policy rule names (without 'policy/') the exemption covers. */
  readonly rules: readonly string[];
}

const CREDENTIAL_NAME = /(PASSWORD|PASSWD|TOKEN|SECRET|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)/i;

/** Metadata and pod-building shared by the five constructs. */
export abstract class Workload extends Construct {
  /** The name of the workload and (by default) of its objects. */
  public readonly name: string;
  /** The parsed, pinned image. */
  public readonly image: ImageRef;
  /** The standard label identity. */
  public readonly identity: WorkloadIdentity;
  /** All standard labels (objects and pods). */
  public readonly labels: Readonly<Record<string, string>>;
  /** The pod selector: name + instance. */
  public readonly selector: Readonly<Record<string, string>>;
  public readonly resources: k8s.ResourceRequirements;
  public readonly security: Security;
  public readonly writablePaths: readonly string[];
  public readonly automountServiceAccountToken: boolean;
  /** The ServiceAccount the pods run as (created or given). */
  public readonly serviceAccount: k8s.KubeServiceAccount;
  /** Secrets the pods read that the output does not contain (the helmless.io/external-secrets annotation). */
  public readonly externalSecretNames: readonly string[];
  /** The ConfigMaps the pods consume (their content goes into the checksum annotation). */
  public readonly configMaps: readonly k8s.KubeConfigMap[];
  /** The database the pods connect to (`database` prop), for wiring-derived objects such as NetworkPolicies. */
  public readonly database?: IConnectable;
  protected readonly props: WorkloadProps;
  private readonly env: Readonly<Record<string, EnvValue>>;
  private readonly secretSources: SecretSource[] = [];

  protected constructor(scope: Construct, id: string, props: WorkloadProps, kind: { readonly component: string; readonly nameRule?: NameRule; readonly maxNameLength?: number; readonly kindName: string; readonly propsName: PropsName }) {
    super(scope, id);
    recordCreationSite(this);
    // First: a misspelt prop would otherwise fall back to its default without a word.
    checkKnownProps(this, props, kind.propsName, kind.propsName.replace(/Props$/, ''));
    const sa = props.serviceAccount;
    if (!(sa instanceof k8s.KubeServiceAccount)) checkKnownProps(this, sa, 'ServiceAccountOptions', 'serviceAccount', 'serviceAccount.');
    this.props = props;
    this.name = props.name ?? id;
    checkName(this, kind.kindName, this.name, kind.nameRule ?? 'dns1123-label', kind.maxNameLength);
    if (typeof props.image !== 'string') invalidProp(this, 'image', props.image, 'must be a string', "set image: 'nginx:1.25.3'");
    this.image = pinnedImage(this, props.image);
    this.identity = resolveIdentity(this, this.name, imageVersion(this.image), props, kind.component);
    this.labels = standardLabels(this.identity, props.labels);
    this.selector = selectorLabels(this.identity);
    this.resources = renderResources(this, props.resources ?? 'small');
    this.security = props.security ?? Security.restricted();
    this.security.check(this);
    this.writablePaths = props.writablePaths ?? ['/tmp'];
    for (const p of this.writablePaths) {
      if (!p.startsWith('/')) invalidProp(this, 'writablePaths', p, 'must be an absolute path', `use '/${p}'`);
    }
    this.automountServiceAccountToken = props.automountServiceAccountToken ?? false;
    for (const [rule, reason] of Object.entries(props.suppressions ?? {})) {
      if (!RULES_BY_ID.has(`policy/${rule}`)) {
        invalidProp(this, 'suppressions', rule, 'is not a policy rule name', "use a rule name from 'helmless lint' findings without the 'policy/' prefix, e.g. 'job-ttl'");
      }
      if (typeof reason !== 'string' || reason.trim().length === 0) {
        invalidProp(this, `suppressions.${rule}`, reason, 'a suppression needs a reason', `say why the finding is accepted, e.g. { '${rule}': 'because ...' }`);
      }
    }

    // Env: the database's connection first, then the user's own (which may override).
    const env: Record<string, EnvValue> = {};
    this.database = props.database;
    if (props.database) Object.assign(env, props.database.connectionEnv(props.databaseEnvPrefix ?? 'DB'));
    if (props.database) allowConnection(this, props.database);
    Object.assign(env, props.env ?? {});
    this.env = env;
    for (const [name, v] of Object.entries(props.env ?? {})) {
      if (typeof v === 'string' && CREDENTIAL_NAME.test(name)) {
        invalidProp(this, `env.${name}`, '<literal value>', 'a credential-looking env var must not carry a literal value: it would be published in the YAML',
          `keep the value in a Secret and reference it: env: { ${name}: SecretSource.existing('my-secret').key('${name.toLowerCase().replace(/_/g, '-')}') }`);
      }
    }

    if (sa instanceof k8s.KubeServiceAccount) {
      this.serviceAccount = sa;
    } else {
      this.serviceAccount = new k8s.KubeServiceAccount(this, 'service-account', {
        metadata: this.metadata('ServiceAccount', this.name, { annotations: sa?.annotations }),
        automountServiceAccountToken: false,
      });
    }
    // Collected now, so the annotation is known before objects are built.
    const configMaps: k8s.KubeConfigMap[] = [];
    for (const v of Object.values(this.env)) {
      if (v instanceof SecretKeyRef) this.secretSources.push(v.source);
      if (v instanceof ConfigMapKeyRef) configMaps.push(v.configMap);
    }
    for (const m of props.mounts ?? []) {
      if (m.secretSource) this.secretSources.push(m.secretSource);
      if (m.configMap) configMaps.push(m.configMap);
      if (m.isHostPath) invalidProp(this, 'mounts', m.path, 'host paths are only offered by DaemonAgent', 'use a DaemonAgent, or an emptyDir / PersistentVolume');
    }
    this.configMaps = [...new Set(configMaps)];
    this.externalSecretNames = [...new Set(this.secretSources.filter((s) => s.external).map((s) => s.secretName))].sort();
  }

  /** Adds a Secret source read by the pods outside env/mounts (e.g. a TLS Secret); recorded in the annotation. */
  protected useSecret(source: SecretSource): void {
    this.secretSources.push(source);
    const names = new Set(this.externalSecretNames);
    if (source.external) names.add(source.secretName);
    (this as { externalSecretNames: readonly string[] }).externalSecretNames = [...names].sort();
  }

  /** Metadata of an object of this workload: explicit name (no hash), standard labels; claims the name. */
  protected metadata(kind: string, name: string, extra: { annotations?: Readonly<Record<string, string>> } = {}): ApiObjectMetadata {
    claimName(this, kind, name);
    const annotations = { ...(extra.annotations ?? {}) };
    return {
      name,
      labels: { ...this.labels },
      ...(Object.keys(annotations).length > 0 ? { annotations } : {}),
    };
  }

  /** Annotations of the workload object (and its pod template). */
  protected workloadAnnotations(exemption?: Exemption): Record<string, string> {
    const a: Record<string, string> = { ...(this.props.annotations ?? {}) };
    if (this.externalSecretNames.length > 0) a[EXTERNAL_SECRETS_ANNOTATION] = this.externalSecretNames.join(',');
    const exemptions = this.exemptions(exemption);
    if (exemptions.length > 0) a[SECURITY_EXEMPTION_ANNOTATION] = exemptions.map((e) => e.reason).join('; ');
    return a;
  }

  private exemptions(exemption?: Exemption): Exemption[] {
    return [this.security.exemption, exemption].filter((e): e is Exemption => e !== undefined);
  }

  /**
   * The lint suppressions (`helmless.io/allow-<rule>: <reason>`): from explicit exemptions and
   * the `suppressions` prop. Written on the pod template only, where the linter reads them for
   * the workload and its pods.
   */
  private suppressionAnnotations(exemption?: Exemption): Record<string, string> {
    const a: Record<string, string> = {};
    for (const e of this.exemptions(exemption)) for (const rule of e.rules) a[suppressionAnnotation(rule)] = e.reason;
    for (const [rule, reason] of Object.entries(this.props.suppressions ?? {})) a[suppressionAnnotation(rule)] = reason;
    return a;
  }

  /** Builds the pod template: one container named like the workload, with all shared wiring. */
  protected podTemplate(o: PodOptions): k8s.PodTemplateSpec {
    const ports = o.ports ?? [];
    const primary = ports[0];
    const volumes: k8s.Volume[] = [];
    const mounts: k8s.VolumeMount[] = [];
    const taken = new Set<string>((o.claimMounts ?? []).map((c) => c.claim));
    for (const path of this.writablePaths) {
      const name = volumeNameFor('', path, taken);
      volumes.push({ name, emptyDir: {} });
      mounts.push({ name, mountPath: path });
    }
    for (const c of o.claimMounts ?? []) {
      mounts.push({ name: c.claim, mountPath: c.path, ...(c.subPath ? { subPath: c.subPath } : {}) });
    }
    for (const m of [...(this.props.mounts ?? []), ...(o.extraMounts ?? [])]) {
      if (!m.path.startsWith('/')) invalidProp(this, 'mounts', m.path, 'a mount path must be absolute', `use '/${m.path}'`);
      const s = m.source;
      const prefix = s.kind === 'configMap' ? 'config-' : s.kind === 'secret' ? 'secret-' : s.kind === 'hostPath' ? 'host-' : '';
      const name = volumeNameFor(prefix, s.kind === 'hostPath' ? s.hostPath : m.path, taken);
      if (s.kind === 'configMap') volumes.push({ name, configMap: { name: s.configMap.name } });
      else if (s.kind === 'secret') volumes.push({ name, secret: { secretName: s.source.secretName } });
      else if (s.kind === 'emptyDir') {
        volumes.push({
          name,
          emptyDir: {
            ...(s.medium ? { medium: s.medium } : {}),
            ...(s.sizeLimit !== undefined ? { sizeLimit: k8s.Quantity.fromString(toSize(s.sizeLimit).quantity) } : {}),
          },
        });
      } else volumes.push({ name, hostPath: { path: s.hostPath, ...(s.type ? { type: s.type } : {}) } });
      mounts.push({
        name, mountPath: m.path,
        ...(m.options.readOnly ? { readOnly: true } : {}),
        ...(m.options.subPath ? { subPath: m.options.subPath } : {}),
      });
    }
    const mountPaths = new Set<string>();
    for (const m of mounts) {
      if (mountPaths.has(m.mountPath)) invalidProp(this, 'mounts', m.mountPath, 'two volumes are mounted at the same path', 'mount each path once');
      mountPaths.add(m.mountPath);
    }

    const env = this.renderEnv({ ...(o.extraEnv ?? {}), ...this.env });
    const probeFor = (role: 'readiness' | 'liveness' | 'startup', p: Probe | undefined): k8s.Probe | undefined => {
      if (!p) return undefined;
      if (p.options.port && !ports.includes(p.options.port)) {
        invalidProp(this, `${role}Probe port`, p.options.port.name, `is not one of the container's ports (${ports.map((x) => x.name).join(', ') || 'none'})`, "pass one of the construct's port objects");
      }
      return p.render(this, role, primary);
    };
    const container: k8s.Container = {
      name: this.name,
      image: this.props.image,
      imagePullPolicy: 'IfNotPresent',
      ...(this.props.command ? { command: [...this.props.command] } : {}),
      ...(this.props.args ? { args: [...this.props.args] } : {}),
      ...(ports.length > 0 ? { ports: ports.map((p) => p.toContainerPort(o.hostPorts)) } : {}),
      ...(env.length > 0 ? { env } : {}),
      resources: this.resources,
      securityContext: this.security.containerSecurityContext(),
      ...(o.startup ? { startupProbe: probeFor('startup', o.startup) } : {}),
      ...(o.readiness ? { readinessProbe: probeFor('readiness', o.readiness) } : {}),
      ...(o.liveness ? { livenessProbe: probeFor('liveness', o.liveness) } : {}),
      volumeMounts: mounts,
    };
    const annotations: Record<string, unknown> = { ...this.workloadAnnotations(o.exemption), ...this.suppressionAnnotations(o.exemption) };
    if (this.configMaps.length > 0) {
      const cms = this.configMaps;
      annotations[CONFIG_CHECKSUM_ANNOTATION] = Lazy.any({
        produce: () => {
          const h = createHash('sha256');
          for (const cm of cms) h.update(JSON.stringify(cm.toJson()));
          return h.digest('hex');
        },
      });
    }
    const sel = this.props.nodeSelector;
    return {
      metadata: {
        labels: { ...this.labels },
        ...(Object.keys(annotations).length > 0 ? { annotations: annotations as Record<string, string> } : {}),
      },
      spec: {
        serviceAccountName: this.serviceAccount.name,
        automountServiceAccountToken: this.automountServiceAccountToken,
        // Docker-link env vars (DB_PORT=tcp://...) for every Service in the namespace would clash
        // with the explicit connection env vars and slow pod start in large namespaces.
        enableServiceLinks: false,
        securityContext: this.security.podSecurityContext(),
        ...(o.restartPolicy ? { restartPolicy: o.restartPolicy } : {}),
        ...(o.hostNetwork ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}),
        ...(o.hostPid ? { hostPid: true } : {}),
        ...(sel && Object.keys(sel).length > 0 ? { nodeSelector: { ...sel } } : {}),
        ...(this.props.tolerations && this.props.tolerations.length > 0 ? { tolerations: [...this.props.tolerations] } : {}),
        ...(o.affinity ? { affinity: o.affinity } : {}),
        ...(o.topologySpreadConstraints && o.topologySpreadConstraints.length > 0 ? { topologySpreadConstraints: o.topologySpreadConstraints } : {}),
        containers: [container],
        volumes,
      },
    };
  }

  private renderEnv(env: Readonly<Record<string, EnvValue>>): k8s.EnvVar[] {
    const out: k8s.EnvVar[] = [];
    for (const name of Object.keys(env).sort()) {
      checkSyntax(this, 'env name', name, envVarName(name), 'use letters, digits and _ (not starting with a digit), e.g. DB_HOST');
      const v = env[name];
      if (typeof v === 'string') {
        out.push({ name, value: v });
      } else if (v instanceof SecretKeyRef || v instanceof ConfigMapKeyRef) {
        out.push({ name, valueFrom: v.toEnvVarSource() });
      } else {
        invalidProp(this, `env.${name}`, v, 'must be a string, source.key(...) or ConfigMapKeyRef.of(...)', 'wrap the value in a string or a reference');
      }
    }
    return out;
  }

  /** The namespace of the chart (for messages). */
  protected get namespace(): string | undefined { return Chart.of(this).namespace; }
}

/** Anti-affinity preset: spread replicas over nodes softly (default), strictly, or not at all. */
export type AntiAffinity = 'soft' | 'hard' | 'none';

/** Placement props of replicated workloads (WebService, StatefulDb). */
export interface PlacementProps {
  /**
   * Spread the replicas over nodes: 'soft' prefers distinct nodes, 'hard' requires them, 'none' does not spread.
   * Ignored when `affinity` is given.
   * @default 'soft'
   */
  readonly antiAffinity?: AntiAffinity;
  /**
   * Raw affinity (overrides the antiAffinity preset).
   * @default - from antiAffinity
   */
  readonly affinity?: k8s.Affinity;
  /**
   * Spread the replicas over a topology domain (e.g. zones).
   * @default - no topology spread constraint
   */
  readonly topologySpread?: { readonly topologyKey?: string; readonly maxSkew?: number; readonly whenUnsatisfiable?: 'DoNotSchedule' | 'ScheduleAnyway' };
}

/** Renders the placement props for a workload's pods. */
export function renderPlacement(w: Workload, props: PlacementProps): { affinity?: k8s.Affinity; topologySpreadConstraints?: k8s.TopologySpreadConstraint[] } {
  const preset = props.antiAffinity ?? 'soft';
  if (!['soft', 'hard', 'none'].includes(preset)) invalidProp(w, 'antiAffinity', preset, "must be 'soft', 'hard' or 'none'", "use antiAffinity: 'soft'");
  let affinity = props.affinity;
  if (!affinity && preset !== 'none') {
    const term: k8s.PodAffinityTerm = { labelSelector: { matchLabels: { ...w.selector } }, topologyKey: 'kubernetes.io/hostname' };
    affinity = {
      podAntiAffinity: preset === 'hard'
        ? { requiredDuringSchedulingIgnoredDuringExecution: [term] }
        : { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] },
    };
  }
  const ts = props.topologySpread;
  let topologySpreadConstraints: k8s.TopologySpreadConstraint[] | undefined;
  if (ts) {
    if (ts.maxSkew !== undefined && (!Number.isInteger(ts.maxSkew) || ts.maxSkew < 1)) invalidProp(w, 'topologySpread.maxSkew', ts.maxSkew, 'must be an integer >= 1', 'use maxSkew: 1');
    topologySpreadConstraints = [{
      maxSkew: ts.maxSkew ?? 1,
      topologyKey: ts.topologyKey ?? 'topology.kubernetes.io/zone',
      whenUnsatisfiable: ts.whenUnsatisfiable ?? 'ScheduleAnyway',
      labelSelector: { matchLabels: { ...w.selector } },
    }];
  }
  return { affinity, topologySpreadConstraints };
}
