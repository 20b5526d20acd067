import { Chart } from 'cdk8s';
import type { IConstruct } from 'constructs';
import { dns1035Label, dns1123Label, dns1123Subdomain } from '../validate/rules/syntax';
import { checkSyntax, invalidProp } from './errors';

/** Which naming rule a kind's names follow. */
export type NameRule = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label';

/**
 * Checks an object name against the API server's rule for its kind, plus an optional maximum
 * length (CronJob names <= 52: the controller appends an 11-character suffix to Job names).
 */
export function checkName(scope: IConstruct, kind: string, name: string, rule: NameRule, maxLength?: number): void {
  const problems = rule === 'dns1035-label' ? dns1035Label(name)
    : rule === 'dns1123-label' ? dns1123Label(name) : dns1123Subdomain(name);
  const suggestion = suggestName(name, rule);
  const fix = `pick a construct id (or 'name' prop) of lower-case letters, digits and '-'${rule === 'dns1035-label' ? ', starting with a letter' : ''}, e.g. '${suggestion}'`;
  checkSyntax(scope, `${kind} name`, name, problems, fix);
  if (maxLength !== undefined && name.length > maxLength) {
    invalidProp(scope, `${kind} name`, name, `must be no more than ${maxLength} characters (it has ${name.length})`, 'use a shorter construct id or name');
  }
}

const REGISTRY = Symbol.for('helmless.objectNames');
type Registry = Map<string, string>;

/**
 * Claims kind/namespace/name for the construct at `owner` within its app. A second claim from
 * another construct throws, naming both construct paths: helmless never adds hash suffixes, so a
 * collision would silently overwrite one object with another.
 */
export function claimName(owner: IConstruct, kind: string, name: string): void {
  const root = owner.node.root as unknown as Record<symbol, Registry | undefined>;
  let reg = root[REGISTRY];
  if (!reg) {
    reg = new Map();
    Object.defineProperty(root, REGISTRY, { value: reg, enumerable: false });
  }
  const namespace = Chart.of(owner).namespace ?? '';
  const key = `${kind}/${namespace}/${name}`;
  const previous = reg.get(key);
  if (previous !== undefined && previous !== owner.node.path) {
    invalidProp(owner, `${kind} name`, name,
      `it collides with the ${kind} of the same name${namespace ? ` in namespace '${namespace}'` : ''} created by '${previous}'`,
      'give one of the two constructs a different id or name');
  }
  reg.set(key, owner.node.path);
}

/** A valid name close to `name`: 'My_App' -> 'my-app'. */
export function suggestName(name: string, rule: NameRule = 'dns1123-label'): string {
  let s = name.toLowerCase().replace(rule === 'dns1123-subdomain' ? /[^a-z0-9.-]+/g : /[^a-z0-9-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  if (rule === 'dns1035-label') s = s.replace(/^[0-9-]+/, '');
  s = s.slice(0, 63).replace(/[^a-z0-9]+$/, '');
  return s || 'my-app';
}
