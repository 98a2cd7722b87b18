import { formatMargin, formatNumber, formatValue } from '../judge/format.ts'
import type { Verdict } from '../judge/verdict.ts'
import type { Measurement, Outage, ShapeSummary } from '../measure/measurement.ts'
import { redactSecrets } from '../redact/index.ts'

const MARK = { pass: 'PASS', fail: 'FAIL', inconclusive: 'INCONCLUSIVE' } as const

/** One line per verdict: `p95 612 ms, limit <= 500 ms (−22.4%) FAIL`. */
export function verdictLine(v: Verdict): string {
  const relation = v.bound === 'at-most' ? '<=' : '>='
  const ci = v.confidence ? `, 95% CI ${formatValue(v.confidence.low, v.unit)} – ${formatValue(v.confidence.high, v.unit)}` : ''
  const why = v.status === 'inconclusive' ? ` (${v.reason}: ${v.summary})` : ''
  return `${v.metric} ${formatValue(v.measured, v.unit)}, limit ${relation} ${formatValue(v.limit, v.unit)} (${formatMargin(v.margin)}${ci}) ${MARK[v.status]}${why}`
}

/** The diagnosis a failing matcher prints: what was expected, what was measured, and what to try. */
export function diagnosis(matcher: string, verdicts: readonly Verdict[], m: Measurement, negated: boolean): string {
  const lines = [
    negated
      ? `expect(measurement).not.${matcher}(): expected the SLA to be missed, but nothing clearly missed it`
      : `expect(measurement).${matcher}(): ${verdicts.filter((v) => v.status !== 'pass').length} of ${verdicts.length} limit${verdicts.length > 1 ? 's' : ''} not met`,
    ...verdicts.map((v) => `  ${verdictLine(v)}`),
    `  samples: ${formatNumber(m.count)} ok, ${formatNumber(m.errors)} failed${errorKinds(m)} over ${formatNumber(m.durationMs / 1000)} s (${formatNumber(m.rps)} req/s)`,
  ]
  if (m.latency.count > 0) lines.push(`  spread: ${spread(m)}`)
  const lag = m.dispatchLag
  if (lag && lag.count > 0) {
    lines.push(
      `  dispatch lag: p50 ${formatNumber(lag.p50)} · p99 ${formatNumber(lag.p99)} · max ${formatNumber(lag.max)} ms — how late perfgate itself sent the ${formatNumber(lag.count)} requests that found a connection free; it is part of their latencies`,
    )
  }
  const shape = describeShape(m.facts.shape)
  if (shape) lines.push(`  load: ${shape}`)
  if (m.facts.coordinatedOmission === 'uncorrected') {
    lines.push('  note: closed model — latencies run from the actual send, so server stalls are under-reported (coordinated omission). Use { rate } for corrected latencies.')
  }
  for (const outage of m.facts.outages ?? []) lines.push(`  outage: ${describeOutage(outage)}`)
  if (m.facts.lateStarts) lines.push(`  note: ${formatNumber(m.facts.lateStarts)} requests started late (the generator or connection pool fell behind).`)
  const hints = [...new Set(verdicts.flatMap((v) => (v.status === 'pass' || !v.hint ? [] : [v.hint])))]
  for (const hint of hints) lines.push(`  try: ${hint}`)
  // Names, targets and notes come from the user: a title or URL may hold a credential.
  return redactSecrets(lines.join('\n'))
}

function spread(m: Measurement): string {
  const l = m.latency
  const parts = [['min', l.min], ['p50', l.p50], ['p90', l.p90], ['p95', l.p95], ['p99', l.p99], ['max', l.max]] as const
  return `${parts.map(([name, value]) => `${name} ${formatNumber(value)}`).join(' · ')} ms${l.exact ? '' : ' (histogram, ±0.1%)'}`
}

function errorKinds(m: Measurement): string {
  const kinds = Object.entries(m.errorsByKind).filter(([, n]) => n > 0)
  return kinds.length ? ` (${kinds.map(([kind, n]) => `${kind}: ${n}`).join(', ')})` : ''
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
