import { percentileOfSorted } from '../measure/index.ts'
import type { OutcomeRecorder } from './recorder.ts'

/** Windows with fewer requests than this are too thin to stop a run on. */
export const MIN_WINDOW_REQUESTS = 10

/**
 * Judges each one-second window of a run against `stopWhen` limits and stops the run at the first
 * window that breaks one: the breaking point a stress profile looks for.
 */
export class StopWatcher {
  /** Why the run stopped early, once it did. */
  verdict: string | undefined
  readonly #recorder: OutcomeRecorder
  readonly #limits: { p95?: number; errorRate?: number }
  readonly #t0: number
  readonly #stop: () => void
  #timer: NodeJS.Timeout | undefined

  constructor(recorder: OutcomeRecorder, limits: { p95?: number; errorRate?: number }, t0: number, stop: () => void) {
    this.#recorder = recorder
    this.#limits = limits
    this.#t0 = t0
    this.#stop = stop
  }

  start(): void {
    this.#recorder.window = { latenciesMs: [], errors: 0 }
    this.#timer = setInterval(() => this.#judge(), 1000)
  }

  stop(): void {
    clearInterval(this.#timer)
    this.#recorder.window = undefined
  }

  #judge(): void {
    const window = this.#recorder.window!
    this.#recorder.window = { latenciesMs: [], errors: 0 }
    const total = window.latenciesMs.length + window.errors
    if (total < MIN_WINDOW_REQUESTS) return
    const at = `${((performance.now() - this.#t0) / 1000).toFixed(1)} s`
    const errorRate = window.errors / total
    if (this.#limits.errorRate !== undefined && errorRate > this.#limits.errorRate) {
      this.verdict = `Stopped at ${at}: the error rate of the last second was ${(errorRate * 100).toFixed(1)}%, over the stopWhen limit of ${(this.#limits.errorRate * 100).toFixed(1)}%.`
    } else if (this.#limits.p95 !== undefined && window.latenciesMs.length > 0) {
      const p95 = percentileOfSorted(Float64Array.from(window.latenciesMs).sort(), 95)
      if (p95 > this.#limits.p95) this.verdict = `Stopped at ${at}: p95 of the last second was ${p95.toFixed(1)} ms, over the stopWhen limit of ${this.#limits.p95} ms.`
    }
    if (this.verdict) {
      this.stop()
      this.#stop()
    }
  }
}
