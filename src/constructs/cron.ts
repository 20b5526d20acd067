import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { recordCreationSite } from '../source-location';
import { cronSchedule } from '../validate/rules/syntax';
import { checkSyntax, invalidProp, checkInt } from './errors';
import { Duration } from './values';
import { JobSettings, ResolvedJobSettings, renderJobSpec, resolveJobSettings } from './worker-job';
import { Workload, WorkloadProps } from './workload';

export type ConcurrencyPolicy = 'Allow' | 'Forbid' | 'Replace';

/** Props of a {@link Cron}. */
export interface CronProps extends WorkloadProps, JobSettings {
  /** Cron schedule: 5 fields ('*\/5 * * * *') or a macro ('@daily', '@hourly'...). */
  readonly schedule: string;
  /**
   * IANA time zone of the schedule ('Europe/Berlin').
   * @default - the kube-controller-manager's time zone (usually UTC)
   */
  readonly timeZone?: string;
  /**
   * What to do when a run is due while the previous one still runs.
   * @default 'Forbid' (skip the new run)
   */
  readonly concurrencyPolicy?: ConcurrencyPolicy;
  /**
   * How late a missed run may still start (after a controller outage, or while a Forbid-ed
   * previous run was still going). Without a deadline the controller counts every schedule
   * missed since the last run and stops scheduling the CronJob after 100; an hour counts at
   * most 60 even for a schedule of every minute, and a nightly run still starts when it is late.
   * @default Duration.hours(1)
   */
  readonly startingDeadline?: Duration;
  /** @default 3 */
  readonly successfulJobsHistoryLimit?: number;
  /** @default 1 */
  readonly failedJobsHistoryLimit?: number;
  /**
   * Suspend future runs.
   * @default false
   */
  readonly suspend?: boolean;
}

/** How late a missed run may start by default: see CronProps.startingDeadline. */
export const DEFAULT_STARTING_DEADLINE = Duration.hours(1);

const TIME_ZONE = /^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/;

/** A scheduled task: a CronJob whose schedule is checked at construction. */
export class Cron extends Workload {
  public readonly schedule: string;
  public readonly concurrencyPolicy: ConcurrencyPolicy;
  /** spec.startingDeadlineSeconds. */
  public readonly startingDeadlineSeconds: number;
  public readonly settings: ResolvedJobSettings;
  public readonly cronJob: k8s.KubeCronJob;

  constructor(scope: Construct, id: string, props: CronProps) {
    // CronJob names are at most 52 characters: the controller appends an 11-character suffix to its Jobs.
    super(scope, id, props, { component: 'cronjob', kindName: 'CronJob', nameRule: 'dns1123-label', maxNameLength: 52, propsName: 'CronProps' });
    recordCreationSite(this);
    this.schedule = props.schedule;
    if (typeof this.schedule !== 'string') invalidProp(this, 'schedule', this.schedule, 'must be a string', "use schedule: '0 3 * * *'");
    checkSyntax(this, 'schedule', this.schedule, cronSchedule(this.schedule),
      "use 5 fields 'minute hour day-of-month month day-of-week' (e.g. '0 3 * * *' for 03:00 daily) or @hourly/@daily/@weekly/@monthly/@yearly; put the zone in timeZone");
    if (props.timeZone !== undefined && (!TIME_ZONE.test(props.timeZone) || props.timeZone === 'Local' || props.timeZone.length > 64)) {
      invalidProp(this, 'timeZone', props.timeZone, "must be an IANA time zone name such as 'Etc/UTC' or 'Europe/Berlin' ('Local' is not allowed)", "use timeZone: 'Etc/UTC'");
    }
    this.concurrencyPolicy = props.concurrencyPolicy ?? 'Forbid';
    if (!['Allow', 'Forbid', 'Replace'].includes(this.concurrencyPolicy)) {
      invalidProp(this, 'concurrencyPolicy', this.concurrencyPolicy, "must be 'Allow', 'Forbid' or 'Replace'", "use concurrencyPolicy: 'Forbid'");
    }
    checkInt(this, 'successfulJobsHistoryLimit', props.successfulJobsHistoryLimit, 0);
    checkInt(this, 'failedJobsHistoryLimit', props.failedJobsHistoryLimit, 0);
    if (props.startingDeadline !== undefined && props.startingDeadline.toSeconds() < 10) {
      invalidProp(this, 'startingDeadline', `${props.startingDeadline.toSeconds()}s`, 'must be at least 10 seconds (the controller checks every 10s; shorter deadlines may never run)', 'use Duration.minutes(5)');
    }
    this.startingDeadlineSeconds = (props.startingDeadline ?? DEFAULT_STARTING_DEADLINE).toSeconds();
    this.settings = resolveJobSettings(this, props);
    const template = this.podTemplate({ restartPolicy: this.settings.restartPolicy, maxPods: this.settings.parallelism });
    const annotations = this.workloadAnnotations();
    this.cronJob = new k8s.KubeCronJob(this, 'cronjob', {
      metadata: this.metadata('CronJob', this.name, { annotations }),
      spec: {
        schedule: this.schedule,
        ...(props.timeZone !== undefined ? { timeZone: props.timeZone } : {}),
        concurrencyPolicy: this.concurrencyPolicy,
        startingDeadlineSeconds: this.startingDeadlineSeconds,
        successfulJobsHistoryLimit: props.successfulJobsHistoryLimit ?? 3,
        failedJobsHistoryLimit: props.failedJobsHistoryLimit ?? 1,
        suspend: props.suspend ?? false,
        jobTemplate: {
          metadata: { labels: { ...this.labels }, ...(Object.keys(annotations).length > 0 ? { annotations } : {}) },
          spec: renderJobSpec(this.settings, template),
        },
      },
    });
    this.keepHelmlessAnnotations(this.cronJob);
    this.keepAsDeployed();
  }
}
