import { validateThreshold } from '../judge/threshold.ts'
import { assertThresholds, type MatcherResult } from './assert.ts'
import type { MatcherOptions } from './received.ts'
import type { MatcherContext } from './record.ts'

/**
 * Passes when the successful fraction is at least `fraction` (0.8 = 80%) with 95% confidence
 * (Wilson's interval): of a custom rate (`m.rate('cache_hit')`), the true observations; of any
 * other measurement, the successful requests or calls. Too few observations to show the limit
 * even if all succeeded is inconclusive, and fails the test.
 *
 * @example
 * await expect(m.rate('cache_hit')).toHaveRateAtLeast(0.8)
 */
export async function toHaveRateAtLeast(this: MatcherContext, received: unknown, fraction: number, options?: MatcherOptions): Promise<MatcherResult> {
  const threshold = validateThreshold({ stat: 'successRate', min: fraction })
  return assertThresholds(this, 'toHaveRateAtLeast', received, [threshold], options)
}
