import type { Measurement } from '../measure/measurement.ts'
import { summarizeMeasurement, type MeasurementSummary } from '../measure/summary.ts'
import { formatValue } from './format.ts'
import { judgeAll } from './judge.ts'
import type { Threshold } from './threshold.ts'
import type { Verdict } from './verdict.ts'

/**
 * What one probe of a capacity search showed about its rate:
 * - `met`: every threshold passed with 95% confidence;
 * - `broke`: at least one threshold clearly failed;
 * - `saturated`: the generator, not the service, was the limit (no verdict about the service);
 * - `undecided`: the judge could not tell (within noise, too few samples, a noisy run, no data).
 */
export type ProbeOutcome = 'met' | 'broke' | 'saturated' | 'undecided'

/** Why a rate broke the SLA: the first threshold that clearly failed, as data. */
export type BreachCause =
  | { kind: 'latency'; metric: string; measuredMs: number; limitMs: number; overByMs: number }
  | { kind: 'errors'; metric: string; measured: number; limit: number; errorsByKind: Record<string, number> }
  | { kind: 'throughput'; measuredRps: number; limitRps: number }

/** One probe of a capacity search: an open-model run at one arrival rate, and the judge's word on it. */
export interface CapacityProbe {
  /** Arrivals per second offered. */
  rate: number
  durationMs: number
  /** Successful requests per second of measured time. */
  achievedRps: number
  /** Latency percentiles (ms) of the successful requests; NaN when none succeeded. */
  p50: number
  p95: number
  p99: number
  errorRate: number
  outcome: ProbeOutcome
  /** Set when the probe broke the SLA. */
  cause?: BreachCause
  /** One sentence: the verdict that decided the outcome. */
  summary: string
  verdicts: Verdict[]
  measurement: MeasurementSummary
}

/**
 * Judges one probe of a capacity search against the SLA's thresholds. Pure. A clear fail of any
 * threshold breaks the rate; otherwise a saturated generator says nothing about the service; only
 * a pass of every threshold meets the rate; anything else is undecided.
 *
 * @example
 * judgeProbe(await load(url, { rate: 200, duration: '5s' }), 200, [{ stat: 'p95', limitMs: 50 }]).outcome // 'met'
 */
export function judgeProbe(measurement: Measurement, rate: number, thresholds: readonly Threshold[]): CapacityProbe {
  const verdicts = judgeAll(measurement, thresholds)
  const failed = verdicts.find((v) => v.status === 'fail')
  const saturated = verdicts.find((v) => v.status === 'inconclusive' && v.reason === 'generator-saturated')
  const open = verdicts.find((v) => v.status !== 'pass')
  const outcome: ProbeOutcome = failed ? 'broke' : saturated ? 'saturated' : open ? 'undecided' : 'met'
  const latency = measurement.latency
  const at = (p: number): number => (latency.count === 0 ? Number.NaN : latency.percentile(p))
  return {
    rate,
    durationMs: measurement.durationMs,
    achievedRps: measurement.rps,
    p50: at(50),
    p95: at(95),
    p99: at(99),
    errorRate: measurement.errorRate,
    outcome,
    ...(failed ? { cause: causeOf(failed, measurement) } : {}),
    summary: (failed ?? saturated ?? open)?.summary ?? verdicts.map((v) => v.summary).join(', '),
    verdicts,
    measurement: summarizeMeasurement(measurement),
  }
}

function causeOf(verdict: Verdict, m: Measurement): BreachCause {
  if (verdict.unit === 'ms') return { kind: 'latency', metric: verdict.metric, measuredMs: verdict.measured, limitMs: verdict.limit, overByMs: verdict.measured - verdict.limit }
  if (verdict.unit === 'req/s') return { kind: 'throughput', measuredRps: verdict.measured, limitRps: verdict.limit }
  return { kind: 'errors', metric: verdict.metric, measured: verdict.measured, limit: verdict.limit, errorsByKind: m.errorsByKind }
}

/** 'p95 183 ms over its limit 50 ms by 133 ms', 'errorRate 12.50% over its limit 1.00% (connection: 40)'. */
export function describeCause(cause: BreachCause): string {
  switch (cause.kind) {
    case 'latency':
      return `${cause.metric} ${formatValue(cause.measuredMs, 'ms')} over its limit ${formatValue(cause.limitMs, 'ms')} by ${formatValue(cause.overByMs, 'ms')}`
    case 'throughput':
      return `rps ${formatValue(cause.measuredRps, 'req/s')} under its floor ${formatValue(cause.limitRps, 'req/s')}`
    case 'errors': {
      const kinds = Object.entries(cause.errorsByKind).filter(([, n]) => n > 0)
      const relation = cause.metric === 'successRate' ? 'under its floor' : 'over its limit'
      return `${cause.metric} ${formatValue(cause.measured, 'ratio')} ${relation} ${formatValue(cause.limit, 'ratio')}${kinds.length ? ` (${kinds.map(([kind, n]) => `${kind}: ${n}`).join(', ')})` : ''}`
    }
  }
}
