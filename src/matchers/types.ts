import type { ResourceLimits } from '../judge/resources.ts'
import type { Sla } from '../judge/threshold.ts'
import type { MatcherOptions } from './received.ts'
import type { BaselineOptions } from './toMatchBaseline.ts'

/** The perfgate matchers as they appear on `expect(...)`; every one is async: `await` it. */
export interface PerfgateMatchers<R = Promise<void>> {
  /** p95 latency at most `limitMs` (with 95% confidence). */
  toMeetP95(limitMs: number, options?: MatcherOptions): R
  /** p99 latency at most `limitMs` (with 95% confidence). */
  toMeetP99(limitMs: number, options?: MatcherOptions): R
  /** p-th percentile latency at most `limitMs`; p in (0, 100]. */
  toMeetPercentile(p: number, limitMs: number, options?: MatcherOptions): R
  /** At least `rps` successful requests per second. */
  toSustainRps(rps: number, options?: MatcherOptions): R
  /** Failed fraction of requests at most `fraction` (0.01 = 1%). */
  toHaveErrorRateBelow(fraction: number, options?: MatcherOptions): R
  /** Successful fraction at least `fraction` (0.8 = 80%), with 95% confidence: of a custom rate (`m.rate('cache_hit')`), the true observations. */
  toHaveRateAtLeast(fraction: number, options?: MatcherOptions): R
  /** Every limit in the SLA: `{ p95: 500, errorRate: 0.01 }`, or its string form `'p95<500ms'` (one threshold, as `parseThreshold` reads it). */
  toMeetSLA(sla: Sla | string, options?: MatcherOptions): R
  /** p50/p95/p99 no worse than the stored baseline by more than `tolerance` (default 10%), judged against noise. */
  toMatchBaseline(options?: BaselineOptions): R
  /**
   * The service's resources during a workload (what `svc.during()` returns) stay within the limits:
   * `cpu` in cores at the busiest second (1 = one core), `machineCpu` as a fraction of all cores, `rssMb` peak memory.
   */
  toStayWithin(limits: ResourceLimits): R
  /** No invariant check found a violation, during the run or after it (what `invariants(…).during()` returns). */
  toHaveNoViolations(): R
  /**
   * A capacity search (what `findCapacity` returns) showed, with confidence, that a rate of at least
   * `floor` req/s met its SLA; fails when a rate at or below the floor clearly broke it.
   */
  toBeAtLeast(floor: number): R
}
