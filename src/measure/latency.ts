import { fromBuckets, valueOfBucket } from './histogram.ts'
import type { LatencyData } from './latencyData.ts'
import { PerfgateError } from '../errors/index.ts'
import { isValidPercentile, nearestRank } from './percentile.ts'

/** Read-only statistics over a {@link LatencyData}, computed lazily. All values in ms. */
export interface Latency {
  /** Number of samples. */
  readonly count: number
  /** True while every sample is kept; false once a long run folded them into a histogram (0.1% error). */
  readonly exact: boolean
  readonly min: number
  readonly max: number
  readonly mean: number
  readonly stddev: number
  readonly p50: number
  readonly p75: number
  readonly p90: number
  readonly p95: number
  readonly p99: number
  readonly p999: number
  /** Nearest-rank percentile for any p in (0, 100]; NaN without samples. */
  percentile(p: number): number
  /** The k-th smallest sample (1-based), for order-statistic confidence intervals. */
  valueAtRank(rank: number): number
}

export function latencyOf(data: LatencyData): Latency {
  return data.kind === 'exact' ? exactLatency(data.samplesMs) : histogramLatency(data)
}

function exactLatency(samples: readonly number[]): Latency {
  let sorted: Float64Array | undefined
  const ascending = (): Float64Array => (sorted ??= Float64Array.from(samples).sort())
  const count = samples.length
  let sum = 0
  let sumSquares = 0
  for (const ms of samples) {
    sum += ms
    sumSquares += ms * ms
  }
  const valueAtRank = (rank: number): number => (count === 0 ? Number.NaN : ascending()[Math.min(count, Math.max(1, rank)) - 1]!)
  return view(count, true, sum, sumSquares, () => valueAtRank(1), () => valueAtRank(count), valueAtRank)
}

function histogramLatency(data: Extract<LatencyData, { kind: 'histogram' }>): Latency {
  const entries = [...fromBuckets(data.buckets).entries()].sort((a, b) => a[0] - b[0])
  const valueAtRank = (rank: number): number => {
    if (data.count === 0) return Number.NaN
    if (rank <= 1) return data.minMs
    if (rank >= data.count) return data.maxMs
    let seen = 0
    for (const [index, count] of entries) {
      seen += count
      if (seen >= rank) return Math.min(data.maxMs, Math.max(data.minMs, valueOfBucket(index)))
    }
    return data.maxMs
  }
  return view(data.count, false, data.sumMs, data.sumSquaresMs, () => data.minMs, () => data.maxMs, valueAtRank)
}

function view(
  count: number,
  exact: boolean,
  sum: number,
  sumSquares: number,
  min: () => number,
  max: () => number,
  valueAtRank: (rank: number) => number,
): Latency {
  const percentile = (p: number): number => {
    if (!isValidPercentile(p)) {
      throw new PerfgateError('PERFGATE_ERR_INVALID_INPUT', `percentile(${String(p)}): p must be a number in (0, 100], such as 95 or 99.9.`)
    }
    return count === 0 ? Number.NaN : valueAtRank(nearestRank(p, count))
  }
  const mean = count === 0 ? Number.NaN : sum / count
  const variance = count < 2 ? 0 : Math.max(0, (sumSquares - count * mean * mean) / (count - 1))
  return {
    count,
    exact,
    get min() { return min() },
    get max() { return max() },
    mean,
    stddev: Math.sqrt(variance),
    get p50() { return percentile(50) },
    get p75() { return percentile(75) },
    get p90() { return percentile(90) },
    get p95() { return percentile(95) },
    get p99() { return percentile(99) },
    get p999() { return percentile(99.9) },
    percentile,
    valueAtRank,
  }
}
