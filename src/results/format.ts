import { formatMargin, formatNumber, formatValue } from '../judge/format.ts'
import type { JudgedVerdict } from '../judge/verdict.ts'
import type { Outage, ShapeSummary } from '../measure/measurement.ts'

/* Formatting both sides of the results contract share: matchers' failure messages and the reporters. */

const MARK = { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE' } as const

/**
 * A verdict's margin: its relative headroom ('+12%', '−22%'), or for a count against a limit of
 * zero (violations, none allowed), which no percentage expresses, the count over it ('−3', '0').
 */
export function verdictMargin(v: JudgedVerdict): string {
  if (v.unit !== 'count' || v.limit !== 0 || Number.isNaN(v.margin)) return formatMargin(v.margin)
  return v.margin < 0 ? `−${formatNumber(-v.margin)}` : '0'
}

/** One line per verdict: `p95 612 ms, limit <= 500 ms (−22.4%) FAIL`. */
export function verdictLine(v: JudgedVerdict): string {
  const relation = v.bound === 'at-most' ? '<=' : '>='
  const widened = v.overdispersion ? ` widened ×${formatNumber(Math.sqrt(v.overdispersion))} for noise` : ''
  const ci = v.confidence ? `, 95% CI ${formatValue(v.confidence.low, v.unit)} – ${formatValue(v.confidence.high, v.unit)}${widened}` : ''
  const window = v.window ? ` in the worst of ${v.window.windows} windows, ${formatNumber(v.window.startMs / 1000)}–${formatNumber(v.window.endMs / 1000)} s` : ''
  const why = v.status === 'inconclusive' ? ` (${v.reason}: ${v.summary})` : ''
  return `${v.metric} ${formatValue(v.measured, v.unit)}${window}, limit ${relation} ${formatValue(v.limit, v.unit)} (${verdictMargin(v)}${ci}) ${MARK[v.status]}${why}`
}

/** A readable description of a load shape: 'open model, 1,000 req/s for 10 s'. */
export function describeShape(shape: ShapeSummary | undefined): string | undefined {
  if (!shape) return undefined
  const s = shape as Record<string, unknown>
  const seconds = (ms: unknown): string => (typeof ms === 'number' ? `${formatNumber(ms / 1000)} s` : '?')
  switch (shape.kind) {
    case 'bench':
      return `in-process bench${s.timeMs ? ` for ${seconds(s.timeMs)}` : ''}${typeof s.iterations === 'number' && s.iterations ? `, at least ${s.iterations} iterations` : ''}`
    case 'closed':
      return `closed model, ${Number(s.connections)} connections${s.durationMs ? ` for ${seconds(s.durationMs)}` : ''}${typeof s.requests === 'number' ? `, ${s.requests} requests` : ''}`
    case 'open':
      return `open model, ${Number(s.rate)} req/s for ${seconds(s.durationMs)}`
    case 'stages':
      return `staged, ${Array.isArray(s.stages) ? s.stages.length : '?'} stages`
    default:
      return shape.kind
  }
}

/** 'server unreachable from 2.1 s to 4.6 s into the run (812 requests failed); recovered after 2.5 s'. */
export function describeOutage(outage: Outage): string {
  const s = (ms: number): string => `${formatNumber(ms / 1000)} s`
  const recovery = outage.recoveryMs === undefined ? 'not recovered by the end of the run' : `recovered after ${s(outage.recoveryMs)}`
  return `server unreachable from ${s(outage.startMs)} to ${s(outage.endMs)} into the run (${formatNumber(outage.errors)} requests failed); ${recovery}`
}
