import { defineConfig } from 'vitest/config';

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
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
