import { percentileOfSorted } from '../measure/index.ts'
import { createProgress, type Progress, type ProgressOptions } from '../report/progress.ts'
import type { SecondWindows } from './secondWindows.ts'

/**
 * Draws the live progress line of a run on an interactive terminal — the last second's rate and
 * p95, errors so far, time left — and nothing in CI or when stderr is not a TTY.
 */
export function showProgress(windows: SecondWindows, plannedMs: number | undefined, completed: () => number, options?: ProgressOptions): Pick<Progress, 'done'> {
  const progress = createProgress(options)
  if (!progress.enabled) return progress
  let errors = 0
  windows.listen((window, elapsedMs) => {
    errors += window.errors
    const sorted = Float64Array.from(window.latenciesMs).sort()
    progress.update({
      elapsedMs,
      totalMs: plannedMs ?? 0,
      completed: completed(),
      errors,
      p95Ms: sorted.length ? percentileOfSorted(sorted, 95) : Number.NaN,
      rate: window.latenciesMs.length + window.errors,
    })
  })
  return progress
}
