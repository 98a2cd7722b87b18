import type { OutcomeRecorder, RunRecorder } from './runRecorder.ts'

/** The successes' latencies and the failures of one second of a run. */
export interface Window {
  latenciesMs: number[]
  errors: number
  /** Per tag of a scenario mix, once {@link SecondWindows.trackTags} asked for it. */
  byTag?: Map<string, { latenciesMs: number[]; errors: number }>
}

/** Told each window; `final` is the last, partial one (only listeners that asked for it get it). */
export type WindowListener = (window: Window, elapsedMs: number, final: boolean) => void

/**
 * Hands each listener the last second's outcomes, once a second: what `stopWhen` judges and the
 * progress line shows. Latencies are kept for the current second only, and only while it runs.
 */
export class SecondWindows {
  readonly #recorder: OutcomeRecorder | RunRecorder
  readonly #t0: number
  readonly #listeners: WindowListener[] = []
  readonly #finals: WindowListener[] = []
  #tags = false
  #timer: NodeJS.Timeout | undefined

  constructor(recorder: OutcomeRecorder | RunRecorder, t0: number) {
    this.#recorder = recorder
    this.#t0 = t0
  }

  /**
   * Adds a listener of each second. With `final`, it is also handed the last, partial second when
   * the windows stop, so that it has seen every outcome (live metrics); stopWhen judges whole seconds only.
   */
  listen(listener: WindowListener, options: { final?: boolean } = {}): void {
    this.#listeners.push(listener)
    if (options.final) this.#finals.push(listener)
  }

  /** Also keeps each window's outcomes per tag of the mix (`window.byTag`). */
  trackTags(): void {
    this.#tags = true
  }

  start(): void {
    if (this.#listeners.length === 0) return
    this.#open()
    this.#timer = setInterval(() => this.#rotate(this.#listeners), 1000)
  }

  stop(): void {
    clearInterval(this.#timer)
    if (this.#finals.length && this.#recorder.window) this.#rotate(this.#finals, true)
    this.#recorder.window = undefined
    for (const sub of this.#byTag()) sub.window = undefined
  }

  #byTag(): Iterable<OutcomeRecorder> {
    return 'byTag' in this.#recorder ? this.#recorder.byTag.values() : []
  }

  #open(): void {
    this.#recorder.window = { latenciesMs: [], errors: 0 }
    if (this.#tags) for (const sub of this.#byTag()) sub.window = { latenciesMs: [], errors: 0 }
  }

  #rotate(listeners: readonly WindowListener[], final = false): void {
    const window: Window | undefined = this.#recorder.window
    if (!window) return
    if (this.#tags && 'byTag' in this.#recorder) {
      window.byTag = new Map([...this.#recorder.byTag].flatMap(([tag, sub]) => (sub.window ? [[tag, sub.window] as const] : [])))
    }
    this.#open()
    const elapsedMs = performance.now() - this.#t0
    for (const listener of listeners) listener(window, elapsedMs, final)
  }
}
