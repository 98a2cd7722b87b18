import { percentileOfSorted } from '../measure/index.ts'
import { metricName, percentileOf, thresholdsFromSla, type Sla, type Threshold } from './threshold.ts'

/** Windows with fewer requests than this are too thin to stop a run on. */
export const MIN_WINDOW_REQUESTS = 10

/** The outcomes of one second of a run: the successes' latencies and the count of failures. */
export interface WindowOutcomes {
  latenciesMs: readonly number[]
  errors: number
}

/**
 * Judges each one-second window of a run against `stopWhen` limits and stops the run at the first
 * window that breaks one: the breaking point a stress profile looks for. The limits are an SLA,
 * the object `toMeetSLA` takes or its string form (`'p95<500ms'`), judged on the window's own
 * numbers: one second is too short for the confidence intervals a matcher's verdict uses.
 */
export class StopWatcher {
  /** Why the run stopped early, once it did. */
  verdict: string | undefined
  readonly #thresholds: Threshold[]
  readonly #stop: () => void

  constructor(limits: Sla | string, stop: () => void) {
    // The error rate first: when a system breaks, failures say more than the latency of what still succeeds.
    const thresholds = thresholdsFromSla(limits, 'stopWhen')
    this.#thresholds = [...thresholds.filter((t) => t.stat === 'errorRate'), ...thresholds.filter((t) => t.stat !== 'errorRate')]
    this.#stop = stop
  }

  /** A {@link SecondWindows} listener. */
  readonly judge = (window: WindowOutcomes, elapsedMs: number): void => {
    if (this.verdict) return
    const breach = windowBreach(window, this.#thresholds)
    if (!breach) return
    this.verdict = `Stopped at ${(elapsedMs / 1000).toFixed(1)} s: ${breach}.`
    this.#stop()
  }
}

/** The first limit this window breaks, as a clause ('p95 of the last second was 812.0 ms, over …'), or undefined. */
export function windowBreach(window: WindowOutcomes, thresholds: readonly Threshold[]): string | undefined {
  const total = window.latenciesMs.length + window.errors
  if (total < MIN_WINDOW_REQUESTS) return undefined
  let sorted: Float64Array | undefined
  for (const threshold of thresholds) {
    if (threshold.stat === 'errorRate') {
      const errorRate = window.errors / total
      if (errorRate > threshold.max) return `the error rate of the last second was ${(errorRate * 100).toFixed(1)}%, over the stopWhen limit of ${(threshold.max * 100).toFixed(1)}%`
      continue
    }
    if (threshold.stat === 'successRate') {
      const successRate = window.latenciesMs.length / total
      if (successRate < threshold.min) return `the success rate of the last second was ${(successRate * 100).toFixed(1)}%, under the stopWhen floor of ${(threshold.min * 100).toFixed(1)}%`
      continue
    }
    if (threshold.stat === 'rps') {
      const rps = window.latenciesMs.length
      if (rps < threshold.min) return `the last second had ${rps} successful requests, under the stopWhen floor of ${threshold.min} req/s`
      continue
    }
    if (window.latenciesMs.length === 0) continue
    sorted ??= Float64Array.from(window.latenciesMs).sort()
    const p = percentileOf(threshold)
    const measured = p === undefined ? sorted.reduce((a, b) => a + b, 0) / sorted.length : percentileOfSorted(sorted, p)
    if (measured > threshold.limitMs) return `${metricName(threshold)} of the last second was ${measured.toFixed(1)} ms, over the stopWhen limit of ${threshold.limitMs} ms`
  }
  return undefined
}
