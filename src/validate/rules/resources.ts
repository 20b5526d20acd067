// Container resources: names, quantities, requests against limits.
import { Ctx, obj, Obj, q } from './context';
import { checkQuantityField } from './common';
import { parseQuantity, qualifiedName, quantity } from './syntax';

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

function entryPath(path: string, section: string, name: string): string {
  return `${path}.${section}[${quotedKey(name)}]`;
}

export function checkResources(ctx: Ctx, path: string, res: Obj): void {
  const limits = obj(res.limits) ?? {};
  const requests = obj(res.requests) ?? {};
  let parsedLimits: Map<string, number> | undefined;
  for (let idx = 0; idx < RESOURCE_SECTIONS.length; idx++) {
    const section = RESOURCE_SECTIONS[idx];
    const m = section === 'limits' ? limits : requests;
    const names = Object.keys(m);
    for (let j = 0; j < names.length; j++) {
      const name = names[j];
      const value = m[name];
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
      if (value === null) {
        // A ResourceList entry decodes null as a zero Quantity: the pod would get 0, not the amount meant.
        ctx.error('resources', entryPath(path, section, name), `Invalid value: null: must be a quantity (the API server reads a null ${name} ${section === 'limits' ? 'limit' : 'request'} as 0)`,
          `write the amount, e.g. ${name}: ${name === 'cpu' ? '250m' : '256Mi'} (in cdk8s: k8s.Quantity.fromString('${name === 'cpu' ? '250m' : '256Mi'}')), or remove the entry`);
        continue;
      }
      // (the entry's path is built only for a finding: this runs for every container of thousands of documents)
      const n = typeof value === 'number' ? value
        : typeof value === 'string' && quantity(value).length === 0 ? parseQuantity(value) : checkQuantityField(ctx, entryPath(path, section, name), value);
      if (n === undefined) continue;
      if (n < 0) {
        ctx.error('resources', entryPath(path, section, name), `Invalid value: ${q(value)}: must be greater than or equal to 0`, 'use a non-negative quantity');
        continue;
      }
      if (!isStd && !Number.isInteger(n)) {
        ctx.error('resources', entryPath(path, section, name), `Invalid value: ${q(value)}: must be an integer`, 'extended resources are whole units');
      }
      if (section === 'limits') (parsedLimits ??= new Map()).set(name, n);
      else {
        const lim = parsedLimits?.get(name);
        if (lim !== undefined) {
          if (name.startsWith('hugepages-') || !isStd) {
            if (n !== lim) {
              ctx.error('resources', entryPath(path, section, name), `Invalid value: ${q(value)}: must be equal to ${name} limit of ${q(limits[name])}`,
                `set requests.${name} equal to limits.${name}`);
            }
          } else if (n > lim + 1e-12 * Math.max(1, lim)) {
            ctx.error('resources', entryPath(path, section, name), `Invalid value: ${q(value)}: must be less than or equal to ${name} limit of ${q(limits[name])}`,
              `lower requests.${name} or raise limits.${name}`);
          }
        }
      }
    }
  }
}
