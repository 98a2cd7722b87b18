import { judgeChange } from '../judge/change.ts'
import type { Verdict } from '../judge/verdict.ts'
import type { Measurement } from '../measure/measurement.ts'
import type { BaselineEntry } from './entry.ts'

/**
 * Judges a run against its stored baseline: the judge's {@link judgeChange} on the intervals the
 * baseline kept, with `tolerance` the relative slowdown allowed (0.1 = 10%).
 */
export function compareToBaseline(current: Measurement, baseline: BaselineEntry, tolerance: number): Verdict[] {
  return judgeChange(current, baseline.intervals, tolerance)
}
