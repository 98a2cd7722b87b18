import { judgeChange } from '../judge/change.ts'
import type { Verdict } from '../judge/verdict.ts'
import type { Measurement } from '../measure/measurement.ts'
import { mergeMeasurements } from '../measure/merge.ts'
import { noiseOfEntry, type BaselineEntry } from './entry.ts'

/**
 * Judges a run (or several runs, pooled) against its stored baseline: the judge's
 * {@link judgeChange} on the intervals the baseline kept and its run-to-run noise floor, with
 * `tolerance` the relative slowdown allowed (0.1 = 10%).
 */
export function compareToBaseline(current: Measurement | readonly Measurement[], baseline: BaselineEntry, tolerance: number): Verdict[] {
  const runs = Array.isArray(current) ? (current as readonly Measurement[]) : [current as Measurement]
  const pooled = runs.length === 1 ? runs[0]! : mergeMeasurements(runs)
  return judgeChange(pooled, baseline.intervals, tolerance, { ...noiseOfEntry(baseline), currentRuns: runs.length })
}
