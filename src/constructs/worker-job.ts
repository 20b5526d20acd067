import { createHash } from 'crypto';
import { Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as k8s from '../../imports/k8s';
import { recordCreationSite } from '../source-location';
import { suppressionAnnotation } from '../validate/policy/catalogue';
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
export interface WorkerJobProps extends WorkloadProps, JobSettings {
  /**
   * Name the Job `<name>-<hash>`, the hash of its pod template (10 hex digits, like an immutable
   * ConfigMap's): a Job's template is immutable, so a release that changes it (a new image tag)
   * creates a new Job, which runs once, and the GitOps tool prunes the old one. With a plain name
   * the second release's apply is refused ("field is immutable"). The name is then at most 52
   * characters.
   * @default true
   */
  readonly templateHash?: boolean;
}

/** Hex digits of the pod-template hash in a WorkerJob's name. */
export const TEMPLATE_HASH_LENGTH = 10;

/** Why a content-named Job carries no ttlSecondsAfterFinished (the `job-ttl` lint suppression). */
export const TEMPLATE_HASH_TTL_REASON =
  'content-named Job: a new pod template makes a new Job and the GitOps tool prunes the old one; a TTL would make Argo CD / Flux re-create the deleted Job and run it again';

/** sha256 of a value's JSON, cdk8s Lazy values resolved, first `length` hex digits. */
function contentHash(value: unknown, length: number): string {
  const json = JSON.stringify(value, (_k, v: unknown) => (v instanceof Lazy ? v.produce() : v));
  return createHash('sha256').update(json).digest('hex').slice(0, length);
}

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
  /** Whether the Job's name carries the hash of its pod template. */
  public readonly templateHash: boolean;
  /** The Job's name: `<name>-<template hash>`, or `<name>` with templateHash: false. */
  public readonly jobName: string;
  public readonly job: k8s.KubeJob;

  constructor(scope: Construct, id: string, props: WorkerJobProps) {
    const templateHash = props.templateHash ?? true;
    super(scope, id, props, {
      component: 'job', kindName: 'Job', nameRule: 'dns1123-label', propsName: 'WorkerJobProps',
      // The name plus '-' and the hash stays a DNS label (63) for the job-name label on its pods.
      ...(templateHash ? { maxNameLength: 63 - 1 - TEMPLATE_HASH_LENGTH } : {}),
    });
    recordCreationSite(this);
    this.templateHash = templateHash;
    this.settings = resolveJobSettings(this, props);
    const template = this.podTemplate({ restartPolicy: this.settings.restartPolicy, maxPods: this.settings.parallelism });
    if (templateHash && this.settings.ttlSecondsAfterFinished === undefined && !props.suppressions?.['job-ttl']) {
      // The construct's own clean-up is pruning, not a TTL: say so where the linter looks.
      const annotations = { ...(template.metadata?.annotations ?? {}), [suppressionAnnotation('job-ttl')]: TEMPLATE_HASH_TTL_REASON };
      (template as { metadata: k8s.ObjectMeta }).metadata = { ...template.metadata, annotations };
    }
    const spec = renderJobSpec(this.settings, template);
    // The immutable part of a Job: its pod template and completions.
    this.jobName = templateHash ? `${this.name}-${contentHash({ template: spec.template, completions: spec.completions }, TEMPLATE_HASH_LENGTH)}` : this.name;
    this.job = new k8s.KubeJob(this, 'job', {
      metadata: this.metadata('Job', this.jobName, { annotations: this.workloadAnnotations() }),
      spec,
    });
    this.keepHelmlessAnnotations(this.job);
    this.keepAsDeployed();
  }
}
