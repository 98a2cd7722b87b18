import type { Threshold } from './threshold.ts'

/**
 * Why a verdict is inconclusive:
 * - `too-few-samples`: the percentile cannot be estimated from so few samples; run longer.
 * - `within-noise`: the limit lies inside the 95% confidence interval of the measured value.
 * - `generator-saturated`: the load generator, not the system under test, was the bottleneck.
 * - `no-data`: nothing succeeded or nothing ran.
 */
export type InconclusiveReason = 'too-few-samples' | 'within-noise' | 'generator-saturated' | 'no-data'

/** A pass with less headroom than this is marginal (against a limit; a baseline change never is). */
export const MARGINAL_MARGIN = 0.1

/** What every verdict states, whatever its status. */
interface VerdictFacts {
  /** 'p95', 'p99.9', 'mean', 'max', 'rps', 'errorRate' or 'successRate'. */
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
}

/**
 * The judge's answer for one threshold, as plain data: matchers format it, reporters render it.
 * A union on `status`: only an inconclusive verdict has a `reason`, only a pass can be `marginal`
 * (under {@link MARGINAL_MARGIN} of headroom), and a fail or inconclusive one says what to try (`hint`).
 */
export type Verdict =
  | (VerdictFacts & { status: 'pass'; reason?: undefined; hint?: undefined; marginal?: true })
  | (VerdictFacts & { status: 'fail'; reason?: undefined; hint: string; marginal?: undefined })
  | (VerdictFacts & { status: 'inconclusive'; reason: InconclusiveReason; hint: string; marginal?: undefined })

/** Whether a matcher should fail the test for this verdict: only a clear violation or unusable data. */
export function failsTest(verdict: Verdict): boolean {
  return verdict.status === 'fail' || (verdict.status === 'inconclusive' && verdict.reason !== 'within-noise')
}
