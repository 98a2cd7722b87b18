import type { Measurement, RunFacts } from './measurement.ts'

/** A compact, serializable picture of a measurement: what matchers attach to a test for reporters. */
export interface MeasurementSummary {
  source: string
  name?: string
  count: number
  errors: number
  errorsByKind: Record<string, number>
  errorRate: number
  rps: number
  durationMs: number
  startedAt: number
  latency: { exact: boolean; min: number; mean: number; p50: number; p75: number; p90: number; p95: number; p99: number; p999: number; max: number }
  serviceTime?: { p50: number; p95: number; p99: number; max: number }
  /** Open model: the generator's own lateness at sending, over the requests that found a connection free. */
  dispatchLag?: { count: number; p50: number; p99: number; max: number }
  facts: RunFacts
  /** Per-second throughput and latency: [t, count, errors, meanMs, maxMs]. */
  timeline: Array<[number, number, number, number, number]>
  byTag?: Record<string, Omit<MeasurementSummary, 'byTag' | 'timeline'>>
}

export function summarizeMeasurement(m: Measurement): MeasurementSummary {
  const summary = summarizeOne(m)
  const tags = Object.entries(m.byTag)
  return {
    ...summary,
    timeline: m.timeline.map((p) => [p.t, p.count, p.errors, p.count ? p.latencySumMs / p.count : 0, p.latencyMaxMs]),
    ...(tags.length ? { byTag: Object.fromEntries(tags.map(([tag, sub]) => [tag, summarizeOne(sub)])) } : {}),
  }
}

function summarizeOne(m: Measurement): Omit<MeasurementSummary, 'byTag' | 'timeline'> {
  const l = m.latency
  const empty = l.count === 0
  const at = (p: number): number => (empty ? Number.NaN : l.percentile(p))
  const service = m.serviceTime
  const lag = m.dispatchLag
  return {
    source: m.source,
    ...(m.name === undefined ? {} : { name: m.name }),
    count: m.count,
    errors: m.errors,
    errorsByKind: m.errorsByKind,
    errorRate: m.errorRate,
    rps: m.rps,
    durationMs: m.durationMs,
    startedAt: m.startedAt,
    latency: { exact: l.exact, min: l.min, mean: l.mean, p50: at(50), p75: at(75), p90: at(90), p95: at(95), p99: at(99), p999: at(99.9), max: l.max },
    ...(service && service.count ? { serviceTime: { p50: service.p50, p95: service.p95, p99: service.p99, max: service.max } } : {}),
    ...(lag && lag.count ? { dispatchLag: { count: lag.count, p50: lag.p50, p99: lag.p99, max: lag.max } } : {}),
    facts: m.facts,
  }
}
