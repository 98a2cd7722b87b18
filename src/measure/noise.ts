import { ZERO_BIN, type MeasurementData, type RunNoise, type TimelinePoint } from './measurement.ts'

/** Bins per octave of a timeline point's latency histogram: each bin is 2^(1/16) − 1 = 4.4% wide. */
export const BINS_PER_OCTAVE = 16

/** The per-second bin of a latency: `ceil(16 · log2(ms))`, or {@link ZERO_BIN} for ~0 ms. */
export function binOf(ms: number): number {
  return ms <= 0.001 ? ZERO_BIN : Math.max(ZERO_BIN + 1, Math.ceil(BINS_PER_OCTAVE * Math.log2(ms)))
}

/** The upper edge of a bin, in ms: every latency in it is at most this. */
export function binUpperMs(bin: number): number {
  return bin <= ZERO_BIN ? 0.001 : 2 ** (bin / BINS_PER_OCTAVE)
}

/** Fewest windows (busy seconds) whose spread can say anything about overdispersion. */
export const MIN_NOISE_WINDOWS = 3

/** How far (in binomial standard deviations) a second's slow samples must stray to count as a stall. */
const STALL_Z = 4

/**
 * One threshold near the run's p-quantile and, per second, how many successes it had and how many
 * were above the threshold. The threshold is a bin edge, so the counts are exact; of the two edges
 * around the quantile's bin, the one whose share above is closest to 1 − p is used.
 */
export function exceedances(timeline: readonly TimelinePoint[], percentile: number): { share: number; windows: Array<{ t: number; n: number; above: number }> } | undefined {
  const withBins = timeline.filter((point) => point.bins !== undefined && point.count > 0)
  if (withBins.length === 0 || withBins.length !== timeline.filter((point) => point.count > 0).length) return undefined
  const pooled = new Map<number, number>()
  let total = 0
  for (const point of withBins) {
    for (const [bin, count] of point.bins!) {
      pooled.set(bin, (pooled.get(bin) ?? 0) + count)
      total += count
    }
  }
  const sorted = [...pooled].sort((a, b) => a[0] - b[0])
  const rank = Math.max(1, Math.ceil((percentile / 100) * total))
  let seen = 0
  let index = 0
  for (; index < sorted.length; index++) {
    seen += sorted[index]![1]
    if (seen >= rank) break
  }
  const quantileBin = sorted[Math.min(index, sorted.length - 1)]![0]
  const aboveOf = (edge: number): number => sorted.reduce((a, [bin, count]) => a + (bin > edge ? count : 0), 0)
  const target = total * (1 - percentile / 100)
  const upper = aboveOf(quantileBin)
  const lower = aboveOf(quantileBin - 1)
  const edge = Math.abs(upper - target) <= Math.abs(lower - target) ? quantileBin : quantileBin - 1
  const above = edge === quantileBin ? upper : lower
  return {
    share: above / total,
    windows: withBins.map((point) => ({ t: point.t, n: point.count, above: point.bins!.reduce((a, [bin, count]) => a + (bin > edge ? count : 0), 0) })),
  }
}

/**
 * The overdispersion φ of the run at its p-quantile: Pearson's χ² of the per-second counts above
 * the quantile over its degrees of freedom. Independent samples give φ ≈ 1; a run whose slow
 * requests come in bursts (a stall, a noisy neighbour) gives more, and the variance of a quantile
 * estimate grows by the same factor. Undefined without per-second bins or with fewer than
 * {@link MIN_NOISE_WINDOWS} busy seconds.
 *
 * @example
 * overdispersionAt(m.timeline, 95) // 1.07 on a quiet machine, 6.2 with a one-second stall
 */
export function overdispersionAt(timeline: readonly TimelinePoint[], percentile: number): number | undefined {
  const split = exceedances(timeline, percentile)
  if (!split || split.windows.length < MIN_NOISE_WINDOWS) return undefined
  const { share, windows } = split
  if (share <= 0 || share >= 1) return undefined
  let chi2 = 0
  for (const { n, above } of windows) chi2 += (above - n * share) ** 2 / (n * share * (1 - share))
  return chi2 / (windows.length - 1)
}

/**
 * The run's noise facts from its timeline: φ at p95 and the stall seconds, or undefined when the
 * timeline has no bins or too few busy seconds. A stall second is one whose count of samples above
 * the run's p95 is more than 4 binomial standard deviations above its share, or a whole second of
 * the load window with under a tenth of the median second's answers.
 */
export function noiseOf(timeline: readonly TimelinePoint[], durationMs: number): RunNoise | undefined {
  const phi = overdispersionAt(timeline, 95)
  const split = exceedances(timeline, 95)
  if (phi === undefined || !split) return undefined
  const stalls = new Set<number>()
  for (const { t, n, above } of split.windows) {
    const sd = Math.sqrt(n * split.share * (1 - split.share))
    if (above >= 3 && above - n * split.share > STALL_Z * Math.max(sd, 0.5)) stalls.add(t)
  }
  const wholeSeconds = Math.floor(durationMs / 1000)
  const answers = Array.from<number>({ length: wholeSeconds }).fill(0)
  for (const point of timeline) if (point.t < wholeSeconds) answers[point.t] = point.count + point.errors
  const median = [...answers].sort((a, b) => a - b)[Math.floor(answers.length / 2)] ?? 0
  if (median >= 10) answers.forEach((n, t) => { if (n < median / 10) stalls.add(t) })
  return { overdispersion: Number(phi.toPrecision(3)), stallSeconds: [...stalls].sort((a, b) => a - b) }
}

/** The data with `facts.noise` (re)computed from its timeline, and the same for each tag. */
export function withNoise(data: MeasurementData): MeasurementData {
  const { noise: _old, ...facts } = data.facts
  const noise = noiseOf(data.timeline, data.durationMs)
  const byTag = data.byTag && Object.fromEntries(Object.entries(data.byTag).map(([tag, sub]) => [tag, withNoise(sub)]))
  return { ...data, facts: noise ? { ...facts, noise } : facts, ...(byTag ? { byTag } : {}) }
}
