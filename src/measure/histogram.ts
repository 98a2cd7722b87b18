/**
 * A log-bucketed latency histogram with bounded relative error (DDSketch's mapping): the memory a
 * recorder falls back to past its exact-sample cap. Every value v > 0 lands in bucket
 * ceil(log_gamma(v)), whose representative differs from v by at most `relativeError`.
 */
export const HISTOGRAM_RELATIVE_ERROR = 0.001
const GAMMA = (1 + HISTOGRAM_RELATIVE_ERROR) / (1 - HISTOGRAM_RELATIVE_ERROR)
const LOG_GAMMA = Math.log(GAMMA)
/** Values at or below this many ms are counted as zero. */
const ZERO_MS = 1e-6

export function bucketOf(valueMs: number): number {
  return valueMs <= ZERO_MS ? Number.NEGATIVE_INFINITY : Math.ceil(Math.log(valueMs) / LOG_GAMMA)
}

export function valueOfBucket(index: number): number {
  return index === Number.NEGATIVE_INFINITY ? 0 : (2 * GAMMA ** index) / (GAMMA + 1)
}

/** Sorted [bucket, count] pairs; `-Infinity` serializes as null in JSON, so zero uses the key 'zero'. */
export type Buckets = Array<[number | 'zero', number]>

export function toBuckets(counts: Map<number, number>): Buckets {
  return [...counts.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([index, count]) => [index === Number.NEGATIVE_INFINITY ? 'zero' : index, count])
}

export function fromBuckets(buckets: Buckets): Map<number, number> {
  const counts = new Map<number, number>()
  for (const [index, count] of buckets) {
    const key = index === 'zero' ? Number.NEGATIVE_INFINITY : index
    counts.set(key, (counts.get(key) ?? 0) + count)
  }
  return counts
}
