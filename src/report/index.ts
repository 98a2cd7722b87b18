/**
 * `perfgate/reporter`: the Vitest reporter (default export), the results file's types, and the pure
 * renderers that turn a results file into text. The Jest reporter is `perfgate/reporter/jest`.
 * Every name is listed; test/package/api.test.ts fails when this list changes.
 */
import type {} from '../matchers/vitest.ts'
import { PerfgateReporter } from './vitest.ts'

export default PerfgateReporter
export { PerfgateReporter }
export type { PerfgateReporterOptions } from './options.ts'
export { RESULTS_SCHEMA_VERSION, type PerfResults, type PerfTestResult } from './results.ts'
export { redactSecrets } from '../redact/index.ts'
export { renderTable } from './table.ts'
export { renderStepSummary } from './stepSummary.ts'
export { renderJUnit } from './junit.ts'
export { renderHtml } from './html/page.ts'
export { compareHtml, compareMarkdown, compareResults, parseResults } from './compare.ts'
