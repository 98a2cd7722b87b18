import type { ChangeReference } from '../judge/change.ts'
import type { JudgedVerdict } from '../judge/verdict.ts'
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
  verdicts: JudgedVerdict[]
  /**
   * The load measurement judged. Absent when the assertion judged something else, whose verdicts
   * then say all there is: a service's CPU and memory (`toStayWithin`, one verdict per limit) or
   * invariant checks (`toHaveNoViolations`, one verdict: the violations found, none allowed).
   */
  measurement?: MeasurementSummary
  /** Where the `expect(...)` call stands, for CI annotations. */
  location?: { file: string; line: number; column: number }
  /** Only on a baseline assertion: what it did with its baseline. */
  baseline?: BaselineOutcome
  /**
   * The tag (an endpoint of a weighted scenario mix) whose sub-measurement was judged:
   * `expect(m.byTag['GET /tasks/:id']).toMeetP95(500)`. Absent for a whole run. Reporters name it
   * beside the test and the metric.
   */
  tag?: string
  /**
   * p50, p95 and p99 of the measurement with their 95% intervals (the judge's estimates), so that
   * `perfgate compare` can tell a change between two results files from noise. Absent in files
   * written before it was added.
   */
  estimates?: ChangeReference
  /** Only on a compared baseline assertion: the stored run it was judged against, to draw beside this one. */
  reference?: ReferenceRun
}

/** An earlier run's latency distribution (ms), kept to draw beside the current one. */
export interface ReferenceRun {
  /** What it is: 'baseline' (the stored baseline) or 'previous' (the last run). */
  kind: 'baseline' | 'previous'
  count: number
  latency: { min: number; p50: number; p75: number; p90: number; p95: number; p99: number; p999: number; max: number }
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
