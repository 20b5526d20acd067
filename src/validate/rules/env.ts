// Container environment: env (values and valueFrom sources) and envFrom; the field and resource
// references are shared with downwardAPI volumes.
import { Ctx, isObj, obj, Obj, q, str } from './context';
import { checkQuantityField } from './common';
import { configMapKey, dns1123Subdomain, envVarName, labelKey, qualifiedName } from './syntax';

const FIELD_PATHS = [
  'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP',
  'status.hostIPs', 'status.podIP', 'status.podIPs',
];

const RESOURCE_FIELDS = [
  'limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage',
];

export function checkFieldRef(ctx: Ctx, path: string, fr: Obj, inVolume: boolean): void {
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

export function checkResourceFieldRef(ctx: Ctx, path: string, rf: Obj, requireContainer: boolean): void {
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
  else if (configMapKey(key).length > 0) ctx.syntax('env', `${path}.key`, key, configMapKey(key));
  const name = str(ref.name);
  if (!name) ctx.error('env', `${path}.name`, 'Required value', 'name the ConfigMap or Secret to read');
  else if (dns1123Subdomain(name).length > 0) ctx.syntax('env', `${path}.name`, name, dns1123Subdomain(name));
}

const VALUE_SOURCES = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef', 'fileKeyRef'];

export function checkEnv(ctx: Ctx, path: string, env: unknown[]): void {
  for (let i = 0; i < env.length; i++) {
    const ev = obj(env[i]);
    if (!ev) continue;
    const name = str(ev.name);
    if (!name) ctx.error('env-var-name', `${path}[${i}].name`, 'Required value', 'give the variable a name');
    else {
      const problems = envVarName(name, ctx.kubernetesVersion);
      if (problems.length > 0) {
        ctx.syntax('env-var-name', `${path}[${i}].name`, name, problems,
          ctx.minor >= 32 ? "use printable ASCII without '='" : 'use letters, digits, _, - and ., not starting with a digit (e.g. MY_VAR)');
      }
    }
    const vf = obj(ev.valueFrom);
    if (vf) checkValueFrom(ctx, `${path}[${i}]`, ev, vf);
  }
}

function checkValueFrom(ctx: Ctx, ep: string, ev: Obj, vf: Obj): void {
  const sources = VALUE_SOURCES.filter((k) => isObj(vf[k]));
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
  for (let idx = 0; idx < KEY_REFS.length; idx++) {
    const k = KEY_REFS[idx];
    const ref = obj(vf[k]);
    if (ref) checkKeyRef(ctx, `${ep}.valueFrom.${k}`, ref);
  }
}

const KEY_REFS = ['configMapKeyRef', 'secretKeyRef'];

export function checkEnvFrom(ctx: Ctx, path: string, envFrom: unknown[]): void {
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
    for (let idx = 0; idx < sources.length; idx++) {
      const k = sources[idx];
      const name = str(obj(ef[k])?.name);
      if (!name) ctx.error('env', `${ep}.${k}.name`, 'Required value', 'name the ConfigMap or Secret');
      else ctx.syntax('env', `${ep}.${k}.name`, name, dns1123Subdomain(name));
    }
  });
}
