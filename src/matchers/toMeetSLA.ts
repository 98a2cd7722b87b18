import { thresholdsFromSla, type Sla } from '../judge/threshold.ts'
import { assertThresholds, type MatcherResult } from './assert.ts'
import type { MatcherOptions } from './received.ts'
import type { MatcherContext } from './record.ts'

/**
 * Passes when every limit of the SLA holds: latencies in ms, `rps` as a floor, `errorRate` as a
 * fraction; or, in its string form, the one threshold it names (`'p95<500ms'`, as `parseThreshold` reads it).
 *
 * @example
 * await expect(measurement).toMeetSLA({ p95: 500, p99: 1000, rps: 1000, errorRate: 0.01 })
 * await expect(measurement).toMeetSLA('p95<500ms')
 */
export async function toMeetSLA(this: MatcherContext, received: unknown, sla: Sla | string, options?: MatcherOptions): Promise<MatcherResult> {
  return assertThresholds(this, 'toMeetSLA', received, thresholdsFromSla(sla), options)
}
