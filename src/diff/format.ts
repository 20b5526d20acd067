/**
 * Renderers of a DiffReport: text for people, Markdown for a PR comment, JSON (the report itself).
 * They only print what is in the report, which never holds a secret value.
 */
import type { DiffReport, FieldChange, ObjectChange, ObjectId } from './types';

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

function byFile(report: DiffReport): Map<string, ObjectChange[]> {
  const files = new Map<string, ObjectChange[]>();
  for (const o of report.objects) {
    const list = files.get(o.file) ?? [];
    list.push(o);
    files.set(o.file, list);
  }
  return files;
}

function summaryLine(report: DiffReport): string {
  const s = report.summary;
  if (report.objects.length === 0) return `no changes (${s.unchanged} object${s.unchanged === 1 ? '' : 's'} compared)`;
  return `${s.added} added, ${s.removed} removed, ${s.changed} changed, ${s.unchanged} unchanged${s.breaking ? `; ${s.breaking} breaking` : ''}`;
}

export function formatText(report: DiffReport): string {
  const lines: string[] = [`helmless diff: ${report.base} → ${report.head}`];
  for (const [file, objects] of byFile(report)) {
    lines.push('', file);
    for (const o of objects) {
      let head = `  ${MARK[o.change]} ${objectLabel(o)} (${o.apiVersion})`;
      if (o.renamedTo) head += `  renamed? → ${objectLabel(o.renamedTo)}`;
      if (o.renamedFrom) head += `  renamed? ← ${objectLabel(o.renamedFrom)}`;
      if (o.movedFrom) head += `  (moved from ${o.movedFrom})`;
      lines.push(head);
      for (const f of o.fields) lines.push(`      ${fieldLine(f)}`);
    }
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
  lines.push('', '| Change | File | Kind | Name | Fields |', '|---|---|---|---|---|');
  for (const o of report.objects) {
    let change: string = WORD[o.change];
    if (o.renamedTo) change += ` (renamed? → ${md(o.renamedTo.name)})`;
    if (o.renamedFrom) change += ` (renamed? ← ${md(o.renamedFrom.name)})`;
    if (o.breaking.length) change = `⚠ ${change}`;
    const name = `${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
    const fields = o.fields.length === 0 ? '' : o.fields.length <= 3 ? o.fields.map((f) => code(fieldLine(f))).join('<br>') : `${o.fields.length} fields (details below)`;
    lines.push(`| ${change} | ${code(o.file)} | ${md(o.kind)} | ${code(name)} | ${fields} |`);
  }
  const detailed = report.objects.filter((o) => o.fields.length > 0);
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
