import { CHANGE_STATS, type ChangeNoise, type ChangeReference, type ChangeStat } from '../judge/change.ts'
import { dispersionOf, percentileEstimate } from '../judge/estimate.ts'
import type { Measurement } from '../measure/measurement.ts'
import { mergeMeasurements } from '../measure/merge.ts'

/** Latency quantiles kept in a baseline (nearest-rank, ms): enough to redraw the distribution. */
export const BASELINE_QUANTILES = { p1: 1, p5: 5, p10: 10, p25: 25, p50: 50, p75: 75, p90: 90, p95: 95, p99: 99, 'p99.9': 99.9 } as const

/**
 * What a baseline file keeps of one measurement: quantiles and counts to compare distributions, and
 * the 95% intervals of the judged statistics so a later run can tell a change from noise.
 */
export interface BaselineEntry {
  /** Successful samples. */
  count: number
  errors: number
  rps: number
  durationMs: number
  min: number
  max: number
  mean: number
  quantiles: Record<keyof typeof BASELINE_QUANTILES, number>
  /** Judged statistics (what judgeChange compares with); one is absent when the run had too few samples to bound it. */
  intervals: ChangeReference
  /**
   * The noise floor, when the baseline was recorded from several runs: each statistic's run-to-run
   * spread (standard deviation over mean) and the number of runs. Absent in single-run baselines,
   * whose intervals carry the run's own overdispersion instead.
   */
  noise?: { runs: number; spread: Partial<Record<ChangeStat, number>> }
}

/** What judgeChange needs besides the intervals: the noise floor and the samples behind them. */
export function noiseOfEntry(entry: BaselineEntry): ChangeNoise {
  return { runs: entry.noise?.runs ?? 1, spread: entry.noise?.spread ?? {}, samples: entry.count }
}

/**
 * The compact baseline of a measurement, or of several runs of the same thing: their samples pooled
 * for the statistics and intervals, and the spread between runs kept as the noise floor.
 *
 * @example
 * baselineEntryOf([run1, run2, run3]).noise // { runs: 3, spread: { p50: 0.012, p95: 0.031, p99: 0.08 } }
 */
export function baselineEntryOf(measured: Measurement | readonly Measurement[]): BaselineEntry {
  const runs = Array.isArray(measured) ? (measured as readonly Measurement[]) : [measured as Measurement]
  const m = runs.length === 1 ? runs[0]! : mergeMeasurements(runs)
  const l = m.latency
  const at = (p: number): number => (l.count ? l.percentile(p) : 0)
  const intervals: BaselineEntry['intervals'] = {}
  for (const [stat, p] of Object.entries(CHANGE_STATS) as Array<[keyof typeof CHANGE_STATS, number]>) {
    const e = percentileEstimate(m.latency, p, dispersionOf(m, p))
    if (e) intervals[stat] = e
  }
  const spread: Partial<Record<ChangeStat, number>> = {}
  if (runs.length > 1) {
    for (const [stat, p] of Object.entries(CHANGE_STATS) as Array<[ChangeStat, number]>) {
      const values = runs.filter((run) => run.latency.count > 0).map((run) => run.latency.percentile(p))
      if (values.length < 2) continue
      const mean = values.reduce((a, b) => a + b, 0) / values.length
      const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1))
      if (mean > 0) spread[stat] = Number((sd / mean).toPrecision(3))
    }
  }
  return {
    count: m.count,
    errors: m.errors,
    // Runs recorded one after another: their measured time adds up (the gaps between them are not load).
    rps: round(runs.length === 1 ? m.rps : (1000 * m.count) / Math.max(1, runs.reduce((a, run) => a + run.durationMs, 0))),
    durationMs: round(runs.length === 1 ? m.durationMs : runs.reduce((a, run) => a + run.durationMs, 0)),
    min: round(l.count ? l.min : 0),
    max: round(l.count ? l.max : 0),
    mean: round(l.count ? l.mean : 0),
    quantiles: Object.fromEntries(Object.entries(BASELINE_QUANTILES).map(([name, p]) => [name, round(at(p))])) as BaselineEntry['quantiles'],
    intervals: Object.fromEntries(Object.entries(intervals).map(([k, e]) => [k, { value: round(e.value), low: round(e.low), high: round(e.high) }])),
    ...(runs.length > 1 ? { noise: { runs: runs.length, spread } } : {}),
  }
}

/** Six significant digits keep files small and diffs readable without moving a verdict. */
function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(6)) : 0
}
