import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Two noisy cores: keep worker count low so CLI/server tests don't starve each other.
    maxWorkers: 2,
    // A throwaway PostgreSQL cluster for the PostgreSQL store suites (skipped when PostgreSQL is absent).
    globalSetup: ['test/helpers/pg-setup.ts'],
  },
});
