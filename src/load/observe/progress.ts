import { percentileOfSorted } from '../../measure/index.ts'
import type { SecondWindows } from './secondWindows.ts'

/** What a run knows about itself at the end of each second: plain data, for whoever draws it. */
export interface LoadProgress {
  elapsedMs: number
  /** Planned length of the run; 0 or less when unknown (a request-count bound). */
  totalMs: number
  /** Requests finished so far, successes and failures. */
  completed: number
  errors: number
  /** p95 latency of the last second; NaN when it had no success. */
  p95Ms: number
  /** Requests per second, over the last second. */
  rate: number
}

/** Whoever watches a run's progress (report/progress.ts's terminal line is one). */
export interface ProgressListener {
  /** False when nothing would be shown (CI, a piped stderr): the run then keeps no windows for it. */
  readonly enabled: boolean
  update(progress: LoadProgress): void
  /** The run has ended. */
  done(): void
}

/**
 * Hands `listener` the run's progress once a second — the last second's rate and p95, errors so
 * far, time left — built from the run's second windows.
 */
export function emitProgress(windows: SecondWindows, plannedMs: number | undefined, completed: () => number, listener: ProgressListener): void {
  if (!listener.enabled) return
  let errors = 0
  windows.listen((window, elapsedMs) => {
    errors += window.errors
    const sorted = Float64Array.from(window.latenciesMs).sort()
    listener.update({
      elapsedMs,
      totalMs: plannedMs ?? 0,
      completed: completed(),
      errors,
      p95Ms: sorted.length ? percentileOfSorted(sorted, 95) : Number.NaN,
      rate: window.latenciesMs.length + window.errors,
    })
  })
}

let openListener: (() => ProgressListener) | undefined

/**
 * Sets what watches the progress of every later load() run in this thread. The engine draws
 * nothing itself: the package entry (src/index.ts) plugs in the reporter's terminal line.
 */
export function watchProgressWith(open: () => ProgressListener): void {
  openListener = open
}

/** A listener for a run about to start, if one was plugged in. */
export function progressListener(): ProgressListener | undefined {
  return openListener?.()
}
