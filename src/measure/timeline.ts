import type { TimelinePoint } from './measurement.ts'
import { binOf } from './noise.ts'

/** Per-second latency buckets grow by 2%: a second's percentiles are kept within 2% in a few hundred counters at most. */
const GROWTH = Math.log(1.02)

/**
 * Accumulates per-second throughput and latency (with the second's p50/p95/p99, and its coarse bins
 * the judge reads for noise and windows); seconds count from the run's start.
 */
export class TimelineRecorder {
  readonly #points = new Map<number, TimelinePoint>()
  readonly #bins = new Map<number, Map<number, number>>()
  /** Per second, a sparse log-bucketed histogram of its latencies. */
  readonly #buckets = new Map<number, Map<number, number>>()
  readonly #startedAt: number

  constructor(startedAt: number) {
    this.#startedAt = startedAt
  }

  success(atMs: number, latencyMs: number): void {
    const point = this.#point(atMs)
    point.count++
    point.latencySumMs += latencyMs
    if (latencyMs > point.latencyMaxMs) point.latencyMaxMs = latencyMs
    const bins = this.#bins.get(point.t)!
    const bin = binOf(latencyMs)
    bins.set(bin, (bins.get(bin) ?? 0) + 1)
    let buckets = this.#buckets.get(point.t)
    if (!buckets) this.#buckets.set(point.t, (buckets = new Map()))
    const bucket = latencyMs > 0.001 ? Math.ceil(Math.log(latencyMs / 0.001) / GROWTH) : 0
    buckets.set(bucket, (buckets.get(bucket) ?? 0) + 1)
  }

  error(atMs: number): void {
    this.#point(atMs).errors++
  }

  toData(): TimelinePoint[] {
    return [...this.#points.values()]
      .sort((a, b) => a.t - b.t)
      .map((point) => {
        const bins = sortedBins(this.#bins.get(point.t)!)
        const buckets = this.#buckets.get(point.t)
        if (!buckets || point.count === 0) return { ...point, bins }
        const sorted = [...buckets].sort((a, b) => a[0] - b[0])
        const at = (p: number): number => {
          const rank = Math.max(1, Math.ceil((p / 100) * point.count))
          let seen = 0
          for (const [bucket, n] of sorted) {
            seen += n
            // The bucket's upper bound, capped by the second's max: within 2% above the true value.
            if (seen >= rank) return Math.min(point.latencyMaxMs, bucket === 0 ? 0.001 : 0.001 * Math.exp(bucket * GROWTH))
          }
          return point.latencyMaxMs
        }
        return { ...point, p50Ms: at(50), p95Ms: at(95), p99Ms: at(99), bins }
      })
  }

  #point(atMs: number): TimelinePoint {
    const t = Math.max(0, Math.floor((atMs - this.#startedAt) / 1000))
    let point = this.#points.get(t)
    if (!point) {
      point = { t, count: 0, errors: 0, latencySumMs: 0, latencyMaxMs: 0 }
      this.#points.set(t, point)
      this.#bins.set(t, new Map())
    }
    return point
  }
}

/** Re-bases timelines of runs that started at different instants onto one start, summing per second. */
export function mergeTimelines(parts: ReadonlyArray<{ startedAt: number; timeline: readonly TimelinePoint[] }>, startedAt: number): TimelinePoint[] {
  const merged = new Map<number, TimelinePoint>()
  const bins = new Map<number, Map<number, number> | undefined>()
  for (const part of parts) {
    const offset = Math.round((part.startedAt - startedAt) / 1000)
    for (const point of part.timeline) {
      const t = point.t + offset
      const into = merged.get(t) ?? { t, count: 0, errors: 0, latencySumMs: 0, latencyMaxMs: 0 }
      into.count += point.count
      into.errors += point.errors
      into.latencySumMs += point.latencySumMs
      into.latencyMaxMs = Math.max(into.latencyMaxMs, point.latencyMaxMs)
      merged.set(t, into)
      // A second is binned only when every part that answered in it was (old saved parts have no bins).
      const known = bins.has(t) ? bins.get(t) : new Map<number, number>()
      if (known && point.bins) for (const [bin, count] of point.bins) known.set(bin, (known.get(bin) ?? 0) + count)
      bins.set(t, known && (point.bins || point.count === 0) ? known : undefined)
    }
  }
  return [...merged.values()]
    .sort((a, b) => a.t - b.t)
    .map((point) => {
      const known = bins.get(point.t)
      return known ? { ...point, bins: sortedBins(known) } : point
    })
}

function sortedBins(bins: Map<number, number>): Array<[number, number]> {
  return [...bins].sort((a, b) => a[0] - b[0])
}
