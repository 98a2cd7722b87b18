import { percentileOfSorted } from '../measure/index.ts'
import type { Window } from '../load/secondWindows.ts'

/** Windows with fewer requests than this are too thin to stop a run on. */
export const MIN_WINDOW_REQUESTS = 10

/**
 * Judges each one-second window of a run against `stopWhen` limits and stops the run at the first
 * window that breaks one: the breaking point a stress profile looks for.
 */
export class StopWatcher {
  /** Why the run stopped early, once it did. */
  verdict: string | undefined
  readonly #limits: { p95?: number; errorRate?: number }
  readonly #stop: () => void

  constructor(limits: { p95?: number; errorRate?: number }, stop: () => void) {
    this.#limits = limits
    this.#stop = stop
  }

  /** A {@link SecondWindows} listener. */
  readonly judge = (window: Window, elapsedMs: number): void => {
    if (this.verdict) return
    const total = window.latenciesMs.length + window.errors
    if (total < MIN_WINDOW_REQUESTS) return
    const at = `${(elapsedMs / 1000).toFixed(1)} s`
    const errorRate = window.errors / total
    if (this.#limits.errorRate !== undefined && errorRate > this.#limits.errorRate) {
      this.verdict = `Stopped at ${at}: the error rate of the last second was ${(errorRate * 100).toFixed(1)}%, over the stopWhen limit of ${(this.#limits.errorRate * 100).toFixed(1)}%.`
    } else if (this.#limits.p95 !== undefined && window.latenciesMs.length > 0) {
      const p95 = percentileOfSorted(Float64Array.from(window.latenciesMs).sort(), 95)
      if (p95 > this.#limits.p95) this.verdict = `Stopped at ${at}: p95 of the last second was ${p95.toFixed(1)} ms, over the stopWhen limit of ${this.#limits.p95} ms.`
    }
    if (this.verdict) this.#stop()
  }
}
