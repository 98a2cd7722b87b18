import { PerfgateError } from '../errors/index.ts'
import { isValidPercentile } from '../measure/percentile.ts'

/** Named latency percentiles; any other percentile uses `{ stat: 'percentile', p }`. */
export const PERCENTILE_STATS = { p50: 50, p75: 75, p90: 90, p95: 95, p99: 99, 'p99.9': 99.9 } as const
export type PercentileStat = keyof typeof PERCENTILE_STATS

/**
 * A limit to judge a Measurement against, as data. Latency limits are upper bounds in ms;
 * `rps` is a lower bound; `errorRate` an upper bound on the failed fraction (0..1); `successRate` a
 * lower bound on the successful fraction (0..1), which for a custom rate (`m.rate(name)`) is the
 * fraction of true observations.
 *
 * @example
 * const t: Threshold = { stat: 'p95', limitMs: 500 }
 */
export type Threshold =
  | { stat: PercentileStat | 'mean' | 'max'; limitMs: number }
  | { stat: 'percentile'; p: number; limitMs: number }
  | { stat: 'rps'; min: number }
  | { stat: 'errorRate'; max: number }
  | { stat: 'successRate'; min: number }

/** The SLA object `toMeetSLA` and `load`'s `stopWhen` take: each key is one threshold. Either also takes its string form, `'p95<500ms'`. */
export interface Sla {
  p50?: number
  p75?: number
  p90?: number
  p95?: number
  p99?: number
  'p99.9'?: number
  max?: number
  mean?: number
  rps?: number
  errorRate?: number
  /** Lowest successful fraction (0.95 = 95%), e.g. a job queue's success rate. */
  successRate?: number
}

const SLA_KEYS = ['p50', 'p75', 'p90', 'p95', 'p99', 'p99.9', 'mean', 'max', 'rps', 'errorRate', 'successRate'] as const

function invalid(message: string): PerfgateError {
  return new PerfgateError('PERFGATE_ERR_INVALID_THRESHOLD', message)
}

function checkLimitMs(what: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalid(`${what} limit must be a positive, finite number of milliseconds; got ${String(value)}. Example: { stat: 'p95', limitMs: 500 }.`)
  }
  return value
}

/** Checks a threshold before anything runs; throws PERFGATE_ERR_INVALID_THRESHOLD naming the fix. */
export function validateThreshold(input: unknown): Threshold {
  if (typeof input !== 'object' || input === null) throw invalid(`A threshold must be an object such as { stat: 'p95', limitMs: 500 }; got ${String(input)}.`)
  const t = input as Record<string, unknown>
  const stat = t.stat
  if (typeof stat === 'string' && stat in PERCENTILE_STATS) return { stat: stat as PercentileStat, limitMs: checkLimitMs(stat, t.limitMs) }
  switch (stat) {
    case 'mean':
    case 'max':
      return { stat, limitMs: checkLimitMs(stat, t.limitMs) }
    case 'percentile':
      if (!isValidPercentile(t.p)) throw invalid(`percentile p must be a number in (0, 100], such as 99.9; got ${String(t.p)}.`)
      return { stat, p: t.p, limitMs: checkLimitMs(`p${t.p}`, t.limitMs) }
    case 'rps':
      if (typeof t.min !== 'number' || !Number.isFinite(t.min) || t.min <= 0) {
        throw invalid(`rps must be a positive, finite number of requests per second; got ${String(t.min)}. Example: { stat: 'rps', min: 1000 }.`)
      }
      return { stat, min: t.min }
    case 'errorRate':
      if (typeof t.max !== 'number' || !Number.isFinite(t.max) || t.max < 0 || t.max > 1) {
        const hint = typeof t.max === 'number' && t.max > 1 && t.max <= 100 ? ` Did you mean ${t.max / 100} (a fraction, not a percentage)?` : ''
        throw invalid(`errorRate must be a fraction between 0 and 1, such as 0.01 for 1%; got ${String(t.max)}.${hint}`)
      }
      return { stat, max: t.max }
    case 'successRate':
      // A limit of 1 can never be shown with confidence (one more sample could fail): use errorRate 0.
      if (typeof t.min !== 'number' || !Number.isFinite(t.min) || t.min <= 0 || t.min >= 1) {
        const hint = typeof t.min === 'number' && t.min > 1 && t.min < 100 ? ` Did you mean ${t.min / 100} (a fraction, not a percentage)?`
          : t.min === 1 ? ' For "every one", assert toHaveErrorRateBelow(0) or errors toBe(0).' : ''
        throw invalid(`A rate limit must be a fraction above 0 and below 1, such as 0.8 for 80%; got ${String(t.min)}.${hint}`)
      }
      return { stat, min: t.min }
    default:
      throw invalid(`Unknown threshold stat ${JSON.stringify(stat)}. Use one of ${[...SLA_KEYS, 'percentile'].join(', ')}.`)
  }
}

/**
 * Turns an SLA into validated thresholds, in a stable order: the object `toMeetSLA` and `stopWhen`
 * take, or its string form (one threshold, as {@link parseThreshold} reads it). `subject` names the
 * option in error messages.
 *
 * @example
 * thresholdsFromSla({ p95: 500, errorRate: 0.01 }) // [{ stat: 'p95', limitMs: 500 }, { stat: 'errorRate', max: 0.01 }]
 * thresholdsFromSla('p95<500ms') // [{ stat: 'p95', limitMs: 500 }]
 */
export function thresholdsFromSla(sla: unknown, subject = 'toMeetSLA'): Threshold[] {
  if (typeof sla === 'string') return [parseThreshold(sla)]
  if (typeof sla !== 'object' || sla === null) throw invalid(`${subject} takes an object such as { p95: 500, errorRate: 0.01 } or a string such as 'p95<500ms'; got ${String(sla)}.`)
  const unknown = Object.keys(sla).filter((key) => !(SLA_KEYS as readonly string[]).includes(key))
  if (unknown.length) {
    throw invalid(`Unknown SLA key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `'${k}'`).join(', ')}. Use ${SLA_KEYS.join(', ')} (latencies in ms, rps per second, errorRate as a fraction).`)
  }
  const values = sla as Record<string, unknown>
  const thresholds = SLA_KEYS.filter((key) => values[key] !== undefined).map((key): Threshold => {
    if (key === 'rps') return validateThreshold({ stat: 'rps', min: values[key] })
    if (key === 'errorRate') return validateThreshold({ stat: 'errorRate', max: values[key] })
    if (key === 'successRate') return validateThreshold({ stat: 'successRate', min: values[key] })
    return validateThreshold({ stat: key, limitMs: values[key] })
  })
  if (thresholds.length === 0) throw invalid(`${subject} needs at least one limit, such as { p95: 500 }.`)
  return thresholds
}

/** Parses the string sugar `'p95<500ms'`, `'p(99.9)<2s'`, `'rps>1000'`, `'errorRate<0.01'` into a Threshold. */
export function parseThreshold(text: string): Threshold {
  const match = /^\s*([a-zA-Z]+|p\(\s*[\d.]+\s*\)|p[\d.]+)\s*(<=?|>=?)\s*([\d.]+)\s*(ms|s|%)?\s*$/.exec(text)
  if (!match) throw invalid(`Cannot read threshold '${text}'. Write it like 'p95<500ms', 'p(99.9)<2s', 'rps>1000' or 'errorRate<1%'.`)
  const [, rawStat, op, rawValue, unit] = match as unknown as [string, string, string, string, string | undefined]
  const value = unit === '%' ? Number(rawValue) / 100 : Number(rawValue) * (unit === 's' ? 1000 : 1)
  const stat = rawStat.replace(/^p\(\s*([\d.]+)\s*\)$/, 'p$1')
  const upper = op.startsWith('<')
  if (stat === 'rps' || stat === 'successRate') {
    if (upper) throw invalid(`'${text}': ${stat} is a lower bound; write '${stat}>${rawValue}${unit ?? ''}'.`)
    return validateThreshold({ stat, min: value })
  }
  if (!upper) throw invalid(`'${text}': ${stat} is an upper bound; write '${stat}<${rawValue}${unit ?? ''}'.`)
  if (stat === 'errorRate') return validateThreshold({ stat, max: value })
  if (stat === 'mean' || stat === 'max' || stat in PERCENTILE_STATS) return validateThreshold({ stat, limitMs: value })
  if (/^p[\d.]+$/.test(stat)) return validateThreshold({ stat: 'percentile', p: Number(stat.slice(1)), limitMs: value })
  return validateThreshold({ stat, limitMs: value })
}

/** A short name for the threshold's statistic: 'p95', 'p99.9', 'mean', 'rps', 'errorRate'. */
export function metricName(threshold: Threshold): string {
  return threshold.stat === 'percentile' ? `p${threshold.p}` : threshold.stat
}

/** The percentile a latency threshold judges (100 for max), or undefined for mean, rps, errorRate, successRate. */
export function percentileOf(threshold: Threshold): number | undefined {
  if (threshold.stat === 'percentile') return threshold.p
  if (threshold.stat === 'max') return 100
  return threshold.stat in PERCENTILE_STATS ? PERCENTILE_STATS[threshold.stat as PercentileStat] : undefined
}
