/**
 * The props of an input workload that keep what runs today: the live selector and pod labels, the
 * names, `Security.asIs`, no probes / resources / PDB / ServiceAccount the input lacks, the rollout
 * settings; env, envFrom, ConfigMap mounts, sidecars and init containers as the constructs take them.
 * What these props do not express, the recognizer keeps as `asDeployed` fields.
 */
import { isRecord } from '../diff/secrets';
import { LABEL_COMPONENT, LABEL_INSTANCE, LABEL_MANAGED_BY, LABEL_NAME, LABEL_PART_OF, LABEL_VERSION } from '../constructs/labels';
import { ADOPTED_AS_IS, code } from './code';
import { AdoptedConfigMaps, configMapMountsOf } from './configmaps';
import { UNPINNED_RULE, envFromOf, envOf, extraContainersOf, resourcesOf, unpinned } from './containers';
import type { ConstructName } from './recognize';

type Obj = Record<string, any>;

/** The objects folded into a workload's construct. */
export interface Related { service?: Obj; hpa?: Obj; pdb?: Obj; headless?: Obj }

/** helmless's order of the standard labels (a content-named Job hashes its pod template as written, keys in order). */
const STANDARD_ORDER = [LABEL_NAME, LABEL_INSTANCE, LABEL_VERSION, LABEL_COMPONENT, LABEL_PART_OF, LABEL_MANAGED_BY];

/** Labels in the order helmless writes them: the others first, then the standard ones. */
function inHelmlessOrder(labels: Record<string, string>): Record<string, string> {
  const rank = (k: string) => (STANDARD_ORDER.includes(k) ? STANDARD_ORDER.indexOf(k) + 1 : 0);
  return Object.fromEntries(Object.keys(labels).sort((a, b) => rank(a) - rank(b)).map((k) => [k, labels[k]]));
}

/** Every Secret the pod reads by name (env, envFrom, volumes, image pull secrets). */
function secretNamesOf(pod: Obj): string[] {
  const names = new Set<string>();
  for (const c of [...(pod.containers ?? []), ...(pod.initContainers ?? [])] as Obj[]) {
    for (const e of c.env ?? []) if (typeof e.valueFrom?.secretKeyRef?.name === 'string') names.add(e.valueFrom.secretKeyRef.name);
    for (const e of c.envFrom ?? []) if (typeof e.secretRef?.name === 'string') names.add(e.secretRef.name);
  }
  for (const v of pod.volumes ?? []) {
    if (typeof v.secret?.secretName === 'string') names.add(v.secret.secretName);
    for (const s of v.projected?.sources ?? []) if (typeof s.secret?.name === 'string') names.add(s.secret.name);
  }
  for (const s of pod.imagePullSecrets ?? []) if (typeof s.name === 'string') names.add(s.name);
  return [...names].sort();
}

/** The main container's adopted ConfigMap volumes as `Mount.configMap` calls (volume name and options kept). */
function mountsOf(pod: Obj, c: Obj, cms: AdoptedConfigMaps): unknown[] | undefined {
  const found = configMapMountsOf(pod, c, cms);
  if (found.length === 0) return undefined;
  return found.map(({ mount: m, volume: v }) => code('Mount.configMap', cms.keyOf(v.configMap.name), m.mountPath, {
    ...(m.readOnly === true ? {} : { readOnly: false }),
    ...(typeof m.subPath === 'string' ? { subPath: m.subPath } : {}),
    ...(Array.isArray(v.configMap.items) ? { items: v.configMap.items } : {}),
    ...(typeof v.configMap.defaultMode === 'number' ? { defaultMode: v.configMap.defaultMode } : {}),
    volumeName: v.name,
  }));
}

/** The props every workload construct shares (pod, containers, identity). */
export function derivePodProps(o: Obj, template: Obj, cms: AdoptedConfigMaps): Record<string, unknown> | string {
  const pod = template?.spec;
  const c = pod?.containers?.[0];
  if (!c || typeof c.image !== 'string') return 'no container with an image';
  const sel = o.spec?.selector;
  if (sel && (sel.matchExpressions !== undefined || !isRecord(sel.matchLabels))) return 'its selector uses matchExpressions, which the constructs do not write';
  const props: Record<string, unknown> = { image: c.image };
  if (c.name !== o.metadata.name) props.containerName = c.name;
  if (Array.isArray(c.command)) props.command = c.command;
  if (Array.isArray(c.args)) props.args = c.args;
  if (sel) props.selector = inHelmlessOrder(sel.matchLabels);
  props.podLabels = inHelmlessOrder(template?.metadata?.labels ?? {});
  props.podAnnotations = template?.metadata?.annotations ?? {};
  props.security = code('Security.asIs', { reason: ADOPTED_AS_IS, ...(pod.securityContext ? { pod: pod.securityContext } : {}), ...(c.securityContext ? { container: c.securityContext } : {}) });
  const env = envOf(c.env, cms);
  if (env) props.env = env;
  // The input's env order (sorted names would reorder it and roll the pods).
  const envNames = (c.env ?? []).map((e: Obj) => e.name as string);
  if (env && envNames.join('\n') !== [...envNames].sort().join('\n')) props.envOrder = envNames;
  const envFrom = envFromOf(c.envFrom, cms);
  if (envFrom) props.envFrom = envFrom;
  const mounts = mountsOf(pod, c, cms);
  if (mounts) props.mounts = mounts;
  const secrets = secretNamesOf(pod);
  if (secrets.length > 0) props.annotations = { 'helmless.io/external-secrets': secrets.join(',') };
  props.resources = resourcesOf(c.resources);
  props.explicitDefaults = false;
  if (pod.enableServiceLinks !== false) props.enableServiceLinks = true;
  if (pod.automountServiceAccountToken !== false) props.automountServiceAccountToken = true;
  const extra = extraContainersOf(pod, cms);
  if (typeof extra === 'string') return extra;
  if (extra.sidecars) props.sidecars = extra.sidecars;
  if (extra.initContainers) props.initContainers = extra.initContainers;
  // An unpinned image runs today: taken as it is, with the lint finding suppressed and counted.
  if ([c.image, ...extra.images].some(unpinned)) props.suppressions = { [UNPINNED_RULE]: ADOPTED_AS_IS };
  if (Array.isArray(pod.tolerations)) props.tolerations = pod.tolerations;
  const own = Object.fromEntries(Object.entries(o.metadata.labels ?? {}).filter(([k]) => !k.startsWith('app.kubernetes.io/')));
  if (Object.keys(own).length > 0) props.labels = own;
  props.writablePaths = [];
  props.serviceAccount = pod.serviceAccountName ?? pod.serviceAccount ?? 'default';
  if (isRecord(pod.nodeSelector)) props.nodeSelector = pod.nodeSelector;
  if (typeof pod.priorityClassName === 'string') props.priorityClassName = pod.priorityClassName;
  if (seconds(pod.terminationGracePeriodSeconds)) props.terminationGracePeriod = seconds(pod.terminationGracePeriodSeconds);
  return props;
}

/** The main container's first port as a PortSpec. */
function portSpecOf(c: Obj): unknown {
  const port = c.ports?.[0];
  if (!port || typeof port.containerPort !== 'number') return undefined;
  return port.name ? { port: port.containerPort, name: port.name } : port.containerPort;
}

function disruptionBudgetOf(related: Related): unknown {
  return related.pdb?.spec?.maxUnavailable !== undefined ? { maxUnavailable: related.pdb.spec.maxUnavailable } : false;
}

/** WebService and Worker: the Service's port, HPA, rollout, PDB. */
function deploymentProps(construct: ConstructName, o: Obj, c: Obj, related: Related, props: Record<string, unknown>): string | undefined {
  const portSpec = portSpecOf(c) as number | { port: number; name: string } | undefined;
  if (construct === 'WebService') {
    const sp = related.service?.spec?.ports?.[0];
    if (portSpec === undefined) return 'no container port for the Service';
    const number = typeof portSpec === 'number' ? portSpec : portSpec.port;
    props.port = { ...(typeof portSpec === 'number' ? { port: portSpec } : portSpec), ...(sp && sp.port !== number ? { servicePort: sp.port } : {}) };
    if (related.service?.spec?.type && related.service.spec.type !== 'ClusterIP') props.serviceType = related.service.spec.type;
    props.readiness = false;
    props.liveness = false;
  }
  if (related.hpa) {
    const h = related.hpa.spec;
    const cpu = (h.metrics ?? []).find((m: Obj) => m.resource?.name === 'cpu')?.resource?.target?.averageUtilization;
    props.autoscaling = { minReplicas: h.minReplicas ?? 1, maxReplicas: h.maxReplicas, ...(cpu ? { cpuUtilization: cpu } : {}) };
  } else {
    props.replicas = typeof o.spec?.replicas === 'number' ? o.spec.replicas : 1;
  }
  const ru = o.spec?.strategy?.rollingUpdate;
  if (ru?.maxSurge !== undefined) props.maxSurge = ru.maxSurge;
  if (ru?.maxUnavailable !== undefined) props.maxUnavailable = ru.maxUnavailable;
  if (typeof o.spec?.revisionHistoryLimit === 'number') props.revisionHistoryLimit = o.spec.revisionHistoryLimit;
  props.disruptionBudget = disruptionBudgetOf(related);
  props.antiAffinity = 'none';
  return undefined;
}

/** StatefulDb: the claim template, the governing Service, replicas. */
function statefulProps(o: Obj, c: Obj, related: Related, props: Record<string, unknown>): string | undefined {
  const claim = o.spec?.volumeClaimTemplates?.[0];
  const storage = claim?.spec?.resources?.requests?.storage;
  if (typeof storage !== 'string') return 'no volumeClaimTemplate with a storage request';
  const portSpec = portSpecOf(c);
  if (portSpec === undefined) return 'no container port';
  const mount = (c.volumeMounts ?? []).find((m: Obj) => m.name === claim.metadata?.name);
  if (!mount) return 'the main container does not mount its volumeClaimTemplate';
  Object.assign(props, {
    engine: 'generic', port: portSpec, storage, dataPath: mount.mountPath, claimName: claim.metadata.name,
    ...(typeof o.spec.serviceName === 'string' ? { headlessServiceName: o.spec.serviceName } : {}),
    replicas: typeof o.spec?.replicas === 'number' ? o.spec.replicas : 1,
    clientService: false, readiness: false, liveness: false, startup: false,
    disruptionBudget: disruptionBudgetOf(related), antiAffinity: 'none',
    ...(Array.isArray(claim.spec.accessModes) ? { accessModes: claim.spec.accessModes } : {}),
    ...(typeof claim.spec.storageClassName === 'string' ? { storageClassName: claim.spec.storageClassName } : {}),
  });
  return undefined;
}

const seconds = (n: unknown) => (typeof n === 'number' && Number.isInteger(n) && n >= 0 ? code('Duration.seconds', n) : undefined);

/** Options that carry a field of `spec` exactly (numbers, strings, booleans as they are; durations in seconds). */
function copied(spec: Obj | undefined, fields: Record<string, string>, durations: Record<string, string> = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, prop] of Object.entries(fields)) if (['number', 'string', 'boolean'].includes(typeof spec?.[field])) out[prop] = spec![field];
  for (const [field, prop] of Object.entries(durations)) if (seconds(spec?.[field])) out[prop] = seconds(spec![field]);
  return out;
}

/** A Job's settings (WorkerJob; a Cron's job template). */
function jobSettings(spec: Obj | undefined): Record<string, unknown> {
  // A work queue (parallelism without completions) has no option: kept as deployed.
  const counts: Record<string, string> = spec?.completions !== undefined ? { parallelism: 'parallelism', completions: 'completions' } : {};
  return {
    ...copied(spec, { ...counts, backoffLimit: 'backoffLimit' }, { activeDeadlineSeconds: 'activeDeadline', ttlSecondsAfterFinished: 'ttlAfterFinished' }),
    ...copied(spec?.template?.spec, { restartPolicy: 'restartPolicy' }),
  };
}

/** Adds the props of the construct kind to `props` (the shared ones); a string says why it cannot. */
export function deriveKindProps(construct: ConstructName, o: Obj, c: Obj, related: Related, props: Record<string, unknown>): string | undefined {
  switch (construct) {
    case 'WebService':
    case 'Worker':
      return deploymentProps(construct, o, c, related, props);
    case 'StatefulDb':
      return statefulProps(o, c, related, props);
    case 'DaemonAgent': {
      const portSpec = portSpecOf(c);
      if (portSpec !== undefined) Object.assign(props, { port: portSpec, readiness: false, liveness: false });
      props.service = false;
      return undefined;
    }
    case 'Cron':
      if (typeof o.spec?.schedule !== 'string') return 'no schedule';
      Object.assign(props, { schedule: o.spec.schedule }, jobSettings(o.spec.jobTemplate?.spec), copied(o.spec,
        { timeZone: 'timeZone', concurrencyPolicy: 'concurrencyPolicy', successfulJobsHistoryLimit: 'successfulJobsHistoryLimit', failedJobsHistoryLimit: 'failedJobsHistoryLimit', suspend: 'suspend' },
        { startingDeadlineSeconds: 'startingDeadline' }));
      return undefined;
    case 'WorkerJob':
      Object.assign(props, jobSettings(o.spec));
      return undefined;
    default:
      return undefined;
  }
}

/** The props of the input workload `o` that keep what runs today, or why there are none. */
export function deriveProps(construct: ConstructName, o: Obj, related: Related, cms: AdoptedConfigMaps): Record<string, unknown> | string {
  const template = construct === 'Cron' ? o.spec?.jobTemplate?.spec?.template : o.spec?.template;
  const props = derivePodProps(o, template, cms);
  if (typeof props === 'string') return props;
  return deriveKindProps(construct, o, template.spec.containers[0], related, props) ?? props;
}
