export { BASELINE_QUANTILES, baselineEntryOf, type BaselineEntry } from './entry.ts'
export { compareToBaseline } from './compare.ts'
export { BASELINE_SCHEMA_VERSION, baselinePath, readBaselineFile, writeBaselineEntry, type BaselineFile } from './store.ts'
