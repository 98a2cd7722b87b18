import { thresholdsFromSla, type Sla } from '../judge/threshold.ts'
import { assertThresholds, type MatcherResult } from './assert.ts'
import type { MatcherOptions } from './received.ts'
import type { MatcherContext } from '../results/assertion.ts'

/**
 * Passes when every limit of the SLA holds: latencies in ms, `rps` as a floor, `errorRate` as a fraction.
 *
 * @example
 * await expect(measurement).toMeetSLA({ p95: 500, p99: 1000, rps: 1000, errorRate: 0.01 })
 */
export async function toMeetSLA(this: MatcherContext, received: unknown, sla: Sla, options?: MatcherOptions): Promise<MatcherResult> {
  return assertThresholds(this, 'toMeetSLA', received, thresholdsFromSla(sla), options)
}
