export { CONFIDENCE_LEVEL, meanInterval, minSamplesFor, percentileRankInterval, proportionInterval } from './confidence.ts'
export { formatMargin, formatNumber, formatValue } from './format.ts'
export { judge, judgeAll } from './judge.ts'
export {
  metricName,
  parseThreshold,
  PERCENTILE_STATS,
  thresholdsFromSla,
  validateThreshold,
  type PercentileStat,
  type Sla,
  type Threshold,
} from './threshold.ts'
export { failsTest, type InconclusiveReason, type Verdict } from './verdict.ts'
