import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    environment: 'node',
    // Runaway guards, not limits: CI runs on a loaded two-core machine, where a test that takes 5 s alone can
    // take ten times that. No test asserts on time (timing lives in bench/).
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // better-sqlite3 and sharp are native: forks isolate them from each other's crashes.
    pool: 'forks',
  },
});
