// Job and CronJob: completion fields, the pod template (pods that end), selectors, schedules.
import { Ctx, obj, Obj, q, specRule, str, type RuleTable } from './context';
import { enumCheck, nonNegative } from './common';
import { checkLabelSelector } from './labels';
import { checkTemplateMetadata } from './metadata';
import { selectorIsEmpty, selectorMatches } from './selector-match';
import { cronSchedule } from './syntax';
import { checkTemplate } from './workloads';

function checkJobFields(ctx: Ctx, path: string, spec: Obj): void {
  const fields = ['parallelism', 'completions', 'backoffLimit', 'ttlSecondsAfterFinished'];
  for (let idx = 0; idx < fields.length; idx++) {
    const f = fields[idx];
    if (typeof spec[f] === 'number') nonNegative(ctx, 'job', `${path}.${f}`, spec[f]);
  }
  if (typeof spec.activeDeadlineSeconds === 'number' && spec.activeDeadlineSeconds <= 0) {
    ctx.error('job', `${path}.activeDeadlineSeconds`, `Invalid value: ${spec.activeDeadlineSeconds}: must be greater than 0`);
  }
  if (spec.completionMode != null) enumCheck(ctx, 'job', `${path}.completionMode`, spec.completionMode, ['NonIndexed', 'Indexed']);
  if (spec.completionMode === 'Indexed' && (spec.completions === undefined || spec.completions === null)) {
    ctx.error('job', `${path}.completions`, 'Required value: when completion mode is Indexed', 'set completions');
  }
}

function checkJobTemplate(ctx: Ctx, path: string, spec: Obj): void {
  const tmpl = obj(spec.template);
  checkTemplate(ctx, `${path}.template`, tmpl, ['OnFailure', 'Never'], 'Job pods must end: ');
  if (obj(spec.podFailurePolicy)) {
    const rp = obj(tmpl?.spec)?.restartPolicy;
    if (rp !== undefined && rp !== 'Never') {
      ctx.error('job', `${path}.template.spec.restartPolicy`, `Invalid value: ${q(rp)}: only "Never" is supported when podFailurePolicy is specified`,
        'set restartPolicy: Never');
    }
  }
}

function checkJobSelector(ctx: Ctx, path: string, spec: Obj): void {
  const tmpl = obj(spec.template);
  const sel = obj(spec.selector);
  if (sel) checkLabelSelector(ctx, `${path}.selector`, sel);
  if (sel && spec.manualSelector === true && tmpl) {
    const tLabels = obj(obj(tmpl.metadata)?.labels) ?? {};
    if (!selectorIsEmpty(sel) && !selectorMatches(sel, tLabels)) {
      ctx.error('selector', `${path}.template.metadata.labels`, `Invalid value: ${q(tLabels)}: \`selector\` does not match template \`labels\``);
    }
  }
}

function checkCronJobSpec(ctx: Ctx, spec: Obj): void {
  const schedule = str(spec.schedule);
  if (schedule !== undefined) {
    const problems = cronSchedule(schedule);
    if (problems.length > 0) {
      ctx.error('cron-schedule', 'spec.schedule', `Invalid value: ${q(schedule)}: ${problems.join(', ')}`,
        problems.some((p) => p.includes('TZ')) ? 'set spec.timeZone instead of a TZ= prefix'
          : "use 5 fields 'minute hour day-of-month month day-of-week' (e.g. '*/5 * * * *') or @hourly/@daily/@weekly/@monthly/@yearly");
    }
  }
  enumCheck(ctx, 'cronjob', 'spec.concurrencyPolicy', spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']);
  const fields = ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit'];
  for (let idx = 0; idx < fields.length; idx++) {
    const f = fields[idx];
    if (typeof spec[f] === 'number') nonNegative(ctx, 'cronjob', `spec.${f}`, spec[f]);
  }
  const tz = str(spec.timeZone);
  if (tz !== undefined && (tz === '' || /\s/.test(tz) || tz.startsWith('/') || tz.includes('..'))) {
    ctx.error('cronjob', 'spec.timeZone', `Invalid value: ${q(tz)}: unknown time zone ${tz}`, "use an IANA zone such as 'Etc/UTC' or 'Europe/Paris'");
  }
}

function checkCronJobTemplate(ctx: Ctx, spec: Obj): void {
  const jt = obj(spec.jobTemplate);
  if (!jt) return;
  checkTemplateMetadata(ctx, 'spec.jobTemplate.metadata', obj(jt.metadata));
  const js = obj(jt.spec);
  if (!js) return;
  const path = 'spec.jobTemplate.spec';
  ctx.guard('cronjob/job-template/spec', checkJobFields, path, js);
  ctx.guard('cronjob/job-template/template', checkJobTemplate, path, js);
  ctx.guard('cronjob/job-template/selector', checkJobSelector, path, js);
}

const BATCH = ['batch/v1'];

export const JOB_RULES: RuleTable = {
  Job: [
    specRule('job/spec', BATCH, (ctx, spec) => checkJobFields(ctx, 'spec', spec)),
    specRule('job/template', BATCH, (ctx, spec) => checkJobTemplate(ctx, 'spec', spec)),
    specRule('job/selector', BATCH, (ctx, spec) => checkJobSelector(ctx, 'spec', spec)),
  ],
  CronJob: [
    specRule('cronjob/spec', BATCH, checkCronJobSpec),
    specRule('cronjob/job-template', BATCH, checkCronJobTemplate),
  ],
};
