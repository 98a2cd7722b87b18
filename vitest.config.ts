import { defineConfig } from 'vitest/config'
import { perfgateFromSource } from './scripts/sourceCondition.ts'

export default defineConfig({
  plugins: [perfgateFromSource()],
  test: {
    // The perf specs' verdicts as a table, JSON and HTML (and annotations + job summary in GitHub Actions).
    reporters: [
      'default',
      ['perfgate/reporter', { projects: ['perf'], json: '.perfgate/perf-results.json', html: '.perfgate/perf-report.html' }],
      // `npm test` (scripts/test.ts) counts passed and failed tests from this file.
      ...(process.env.PERFGATE_TEST_COUNTS ? [['json', { outputFile: process.env.PERFGATE_TEST_COUNTS }] as ['json', { outputFile: string }]] : []),
    ],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
          exclude: ['test/fixtures/**', '**/node_modules/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          typecheck: { enabled: true, include: ['test/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
        },
      },
      {
        test: {
          name: 'perf',
          include: ['perf/**/*.perf.ts', 'perf/**/*.test.ts'],
          exclude: ['**/node_modules/**'],
          // Perf specs measure: one at a time, never beside another file competing for the 2 cores.
          fileParallelism: false,
          maxWorkers: 1,
          // One Postgres and one Redis for the whole run, outliving watch-mode re-runs.
          globalSetup: ['./perf/support/sharedServers.ts'],
          testTimeout: 300_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
})
