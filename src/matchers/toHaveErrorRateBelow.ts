import { validateThreshold } from '../judge/threshold.ts'
import { assertThresholds, type MatcherResult } from './assert.ts'
import type { MatcherOptions } from './received.ts'
import type { MatcherContext } from './record.ts'

/**
 * Passes when failed / all requests is at most `fraction` (0.01 = 1%).
 *
 * @example
 * await expect(measurement).toHaveErrorRateBelow(0.01)
 */
export async function toHaveErrorRateBelow(this: MatcherContext, received: unknown, fraction: number, options?: MatcherOptions): Promise<MatcherResult> {
  const threshold = validateThreshold({ stat: 'errorRate', max: fraction })
  return assertThresholds(this, 'toHaveErrorRateBelow', received, [threshold], options)
}
