import { LatencyRecorder, TimelineRecorder, withNoise, type MeasurementData, type RunFacts } from '../measure/index.ts'

/**
 * The requests of one k6 file (or of one tag value in it): latencies of the successful ones in the
 * bounded recorder, failures by kind, and the per-second timeline on wall-clock seconds.
 */
export class RequestTally {
  readonly #latency = new LatencyRecorder()
  /** Seconds since the epoch: the run's start is known only at the end, so seconds are re-based then. */
  readonly #timeline = new TimelineRecorder(0)
  #errors = 0
  readonly #errorsByKind: Record<string, number> = {}
  #firstMs = Number.POSITIVE_INFINITY
  #lastMs = Number.NEGATIVE_INFINITY

  get requests(): number {
    return this.#latency.count + this.#errors
  }

  success(atMs: number, latencyMs: number): void {
    this.#seen(atMs)
    this.#latency.record(latencyMs)
    this.#timeline.success(atMs, latencyMs)
  }

  failure(atMs: number, kind: string): void {
    this.#seen(atMs)
    this.#errors++
    this.#errorsByKind[kind] = (this.#errorsByKind[kind] ?? 0) + 1
    this.#timeline.error(atMs)
  }

  /**
   * The requests as measurement data. It starts at the whole second of the first point, so each
   * timeline second is a wall-clock second (pods merge second by second), and ends at the last point.
   */
  toData(facts: RunFacts, name: string | undefined): MeasurementData {
    const firstSecond = Math.floor(this.#firstMs / 1000)
    const startedAt = firstSecond * 1000
    return withNoise({
      version: 1,
      source: 'samples',
      ...(name === undefined ? {} : { name }),
      latency: this.#latency.toData(),
      latencyFrom: 'send',
      count: this.#latency.count,
      errors: this.#errors,
      errorsByKind: { ...this.#errorsByKind },
      durationMs: Math.max(1, this.#lastMs - startedAt),
      startedAt,
      timeline: this.#timeline.toData().map((point) => ({ ...point, t: point.t - firstSecond })),
      facts,
    })
  }

  #seen(atMs: number): void {
    if (atMs < this.#firstMs) this.#firstMs = atMs
    if (atMs > this.#lastMs) this.#lastMs = atMs
  }
}
