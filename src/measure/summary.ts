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
  latency: { exact: boolean; min: number; mean: number; p50: number; p75: number; p90: number; p95: number; p99: number; p999: number; max: number; p9999?: number }
  serviceTime?: { p50: number; p95: number; p99: number; max: number }
  facts: RunFacts
  /** Per-second throughput and latency: [t, count, errors, meanMs, maxMs], then p50, p95 and p99 (ms) when load() recorded them. */
  timeline: Array<[t: number, count: number, errors: number, meanMs: number, maxMs: number, p50Ms?: number, p95Ms?: number, p99Ms?: number]>
  byTag?: Record<string, Omit<MeasurementSummary, 'byTag' | 'timeline'>>
}

export function summarizeMeasurement(m: Measurement): MeasurementSummary {
  const summary = summarizeOne(m)
  const tags = Object.entries(m.byTag)
  return {
    ...summary,
    timeline: m.timeline.map((p) => {
      const mean = p.count ? p.latencySumMs / p.count : 0
      const point: MeasurementSummary['timeline'][number] =
        p.p50Ms === undefined || p.p95Ms === undefined || p.p99Ms === undefined
          ? [p.t, p.count, p.errors, mean, p.latencyMaxMs]
          : [p.t, p.count, p.errors, mean, p.latencyMaxMs, p.p50Ms, p.p95Ms, p.p99Ms]
      return point
    }),
    ...(tags.length ? { byTag: Object.fromEntries(tags.map(([tag, sub]) => [tag, summarizeOne(sub)])) } : {}),
  }
}

function summarizeOne(m: Measurement): Omit<MeasurementSummary, 'byTag' | 'timeline'> {
  const l = m.latency
  const empty = l.count === 0
  const at = (p: number): number => (empty ? Number.NaN : l.percentile(p))
  const service = m.serviceTime
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
    latency: { exact: l.exact, min: l.min, mean: l.mean, p50: at(50), p75: at(75), p90: at(90), p95: at(95), p99: at(99), p999: at(99.9), max: l.max, ...(l.count >= 10_000 ? { p9999: at(99.99) } : {}) },
    ...(service && service.count ? { serviceTime: { p50: service.p50, p95: service.p95, p99: service.p99, max: service.max } } : {}),
    facts: m.facts,
  }
}
