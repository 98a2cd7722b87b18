import { minSamplesFor, PERCENTILE_STATS, type CapacityProbe, type Threshold } from '../judge/index.ts'

/** z² of the 95% interval: with no failures, Wilson's upper bound is about z² / n. */
const Z2 = 1.96 ** 2

/** The most a probe is lengthened for the machine's noise, in steps: noise bounds the search's time, not its answer. */
export const MAX_NOISE_STEPS = 4

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
 * Requests a percentile threshold needs on a run whose seconds vary φ times more than independent
 * samples (the judge widens its interval by √φ): about 1.5·z²·p·φ / (1 − p), so that the widened
 * interval of the p-quantile stays inside the sample.
 */
export function noisySamplesNeeded(thresholds: readonly Threshold[], overdispersion: number): number {
  let needed = 0
  for (const t of thresholds) {
    const p = percentileOf(t)
    if (p !== undefined && p < 100 && overdispersion > 1) needed = Math.max(needed, Math.ceil((1.5 * Z2 * (p / 100) * overdispersion) / (1 - p / 100)))
  }
  return needed
}

/**
 * How long a probe at `rate` runs: `stepMs`, or longer when that would give fewer requests than
 * the thresholds need, and longer (up to {@link MAX_NOISE_STEPS} steps) when the probes so far
 * showed noise (`overdispersion` φ) that needs more.
 *
 * @example
 * probeMs(50, 5000, [{ stat: 'errorRate', max: 0.01 }]) // 15380: 769 requests at 50/s
 */
export function probeMs(rate: number, stepMs: number, thresholds: readonly Threshold[], overdispersion = 1): number {
  const noisyMs = Math.min(MAX_NOISE_STEPS * stepMs, Math.ceil((noisySamplesNeeded(thresholds, overdispersion) / rate) * 1000))
  return Math.max(stepMs, Math.ceil((samplesNeeded(thresholds) / rate) * 1000), noisyMs)
}

/**
 * How long the repeat of an undecided probe runs: twice the first, or as long as what made it
 * undecided needs — a noisy run, its φ (up to {@link MAX_NOISE_STEPS} steps); too few samples,
 * twice the minimum.
 *
 * @example
 * repeatMs(probe, 3000) // 6000; 12000 (the cap, 4 steps) for p95 on a run with φ = 12 at 100 req/s
 */
export function repeatMs(probe: CapacityProbe, stepMs: number): number {
  let noisyMs = 0
  let samples = 0
  for (const v of probe.verdicts) {
    if (v.status !== 'inconclusive') continue
    if (v.reason === 'noisy-run' && v.overdispersion !== undefined) noisyMs = Math.max(noisyMs, probeMs(probe.rate, stepMs, [v.threshold], v.overdispersion))
    if (v.reason === 'too-few-samples' && v.minSamples !== undefined) samples = Math.max(samples, 2 * v.minSamples)
  }
  return Math.max(2 * probe.durationMs, noisyMs, Math.ceil((samples / probe.rate) * 1000))
}

function percentileOf(t: Threshold): number | undefined {
  if (t.stat === 'percentile') return t.p
  return t.stat in PERCENTILE_STATS ? PERCENTILE_STATS[t.stat as keyof typeof PERCENTILE_STATS] : undefined
}
