import type { Latency } from '../measure/latency.ts'
import { overdispersionAt } from '../measure/noise.ts'
import type { Measurement } from '../measure/measurement.ts'
import { minSamplesFor, percentileRankInterval } from './confidence.ts'
import type { InconclusiveReason } from './verdict.ts'

/** A value with its distribution-free 95% confidence interval (order statistics). */
export interface Estimate {
  value: number
  low: number
  high: number
}

/**
 * Each end of the 95% interval of the p-quantile (widened by √dispersion) that falls inside the
 * sample: a noisy run may bound a quantile from one side only.
 */
export function percentileBounds(latency: Latency, percentile: number, dispersion = 1): { low?: number; high?: number } {
  const ranks = percentileRankInterval(percentile, latency.count, dispersion)
  return {
    ...(ranks.low === undefined ? {} : { low: latency.valueAtRank(ranks.low) }),
    ...(ranks.high === undefined ? {} : { high: latency.valueAtRank(ranks.high) }),
  }
}

/** The 95% interval of the p-quantile of these latencies, or undefined when an end falls outside the sample. */
export function percentileInterval(latency: Latency, percentile: number, dispersion = 1): { low: number; high: number } | undefined {
  const ranks = percentileRankInterval(percentile, latency.count, dispersion)
  if (ranks.low === undefined || ranks.high === undefined) return undefined
  return { low: latency.valueAtRank(ranks.low), high: latency.valueAtRank(ranks.high) }
}

/**
 * The p-quantile with its 95% interval (widened by √dispersion), or undefined below the sample
 * minimum the judge requires or when the widened interval leaves the sample.
 */
export function percentileEstimate(latency: Latency, percentile: number, dispersion = 1): Estimate | undefined {
  if (shortfallOf(latency.count, minSamplesFor(percentile))) return undefined
  const interval = percentileInterval(latency, percentile, dispersion)
  return interval && { value: latency.percentile(percentile), ...interval }
}

/** The judge's rule for data too thin to judge: nothing at all, or fewer samples than the statistic needs. */
export function shortfallOf(samples: number, minSamples: number | undefined): Extract<InconclusiveReason, 'no-data' | 'too-few-samples'> | undefined {
  if (samples === 0) return 'no-data'
  return minSamples !== undefined && samples < minSamples ? 'too-few-samples' : undefined
}

/**
 * The overdispersion φ the judge widens a percentile's interval by: the run's own, measured at that
 * percentile from its per-second windows, never below 1 (a quiet run keeps the binomial interval).
 * 1 when the measurement has no per-second bins (bench(), fromSamples(), older saved runs).
 */
export function dispersionOf(m: Pick<Measurement, 'timeline'>, percentile: number): number {
  // A measurement rebuilt from a results file's estimates has no timeline: its intervals are already widened.
  if (percentile >= 100 || !Array.isArray(m.timeline)) return 1
  return Math.max(1, overdispersionAt(m.timeline, percentile) ?? 1)
}
