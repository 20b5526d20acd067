// The containers of a pod spec (initContainers, containers, ephemeralContainers): names, image,
// policies, ports, env, volume mounts, resources, probes and lifecycle handlers.
import { arr, Ctx, obj, Obj, q, str } from './context';
import { enumCheck, enumField, enumOk, portInRange } from './common';
import { checkEnv, checkEnvFrom } from './env';
import { checkHandler, checkProbe, LIFECYCLE_HANDLERS } from './probes';
import { checkResources } from './resources';
import { dns1123Label, portName } from './syntax';

export type ContainerField = 'containers' | 'initContainers' | 'ephemeralContainers';

/** What the containers of one pod share: names and host ports are unique across all of them. */
export interface PodScope {
  /** The pod spec's path ('spec', 'spec.template.spec'). */
  readonly path: string;
  readonly hostNetwork: boolean;
  readonly declaredVolumes: ReadonlySet<string>;
  readonly sidecarsOk: boolean;
  readonly containerNames: Set<string>;
  /** hostPort/protocol/hostIP -> where, made at the first host port. */
  hostPorts?: Map<string, string>;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

const PROBE_FIELDS = [['livenessProbe', 'liveness'], ['readinessProbe', 'readiness'], ['startupProbe', 'startup']] as const;

/** Checks the containers listed under `field` of the pod spec. */
export function checkContainers(ctx: Ctx, pod: PodScope, field: ContainerField, list: readonly unknown[]): void {
  for (let i = 0; i < list.length; i++) {
    const ct = obj(list[i]);
    if (ct) checkContainer(ctx, pod, field, `${pod.path}.${field}[${i}]`, ct);
  }
}

function checkContainer(ctx: Ctx, pod: PodScope, field: ContainerField, cp: string, ct: Obj): void {
  checkIdentity(ctx, pod, field, cp, ct);
  const isSidecar = field === 'initContainers' && pod.sidecarsOk && ct.restartPolicy === 'Always';
  checkContainerPorts(ctx, pod, field, cp, ct);
  checkEnv(ctx, `${cp}.env`, arr(ct.env));
  checkEnvFrom(ctx, `${cp}.envFrom`, arr(ct.envFrom));
  checkVolumeMounts(ctx, pod, cp, ct);
  const res = obj(ct.resources);
  if (res) checkResources(ctx, `${cp}.resources`, res);
  checkProbesAndLifecycle(ctx, field, cp, ct, isSidecar);
}

/** Name, image, pull and termination-message policies, and the container restartPolicy (sidecars). */
function checkIdentity(ctx: Ctx, pod: PodScope, field: ContainerField, cp: string, ct: Obj): void {
  const name = str(ct.name);
  if (!name) ctx.error('container', `${cp}.name`, 'Required value', 'name the container');
  else {
    const problems = dns1123Label(name);
    if (problems.length > 0) ctx.syntax('container', `${cp}.name`, name, problems, 'container names are lowercase alphanumerics and -, at most 63 characters');
    if (pod.containerNames.has(name)) {
      ctx.error('container', `${cp}.name`, `Duplicate value: ${q(name)}`, 'container names must be unique across initContainers, containers and ephemeralContainers');
    }
    pod.containerNames.add(name);
  }
  if (field !== 'ephemeralContainers' && (ct.image === undefined || ct.image === null || ct.image === '')) {
    ctx.error('container', `${cp}.image`, 'Required value', 'set the container image');
  } else if (typeof ct.image === 'string' && ct.image !== ct.image.trim()) {
    ctx.error('container', `${cp}.image`, `Invalid value: ${q(ct.image)}: must not have leading or trailing whitespace`, 'trim the image reference');
  }
  enumField(ctx, 'container', cp, ct, 'imagePullPolicy', PULL_POLICIES);
  enumField(ctx, 'container', cp, ct, 'terminationMessagePolicy', MESSAGE_POLICIES);
  // Container-level restartPolicy: only 'Always' on init containers (sidecars, on by default from 1.29).
  if (ct.restartPolicy !== undefined && ct.restartPolicy !== null) {
    if (field !== 'initContainers' || !pod.sidecarsOk) {
      ctx.error('container', `${cp}.restartPolicy`, pod.sidecarsOk
        ? 'Forbidden: may not be set for non-init containers'
        : `Forbidden: container restartPolicy requires Kubernetes 1.29+ (SidecarContainers), target is ${ctx.kubernetesVersion}`,
      'remove restartPolicy from the container');
    } else enumCheck(ctx, 'container', `${cp}.restartPolicy`, ct.restartPolicy, ['Always']);
  }
}

function checkContainerPorts(ctx: Ctx, pod: PodScope, field: ContainerField, cp: string, ct: Obj): void {
  const ports = arr(ct.ports);
  if (ports.length === 0) return;
  const portNames = new Set<string>();
  for (let j = 0; j < ports.length; j++) {
    const po = obj(ports[j]);
    if (!po) continue;
    if (field === 'ephemeralContainers') {
      ctx.error('container', `${cp}.ports[${j}]`, 'Forbidden: cannot be set for an Ephemeral Container');
      continue;
    }
    const pn = str(po.name);
    if (pn !== undefined && pn !== '') {
      const problems = portName(pn);
      if (problems.length > 0) ctx.syntax('port', `${cp}.ports[${j}].name`, pn, problems, 'port names are at most 15 lowercase alphanumerics and -, with at least one letter');
      if (portNames.has(pn)) ctx.error('port', `${cp}.ports[${j}].name`, `Duplicate value: ${q(pn)}`, 'give each port of a container a unique name');
      portNames.add(pn);
    }
    checkContainerPort(ctx, pod, cp, j, po);
  }
}

/** containerPort, hostPort and protocol of the port `j` of the container at `cp` (its paths built only for a finding). */
function checkContainerPort(ctx: Ctx, pod: PodScope, cp: string, j: number, po: Obj): void {
  if (po.containerPort === undefined || po.containerPort === null) {
    ctx.error('port', `${cp}.ports[${j}].containerPort`, 'Required value', 'set the port the container listens on (1-65535)');
  } else if (typeof po.containerPort === 'number' && !portInRange(po.containerPort)) {
    ctx.error('port', `${cp}.ports[${j}].containerPort`, `Invalid value: ${po.containerPort}: must be between 1 and 65535, inclusive`,
      'use a port number in 1-65535');
  }
  if (typeof po.hostPort === 'number' && po.hostPort !== 0) checkHostPort(ctx, pod, `${cp}.ports[${j}]`, po, po.hostPort);
  if (!enumOk(po.protocol, PROTOCOLS)) enumCheck(ctx, 'port', `${cp}.ports[${j}].protocol`, po.protocol, PROTOCOLS);
}

function checkHostPort(ctx: Ctx, pod: PodScope, pp: string, po: Obj, hostPort: number): void {
  if (!portInRange(hostPort)) {
    ctx.error('port', `${pp}.hostPort`, `Invalid value: ${hostPort}: must be between 1 and 65535, inclusive`, 'use 1-65535 or omit hostPort');
  } else {
    const key = `${hostPort}/${str(po.protocol) ?? 'TCP'}/${str(po.hostIP) ?? ''}`;
    pod.hostPorts ??= new Map();
    if (pod.hostPorts.has(key)) ctx.error('port', `${pp}.hostPort`, `Duplicate value: "${key}"`, 'each hostPort/protocol/hostIP may be used once per pod');
    pod.hostPorts.set(key, pp);
  }
  if (pod.hostNetwork && typeof po.containerPort === 'number' && hostPort !== po.containerPort) {
    ctx.error('port', `${pp}.hostPort`, `Invalid value: ${hostPort}: must match \`containerPort\` when \`hostNetwork\` is true`,
      `set hostPort to ${po.containerPort} or omit it`);
  }
}

function checkVolumeMounts(ctx: Ctx, pod: PodScope, cp: string, ct: Obj): void {
  const { declaredVolumes, path } = pod;
  const mountPaths = new Set<string>();
  arr(ct.volumeMounts).forEach((m, j) => {
    const mp = `${cp}.volumeMounts[${j}]`;
    const mo = obj(m);
    if (!mo) return;
    const vn = str(mo.name);
    if (!vn) ctx.error('volume-mount', `${mp}.name`, 'Required value', 'name the volume to mount');
    else if (!declaredVolumes.has(vn)) {
      ctx.error('volume-mount', `${mp}.name`, `Not found: ${q(vn)}`,
        declaredVolumes.size > 0 ? `mount one of the pod's volumes (${[...declaredVolumes].join(', ')}) or declare volume ${q(vn)} in ${path}.volumes`
          : `declare volume ${q(vn)} in ${path}.volumes`);
    }
    const mpath = str(mo.mountPath);
    if (!mpath) ctx.error('volume-mount', `${mp}.mountPath`, 'Required value', 'give the path to mount at');
    else {
      if (mountPaths.has(mpath)) ctx.error('volume-mount', `${mp}.mountPath`, `Invalid value: ${q(mpath)}: must be unique`, 'mount each path once');
      mountPaths.add(mpath);
    }
    const sp = str(mo.subPath);
    if (sp) {
      if (sp.startsWith('/')) ctx.error('volume-mount', `${mp}.subPath`, `Invalid value: ${q(sp)}: must be a relative path`);
      if (sp.split('/').includes('..')) ctx.error('volume-mount', `${mp}.subPath`, `Invalid value: ${q(sp)}: must not contain '..'`);
    }
    if (typeof mo.subPath === 'string' && mo.subPath !== '' && typeof mo.subPathExpr === 'string' && mo.subPathExpr !== '') {
      ctx.error('volume-mount', `${mp}.subPathExpr`, 'Invalid value: subPathExpr and subPath are mutually exclusive', 'keep one');
    }
    if (mo.mountPropagation != null) enumCheck(ctx, 'volume-mount', `${mp}.mountPropagation`, mo.mountPropagation, ['None', 'HostToContainer', 'Bidirectional']);
  });
  arr(ct.volumeDevices).forEach((d, j) => {
    const vn = str(obj(d)?.name);
    if (vn && !declaredVolumes.has(vn)) ctx.error('volume-mount', `${cp}.volumeDevices[${j}].name`, `Not found: ${q(vn)}`);
  });
}

function checkProbesAndLifecycle(ctx: Ctx, field: ContainerField, cp: string, ct: Obj, isSidecar: boolean): void {
  for (let idx = 0; idx < PROBE_FIELDS.length; idx++) {
    const probeField = PROBE_FIELDS[idx][0];
    const kind = PROBE_FIELDS[idx][1];
    const p = obj(ct[probeField]);
    if (!p) continue;
    if (field === 'ephemeralContainers' || (field === 'initContainers' && !isSidecar)) {
      ctx.error('probe', `${cp}.${probeField}`, `Forbidden: may not be set for ${field === 'initContainers' ? 'init containers without restartPolicy Always' : 'ephemeral containers'}`,
        `remove ${probeField}`);
      continue;
    }
    checkProbe(ctx, `${cp}.${probeField}`, p, kind);
  }
  const lc = obj(ct.lifecycle);
  if (lc) {
    if (field === 'initContainers' && !isSidecar) {
      ctx.error('container', `${cp}.lifecycle`, 'Forbidden: may not be set for init containers without restartPolicy Always', 'remove lifecycle');
    }
    for (const h of ['postStart', 'preStop']) {
      const ho = obj(lc[h]);
      // The sleep action exists from 1.29 (PodLifecycleSleepAction, on by default from 1.30).
      if (ho) checkHandler(ctx, `${cp}.lifecycle.${h}`, ho, ctx.minor >= 30 ? LIFECYCLE_HANDLERS : LIFECYCLE_HANDLERS.slice(0, 3), 'lifecycle');
    }
  }
}
