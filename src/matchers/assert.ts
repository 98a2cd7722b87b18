import { judge } from '../judge/judge.ts'
import type { Threshold } from '../judge/threshold.ts'
import { failsTest, type Verdict } from '../judge/verdict.ts'
import { summarizeMeasurement } from '../measure/summary.ts'
import { diagnosis } from './message.ts'
import { toMeasurement, type MatcherOptions } from './received.ts'
import { callSite, recordAssertion, type MatcherContext } from './record.ts'

export interface MatcherResult {
  pass: boolean
  message: () => string
}

/**
 * The body every perfgate matcher shares: measure if needed, judge each threshold, record the
 * verdicts on the running test, and answer the runner. A verdict within noise neither fails the
 * plain form nor the `.not` form; unusable data (too few samples, saturated generator) fails both.
 */
export async function assertThresholds(
  context: MatcherContext,
  matcher: string,
  received: unknown,
  thresholds: readonly Threshold[],
  options?: MatcherOptions,
): Promise<MatcherResult> {
  const site = callSite(new Error().stack, context.testPath)
  const measurement = await toMeasurement(received, matcher, options)
  const verdicts: Verdict[] = thresholds.map((threshold) => judge(measurement, threshold))
  const negated = context.isNot === true
  const unusable = verdicts.some((v) => v.status === 'inconclusive' && v.reason !== 'within-noise')
  const met = !verdicts.some(failsTest)
  const missed = !unusable && verdicts.some((v) => v.status === 'fail' || v.reason === 'within-noise')
  const passed = negated ? missed : met
  recordAssertion({ matcher, negated, passed, verdicts, measurement: summarizeMeasurement(measurement), ...(site ? { location: site } : {}) }, context)
  return {
    // The runner inverts `pass` for `.not`.
    pass: negated ? !passed : passed,
    message: () => diagnosis(matcher, verdicts, measurement, negated),
  }
}
