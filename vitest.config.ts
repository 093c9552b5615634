import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    reporters: ['default', './test/support/summary-reporter.ts'],
    exclude: ['**/node_modules/**', 'cdk.out/**'],
    testTimeout: 30_000,
    hookTimeout: 300_000,
    // Two cores: integration suites each start their own engines, so run at most two files at once.
    maxWorkers: 2,
    pool: 'forks',
    // Expected refusals are logged at INFO by the handlers; tests that read logs raise the level themselves.
    env: { POWERTOOLS_LOG_LEVEL: 'SILENT' },
  },
});
