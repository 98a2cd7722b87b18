export { BASELINE_QUANTILES, BASELINE_STATS, baselineEntryOf, estimate, type BaselineEntry, type BaselineStat, type Estimate } from './entry.ts'
export { compareToBaseline } from '../judge/change.ts'
export { BASELINE_SCHEMA_VERSION, baselinePath, readBaselineFile, writeBaselineEntry, type BaselineFile } from './store.ts'
