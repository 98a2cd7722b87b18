/**
 * Distribution-free confidence intervals for percentiles from order statistics: the number of
 * samples below the true p-quantile is Binomial(n, p), so ranks l and u with
 * P(l <= B < u) >= 95% bracket it whatever the latency distribution is.
 */
export const CONFIDENCE_LEVEL = 0.95
const TAIL = (1 - CONFIDENCE_LEVEL) / 2
const Z = 1.959963984540054

/**
 * The fewest samples for which a 95% interval of the p-quantile has both ends inside the sample:
 * (1 - p)^n <= 2.5% and p^n <= 2.5%. p99 needs 368, p95 72, p50 6, p99.9 3,688.
 */
export function minSamplesFor(percentile: number): number {
  const p = percentile / 100
  if (p >= 1) return 1
  return Math.ceil(Math.log(TAIL) / Math.log(Math.max(p, 1 - p)) - 1e-9)
}

/**
 * 1-based ranks [low, high] of the order statistics bracketing the p-quantile, or undefined ends.
 * With `dispersion` φ > 1 (a run whose slow samples come in bursts: see `overdispersionAt`) the
 * count of samples below the quantile varies φ times more than Binomial(n, p), so each end moves
 * √φ times as far from n·p.
 */
export function percentileRankInterval(percentile: number, n: number, dispersion = 1): { low: number | undefined; high: number | undefined } {
  const p = percentile / 100
  if (n === 0 || p >= 1) return { low: undefined, high: undefined }
  const binomial = binomialRanks(p, n)
  if (!(dispersion > 1)) return binomial
  const center = n * p
  const stretch = Math.sqrt(dispersion)
  const low = binomial.low === undefined ? undefined : Math.floor(center - stretch * (center - binomial.low))
  const high = binomial.high === undefined ? undefined : Math.ceil(center + stretch * (binomial.high - center))
  return { low: low !== undefined && low >= 1 ? low : undefined, high: high !== undefined && high <= n ? high : undefined }
}

function binomialRanks(p: number, n: number): { low: number | undefined; high: number | undefined } {
  if (n > 20_000) {
    const spread = Z * Math.sqrt(n * p * (1 - p))
    const low = Math.floor(n * p - spread)
    const high = Math.ceil(n * p + spread) + 1
    return { low: low >= 1 ? low : undefined, high: high <= n ? high : undefined }
  }
  // Exact binomial CDF, accumulated in log space so (1 - p)^n does not underflow to garbage.
  const logP = Math.log(p)
  const logQ = Math.log1p(-p)
  let logPmf = n * logQ
  let cdf = 0
  let low: number | undefined
  let high: number | undefined
  for (let k = 0; k <= n; k++) {
    const pmf = Math.exp(logPmf)
    // P(B <= k - 1) <= TAIL  ⇒  rank l = k is a valid lower end.
    if (cdf <= TAIL) low = k >= 1 ? k : undefined
    cdf += pmf
    if (high === undefined && cdf >= 1 - TAIL) high = k + 1 <= n ? k + 1 : undefined
    if (high !== undefined || k === n) break
    logPmf += Math.log(n - k) - Math.log(k + 1) + logP - logQ
  }
  return { low, high }
}

/**
 * The fewest observations for which a rate could be shown to reach `min` with 95% confidence even
 * if every one were true: Wilson's lower end for n of n is n / (n + z²), which reaches `min` at
 * n = z²·min / (1 - min). 0.8 needs 16, 0.95 needs 73, 0.999 needs 3,838.
 */
export function minSamplesForRate(min: number): number {
  if (min <= 0) return 1
  if (min >= 1) return Number.POSITIVE_INFINITY
  return Math.max(1, Math.ceil((Z * Z * min) / (1 - min) - 1e-9))
}

/** Normal-approximation interval for a mean. */
export function meanInterval(mean: number, stddev: number, n: number): { low: number; high: number } {
  const half = n > 1 ? (Z * stddev) / Math.sqrt(n) : Number.POSITIVE_INFINITY
  return { low: mean - half, high: mean + half }
}

/** Wilson score interval for a proportion: honest at 0 errors, unlike the normal approximation. */
export function proportionInterval(failures: number, n: number): { low: number; high: number } {
  if (n === 0) return { low: 0, high: 1 }
  const phat = failures / n
  const z2 = Z * Z
  const center = (phat + z2 / (2 * n)) / (1 + z2 / n)
  const half = (Z * Math.sqrt((phat * (1 - phat)) / n + z2 / (4 * n * n))) / (1 + z2 / n)
  return { low: failures === 0 ? 0 : Math.max(0, center - half), high: failures === n ? 1 : Math.min(1, center + half) }
}
