/**
 * The state one lint run shares between rules: options, the indexes built once over all
 * documents, and the findings collected (before suppression).
 */
import type { EvidenceMode, Finding } from '../types';
import { POLICY_RULES, RULES_BY_ID, type BestPracticeSet, type PolicyRule } from './catalogue';
import type { K8sObject } from './walk';

export type Profile = 'baseline' | 'restricted';

/** A finding before suppression, with the object it is about. */
export interface RawFinding {
  readonly k: K8sObject;
  readonly finding: Finding;
}

export interface ReportOptions {
  /**
   * The rule is a "restricted" control that, under the baseline profile, still runs as a best
   * practice (kube-linter / Polaris check it whatever the profile).
   */
  readonly bestPracticeUnderBaseline?: boolean;
  readonly severity?: 'error' | 'warning';
}

export interface ServiceAccountInfo {
  readonly name: string;
  readonly automount: unknown;
}

export class Ctx {
  readonly out: RawFinding[] = [];
  private readonly on = new Map<string, boolean>();
  private readonly serviceAccounts = new Map<string, ServiceAccountInfo>();
  private readonly disabled: ReadonlySet<string>;
  /** ServiceAccounts that a RoleBinding or ClusterRoleBinding among the documents binds ('ns\0name'), and their names. */
  private readonly bound = new Set<string>();
  private readonly boundNames = new Set<string>();

  constructor(
    readonly profile: Profile,
    /** The best-practice rules that run; 'none' for the profile alone. */
    readonly bestPractices: BestPracticeSet | 'none',
    readonly minor: number,
    readonly evidence: EvidenceMode,
    enable: readonly string[],
    disable: readonly string[],
    objects: readonly K8sObject[],
  ) {
    const norm = (id: string): string => (id.startsWith('policy/') ? id : `policy/${id}`);
    const enabled = new Set(enable.map(norm));
    const disabled = new Set(disable.map(norm));
    this.disabled = disabled;
    for (const rule of POLICY_RULES) this.on.set(rule.id, !disabled.has(rule.id) && this.levelOn(rule, enabled.has(rule.id)));
    for (const k of objects) {
      if (k.kind === 'ServiceAccount') this.serviceAccounts.set(`${k.namespace}\u0000${k.name}`, { name: k.name, automount: k.o.automountServiceAccountToken });
      else if ((k.kind === 'RoleBinding' || k.kind === 'ClusterRoleBinding') && k.apiVersion.startsWith('rbac.authorization.k8s.io/')) {
        for (const s of Array.isArray(k.o.subjects) ? k.o.subjects : []) {
          const so = s as Record<string, unknown> | null;
          if (!so || typeof so !== 'object' || so.kind !== 'ServiceAccount' || typeof so.name !== 'string') continue;
          // a RoleBinding's subject without a namespace is in the binding's namespace
          const ns = typeof so.namespace === 'string' && so.namespace ? so.namespace : k.namespace;
          this.bound.add(`${ns}\u0000${so.name}`);
          this.boundNames.add(so.name);
        }
      }
    }
  }

  private levelOn(rule: PolicyRule, explicitlyEnabled: boolean): boolean {
    switch (rule.level) {
      case 'meta':
      case 'baseline':
        return true;
      case 'restricted':
        return this.profile === 'restricted' || explicitlyEnabled;
      case 'best-practice':
        return explicitlyEnabled || this.bestPracticeSetHas(rule);
    }
  }

  private bestPracticeSetHas(rule: PolicyRule): boolean {
    switch (this.bestPractices) {
      case 'none':
        return false;
      case 'all':
        return true;
      case 'recommended':
        return rule.defaultEnabled;
      case 'essential':
        return rule.defaultEnabled && rule.essential;
    }
  }

  /** Whether a rule runs in this configuration. */
  enabled(ruleId: string): boolean {
    return this.on.get(ruleId) === true;
  }

  serviceAccount(namespace: string, name: string): ServiceAccountInfo | undefined {
    return this.serviceAccounts.get(`${namespace}\u0000${name}`);
  }

  /**
   * Whether a binding among the documents grants the ServiceAccount a role. A namespace-less
   * workload ('' namespace: unknown until applied) matches a binding of that account name in any namespace.
   */
  serviceAccountBound(namespace: string, name: string): boolean {
    return namespace === '' ? this.boundNames.has(name) : this.bound.has(`${namespace}\u0000${name}`);
  }

  report(ruleId: string, k: K8sObject, path: string, message: string, opts: ReportOptions = {}): void {
    const rule = RULES_BY_ID.get(ruleId);
    if (!rule) throw new Error(`internal: policy rule ${ruleId} is not in the catalogue`);
    let severity: 'error' | 'warning' = opts.severity ?? rule.severity;
    if (opts.bestPracticeUnderBaseline && this.profile === 'baseline') {
      // a restricted control run as a best practice: only when the best-practice set has it
      if (this.disabled.has(ruleId) || !(this.enabled(ruleId) || this.bestPracticeSetHas(rule))) return;
      if (ruleId === 'policy/run-as-non-root') severity = 'warning';
    } else if (!this.enabled(ruleId)) {
      return;
    }
    const f: { -readonly [K in keyof Finding]: Finding[K] } = {
      severity,
      rule: ruleId,
      message,
      file: k.doc.source.file,
      documentIndex: k.doc.source.documentIndex,
      path,
      fix: rule.fix,
      object: objectRefOf(k),
    };
    if (k.doc.source.constructPath) f.constructPath = k.doc.source.constructPath;
    if (k.doc.source.sourceLocation) f.sourceLocation = k.doc.source.sourceLocation;
    this.out.push({ k, finding: f });
  }
}

/** The object a finding is about, fields present only when known (built without spreads: lint can report thousands). */
function objectRefOf(k: K8sObject): { apiVersion?: string; kind?: string; namespace?: string; name?: string } {
  const o: { apiVersion?: string; kind?: string; namespace?: string; name?: string } = {};
  if (k.apiVersion) o.apiVersion = k.apiVersion;
  if (k.kind) o.kind = k.kind;
  if (k.namespace) o.namespace = k.namespace;
  if (k.name) o.name = k.name;
  return o;
}

/** Parse 'x.y[.z]' to its minor version (1.27 -> 27). */
export function minorOf(version: string | undefined): number {
  const m = /^v?(\d+)\.(\d+)/.exec(version ?? '1.27.0');
  if (!m) return 27;
  return Number(m[1]) > 1 ? 1000 : Number(m[2]);
}
