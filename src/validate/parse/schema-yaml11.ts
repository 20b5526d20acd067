/**
 * The YAML scalar rules kubectl applies. kubectl (and kubeconform) read manifests with
 * sigs.k8s.io/yaml, i.e. go-yaml v2: YAML 1.1 booleans (yes/no/on/off/y/n in any of their
 * spellings) and YAML 1.1 octal integers (a leading 0: `defaultMode: 0644` is 420). js-yaml's
 * core schema is YAML 1.2 (`yes` is a string, `0644` is 644), so this schema puts the 1.1 rules
 * in front of it: a manifest means here what it means to the API server.
 */
import * as jsyaml from 'js-yaml';

const TYPES = (jsyaml as unknown as { types: Record<'null' | 'int' | 'float' | 'merge', jsyaml.Type> }).types;

const TRUE_WORDS = ['y', 'Y', 'yes', 'Yes', 'YES', 'on', 'On', 'ON', 'true', 'True', 'TRUE'];
const FALSE_WORDS = ['n', 'N', 'no', 'No', 'NO', 'off', 'Off', 'OFF', 'false', 'False', 'FALSE'];

/** Plain scalar -> boolean, for every YAML 1.1 spelling. */
export const BOOL_WORDS: ReadonlyMap<string, boolean> = new Map<string, boolean>([...TRUE_WORDS.map((w): [string, boolean] => [w, true]), ...FALSE_WORDS.map((w): [string, boolean] => [w, false])]);

export const BOOL_11 = new jsyaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string) => data !== null && BOOL_WORDS.has(data),
  construct: (data: string) => BOOL_WORDS.get(data) === true,
  predicate: (v: unknown) => typeof v === 'boolean',
  represent: (v: object) => (v ? 'true' : 'false'),
});

const OCTAL = /^[-+]?0[0-7_]+$/;

/** YAML 1.1 octal: a leading 0 followed by octal digits (underscores allowed, as go-yaml strips them). */
export function octal11(data: string): number | undefined {
  if (!OCTAL.test(data)) return undefined;
  const digits = data.replace(/[-+_]/g, '');
  if (digits.replace(/0/g, '') === '' && data.replace(/[-+]/g, '').length === 1) return undefined; // plain '0'
  const n = parseInt(digits, 8);
  return data.charCodeAt(0) === 45 ? -n : n;
}

// A tag of its own: js-yaml keeps one implicit type per tag, and the core int type must stay too.
export const OCTAL_11 = new jsyaml.Type('tag:helmless.io,2025:int-octal-yaml11', {
  kind: 'scalar',
  resolve: (data: string) => data !== null && octal11(data) !== undefined,
  construct: (data: string) => octal11(data),
  predicate: (v: unknown) => typeof v === 'number' && Number.isInteger(v),
  represent: (v: object) => String(v),
});

/** Scalar resolution of kubectl's YAML reader, plus merge keys; timestamps stay strings. */
export const KUBECTL_YAML_SCHEMA = jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [TYPES.null, BOOL_11, OCTAL_11, TYPES.int, TYPES.float, TYPES.merge] });

/** The implicit scalar types in resolution order (for the fast path). */
export const IMPLICIT_SCALAR_TYPES: readonly jsyaml.Type[] = [TYPES.null, BOOL_11, OCTAL_11, TYPES.int, TYPES.float];
