import { CHANGE_STATS, type ChangeReference, type ChangeStat } from '../judge/change.ts'
import { percentileEstimate } from '../judge/estimate.ts'
import type { Latency } from '../measure/latency.ts'

/**
 * p50, p95 and p99 with their distribution-free 95% intervals, as the judge estimates them: what a
 * later comparison of two results files needs to tell a change from noise. A statistic is absent
 * when the run had too few samples to bound it.
 */
export function estimatesOf(latency: Latency): ChangeReference {
  const out: ChangeReference = {}
  for (const [stat, p] of Object.entries(CHANGE_STATS) as Array<[ChangeStat, number]>) {
    const e = percentileEstimate(latency, p)
    if (e) out[stat] = { value: round(e.value), low: round(e.low), high: round(e.high) }
  }
  return out
}

function round(value: number): number {
  return Number(value.toPrecision(6))
}
