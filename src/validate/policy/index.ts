// Layer 4: best-practice policy lint (kube-linter / kube-score / Polaris class, Pod Security
// Standards profiles). One pass over the documents; indexes built once; deterministic order.
import { sortFindings } from '../engine';
import { guardLayer } from '../internal';
import type { EvidenceMode, Finding, ManifestDocument } from '../types';
import { POLICY_RULES, RULES_BY_ID, SUPPRESSION_PREFIX, type BestPracticeSet } from './catalogue';
import { Ctx, minorOf, type RawFinding } from './context';
import { buildIndexes, lintObject, lintWorkloadObject } from './objects';
import { lintWorkload } from './pod';
import { describeObject, join, objectsOf, obj, strMap, workloadOf, type K8sObject, type Workload } from './walk';

export { POLICY_RULES, RULES_BY_ID, SUPPRESSION_PREFIX, suppressionAnnotation } from './catalogue';
export type { BestPracticeSet, PolicyRule, RuleLevel } from './catalogue';

export interface LintOptions {
  /** Pod Security Standards profile to enforce. @default 'restricted' */
  readonly profile?: 'baseline' | 'restricted';
  /**
   * The best-practice rules (kube-linter / kube-score / Polaris class) run on top of the profile:
   * 'essential' (high-signal only), 'recommended' (every rule that is not opt-in), 'all' (opt-in
   * rules too); true is 'recommended', false none.
   * @default 'recommended'
   */
  readonly bestPractices?: boolean | BestPracticeSet;
  /** Namespace of the namespaced objects that name none (`kubectl apply -n NS`). @default - they stay without namespace */
  readonly namespace?: string;
  /** Opt-in rules to run as well ('policy/cpu-limit-missing' or 'cpu-limit-missing'). @default - none */
  readonly enable?: readonly string[];
  /** Rules not to run at all. @default - none */
  readonly disable?: readonly string[];
  /** Kubernetes version of version-aware rules (safe sysctls), 'x.y' or 'x.y.z'. @default '1.27.0' */
  readonly kubernetesVersion?: string;
  /**
   * 'complete' (synth: every object of the app is given): references to absent objects are findings.
   * 'partial' (files): cross-object rules judge only what the documents show. @default 'partial'
   */
  readonly evidence?: EvidenceMode;
}

/** A finding an object's `helmless.io/allow-<rule>` annotation suppressed, with the reason given. */
export interface SuppressedFinding {
  readonly finding: Finding;
  readonly reason: string;
  readonly annotation: string;
}

export interface LintResult {
  /** Findings that count (sorted like the validator's). */
  readonly findings: Finding[];
  /** Findings suppressed with a reason (sorted). */
  readonly suppressed: SuppressedFinding[];
}

/** Rule ids (without 'policy/') an annotation can name. */
const KNOWN_NAMES = new Set(POLICY_RULES.filter((r) => r.level !== 'meta').map((r) => r.id.slice('policy/'.length)));

/** The suppression annotations that apply to an object: its own, and its pod template's. */
function suppressionsOf(k: K8sObject, w: Workload | undefined): Map<string, { reason: string; annotation: string; path: string }> {
  const out = new Map<string, { reason: string; annotation: string; path: string }>();
  const add = (ann: Record<string, string>, path: string): void => {
    for (const [key, value] of Object.entries(ann)) {
      if (!key.startsWith(SUPPRESSION_PREFIX)) continue;
      const name = key.slice(SUPPRESSION_PREFIX.length);
      if (!out.has(name)) out.set(name, { reason: value.trim(), annotation: key, path: join(path, `annotations.${key}`) });
    }
  };
  add(k.annotations, join(k.base, 'metadata'));
  if (w && w.k.kind !== 'Pod') add(w.podAnnotations, w.podMetaPath);
  if (k.kind === 'CronJob') add(strMap(obj(obj(obj(k.o.spec)?.jobTemplate)?.metadata)?.annotations), join(k.base, 'spec.jobTemplate.metadata'));
  return out;
}

/**
 * Lints parsed documents and splits the findings into counted and suppressed ones. Pure and
 * deterministic: the same documents and options give the same result in the same order.
 */
export function lintDocumentsDetailed(docs: readonly ManifestDocument[], opts: LintOptions = {}): LintResult {
  // a rule that throws on a document becomes an 'internal/policy' error on it (src/validate/internal.ts)
  let suppressed: SuppressedFinding[] = [];
  const findings = guardLayer(docs, 'policy', (ds) => {
    suppressed = [];
    const r = lintAll(ds, opts);
    suppressed = r.suppressed;
    return r.findings;
  });
  return { findings: sortFindings(findings), suppressed }; // (already sorted unless a document failed)
}

function lintAll(docs: readonly ManifestDocument[], opts: LintOptions): LintResult {
  const objects = objectsOf(docs, opts.namespace);
  const bestPractices = opts.bestPractices === false ? 'none' : opts.bestPractices === true || opts.bestPractices === undefined ? 'recommended' : opts.bestPractices;
  const ctx = new Ctx(opts.profile ?? 'restricted', bestPractices, minorOf(opts.kubernetesVersion), opts.evidence ?? 'partial', opts.enable ?? [], opts.disable ?? [], objects);
  const workloads: Workload[] = [];
  const workloadOfObject = new Map<K8sObject, Workload>();
  for (const k of objects) {
    const w = workloadOf(k);
    if (w) {
      workloads.push(w);
      workloadOfObject.set(k, w);
    }
  }
  const ix = buildIndexes(objects, workloads);
  for (const k of objects) {
    const w = workloadOfObject.get(k);
    if (w) {
      lintWorkload(w, ctx);
      lintWorkloadObject(w, ctx, ix);
    }
    lintObject(k, ctx, ix);
  }

  // Suppression annotations: checked on every object, applied to that object's findings.
  const byObject = new Map<K8sObject, RawFinding[]>();
  for (const raw of ctx.out) {
    const list = byObject.get(raw.k) ?? [];
    list.push(raw);
    byObject.set(raw.k, list);
  }
  const findings: Finding[] = [];
  const suppressed: SuppressedFinding[] = [];
  for (const k of objects) {
    const sups = suppressionsOf(k, workloadOfObject.get(k));
    for (const [name, s] of sups) {
      if (!KNOWN_NAMES.has(name)) {
        ctx.report('policy/suppression-unknown-rule', k, s.path, `${describeObject(k)}: annotation ${s.annotation} names no policy rule '${name}'${closest(name)}`);
      } else if (s.reason === '') {
        ctx.report('policy/suppression-needs-reason', k, s.path, `${describeObject(k)}: annotation ${s.annotation} has an empty reason, so policy/${name} is not suppressed`);
      }
    }
    for (const raw of byObject.get(k) ?? []) {
      const name = raw.finding.rule.slice('policy/'.length);
      const s = sups.get(name);
      if (s && s.reason !== '' && RULES_BY_ID.get(raw.finding.rule)?.level !== 'meta') suppressed.push({ finding: raw.finding, reason: s.reason, annotation: s.annotation });
      else findings.push(raw.finding);
    }
  }
  // meta findings were reported after the grouping above
  for (const raw of ctx.out) if (RULES_BY_ID.get(raw.finding.rule)?.level === 'meta') findings.push(raw.finding);
  const sortedSuppressed = sortFindings(suppressed.map((s) => s.finding));
  const order = new Map(sortedSuppressed.map((f, i) => [f, i]));
  return {
    findings: sortFindings(findings),
    suppressed: suppressed.filter((s) => order.has(s.finding)).sort((a, b) => order.get(a.finding)! - order.get(b.finding)!),
  };
}

/** Lints parsed documents: the findings that count (suppressed ones left out). */
export function lintDocuments(docs: readonly ManifestDocument[], opts: LintOptions = {}): Finding[] {
  return lintDocumentsDetailed(docs, opts).findings;
}

function closest(name: string): string {
  let best = '';
  let bestD = Infinity;
  for (const known of KNOWN_NAMES) {
    const d = editDistance(name, known);
    if (d < bestD) {
      bestD = d;
      best = known;
    }
  }
  return bestD <= 3 ? ` (did you mean helmless.io/allow-${best}?)` : '';
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
