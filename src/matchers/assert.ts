import { judge } from '../judge/judge.ts'
import { keyIntervals } from '../judge/significance.ts'
import { judgeWindows, windowMsOf } from '../judge/window.ts'
import type { Threshold } from '../judge/threshold.ts'
import { failsTest, PASSING_REASONS, type Verdict } from '../judge/verdict.ts'
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
 * verdicts on the running test, and answer the runner.
 */
export async function assertThresholds(
  context: MatcherContext,
  matcher: string,
  received: unknown,
  thresholds: readonly Threshold[],
  options?: MatcherOptions,
): Promise<MatcherResult> {
  const site = callSite(new Error().stack, context.testPath)
  const windowMs = windowMsOf(options?.window)
  const measurement = await toMeasurement(received, matcher, options)
  const verdicts: Verdict[] = thresholds.map((threshold) => (windowMs === undefined ? judge(measurement, threshold) : judgeWindows(measurement, threshold, windowMs)))
  const negated = context.isNot === true
  const passed = assertionPasses(verdicts, negated)
  recordAssertion({ matcher, negated, passed, verdicts, measurement: summarizeMeasurement(measurement), ...(site ? { location: site } : {}), ...(measurement.tag === undefined ? {} : { tag: measurement.tag }), estimates: keyIntervals(measurement) }, context)
  return {
    // The runner inverts `pass` for `.not`.
    pass: negated ? !passed : passed,
    message: () => diagnosis(matcher, verdicts, measurement, negated),
  }
}

/**
 * Whether an assertion passes, after `.not`: the plain form needs every verdict met; the `.not`
 * form needs one clearly missed. Within noise fails neither; unusable data fails both.
 */
export function assertionPasses(verdicts: readonly Verdict[], negated: boolean): boolean {
  const unusable = verdicts.some((v) => v.status === 'inconclusive' && !PASSING_REASONS.has(v.reason))
  if (!negated) return !verdicts.some(failsTest)
  return !unusable && verdicts.some((v) => v.status === 'fail' || (v.status === 'inconclusive' && PASSING_REASONS.has(v.reason)))
}
