import { mergeLatencyData, type LatencyData } from './latencyData.ts'

/** How many of a rate's observations were true, out of all of them. */
export interface RateData {
  trues: number
  total: number
}

/**
 * Custom metrics a workload recorded (`metrics.trend`, `metrics.rate`, `metrics.count`), by name:
 * trends are durations in ms, rates count true observations, counters add up.
 */
export interface MetricsData {
  trends?: Record<string, LatencyData>
  rates?: Record<string, RateData>
  counters?: Record<string, number>
}

/** Metrics recorded at the same time (worker threads, tags): trend samples, rate and counter totals add up. */
export function mergeMetrics(parts: ReadonlyArray<MetricsData | undefined>): MetricsData | undefined {
  const present = parts.filter((p): p is MetricsData => p !== undefined)
  if (present.length === 0) return undefined
  if (present.length === 1) return present[0]
  const trendNames = new Set(present.flatMap((p) => Object.keys(p.trends ?? {})))
  const trends = Object.fromEntries([...trendNames].map((name) => [name, mergeLatencyData(present.flatMap((p) => (p.trends?.[name] ? [p.trends[name]] : [])))]))
  const rates: Record<string, RateData> = {}
  const counters: Record<string, number> = {}
  for (const part of present) {
    for (const [name, rate] of Object.entries(part.rates ?? {})) {
      const sum = (rates[name] ??= { trues: 0, total: 0 })
      sum.trues += rate.trues
      sum.total += rate.total
    }
    for (const [name, n] of Object.entries(part.counters ?? {})) counters[name] = (counters[name] ?? 0) + n
  }
  return {
    ...(trendNames.size ? { trends } : {}),
    ...(Object.keys(rates).length ? { rates } : {}),
    ...(Object.keys(counters).length ? { counters } : {}),
  }
}

/** The names recorded of one kind, for messages: `'a', 'b'` or `none`. */
export function metricNames(record: Record<string, unknown> | undefined): string {
  const names = Object.keys(record ?? {})
  return names.length ? names.map((n) => `'${n}'`).join(', ') : 'none'
}
