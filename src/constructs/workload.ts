import { createHash } from 'crypto';
import { ApiObject, ApiObjectMetadata, Chart, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { recordCreationSite } from '../source-location';
import { RULES_BY_ID, suppressionAnnotation } from '../validate/policy/catalogue';
import { IConnectable, ResolvedConnection, resolveConnections } from './connections';
import {
  ResolvedContainer, Sidecar, checkEnvLiterals, checkPodContainers,
  checkRegistry, checkWritablePaths, renderContainer, resolveExtraContainer, withRegistry,
} from './containers';
import { EnvFrom } from './env';
import { checkKnownProps, invalidProp } from './errors';
import type { PropsName } from './prop-keys.generated';
import { HelmlessChart } from './helmless-chart';
import { ImageRef, UNPINNED_IMAGE_RULE, imageVersion, pinnedImage } from './image';
import { WorkloadIdentity, resolveIdentity, selectorLabels, standardLabels } from './labels';
import { NameRule, checkName, claimName } from './names';
import { PodVolumes } from './pod-volumes';
import { renderResources } from './resources';
import { ConfigMapKeyRef, EXTERNAL_SECRETS_ANNOTATION, EnvValue, SecretKeyRef, SecretSource } from './secrets';
import { SECURITY_EXEMPTION_ANNOTATION, Security } from './security';
import { omitKubernetesDefaults } from './kubernetes-defaults';
import { Mount } from './volumes';
// platform (issue 14): access and startup checks live in their own modules.
import { PermissionObjects, grantPermissions } from './permissions';
import { checkStartup } from './startup-checks';
import type { Exemption, PodOptions, WorkloadProps } from './workload-props';

/** Annotation on a pod template: a checksum of the ConfigMaps the pods consume, so a change rolls them. */
export const CONFIG_CHECKSUM_ANNOTATION = 'helmless.io/config-checksum';

export type { Exemption, PodOptions, ServiceAccountOptions, WorkloadProps } from './workload-props';
export { renderPlacement } from './placement';
export type { AntiAffinity, PlacementProps } from './placement';

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
  /** The pod selector: name + instance, or the `selector` prop. */
  public readonly selector: Readonly<Record<string, string>>;
  /** The pod template's labels. */
  public readonly podLabels: Readonly<Record<string, string>>;
  /** The main container's name. */
  public readonly containerName: string;
  public readonly resources: k8s.ResourceRequirements;
  public readonly security: Security;
  public readonly writablePaths: readonly string[];
  public readonly automountServiceAccountToken: boolean;
  /** The ServiceAccount the pods run as (created or given); undefined when given by name. */
  public readonly serviceAccount?: k8s.KubeServiceAccount;
  /** The name of the ServiceAccount the pods run as. */
  public readonly serviceAccountName: string;
  /** The Role/ClusterRole and bindings of `permissions` (empty without them). */
  public readonly permissions: PermissionObjects;
  /** Secrets the pods read that the output does not contain (the helmless.io/external-secrets annotation). */
  public readonly externalSecretNames: readonly string[];
  /** The ConfigMaps the pods consume (their content goes into the checksum annotation). */
  public readonly configMaps: readonly k8s.KubeConfigMap[];
  /** The database the pods connect to (`database` prop). */
  public readonly database?: IConnectable;
  /** The resolved connections (`database` first, then `connections`), with their env prefixes. */
  public readonly connections: readonly ResolvedConnection[];
  /** The init containers, in order. */
  public readonly initContainers: readonly ResolvedContainer[];
  /** The sidecars, with their ports. */
  public readonly sidecars: readonly Sidecar[];
  /** The registry mirror images are pulled through, if any. */
  public readonly imageRegistry?: string;
  /** The Secrets with registry credentials. */
  public readonly imagePullSecrets: readonly SecretSource[];
  /** The PersistentVolumeClaims the workload creates (`Mount.newClaim`). */
  public readonly claims: readonly k8s.KubePersistentVolumeClaim[] = [];
  protected readonly props: WorkloadProps;
  private readonly env: Readonly<Record<string, EnvValue>>;
  private readonly secretSources: SecretSource[] = [];
  private readonly resolvedSidecars: readonly ResolvedContainer[];
  /** helmless's pod annotations, moved to the workload object when `podAnnotations` are exact. */
  private helmlessAnnotations: Record<string, unknown> = {};

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
    this.image = pinnedImage(this, props.image, 'image', props.suppressions?.[UNPINNED_IMAGE_RULE]);
    this.identity = resolveIdentity(this, this.name, imageVersion(this.image), props, kind.component);
    this.labels = standardLabels(this.identity, props.labels);
    this.selector = props.selector ? { ...props.selector } : selectorLabels(this.identity);
    this.podLabels = props.podLabels ? { ...props.podLabels } : this.labels;
    this.checkSelectorMatchesPods(kind.component);
    this.containerName = props.containerName ?? this.name;
    if (props.containerName !== undefined) checkName(this, 'container', props.containerName, 'dns1123-label');
    this.resources = renderResources(this, props.resources ?? 'small');
    this.security = props.security ?? Security.restricted();
    this.security.check(this);
    this.writablePaths = checkWritablePaths(this, '', props.writablePaths ?? ['/tmp']);
    this.automountServiceAccountToken = props.automountServiceAccountToken ?? (props.permissions !== undefined && props.permissions.length > 0);
    this.checkSuppressions();

    // Env: the connections' first, then the user's own (which may override).
    this.database = props.database;
    this.connections = resolveConnections(this, [
      ...(props.database ? [{ to: props.database, envPrefix: props.databaseEnvPrefix ?? 'DB' }] : []),
      ...(props.connections ?? []),
    ]);
    this.env = Object.assign({}, ...this.connections.map((c) => c.env), props.env ?? {});
    checkEnvLiterals(this, '', props.env ?? {});

    for (const key of ['initContainers', 'sidecars', 'envFrom', 'imagePullSecrets', 'mounts'] as const) {
      const v = props[key];
      if (v !== undefined && !Array.isArray(v)) invalidProp(this, key, v, 'must be a list', `wrap it in [ ]: ${key}: [ ... ]`);
    }

    // Images, pull secrets, scheduling: the workload's own, else the chart's defaults.
    const chart = HelmlessChart.helmlessOf(this);
    this.imageRegistry = props.imageRegistry ?? chart?.imageRegistry;
    checkRegistry(this, props.imageRegistry !== undefined ? 'imageRegistry' : 'imageRegistry (from the HelmlessChart)', this.imageRegistry);
    this.imagePullSecrets = props.imagePullSecrets ?? chart?.imagePullSecrets ?? [];
    for (const [i, ps] of this.imagePullSecrets.entries()) {
      if (!(ps instanceof SecretSource)) invalidProp(this, `imagePullSecrets[${i}]`, ps, 'must be a SecretSource', "use SecretSource.existing('regcred')");
    }
    if (props.priorityClassName !== undefined) checkName(this, 'PriorityClass', props.priorityClassName, 'dns1123-subdomain');

    // Init containers and sidecars: checked now, so their ports are known to the constructs.
    const defaults = { security: this.security, registry: this.imageRegistry, unpinnedReason: props.suppressions?.[UNPINNED_IMAGE_RULE] };
    this.initContainers = (props.initContainers ?? []).map((c, i) => resolveExtraContainer(this, 'init', i, c, defaults));
    this.resolvedSidecars = (props.sidecars ?? []).map((c, i) => resolveExtraContainer(this, 'sidecar', i, c, defaults));
    this.sidecars = this.resolvedSidecars.map((c) => ({ name: c.name, image: c.imageRef, ports: c.ports, native: c.native }));
    this.checkGracePeriod();
    this.serviceAccount = this.ownServiceAccount(sa);
    this.serviceAccountName = this.serviceAccount?.name ?? (sa as string);
    // platform (issue 14): RBAC of `permissions`, and the synth-time check of known start-up failures.
    this.permissions = grantPermissions(this, props.permissions, { name: this.name, serviceAccountName: this.serviceAccountName, metadata: (kind, name) => this.metadata(kind, name) });
    checkStartup(this);
    // Collected now, so the annotation is known before objects are built.
    this.configMaps = this.collectSources();
    this.externalSecretNames = [...new Set(this.secretSources.filter((s) => s.external).map((s) => s.secretName))].sort();
  }

  /** A given selector (or exact pod labels) must select the pods, or the workload owns none. */
  private checkSelectorMatchesPods(component: string): void {
    const props = this.props;
    for (const [k, v] of Object.entries(props.selector || props.podLabels ? this.selector : {})) {
      if (this.podLabels[k] !== v && (props.selector !== undefined || !['job', 'cronjob'].includes(component))) {
        invalidProp(this, props.podLabels ? 'podLabels' : 'selector', `${k}=${v}`, 'the selector must match the pod labels, or the workload selects no pods', `add ${k}: '${v}' to podLabels`);
      }
    }
  }

  private checkSuppressions(): void {
    for (const [rule, reason] of Object.entries(this.props.suppressions ?? {})) {
      if (!RULES_BY_ID.has(`policy/${rule}`)) {
        invalidProp(this, 'suppressions', rule, 'is not a policy rule name', "use a rule name from 'helmless lint' findings without the 'policy/' prefix, e.g. 'job-ttl'");
      }
      if (typeof reason !== 'string' || reason.trim().length === 0) {
        invalidProp(this, `suppressions.${rule}`, reason, 'a suppression needs a reason', `say why the finding is accepted, e.g. { '${rule}': 'because ...' }`);
      }
    }
  }

  /** The ServiceAccount the pods run as: the given object, none for a name (checked), else one of its own. */
  private ownServiceAccount(sa: WorkloadProps['serviceAccount']): k8s.KubeServiceAccount | undefined {
    if (sa instanceof k8s.KubeServiceAccount) return sa;
    if (typeof sa === 'string') {
      checkName(this, 'ServiceAccount', sa, 'dns1123-subdomain');
      return undefined;
    }
    return new k8s.KubeServiceAccount(this, 'service-account', {
      metadata: this.metadata('ServiceAccount', this.name, { annotations: sa?.annotations }),
      automountServiceAccountToken: false,
    });
  }

  /**
   * The Secret sources (into secretSources) and ConfigMaps (returned, once each) that the
   * containers' env, envFrom and mounts reference, plus the pull secrets.
   */
  private collectSources(): k8s.KubeConfigMap[] {
    const props = this.props;
    const configMaps: k8s.KubeConfigMap[] = [];
    const uses: { prop: string; env: Readonly<Record<string, EnvValue>>; envFrom: readonly EnvFrom[]; mounts: readonly Mount[] }[] = [
      { prop: '', env: this.env, envFrom: props.envFrom ?? [], mounts: props.mounts ?? [] },
      ...[...this.initContainers, ...this.resolvedSidecars],
    ];
    for (const c of uses) {
      for (const v of Object.values(c.env)) {
        if (v instanceof SecretKeyRef) this.secretSources.push(v.source);
        if (v instanceof ConfigMapKeyRef) configMaps.push(v.configMap);
      }
      for (const e of c.envFrom) {
        if (!(e instanceof EnvFrom)) invalidProp(this, `${c.prop}envFrom`, e, 'must be EnvFrom.configMap(...) or EnvFrom.secret(...)', 'wrap the source in EnvFrom');
        if (e.secretSource) this.secretSources.push(e.secretSource);
        if (e.configMap) configMaps.push(e.configMap);
      }
      for (const m of c.mounts) {
        if (m.secretSource) this.secretSources.push(m.secretSource);
        if (m.configMap) configMaps.push(m.configMap);
        if (m.isHostPath) invalidProp(this, `${c.prop}mounts`, m.path, 'host paths are only offered by DaemonAgent', 'use a DaemonAgent, or an emptyDir / PersistentVolume');
      }
    }
    this.secretSources.push(...this.imagePullSecrets);
    return [...new Set(configMaps)];
  }

  /** The grace period must outlast every preStop sleep of the pod (the kubelet counts both from the same start). */
  private checkGracePeriod(): void {
    const props = this.props;
    const grace = props.terminationGracePeriod?.toSeconds() ?? 30;
    const sleeps = [{ prop: 'preStop', hook: props.preStop }, ...this.resolvedSidecars.map((c) => ({ prop: `${c.prop}preStop`, hook: c.preStop }))];
    for (const { prop, hook } of sleeps) {
      const sleep = hook?.sleepSeconds ?? 0;
      if (sleep > 0 && sleep >= grace) {
        invalidProp(this, props.terminationGracePeriod !== undefined ? 'terminationGracePeriod' : 'terminationGracePeriod (default)', `${grace}s`,
          `must be longer than the ${prop} sleep (${sleep}s), or the kubelet kills the containers before they shut down`,
          `set terminationGracePeriod: Duration.seconds(${sleep + 10}) or more, or sleep less`);
      }
    }
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
    // Names declared by hand (e.g. Secrets only a kept volume reads) and the ones the references bring.
    const declared = (a[EXTERNAL_SECRETS_ANNOTATION] ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');
    const external = [...new Set([...declared, ...this.externalSecretNames])].sort();
    if (external.length > 0) a[EXTERNAL_SECRETS_ANNOTATION] = external.join(',');
    const exemptions = this.exemptions(exemption);
    if (exemptions.length > 0) a[SECURITY_EXEMPTION_ANNOTATION] = exemptions.map((e) => e.reason).join('; ');
    return a;
  }

  private exemptions(exemption?: Exemption): Exemption[] {
    const own = [...this.initContainers, ...this.resolvedSidecars].filter((c) => c.security !== this.security).map((c) => c.security.exemption);
    return [this.security.exemption, ...own, exemption].filter((e): e is Exemption => e !== undefined);
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

  /**
   * Builds the pod template: the main container named like the workload, then the init
   * containers and sidecars, sharing the pod's volumes, with all shared wiring.
   */
  protected podTemplate(o: PodOptions): k8s.PodTemplateSpec {
    const props = this.props;
    const main = this.mainContainer(o);
    const sidecars = this.resolvedSidecars;
    if (o.restartPolicy !== undefined) this.checkSidecarsExit();
    const all = [main, ...this.initContainers, ...sidecars];
    checkPodContainers(this, all);

    // Volumes: the main container's first (their names are stable API), then the others'.
    const volumes = new PodVolumes(this, (o.claimMounts ?? []).map((c) => c.claim), this.name);
    const own = new Map<ResolvedContainer, k8s.VolumeMount[]>();
    for (const c of all) {
      const prefix = c.role === 'main' ? '' : `${c.name}-`;
      const mounts = c.writablePaths.map((path) => volumes.writable(prefix, path));
      if (c.role === 'main') {
        for (const m of o.claimMounts ?? []) mounts.push({ name: m.claim, mountPath: m.path, ...(m.subPath ? { subPath: m.subPath } : {}) });
      }
      own.set(c, mounts);
    }
    const pod = { volumes, containerNames: all.map((c) => c.name), podSecurity: this.security, hostPorts: o.hostPorts };
    const rendered = new Map(all.map((c) => [c, renderContainer(this, c, pod, own.get(c)!)]));
    this.createClaims(volumes, o.maxPods);

    const native = sidecars.filter((c) => c.native);
    const plain = sidecars.filter((c) => !c.native);
    // Native sidecars start first, so the init containers can use them (e.g. a database proxy).
    const initContainers = [...native, ...this.initContainers];
    const containers = [main, ...plain];

    const annotations: Record<string, unknown> = { ...this.workloadAnnotations(o.exemption), ...this.suppressionAnnotations(o.exemption) };
    if (this.configMaps.length > 0) annotations[CONFIG_CHECKSUM_ANNOTATION] = this.configChecksum();
    const sel = props.nodeSelector;
    const podAnnotations = props.podAnnotations ? { ...props.podAnnotations } : annotations;
    if (props.podAnnotations) this.helmlessAnnotations = annotations;
    return {
      metadata: {
        labels: { ...this.podLabels },
        ...(Object.keys(podAnnotations).length > 0 ? { annotations: podAnnotations as Record<string, string> } : {}),
      },
      spec: {
        serviceAccountName: this.serviceAccountName,
        automountServiceAccountToken: this.automountServiceAccountToken,
        // Docker-link env vars (DB_PORT=tcp://...) for every Service in the namespace would clash
        // with the explicit connection env vars and slow pod start in large namespaces.
        enableServiceLinks: props.enableServiceLinks ?? false,
        securityContext: this.security.podSecurityContext(),
        ...(o.restartPolicy ? { restartPolicy: o.restartPolicy } : {}),
        ...(o.hostNetwork ? { hostNetwork: true, dnsPolicy: 'ClusterFirstWithHostNet' } : {}),
        ...(o.hostPid ? { hostPid: true } : {}),
        ...(sel && Object.keys(sel).length > 0 ? { nodeSelector: { ...sel } } : {}),
        ...(props.tolerations && props.tolerations.length > 0 ? { tolerations: [...props.tolerations] } : {}),
        ...(o.affinity ? { affinity: o.affinity } : {}),
        ...(o.topologySpreadConstraints && o.topologySpreadConstraints.length > 0 ? { topologySpreadConstraints: o.topologySpreadConstraints } : {}),
        ...(props.priorityClassName !== undefined ? { priorityClassName: props.priorityClassName } : {}),
        ...(props.terminationGracePeriod !== undefined ? { terminationGracePeriodSeconds: props.terminationGracePeriod.toSeconds() } : {}),
        ...(this.imagePullSecrets.length > 0 ? { imagePullSecrets: this.imagePullSecrets.map((ps) => ({ name: ps.secretName })) } : {}),
        ...(initContainers.length > 0 ? { initContainers: initContainers.map((c) => rendered.get(c)!) } : {}),
        containers: containers.map((c) => rendered.get(c)!),
        volumes: volumes.volumes,
      },
    };
  }

  /** The main container, named like the workload, with the construct's ports, probes, env and mounts. */
  private mainContainer(o: PodOptions): ResolvedContainer {
    const props = this.props;
    return {
      role: 'main', prop: '', name: this.containerName, imageRef: this.image, image: withRegistry(props.image, this.imageRegistry),
      command: props.command, args: props.args, env: { ...(o.extraEnv ?? {}), ...this.env }, envOrder: props.envOrder, envFrom: props.envFrom ?? [],
      resources: this.resources, security: this.security,
      mounts: [...(props.mounts ?? []), ...(o.extraMounts ?? [])], writablePaths: this.writablePaths,
      ports: o.ports ?? [], readiness: o.readiness, liveness: o.liveness, startup: o.startup ?? (props.startup || undefined),
      preStop: props.preStop, native: false,
    };
  }

  /** Pods that run to completion (Jobs) take only native sidecars: a plain one never exits. */
  private checkSidecarsExit(): void {
    for (const c of this.resolvedSidecars) {
      if (!c.native) {
        invalidProp(this, `${c.prop}native`, false, "a plain sidecar container never exits, so the Job's pods would never complete",
          'use a native sidecar (Kubernetes 1.29+: leave native unset on a target version that serves it), or an init container');
      }
    }
  }

  /** The checksum of the consumed ConfigMaps' content, computed at synth (after every change to them). */
  private configChecksum(): unknown {
    const cms = this.configMaps;
    return Lazy.any({
      produce: () => {
        const h = createHash('sha256');
        for (const cm of cms) h.update(JSON.stringify(cm.toJson()));
        return h.digest('hex');
      },
    });
  }

  /**
   * Writes helmless's annotations moved off the pod template (when `podAnnotations` are exact)
   * onto `obj`, the object holding the template. Every construct calls it on that object.
   */
  protected keepHelmlessAnnotations(obj: ApiObject): void {
    if (Object.keys(this.helmlessAnnotations).length > 0) {
      const extra = this.helmlessAnnotations;
      const toJson = obj.toJson.bind(obj);
      obj.toJson = () => {
        const json = toJson();
        const md = (json.metadata ?? {}) as Record<string, unknown>;
        // After the serializer: a Lazy (the config checksum) is produced here.
        const produced = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v instanceof Lazy ? v.produce() : v]));
        md.annotations = { ...(md.annotations as object ?? {}), ...produced };
        json.metadata = md;
        return json;
      };
    }
  }

  /** Applies `asDeployed` to the construct's objects; every construct calls it last. */
  protected keepAsDeployed(): void {
    const objects = this.node.findAll().filter((c): c is ApiObject => c instanceof ApiObject);
    if (this.props.explicitDefaults === false) objects.forEach(omitKubernetesDefaults);
    this.props.asDeployed?.applyTo(this, objects);
  }

  private createClaims(volumes: PodVolumes, maxPods: number | undefined): void {
    const created: k8s.KubePersistentVolumeClaim[] = [];
    for (const c of volumes.newClaims) {
      if (maxPods !== undefined && maxPods > 1 && (c.accessMode === 'ReadWriteOnce' || c.accessMode === 'ReadWriteOncePod')) {
        const pods = maxPods >= Number.MAX_SAFE_INTEGER ? 'a pod on every node shares' : `up to ${maxPods} pods share`;
        invalidProp(this, 'mounts claim accessMode', c.accessMode, `${pods} the claim '${c.claimName}', and ${c.accessMode} lets ${c.accessMode === 'ReadWriteOnce' ? 'one node' : 'one pod'} mount it`,
          "use accessMode: 'ReadWriteMany' (a StorageClass that serves it), a single replica, or a StatefulDb (a claim per replica)");
      }
      checkName(this, 'PersistentVolumeClaim', c.claimName, 'dns1123-subdomain');
      if (c.options.storageClassName !== undefined) checkName(this, 'StorageClass', c.options.storageClassName, 'dns1123-subdomain');
      created.push(new k8s.KubePersistentVolumeClaim(this, `claim-${c.claimName}`, {
        metadata: this.metadata('PersistentVolumeClaim', c.claimName),
        spec: {
          accessModes: [c.accessMode],
          ...(c.options.storageClassName !== undefined ? { storageClassName: c.options.storageClassName } : {}),
          resources: { requests: { storage: k8s.Quantity.fromString(c.storage) } },
        },
      }));
    }
    (this as { claims: readonly k8s.KubePersistentVolumeClaim[] }).claims = created;
  }

  /** The namespace of the chart (for messages). */
  protected get namespace(): string | undefined { return Chart.of(this).namespace; }
}
