export { BASELINE_QUANTILES, baselineEntryOf, type BaselineEntry } from './entry.ts'
export { compareToBaseline } from './compare.ts'
export {
  BASELINE_DIR_ENV,
  BASELINE_SCHEMA_VERSION,
  baselinePath,
  fileBaselineStore,
  readBaselineFile,
  writeBaselineEntry,
  type BaselineFile,
  type BaselineStore,
} from './store.ts'
