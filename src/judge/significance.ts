import type { Measurement } from '../measure/measurement.ts'
import { CHANGE_STATS, type ChangeStat } from './change.ts'
import { dispersionOf, percentileEstimate, type Estimate } from './estimate.ts'

/**
 * p50, p95 and p99 of a measurement with the judge's 95% intervals (order statistics, widened by
 * the run's overdispersion): what a results file keeps so a later run can tell a change from noise.
 * A statistic is absent when the run had too few samples to bound it.
 */
export function keyIntervals(m: Measurement): Partial<Record<ChangeStat, Estimate>> {
  const out: Partial<Record<ChangeStat, Estimate>> = {}
  for (const [stat, p] of Object.entries(CHANGE_STATS) as Array<[ChangeStat, number]>) {
    const e = percentileEstimate(m.latency, p, dispersionOf(m, p))
    if (e) out[stat] = { value: round(e.value), low: round(e.low), high: round(e.high) }
  }
  return out
}

/**
 * Whether the move from one run's estimate to another's means anything: the two runs are
 * independent, so the change is significant when it exceeds the half-widths of their 95% intervals
 * combined in quadrature (the side each moved towards). `undefined` when either has no interval.
 *
 * @example
 * changeSignificance({ value: 8.76, low: 7.9, high: 9.8 }, { value: 8.2, low: 7.4, high: 9.1 }) // 'within noise'
 */
export function changeSignificance(before: Loose | undefined, after: Loose | undefined): 'significant' | 'within noise' | undefined {
  if (!isEstimate(before) || !isEstimate(after)) return undefined
  const diff = after.value - before.value
  const half = diff >= 0 ? Math.hypot(before.high - before.value, after.value - after.low) : Math.hypot(before.value - before.low, after.high - after.value)
  return Math.abs(diff) > half ? 'significant' : 'within noise'
}

type Loose = { value: number; low?: number | undefined; high?: number | undefined }

function isEstimate(e: Loose | undefined): e is Estimate {
  // An interval that does not hold its own value (a hand-edited results file) says nothing.
  return e !== undefined && [e.value, e.low, e.high].every((x) => typeof x === 'number' && Number.isFinite(x)) && e.low! <= e.value && e.value <= e.high!
}

function round(value: number): number {
  return Number(value.toPrecision(6))
}
