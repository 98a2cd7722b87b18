import { formatNumber } from '../judge/format.ts'
import type { Verdict } from '../judge/verdict.ts'
import { baselineNote } from '../results/assertion.ts'
import type { PerfResults } from './results.ts'

/** A verdict's measured value, keyed so the same assertion can be found in another run. */
export type MeasuredIndex = Map<string, { test: string; metric: string; measured: number; unit: Verdict['unit'] }>

/**
 * Indexes every verdict by file, test, assertion position and metric; an assertion with nothing
 * judged (a baseline just recorded) contributes its measured p95.
 */
export function indexMeasured(results: PerfResults): MeasuredIndex {
  const index: MeasuredIndex = new Map()
  for (const test of results.tests) {
    test.assertions.forEach((assertion, i) => {
      const key = (metric: string): string => `${test.file}\u0000${test.fullName}\u0000${i}\u0000${assertion.matcher}\u0000${metric}`
      for (const v of assertion.verdicts) index.set(key(v.metric), { test: test.fullName, metric: v.metric, measured: v.measured, unit: v.unit })
      if (baselineNote(assertion)) index.set(key('p95'), { test: test.fullName, metric: 'p95', measured: assertion.measurement.latency.p95, unit: 'ms' })
    })
  }
  return index
}

/** 'p95 312 → 268 ms (−14%)': what changed between two values of one metric. */
export function formatDelta(metric: string, before: number, after: number, unit: Verdict['unit']): string {
  const scale = unit === 'ratio' ? 100 : 1
  const suffix = unit === 'ratio' ? '%' : ` ${unit}`
  const change = before === 0 ? (after === 0 ? 0 : Number.POSITIVE_INFINITY) : (after - before) / before
  const percent = Number.isFinite(change) ? `${change < 0 ? '−' : '+'}${Math.abs(change * 100).toFixed(Math.abs(change) < 0.1 ? 1 : 0)}%` : 'new'
  return `${metric} ${formatNumber(before * scale)} → ${formatNumber(after * scale)}${suffix} (${percent})`
}

/**
 * The watch-mode block: per perf assertion present in both runs, how its measured value moved.
 * Empty when there is no previous run or nothing in common.
 */
export function renderDeltas(previous: MeasuredIndex | undefined, current: MeasuredIndex): string {
  if (!previous) return ''
  const lines: string[] = []
  for (const [key, now] of current) {
    const before = previous.get(key)
    if (!before) continue
    lines.push(`  ${now.test}: ${formatDelta(now.metric, before.measured, now.measured, now.unit)}`)
  }
  return lines.length ? ['perfgate: since the previous run', ...lines].join('\n') : ''
}
