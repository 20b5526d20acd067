import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { recordCreationSite } from '../source-location';
import { checkInt, invalidProp } from './errors';
import { Duration } from './values';
import { Workload, WorkloadProps } from './workload';

/** Restart policy of a Job's pods: Kubernetes refuses 'Always' for Jobs. */
export type JobRestartPolicy = 'Never' | 'OnFailure';

/** The run-to-completion settings shared by WorkerJob and Cron. */
export interface JobSettings {
  /**
   * Pods running at once.
   * @default 1
   */
  readonly parallelism?: number;
  /**
   * Successful pods needed to complete (>= parallelism).
   * @default 1
   */
  readonly completions?: number;
  /**
   * Retries before the Job is marked failed.
   * @default 3
   */
  readonly backoffLimit?: number;
  /**
   * Wall-clock limit of the whole Job.
   * @default - no limit
   */
  readonly activeDeadline?: Duration;
  /**
   * Delete the finished Job after this long. Off by default: a GitOps controller would
   * re-create a deleted Job and run it again.
   * @default - kept until deleted
   */
  readonly ttlAfterFinished?: Duration;
  /**
   * Pod restart policy: 'Never' (a new pod per retry, logs of failures kept) or 'OnFailure'.
   * @default 'Never'
   */
  readonly restartPolicy?: JobRestartPolicy;
}

/** Props of a {@link WorkerJob}. */
export interface WorkerJobProps extends WorkloadProps, JobSettings {}

/** Resolved job settings. */
export interface ResolvedJobSettings {
  readonly parallelism: number;
  readonly completions: number;
  readonly backoffLimit: number;
  readonly restartPolicy: JobRestartPolicy;
  readonly activeDeadlineSeconds?: number;
  readonly ttlSecondsAfterFinished?: number;
}

/** Checks and resolves job settings for the construct `w`. */
export function resolveJobSettings(w: Workload, s: JobSettings): ResolvedJobSettings {
  checkInt(w, 'parallelism', s.parallelism, 0);
  checkInt(w, 'completions', s.completions, 1);
  checkInt(w, 'backoffLimit', s.backoffLimit, 0);
  const parallelism = s.parallelism ?? 1;
  const completions = s.completions ?? 1;
  if (parallelism > completions) {
    invalidProp(w, 'parallelism', parallelism, `must be <= completions (${completions}): the extra pods would have no work`,
      `set completions to at least ${parallelism}, or lower parallelism`);
  }
  const restartPolicy = s.restartPolicy ?? 'Never';
  if (restartPolicy !== 'Never' && restartPolicy !== 'OnFailure') {
    invalidProp(w, 'restartPolicy', restartPolicy, "a Job's pods allow only 'Never' or 'OnFailure'", "use restartPolicy: 'Never'");
  }
  if (s.activeDeadline !== undefined && s.activeDeadline.toSeconds() < 1) {
    invalidProp(w, 'activeDeadline', '0s', 'must be at least 1 second', 'use Duration.minutes(10) or leave it unset');
  }
  return {
    parallelism, completions, backoffLimit: s.backoffLimit ?? 3, restartPolicy,
    activeDeadlineSeconds: s.activeDeadline?.toSeconds(),
    ttlSecondsAfterFinished: s.ttlAfterFinished?.toSeconds(),
  };
}

/** Renders a Job spec. */
export function renderJobSpec(s: ResolvedJobSettings, template: k8s.PodTemplateSpec): k8s.JobSpec {
  return {
    parallelism: s.parallelism,
    completions: s.completions,
    backoffLimit: s.backoffLimit,
    ...(s.activeDeadlineSeconds !== undefined ? { activeDeadlineSeconds: s.activeDeadlineSeconds } : {}),
    ...(s.ttlSecondsAfterFinished !== undefined ? { ttlSecondsAfterFinished: s.ttlSecondsAfterFinished } : {}),
    template,
  };
}

/** A run-to-completion task (migrations, batch work): a Job with restricted pods. */
export class WorkerJob extends Workload {
  public readonly settings: ResolvedJobSettings;
  public readonly job: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: WorkerJobProps) {
    super(scope, id, props, { component: 'job', kindName: 'Job', nameRule: 'dns1123-label' });
    recordCreationSite(this);
    this.settings = resolveJobSettings(this, props);
    const template = this.podTemplate({ restartPolicy: this.settings.restartPolicy, maxPods: this.settings.parallelism });
    this.job = new k8s.KubeJob(this, 'job', {
      metadata: this.metadata('Job', this.name, { annotations: this.workloadAnnotations() }),
      spec: renderJobSpec(this.settings, template),
    });
    this.keepNewerFields(this.job);
    this.keepAsDeployed();
  }
}
