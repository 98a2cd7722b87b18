import { formatNumber } from '../judge/format.ts'
import { changeSignificance } from '../judge/significance.ts'
import type { VerdictUnit } from '../judge/verdict.ts'
import { baselineNote } from '../results/assertion.ts'
import type { PerfResults } from './results.ts'

/** A verdict's measured value with its 95% interval when it has one, keyed so the same assertion can be found in another run. */
export type MeasuredIndex = Map<string, { test: string; metric: string; measured: number; unit: VerdictUnit; low?: number; high?: number }>

/**
 * Indexes every verdict by file, test, assertion position and metric; an assertion with nothing
 * judged (a baseline just recorded) contributes its measured p95.
 */
export function indexMeasured(results: PerfResults): MeasuredIndex {
  const index: MeasuredIndex = new Map()
  for (const test of results.tests) {
    test.assertions.forEach((assertion, i) => {
      const key = (metric: string): string => `${test.file}\u0000${test.fullName}\u0000${i}\u0000${assertion.matcher}\u0000${metric}`
      for (const v of assertion.verdicts) {
        // A baseline verdict's interval is the change's; the statistic's own one is kept beside it.
        const own = assertion.estimates?.[v.metric as 'p50' | 'p95' | 'p99'] ?? v.confidence
        index.set(key(v.metric), { test: test.fullName, metric: v.metric, measured: v.measured, unit: v.unit, ...(own ? { low: own.low, high: own.high } : {}) })
      }
      if (baselineNote(assertion) && assertion.measurement) {
        const own = assertion.estimates?.p95
        index.set(key('p95'), { test: test.fullName, metric: 'p95', measured: assertion.measurement.latency.p95, unit: 'ms', ...(own ? { low: own.low, high: own.high } : {}) })
      }
    })
  }
  return index
}

/** 'p95 312 → 268 ms (−14%)': what changed between two values of one metric. */
export function formatDelta(metric: string, before: number, after: number, unit: VerdictUnit): string {
  const scale = unit === 'ratio' ? 100 : 1
  const suffix = unit === 'ratio' ? '%' : unit === 'count' ? '' : ` ${unit}`
  const change = before === 0 ? (after === 0 ? 0 : Number.POSITIVE_INFINITY) : (after - before) / before
  const percent = Number.isFinite(change) ? `${change < 0 ? '−' : '+'}${Math.abs(change * 100).toFixed(Math.abs(change) < 0.1 ? 1 : 0)}%` : 'new'
  return `${metric} ${formatNumber(before * scale)} → ${formatNumber(after * scale)}${suffix} (${percent})`
}

/**
 * Whether a delta means anything, by the judge's statistics: ', significant' or ', within noise'
 * when both sides have a 95% interval (see `changeSignificance`), else nothing.
 */
export function deltaNoise(before: { measured: number; low?: number; high?: number }, after: { measured: number; low?: number; high?: number }): string {
  const verdict = changeSignificance({ value: before.measured, low: before.low, high: before.high }, { value: after.measured, low: after.low, high: after.high })
  return verdict ? `, ${verdict}` : ''
}

/**
 * The watch-mode block: per perf assertion present in both runs, how its measured value moved and
 * whether that is significant or within noise. Empty when there is no previous run or nothing in common.
 */
export function renderDeltas(previous: MeasuredIndex | undefined, current: MeasuredIndex): string {
  if (!previous) return ''
  const lines: string[] = []
  for (const [key, now] of current) {
    const before = previous.get(key)
    if (!before) continue
    lines.push(`  ${now.test}: ${formatDelta(now.metric, before.measured, now.measured, now.unit)}${deltaNoise(before, now)}`)
  }
  return lines.length ? ['perfgate: since the previous run', ...lines].join('\n') : ''
}
