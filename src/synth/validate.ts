/**
 * Validation of a synthesised output folder: parse every YAML file, attach the construct path and
 * TypeScript line of each document (from the HelmlessApp sidecar), run the validation engine in
 * synth mode (strict, complete evidence), and add the synth-level checks (name collisions naming
 * both construct paths). Shared by `helmless synth` and the cdk8s validation plugin.
 */
import * as fs from 'fs';
import * as path from 'path';
import { KUSTOMIZATION_FILE } from '../layout';
import type { SourcesFile, SynthesizedObjectSource } from '../app';
import type { Finding, ManifestDocument } from '../validate/types';
import { locateFindings, parseManifests, SourceTexts, sortFindings, validateDocuments, type EngineOptions } from '../validate/engine';
import { CRD_SOURCE_RULE } from '../validate/schema';
import { lintDocuments } from '../validate/policy';

export interface OutputFile {
  /** Path relative to the output folder, '/'-separated. */
  readonly relPath: string;
  /** Path shown to users in findings ('dist/shop-prod.k8s.yaml'). */
  readonly displayPath: string;
  readonly text: string;
}

export interface OutputValidation {
  readonly findings: Finding[];
  /**
   * Lint warnings (best-practice advice that does not fail the synth): counted, not printed,
   * so a synth stays readable; `helmless lint <output>` lists them.
   */
  readonly lintWarnings: number;
  readonly files: number;
  readonly objects: number;
}

function objectKey(o: Record<string, unknown>): string | undefined {
  const apiVersion = typeof o.apiVersion === 'string' ? o.apiVersion : undefined;
  const kind = typeof o.kind === 'string' ? o.kind : undefined;
  const m = (o.metadata && typeof o.metadata === 'object' ? o.metadata : {}) as Record<string, unknown>;
  const name = typeof m.name === 'string' ? m.name : undefined;
  if (!apiVersion || !kind || !name) return undefined;
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  const namespace = typeof m.namespace === 'string' ? m.namespace : '';
  return `${group}|${kind}|${namespace}|${name}`;
}

function describe(o: Record<string, unknown>): { apiVersion?: string; kind?: string; namespace?: string; name?: string } {
  const m = (o.metadata && typeof o.metadata === 'object' ? o.metadata : {}) as Record<string, unknown>;
  return {
    apiVersion: typeof o.apiVersion === 'string' ? o.apiVersion : undefined,
    kind: typeof o.kind === 'string' ? o.kind : undefined,
    namespace: typeof m.namespace === 'string' ? m.namespace : undefined,
    name: typeof m.name === 'string' ? m.name : undefined,
  };
}

/**
 * Two objects with the same group, kind, namespace and name: the second would overwrite the first
 * in the cluster. Named by both construct paths, since construct ids are the API that names objects.
 */
function nameCollisions(docs: readonly ManifestDocument[]): Finding[] {
  const seen = new Map<string, ManifestDocument>();
  const findings: Finding[] = [];
  for (const doc of docs) {
    if (!doc.object || typeof doc.object !== 'object') continue;
    const key = objectKey(doc.object as Record<string, unknown>);
    if (!key) continue;
    const first = seen.get(key);
    if (!first) {
      seen.set(key, doc);
      continue;
    }
    const o = describe(doc.object as Record<string, unknown>);
    const where = (d: ManifestDocument) =>
      d.source.constructPath ? `construct '${d.source.constructPath}' (${d.source.file}#${d.source.documentIndex})` : `${d.source.file}#${d.source.documentIndex}`;
    findings.push({
      severity: 'error',
      rule: 'synth/name-collision',
      message: `${o.kind} '${o.namespace ? o.namespace + '/' : ''}${o.name}' is defined twice: by ${where(first)} and by ${where(doc)}; the second would overwrite the first in the cluster`,
      file: doc.source.file,
      documentIndex: doc.source.documentIndex,
      path: 'metadata.name',
      object: o,
      fix: 'give one of the two constructs a different id or name (names are never suffixed automatically)',
      constructPath: doc.source.constructPath,
      sourceLocation: doc.source.sourceLocation,
    });
  }
  return findings;
}

/** Reads the attribution sidecar; a missing or unreadable one gives no attribution. */
export function readSources(file: string | undefined): Map<string, SynthesizedObjectSource> {
  const map = new Map<string, SynthesizedObjectSource>();
  if (!file) return map;
  let parsed: SourcesFile;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as SourcesFile;
  } catch {
    return map;
  }
  for (const o of parsed.objects ?? []) map.set(`${o.file}#${o.documentIndex}`, o);
  return map;
}

/**
 * Lists the YAML files of an output folder, sorted, '/'-separated relative paths. The
 * `kustomization.yaml` files HelmlessApp writes are build configuration for kustomize, not
 * cluster objects, so they are not listed for validation.
 */
export function listYamlFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string) => {
    const entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else if (/\.ya?ml$/.test(e.name) && e.name !== KUSTOMIZATION_FILE) out.push(r);
    }
  };
  walk('');
  return out.sort();
}

export interface ValidateOutputOptions {
  readonly kubernetesVersion?: string;
  /** Sidecar written by HelmlessApp (construct paths and source lines). */
  readonly sources?: Map<string, SynthesizedObjectSource>;
  /**
   * Run the policy lint (restricted Pod Security profile plus best practices) as well: an
   * unsuppressed lint error fails the synth like a validation error. Suppress per object with
   * `helmless.io/allow-<rule>: "<reason>"` (the constructs' exemptions do this for you).
   * @default true
   */
  readonly lint?: boolean;
  /**
   * The project's CRDs (projectCrdSources: the CRD files cdk8s.yaml imports, then crds/): custom
   * resources are validated against them, in full, rather than against the bundled schemas.
   * @default none (bundled schemas, else "not validated")
   */
  readonly crdSources?: readonly { readonly file: string; readonly object: unknown }[];
}

/** Validates the files of one synthesised output, in synth mode (strict, complete evidence). */
export function validateOutput(files: readonly OutputFile[], opts: ValidateOutputOptions = {}): OutputValidation {
  const sources = opts.sources ?? new Map<string, SynthesizedObjectSource>();
  const docs: ManifestDocument[] = [];
  const findings: Finding[] = [];
  const attribution = new Map<string, { constructPath?: string; sourceLocation?: string }>();
  const texts = new SourceTexts();
  for (const f of files) {
    const parsed = parseManifests(f.text, f.displayPath);
    findings.push(...parsed.findings);
    texts.addAll(parsed.texts);
    for (const d of parsed.docs) {
      const src = sources.get(`${f.relPath}#${d.source.documentIndex}`);
      const doc: ManifestDocument = src
        ? { ...d, source: { ...d.source, constructPath: src.constructPath, sourceLocation: src.sourceLocation } }
        : d;
      if (src) attribution.set(`${f.displayPath}#${d.source.documentIndex}`, { constructPath: src.constructPath, sourceLocation: src.sourceLocation });
      docs.push(doc);
    }
  }
  const validateOptions: EngineOptions = {
    strict: true,
    evidence: 'complete',
    kubernetesVersion: opts.kubernetesVersion,
    ...(opts.crdSources ? { crdSources: opts.crdSources } : {}),
  };
  const collisions = nameCollisions(docs);
  const collided = new Set(collisions.map((c) => `${c.file}#${c.documentIndex}`));
  const engineFindings = validateDocuments(docs, validateOptions);
  let lintWarnings = 0;
  if (opts.lint !== false) {
    for (const f of lintDocuments(docs, { evidence: 'complete', kubernetesVersion: opts.kubernetesVersion })) {
      if (f.severity === 'error') engineFindings.push(f);
      else lintWarnings++;
    }
  }
  // The engine reports duplicates too; ours names both construct paths, so keep ours only.
  // Which CRD validated a custom resource is news when validating foreign files, not at synth,
  // where the project's own CRDs (cdk8s.yaml imports) are used by design.
  const kept = engineFindings.filter((f) => f.rule !== CRD_SOURCE_RULE && !(/^wiring\/duplicate/.test(f.rule) && collided.has(`${f.file}#${f.documentIndex}`)));
  const all = [...findings, ...kept, ...collisions].map((f) => {
    const a = attribution.get(`${f.file}#${f.documentIndex}`);
    if (!a || (f.constructPath && f.sourceLocation)) return f;
    return { ...f, constructPath: f.constructPath ?? a.constructPath, sourceLocation: f.sourceLocation ?? a.sourceLocation };
  });
  return { findings: locateFindings(sortFindings(all), texts), files: files.length, objects: docs.length, lintWarnings };
}

/**
 * One line per finding:
 * `error api/selector-mismatch dist/shop-prod.k8s.yaml#3 spec.selector: … (construct shop-prod/web, src/charts/shop.ts:42) — fix: …`
 */
export function formatFinding(f: Finding): string {
  const where = `${f.file}#${f.documentIndex}${f.line ? `:${f.line}` : ''}`;
  const at = f.path ? ` ${f.path}:` : ':';
  const origin = [f.constructPath ? `construct ${f.constructPath}` : undefined, f.sourceLocation].filter(Boolean).join(', ');
  const message = f.message.replace(/\s*\n\s*/g, ' ');
  return `${f.severity} ${f.rule} ${where}${at} ${message}${origin ? ` (${origin})` : ''}${f.fix ? ` — fix: ${f.fix}` : ''}`;
}
