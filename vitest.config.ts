import { defineConfig } from 'vitest/config';
import { SummaryReporter } from './test/support/summary-reporter.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One real redis-server for the whole run, started on a free loopback port (see test/support/).
    globalSetup: ['test/support/global-setup.ts'],
    // The answer reader's word lists (flows/locales/en/data/understanding.yaml), for tests that make no program.
    setupFiles: ['test/support/lexicon-setup.ts'],
    reporters: ['default', new SummaryReporter()],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
  },
});
