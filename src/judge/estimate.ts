import type { Latency } from '../measure/latency.ts'
import { minSamplesFor, percentileRankInterval } from './confidence.ts'
import type { InconclusiveReason } from './verdict.ts'

/** A value with its distribution-free 95% confidence interval (order statistics). */
export interface Estimate {
  value: number
  low: number
  high: number
}

/** The 95% interval of the p-quantile of these latencies, or undefined when an end falls outside the sample. */
export function percentileInterval(latency: Latency, percentile: number): { low: number; high: number } | undefined {
  const ranks = percentileRankInterval(percentile, latency.count)
  if (ranks.low === undefined || ranks.high === undefined) return undefined
  return { low: latency.valueAtRank(ranks.low), high: latency.valueAtRank(ranks.high) }
}

/** The p-quantile with its 95% interval, or undefined below the sample minimum the judge requires. */
export function percentileEstimate(latency: Latency, percentile: number): Estimate | undefined {
  if (shortfallOf(latency.count, minSamplesFor(percentile))) return undefined
  const interval = percentileInterval(latency, percentile)
  return interval && { value: latency.percentile(percentile), ...interval }
}

/** The judge's rule for data too thin to judge: nothing at all, or fewer samples than the statistic needs. */
export function shortfallOf(samples: number, minSamples: number | undefined): Extract<InconclusiveReason, 'no-data' | 'too-few-samples'> | undefined {
  if (samples === 0) return 'no-data'
  return minSamples !== undefined && samples < minSamples ? 'too-few-samples' : undefined
}
