/**
 * `perfgate/reporter`: the Vitest reporter (default export) and the pure renderers behind it.
 * The Jest reporter is `perfgate/reporter/jest` (src/report/jest.ts).
 */
import type {} from '../matchers/vitest.ts'
import { PerfgateReporter } from './vitest.ts'

export default PerfgateReporter
export { PerfgateReporter }
export type { PerfgateReporterOptions } from './options.ts'
export { buildResults, MARGINAL_MARGIN, RESULTS_SCHEMA_VERSION, type PerfResults, type PerfTestResult } from './results.ts'
export { redactSecrets } from '../redact/index.ts'
export { renderTable, outcomeLine } from './table.ts'
export { annotations, escapeData, escapeProperty } from './github.ts'
export { renderStepSummary } from './stepSummary.ts'
export { renderJUnit } from './junit.ts'
export { renderHtml } from './html/page.ts'
export { formatDelta, indexMeasured, renderDeltas } from './deltas.ts'
export { compareResults, parseResults } from './compare.ts'
export { createProgress, formatProgress, type Progress, type ProgressOptions, type ProgressSnapshot } from './progress.ts'
export {
  BASELINE_SCHEMA_VERSION,
  baselineEntryOf,
  baselinePath,
  compareToBaseline,
  type BaselineEntry,
  type BaselineFile,
} from './baseline/index.ts'
export { default as PerfgateJestReporter } from './jest.ts'
