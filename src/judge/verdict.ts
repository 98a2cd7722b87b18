import type { Threshold } from './threshold.ts'

/**
 * Why a verdict is inconclusive:
 * - `too-few-samples`: the percentile cannot be estimated from so few samples; run longer.
 * - `within-noise`: the limit lies inside the 95% confidence interval of the measured value.
 * - `generator-saturated`: the load generator, not the system under test, was the bottleneck.
 * - `no-data`: nothing succeeded or nothing ran.
 */
export type InconclusiveReason = 'too-few-samples' | 'within-noise' | 'generator-saturated' | 'no-data'

/** The judge's answer for one threshold, as plain data: matchers format it, reporters render it. */
export interface Verdict {
  status: 'pass' | 'fail' | 'inconclusive'
  reason?: InconclusiveReason
  /** 'p95', 'p99.9', 'mean', 'max', 'rps' or 'errorRate'. */
  metric: string
  threshold: Threshold
  /** `at-most` for latencies and error rate, `at-least` for rps. */
  bound: 'at-most' | 'at-least'
  measured: number
  limit: number
  unit: 'ms' | 'req/s' | 'ratio'
  /** Relative headroom: (limit − measured) / limit for upper bounds, (measured − limit) / limit for rps. Negative when violated. */
  margin: number
  /** Samples the statistic was computed from (successes for latency, all requests for errorRate). */
  samples: number
  /** Fewest samples this statistic needs to be judged (percentiles). */
  minSamples?: number
  /** 95% confidence interval of the measured value, when one exists. */
  confidence?: { level: number; low: number; high: number }
  /** One sentence on why the verdict is what it is. */
  summary: string
  /** What to try next, when the data could not decide or the verdict failed. */
  hint?: string
}

/** Whether a matcher should fail the test for this verdict: only a clear violation or unusable data. */
export function failsTest(verdict: Verdict): boolean {
  return verdict.status === 'fail' || (verdict.status === 'inconclusive' && verdict.reason !== 'within-noise')
}
