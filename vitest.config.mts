import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Vitest's order (files that failed, then the longest last time; with no record of earlier runs,
 * as in a fresh clone, the largest files first), except that the packed-install test starts first:
 * it is one ~30 s test that mostly waits on npm, so it runs beside the rest instead of after it.
 */
class PackInstallFirst extends BaseSequencer {
  async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const first = (f: TestSpecification) => /[\\/]test[\\/]package[\\/]pack-install\.test\.ts$/.test(f.moduleId);
    return [...sorted.filter(first), ...sorted.filter((f) => !first(f))];
  }
}

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds lib/ once, so tests that spawn bin/helmless.js never run stale JavaScript.
    globalSetup: ['test/cli/global-setup.ts'],
    // 2-core CI machine: synth tests spawn processes; keep parallelism modest.
    maxWorkers: 2,
    // One module graph per worker, not one per test file: otherwise every file imports cdk8s, the
    // constructs and the validator again (~0.6 s a file, ~40 of the suite's ~300 CPU seconds).
    // Test files still run one after another in a worker and each is evaluated afresh. The pool
    // stays 'forks': 'threads' failed 5 tests here and was no faster.
    isolate: false,
    sequence: { sequencer: PackInstallFirst },
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
