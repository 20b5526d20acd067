import { describe, expect, it } from 'vitest';
import { Duration, WorkerJob } from '../../src';
import { container, find, newChart, podSpec, synth, synthYaml } from './helpers';

describe('WorkerJob', () => {
  it('GIVEN the minimal props WHEN synthesised THEN the YAML matches the default snapshot', async () => {
    const chart = newChart();
    new WorkerJob(chart, 'migrate', { image: 'busybox:1.36', command: ['echo', 'hello k8s'] });
    await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/worker-job.default.yaml');
  });

  it('GIVEN a parallel job with deadline and TTL WHEN synthesised THEN the YAML matches the parallel snapshot', async () => {
    const chart = newChart();
    new WorkerJob(chart, 'batch', {
      image: 'busybox:1.36', command: ['sh', '-c', 'work'], parallelism: 3, completions: 9, backoffLimit: 1,
      activeDeadline: Duration.minutes(30), ttlAfterFinished: Duration.hours(1), restartPolicy: 'OnFailure',
    });
    await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/worker-job.parallel.yaml');
  });

  it('GIVEN parallelism and completions WHEN synthesised THEN the Job carries them and the pod never restarts in place', () => {
    const chart = newChart();
    new WorkerJob(chart, 'batch', { image: 'busybox:1.36', parallelism: 2, completions: 4, activeDeadline: Duration.minutes(5) });
    const job = find(synth(chart), 'Job');
    expect(job.spec).toMatchObject({ parallelism: 2, completions: 4, backoffLimit: 3, activeDeadlineSeconds: 300 });
    expect(podSpec(job).restartPolicy).toBe('Never');
    expect(container(job).ports).toBeUndefined();
    expect(container(job).readinessProbe).toBeUndefined();
  });

  describe('documented defaults', () => {
    const chart = newChart();
    const w = new WorkerJob(chart, 'migrate', { image: 'busybox:1.36' });
    const job = find(synth(chart), 'Job');
    it('parallelism: 1', () => expect(job.spec.parallelism).toBe(1));
    it('completions: 1', () => expect(job.spec.completions).toBe(1));
    it('backoffLimit: 3', () => expect(job.spec.backoffLimit).toBe(3));
    it('activeDeadline: none', () => expect(job.spec.activeDeadlineSeconds).toBeUndefined());
    it('ttlAfterFinished: none (GitOps would re-create a deleted Job)', () => expect(job.spec.ttlSecondsAfterFinished).toBeUndefined());
    it("restartPolicy: 'Never'", () => expect(w.settings.restartPolicy).toBe('Never'));
    it('templateHash: true (the Job is named <name>-<template hash>, its ServiceAccount <name>)', () => {
      expect(w.templateHash).toBe(true);
      expect(job.metadata.name).toMatch(/^migrate-[0-9a-f]{10}$/);
      expect(job.metadata.name).toBe(w.jobName);
    });
    it('command/args: the image defaults', () => expect([container(job).command, container(job).args]).toEqual([undefined, undefined]));
  });

  describe('validation', () => {
    const make = (props: Record<string, unknown>) => () => new WorkerJob(newChart(), 'job', { image: 'busybox:1.36', ...props } as never);
    it('parallelism > completions', () => expect(make({ parallelism: 5, completions: 2 })).toThrow(/test\/job: parallelism 5 is invalid: must be <= completions \(2\).*Fix: set completions to at least 5/));
    it("restartPolicy 'Always'", () => expect(make({ restartPolicy: 'Always' })).toThrow(/restartPolicy "Always" is invalid: a Job's pods allow only 'Never' or 'OnFailure'/));
    it('negative backoffLimit', () => expect(make({ backoffLimit: -1 })).toThrow(/backoffLimit -1 is invalid/));
    it('completions 0', () => expect(make({ completions: 0 })).toThrow(/completions 0 is invalid/));
    it('zero deadline', () => expect(make({ activeDeadline: Duration.seconds(0) })).toThrow(/activeDeadline "0s" is invalid/));
    it('digest image is accepted, bad digest is not', () => {
      expect(make({ image: `busybox@sha256:${'a'.repeat(64)}` })).not.toThrow();
      expect(make({ image: 'busybox@sha256:xyz' })).toThrow(/the digest 'sha256:xyz' is not/);
    });
    it('negative Duration', () => expect(() => Duration.seconds(-1)).toThrow(/Duration of -1s is invalid/));
  });
});

describe('WorkerJob across releases (templateHash)', () => {
  const jobOf = (props: Record<string, unknown>) => find(synth((() => {
    const chart = newChart();
    new WorkerJob(chart, 'migrate', { image: 'busybox:1.36', command: ['migrate'], ...props } as never);
    return chart;
  })()), 'Job');

  it('GIVEN two releases with different image tags WHEN synthesised THEN the Jobs have different names', () => {
    expect(jobOf({ image: 'busybox:1.36' }).metadata.name).not.toBe(jobOf({ image: 'busybox:1.37' }).metadata.name);
  });

  it('GIVEN the same props twice WHEN synthesised THEN the Job keeps its name (it does not run again)', () => {
    expect(jobOf({}).metadata.name).toBe(jobOf({}).metadata.name);
  });

  it('GIVEN a change of a mutable field only (backoffLimit) WHEN synthesised THEN the name stays', () => {
    expect(jobOf({ backoffLimit: 1 }).metadata.name).toBe(jobOf({ backoffLimit: 5 }).metadata.name);
  });

  it('GIVEN a ConfigMap whose content changes WHEN synthesised THEN the Job name follows the config checksum', async () => {
    const { ConfigMap } = await import('../../src');
    const named = (level: string) => {
      const chart = newChart();
      const cm = new ConfigMap(chart, 'cfg', { data: { LEVEL: level } });
      new WorkerJob(chart, 'migrate', { image: 'busybox:1.36', env: { LEVEL: cm.key('LEVEL') } });
      return find(synth(chart), 'Job').metadata.name;
    };
    expect(named('info')).not.toBe(named('debug'));
  });

  it('GIVEN templateHash: false WHEN synthesised THEN the Job has the plain name and the job-ttl finding is not suppressed', () => {
    const job = jobOf({ templateHash: false });
    expect(job.metadata.name).toBe('migrate');
    expect(job.spec.template.metadata.annotations).toBeUndefined();
  });

  it('GIVEN ttlAfterFinished WHEN synthesised THEN no job-ttl suppression is written (there is nothing to suppress)', () => {
    expect(jobOf({ ttlAfterFinished: Duration.hours(1) }).spec.template.metadata.annotations).toBeUndefined();
  });

  it('GIVEN a name longer than 52 characters WHEN constructed THEN it throws (the hash must fit a DNS label)', () => {
    expect(() => jobOf({ name: 'm'.repeat(53) })).toThrow(/must be no more than 52 characters/);
    expect(() => jobOf({ name: 'm'.repeat(53), templateHash: false })).not.toThrow();
  });
});

describe('WorkerJob unknown props (JavaScript apps, as any)', () => {
  const make = (props: Record<string, unknown>) => () => new WorkerJob(newChart(), 'job', { image: 'busybox:1.36', ...props } as never);
  it('GIVEN a misspelt prop WHEN constructed THEN it throws naming it and the closest known prop', () => {
    expect(make({ backofLimit: 2 })).toThrow(/^test\/job: backofLimit 2 is invalid: is not a prop of WorkerJob\. Fix: did you mean 'backoffLimit'\?$/);
  });
  it('GIVEN a prop no construct knows WHEN constructed THEN it throws listing the known props', () => {
    expect(make({ flavour: 'x' })).toThrow(/flavour "x" is invalid: is not a prop of WorkerJob\. Fix: remove it, or use one of: activeDeadline, annotations/);
  });
});

describe('WorkerJob security presets', () => {
  it('GIVEN Security.relaxed with a reason WHEN synthesised THEN the YAML matches the relaxed snapshot', async () => {
    const { Security } = await import('../../src');
    const chart = newChart();
    new WorkerJob(chart, 'legacy', {
      image: 'busybox:1.36', command: ['sh', '-c', 'echo'],
      security: Security.relaxed({ reason: 'legacy tool writes to /var/lib/tool as root', allowRoot: true, writableRootFilesystem: true }),
    });
    await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/worker-job.relaxed.yaml');
  });
});
