/**
 * Compiles schemas (Kubernetes definitions and CRD openAPIV3Schemas) into validator closures:
 * one closure per schema node, built on first use of a kind and cached, $refs resolved once.
 *
 * Semantics follow kubeconform with the schemas openapi2jsonschema generates
 * (`--kubernetes --expanded --stand-alone [--strict]`):
 * - `null` is accepted for any field its parent does not list as required (openapi2jsonschema
 *   makes optional types `[type, "null"]`); required fields reject null.
 * - int-or-string is a string or an integer; Quantity is a string or a number (the string's
 *   syntax is checked too, as the API server does).
 * - strict: objects that declare properties reject unknown fields (additionalProperties: false).
 * - `format` is checked only for date-time; int32/int64/byte are not range-checked here.
 */
import { MAX_DEPTH } from '../parse/yaml';
import { compilePattern } from './patterns';
import { anyValidator, booleanValidator, dateTimeValidator, describeValue, didYouMean, fieldName, intOrString, integerValidator, numberValidator, pathOf, quantity, report, stringValidator, typeError, type Ctx, type Issue, type Validator } from './primitives';
import type { SchemaNode } from './versions';

export { describeValue, didYouMean, editDistance, isQuantity, newCtx, pathOf, typeFix, type Ctx, type Issue, type Validator } from './primitives';

interface Prop {
  readonly v: Validator;
  readonly nullable: boolean;
}

const hasOwn = Object.prototype.hasOwnProperty;

function objectValidator(props: Record<string, Prop> | undefined, required: readonly string[], additional: Validator | undefined, closed: 'never' | 'strict' | 'always'): Validator {
  const names = props ? Object.keys(props) : [];
  return (value, ctx) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      typeError(ctx, 'object', value);
      return;
    }
    if (++ctx.depth > MAX_DEPTH) {
      report(ctx, 'schema/too-deep', `document is nested more than ${MAX_DEPTH} levels deep`);
      ctx.depth--;
      return;
    }
    const obj = value as Record<string, unknown>;
    for (const k in obj) {
      const val = obj[k];
      const p = props === undefined ? undefined : props[k];
      if (p !== undefined) {
        if (val === null) {
          if (!p.nullable) report(ctx, 'schema/required', `'${k}' is required and must not be null`, `give '${k}' a value`, k);
          continue;
        }
        ctx.path.push(k);
        p.v(val, ctx);
        ctx.path.pop();
      } else if (additional !== undefined) {
        if (val === null) continue;
        ctx.path.push(k);
        additional(val, ctx);
        ctx.path.pop();
      } else if (closed === 'always' || (closed === 'strict' && ctx.strict)) {
        const guess = didYouMean(k, names);
        report(
          ctx,
          'schema/unknown-field',
          `unknown field '${k}'${ctx.path.length ? ` in ${pathOf(ctx.path)}` : ''}`,
          guess ? `did you mean ${guess}?` : names.length ? `remove it; known fields: ${names.slice(0, 12).join(', ')}${names.length > 12 ? ', …' : ''}` : 'remove it',
          k,
        );
      }
    }
    for (let i = 0; i < required.length; i++) {
      const r = required[i];
      if (!hasOwn.call(obj, r)) report(ctx, 'schema/required', `missing required field '${r}'${ctx.path.length ? ` in ${pathOf(ctx.path)}` : ''}`, `add '${r}'`, r);
    }
    ctx.depth--;
  };
}

function arrayValidator(items: Validator | undefined): Validator {
  return (value, ctx) => {
    if (!Array.isArray(value)) {
      typeError(ctx, 'array', value);
      return;
    }
    if (items === undefined) return;
    if (++ctx.depth > MAX_DEPTH) {
      report(ctx, 'schema/too-deep', `document is nested more than ${MAX_DEPTH} levels deep`);
      ctx.depth--;
      return;
    }
    for (let i = 0; i < value.length; i++) {
      const el = value[i];
      if (el === null) continue;
      ctx.path.push(i);
      items(el, ctx);
      ctx.path.pop();
    }
    ctx.depth--;
  };
}

function withEnum(base: Validator, values: readonly unknown[]): Validator {
  const shown = values.slice(0, 10).map((x) => JSON.stringify(x)).join(', ') + (values.length > 10 ? ', …' : '');
  return (v, ctx) => {
    const before = ctx.issues.length;
    base(v, ctx);
    if (ctx.issues.length !== before) return;
    if (!values.includes(v)) {
      const guess = typeof v === 'string' ? didYouMean(v, values.filter((x): x is string => typeof x === 'string')) : undefined;
      report(ctx, 'schema/enum', `${fieldName(ctx)} must be one of ${shown}, got ${describeValue(v)}`, guess ? `did you mean ${guess}?` : undefined);
    }
  };
}

function all(validators: Validator[]): Validator {
  if (validators.length === 1) return validators[0];
  return (v, ctx) => {
    for (let i = 0; i < validators.length; i++) validators[i](v, ctx);
  };
}

/** Runs a validator into a scratch context; returns its issues. */
function trial(f: Validator, v: unknown, ctx: Ctx): Issue[] {
  const saved = ctx.issues;
  ctx.issues = [];
  f(v, ctx);
  const got = ctx.issues;
  ctx.issues = saved;
  return got;
}

export interface CompilerOptions {
  /** The definition a $ref names ('#/definitions/<name>'), or undefined. */
  readonly definition?: (name: string) => SchemaNode | undefined;
}

const SPECIAL: Record<string, Validator> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': intOrString,
  'io.k8s.apimachinery.pkg.api.resource.Quantity': quantity,
};
const ALWAYS_NULLABLE = new Set(Object.keys(SPECIAL));

/** Compiles schema nodes; one instance per definitions set (per Kubernetes version). */
export class SchemaCompiler {
  private readonly refs = new Map<string, Validator>();
  constructor(private readonly opts: CompilerOptions = {}) {}

  /** The validator of a named definition (compiled on first use). */
  definition(name: string): Validator {
    const cached = this.refs.get(name);
    if (cached) return cached;
    const special = SPECIAL[name];
    if (special) return special;
    const def = this.opts.definition?.(name);
    if (!def) return anyValidator;
    // Indirection first, so recursive definitions (JSONSchemaProps) terminate.
    let impl: Validator | undefined;
    const lazy: Validator = (v, ctx) => impl!(v, ctx);
    this.refs.set(name, lazy);
    impl = this.node(def);
    this.refs.set(name, impl);
    return impl;
  }

  private refName(ref: string): string {
    return ref.replace(/^#\/definitions\//, '');
  }

  /** Whether a property with this schema accepts null although required (int-or-string, quantity). */
  private alwaysNullable(s: SchemaNode): boolean {
    return typeof s.$ref === 'string' && ALWAYS_NULLABLE.has(this.refName(s.$ref));
  }

  node(s: SchemaNode): Validator {
    if (typeof s.$ref === 'string') return this.definition(this.refName(s.$ref));
    const parts: Validator[] = [];
    const type = s.type as string | undefined;
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    if (s['x-kubernetes-int-or-string'] === true || s.format === 'int-or-string') {
      parts.push(intOrString);
    } else if (type === 'object' || (type === undefined && (s.properties || s.additionalProperties))) {
      const propsSrc = s.properties as Record<string, SchemaNode> | undefined;
      const required = (Array.isArray(s.required) ? s.required : []) as string[];
      let props: Record<string, Prop> | undefined;
      if (propsSrc) {
        props = Object.create(null) as Record<string, Prop>;
        for (const [k, ps] of Object.entries(propsSrc)) {
          const nullable = !required.includes(k) || ps.nullable === true || this.alwaysNullable(ps);
          props[k] = { v: this.node(ps), nullable };
        }
      }
      const ap = s.additionalProperties;
      let additional: Validator | undefined;
      let closed: 'never' | 'strict' | 'always' = 'never';
      if (ap && typeof ap === 'object') additional = this.node(ap as SchemaNode);
      else if (ap === false) closed = 'always';
      else if (ap === undefined && propsSrc && !preserve && s['x-kubernetes-embedded-resource'] !== true) closed = 'strict';
      if (!propsSrc && !additional && closed === 'never' && required.length === 0) {
        parts.push(plainObject);
      } else {
        parts.push(objectValidator(props, required, additional, closed));
      }
    } else if (type === 'array') {
      parts.push(arrayValidator(s.items && typeof s.items === 'object' && !Array.isArray(s.items) ? this.node(s.items as SchemaNode) : undefined));
      if (typeof s.minItems === 'number' || typeof s.maxItems === 'number') parts.push(lengthCheck(s.minItems as number | undefined, s.maxItems as number | undefined, 'items'));
    } else if (type === 'string') {
      parts.push(s.format === 'date-time' ? dateTimeValidator : stringValidator);
      if (typeof s.pattern === 'string') parts.push(patternCheck(s.pattern));
      if (typeof s.minLength === 'number' || typeof s.maxLength === 'number') parts.push(lengthCheck(s.minLength as number | undefined, s.maxLength as number | undefined, 'characters'));
    } else if (type === 'integer') {
      parts.push(integerValidator);
    } else if (type === 'number') {
      parts.push(numberValidator);
    } else if (type === 'boolean') {
      parts.push(booleanValidator);
    }
    if ((type === 'integer' || type === 'number') && (typeof s.minimum === 'number' || typeof s.maximum === 'number')) {
      parts.push(rangeCheck(s.minimum as number | undefined, s.maximum as number | undefined, s.exclusiveMinimum === true, s.exclusiveMaximum === true));
    }
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const list = s[key];
      if (Array.isArray(list) && list.length > 0) parts.push(this.combinator(key, list as SchemaNode[]));
    }
    let v = parts.length === 0 ? anyValidator : all(parts);
    if (Array.isArray(s.enum) && s.enum.length > 0) v = withEnum(v, s.enum);
    return v;
  }

  private combinator(key: 'allOf' | 'anyOf' | 'oneOf', list: SchemaNode[]): Validator {
    const vs = list.map((x) => this.node(x));
    if (key === 'allOf') return all(vs);
    return (v, ctx) => {
      let passed = 0;
      let firstIssues: Issue[] | undefined;
      for (const f of vs) {
        const got = trial(f, v, ctx);
        if (got.length === 0) passed++;
        else if (!firstIssues) firstIssues = got;
      }
      if (key === 'anyOf' && passed === 0 && firstIssues) ctx.issues.push(...firstIssues);
      if (key === 'oneOf' && passed !== 1) {
        if (passed === 0 && firstIssues) ctx.issues.push(...firstIssues);
        else report(ctx, 'schema/one-of', `${fieldName(ctx)} matches ${passed} of the ${vs.length} alternatives; exactly one is allowed`);
      }
    };
  }
}

const plainObject: Validator = (v, ctx) => {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) typeError(ctx, 'object', v);
};

function lengthCheck(min: number | undefined, max: number | undefined, unit: string): Validator {
  return (v, ctx) => {
    const n = typeof v === 'string' ? [...v].length : Array.isArray(v) ? v.length : undefined;
    if (n === undefined) return;
    if (min !== undefined && n < min) report(ctx, 'schema/length', `${fieldName(ctx)} must have at least ${min} ${unit}, has ${n}`);
    if (max !== undefined && n > max) report(ctx, 'schema/length', `${fieldName(ctx)} must have at most ${max} ${unit}, has ${n}`);
  };
}

function rangeCheck(min: number | undefined, max: number | undefined, exMin: boolean, exMax: boolean): Validator {
  return (v, ctx) => {
    if (typeof v !== 'number') return;
    if (min !== undefined && (exMin ? v <= min : v < min)) report(ctx, 'schema/range', `${fieldName(ctx)} must be ${exMin ? 'greater than' : 'at least'} ${min}, got ${v}`);
    if (max !== undefined && (exMax ? v >= max : v > max)) report(ctx, 'schema/range', `${fieldName(ctx)} must be ${exMax ? 'less than' : 'at most'} ${max}, got ${v}`);
  };
}

function patternCheck(pattern: string): Validator {
  // RE2, as the API server: linear time, Go's syntax. A pattern RE2 refuses checks nothing here;
  // for a CRD, the structural checks (crd-structure.ts) report it on the CRD.
  const re = compilePattern(pattern);
  return (v, ctx) => {
    if (typeof re !== 'string' && typeof v === 'string' && !re.test(v)) report(ctx, 'schema/pattern', `${fieldName(ctx)} ${JSON.stringify(v)} does not match the pattern ${pattern}`);
  };
}
