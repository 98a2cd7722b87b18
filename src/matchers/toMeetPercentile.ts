import { validateThreshold } from '../judge/threshold.ts'
import { assertThresholds, type MatcherResult } from './assert.ts'
import type { MatcherOptions } from './received.ts'
import type { MatcherContext } from './record.ts'

/**
 * Passes when the p-th percentile latency (p in (0, 100]; 100 is the max) is at most `limitMs`.
 *
 * @example
 * await expect(measurement).toMeetPercentile(99.9, 2000)
 */
export async function toMeetPercentile(this: MatcherContext, received: unknown, p: number, limitMs: number, options?: MatcherOptions): Promise<MatcherResult> {
  const threshold = validateThreshold(p === 100 ? { stat: 'max', limitMs } : { stat: 'percentile', p, limitMs })
  return assertThresholds(this, 'toMeetPercentile', received, [threshold], options)
}
