/**
 * Renderers of a DiffReport: text for people, Markdown for a PR comment, JSON (the report itself).
 * They only print what is in the report, which never holds a secret value.
 */
import type { DiffReport, FieldChange, LabelChangeGroup, ObjectChange, ObjectId } from './types';

const MAX_VALUE = 120;

export function formatValue(v: unknown, max = MAX_VALUE): string {
  if (v === undefined) return '(unset)';
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v);
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

function objectLabel(o: ObjectId & { apiVersion?: string }): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

function fieldLine(f: FieldChange): string {
  if (f.hidden) return `${f.path}: ${f.change === 'changed' ? 'changed' : f.change} (value hidden)`;
  switch (f.change) {
    case 'added':
      return `${f.path}: + ${formatValue(f.new)}`;
    case 'removed':
      return `${f.path}: - ${formatValue(f.old)}`;
    default:
      return `${f.path}: ${formatValue(f.old)} → ${formatValue(f.new)}`;
  }
}

const MARK = { added: '+', removed: '-', changed: '~' } as const;

/** Why a content-named object is replaced rather than updated, per kind. */
const REPLACED_WHY: Record<string, string> = {
  Job: 'a new pod template runs as a new Job; the GitOps tool prunes the old one',
  ConfigMap: 'new data, new name; the workloads follow it and the old one is pruned',
  Secret: 'new data, new name; the workloads follow it and the old one is pruned',
};

function idKey(o: ObjectId & { file: string }): string {
  return `${o.file}|${o.group}|${o.kind}|${o.namespace}|${o.name}`;
}

/** The objects shown in a label group's one line instead of one entry each. */
function grouped(report: DiffReport): Set<string> {
  return new Set((report.labelChanges ?? []).flatMap((g) => g.objects.map(idKey)));
}

/** `app.kubernetes.io/version: "2.3.1" → "2.4.0" on 9 objects (labels only): Service shop/web, ...` */
function labelGroupLine(g: LabelChangeGroup, maxNames = 6): string {
  const changes = g.fields.map((f) => fieldLine({ ...f, path: f.path.replace(/^metadata\.labels\.?/, '').replace(/^\["(.*)"\]$/, '$1') })).join(', ');
  const names = g.objects.slice(0, maxNames).map((o) => objectLabel(o)).join(', ');
  const more = g.objects.length > maxNames ? `, and ${g.objects.length - maxNames} more` : '';
  return `${changes} on ${g.objects.length} objects (labels only): ${names}${more}`;
}

function byFile(report: DiffReport): Map<string, ObjectChange[]> {
  const files = new Map<string, ObjectChange[]>();
  const skip = grouped(report);
  for (const o of report.objects) {
    if (skip.has(idKey(o))) continue;
    const list = files.get(o.file) ?? [];
    list.push(o);
    files.set(o.file, list);
  }
  return files;
}

function summaryLine(report: DiffReport): string {
  const s = report.summary;
  if (report.objects.length === 0) return `no changes (${s.unchanged} object${s.unchanged === 1 ? '' : 's'} compared)`;
  const labelsOnly = (report.labelChanges ?? []).reduce((n, g) => n + g.objects.length, 0);
  const replaced = report.objects.filter((o) => o.replacedBy).length;
  return `${s.added} added, ${s.removed} removed${replaced ? ` (${replaced} replaced by design)` : ''}, ${s.changed} changed${labelsOnly ? ` (${labelsOnly} labels only)` : ''}, ${s.unchanged} unchanged${s.breaking ? `; ${s.breaking} breaking` : ''}`;
}

export function formatText(report: DiffReport): string {
  const lines: string[] = [`helmless diff: ${report.base} → ${report.head}`];
  for (const [file, objects] of byFile(report)) {
    lines.push('', file);
    for (const o of objects) {
      let head = `  ${MARK[o.change]} ${objectLabel(o)} (${o.apiVersion})`;
      if (o.renamedTo) head += `  renamed? → ${objectLabel(o.renamedTo)}`;
      if (o.renamedFrom) head += `  renamed? ← ${objectLabel(o.renamedFrom)}`;
      if (o.replacedBy) head += `  replaced → ${objectLabel(o.replacedBy)} (content-named: ${REPLACED_WHY[o.kind] ?? 'a new object for new content'})`;
      if (o.replaces) head += `  replaces ${objectLabel(o.replaces)}`;
      if (o.movedFrom) head += `  (moved from ${o.movedFrom})`;
      lines.push(head);
      for (const f of o.fields) lines.push(`      ${fieldLine(f)}`);
    }
  }
  const groups = report.labelChanges ?? [];
  if (groups.length) {
    lines.push('');
    for (const g of groups) lines.push(`~ ${labelGroupLine(g)}`);
  }
  const breaking = report.objects.flatMap((o) => o.breaking.map((b) => ({ o, b })));
  if (breaking.length) {
    lines.push('', `⚠ breaking on a live cluster (${breaking.length}):`);
    for (const { b } of breaking) lines.push(`  [${b.rule}] ${b.message}`);
  }
  for (const s of report.skipped) lines.push(`note: ${s.side} ${s.file}: skipped a document: ${s.reason}`);
  lines.push('', summaryLine(report));
  return lines.join('\n') + '\n';
}

function md(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function code(s: string): string {
  const t = s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return t.includes('`') ? `\`\` ${t} \`\`` : `\`${t}\``;
}

const WORD = { added: 'added', removed: 'removed', changed: 'changed' } as const;

export function formatMarkdown(report: DiffReport): string {
  const lines: string[] = [`### helmless diff: ${md(summaryLine(report))}`, '', `Comparing ${md(report.base)} → ${md(report.head)}.`];
  if (report.objects.length === 0) return lines.join('\n') + '\n';
  const breaking = report.objects.flatMap((o) => o.breaking.map((b) => ({ o, b })));
  if (breaking.length) {
    lines.push('', `#### ⚠ breaking (${breaking.length})`, '');
    for (const { o, b } of breaking) lines.push(`- **${md(objectLabel(o))}** (${code(o.file)}) \`${b.rule}\`${b.path ? ` at ${code(b.path)}` : ''}: ${md(b.message)}`);
  }
  for (const g of report.labelChanges ?? []) lines.push('', `- ${md(labelGroupLine(g))}`);
  const skip = grouped(report);
  lines.push('', '| Change | File | Kind | Name | Fields |', '|---|---|---|---|---|');
  for (const o of report.objects) {
    if (skip.has(idKey(o))) continue;
    let change: string = WORD[o.change];
    if (o.renamedTo) change += ` (renamed? → ${md(o.renamedTo.name)})`;
    if (o.renamedFrom) change += ` (renamed? ← ${md(o.renamedFrom.name)})`;
    if (o.replacedBy) change += ` (replaced by design → ${md(o.replacedBy.name)})`;
    if (o.replaces) change += ` (replaces ${md(o.replaces.name)})`;
    if (o.breaking.length) change = `⚠ ${change}`;
    const name = `${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
    const fields = o.fields.length === 0 ? '' : o.fields.length <= 3 ? o.fields.map((f) => code(fieldLine(f))).join('<br>') : `${o.fields.length} fields (details below)`;
    lines.push(`| ${change} | ${code(o.file)} | ${md(o.kind)} | ${code(name)} | ${fields} |`);
  }
  const detailed = report.objects.filter((o) => o.fields.length > 0 && !skip.has(idKey(o)));
  if (detailed.length) {
    lines.push('', '<details><summary>Field changes</summary>', '');
    for (const o of detailed) {
      lines.push(`**${md(objectLabel(o))}** (${code(o.file)})`, '', '```');
      for (const f of o.fields) lines.push(fieldLine(f).replace(/```/g, "'''"));
      lines.push('```', '');
    }
    lines.push('</details>');
  }
  return lines.join('\n') + '\n';
}

export function formatJson(report: DiffReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
