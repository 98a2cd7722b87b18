/**
 * Arrival times of an open run: a rate per second that is constant or ramps linearly between stage
 * targets (k6's ramping-arrival-rate). Arrival k (0-based) is due when the expected number of
 * arrivals since the start reaches k, so the first one is due at once.
 */
export class ArrivalSchedule implements Arrivals {
  /** Total arrivals the schedule makes. */
  readonly total: number
  readonly durationMs: number
  readonly #segments: Segment[] = []

  constructor(start: number, stages: ReadonlyArray<{ durationMs: number; target: number }>) {
    let atMs = 0
    let arrivals = 0
    let rate = start
    for (const stage of stages) {
      const count = ((rate + stage.target) / 2) * (stage.durationMs / 1000)
      this.#segments.push({ startMs: atMs, durationMs: stage.durationMs, fromRate: rate, toRate: stage.target, startCount: arrivals, count })
      atMs += stage.durationMs
      arrivals += count
      rate = stage.target
    }
    this.durationMs = atMs
    // The epsilon keeps 1000/s for 10 s at exactly 10,000 arrivals despite float rounding.
    this.total = Math.floor(arrivals + 1e-6)
  }

  /** Constant `rate` per second for `durationMs`. */
  static constant(rate: number, durationMs: number): ArrivalSchedule {
    return new ArrivalSchedule(rate, [{ durationMs, target: rate }])
  }

  /** How many arrivals are due by `elapsedMs` after the start. */
  dueBy(elapsedMs: number): number {
    if (elapsedMs < 0) return 0
    return Math.min(this.total, Math.floor(this.#countAt(elapsedMs) + 1e-9) + 1)
  }

  /** When arrival `k` (0-based) is due, in ms after the start. */
  timeOf(k: number): number {
    for (const s of this.#segments) {
      if (s.durationMs === 0) continue
      if (k > s.startCount + s.count + 1e-9) continue
      const n = k - s.startCount
      const secs = s.durationMs / 1000
      const a = (s.toRate - s.fromRate) / (2 * secs)
      const t = Math.abs(a) < 1e-12 ? (s.fromRate > 0 ? n / s.fromRate : 0) : (-s.fromRate + Math.sqrt(Math.max(0, s.fromRate * s.fromRate + 4 * a * n))) / (2 * a)
      return s.startMs + Math.min(s.durationMs, Math.max(0, t * 1000))
    }
    return this.durationMs
  }

  /**
   * Every `count`-th arrival of this schedule, starting with arrival `index` (0-based): the part one of
   * `count` shares makes. Shares 0…count-1 together make exactly this schedule's arrivals, at the same
   * times, so the union of N shards (or threads) is one open-model schedule at the whole rate.
   */
  slice(share: { index: number; count: number }): Arrivals {
    if (share.count === 1) return this
    return new SlicedArrivals(this, share.index, share.count)
  }

  /** The scheduled rate per second at `elapsedMs`. */
  rateAt(elapsedMs: number): number {
    for (const s of this.#segments) {
      if (elapsedMs < s.startMs + s.durationMs) return s.fromRate + (s.toRate - s.fromRate) * ((elapsedMs - s.startMs) / s.durationMs)
    }
    return this.#segments.at(-1)?.toRate ?? 0
  }

  #countAt(elapsedMs: number): number {
    for (const s of this.#segments) {
      if (elapsedMs >= s.startMs + s.durationMs) continue
      const secs = (elapsedMs - s.startMs) / 1000
      const slope = (s.toRate - s.fromRate) / (s.durationMs / 1000)
      return s.startCount + s.fromRate * secs + (slope * secs * secs) / 2
    }
    const last = this.#segments.at(-1)
    return last ? last.startCount + last.count : 0
  }
}

/** What the open model reads of a schedule: how many arrivals, how many are due, and when each is. */
export interface Arrivals {
  readonly total: number
  /** How many arrivals are due by `elapsedMs` after the start. */
  dueBy(elapsedMs: number): number
  /** When arrival `k` (0-based) is due, in ms after the start. */
  timeOf(k: number): number
}

class SlicedArrivals implements Arrivals {
  readonly total: number
  readonly #whole: Arrivals
  readonly #offset: number
  readonly #stride: number

  constructor(whole: Arrivals, offset: number, stride: number) {
    this.#whole = whole
    this.#offset = offset
    this.#stride = stride
    this.total = this.#within(whole.total)
  }

  dueBy(elapsedMs: number): number {
    return this.#within(this.#whole.dueBy(elapsedMs))
  }

  timeOf(k: number): number {
    return this.#whole.timeOf(this.#offset + k * this.#stride)
  }

  /** How many of the whole schedule's first `n` arrivals are this slice's. */
  #within(n: number): number {
    return n > this.#offset ? Math.ceil((n - this.#offset) / this.#stride) : 0
  }
}

interface Segment {
  startMs: number
  durationMs: number
  fromRate: number
  toRate: number
  startCount: number
  count: number
}
