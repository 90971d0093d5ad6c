import { defineConfig } from 'vitest/config';

// Unit and integration tests. Browser tests (test/e2e) have their own config.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', '**/node_modules/**', '**/dist/**'],
    // One throwaway PostgreSQL server for the run; each test file creates its own databases on it.
    globalSetup: ['test/support/postgres.ts'],
    // Forks, not threads: native modules (better-sqlite3, argon2) and process-wide state stay isolated.
    pool: 'forks',
    fileParallelism: true,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
