// Pod volumes: names, exactly one source each, and the fields of the sources the API server
// checks (secret, configMap, persistentVolumeClaim, hostPath, emptyDir, projected, downwardAPI).
import { arr, Ctx, isObj, obj, Obj, q, str } from './context';
import { checkQuantityField, enumCheck } from './common';
import { checkFieldRef, checkResourceFieldRef } from './env';
import { dns1123Label, dns1123Subdomain } from './syntax';

export const VOLUME_SOURCES = [
  'hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs',
  'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO',
  'storageos', 'csi', 'ephemeral', 'image',
];

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

/** The names of the pod's volumes (every volume that has one), as volumeMounts may name them. */
export function volumeNames(volumes: readonly unknown[]): Set<string> {
  const names = new Set<string>();
  for (let idx = 0; idx < volumes.length; idx++) {
    const v = volumes[idx];
    const n = str(obj(v)?.name);
    if (n) names.add(n);
  }
  return names;
}

/** Checks the pod's volumes at `path` ('spec.volumes'). */
export function checkVolumes(ctx: Ctx, path: string, volumes: unknown[]): void {
  const names = new Set<string>();
  volumes.forEach((v, i) => {
    const vol = obj(v);
    if (vol) checkVolume(ctx, `${path}[${i}]`, vol, names);
  });
}

function checkVolume(ctx: Ctx, vp: string, vol: Obj, names: Set<string>): void {
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
  if (secret) checkObjectVolume(ctx, `${vp}.secret`, secret, 'secretName', 'name the Secret to mount');
  const cm = obj(vol.configMap);
  if (cm) checkObjectVolume(ctx, `${vp}.configMap`, cm, 'name', 'name the ConfigMap to mount');
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
  if (proj) checkProjected(ctx, `${vp}.projected`, proj);
  const dapi = obj(vol.downwardAPI);
  if (dapi) {
    checkMode(ctx, `${vp}.downwardAPI.defaultMode`, dapi.defaultMode);
    checkDownwardItems(ctx, `${vp}.downwardAPI.items`, arr(dapi.items));
  }
}

/** A secret or configMap volume: the object's name (`nameField`), defaultMode and items. */
function checkObjectVolume(ctx: Ctx, path: string, src: Obj, nameField: string, fix: string): void {
  const n = str(src[nameField]);
  if (!n) ctx.error('volume', `${path}.${nameField}`, 'Required value', fix);
  else ctx.syntax('volume', `${path}.${nameField}`, n, dns1123Subdomain(n));
  checkMode(ctx, `${path}.defaultMode`, src.defaultMode);
  checkKeyToPaths(ctx, `${path}.items`, arr(src.items));
}

function checkProjected(ctx: Ctx, path: string, proj: Obj): void {
  checkMode(ctx, `${path}.defaultMode`, proj.defaultMode);
  arr(proj.sources).forEach((s, j) => {
    const so = obj(s);
    if (!so) return;
    const sp = `${path}.sources[${j}]`;
    const kinds = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken', 'clusterTrustBundle', 'podCertificate']
      .filter((k) => isObj(so[k]));
    if (kinds.length > 1) {
      ctx.error('volume', sp, `Forbidden: may not specify more than 1 volume type (found ${kinds.join(', ')})`,
        'use one projection per sources entry');
    } else if (kinds.length === 0) {
      ctx.error('volume', sp, 'Required value: must specify one projection source',
        'set one of secret, configMap, downwardAPI, serviceAccountToken');
    }
    for (const k of ['secret', 'configMap']) {
      const o = obj(so[k]);
      if (o) checkKeyToPaths(ctx, `${sp}.${k}.items`, arr(o.items));
    }
    const sat = obj(so.serviceAccountToken);
    if (sat) {
      if (!str(sat.path)) ctx.error('volume', `${sp}.serviceAccountToken.path`, 'Required value');
      if (typeof sat.expirationSeconds === 'number' && (sat.expirationSeconds < 600 || sat.expirationSeconds > 2 ** 32)) {
        ctx.error('volume', `${sp}.serviceAccountToken.expirationSeconds`,
          `Invalid value: ${sat.expirationSeconds}: may not specify a duration less than 10 minutes`, 'use at least 600 seconds');
      }
    }
    const dapi = obj(so.downwardAPI);
    if (dapi) checkDownwardItems(ctx, `${sp}.downwardAPI.items`, arr(dapi.items));
  });
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
