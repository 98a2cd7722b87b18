import { validateThreshold } from '../judge/threshold.ts'
import { assertThresholds, type MatcherResult } from './assert.ts'
import type { MatcherOptions } from './received.ts'
import type { MatcherContext } from './record.ts'

/**
 * Passes when successful requests per second of measured time reach at least `rps`.
 *
 * @example
 * await expect(await load(url, { rate: 1000, duration: '30s' })).toSustainRps(1000)
 */
export async function toSustainRps(this: MatcherContext, received: unknown, rps: number, options?: MatcherOptions): Promise<MatcherResult> {
  const threshold = validateThreshold({ stat: 'rps', min: rps })
  return assertThresholds(this, 'toSustainRps', received, [threshold], options)
}
