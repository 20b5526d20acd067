// Pod spec rules (pkg/apis/core/validation ValidatePodSpec and friends), shared by Pods and
// every pod template (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job, CronJob, PodTemplate).
import { arr, Ctx, isInt, isObj, join, num, obj, Obj, q, str } from './context';
import {
  configMapKey, dns1123Label, dns1123Subdomain, envVarName, labelKey, labelValue, parseQuantity, portName, quantity,
  qualifiedName,
} from './syntax';

export const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO',
  'storageos', 'csi', 'ephemeral', 'image',
];

function enumCheck(ctx: Ctx, rule: string, path: string, value: unknown, allowed: readonly string[], fix?: string): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'string' || !allowed.includes(value)) {
    ctx.error(rule, path, `Unsupported value: ${q(value)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
      fix ?? `use one of ${allowed.join(', ')}`);
  }
}

function nonNegative(ctx: Ctx, rule: string, path: string, value: unknown): void {
  if (typeof value === 'number' && value < 0) {
    ctx.error(rule, path, `Invalid value: ${value}: must be greater than or equal to 0`, 'use 0 or a positive number');
  }
}

export function portInRange(v: number): boolean {
  return Number.isInteger(v) && v >= 1 && v <= 65535;
}

/** An int-or-string port reference (probe/targetPort): 1-65535 or an IANA port name. */
export function checkPortRef(ctx: Ctx, rule: string, path: string, value: unknown): void {
  if (typeof value === 'number') {
    if (!portInRange(value)) {
      ctx.error(rule, path, `Invalid value: ${value}: must be between 1 and 65535, inclusive`, 'use a port number in 1-65535 or a named port');
    }
  } else if (typeof value === 'string') {
    // A string is always a port name, even when it holds digits ('8080' quoted is refused).
    const numeric = /^[0-9]+$/.test(value);
    ctx.syntax(rule, path, value, portName(value), numeric
      ? `write the number without quotes (${value}) or use a named port`
      : 'name a port declared by the container (lowercase, at most 15 characters) or use its number');
  }
}

export function checkLabelSelector(ctx: Ctx, path: string, sel: unknown): void {
  const s = obj(sel);
  if (!s) return;
  const ml = obj(s.matchLabels);
  if (ml) checkLabels(ctx, 'selector', join(path, 'matchLabels'), ml);
  arr(s.matchExpressions).forEach((e, i) => {
    const ep = `${path}.matchExpressions[${i}]`;
    const ex = obj(e);
    if (!ex) return;
    const key = str(ex.key);
    if (key !== undefined) ctx.syntax('selector', `${ep}.key`, key, labelKey(key));
    const op = ex.operator;
    const values = arr(ex.values);
    if (op === 'In' || op === 'NotIn') {
      if (values.length === 0) {
        ctx.error('selector', `${ep}.values`, "Required value: must be specified when `operator` is 'In' or 'NotIn'", 'list at least one value');
      }
    } else if (op === 'Exists' || op === 'DoesNotExist') {
      if (values.length > 0) {
        ctx.error('selector', `${ep}.values`, "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'", 'remove values');
      }
    } else if (op !== undefined) {
      ctx.error('selector', `${ep}.operator`, `Invalid value: ${q(op)}: not a valid selector operator`,
        'use In, NotIn, Exists or DoesNotExist');
    }
    values.forEach((v, j) => {
      if (typeof v === 'string') ctx.syntax('selector', `${ep}.values[${j}]`, v, labelValue(v));
    });
  });
}

export function checkLabels(ctx: Ctx, rule: string, path: string, labels: Obj): void {
  for (const k of Object.keys(labels)) {
    const v = labels[k];
    const kErr = labelKey(k);
    if (kErr.length > 0) ctx.syntax(rule, path, k, kErr, 'label keys are [prefix/]name: a DNS subdomain prefix and a name of at most 63 alphanumerics, -, _ or .');
    if (typeof v === 'string') {
      const vErr = labelValue(v);
      if (vErr.length > 0) ctx.syntax(rule, `${path}[${q(k)}]`, v, vErr, 'label values are at most 63 alphanumerics, -, _ or ., starting and ending alphanumeric (or empty)');
    }
  }
}

interface PodOpts {
  /** Allowed pod restartPolicy values for this template, undefined = any valid value. */
  readonly restartPolicies?: readonly string[];
  /** Why the restart policy is restricted, for the message. */
  readonly restartWhy?: string;
  readonly isTemplate: boolean;
}

function checkQuantityField(ctx: Ctx, path: string, value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') return undefined;
  const problems = quantity(value);
  if (problems.length > 0) {
    ctx.syntax('quantity', path, value, problems, "use a Kubernetes quantity such as '500m', '1', '256Mi', '1Gi'");
    return undefined;
  }
  return parseQuantity(value);
}

const STANDARD_CONTAINER_RESOURCES = ['cpu', 'memory', 'ephemeral-storage'];

const RESOURCE_SECTIONS = ['limits', 'requests'] as const;
/** JSON-quoted resource names ('"cpu"'), remembered: the same few names repeat in every pod. */
const quotedKeys = new Map<string, string>();
function quotedKey(name: string): string {
  let s = quotedKeys.get(name);
  if (s === undefined) {
    s = q(name);
    if (quotedKeys.size < 1000) quotedKeys.set(name, s);
  }
  return s;
}

function checkResources(ctx: Ctx, path: string, res: Obj): void {
  const limits = obj(res.limits) ?? {};
  const requests = obj(res.requests) ?? {};
  const parsedLimits = new Map<string, number>();
  for (const section of RESOURCE_SECTIONS) {
    const m = section === 'limits' ? limits : requests;
    for (const name of Object.keys(m)) {
      const value = m[name];
      const p = `${path}.${section}[${quotedKey(name)}]`;
      const isStd = STANDARD_CONTAINER_RESOURCES.includes(name) || name.startsWith('hugepages-');
      if (!isStd && !name.includes('/')) {
        ctx.error('resources', `${path}.${section}`, `Invalid value: ${q(name)}: must be a standard resource for containers`,
          'use cpu, memory, ephemeral-storage, hugepages-<size> or a domain-prefixed extended resource (example.com/gpu)');
        continue;
      }
      if (name.includes('/') && qualifiedName(name).length > 0) {
        ctx.syntax('resources', `${path}.${section}`, name, qualifiedName(name));
        continue;
      }
      const n = checkQuantityField(ctx, p, value);
      if (n === undefined) continue;
      if (n < 0) {
        ctx.error('resources', p, `Invalid value: ${q(value)}: must be greater than or equal to 0`, 'use a non-negative quantity');
        continue;
      }
      if (!isStd && !Number.isInteger(n)) {
        ctx.error('resources', p, `Invalid value: ${q(value)}: must be an integer`, 'extended resources are whole units');
      }
      if (section === 'limits') parsedLimits.set(name, n);
      else {
        const lim = parsedLimits.get(name);
        if (lim !== undefined) {
          if (name.startsWith('hugepages-') || !isStd) {
            if (n !== lim) {
              ctx.error('resources', p, `Invalid value: ${q(value)}: must be equal to ${name} limit of ${q(limits[name])}`,
                `set requests.${name} equal to limits.${name}`);
            }
          } else if (n > lim + 1e-12 * Math.max(1, lim)) {
            ctx.error('resources', p, `Invalid value: ${q(value)}: must be less than or equal to ${name} limit of ${q(limits[name])}`,
              `lower requests.${name} or raise limits.${name}`);
          }
        }
      }
    }
  }
}

const PROBE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc'];
const LIFECYCLE_HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'sleep'];

function checkHandler(ctx: Ctx, path: string, h: Obj, handlers: readonly string[], rule: string): void {
  const present = handlers.filter((k) => h[k] !== undefined && h[k] !== null);
  if (present.length === 0) {
    ctx.error(rule, path, `Required value: must specify a handler type`, `set exactly one of ${handlers.join(', ')}`);
  } else if (present.length > 1) {
    ctx.error(rule, `${path}.${present[1]}`, `Forbidden: may not specify more than 1 handler type (found ${present.join(', ')})`,
      `keep only one of ${present.join(', ')}`);
  }
  const http = obj(h.httpGet);
  if (http) {
    if (http.port === undefined) ctx.error(rule, `${path}.httpGet.port`, 'Required value', 'set the port number or name');
    else checkPortRef(ctx, rule, `${path}.httpGet.port`, http.port);
    enumCheck(ctx, rule, `${path}.httpGet.scheme`, http.scheme, ['HTTP', 'HTTPS']);
    const p = str(http.path);
    if (p && !p.startsWith('/')) {
      // The API server accepts it, but the kubelet requests a relative URL: not an API error.
    }
  }
  const tcp = obj(h.tcpSocket);
  if (tcp) {
    if (tcp.port === undefined) ctx.error(rule, `${path}.tcpSocket.port`, 'Required value', 'set the port number or name');
    else checkPortRef(ctx, rule, `${path}.tcpSocket.port`, tcp.port);
  }
  const grpc = obj(h.grpc);
  if (grpc && typeof grpc.port === 'number' && !portInRange(grpc.port)) {
    ctx.error(rule, `${path}.grpc.port`, `Invalid value: ${grpc.port}: must be between 1 and 65535, inclusive`);
  }
  const exec = obj(h.exec);
  if (exec && arr(exec.command).length === 0) {
    ctx.error(rule, `${path}.exec.command`, 'Required value', 'give the command to run, e.g. ["cat", "/tmp/healthy"]');
  }
}

function checkProbe(ctx: Ctx, path: string, p: Obj, kind: 'liveness' | 'readiness' | 'startup'): void {
  checkHandler(ctx, path, p, PROBE_HANDLERS, 'probe');
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    if (typeof p[f] === 'number') nonNegative(ctx, 'probe', `${path}.${f}`, p[f]);
  }
  if (kind !== 'readiness' && typeof p.successThreshold === 'number' && p.successThreshold !== 1) {
    ctx.error('probe', `${path}.successThreshold`, `Invalid value: ${p.successThreshold}: must be 1`,
      `${kind} probes only support successThreshold 1; remove it or set 1`);
  }
  if (kind === 'readiness' && p.terminationGracePeriodSeconds !== undefined && p.terminationGracePeriodSeconds !== null) {
    ctx.error('probe', `${path}.terminationGracePeriodSeconds`, 'Invalid value: must not be set for readinessProbes',
      'remove terminationGracePeriodSeconds from the readiness probe');
  }
  if (typeof p.terminationGracePeriodSeconds === 'number' && p.terminationGracePeriodSeconds <= 0) {
    ctx.error('probe', `${path}.terminationGracePeriodSeconds`,
      `Invalid value: ${p.terminationGracePeriodSeconds}: must be greater than 0`, 'use a positive number of seconds');
  }
}

const FIELD_PATHS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP',
  'status.hostIPs', 'status.podIP', 'status.podIPs',
];
const RESOURCE_FIELDS = [
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
];

function checkFieldRef(ctx: Ctx, path: string, fr: Obj, inVolume: boolean): void {
  const fp = str(fr.fieldPath);
  if (fp === undefined) {
    ctx.error('env', `${path}.fieldPath`, 'Required value', 'e.g. metadata.name');
    return;
  }
  const m = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(fp);
  if (m) {
    const problems = m[1] === 'labels' ? labelKey(m[2]) : qualifiedName(m[2].toLowerCase());
    ctx.syntax('env', `${path}.fieldPath`, fp, problems);
    return;
  }
  const allowed = inVolume ? [...FIELD_PATHS, 'metadata.labels', 'metadata.annotations'] : FIELD_PATHS;
  if (!allowed.includes(fp)) {
    ctx.error('env', `${path}.fieldPath`, `Unsupported value: ${q(fp)}: supported values: ${allowed.map((a) => `"${a}"`).join(', ')}`,
      inVolume ? undefined : 'metadata.labels and metadata.annotations as a whole are only available in downwardAPI volumes; use metadata.labels[\'key\']');
  }
  if (fr.apiVersion !== undefined && fr.apiVersion !== 'v1') {
    ctx.error('env', `${path}.apiVersion`, `Unsupported value: ${q(fr.apiVersion)}: supported values: "v1"`, 'use apiVersion v1 or omit it');
  }
}

function checkResourceFieldRef(ctx: Ctx, path: string, rf: Obj, requireContainer: boolean): void {
  const r = str(rf.resource);
  if (r === undefined) ctx.error('env', `${path}.resource`, 'Required value', 'e.g. limits.memory');
  else if (!RESOURCE_FIELDS.includes(r) && !/^(limits|requests)\.hugepages-/.test(r)) {
    ctx.error('env', `${path}.resource`, `Unsupported value: ${q(r)}: supported values: ${RESOURCE_FIELDS.map((a) => `"${a}"`).join(', ')}`);
  }
  if (requireContainer && !str(rf.containerName)) {
    ctx.error('env', `${path}.containerName`, 'Required value', 'name the container whose resources are exposed');
  }
  if (rf.divisor !== undefined) checkQuantityField(ctx, `${path}.divisor`, rf.divisor);
}

function checkKeyRef(ctx: Ctx, path: string, ref: Obj): void {
  const key = str(ref.key);
  if (!key) ctx.error('env', `${path}.key`, 'Required value', 'name the key to read');
  else ctx.syntax('env', `${path}.key`, key, configMapKey(key));
  const name = str(ref.name);
  if (!name) ctx.error('env', `${path}.name`, 'Required value', 'name the ConfigMap or Secret to read');
  else ctx.syntax('env', `${path}.name`, name, dns1123Subdomain(name));
}

function checkEnv(ctx: Ctx, path: string, env: unknown[]): void {
  env.forEach((e, i) => {
    const ep = `${path}[${i}]`;
    const ev = obj(e);
    if (!ev) return;
    const name = str(ev.name);
    if (!name) ctx.error('env-var-name', `${ep}.name`, 'Required value', 'give the variable a name');
    else {
      const problems = envVarName(name, ctx.kubernetesVersion);
      ctx.syntax('env-var-name', `${ep}.name`, name, problems,
        ctx.minor >= 32 ? "use printable ASCII without '='" : 'use letters, digits, _, - and ., not starting with a digit (e.g. MY_VAR)');
    }
    const vf = obj(ev.valueFrom);
    if (!vf) return;
    const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'].filter((k) => isObj(vf[k]));
    if (sources.length === 0) {
      ctx.error('env', `${ep}.valueFrom`, 'Invalid value: "": must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`',
        'set exactly one source');
    } else if (sources.length > 1) {
      ctx.error('env', `${ep}.valueFrom`, `Invalid value: "": may not have more than one field specified at a time (found ${sources.join(', ')})`,
        `keep only one of ${sources.join(', ')}`);
    }
    if (typeof ev.value === 'string' && ev.value !== '') {
      ctx.error('env', `${ep}.valueFrom`, 'Invalid value: "": may not be specified when `value` is not empty', 'remove value or valueFrom');
    }
    const fr = obj(vf.fieldRef);
    if (fr) checkFieldRef(ctx, `${ep}.valueFrom.fieldRef`, fr, false);
    const rf = obj(vf.resourceFieldRef);
    if (rf) checkResourceFieldRef(ctx, `${ep}.valueFrom.resourceFieldRef`, rf, false);
    for (const k of ['configMapKeyRef', 'secretKeyRef']) {
      const ref = obj(vf[k]);
      if (ref) checkKeyRef(ctx, `${ep}.valueFrom.${k}`, ref);
    }
  });
}

function checkEnvFrom(ctx: Ctx, path: string, envFrom: unknown[]): void {
  envFrom.forEach((e, i) => {
    const ep = `${path}[${i}]`;
    const ef = obj(e);
    if (!ef) return;
    const sources = ['configMapRef', 'secretRef'].filter((k) => isObj(ef[k]));
    if (sources.length === 0) {
      ctx.error('env', ep, 'Invalid value: "": must specify one of: `configMapRef` or `secretRef`', 'set configMapRef or secretRef');
    } else if (sources.length > 1) {
      ctx.error('env', ep, 'Invalid value: "": may not have more than one field specified at a time', 'split into two envFrom entries');
    }
    const prefix = str(ef.prefix);
    if (prefix) ctx.syntax('env-var-name', `${ep}.prefix`, prefix, envVarName(prefix, ctx.kubernetesVersion));
    for (const k of sources) {
      const name = str(obj(ef[k])?.name);
      if (!name) ctx.error('env', `${ep}.${k}.name`, 'Required value', 'name the ConfigMap or Secret');
      else ctx.syntax('env', `${ep}.${k}.name`, name, dns1123Subdomain(name));
    }
  });
}

interface ContainerGroup { readonly field: 'containers' | 'initContainers' | 'ephemeralContainers'; readonly list: unknown[] }

function checkKeyToPaths(ctx: Ctx, path: string, items: unknown[]): void {
  items.forEach((it, i) => {
    const o = obj(it);
    if (!o) return;
    const key = str(o.key);
    if (!key) ctx.error('volume', `${path}[${i}].key`, 'Required value', 'name the key to project');
    const p = str(o.path);
    if (!p) ctx.error('volume', `${path}[${i}].path`, 'Required value', 'give the file name to write the key to');
    else checkLocalPath(ctx, `${path}[${i}].path`, p);
    checkMode(ctx, `${path}[${i}].mode`, o.mode);
  });
}

function checkLocalPath(ctx: Ctx, path: string, p: string): void {
  if (p.startsWith('/')) ctx.error('volume', path, `Invalid value: ${q(p)}: must be a relative path`, 'drop the leading /');
  if (p.split('/').includes('..')) ctx.error('volume', path, `Invalid value: ${q(p)}: must not contain '..'`, "remove '..' segments");
  else if (p.startsWith('..')) ctx.error('volume', path, `Invalid value: ${q(p)}: must not start with '..'`, "'..'-prefixed names are reserved for the kubelet's atomic writer");
}

function checkMode(ctx: Ctx, path: string, mode: unknown): void {
  if (typeof mode === 'number' && (mode < 0 || mode > 0o777)) {
    ctx.error('volume', path, `Invalid value: ${mode}: must be a number between 0 and 0777 (octal), both inclusive`,
      'YAML octal needs a leading 0 (0644) or use the decimal value (420)');
  }
}

function checkVolumes(ctx: Ctx, path: string, volumes: unknown[]): Set<string> {
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const vp = `${path}[${i}]`;
    const vol = obj(v);
    if (!vol) return;
    const name = str(vol.name);
    if (!name) ctx.error('volume', `${vp}.name`, 'Required value', 'give the volume a name');
    else {
      ctx.syntax('volume', `${vp}.name`, name, dns1123Label(name), 'volume names are lowercase alphanumerics and -, at most 63 characters');
      if (names.has(name)) ctx.error('volume', `${vp}.name`, `Duplicate value: ${q(name)}`, 'give each volume a unique name');
      names.add(name);
    }
    const sources = VOLUME_SOURCES.filter((s) => vol[s] !== undefined && vol[s] !== null);
    if (sources.length === 0) {
      ctx.error('volume', vp, 'Required value: must specify a volume type', 'set one source, e.g. emptyDir: {}, configMap, secret or persistentVolumeClaim');
    } else if (sources.length > 1) {
      ctx.error('volume', `${vp}.${sources[1]}`, `Forbidden: may not specify more than 1 volume type (found ${sources.join(', ')})`,
        'split into separate volumes');
    }
    const secret = obj(vol.secret);
    if (secret) {
      const sn = str(secret.secretName);
      if (!sn) ctx.error('volume', `${vp}.secret.secretName`, 'Required value', 'name the Secret to mount');
      else ctx.syntax('volume', `${vp}.secret.secretName`, sn, dns1123Subdomain(sn));
      checkMode(ctx, `${vp}.secret.defaultMode`, secret.defaultMode);
      checkKeyToPaths(ctx, `${vp}.secret.items`, arr(secret.items));
    }
    const cm = obj(vol.configMap);
    if (cm) {
      const cn = str(cm.name);
      if (!cn) ctx.error('volume', `${vp}.configMap.name`, 'Required value', 'name the ConfigMap to mount');
      else ctx.syntax('volume', `${vp}.configMap.name`, cn, dns1123Subdomain(cn));
      checkMode(ctx, `${vp}.configMap.defaultMode`, cm.defaultMode);
      checkKeyToPaths(ctx, `${vp}.configMap.items`, arr(cm.items));
    }
    const pvc = obj(vol.persistentVolumeClaim);
    if (pvc && !str(pvc.claimName)) {
      ctx.error('volume', `${vp}.persistentVolumeClaim.claimName`, 'Required value', 'name the PersistentVolumeClaim');
    }
    const hp = obj(vol.hostPath);
    if (hp) {
      if (!str(hp.path)) ctx.error('volume', `${vp}.hostPath.path`, 'Required value', 'give the host path');
      enumCheck(ctx, 'volume', `${vp}.hostPath.type`, hp.type,
        ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice']);
    }
    const ed = obj(vol.emptyDir);
    if (ed) {
      if (ed.sizeLimit !== undefined && ed.sizeLimit !== null) checkQuantityField(ctx, `${vp}.emptyDir.sizeLimit`, ed.sizeLimit);
    }
    const proj = obj(vol.projected);
    if (proj) {
      checkMode(ctx, `${vp}.projected.defaultMode`, proj.defaultMode);
      arr(proj.sources).forEach((s, j) => {
        const so = obj(s);
        if (!so) return;
        const kinds = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle', 'podCertificate']
          .filter((k) => isObj(so[k]));
        if (kinds.length > 1) {
          ctx.error('volume', `${vp}.projected.sources[${j}]`, `Forbidden: may not specify more than 1 volume type (found ${kinds.join(', ')})`,
            'use one projection per sources entry');
        } else if (kinds.length === 0) {
          ctx.error('volume', `${vp}.projected.sources[${j}]`, 'Required value: must specify one projection source',
            'set one of secret, configMap, downwardAPI, serviceAccountToken');
        }
        for (const k of ['secret', 'configMap']) {
          const o = obj(so[k]);
          if (o) checkKeyToPaths(ctx, `${vp}.projected.sources[${j}].${k}.items`, arr(o.items));
        }
        const sat = obj(so.serviceAccountToken);
        if (sat) {
          if (!str(sat.path)) ctx.error('volume', `${vp}.projected.sources[${j}].serviceAccountToken.path`, 'Required value');
          if (typeof sat.expirationSeconds === 'number' && (sat.expirationSeconds < 600 || sat.expirationSeconds > 2 ** 32)) {
            ctx.error('volume', `${vp}.projected.sources[${j}].serviceAccountToken.expirationSeconds`,
              `Invalid value: ${sat.expirationSeconds}: may not specify a duration less than 10 minutes`, 'use at least 600 seconds');
          }
        }
        const dapi = obj(so.downwardAPI);
        if (dapi) checkDownwardItems(ctx, `${vp}.projected.sources[${j}].downwardAPI.items`, arr(dapi.items));
      });
    }
    const dapi = obj(vol.downwardAPI);
    if (dapi) {
      checkMode(ctx, `${vp}.downwardAPI.defaultMode`, dapi.defaultMode);
      checkDownwardItems(ctx, `${vp}.downwardAPI.items`, arr(dapi.items));
    }
  });
  return names;
}

function checkDownwardItems(ctx: Ctx, path: string, items: unknown[]): void {
  items.forEach((it, i) => {
    const o = obj(it);
    if (!o) return;
    const p = str(o.path);
    if (!p) ctx.error('volume', `${path}[${i}].path`, 'Required value');
    else checkLocalPath(ctx, `${path}[${i}].path`, p);
    const fr = obj(o.fieldRef);
    const rf = obj(o.resourceFieldRef);
    if (fr && rf) ctx.error('volume', `${path}[${i}]`, 'Invalid value: "": fieldRef and resourceFieldRef can not be specified simultaneously');
    if (fr) checkFieldRef(ctx, `${path}[${i}].fieldRef`, fr, true);
    if (rf) checkResourceFieldRef(ctx, `${path}[${i}].resourceFieldRef`, rf, true);
    checkMode(ctx, `${path}[${i}].mode`, o.mode);
  });
}

/** Validate a PodSpec at `path` ('spec' or 'spec.template.spec'). */
const PROBE_FIELDS = [['livenessProbe', 'liveness'], ['readinessProbe', 'readiness'], ['startupProbe', 'startup']] as const;

export function checkPodSpec(ctx: Ctx, path: string, spec: Obj, opts: PodOpts): void {
  const volumes = arr(spec.volumes);
  const volumeNames = checkVolumes(ctx, `${path}.volumes`, volumes);
  const declaredVolumes = new Set(volumeNames);
  for (const v of volumes) {
    const n = str(obj(v)?.name);
    if (n) declaredVolumes.add(n);
  }
  const groups: ContainerGroup[] = [
    { field: 'initContainers', list: arr(spec.initContainers) },
    { field: 'containers', list: arr(spec.containers) },
    { field: 'ephemeralContainers', list: arr(spec.ephemeralContainers) },
  ];
  if (groups[1].list.length === 0 && Array.isArray(spec.containers)) {
    ctx.error('container', `${path}.containers`, 'Required value', 'add at least one container');
  }
  // Ephemeral containers are added to a running pod through its ephemeralcontainers
  // subresource: the API server refuses them on create and in every pod template.
  if (groups[2].list.length > 0) {
    ctx.error('ephemeral-containers', `${path}.ephemeralContainers`,
      opts.isTemplate ? 'Forbidden: ephemeral containers not allowed in pod template' : 'Forbidden: cannot be set on create',
      'remove spec.ephemeralContainers; add a debug container to a running pod with kubectl debug');
  }
  const hostNetwork = spec.hostNetwork === true;
  const containerNames = new Set<string>();
  const hostPorts = new Map<string, string>();
  const sidecarsOk = ctx.minor >= 29;
  for (const g of groups) {
    g.list.forEach((c, i) => {
      const cp = `${path}.${g.field}[${i}]`;
      const ct = obj(c);
      if (!ct) return;
      const name = str(ct.name);
      if (!name) ctx.error('container', `${cp}.name`, 'Required value', 'name the container');
      else {
        ctx.syntax('container', `${cp}.name`, name, dns1123Label(name), 'container names are lowercase alphanumerics and -, at most 63 characters');
        if (containerNames.has(name)) {
          ctx.error('container', `${cp}.name`, `Duplicate value: ${q(name)}`, 'container names must be unique across initContainers, containers and ephemeralContainers');
        }
        containerNames.add(name);
      }
      if (g.field !== 'ephemeralContainers' && (ct.image === undefined || ct.image === null || ct.image === '')) {
        ctx.error('container', `${cp}.image`, 'Required value', 'set the container image');
      } else if (typeof ct.image === 'string' && ct.image !== ct.image.trim()) {
        ctx.error('container', `${cp}.image`, `Invalid value: ${q(ct.image)}: must not have leading or trailing whitespace`, 'trim the image reference');
      }
      if (ct.imagePullPolicy != null) enumCheck(ctx, 'container', `${cp}.imagePullPolicy`, ct.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']);
      if (ct.terminationMessagePolicy != null) enumCheck(ctx, 'container', `${cp}.terminationMessagePolicy`, ct.terminationMessagePolicy, ['File', 'FallbackToLogsOnError']);
      // Container-level restartPolicy: only 'Always' on init containers (sidecars, on by default from 1.29).
      if (ct.restartPolicy !== undefined && ct.restartPolicy !== null) {
        if (g.field !== 'initContainers' || !sidecarsOk) {
          ctx.error('container', `${cp}.restartPolicy`, sidecarsOk
            ? 'Forbidden: may not be set for non-init containers'
            : `Forbidden: container restartPolicy requires Kubernetes 1.29+ (SidecarContainers), target is ${ctx.kubernetesVersion}`,
          'remove restartPolicy from the container');
        } else enumCheck(ctx, 'container', `${cp}.restartPolicy`, ct.restartPolicy, ['Always']);
      }
      const isSidecar = g.field === 'initContainers' && sidecarsOk && ct.restartPolicy === 'Always';

      // Ports.
      const portNames = new Set<string>();
      arr(ct.ports).forEach((p, j) => {
        const pp = `${cp}.ports[${j}]`;
        const po = obj(p);
        if (!po) return;
        if (g.field === 'ephemeralContainers') {
          ctx.error('container', `${pp}`, 'Forbidden: cannot be set for an Ephemeral Container');
          return;
        }
        const pn = str(po.name);
        if (pn !== undefined && pn !== '') {
          ctx.syntax('port', `${pp}.name`, pn, portName(pn), 'port names are at most 15 lowercase alphanumerics and -, with at least one letter');
          if (portNames.has(pn)) ctx.error('port', `${pp}.name`, `Duplicate value: ${q(pn)}`, 'give each port of a container a unique name');
          portNames.add(pn);
        }
        if (po.containerPort === undefined || po.containerPort === null) {
          ctx.error('port', `${pp}.containerPort`, 'Required value', 'set the port the container listens on (1-65535)');
        } else if (typeof po.containerPort === 'number' && !portInRange(po.containerPort)) {
          ctx.error('port', `${pp}.containerPort`, `Invalid value: ${po.containerPort}: must be between 1 and 65535, inclusive`,
            'use a port number in 1-65535');
        }
        if (typeof po.hostPort === 'number' && po.hostPort !== 0) {
          if (!portInRange(po.hostPort)) {
            ctx.error('port', `${pp}.hostPort`, `Invalid value: ${po.hostPort}: must be between 1 and 65535, inclusive`, 'use 1-65535 or omit hostPort');
          } else {
            const key = `${po.hostPort}/${str(po.protocol) ?? 'TCP'}/${str(po.hostIP) ?? ''}`;
            if (hostPorts.has(key)) ctx.error('port', `${pp}.hostPort`, `Duplicate value: "${key}"`, 'each hostPort/protocol/hostIP may be used once per pod');
            hostPorts.set(key, pp);
          }
          if (hostNetwork && typeof po.containerPort === 'number' && po.hostPort !== po.containerPort) {
            ctx.error('port', `${pp}.hostPort`, `Invalid value: ${po.hostPort}: must match \`containerPort\` when \`hostNetwork\` is true`,
              `set hostPort to ${po.containerPort} or omit it`);
          }
        }
        if (po.protocol != null) enumCheck(ctx, 'port', `${pp}.protocol`, po.protocol, ['TCP', 'UDP', 'SCTP']);
      });

      checkEnv(ctx, `${cp}.env`, arr(ct.env));
      checkEnvFrom(ctx, `${cp}.envFrom`, arr(ct.envFrom));

      // Volume mounts.
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

      const res = obj(ct.resources);
      if (res) checkResources(ctx, `${cp}.resources`, res);

      // Probes and lifecycle.
      for (const [field, kind] of PROBE_FIELDS) {
        const p = obj(ct[field]);
        if (!p) continue;
        if (g.field === 'ephemeralContainers' || (g.field === 'initContainers' && !isSidecar)) {
          ctx.error('probe', `${cp}.${field}`, `Forbidden: may not be set for ${g.field === 'initContainers' ? 'init containers without restartPolicy Always' : 'ephemeral containers'}`,
            `remove ${field}`);
          continue;
        }
        checkProbe(ctx, `${cp}.${field}`, p, kind);
      }
      const lc = obj(ct.lifecycle);
      if (lc) {
        if (g.field === 'initContainers' && !isSidecar) {
          ctx.error('container', `${cp}.lifecycle`, 'Forbidden: may not be set for init containers without restartPolicy Always', 'remove lifecycle');
        }
        for (const h of ['postStart', 'preStop']) {
          const ho = obj(lc[h]);
          // The sleep action exists from 1.29 (PodLifecycleSleepAction, on by default from 1.30).
          if (ho) checkHandler(ctx, `${cp}.lifecycle.${h}`, ho, ctx.minor >= 30 ? LIFECYCLE_HANDLERS : LIFECYCLE_HANDLERS.slice(0, 3), 'lifecycle');
        }
      }
    });
  }

  // Pod-level fields.
  const rp = spec.restartPolicy;
  if (rp !== undefined && rp !== null) {
    // (when the document leaves it out, the server's default "Always" is judged, and the message says so)
    if (opts.restartPolicies) {
      if (typeof rp !== 'string' || !opts.restartPolicies.includes(rp)) {
        ctx.error('restart-policy', `${path}.restartPolicy`,
          `Unsupported value: ${q(rp)}: supported values: ${opts.restartPolicies.map((a) => `"${a}"`).join(', ')}`,
          `${opts.restartWhy ?? ''}set restartPolicy: ${opts.restartPolicies[0]}`);
      }
    } else enumCheck(ctx, 'restart-policy', `${path}.restartPolicy`, rp, ['Always', 'OnFailure', 'Never']);
  }
  if (spec.dnsPolicy != null) enumCheck(ctx, 'dns', `${path}.dnsPolicy`, spec.dnsPolicy, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']);
  const dnsConfig = obj(spec.dnsConfig);
  if (spec.dnsPolicy === 'None' && (!dnsConfig || arr(dnsConfig.nameservers).length === 0)) {
    ctx.error('dns', `${path}.dnsConfig`, 'Required value: must provide at least one DNS nameserver when DNSPolicy is set to None',
      'add dnsConfig.nameservers or use another dnsPolicy');
  }
  if (dnsConfig) {
    const ns = arr(dnsConfig.nameservers);
    if (ns.length > 3) ctx.error('dns', `${path}.dnsConfig.nameservers`, `Invalid value: ${q(ns)}: must not have more than 3 nameservers`);
    ns.forEach((n, i) => {
      if (typeof n === 'string' && !isIP(n)) ctx.error('dns', `${path}.dnsConfig.nameservers[${i}]`, `Invalid value: ${q(n)}: must be a valid IP address`);
    });
  }
  for (const f of ['terminationGracePeriodSeconds']) nonNegative(ctx, 'pod', `${path}.${f}`, spec[f]);
  if (typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds <= 0) {
    ctx.error('pod', `${path}.activeDeadlineSeconds`, `Invalid value: ${spec.activeDeadlineSeconds}: must be between 1 and 2147483647, inclusive`);
  }
  for (const f of ['serviceAccountName', 'priorityClassName', 'nodeName', 'schedulerName', 'runtimeClassName']) {
    const v = str(spec[f]);
    if (v) ctx.syntax('pod', `${path}.${f}`, v, dns1123Subdomain(v));
  }
  for (const f of ['hostname', 'subdomain']) {
    const v = str(spec[f]);
    if (v) ctx.syntax('pod', `${path}.${f}`, v, dns1123Label(v));
  }
  const nodeSelector = obj(spec.nodeSelector);
  if (nodeSelector) checkLabels(ctx, 'labels', `${path}.nodeSelector`, nodeSelector);
  arr(spec.tolerations).forEach((t, i) => checkToleration(ctx, `${path}.tolerations[${i}]`, obj(t)));
  arr(spec.imagePullSecrets).forEach((s, i) => {
    const o = obj(s);
    if (o && !str(o.name)) ctx.error('pod', `${path}.imagePullSecrets[${i}].name`, 'Required value', 'name the image pull Secret');
  });
  checkSecurityContext(ctx, `${path}.securityContext`, obj(spec.securityContext));
  const affinity = obj(spec.affinity);
  if (affinity) checkAffinity(ctx, `${path}.affinity`, affinity);
  const tsc = arr(spec.topologySpreadConstraints);
  const seenTsc = new Set<string>();
  tsc.forEach((c, i) => {
    const co = obj(c);
    if (!co) return;
    const cp = `${path}.topologySpreadConstraints[${i}]`;
    if (typeof co.maxSkew === 'number' && co.maxSkew <= 0) {
      ctx.error('pod', `${cp}.maxSkew`, `Invalid value: ${co.maxSkew}: must be greater than zero`, 'use maxSkew >= 1');
    }
    if (!str(co.topologyKey)) ctx.error('pod', `${cp}.topologyKey`, 'Required value: can not be empty', 'e.g. topology.kubernetes.io/zone');
    if (co.whenUnsatisfiable != null) enumCheck(ctx, 'pod', `${cp}.whenUnsatisfiable`, co.whenUnsatisfiable, ['DoNotSchedule', 'ScheduleAnyway']);
    const key = `${str(co.topologyKey)}/${str(co.whenUnsatisfiable)}`;
    if (seenTsc.has(key)) ctx.error('pod', cp, `Duplicate value: "{${str(co.topologyKey)}, ${str(co.whenUnsatisfiable)}}"`, 'merge the duplicate constraints');
    seenTsc.add(key);
    if (co.labelSelector) checkLabelSelector(ctx, `${cp}.labelSelector`, co.labelSelector);
    if (typeof co.minDomains === 'number' && co.minDomains <= 0) {
      ctx.error('pod', `${cp}.minDomains`, `Invalid value: ${co.minDomains}: must be greater than 0`);
    }
  });
  void opts.isTemplate;
}

export function isIP(s: string): boolean {
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s)) return s.split('.').every((p) => Number(p) <= 255);
  if (s.includes(':')) return /^[0-9a-fA-F:.]+$/.test(s) && s.split('::').length <= 2;
  return false;
}

function checkToleration(ctx: Ctx, path: string, t: Obj | undefined): void {
  if (!t) return;
  const key = str(t.key);
  if (key) ctx.syntax('pod', `${path}.key`, key, labelKey(key));
  const op = t.operator;
  if (!key && op !== 'Exists') {
    ctx.error('pod', `${path}.operator`, `Invalid value: ${q(op ?? '')}: operator must be Exists when \`key\` is empty, which means "match all values and all keys"`,
      'set operator: Exists or give a key');
  }
  if (op === 'Exists' && typeof t.value === 'string' && t.value !== '') {
    ctx.error('pod', `${path}.operator`, "Invalid value: \"Exists\": value must be empty when `operator` is 'Exists'", 'remove value');
  } else if (op !== undefined && op !== 'Exists' && op !== 'Equal') {
    ctx.error('pod', `${path}.operator`, `Unsupported value: ${q(op)}: supported values: "Equal", "Exists"`,
      op === 'Gt' || op === 'Lt' ? 'Gt/Lt need the alpha TaintTolerationComparisonOperators feature gate (1.35+), off by default; use Equal or Exists'
        : 'use Equal or Exists');
  }
  if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
    ctx.error('pod', `${path}.effect`, `Invalid value: ${q(t.effect ?? '')}: effect must be 'NoExecute' when \`tolerationSeconds\` is set`,
      'set effect: NoExecute or remove tolerationSeconds');
  }
  if (t.effect !== undefined && t.effect !== '') enumCheck(ctx, 'pod', `${path}.effect`, t.effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']);
  if (typeof t.value === 'string' && t.value !== '') ctx.syntax('pod', `${path}.value`, t.value, labelValue(t.value));
}

function checkSecurityContext(ctx: Ctx, path: string, sc: Obj | undefined): void {
  if (!sc) return;
  for (const f of ['runAsUser', 'runAsGroup', 'fsGroup']) {
    const v = num(sc[f]);
    if (v !== undefined && (v < 0 || v > 2147483647)) {
      ctx.error('security-context', `${path}.${f}`, `Invalid value: ${v}: must be between 0 and 2147483647, inclusive`);
    }
  }
  arr(sc.supplementalGroups).forEach((g, i) => {
    if (typeof g === 'number' && (g < 0 || g > 2147483647)) {
      ctx.error('security-context', `${path}.supplementalGroups[${i}]`, `Invalid value: ${g}: must be between 0 and 2147483647, inclusive`);
    }
  });
  if (sc.fsGroupChangePolicy != null) enumCheck(ctx, 'security-context', `${path}.fsGroupChangePolicy`, sc.fsGroupChangePolicy, ['OnRootMismatch', 'Always']);
  const seccomp = obj(sc.seccompProfile);
  if (seccomp) {
    if (seccomp.type != null) enumCheck(ctx, 'security-context', `${path}.seccompProfile.type`, seccomp.type, ['RuntimeDefault', 'Unconfined', 'Localhost']);
    if (seccomp.type === 'Localhost' && !str(seccomp.localhostProfile)) {
      ctx.error('security-context', `${path}.seccompProfile.localhostProfile`, 'Required value: must be set when seccomp type is Localhost');
    }
  }
  arr(sc.sysctls).forEach((s, i) => {
    const name = str(obj(s)?.name);
    if (name !== undefined && !/^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/.test(name)) {
      ctx.error('security-context', `${path}.sysctls[${i}].name`, `Invalid value: ${q(name)}: must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$`);
    }
  });
}

const NODE_OPS = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];

function checkNodeSelectorTerm(ctx: Ctx, path: string, term: Obj): void {
  for (const field of ['matchExpressions', 'matchFields']) {
    arr(term[field]).forEach((r, i) => {
      const ro = obj(r);
      if (!ro) return;
      const rp = `${path}.${field}[${i}]`;
      const op = ro.operator;
      const values = arr(ro.values);
      if (op === undefined || op === null) {
        ctx.error('affinity', `${rp}.operator`, 'Required value: an operator is required', `use one of ${NODE_OPS.join(', ')}`);
      } else if (!NODE_OPS.includes(op as string)) {
        ctx.error('affinity', `${rp}.operator`, `Invalid value: ${q(op)}: not a valid selector operator`, `use one of ${NODE_OPS.join(', ')}`);
      } else if ((op === 'In' || op === 'NotIn') && values.length === 0) {
        ctx.error('affinity', `${rp}.values`, "Required value: must be specified when `operator` is 'In' or 'NotIn'");
      } else if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) {
        ctx.error('affinity', `${rp}.values`, "Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'");
      } else if ((op === 'Gt' || op === 'Lt') && (values.length !== 1 || !/^-?[0-9]+$/.test(typeof values[0] === 'string' || typeof values[0] === 'number' ? `${values[0]}` : ''))) {
        ctx.error('affinity', `${rp}.values`, "Required value: must be specified single value when `operator` is 'Lt' or 'Gt'");
      }
      const key = str(ro.key);
      if (key && field === 'matchExpressions') ctx.syntax('affinity', `${rp}.key`, key, labelKey(key));
    });
  }
}

function checkPodAffinityTerm(ctx: Ctx, path: string, term: Obj): void {
  if (!str(term.topologyKey)) ctx.error('affinity', `${path}.topologyKey`, 'Required value: can not be empty', 'e.g. kubernetes.io/hostname');
  else ctx.syntax('affinity', `${path}.topologyKey`, term.topologyKey as string, labelKey(term.topologyKey as string));
  if (term.labelSelector) checkLabelSelector(ctx, `${path}.labelSelector`, term.labelSelector);
  if (term.namespaceSelector) checkLabelSelector(ctx, `${path}.namespaceSelector`, term.namespaceSelector);
}

function checkAffinity(ctx: Ctx, path: string, a: Obj): void {
  const na = obj(a.nodeAffinity);
  if (na) {
    const req = obj(na.requiredDuringSchedulingIgnoredDuringExecution);
    if (req) {
      const terms = arr(req.nodeSelectorTerms);
      if (terms.length === 0) {
        ctx.error('affinity', `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`,
          'Required value: must have at least one node selector term');
      }
      terms.forEach((t, i) => {
        const to = obj(t);
        if (to) checkNodeSelectorTerm(ctx, `${path}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`, to);
      });
    }
    arr(na.preferredDuringSchedulingIgnoredDuringExecution).forEach((p, i) => {
      const po = obj(p);
      if (!po) return;
      const pp = `${path}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      if (typeof po.weight === 'number' && (po.weight < 1 || po.weight > 100)) {
        ctx.error('affinity', `${pp}.weight`, `Invalid value: ${po.weight}: must be in the range 1-100`);
      }
      const pref = obj(po.preference);
      if (pref) checkNodeSelectorTerm(ctx, `${pp}.preference`, pref);
    });
  }
  for (const k of ['podAffinity', 'podAntiAffinity']) {
    const pa = obj(a[k]);
    if (!pa) continue;
    arr(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const to = obj(t);
      if (to) checkPodAffinityTerm(ctx, `${path}.${k}.requiredDuringSchedulingIgnoredDuringExecution[${i}]`, to);
    });
    arr(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
      const to = obj(t);
      if (!to) return;
      const tp = `${path}.${k}.preferredDuringSchedulingIgnoredDuringExecution[${i}]`;
      if (typeof to.weight === 'number' && (to.weight < 1 || to.weight > 100)) {
        ctx.error('affinity', `${tp}.weight`, `Invalid value: ${to.weight}: must be in the range 1-100`);
      }
      const pat = obj(to.podAffinityTerm);
      if (pat) checkPodAffinityTerm(ctx, `${tp}.podAffinityTerm`, pat);
    });
  }
}

export { enumCheck, nonNegative, checkQuantityField, isInt };
