/**
 * The containers of an adopted pod as construct options: env (literals, Secret and ConfigMap keys by
 * reference), envFrom, resources, and the sidecars and init containers beside the main container
 * (plain sidecars, native ones: init containers with `restartPolicy: Always`). What these options do
 * not express is left to `asDeployed` (the rendering is compared with the input field for field).
 */
import { isRecord } from '../diff/secrets';
import { ADOPTED_AS_IS, code } from './code';
import type { AdoptedConfigMaps } from './configmaps';

type Obj = Record<string, any>;

/** The lint rule an unpinned image trips; its suppression lets a construct take the image as it is. */
export const UNPINNED_RULE = 'image-latest-tag';

/** Whether an image floats (no tag or 'latest', no digest): the constructs take it only with a suppression. */
export function unpinned(image: string): boolean {
  if (image.includes('@')) return false;
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon < 0 || last.slice(colon + 1) === 'latest';
}

/** Env as the construct takes it (literals, Secret and adopted ConfigMap keys by reference), when every entry is one of those. */
export function envOf(env: unknown, cms: AdoptedConfigMaps): Record<string, unknown> | undefined {
  if (!Array.isArray(env) || env.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const e of env as Obj[]) {
    const ref = e.valueFrom?.secretKeyRef;
    const cmRef = e.valueFrom?.configMapKeyRef;
    const only = (r: Obj | undefined) => r && typeof r.name === 'string' && typeof r.key === 'string' && r.optional === undefined && Object.keys(e.valueFrom).length === 1;
    if (typeof e.value === 'string' && e.valueFrom === undefined) out[e.name] = e.value;
    else if (only(ref)) out[e.name] = code('SecretSource.existing', ref.name, ref.key);
    else if (only(cmRef) && cms.has(cmRef.name, cmRef.key)) out[e.name] = code('ConfigMap.key', cms.keyOf(cmRef.name), cmRef.key);
    else return undefined;
  }
  return out;
}

/** envFrom as the construct takes it: whole Secrets, and whole ConfigMaps adopted as constructs. */
export function envFromOf(envFrom: unknown, cms: AdoptedConfigMaps): unknown[] | undefined {
  if (!Array.isArray(envFrom) || envFrom.length === 0) return undefined;
  const out: unknown[] = [];
  for (const e of envFrom as Obj[]) {
    const src = e.secretRef ?? e.configMapRef;
    if (!isRecord(src) || typeof src.name !== 'string' || Object.keys(e).some((k) => !['secretRef', 'configMapRef', 'prefix'].includes(k))) return undefined;
    if (Object.keys(src).some((k) => k !== 'name' && k !== 'optional')) return undefined;
    const options = { ...(typeof e.prefix === 'string' ? { prefix: e.prefix } : {}), ...(src.optional === true ? { optional: true } : {}) };
    if (src.optional === false) return undefined;
    if (e.secretRef) out.push(code('EnvFrom.secret', src.name, undefined, options));
    else if (cms.has(src.name)) out.push(code('EnvFrom.configMap', cms.keyOf(src.name), undefined, options));
    else return undefined;
  }
  return out;
}

/** A resources prop that writes `r` exactly, else 'none' (asDeployed then keeps the input's). */
export function resourcesOf(r: Obj | undefined): unknown {
  const req = r?.requests ?? {};
  const lim = r?.limits ?? {};
  const known = Object.keys(req).every((k) => k === 'cpu' || k === 'memory') && Object.keys(lim).every((k) => k === 'cpu' || k === 'memory');
  if (!known || typeof req.cpu !== 'string' || typeof req.memory !== 'string' || typeof lim.memory !== 'string') return 'none';
  return { cpu: req.cpu, memory: req.memory, memoryLimit: lim.memory, ...(typeof lim.cpu === 'string' ? { cpuLimit: lim.cpu } : {}) };
}

/** A sidecar's or init container's options that keep it as deployed (the rest: asDeployed). */
export function extraContainer(x: Obj, cms: AdoptedConfigMaps): Record<string, unknown> {
  const env = envOf(x.env, cms);
  const envFrom = envFromOf(x.envFrom, cms);
  return {
    name: x.name,
    image: x.image,
    ...(Array.isArray(x.command) ? { command: x.command } : {}),
    ...(Array.isArray(x.args) ? { args: x.args } : {}),
    ...(env ? { env } : {}),
    ...(envFrom ? { envFrom } : {}),
    security: code('Security.asIs', { reason: ADOPTED_AS_IS, ...(x.securityContext ? { container: x.securityContext } : {}) }),
    resources: resourcesOf(x.resources),
    writablePaths: [],
  };
}

/** The sidecar options of a container that runs beside the main one (`native`: an init container with restartPolicy Always). */
function sidecarOf(x: Obj, native: boolean, cms: AdoptedConfigMaps): Record<string, unknown> {
  const p = x.ports?.[0];
  return { ...extraContainer(x, cms), native, ...(p?.name && typeof p.containerPort === 'number' ? { port: { port: p.containerPort, name: p.name } } : {}) };
}

/**
 * The pod's other containers as `sidecars` and `initContainers`: the containers after the first,
 * and the init containers (native sidecars among them when `restartPolicy: Always`). A string says
 * why they cannot be expressed.
 */
export function extraContainersOf(pod: Obj, cms: AdoptedConfigMaps): { sidecars?: unknown[]; initContainers?: unknown[]; images: string[] } | string {
  const plain = (pod.containers as Obj[]).slice(1);
  const inits = Array.isArray(pod.initContainers) ? (pod.initContainers as Obj[]) : [];
  if ([...plain, ...inits].some((x) => typeof x.image !== 'string')) return 'a container without an image';
  if (inits.some((x) => x.restartPolicy !== undefined && x.restartPolicy !== 'Always')) return 'an init container with a restartPolicy other than Always';
  const native = inits.filter((x) => x.restartPolicy === 'Always');
  const init = inits.filter((x) => x.restartPolicy === undefined);
  const sidecars = [...native.map((x) => sidecarOf(x, true, cms)), ...plain.map((x) => sidecarOf(x, false, cms))];
  return {
    ...(sidecars.length > 0 ? { sidecars } : {}),
    ...(init.length > 0 ? { initContainers: init.map((x) => extraContainer(x, cms)) } : {}),
    images: [...plain, ...inits].map((x) => x.image as string),
  };
}
