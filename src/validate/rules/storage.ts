// PersistentVolumeClaim specs, alone and as StatefulSet volumeClaimTemplates.
import { arr, Ctx, obj, Obj, q, specRule, type RuleTable } from './context';
import { checkQuantityField, enumCheck } from './common';
import { checkLabelSelector } from './labels';

const ACCESS_MODES = ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'];

export function checkPvcSpec(ctx: Ctx, path: string, spec: Obj, template: boolean): void {
  const modes = arr(spec.accessModes);
  if (modes.length === 0) {
    ctx.error('pvc', `${path}.accessModes`, 'Required value: at least 1 access mode is required', 'e.g. accessModes: [ReadWriteOnce]');
  }
  modes.forEach((m, i) => enumCheck(ctx, 'pvc', `${path}.accessModes[${i}]`, m, ACCESS_MODES));
  if (modes.includes('ReadWriteOncePod') && modes.length > 1) {
    ctx.error('pvc', `${path}.accessModes`, 'Forbidden: may not use ReadWriteOncePod with other access modes', 'use ReadWriteOncePod alone');
  }
  const requests = obj(obj(spec.resources)?.requests);
  const storage = requests?.storage;
  if (storage === undefined || storage === null) {
    ctx.error('pvc', `${path}.resources.requests.storage`, 'Required value', "request a size, e.g. storage: 10Gi");
  } else {
    const n = checkQuantityField(ctx, `${path}.resources.requests.storage`, storage);
    if (n !== undefined && n <= 0) ctx.error('pvc', `${path}.resources.requests.storage`, `Invalid value: ${q(storage)}: must be greater than zero`);
  }
  if (spec.volumeMode != null) enumCheck(ctx, 'pvc', `${path}.volumeMode`, spec.volumeMode, ['Block', 'Filesystem']);
  if (spec.selector) checkLabelSelector(ctx, `${path}.selector`, spec.selector);
  void template;
}

export const STORAGE_RULES: RuleTable = {
  PersistentVolumeClaim: [specRule('pvc', ['v1'], (ctx, spec) => checkPvcSpec(ctx, 'spec', spec, false))],
};
