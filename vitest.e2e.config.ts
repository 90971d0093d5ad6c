import { defineConfig } from 'vitest/config';

// Browser tests: the real server in-process, the built SPA, Debian's Chromium via playwright-core.
// One file at a time: the machine is small and each file runs its own server and browser.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/e2e/**/*.e2e.test.ts'],
    globalSetup: ['test/e2e/support/build-web.ts'],
    pool: 'forks',
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
