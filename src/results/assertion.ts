import type { Verdict } from '../judge/verdict.ts'
import type { MeasurementSummary } from '../measure/summary.ts'

/**
 * What a baseline assertion did with its baseline:
 * - `compared`: judged against the stored baseline (its verdicts say how);
 * - `recorded`: this run wrote the baseline (a new one, or a rewrite with `-u`);
 * - `missing`: there was none to compare with and none was written (CI), or the run was too
 *   unreliable to record (a saturated generator).
 */
export type BaselineOutcome = 'compared' | 'recorded' | 'missing'

/**
 * What a matcher attaches to the running test for reporters: matchers write it, reporters read it,
 * and they never re-measure or re-judge.
 */
export interface JudgedAssertion {
  matcher: string
  negated: boolean
  /** Whether the assertion passed (after `.not`). */
  passed: boolean
  verdicts: Verdict[]
  measurement: MeasurementSummary
  /** Where the `expect(...)` call stands, for CI annotations. */
  location?: { file: string; line: number; column: number }
  /** Only on a baseline assertion: what it did with its baseline. */
  baseline?: BaselineOutcome
  /**
   * p50, p95 and p99 with the judge's 95% intervals (widened for the run's noise), so watch mode and
   * `perfgate compare` can tell a change from noise. Absent in results written before perfgate kept them.
   */
  intervals?: Partial<Record<'p50' | 'p95' | 'p99', { value: number; low: number; high: number }>>
}

/** The part of a running test an assertion sink reads. */
export interface AssertionContext {
  testPath?: string
  currentTestName?: string
  task?: unknown
}

/** Runner-specific sink for judged assertions (Vitest task meta, Jest side channel). */
export type AssertionSink = (assertion: JudgedAssertion, context: AssertionContext) => void

/**
 * The note a reporter shows for an assertion that has nothing judged to show: a baseline just
 * recorded, or one missing (also a recording that failed its `.not`). Undefined otherwise.
 */
export function baselineNote(assertion: JudgedAssertion): 'recorded' | 'missing' | undefined {
  if (assertion.baseline === undefined || assertion.baseline === 'compared') return undefined
  return assertion.baseline === 'recorded' && assertion.passed ? 'recorded' : 'missing'
}
