// The containers of a workload's pod: the main one, init containers and sidecars. Each is
// resolved and checked once (eagerly, in the workload's constructor) into a ResolvedContainer,
// then rendered with the pod's shared volumes.
import type { IConstruct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { dns1123Label, envVarName } from '../validate/rules/syntax';
import { Downward, EnvFrom } from './env';
import { checkSyntax, invalidProp } from './errors';
import { ImageRef, pinnedImage } from './image';
import { Hook } from './lifecycle';
import { Port, PortSpec } from './ports';
import { Probe } from './probes';
import { ResourcesSpec, renderResources } from './resources';
import { ConfigMapKeyRef, EnvValue, SecretKeyRef } from './secrets';
import { Security } from './security';
import type { PodVolumes } from './pod-volumes';
import { servesFeature } from './target-version';
import type { Mount } from './volumes';

/** What every container of a pod can set (init containers and sidecars; the main one takes them as workload props). */
export interface ContainerOptions {
  /** The container's name: unique in the pod, a DNS label ('proxy', 'wait-for-db'). */
  readonly name: string;
  /** The container image, pinned to a tag (not 'latest') or a digest. */
  readonly image: string;
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
   * Env vars, as for the main container (literals, Secret/ConfigMap keys, `Downward` values).
   * @default - none
   */
  readonly env?: Readonly<Record<string, EnvValue>>;
  /**
   * Whole ConfigMaps or Secrets as env vars: `EnvFrom.configMap(cm)`, `EnvFrom.secret(source)`.
   * @default - none
   */
  readonly envFrom?: readonly EnvFrom[];
  /**
   * Container resources: a preset or raw values.
   * @default 'small' (100m CPU, 128Mi memory request and limit)
   */
  readonly resources?: ResourcesSpec;
  /**
   * The container's security: its UID may differ from the main container's (written on the
   * container); a relaxation needs its own reason.
   * @default - the workload's security
   */
  readonly security?: Security;
  /**
   * Volumes to mount. A Mount object given to several containers (or `mount.at(path)`) is one
   * volume shared by them.
   * @default - none
   */
  readonly mounts?: readonly Mount[];
  /**
   * Writable folders (emptyDir volumes of this container only) under the read-only root filesystem.
   * @default ['/tmp']
   */
  readonly writablePaths?: readonly string[];
}

/** An init container: runs to completion, in order, before the pod's other containers start. */
export interface InitContainerOptions extends ContainerOptions {}

/** A sidecar: runs beside the main container for the pod's whole life. */
export interface SidecarOptions extends ContainerOptions {
  /**
   * The sidecar's primary port. Its name defaults to the sidecar's name. Unlike the main
   * container's ports, a sidecar port is on the workload's Service only with `expose: true`.
   * @default - no port
   */
  readonly port?: PortSpec;
  /**
   * More named ports (same rule for `expose`).
   * @default - none
   */
  readonly ports?: readonly PortSpec[];
  /**
   * Readiness probe of the sidecar (a pod is ready when all its containers are).
   * @default - none
   */
  readonly readiness?: Probe;
  /**
   * Liveness probe of the sidecar.
   * @default - none
   */
  readonly liveness?: Probe;
  /**
   * Startup probe of the sidecar (a native sidecar's startup probe also holds back the containers after it).
   * @default - none
   */
  readonly startup?: Probe;
  /**
   * What the sidecar does before it is stopped.
   * @default - nothing
   */
  readonly preStop?: Hook;
  /**
   * A native sidecar: an init container with `restartPolicy: Always`, started before the init
   * containers (so they can use it, e.g. a database proxy) and stopped after the main container;
   * it does not keep a Job from completing. Needs Kubernetes 1.29 or newer.
   * @default - native when the target Kubernetes version serves it (1.29+), else a plain container
   */
  readonly native?: boolean;
}

/** A container as the pod builder renders it: every prop checked and resolved. */
export interface ResolvedContainer {
  readonly role: 'main' | 'init' | 'sidecar';
  /** The prop path in messages: '' for the main container, 'sidecars[0].' ... */
  readonly prop: string;
  readonly name: string;
  readonly imageRef: ImageRef;
  /** The image as written (with the registry prefix applied). */
  readonly image: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
  readonly env: Readonly<Record<string, EnvValue>>;
  /** Names first in this order (the main container's `envOrder`), the rest sorted. */
  readonly envOrder?: readonly string[];
  readonly envFrom: readonly EnvFrom[];
  readonly resources: k8s.ResourceRequirements;
  readonly security: Security;
  readonly mounts: readonly Mount[];
  readonly writablePaths: readonly string[];
  readonly ports: readonly Port[];
  readonly readiness?: Probe;
  readonly liveness?: Probe;
  readonly startup?: Probe;
  readonly preStop?: Hook;
  /** Sidecars only: rendered as a native sidecar (an init container with restartPolicy Always). */
  readonly native: boolean;
}

/** A sidecar of a workload, as the construct exposes it. */
export interface Sidecar {
  readonly name: string;
  readonly image: ImageRef;
  /** Its ports, primary first (Services, probes and ServiceMonitors target them by name). */
  readonly ports: readonly Port[];
  /** Whether it renders as a native sidecar. */
  readonly native: boolean;
}

const CREDENTIAL_NAME = /(PASSWORD|PASSWD|TOKEN|SECRET|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL)/i;
const SIDECAR_ONLY = ['port', 'ports', 'readiness', 'liveness', 'startup', 'preStop', 'native'] as const;

/** Checks the env of a container: no literal under a credential-looking name. */
export function checkEnvLiterals(scope: IConstruct, prop: string, env: Readonly<Record<string, EnvValue>>): void {
  for (const [name, v] of Object.entries(env)) {
    if (typeof v === 'string' && CREDENTIAL_NAME.test(name)) {
      invalidProp(scope, `${prop}env.${name}`, '<literal value>', 'a credential-looking env var must not carry a literal value: it would be published in the YAML',
        `keep the value in a Secret and reference it: env: { ${name}: SecretSource.existing('my-secret').key('${name.toLowerCase().replace(/_/g, '-')}') }`);
    }
  }
}

/**
 * The image as pulled through `registry`: the prefix replaces the image's registry host (Docker
 * Hub when none), and Docker Hub's one-part names get their 'library/' folder:
 * 'nginx:1.25.3' -> 'mirror.example.com/library/nginx:1.25.3'.
 */
export function withRegistry(image: string, registry: string | undefined): string {
  if (registry === undefined) return image;
  const prefix = registry.replace(/\/+$/, '');
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  const hasHost = slash >= 0 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let rest = hasHost ? image.slice(slash + 1) : image;
  if (!hasHost && slash < 0) rest = `library/${rest}`;
  return `${prefix}/${rest}`;
}

/** Checks an image registry prefix ('registry.example.com' or 'registry.example.com:5000/mirror'). */
export function checkRegistry(scope: IConstruct, prop: string, registry: string | undefined): void {
  if (registry === undefined) return;
  if (typeof registry !== 'string' || !/^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]+)?(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*\/?$/.test(registry)) {
    invalidProp(scope, prop, registry, 'must be a registry host with an optional port and path, without a scheme', "use e.g. 'mirror.example.com' or 'harbor.example.com/dockerhub'");
  }
}

/** Resolves one init container or sidecar of the workload at `scope`. */
export function resolveExtraContainer(
  scope: IConstruct, role: 'init' | 'sidecar', index: number, c: InitContainerOptions | SidecarOptions,
  defaults: { readonly security: Security; readonly registry?: string; readonly unpinnedReason?: string },
): ResolvedContainer {
  const list = role === 'init' ? 'initContainers' : 'sidecars';
  const prop = `${list}[${index}].`;
  if (typeof c !== 'object' || c === null) invalidProp(scope, `${list}[${index}]`, c, 'must be an object with name and image', "use { name: 'proxy', image: 'envoyproxy/envoy:v1.31.2' }");
  if (typeof c.name !== 'string') invalidProp(scope, `${prop}name`, c.name, 'every container needs a name', "add name: 'proxy'");
  checkSyntax(scope, `${prop}name`, c.name, dns1123Label(c.name), "use lower-case letters, digits and '-', e.g. 'proxy'");
  if (typeof c.image !== 'string') invalidProp(scope, `${prop}image`, c.image, 'must be a string', "set image: 'busybox:1.36'");
  const imageRef = pinnedImage(scope, c.image, `${prop}image`, defaults.unpinnedReason);
  if (role === 'init') {
    const given = c as unknown as Record<string, unknown>;
    for (const k of SIDECAR_ONLY) {
      if (given[k] !== undefined) {
        invalidProp(scope, `${prop}${k}`, given[k], 'an init container runs to completion before the pod serves: it takes no ports, probes or hooks',
          'move the container to sidecars');
      }
    }
  }
  const s = c as SidecarOptions;
  for (const key of ['envFrom', 'mounts', 'ports', 'writablePaths'] as const) {
    const v = (c as SidecarOptions)[key];
    if (v !== undefined && !Array.isArray(v)) invalidProp(scope, `${prop}${key}`, v, 'must be a list', `wrap it in [ ]: ${key}: [ ... ]`);
  }
  const security = c.security ?? defaults.security;
  security.check(scope);
  const env = c.env ?? {};
  checkEnvLiterals(scope, prop, env);
  let ports: Port[] = [];
  if (role === 'sidecar') {
    const privately = (p: PortSpec): PortSpec => (typeof p === 'number' ? { port: p, expose: false } : { expose: false, ...p });
    const primary = s.port !== undefined ? [Port.of(scope, `${prop}port`, privately(s.port), c.name)] : [];
    ports = [...primary, ...(s.ports ?? []).map((p, i) => Port.of(scope, `${prop}ports[${i}]`, privately(p)))];
  }
  const servesNative = servesFeature(scope, 'nativeSidecars');
  if (role === 'sidecar' && s.native === true && !servesNative) {
    invalidProp(scope, `${prop}native`, true, 'native sidecars (init containers with restartPolicy Always) are served from Kubernetes 1.29 (the target version is older)',
      'drop native (a plain container is used), or raise the target version');
  }
  return {
    role, prop, name: c.name, imageRef,
    image: withRegistry(c.image, defaults.registry),
    command: c.command, args: c.args, env, envFrom: c.envFrom ?? [],
    resources: renderResources(scope, c.resources ?? 'small', prop),
    security, mounts: c.mounts ?? [], writablePaths: checkWritablePaths(scope, prop, c.writablePaths ?? ['/tmp']),
    ports,
    readiness: s.readiness, liveness: s.liveness, startup: s.startup, preStop: s.preStop,
    native: role === 'sidecar' && (s.native ?? servesNative),
  };
}

/** Checks writable paths (absolute). */
export function checkWritablePaths(scope: IConstruct, prop: string, paths: readonly string[]): readonly string[] {
  for (const p of paths) {
    if (!p.startsWith('/')) invalidProp(scope, `${prop}writablePaths`, p, 'must be an absolute path', `use '/${p}'`);
  }
  return paths;
}

/** Checks that the pod's containers have distinct names and their ports distinct names and numbers. */
export function checkPodContainers(scope: IConstruct, containers: readonly ResolvedContainer[]): void {
  const names = new Map<string, ResolvedContainer>();
  const portNames = new Map<string, ResolvedContainer>();
  const portNumbers = new Map<string, ResolvedContainer>();
  const label = (c: ResolvedContainer) => (c.role === 'main' ? `the main container '${c.name}'` : `${c.prop.slice(0, -1)} '${c.name}'`);
  for (const c of containers) {
    const prev = names.get(c.name);
    if (prev) {
      invalidProp(scope, `${c.prop}name`, c.name, `${label(prev)} has the same name: containers of one pod need distinct names`,
        `rename one of them${c.role === 'main' ? '' : `, e.g. '${c.name}-2'`}`);
    }
    names.set(c.name, c);
  }
  for (const c of containers) {
    for (const p of c.ports) {
      const byName = portNames.get(p.name);
      if (byName && byName !== c) {
        invalidProp(scope, `${c.prop}port name`, p.name, `${label(byName)} has a port of the same name (Services target ports by name)`, 'give the port its own name');
      }
      portNames.set(p.name, c);
      const key = `${p.number}/${p.protocol}`;
      const byNumber = portNumbers.get(key);
      if (byNumber && byNumber !== c) {
        invalidProp(scope, `${c.prop}port`, p.number, `${label(byNumber)} listens on ${p.protocol} port ${p.number} too, and containers of one pod share the network`,
          'use another port number in one of them');
      }
      portNumbers.set(key, c);
    }
  }
}

/** The env names in order: those of `order` first, as listed, then the rest sorted. */
function envNames(scope: IConstruct, prop: string, env: Readonly<Record<string, EnvValue>>, order: readonly string[] | undefined): string[] {
  const names = Object.keys(env).sort();
  if (order === undefined) return names;
  if (!Array.isArray(order)) invalidProp(scope, `${prop}envOrder`, order, 'must be a list of env var names', "use envOrder: ['DB_HOST', 'API_TOKEN']");
  for (const n of order) if (!(n in env)) invalidProp(scope, `${prop}envOrder`, n, `names no env var of the container (${names.join(', ')})`, 'list only names the container has, or drop envOrder');
  if (new Set(order).size !== order.length) invalidProp(scope, `${prop}envOrder`, order, 'lists a name twice', 'list each name once');
  return [...order, ...names.filter((n) => !order.includes(n))];
}

/** Renders the env list of a container (names sorted, or `order` first). */
export function renderEnv(scope: IConstruct, prop: string, env: Readonly<Record<string, EnvValue>>, containerNames: readonly string[], order?: readonly string[]): k8s.EnvVar[] {
  const out: k8s.EnvVar[] = [];
  for (const name of envNames(scope, prop, env, order)) {
    checkSyntax(scope, `${prop}env name`, name, envVarName(name), 'use letters, digits and _ (not starting with a digit), e.g. DB_HOST');
    const v = env[name];
    if (typeof v === 'string') {
      out.push({ name, value: v });
    } else if (v instanceof SecretKeyRef || v instanceof ConfigMapKeyRef) {
      out.push({ name, valueFrom: v.toEnvVarSource() });
    } else if (v instanceof Downward) {
      const r = v.ref;
      if (r.kind === 'resource' && r.container !== undefined && !containerNames.includes(r.container)) {
        invalidProp(scope, `${prop}env.${name}`, r.container, `is not a container of this pod (${containerNames.join(', ')})`, 'name one of them, or leave container unset for this one');
      }
      if (r.kind === 'resource' && r.divisor !== undefined) {
        checkSyntax(scope, `${prop}env.${name} divisor`, r.divisor, /^(1|1m|1k|1Ki|1M|1Mi|1G|1Gi|1T|1Ti|1P|1Pi|1E|1Ei)$/.test(r.divisor) ? [] : ['must be 1 of a unit'], "use '1Mi', '1Gi' or '1m'");
      }
      out.push({ name, valueFrom: v.toEnvVarSource() });
    } else {
      invalidProp(scope, `${prop}env.${name}`, v, 'must be a string, source.key(...), ConfigMapKeyRef.of(...) or a Downward value', 'wrap the value in a string or a reference');
    }
  }
  return out;
}

/** Everything a container needs from the pod to render. */
export interface PodContext {
  readonly volumes: PodVolumes;
  readonly containerNames: readonly string[];
  /** The workload's security (a container with another UID writes it on the container). */
  readonly podSecurity: Security;
  /** Host ports (DaemonAgent). */
  readonly hostPorts?: boolean;
}

/** Renders one container; `extraMounts` are already-made volume mounts (writable paths, claim templates). */
export function renderContainer(scope: IConstruct, c: ResolvedContainer, pod: PodContext, extraMounts: readonly k8s.VolumeMount[]): k8s.Container {
  const mounts: k8s.VolumeMount[] = [...extraMounts];
  for (const m of c.mounts) mounts.push(pod.volumes.mount(c.prop, m));
  const mountPaths = new Set<string>();
  for (const m of mounts) {
    if (mountPaths.has(m.mountPath)) invalidProp(scope, `${c.prop}mounts`, m.mountPath, 'two volumes are mounted at the same path', 'mount each path once');
    mountPaths.add(m.mountPath);
  }
  const env = renderEnv(scope, c.prop, c.env, pod.containerNames, c.envOrder);
  const probe = (role: 'readiness' | 'liveness' | 'startup', p: Probe | undefined): k8s.Probe | undefined =>
    p ? p.render(scope, role, c.ports, `${c.prop}${role}Probe`) : undefined;
  let securityContext = c.security.containerSecurityContext();
  if (c.security !== pod.podSecurity && c.security.exact === undefined) {
    const own = c.security.podSecurityContext();
    securityContext = { ...securityContext, runAsUser: own?.runAsUser, runAsGroup: own?.runAsGroup };
  }
  const preStop = c.preStop?.render(scope, `${c.prop}preStop`, c.ports);
  return {
    name: c.name,
    image: c.image,
    imagePullPolicy: 'IfNotPresent',
    ...(c.command ? { command: [...c.command] } : {}),
    ...(c.args ? { args: [...c.args] } : {}),
    ...(c.ports.length > 0 ? { ports: c.ports.map((p) => p.toContainerPort(pod.hostPorts)) } : {}),
    ...(c.envFrom.length > 0 ? { envFrom: c.envFrom.map((e) => e.render()) } : {}),
    ...(env.length > 0 ? { env } : {}),
    ...(Object.keys(c.resources).length > 0 ? { resources: c.resources } : {}),
    ...(securityContext ? { securityContext } : {}),
    ...(c.startup ? { startupProbe: probe('startup', c.startup) } : {}),
    ...(c.readiness ? { readinessProbe: probe('readiness', c.readiness) } : {}),
    ...(c.liveness ? { livenessProbe: probe('liveness', c.liveness) } : {}),
    ...(preStop ? { lifecycle: { preStop } } : {}),
    volumeMounts: mounts,
    // a native sidecar: an init container that runs beside the main one (Kubernetes 1.29+)
    ...(c.native ? { restartPolicy: 'Always' } : {}),
  };
}
