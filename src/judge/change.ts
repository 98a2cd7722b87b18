import type { Measurement } from '../measure/measurement.ts'
import { CONFIDENCE_LEVEL, minSamplesFor } from './confidence.ts'
import { dispersionOf, percentileBounds, shortfallOf, type Estimate } from './estimate.ts'
import { formatMargin, formatNumber, formatValue } from './format.ts'
import { judge } from './judge.ts'
import type { Verdict } from './verdict.ts'

/** The statistics a change is judged on, with their percentile. */
export const CHANGE_STATS = { p50: 50, p95: 95, p99: 99 } as const
export type ChangeStat = keyof typeof CHANGE_STATS

/** What a change is judged against: the earlier run's statistics with their 95% intervals; a missing one is not judged. */
export type ChangeReference = Partial<Record<ChangeStat, Estimate>>

/**
 * The noise floor of a baseline recorded over several runs: how much each statistic moved from run
 * to run (its standard deviation over its mean), how many runs it was recorded from, and how many
 * samples it holds. A later run is one more draw from the same spread, so no change smaller than
 * that spread can be told from noise, however many samples each run has.
 */
export interface ChangeNoise {
  runs: number
  spread: Partial<Record<ChangeStat, number>>
  /** Successful samples behind the reference (all runs). */
  samples?: number
  /** Runs pooled into the measurement judged against it. @default 1 */
  currentRuns?: number
}

/**
 * Fewest samples above a percentile, in each run, for a baseline change of it to fail a test: fewer
 * (a p99 of 1,000 samples rests on 10) and the comparison is advisory. p95 needs 800 samples, p99 4,000.
 */
export const MIN_TAIL_SAMPLES = 40
const Z = 1.959963984540054

/**
 * Judges how far a run moved from an earlier one (a stored baseline), one verdict per statistic
 * (p50, p95, and p99 when both runs have the 367 samples it needs). Each run gives a
 * distribution-free 95% interval of the statistic (order statistics); the two runs are
 * independent, so the interval of the change combines the half-widths in quadrature:
 * change ± √(half_now² + half_base²). With `allowed` = tolerance × the earlier value:
 * - fail when even the low end of the change exceeds `allowed` (a clear regression);
 * - pass when even its high end stays within `allowed`;
 * - otherwise inconclusive `within-noise`: the data cannot tell, and the test does not fail.
 * Each run's interval is widened by its overdispersion (√φ, see `dispersionOf`); with `noise` (a
 * baseline recorded from several runs), the change's half-width is at least 1.96 × the run-to-run
 * spread × √(1/currentRuns + 1/runs). A run too noisy to bound the statistic on the side needed is
 * inconclusive `noisy-run`; a fail resting on fewer than {@link MIN_TAIL_SAMPLES} samples above the
 * percentile (in either run) is inconclusive `advisory`. Neither fails the test.
 * The verdict's `limit` is the earlier value × (1 + tolerance). Its passes are never marginal: an
 * unchanged run always sits one tolerance below that limit. Too few samples, no data and a
 * saturated generator are the judge's own rules and answers.
 *
 * @example
 * judgeChange(fromSamples(latencies), { p95: { value: 950, low: 936, high: 964 } }, 0.1)[0]?.status // 'pass'
 */
export function judgeChange(current: Measurement, reference: ChangeReference, tolerance: number, noise?: ChangeNoise): Verdict[] {
  if (current.facts.saturation.saturated) {
    // The judge's own answer for a saturated generator: inconclusive, with its reasons.
    return (Object.keys(CHANGE_STATS) as ChangeStat[]).flatMap((stat) => {
      const base = reference[stat]
      return base ? [judge(current, { stat, limitMs: base.value * (1 + tolerance) })] : []
    })
  }
  const verdicts: Verdict[] = []
  for (const [stat, p] of Object.entries(CHANGE_STATS) as Array<[ChangeStat, number]>) {
    const base = reference[stat]
    if (!base) continue
    const phi = dispersionOf(current, p)
    const limit = base.value * (1 + tolerance)
    const common = {
      metric: stat,
      threshold: { stat, limitMs: limit },
      bound: 'at-most',
      limit,
      unit: 'ms',
      samples: current.latency.count,
      minSamples: minSamplesFor(p),
    } as const
    const shortfall = shortfallOf(current.latency.count, minSamplesFor(p))
    if (shortfall) {
      if (stat === 'p99') continue
      const measured = current.latency.count ? current.latency.percentile(p) : Number.NaN
      verdicts.push({
        ...common,
        measured,
        margin: (limit - measured) / limit,
        status: 'inconclusive',
        reason: shortfall,
        summary: `${stat} needs at least ${minSamplesFor(p).toLocaleString('en-US')} samples to compare with its baseline; got ${current.latency.count.toLocaleString('en-US')}`,
        hint: 'collect as many samples as the baseline run did',
      })
      continue
    }
    // Each end of the run's interval; one leaves the sample when the run's noise (φ) stretches it too far.
    const now = { value: current.latency.percentile(p), ...percentileBounds(current.latency, p, phi) }
    const allowed = tolerance * base.value
    const diff = now.value - base.value
    // The baseline's run-to-run spread is a floor under the change's interval: this run is one more draw.
    const spread = noise?.spread[stat]
    const floor = spread === undefined ? 0 : Z * spread * base.value * Math.sqrt(1 / Math.max(1, noise!.currentRuns ?? 1) + 1 / Math.max(1, noise!.runs))
    const changeLow = now.low === undefined ? undefined : diff - Math.max(floor, Math.hypot(now.value - now.low, base.high - base.value))
    const changeHigh = now.high === undefined ? undefined : diff + Math.max(floor, Math.hypot(now.high - now.value, base.value - base.low))
    const change = base.value === 0 ? 0 : (now.value - base.value) / base.value
    const status: Verdict['status'] = changeLow !== undefined && changeLow > allowed ? 'fail' : changeHigh !== undefined && changeHigh <= allowed ? 'pass' : 'inconclusive'
    const tail = Math.min(current.latency.count, noise?.samples ?? Number.POSITIVE_INFINITY) * (1 - p / 100)
    const versus = `${stat} ${formatValue(base.value, 'ms')} → ${formatValue(now.value, 'ms')} (${formatMargin(change)}) against the baseline`
    const tol = `${Math.round(tolerance * 100)}% tolerance`
    const measured = {
      ...common,
      measured: now.value,
      margin: (limit - now.value) / limit,
      ...(now.low !== undefined && now.high !== undefined ? { confidence: { level: CONFIDENCE_LEVEL, low: now.low, high: now.high } } : {}),
      ...(phi > 1 ? { overdispersion: Number(phi.toPrecision(3)) } : {}),
    }
    const floorText = floor > 0 ? ` and the baseline's run-to-run spread (±${formatValue(floor, 'ms')})` : ''
    if (status === 'fail' && tail < MIN_TAIL_SAMPLES) {
      verdicts.push({
        ...measured,
        status: 'inconclusive',
        reason: 'advisory',
        summary: `${versus}: advisory — beyond the ${tol}, but ${stat} rests on ${Math.floor(tail)} samples above it, too few (under ${MIN_TAIL_SAMPLES}) for a stable comparison`,
        hint: `collect at least ${Math.ceil(MIN_TAIL_SAMPLES / (1 - p / 100)).toLocaleString('en-US')} samples per run (and in the baseline) for ${stat} to decide`,
      })
      continue
    }
    if (status === 'pass') {
      verdicts.push({ ...measured, status, summary: `${versus}: ${changeHigh! < 0 ? 'faster, outside noise' : `within the ${tol}`}` })
    } else if (status === 'fail') {
      verdicts.push({
        ...measured,
        status,
        summary: `${versus}: a regression beyond the ${tol}, outside noise`,
        hint: 'profile what changed since the baseline; if the slowdown is intended, update the baseline with `vitest -u` (or `jest -u`)',
      })
    } else if (now.low === undefined || now.high === undefined) {
      verdicts.push({
        ...measured,
        status,
        reason: 'noisy-run',
        summary: `${versus}: this run was too noisy to tell — its seconds varied ${formatNumber(phi)}× more than independent samples do, which stretches ${stat}'s interval past its ${current.latency.count.toLocaleString('en-US')} samples`,
        hint: `run about ${Math.ceil(phi)}× longer, or where nothing competes for the CPU; if the stalls are the service's own, that is the finding`,
      })
    } else {
      // The side the data leans to decides which half-widths stand between the change and a verdict.
      const leansSlower = diff > allowed
      const halfNow = leansSlower ? now.value - now.low : now.high - now.value
      const halfBase = leansSlower ? base.high - base.value : base.value - base.low
      verdicts.push({
        ...measured,
        status,
        reason: 'within-noise',
        summary: `${versus}: within noise — the 95% intervals (${formatValue(base.low, 'ms')} – ${formatValue(base.high, 'ms')} then, ${formatValue(now.low, 'ms')} – ${formatValue(now.high, 'ms')} now)${floorText} cannot tell whether it moved more than the ${tol}`,
        hint: samplesToDecide(current.latency.count, Math.hypot(halfNow, halfBase), floor, Math.abs(diff - allowed)),
      })
    }
  }
  return verdicts
}

/**
 * What would turn a within-noise change into a verdict: a 95% interval narrows as 1/√samples, so
 * runs (this one and the baseline) of n × (half-width / gap)² samples each bring its half-width
 * under the gap between the change and the tolerance. A floor from the baseline's run-to-run spread
 * does not narrow with samples; a change sitting on the tolerance cannot be decided at all.
 */
export function samplesToDecide(samples: number, halfWidth: number, floor: number, gap: number): string {
  if (floor >= gap) return "the baseline's run-to-run spread alone is wider than this change's distance from the tolerance: record the baseline over more runs (the spread shrinks with √runs), or judge several runs pooled"
  const needed = samples * (halfWidth / gap) ** 2
  if (!(needed < samples * 100)) return 'this change sits on the tolerance itself: no run length tells the two apart; judge the statistic against an absolute limit instead'
  // Up to two significant digits, never below what is needed.
  const step = 10 ** Math.max(0, Math.floor(Math.log10(needed)) - 1)
  const rounded = Math.max(samples + 1, Math.ceil(needed / step) * step)
  return `run longer: about ${rounded.toLocaleString('en-US')} samples per run, in this run and in the baseline (now ${samples.toLocaleString('en-US')}), would tell a change this size from the tolerance`
}
