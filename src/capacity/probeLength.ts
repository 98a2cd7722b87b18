import { minSamplesFor, PERCENTILE_STATS, type CapacityProbe, type Threshold } from '../judge/index.ts'

/** z² of the 95% interval: with no failures, Wilson's upper bound is about z² / n. */
const Z2 = 1.96 ** 2

/**
 * Requests a probe needs so that each threshold can pass with confidence when the service meets
 * it: twice a percentile's minimum (the interval must clear the limit, not just exist), and for an
 * error-rate limit e about 2·z²/e (so a few failures still leave the bound under it).
 */
export function samplesNeeded(thresholds: readonly Threshold[]): number {
  let needed = 1
  for (const t of thresholds) {
    const p = percentileOf(t)
    if (t.stat === 'errorRate') needed = Math.max(needed, Math.ceil((2 * Z2) / t.max))
    else if (p !== undefined) needed = Math.max(needed, 2 * minSamplesFor(p))
    else if (t.stat === 'successRate') needed = Math.max(needed, Math.ceil((2 * Z2) / (1 - t.min)))
  }
  return needed
}

/**
 * How long a probe at `rate` runs: `stepMs`, or longer when that would give fewer requests than
 * the thresholds need.
 *
 * @example
 * probeMs(50, 5000, [{ stat: 'errorRate', max: 0.01 }]) // 15380: 769 requests at 50/s
 */
export function probeMs(rate: number, stepMs: number, thresholds: readonly Threshold[]): number {
  return Math.max(stepMs, Math.ceil((samplesNeeded(thresholds) / rate) * 1000))
}

/**
 * How long the repeat of an undecided probe runs: twice the first, or long enough for what made it
 * undecided — a noisy run (overdispersion φ) needs about 2·z²·p·φ / (1 − p) samples for the
 * widened interval of the p-quantile to stay inside the sample; too few samples, twice the minimum.
 *
 * @example
 * repeatMs(probe, 3000) // 6000, or 14600 for p95 on a run with φ = 12 at 240 req/s
 */
export function repeatMs(probe: CapacityProbe, stepMs: number): number {
  let samples = 0
  for (const v of probe.verdicts) {
    if (v.status !== 'inconclusive') continue
    const p = percentileOf(v.threshold)
    if (v.reason === 'noisy-run' && v.overdispersion !== undefined && p !== undefined && p < 100) samples = Math.max(samples, Math.ceil((2 * Z2 * (p / 100) * v.overdispersion) / (1 - p / 100)))
    if (v.reason === 'too-few-samples' && v.minSamples !== undefined) samples = Math.max(samples, 2 * v.minSamples)
  }
  return Math.max(2 * Math.max(stepMs, probe.durationMs), Math.ceil((samples / probe.rate) * 1000))
}

function percentileOf(t: Threshold): number | undefined {
  if (t.stat === 'percentile') return t.p
  return t.stat in PERCENTILE_STATS ? PERCENTILE_STATS[t.stat as keyof typeof PERCENTILE_STATS] : undefined
}
