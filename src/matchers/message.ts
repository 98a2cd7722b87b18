import { formatNumber } from '../judge/format.ts'
import type { Verdict } from '../judge/verdict.ts'
import type { Measurement } from '../measure/measurement.ts'
import { redactSecrets } from '../redact/index.ts'
import { describeOutage, describeShape, verdictLine } from '../results/format.ts'

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
  const notes = m.facts.notes ?? []
  // A run's own notes (load's closed model, k6's http_req_duration) say it for their source.
  if (m.facts.coordinatedOmission === 'uncorrected' && !notes.some((note) => note.includes('coordinated omission'))) {
    lines.push('  note: closed model — latencies run from the actual send, so server stalls are under-reported (coordinated omission). Use { rate } for corrected latencies.')
  }
  for (const outage of m.facts.outages ?? []) lines.push(`  outage: ${describeOutage(outage)}`)
  const noise = m.facts.noise
  if (noise && (noise.overdispersion > 1.5 || noise.stallSeconds.length)) {
    const stalls = noise.stallSeconds.length ? `; stall seconds: ${noise.stallSeconds.slice(0, 8).join(', ')}${noise.stallSeconds.length > 8 ? ', …' : ''}` : ''
    lines.push(`  noise: overdispersion ${formatNumber(noise.overdispersion)} (the run's seconds varied that many times more than independent samples)${stalls}`)
  }
  for (const note of notes) lines.push(`  note: ${note}`)
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
