import { validateThreshold } from '../judge/threshold.ts'
import { assertThresholds, type MatcherResult } from './assert.ts'
import type { MatcherOptions } from './received.ts'
import type { MatcherContext } from './record.ts'

/**
 * Passes when the 95th percentile latency is at most `limitMs` with 95% confidence.
 *
 * @example
 * await expect(measurement).toMeetP95(500)
 */
export async function toMeetP95(this: MatcherContext, received: unknown, limitMs: number, options?: MatcherOptions): Promise<MatcherResult> {
  const threshold = validateThreshold({ stat: 'p95', limitMs })
  return assertThresholds(this, 'toMeetP95', received, [threshold], options)
}
