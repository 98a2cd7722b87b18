import type { OutcomeRecorder } from './runRecorder.ts'

/** The successes' latencies and the failures of one second of a run. */
export interface Window {
  latenciesMs: number[]
  errors: number
}

export type WindowListener = (window: Window, elapsedMs: number) => void

/**
 * Hands each listener the last second's outcomes, once a second: what `stopWhen` judges and the
 * progress line shows. Latencies are kept for the current second only, and only while it runs.
 */
export class SecondWindows {
  readonly #recorder: OutcomeRecorder
  readonly #t0: number
  readonly #listeners: WindowListener[] = []
  #timer: NodeJS.Timeout | undefined

  constructor(recorder: OutcomeRecorder, t0: number) {
    this.#recorder = recorder
    this.#t0 = t0
  }

  listen(listener: WindowListener): void {
    this.#listeners.push(listener)
  }

  start(): void {
    if (this.#listeners.length === 0) return
    this.#recorder.window = { latenciesMs: [], errors: 0 }
    this.#timer = setInterval(() => this.#rotate(), 1000)
  }

  stop(): void {
    clearInterval(this.#timer)
    this.#recorder.window = undefined
  }

  #rotate(): void {
    const window = this.#recorder.window
    if (!window) return
    this.#recorder.window = { latenciesMs: [], errors: 0 }
    const elapsedMs = performance.now() - this.#t0
    for (const listener of this.#listeners) listener(window, elapsedMs)
  }
}
