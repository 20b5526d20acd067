import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds lib/ once, so tests that spawn bin/helmless.js never run stale JavaScript.
    globalSetup: ['test/cli/global-setup.ts'],
    // 2-core CI machine: synth tests spawn processes; keep parallelism modest.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
