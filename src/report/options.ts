/** Options of the perfgate reporters (Vitest and Jest alike). Paths are relative to the project root. */
export interface PerfgateReporterOptions {
  /** Write the JSON results file (schema: `PerfResults`) here. */
  json?: string
  /** Write a self-contained HTML report here. */
  html?: string
  /** Write JUnit XML with `perfgate.*` properties here. */
  junit?: string
  /**
   * Print `::error`/`::warning` annotations and append a markdown table to `$GITHUB_STEP_SUMMARY`.
   * @default process.env.GITHUB_ACTIONS === 'true'
   */
  githubActions?: boolean
  /**
   * Where `toMatchBaseline` keeps baselines instead of `__perf__/` beside each spec; the reporter
   * passes it to test workers as `PERFGATE_BASELINE_DIR`, where `perfgate/vitest` and `perfgate/jest` read it.
   */
  baselineDir?: string
  /** Vitest only: report just the tests of these projects, e.g. `['perf']`. @default every project */
  projects?: readonly string[]
  /** Print the console table. @default true */
  console?: boolean
}
