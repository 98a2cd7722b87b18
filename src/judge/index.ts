export { capacityResultProblem, describeCapacity, describeStop, describeThreshold, judgeCapacity, type CapacityResult, type CapacityStop } from './capacity.ts'
export { describeCause, judgeProbe, type BreachCause, type CapacityProbe, type ProbeOutcome } from './probe.ts'
export { CHANGE_STATS, judgeChange, MIN_TAIL_SAMPLES, type ChangeNoise, type ChangeReference, type ChangeStat } from './change.ts'
export { changeSignificance, keyIntervals } from './significance.ts'
export { CONFIDENCE_LEVEL, meanInterval, minSamplesFor, minSamplesForRate, percentileRankInterval, proportionInterval } from './confidence.ts'
export { dispersionOf, percentileEstimate, percentileInterval, shortfallOf, type Estimate } from './estimate.ts'
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
export { MIN_WINDOW_REQUESTS, StopWatcher, windowBreach, type WindowOutcomes } from './stopWhen.ts'
export { failsTest, MARGINAL_MARGIN, PASSING_REASONS, type InconclusiveReason, type JudgedVerdict, type Verdict, type VerdictUnit } from './verdict.ts'
export { judgeWindows, windowMsOf } from './window.ts'
export { CPU_PEAK_WINDOW_MS, cpuPeak, judgeResources, rssPeak, validateResourceLimits, type ResourceLimits, type ResourceVerdict } from './resources.ts'
