import type { Threshold } from './threshold.ts'

/**
 * Why a verdict is inconclusive:
 * - `too-few-samples`: the percentile cannot be estimated from so few samples; run longer.
 * - `within-noise`: the limit lies inside the 95% confidence interval of the measured value.
 * - `generator-saturated`: the load generator, not the system under test, was the bottleneck.
 * - `no-data`: nothing succeeded or nothing ran.
 * - `noisy-run`: the run's seconds varied so much more than independent samples do (overdispersion
 *   φ, stalls) that the widened interval leaves the sample on the side the verdict needs. Like
 *   within noise it does not fail the test: it is a state of the machine at that moment, not of the
 *   spec (too few samples is the spec's, and fails), and failing on it is the flapping this judge
 *   exists to stop. A run clearly over its limit still fails: the end of the interval it needs holds.
 * - `advisory`: a baseline change of a tail percentile resting on too few samples above it (a p99 of
 *   1,000 samples has 10) to be a stable comparison; reported, never failing the test.
 */
export type InconclusiveReason = 'too-few-samples' | 'within-noise' | 'generator-saturated' | 'no-data' | 'noisy-run' | 'advisory'

/** Inconclusive reasons that do not fail a test: the data was judged, and cannot (or need not) decide. */
export const PASSING_REASONS: ReadonlySet<InconclusiveReason> = new Set(['within-noise', 'advisory', 'noisy-run'])

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
  /**
   * Relative headroom: (limit − measured) / limit for upper bounds, (measured − limit) / limit for rps.
   * Negative when violated. Against a limit of 0 (a count: no violations allowed) there is no
   * relative headroom, and it is the count over the limit instead, negated (−3 for 3 violations).
   */
  margin: number
  /** Samples the statistic was computed from (successes for latency, all requests for errorRate). */
  samples: number
  /** Fewest samples this statistic needs to be judged (percentiles). */
  minSamples?: number
  /** 95% confidence interval of the measured value, when one exists. */
  confidence?: { level: number; low: number; high: number }
  /** The overdispersion φ the 95% interval was widened by (√φ), when the run's windows showed more than 1. */
  overdispersion?: number
  /** For a windowed SLA: the window this verdict judged (the worst), ms from the run's start, and how many were judged. */
  window?: { startMs: number; endMs: number; windows: number }
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

/** The unit of a judged value: latencies, rates and fractions; a service's CPU in cores and memory in MB; counts (invariant violations). */
export type VerdictUnit = 'ms' | 'req/s' | 'ratio' | 'cores' | 'MB' | 'count'

/** One member of a union without `threshold`, with any unit: what a limit on something other than a Measurement states. */
type WithoutThreshold<V> = V extends unknown ? Omit<V, 'threshold' | 'unit'> & { threshold?: undefined; unit: VerdictUnit } : never

/**
 * A verdict as matchers record it for reporters: the judge's answer for a Measurement threshold, or
 * one for a limit on something else — a service's peak CPU and memory (`toStayWithin`), the
 * violations invariant checks found (`toHaveNoViolations`) — which states the same facts, in its
 * own unit, and has no `threshold`. Its passes are marginal by the same rule, except against a
 * limit of zero (no violations allowed), which has no headroom to speak of.
 */
export type JudgedVerdict = Verdict | WithoutThreshold<Verdict>

/**
 * Whether a matcher should fail the test for this verdict: only a clear violation or unusable data
 * (too few samples, a saturated generator, no data). Within noise, noisy-run and advisory verdicts
 * were judged and could not decide: they warn and do not fail.
 */
export function failsTest(verdict: JudgedVerdict): boolean {
  return verdict.status === 'fail' || (verdict.status === 'inconclusive' && !PASSING_REASONS.has(verdict.reason))
}
