/**
 * Nearest-rank percentile: the smallest sample x such that at least p% of the samples are <= x.
 * `sorted` must be in ascending order; `p` in (0, 100].
 */
export function nearestRank(p: number, count: number): number {
  // p * count / 100 can land a hair above an integer (99.9 * 1000); the epsilon keeps the rank exact.
  return Math.min(count, Math.max(1, Math.ceil((p * count) / 100 - 1e-9)))
}

export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[nearestRank(p, sorted.length) - 1]!
}

export function isValidPercentile(p: unknown): p is number {
  return typeof p === 'number' && Number.isFinite(p) && p > 0 && p <= 100
}
