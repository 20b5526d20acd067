/**
 * Rules over one workload's pod spec: Pod Security Standards (baseline and restricted) and the
 * container best practices. Every workload kind reaches these rules through workloadOf().
 */
import type { Ctx } from './context';
import { arr, describeContainer, describeObject, join, num, obj, parseImage, q, str, strs, type ContainerRef, type Obj, type Workload } from './walk';

/** Capabilities PSS baseline allows adding (the container runtime defaults). */
export const BASELINE_CAPABILITIES: ReadonlySet<string> = new Set([
  'AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT',
]);

/** Volume types PSS restricted allows. */
export const RESTRICTED_VOLUME_TYPES: ReadonlySet<string> = new Set([
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret',
]);

/** Safe sysctls of PSS baseline, with the minor release that added each. */
const SAFE_SYSCTLS: ReadonlyArray<readonly [string, number]> = [
  ['kernel.shm_rmid_forced', 0],
  ['net.ipv4.ip_local_port_range', 0],
  ['net.ipv4.tcp_syncookies', 0],
  ['net.ipv4.ping_group_range', 0],
  ['net.ipv4.ip_unprivileged_port_start', 0],
  ['net.ipv4.ip_local_reserved_ports', 27],
  ['net.ipv4.tcp_keepalive_time', 29],
  ['net.ipv4.tcp_fin_timeout', 29],
  ['net.ipv4.tcp_keepalive_intvl', 29],
  ['net.ipv4.tcp_keepalive_probes', 29],
  ['net.ipv4.tcp_rmem', 32],
  ['net.ipv4.tcp_wmem', 32],
];

export function safeSysctls(minor: number): Set<string> {
  return new Set(SAFE_SYSCTLS.filter(([, m]) => m <= minor).map(([n]) => n));
}

const SELINUX_TYPES = new Set(['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

/** Host paths whose mount is control of the node (kube-linter's sensitive-host-mounts + docker-sock). */
const SENSITIVE_HOST_PATHS = /^\/(boot|dev|etc|lib|lib64|proc|sys|usr|var\/run|run)?\/?$|\.sock$|^\/var\/lib\/(docker|containerd|kubelet)\/?$/;

/** Env var / ConfigMap key names that look like credentials. */
export function looksLikeCredential(name: string): boolean {
  const n = name.toUpperCase();
  // Names that point at a credential rather than holding one.
  if (/(_FILE|_PATH|_DIR|_NAME|_REF|_ID|_URL|_URI|_ENDPOINT|_HOST|_PORT|_USER|_USERNAME|_ENABLED|_TTL|_EXPIRY|_LENGTH|_SIZE|_TYPE|_KEY_ID)$/.test(n)) return false;
  const parts = n.split(/[^A-Z0-9]+/).filter(Boolean);
  // Switches about a credential (MYSQL_ALLOW_EMPTY_PASSWORD, GENERATE_TOKEN...), not the credential.
  if (parts.some((p) => ['ALLOW', 'EMPTY', 'RANDOM', 'ENABLE', 'ENABLED', 'DISABLE', 'DISABLED', 'REQUIRE', 'REQUIRED', 'SKIP', 'GENERATE', 'USE', 'MIN', 'MAX', 'ROTATE', 'ROTATION'].includes(p))) return false;
  if (parts.some((p) => ['PASSWORD', 'PASSWD', 'PASSPHRASE', 'PWD', 'TOKEN', 'SECRET', 'APIKEY', 'CREDENTIALS', 'CREDENTIAL', 'PRIVATEKEY', 'BEARER'].includes(p))) return true;
  if (/(PASSWORD|SECRET|TOKEN)/.test(n)) return true;
  // *_KEY as the last part: API_KEY, ACCESS_KEY, SECRET_KEY, ENCRYPTION_KEY...
  return parts.length >= 2 && parts[parts.length - 1] === 'KEY';
}

export const PRIVATE_KEY_RE = /-----BEGIN[ A-Z]*PRIVATE KEY-----/;

function sc(o: Obj | undefined): Obj {
  return obj(o?.securityContext) ?? {};
}

export function lintWorkload(w: Workload, ctx: Ctx): void {
  const who = describeObject(w.k);
  const podSc = sc(w.spec);
  const podScPath = join(w.specPath, 'securityContext');
  lintPodBaseline(ctx, w, podSc, podScPath, who);
  const hostPathVolumes = lintVolumes(ctx, w, who);
  lintServiceAccount(ctx, w, who);

  // --- containers
  const podNonRoot = podSc.runAsNonRoot;
  const podUser = num(podSc.runAsUser);
  const podSeccomp = str(obj(podSc.seccompProfile)?.type);
  if (podUser === 0) ctx.report('policy/run-as-root-user', w.k, join(podScPath, 'runAsUser'), `${who}: spec.securityContext.runAsUser is 0 (root); "restricted" needs a non-zero UID`);
  for (const c of w.containers) lintContainer(ctx, w, c, hostPathVolumes, { podNonRoot, podUser, podSeccomp, podGroup: num(podSc.runAsGroup) });
}

/** Host namespaces and the pod-level baseline controls (sysctls, SELinux, seccomp, AppArmor). */
function lintPodBaseline(ctx: Ctx, w: Workload, podSc: Obj, podScPath: string, who: string): void {
  const k = w.k;
  const spec = w.spec;
  const sp = w.specPath;
  for (const [field, rule] of [['hostNetwork', 'host-network'], ['hostPID', 'host-pid'], ['hostIPC', 'host-ipc']] as const) {
    if (spec[field] === true) ctx.report(`policy/${rule}`, k, join(sp, field), `${who}: spec.${field} is true; Pod Security "baseline" allows only false`);
  }
  if (obj(podSc.windowsOptions)?.hostProcess === true) {
    ctx.report('policy/host-process', k, join(podScPath, 'windowsOptions.hostProcess'), `${who}: spec.securityContext.windowsOptions.hostProcess is true; "baseline" allows only false`);
  }
  const minor = ctx.minor;
  const safe = safeSysctls(minor);
  arr(podSc.sysctls).forEach((s, i) => {
    const name = str(obj(s)?.name);
    if (name !== undefined && !safe.has(name)) {
      ctx.report('policy/unsafe-sysctls', k, join(podScPath, `sysctls[${i}].name`), `${who}: sysctl ${q(name)} is not in the safe set of Pod Security "baseline" (Kubernetes 1.${minor}: ${[...safe].join(', ')})`);
    }
  });
  checkSeLinux(ctx, w, podSc, podScPath, who, 'spec.securityContext');
  checkSeccompUnconfined(ctx, w, podSc, podScPath, who, 'spec.securityContext');
  checkAppArmorField(ctx, w, podSc, podScPath, who, 'spec.securityContext');
  for (const [key, value] of Object.entries(w.podAnnotations)) {
    if (!key.startsWith('container.apparmor.security.beta.kubernetes.io/')) continue;
    if (value !== '' && value !== 'runtime/default' && !value.startsWith('localhost/')) {
      ctx.report('policy/apparmor', k, join(w.podMetaPath, `annotations.${key}`), `${who}: AppArmor annotation ${key} is ${q(value)}; "baseline" allows runtime/default or localhost/<profile>`);
    }
  }
}

/** hostPath and volume-type rules; returns the hostPath volumes (name -> host path) for the mount check. */
function lintVolumes(ctx: Ctx, w: Workload, who: string): Map<string, string> {
  const k = w.k;
  const hostPathVolumes = new Map<string, string>();
  arr(w.spec.volumes).forEach((v, i) => {
    const vol = obj(v);
    if (!vol) return;
    const vname = str(vol.name) ?? `#${i}`;
    const vlabel = typeof vol.name === 'string' ? `volume '${vname}'` : `volume #${i + 1} (no name)`;
    const vpath = join(w.specPath, `volumes[${i}]`);
    const hp = obj(vol.hostPath);
    if (hp) {
      const p = str(hp.path) ?? '';
      hostPathVolumes.set(vname, p);
      ctx.report('policy/host-path', k, join(vpath, 'hostPath'), `${who}: ${vlabel} is a hostPath (${q(p)}); Pod Security "baseline" forbids hostPath volumes`);
      if (SENSITIVE_HOST_PATHS.test(p.replace(/\/+$/, '') || '/')) {
        ctx.report('policy/sensitive-host-mount', k, join(vpath, 'hostPath.path'), `${who}: ${vlabel} mounts the sensitive host path ${q(p)}`);
      }
    }
    for (const type of Object.keys(vol)) {
      if (type === 'name' || type === 'hostPath' || RESTRICTED_VOLUME_TYPES.has(type)) continue;
      ctx.report('policy/volume-types', k, join(vpath, type), `${who}: ${vlabel} has type ${type}; Pod Security "restricted" allows only ${[...RESTRICTED_VOLUME_TYPES].join(', ')}`);
    }
  });
  return hostPathVolumes;
}

/** The pods' ServiceAccount: deprecated field, the default account, token automount, a missing account. */
function lintServiceAccount(ctx: Ctx, w: Workload, who: string): void {
  const k = w.k;
  const spec = w.spec;
  const sp = w.specPath;
  const saName = str(spec.serviceAccountName) ?? str(spec.serviceAccount);
  if (spec.serviceAccount !== undefined) {
    ctx.report('policy/deprecated-service-account-field', k, join(sp, 'serviceAccount'), `${who}: spec.serviceAccount is deprecated${str(spec.serviceAccountName) !== undefined && spec.serviceAccountName !== spec.serviceAccount ? ` and differs from serviceAccountName ${q(spec.serviceAccountName)}` : ''}`);
  }
  if (saName === undefined || saName === '' || saName === 'default') {
    ctx.report('policy/default-service-account', k, join(sp, 'serviceAccountName'), `${who}: the pods run as the namespace's default ServiceAccount (serviceAccountName ${saName ? q(saName) : 'is not set'})`);
  }
  if (spec.automountServiceAccountToken !== false) {
    const sa = ctx.serviceAccount(k.namespace, saName || 'default');
    // An explicit true (on the pod or its ServiceAccount) for an account bound to a role among the
    // documents is a deliberate choice: the workload calls the API with those permissions.
    const deliberate = (spec.automountServiceAccountToken === true || sa?.automount === true) && ctx.serviceAccountBound(k.namespace, saName || 'default');
    if (!(sa && sa.automount === false) && !deliberate) {
      ctx.report('policy/automount-service-account-token', k, join(sp, 'automountServiceAccountToken'),
        `${who}: the service account token is mounted into the pods (spec.automountServiceAccountToken is ${spec.automountServiceAccountToken === undefined ? 'not set' : q(spec.automountServiceAccountToken)}${sa ? `, ServiceAccount '${sa.name}' does not set it to false` : ''})`);
    }
  }
  if (saName && saName !== 'default' && ctx.evidence === 'complete' && !ctx.serviceAccount(k.namespace, saName)) {
    ctx.report('policy/service-account-missing', k, join(sp, str(spec.serviceAccountName) !== undefined ? 'serviceAccountName' : 'serviceAccount'), `${who}: ServiceAccount ${q(saName)} is not among the documents`);
  }
}

interface PodDefaults {
  podNonRoot: unknown;
  podUser: number | undefined;
  podGroup: number | undefined;
  podSeccomp: string | undefined;
}

function checkSeLinux(ctx: Ctx, w: Workload, s: Obj, path: string, who: string, field: string): void {
  const se = obj(s.seLinuxOptions);
  if (!se) return;
  const type = str(se.type) ?? '';
  if (!SELINUX_TYPES.has(type)) ctx.report('policy/selinux', w.k, join(path, 'seLinuxOptions.type'), `${who}: ${field}.seLinuxOptions.type ${q(type)} is not allowed by "baseline" (allowed: container_t, container_init_t, container_kvm_t, container_engine_t)`);
  for (const f of ['user', 'role']) {
    if (str(se[f])) ctx.report('policy/selinux', w.k, join(path, `seLinuxOptions.${f}`), `${who}: ${field}.seLinuxOptions.${f} is ${q(se[f])}; "baseline" allows no custom SELinux ${f}`);
  }
}

function checkSeccompUnconfined(ctx: Ctx, w: Workload, s: Obj, path: string, who: string, field: string): void {
  if (str(obj(s.seccompProfile)?.type) === 'Unconfined') {
    ctx.report('policy/seccomp-unconfined', w.k, join(path, 'seccompProfile.type'), `${who}: ${field}.seccompProfile.type is Unconfined; "baseline" allows RuntimeDefault or Localhost`);
  }
}

function checkAppArmorField(ctx: Ctx, w: Workload, s: Obj, path: string, who: string, field: string): void {
  const t = str(obj(s.appArmorProfile)?.type);
  if (t !== undefined && t !== 'RuntimeDefault' && t !== 'Localhost') {
    ctx.report('policy/apparmor', w.k, join(path, 'appArmorProfile.type'), `${who}: ${field}.appArmorProfile.type is ${q(t)}; "baseline" allows RuntimeDefault or Localhost`);
  }
}

/** One container of the workload: what lintContainer's parts share. */
interface ContainerCtx {
  readonly ctx: Ctx;
  readonly w: Workload;
  readonly k: Workload['k'];
  readonly c: ContainerRef;
  readonly who: string;
  /** The container's securityContext ({} when unset) and its path. */
  readonly s: Obj;
  readonly sp: string;
}

function lintContainer(ctx: Ctx, w: Workload, c: ContainerRef, hostPathVolumes: Map<string, string>, pod: PodDefaults): void {
  const cc: ContainerCtx = { ctx, w, k: w.k, c, who: `${describeObject(w.k)} ${describeContainer(c)}`, s: sc(c.c), sp: join(c.path, 'securityContext') };
  containerBaseline(cc);
  // Windows pods are exempt from the Linux-only controls of "restricted".
  if (!w.windows) containerRestricted(cc, pod);
  containerUser(cc, pod);
  if (c.group === 'ephemeralContainers') return; // debugging containers: no resources, probes or image policy
  containerMounts(cc, hostPathVolumes);
  containerImage(cc);
  containerEnv(cc);
  containerResources(cc);
  // Probes: long-running workloads only; init containers run to completion.
  if (c.group === 'containers' && w.longRunning) containerProbes(cc);
}

/** Baseline: privileged, host process, procMount, SELinux, seccomp, AppArmor, capabilities, host and special ports. */
function containerBaseline({ ctx, w, k, c, who, s, sp }: ContainerCtx): void {
  if (s.privileged === true) ctx.report('policy/privileged', k, join(sp, 'privileged'), `${who}: securityContext.privileged is true; "baseline" allows only false`);
  if (obj(s.windowsOptions)?.hostProcess === true) ctx.report('policy/host-process', k, join(sp, 'windowsOptions.hostProcess'), `${who}: securityContext.windowsOptions.hostProcess is true`);
  const procMount = s.procMount;
  if (procMount !== undefined && procMount !== 'Default') ctx.report('policy/proc-mount', k, join(sp, 'procMount'), `${who}: securityContext.procMount is ${q(procMount)}; "baseline" allows only Default`);
  checkSeLinux(ctx, w, s, sp, who, 'securityContext');
  checkSeccompUnconfined(ctx, w, s, sp, who, 'securityContext');
  checkAppArmorField(ctx, w, s, sp, who, 'securityContext');
  const caps = obj(s.capabilities) ?? {};
  const added = arr(caps.add);
  added.forEach((cap, i) => {
    if (typeof cap !== 'string') return; // the schema layer reports a capability that is not a string
    if (!BASELINE_CAPABILITIES.has(cap)) {
      ctx.report('policy/dangerous-capabilities', k, join(sp, `capabilities.add[${i}]`), `${who}: capability ${q(cap)} is added; "baseline" allows adding only ${[...BASELINE_CAPABILITIES].join(', ')}`);
    } else if (cap !== 'NET_BIND_SERVICE' && !w.windows) {
      ctx.report('policy/added-capabilities', k, join(sp, `capabilities.add[${i}]`), `${who}: capability ${q(cap)} is added; "restricted" allows adding back only NET_BIND_SERVICE`);
    }
  });
  arr(c.c.ports).forEach((p, i) => {
    const port = obj(p);
    if (!port) return;
    const hostPort = num(port.hostPort);
    if (hostPort !== undefined && hostPort !== 0) ctx.report('policy/host-port', k, join(c.path, `ports[${i}].hostPort`), `${who}: port ${typeof port.name === 'string' && port.name ? `'${port.name}' ` : ''}sets hostPort ${hostPort}; "baseline" allows only 0 or unset`);
    const cp = num(port.containerPort);
    const proto = str(port.protocol) ?? 'TCP';
    if (cp === 22 && proto === 'TCP') ctx.report('policy/ssh-port', k, join(c.path, `ports[${i}].containerPort`), `${who}: exposes TCP port 22 (SSH)`);
    if (cp !== undefined && cp > 0 && cp < 1024) ctx.report('policy/privileged-port', k, join(c.path, `ports[${i}].containerPort`), `${who}: containerPort ${cp} is a privileged port (below 1024)`);
  });
}

/** Restricted: privilege escalation, dropped capabilities, a seccomp profile. */
function containerRestricted({ ctx, k, who, s, sp }: ContainerCtx, pod: PodDefaults): void {
  const dropped = strs(obj(s.capabilities)?.drop).map((x) => x.toUpperCase());
  if (s.allowPrivilegeEscalation !== false) {
    if (ctx.profile === 'restricted') {
      ctx.report('policy/privilege-escalation', k, join(sp, 'allowPrivilegeEscalation'), `${who}: securityContext.allowPrivilegeEscalation is ${s.allowPrivilegeEscalation === undefined ? 'not set' : q(s.allowPrivilegeEscalation)}; "restricted" requires false`);
    } else if (s.allowPrivilegeEscalation === true) {
      ctx.report('policy/privilege-escalation', k, join(sp, 'allowPrivilegeEscalation'), `${who}: securityContext.allowPrivilegeEscalation is true`, { bestPracticeUnderBaseline: true });
    }
  }
  if (!dropped.includes('ALL')) {
    ctx.report('policy/capabilities-not-dropped', k, join(sp, 'capabilities.drop'), `${who}: securityContext.capabilities.drop ${dropped.length ? `is ${q(dropped)} and` : 'is not set, so it'} does not include ALL; "restricted" requires dropping ALL`);
    if (ctx.profile !== 'restricted' && !dropped.includes('NET_RAW')) {
      ctx.report('policy/net-raw-not-dropped', k, join(sp, 'capabilities.drop'), `${who}: NET_RAW is not dropped (securityContext.capabilities.drop)`);
    }
  }
  const seccomp = str(obj(s.seccompProfile)?.type) ?? pod.podSeccomp;
  if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost' && seccomp !== 'Unconfined') {
    ctx.report('policy/seccomp-profile-missing', k, join(sp, 'seccompProfile.type'), `${who}: no seccompProfile (neither securityContext.seccompProfile.type nor spec.securityContext.seccompProfile.type is set); "restricted" requires RuntimeDefault or Localhost`);
  }
}

/** The user and group the container runs as. */
function containerUser({ ctx, k, who, s, sp }: ContainerCtx, pod: PodDefaults): void {
  const nonRoot = s.runAsNonRoot !== undefined ? s.runAsNonRoot : pod.podNonRoot;
  const user = num(s.runAsUser) ?? pod.podUser;
  if (num(s.runAsUser) === 0) ctx.report('policy/run-as-root-user', k, join(sp, 'runAsUser'), `${who}: securityContext.runAsUser is 0 (root); "restricted" needs a non-zero UID`);
  if (nonRoot !== true) {
    if (ctx.profile === 'restricted') {
      ctx.report('policy/run-as-non-root', k, join(sp, 'runAsNonRoot'), `${who}: runAsNonRoot is ${nonRoot === undefined ? 'not set (container or pod securityContext)' : q(nonRoot)}; "restricted" requires true`);
    } else if (!(user !== undefined && user > 0)) {
      ctx.report('policy/run-as-non-root', k, join(sp, 'runAsNonRoot'), `${who}: may run as root: runAsNonRoot is ${nonRoot === undefined ? 'not set' : q(nonRoot)} and runAsUser is ${user === undefined ? 'not set' : user}`, { bestPracticeUnderBaseline: true });
    }
  }
  const group = num(s.runAsGroup) ?? pod.podGroup;
  if ((user !== undefined && user < 10000) || (group !== undefined && group < 10000) || user === undefined || group === undefined) {
    ctx.report('policy/low-user-id', k, sp, `${who}: runAsUser ${user ?? 'unset'} / runAsGroup ${group ?? 'unset'}; use IDs of 10000 or more`);
  }
}

/** Best practices: a read-only root filesystem, hostPath volumes mounted read-only. */
function containerMounts({ ctx, k, c, who, s, sp }: ContainerCtx, hostPathVolumes: Map<string, string>): void {
  if (s.readOnlyRootFilesystem !== true) {
    ctx.report('policy/writable-root-filesystem', k, join(sp, 'readOnlyRootFilesystem'), `${who}: securityContext.readOnlyRootFilesystem is ${s.readOnlyRootFilesystem === undefined ? 'not set' : q(s.readOnlyRootFilesystem)}`);
  }
  arr(c.c.volumeMounts).forEach((m, i) => {
    const mount = obj(m);
    const vname = str(mount?.name);
    if (!mount || vname === undefined || !hostPathVolumes.has(vname)) return;
    if (mount.readOnly !== true) ctx.report('policy/writable-host-mount', k, join(c.path, `volumeMounts[${i}].readOnly`), `${who}: hostPath volume '${vname}' (${q(hostPathVolumes.get(vname))}) is mounted writable ${typeof mount.mountPath === 'string' ? `at ${q(mount.mountPath)}` : 'with no mountPath'}`);
  });
}

function containerImage({ ctx, k, c, who }: ContainerCtx): void {
  const image = str(c.c.image);
  if (image !== undefined) {
    const { tag, digest } = parseImage(image);
    if (!digest && (tag === undefined || tag === 'latest')) {
      ctx.report('policy/image-latest-tag', k, join(c.path, 'image'), `${who}: image ${q(image)} ${tag === undefined ? 'has no tag (means latest)' : "uses the tag 'latest'"}`);
    }
    if (!digest) ctx.report('policy/image-not-pinned', k, join(c.path, 'image'), `${who}: image ${q(image)} is not pinned by digest`);
    if (c.c.imagePullPolicy !== 'Always') ctx.report('policy/image-pull-policy', k, join(c.path, 'imagePullPolicy'), `${who}: imagePullPolicy is ${c.c.imagePullPolicy === undefined ? 'not set' : q(c.c.imagePullPolicy)}, not Always`);
  }
}

/** Duplicate env vars and literal credentials. */
function containerEnv({ ctx, k, c, who }: ContainerCtx): void {
  const seenEnv = new Map<string, number>();
  arr(c.c.env).forEach((e, i) => {
    const env = obj(e);
    const name = str(env?.name);
    if (name !== undefined) {
      const first = seenEnv.get(name);
      if (first !== undefined) ctx.report('policy/duplicate-env-var', k, join(c.path, `env[${i}].name`), `${who}: env var ${name} is declared twice (env[${first}] and env[${i}]); the last one wins`);
      else seenEnv.set(name, i);
    }
    if (!env || name === undefined || typeof env.value !== 'string' || env.value === '') return;
    const value = env.value;
    if (PRIVATE_KEY_RE.test(value)) {
      ctx.report('policy/env-literal-secret', k, join(c.path, `env[${i}].value`), `${who}: env var ${name} holds a literal private key`);
    } else if (looksLikeCredential(name) && !/^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(value) && !/^(true|false|yes|no|on|off|0|1)$/i.test(value)) {
      ctx.report('policy/env-literal-secret', k, join(c.path, `env[${i}].value`), `${who}: env var ${name} looks like a credential and has a literal value (${value.length} characters)`);
    }
  });

}

/** Requests and limits (limits imply requests: the API server defaults requests to limits). */
function containerResources({ ctx, k, c, who }: ContainerCtx): void {
  const res = obj(c.c.resources) ?? {};
  const req = obj(res.requests) ?? {};
  const lim = obj(res.limits) ?? {};
  const rp = join(c.path, 'resources');
  // A null quantity is no amount (the API server reads it as 0): the lint counts it as unset.
  const unset = (v: unknown): boolean => v === undefined || v === null;
  const state = (v: unknown): string => (v === null ? 'null (no amount)' : 'not set');
  if (unset(req.cpu) && unset(lim.cpu)) ctx.report('policy/cpu-request-missing', k, join(rp, 'requests.cpu'), `${who}: resources.requests.cpu is ${state(req.cpu)}`);
  if (unset(req.memory) && unset(lim.memory)) ctx.report('policy/memory-request-missing', k, join(rp, 'requests.memory'), `${who}: resources.requests.memory is ${state(req.memory)}`);
  if (unset(lim.memory)) ctx.report('policy/memory-limit-missing', k, join(rp, 'limits.memory'), `${who}: resources.limits.memory is ${state(lim.memory)}`);
  if (unset(lim.cpu)) ctx.report('policy/cpu-limit-missing', k, join(rp, 'limits.cpu'), `${who}: resources.limits.cpu is ${state(lim.cpu)}`);
  if (unset(lim['ephemeral-storage'])) {
    ctx.report('policy/ephemeral-storage-missing', k, rp, `${who}: resources.limits['ephemeral-storage'] is not set`);
  }
}

function containerProbes({ ctx, k, c, who }: ContainerCtx): void {
  const rprobe = obj(c.c.readinessProbe);
  const lprobe = obj(c.c.livenessProbe);
  if (!rprobe) ctx.report('policy/readiness-probe-missing', k, join(c.path, 'readinessProbe'), `${who}: has no readinessProbe`);
  if (!lprobe) ctx.report('policy/liveness-probe-missing', k, join(c.path, 'livenessProbe'), `${who}: has no livenessProbe`);
  if (rprobe && lprobe && stableJson(rprobe) === stableJson(lprobe)) {
    ctx.report('policy/probes-identical', k, join(c.path, 'livenessProbe'), `${who}: livenessProbe is identical to readinessProbe`);
  }
}

/** JSON with sorted keys, for structural equality. */
export function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as Obj).sort().map((key) => `${JSON.stringify(key)}:${stableJson((v as Obj)[key])}`).join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
