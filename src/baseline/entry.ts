import { CHANGE_STATS, type ChangeReference } from '../judge/change.ts'
import { percentileEstimate } from '../judge/estimate.ts'
import type { Measurement } from '../measure/measurement.ts'

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
}

/** The compact baseline of a measurement. */
export function baselineEntryOf(m: Measurement): BaselineEntry {
  const l = m.latency
  const at = (p: number): number => (l.count ? l.percentile(p) : 0)
  const intervals: BaselineEntry['intervals'] = {}
  for (const [stat, p] of Object.entries(CHANGE_STATS) as Array<[keyof typeof CHANGE_STATS, number]>) {
    const e = percentileEstimate(m.latency, p)
    if (e) intervals[stat] = e
  }
  return {
    count: m.count,
    errors: m.errors,
    rps: round(m.rps),
    durationMs: round(m.durationMs),
    min: round(l.count ? l.min : 0),
    max: round(l.count ? l.max : 0),
    mean: round(l.count ? l.mean : 0),
    quantiles: Object.fromEntries(Object.entries(BASELINE_QUANTILES).map(([name, p]) => [name, round(at(p))])) as BaselineEntry['quantiles'],
    intervals: Object.fromEntries(Object.entries(intervals).map(([k, e]) => [k, { value: round(e.value), low: round(e.low), high: round(e.high) }])),
  }
}

/** Six significant digits keep files small and diffs readable without moving a verdict. */
function round(value: number): number {
  return Number.isFinite(value) ? Number(value.toPrecision(6)) : 0
}
