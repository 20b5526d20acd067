/**
 * Report formats for findings: text (people), json, junit, sarif (CI tools). Shared by
 * `helmless validate` and `helmless lint`.
 */
import type { ResourceVerdict, ValidationSummary } from '../engine';
import type { Finding } from '../types';

export type OutputFormat = 'text' | 'json' | 'junit' | 'sarif';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['text', 'json', 'junit', 'sarif'];

export interface ReportContext {
  /** Per-resource summary (from summarize()); junit uses its entries as test cases. */
  readonly summary?: ValidationSummary;
  /** Tool name shown in junit/sarif. @default 'helmless' */
  readonly tool?: string;
  readonly toolVersion?: string;
  /** Include info findings in text output. @default false */
  readonly verbose?: boolean;
  /** Print the summary line in text output. @default false */
  readonly showSummary?: boolean;
  readonly kubernetesVersion?: string;
}

/** 'file:line:col' (or 'file' / 'file:line'). */
export function location(f: Finding): string {
  if (f.line === undefined) return f.file;
  return f.column === undefined ? `${f.file}:${f.line}` : `${f.file}:${f.line}:${f.column}`;
}

function objectLabel(f: Finding): string {
  const o = f.object;
  if (!o || !o.kind) return '';
  return `${o.kind}${o.name ? ` ${o.namespace ? `${o.namespace}/` : ''}${o.name}` : ''}`;
}

/** One line per finding: `file:line:col: error rule: Kind name (document N) path: message (fix)`. */
export function formatFindingLine(f: Finding): string {
  const where = [objectLabel(f), f.rule.startsWith('input/') ? '' : `document ${f.documentIndex + 1}`].filter(Boolean).join(', ');
  const at = where ? ` (${where})` : '';
  const site = f.constructPath ? ` [${f.constructPath}${f.sourceLocation ? ` at ${f.sourceLocation}` : ''}]` : f.sourceLocation ? ` [${f.sourceLocation}]` : '';
  const path = f.path ? ` ${f.path}:` : '';
  const fix = f.fix ? ` (fix: ${f.fix})` : '';
  return `${location(f)}: ${f.severity} ${f.rule}:${at}${site}${path} ${f.message}${fix}`.replace(/\s*\n\s*/g, ' ');
}

export function formatSummaryLine(s: ValidationSummary): string {
  return (
    `Summary: ${s.resources} resource${s.resources === 1 ? '' : 's'} found in ${s.files} file${s.files === 1 ? '' : 's'} - ` +
    `Valid: ${s.valid}, Invalid: ${s.invalid}, Errors: ${s.errors}, Skipped: ${s.skipped}` +
    (s.warningFindings ? `, Warnings: ${s.warningFindings}` : '')
  );
}

export function formatText(findings: readonly Finding[], ctx: ReportContext = {}): string {
  const lines: string[] = [];
  for (const f of findings) {
    // custom resources left unvalidated are always shown (never silently passed); other info only with verbose
    if (f.severity === 'info' && !ctx.verbose && f.rule !== 'schema/unknown-crd') continue;
    lines.push(formatFindingLine(f));
  }
  if (ctx.showSummary && ctx.summary) lines.push(formatSummaryLine(ctx.summary));
  return lines.length ? lines.join('\n') + '\n' : '';
}

/** Findings formatted and written at a time by writeText. */
const TEXT_PART = 1000;

/**
 * Writes formatText's output to `out` in parts of TEXT_PART findings (the same text): one
 * string of every line would be ~20 MB at 50,000 findings.
 */
export function writeText(out: { write(text: string): unknown }, findings: readonly Finding[], ctx: ReportContext = {}): void {
  for (let i = 0; i < findings.length; i += TEXT_PART) {
    const text = formatText(findings.slice(i, i + TEXT_PART), { ...ctx, showSummary: false });
    if (text) out.write(text);
  }
  if (ctx.showSummary && ctx.summary) out.write(formatSummaryLine(ctx.summary) + '\n');
}

export function formatJson(findings: readonly Finding[], ctx: ReportContext = {}): string {
  return [...formatJsonParts(findings, ctx)].join('');
}

/**
 * formatJson's text in parts, so that a caller can write it without holding it whole (43 MB of
 * JSON at 50,000 findings): the object around the two lists, then their items one by one, each
 * indented as JSON.stringify(·, null, 2) indents it inside the whole.
 */
export function* formatJsonParts(findings: readonly Finding[], ctx: ReportContext = {}): Generator<string> {
  const s = ctx.summary;
  const lists: (readonly unknown[])[] = [findings];
  const out = {
    tool: ctx.tool ?? 'helmless',
    ...(ctx.kubernetesVersion ? { kubernetesVersion: ctx.kubernetesVersion } : {}),
    findings: LIST_MARK,
    ...(s
      ? {
          resources: (lists.push(s.entries), LIST_MARK),
          summary: { files: s.files, resources: s.resources, valid: s.valid, invalid: s.invalid, errors: s.errors, skipped: s.skipped, errorFindings: s.errorFindings, warningFindings: s.warningFindings },
        }
      : {}),
  };
  const frame = (JSON.stringify(out, null, 2) + '\n').split(JSON.stringify(LIST_MARK));
  for (let i = 0; i < frame.length; i++) {
    yield frame[i];
    if (i < lists.length) yield* listParts(lists[i]);
  }
}

/** Stands for a list in the frame formatJsonParts stringifies (a string no value of a finding has). */
const LIST_MARK = '\u0000helmless-list\u0000';

/** A list one level inside the top object, as JSON.stringify(·, null, 2) writes it there. */
function* listParts(items: readonly unknown[]): Generator<string> {
  if (items.length === 0) {
    yield '[]';
    return;
  }
  yield '[\n';
  for (let i = 0; i < items.length; i++) {
    yield '    ' + JSON.stringify(items[i], null, 2).replace(/\n/g, '\n    ') + (i + 1 < items.length ? ',\n' : '\n');
  }
  yield '  ]';
}

export function escapeXml(s: string): string {
  // Characters XML 1.0 forbids are dropped; markup characters escaped.
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function caseName(e: { kind?: string; name?: string; documentIndex: number; item?: number }): string {
  const what = e.kind ? `${e.kind}${e.name ? ` ${e.name}` : ''}` : 'document';
  return `${what} (document ${e.documentIndex + 1}${e.item !== undefined ? `, item ${e.item + 1}` : ''})`;
}

/** JUnit XML: a testsuite per file, a testcase per resource (or per finding without a summary). */
export function formatJunit(findings: readonly Finding[], ctx: ReportContext = {}): string {
  const byResource = new Map<string, Finding[]>();
  const rkey = (file: string, doc: number, item?: number): string => `${file}\u0000${doc}\u0000${item ?? ''}`;
  const itemOf = (f: Finding): number | undefined => {
    const m = /^items\[(\d+)\]/.exec(f.path);
    return m ? Number(m[1]) : undefined;
  };
  for (const f of findings) {
    const k = rkey(f.file, f.documentIndex, itemOf(f));
    const list = byResource.get(k) ?? [];
    list.push(f);
    byResource.set(k, list);
  }
  type Case = { file: string; name: string; findings: Finding[]; verdict?: ResourceVerdict['verdict'] };
  const cases: Case[] = [];
  const covered = new Set<string>();
  for (const e of ctx.summary?.entries ?? []) {
    const k = rkey(e.file, e.documentIndex, e.item);
    let fs = byResource.get(k) ?? [];
    if (e.item !== undefined) fs = fs.concat(byResource.get(rkey(e.file, e.documentIndex)) ?? []);
    covered.add(k);
    cases.push({ file: e.file, name: caseName(e), findings: fs, verdict: e.verdict });
  }
  for (const [k, fs] of byResource) {
    if (covered.has(k)) continue;
    if (ctx.summary && fs.every((f) => f.severity !== 'error')) continue;
    cases.push({ file: fs[0].file, name: fs[0].rule.startsWith('input/') ? 'input' : caseName({ ...fs[0], ...(fs[0].object ?? {}) }), findings: fs });
  }
  const suites = new Map<string, Case[]>();
  for (const c of cases) {
    const list = suites.get(c.file) ?? [];
    list.push(c);
    suites.set(c.file, list);
  }
  const isFailure = (c: Case): boolean => c.findings.some((f) => f.severity === 'error');
  const isSkipped = (c: Case): boolean => c.verdict === 'skipped' && !isFailure(c);
  const total = cases.length;
  const failures = cases.filter(isFailure).length;
  const skipped = cases.filter(isSkipped).length;
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="${escapeXml(ctx.tool ?? 'helmless')}" tests="${total}" failures="${failures}" errors="0" skipped="${skipped}">`);
  let id = 0;
  for (const [file, list] of [...suites.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    const f = list.filter(isFailure).length;
    const sk = list.filter(isSkipped).length;
    out.push(`  <testsuite name="${escapeXml(file)}" id="${id++}" tests="${list.length}" failures="${f}" errors="0" skipped="${sk}">`);
    for (const c of list) {
      out.push(`    <testcase classname="${escapeXml(file)}" name="${escapeXml(c.name)}">`);
      const errs = c.findings.filter((x) => x.severity === 'error');
      if (errs.length > 0) {
        const body = errs.map(formatFindingLine).join('\n');
        out.push(`      <failure message="${escapeXml(errs[0].message)}" type="${escapeXml(errs[0].rule)}">${escapeXml(body)}</failure>`);
      } else if (isSkipped(c)) {
        out.push(`      <skipped message="${escapeXml(c.findings.find((x) => x.rule === 'schema/skipped' || x.rule === 'schema/unknown-crd')?.message ?? 'skipped')}"/>`);
      }
      const warns = c.findings.filter((x) => x.severity === 'warning');
      if (warns.length > 0) out.push(`      <system-out>${escapeXml(warns.map(formatFindingLine).join('\n'))}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/** SARIF 2.1.0, one run, rules listed once, results with physical locations. */
export function formatSarif(findings: readonly Finding[], ctx: ReportContext = {}): string {
  const ruleIds = [...new Set(findings.map((f) => f.rule))].sort();
  const index = new Map(ruleIds.map((r, i) => [r, i]));
  const level = (s: Finding['severity']): string => (s === 'error' ? 'error' : s === 'warning' ? 'warning' : 'note');
  const results = findings.map((f) => {
    const region = f.line !== undefined ? { region: { startLine: Math.max(1, f.line), ...(f.column !== undefined ? { startColumn: Math.max(1, f.column) } : {}) } } : {};
    return {
      ruleId: f.rule,
      ruleIndex: index.get(f.rule),
      level: level(f.severity),
      message: { text: `${f.path ? `${f.path}: ` : ''}${f.message}${f.fix ? ` (fix: ${f.fix})` : ''}` },
      locations: [
        {
          physicalLocation: { artifactLocation: { uri: f.file.startsWith('<') ? f.file : encodeURI(f.file) }, ...region },
          ...(f.path || f.object ? { logicalLocations: [{ fullyQualifiedName: [objectLabel(f), f.path].filter(Boolean).join(' ') || `document ${f.documentIndex + 1}`, kind: 'object' }] } : {}),
        },
      ],
      properties: { documentIndex: f.documentIndex, ...(f.object ? { object: f.object } : {}), ...(f.constructPath ? { constructPath: f.constructPath } : {}), ...(f.sourceLocation ? { sourceLocation: f.sourceLocation } : {}) },
    };
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: ctx.tool ?? 'helmless',
            ...(ctx.toolVersion ? { version: ctx.toolVersion } : {}),
            rules: ruleIds.map((id) => ({ id, name: id.replace(/[/-](\w)/g, (_, c: string) => c.toUpperCase()), shortDescription: { text: id } })),
          },
        },
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** Formats findings in one of the output formats. */
export function formatFindings(findings: readonly Finding[], format: OutputFormat, ctx: ReportContext = {}): string {
  switch (format) {
    case 'json':
      return formatJson(findings, ctx);
    case 'junit':
      return formatJunit(findings, ctx);
    case 'sarif':
      return formatSarif(findings, ctx);
    default:
      return formatText(findings, ctx);
  }
}
