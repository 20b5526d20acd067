// The options adopt derives from a Job's and a CronJob's settings (issue 17).
import { describe, expect, it } from 'vitest';
import { generateProgram } from '../../src/adopt/generate';

const job = (spec: Record<string, unknown>) => ({
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'work', namespace: 'q' },
  spec: { ...spec, template: { spec: { restartPolicy: 'OnFailure', terminationGracePeriodSeconds: 90, containers: [{ name: 'work', image: 'busybox:1.36' }] } } },
});
const program = (o: unknown) => generateProgram([{ file: 'x.yaml', documentIndex: 0, object: o }]).code;

describe('Job settings as options', () => {
  it('GIVEN a Job with completions, parallelism, a deadline and a grace period WHEN adopted THEN they are the WorkerJob options, durations typed', () => {
    const code = program(job({ completions: 3, parallelism: 2, backoffLimit: 1, activeDeadlineSeconds: 7200 }));
    expect(code).toContain("new WorkerJob(q, 'work', {");
    expect(code).toMatch(/parallelism: 2,\n\s+completions: 3,\n\s+backoffLimit: 1,\n\s+activeDeadline: Duration\.hours\(2\),\n\s+restartPolicy: 'OnFailure',/);
    expect(code).toContain('terminationGracePeriod: Duration.seconds(90),');
  });

  it('GIVEN a work queue Job (parallelism without completions) WHEN adopted THEN it is a WorkerJob that keeps parallelism as deployed', () => {
    const code = program(job({ parallelism: 2 }));
    expect(code).toContain("new WorkerJob(q, 'work', {");
    expect(code).toMatch(/Job: \{[^}]*'spec\.parallelism': 2/);
    expect(code).not.toContain('completions:');
  });
});
