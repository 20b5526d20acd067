import { describe, expect, it } from 'vitest';
import { Cron, Duration } from '../../src';
import { find, newChart, podSpec, synth, synthYaml } from './helpers';

describe('Cron', () => {
  it('GIVEN the minimal props WHEN synthesised THEN the YAML matches the default snapshot', async () => {
    const chart = newChart();
    new Cron(chart, 'report', { image: 'busybox:1.36', command: ['date'], schedule: '*/5 * * * *' });
    await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/cron.default.yaml');
  });

  it('GIVEN time zone, Replace, deadline, limits, suspend WHEN synthesised THEN the YAML matches the tuned snapshot', async () => {
    const chart = newChart();
    new Cron(chart, 'nightly', {
      image: 'busybox:1.36', command: ['date'], schedule: '@daily', timeZone: 'Europe/Berlin', concurrencyPolicy: 'Replace',
      startingDeadline: Duration.minutes(5), successfulJobsHistoryLimit: 1, failedJobsHistoryLimit: 3, suspend: true, restartPolicy: 'OnFailure',
    });
    await expect(synthYaml(chart)).toMatchFileSnapshot('../snapshots/constructs/cron.tuned.yaml');
  });

  it('GIVEN a Cron WHEN synthesised THEN the job template pods carry the standard labels and the restricted context', () => {
    const chart = newChart();
    new Cron(chart, 'report', { image: 'busybox:1.36', schedule: '0 3 * * 1-5' });
    const cj = find(synth(chart), 'CronJob');
    expect(cj.spec.jobTemplate.spec.template.metadata.labels).toMatchObject({ 'app.kubernetes.io/name': 'report', 'app.kubernetes.io/component': 'cronjob' });
    expect(podSpec(cj).securityContext.runAsNonRoot).toBe(true);
    expect(podSpec(cj).restartPolicy).toBe('Never');
  });

  describe('documented defaults', () => {
    const chart = newChart();
    new Cron(chart, 'report', { image: 'busybox:1.36', schedule: '*/5 * * * *' });
    const cj = find(synth(chart), 'CronJob');
    it('timeZone: unset', () => expect(cj.spec.timeZone).toBeUndefined());
    it("concurrencyPolicy: 'Forbid'", () => expect(cj.spec.concurrencyPolicy).toBe('Forbid'));
    it('startingDeadline: 1 hour (no cronjob-starting-deadline lint finding on the default)', () => expect(cj.spec.startingDeadlineSeconds).toBe(3600));
    it('successfulJobsHistoryLimit: 3', () => expect(cj.spec.successfulJobsHistoryLimit).toBe(3));
    it('failedJobsHistoryLimit: 1', () => expect(cj.spec.failedJobsHistoryLimit).toBe(1));
    it('suspend: false', () => expect(cj.spec.suspend).toBe(false));
    it('job settings: parallelism 1, completions 1, backoffLimit 3', () => expect(cj.spec.jobTemplate.spec).toMatchObject({ parallelism: 1, completions: 1, backoffLimit: 3 }));
  });

  describe('validation', () => {
    const make = (props: Record<string, unknown>) => () => new Cron(newChart(), 'report', { image: 'busybox:1.36', schedule: '0 3 * * *', ...props } as never);
    it('6-field schedule', () => expect(make({ schedule: '0 0 3 * * *' })).toThrow(/test\/report: schedule "0 0 3 \* \* \*" is invalid: expected exactly 5 fields.*Fix: use 5 fields/));
    it('out-of-range minute', () => expect(make({ schedule: '61 * * * *' })).toThrow(/schedule "61 \* \* \* \*" is invalid: end of range \(61\) above maximum \(59\)/));
    it('unknown macro', () => expect(make({ schedule: '@fortnightly' })).toThrow(/unrecognized descriptor: @fortnightly/));
    it('TZ= in schedule', () => expect(make({ schedule: 'TZ=UTC 0 3 * * *' })).toThrow(/use timeZone field instead/));
    it('bad time zone', () => expect(make({ timeZone: 'Europe Berlin' })).toThrow(/timeZone "Europe Berlin" is invalid: must be an IANA time zone name/));
    it('Local time zone', () => expect(make({ timeZone: 'Local' })).toThrow(/timeZone "Local" is invalid/));
    it('bad concurrencyPolicy', () => expect(make({ concurrencyPolicy: 'Queue' })).toThrow(/concurrencyPolicy "Queue" is invalid/));
    it('name longer than 52', () => expect(() => new Cron(newChart(), 'r'.repeat(53), { image: 'busybox:1.36', schedule: '@daily' })).toThrow(/CronJob name "r+" is invalid: must be no more than 52 characters/));
    it('starting deadline < 10s', () => expect(make({ startingDeadline: Duration.seconds(5) })).toThrow(/startingDeadline "5s" is invalid/));
    it('negative history limit', () => expect(make({ failedJobsHistoryLimit: -1 })).toThrow(/failedJobsHistoryLimit -1 is invalid/));
  });
});
