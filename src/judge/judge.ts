import type { Measurement } from '../measure/measurement.ts'
import { meanInterval, minSamplesFor, minSamplesForRate, proportionInterval, CONFIDENCE_LEVEL } from './confidence.ts'
import { dispersionOf, percentileBounds, shortfallOf } from './estimate.ts'
import { formatNumber, formatValue } from './format.ts'
import { metricName, percentileOf, type Threshold } from './threshold.ts'
import { MARGINAL_MARGIN, type InconclusiveReason, type Verdict } from './verdict.ts'

interface Reading {
  measured: number
  samples: number
  unit: Verdict['unit']
  limit: number
  bound: Verdict['bound']
  minSamples?: number
  confidence?: { low: number; high: number }
  /** φ the interval was widened by (> 1 only). */
  overdispersion?: number
  /** The ends of the widened interval that stayed inside the sample, when one did not. */
  bounds?: { low?: number; high?: number }
}

/**
 * Judges one threshold against a measurement. Pure: no I/O, no timing.
 * Pass when the whole 95% interval is within the limit, fail when it is wholly outside,
 * inconclusive when the limit lies inside it, when there are too few samples for the statistic,
 * when the generator itself was saturated, or when a latency limit is missed by no more than the
 * generator's own dispatch lag.
 *
 * @example
 * judge(fromSamples(latencies), { stat: 'p95', limitMs: 500 }).status // 'pass'
 */
export function judge(measurement: Measurement, threshold: Threshold): Verdict {
  const verdict = judgeMeasured(measurement, threshold)
  return verdict.status === 'fail' ? (missWithinDispatchLag(measurement, verdict) ?? verdict) : verdict
}

/**
 * The open model's own dispatch lag is part of every latency it measured, and only ever adds to
 * it: a met latency limit stays met, but a limit missed by less than the lag's p99 may be the
 * generator's doing, not the service's. Such a miss is inconclusive.
 */
function missWithinDispatchLag(measurement: Measurement, verdict: Verdict): Verdict | undefined {
  const lagMs = measurement.dispatchLag?.p99
  if (verdict.unit !== 'ms' || verdict.bound !== 'at-most' || lagMs === undefined || !(lagMs > 0)) return undefined
  if (verdict.measured - lagMs > verdict.limit) return undefined
  const { hint: _hint, marginal: _marginal, ...facts } = verdict
  return {
    ...facts,
    status: 'inconclusive',
    reason: 'generator-saturated',
    summary: `${verdict.metric} ${formatValue(verdict.measured, 'ms')} misses the limit ${formatValue(verdict.limit, 'ms')} by ${formatValue(verdict.measured - verdict.limit, 'ms')}, no more than perfgate's own dispatch lag (p99 ${formatValue(lagMs, 'ms')}) that is part of it`,
    hint: 'run the service in another process, lower the rate or use workers: 2 so the generator keeps its schedule; dispatch lag shows what it added',
  }
}

function judgeMeasured(measurement: Measurement, threshold: Threshold): Verdict {
  const estimate = estimateOf(measurement, threshold)
  const metric = metricName(threshold)
  const { measured, limit, bound, unit, samples } = estimate
  // A limit of zero (errorRate: 0) has no relative headroom: the margin is then the absolute excess.
  const margin = limit === 0 ? -measured : bound === 'at-most' ? (limit - measured) / limit : (measured - limit) / limit
  const base = {
    metric,
    threshold,
    bound,
    measured,
    limit,
    unit,
    margin,
    samples,
    ...(estimate.minSamples === undefined ? {} : { minSamples: estimate.minSamples }),
    ...(estimate.confidence ? { confidence: { level: CONFIDENCE_LEVEL, ...estimate.confidence } } : {}),
    ...(estimate.overdispersion === undefined ? {} : { overdispersion: round3(estimate.overdispersion) }),
  }
  const inconclusive = (reason: InconclusiveReason, summary: string, hint: string): Verdict => ({ ...base, status: 'inconclusive', reason, summary, hint })
  const saturation = measurement.facts.saturation

  if (saturation.saturated) {
    return inconclusive(
      'generator-saturated',
      `the load generator was saturated (${saturation.reasons.join('; ') || 'no reason given'}), so ${metric} measures perfgate, not the system under test`,
      'lower the rate or connections, or spread the load over worker threads with { workers: 2 }',
    )
  }
  const shortfall = Number.isFinite(measured) ? shortfallOf(samples, estimate.minSamples) : 'no-data'
  if (shortfall === 'no-data') {
    return inconclusive('no-data', `no ${unit === 'ratio' ? 'requests' : 'successful samples'} to compute ${metric} from`, noDataHint(measurement))
  }
  if (shortfall === 'too-few-samples') {
    const minSamples = estimate.minSamples!
    if (threshold.stat === 'successRate') {
      return inconclusive(
        'too-few-samples',
        `${metric} >= ${formatValue(limit, unit)} needs at least ${minSamples.toLocaleString('en-US')} observations to be shown with 95% confidence even if all succeed; got ${samples.toLocaleString('en-US')}`,
        `collect more observations: raise duration or requests (about ${Math.ceil(minSamples / Math.max(1, samples))}× what ran)`,
      )
    }
    return inconclusive(
      'too-few-samples',
      `${metric} needs at least ${minSamples.toLocaleString('en-US')} samples for a 95% confidence interval; got ${samples.toLocaleString('en-US')}`,
      `collect more samples: raise duration, requests or iterations (about ${Math.ceil(minSamples / Math.max(1, samples))}× what ran)`,
    )
  }
  const within = bound === 'at-most' ? measured <= limit : measured >= limit
  const interval = estimate.confidence
  if (!interval && estimate.overdispersion !== undefined) {
    // The run's noise stretched one end of the interval past the sample: decide on the other end if it can.
    const phi = estimate.overdispersion
    const { low, high } = estimate.bounds ?? {}
    // The verdict carries φ (`overdispersion`); its summary is the judge's usual one.
    if (low !== undefined && low > limit) return verdictOf(base, false)
    if (high !== undefined && high <= limit) return verdictOf(base, true)
    const stalls = measurement.facts.noise?.stallSeconds ?? []
    const stallText = stalls.length ? `; stalls at ${stalls.slice(0, 5).map((t) => `${t} s`).join(', ')}${stalls.length > 5 ? ', …' : ''}` : ''
    return inconclusive(
      'noisy-run',
      `the run was too noisy to judge ${metric}: its seconds varied ${formatNumber(phi)}× more than independent samples do${stallText}, which leaves about ${Math.round(samples / phi).toLocaleString('en-US')} effective samples — too few to bound ${metric} on the side the limit ${formatValue(limit, unit)} needs`,
      `run about ${Math.ceil(phi)}× longer, or where nothing competes for the CPU; if the stalls are the service's own (GC, locks, a slow dependency), that is the finding`,
    )
  }
  if (interval) {
    const clearlyWithin = bound === 'at-most' ? interval.high <= limit : interval.low >= limit
    const clearlyOutside = bound === 'at-most' ? interval.low > limit : interval.high < limit
    if (!clearlyWithin && !clearlyOutside) {
      return inconclusive(
        'within-noise',
        `${metric} ${formatValue(measured, unit)} is within noise of the limit ${formatValue(limit, unit)} (95% CI ${formatValue(interval.low, unit)} – ${formatValue(interval.high, unit)})`,
        'the data cannot tell which side of the limit the true value is on: run longer to narrow the interval, or revisit the limit',
      )
    }
    return verdictOf(base, clearlyWithin)
  }
  return verdictOf(base, within)
}

/** Judges several thresholds; the order of the result follows the input. */
export function judgeAll(measurement: Measurement, thresholds: readonly Threshold[]): Verdict[] {
  return thresholds.map((threshold) => judge(measurement, threshold))
}

function verdictOf(base: Omit<Verdict, 'status' | 'summary' | 'reason' | 'hint' | 'marginal'>, pass: boolean): Verdict {
  const relation = base.bound === 'at-most' ? (pass ? '<=' : '>') : pass ? '>=' : '<'
  const summary = `${base.metric} ${formatValue(base.measured, base.unit)} ${relation} ${formatValue(base.limit, base.unit)}`
  // Marginal is the judge's call, made here once: a pass with little headroom against its limit.
  if (pass) return { ...base, status: 'pass', summary, ...(base.margin < MARGINAL_MARGIN ? { marginal: true as const } : {}) }
  return { ...base, status: 'fail', summary, hint: failHint(base.metric) }
}

function failHint(metric: string): string {
  if (metric === 'rps') return 'check the generator reached the rate (facts.lateStarts, errors) and where the service spends its time; raise connections for a closed model'
  if (metric === 'successRate') return 'look at errorsByKind to see what failed (for a custom rate, kind false counts the false observations)'
  if (metric === 'errorRate') return 'look at errorsByKind to see what failed: connection errors point at the server or pool, 5xx at the service'
  return 'profile the slowest requests: compare with serviceTime (if present) to tell queueing from work, and check the spread over the timeline'
}

function noDataHint(measurement: Measurement): string {
  if (measurement.total === 0) return 'nothing ran: check the duration or requests options'
  return `every request failed (${Object.entries(measurement.errorsByKind).map(([kind, n]) => `${kind}: ${n}`).join(', ')}): check the target is up and answers`
}

function estimateOf(m: Measurement, threshold: Threshold): Reading {
  switch (threshold.stat) {
    case 'rps': {
      // Every second of the measured time, silent ones as zero: a stall must widen the interval, not
      // vanish. Answers that arrived after it (stragglers drained once the load stopped) are not seconds of load.
      const seconds = Math.ceil(m.durationMs / 1000)
      const perSecond = Array.from<number>({ length: seconds }).fill(0)
      for (const point of m.timeline) if (point.t < seconds) perSecond[point.t] = point.count
      // Whole seconds only: the first and last are partial.
      const inner = perSecond.length > 4 ? perSecond.slice(1, -1) : []
      const mean = inner.reduce((a, b) => a + b, 0) / (inner.length || 1)
      const sd = Math.sqrt(inner.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, inner.length - 1))
      const mean95 = inner.length >= 3 ? meanInterval(m.rps, sd, inner.length) : undefined
      // A rate is never negative: a wide interval stops at zero.
      const interval = mean95 && { low: Math.max(0, mean95.low), high: mean95.high }
      return { measured: m.rps, samples: m.count, unit: 'req/s', limit: threshold.min, bound: 'at-least', ...(interval ? { confidence: interval } : {}) }
    }
    case 'errorRate':
      return { measured: m.errorRate, samples: m.total, unit: 'ratio', limit: threshold.max, bound: 'at-most', confidence: proportionInterval(m.errors, m.total) }
    case 'successRate': {
      // Wilson's interval of the successful fraction: successes are `count`, failures `errors`.
      const measured = m.total === 0 ? Number.NaN : m.count / m.total
      return { measured, samples: m.total, unit: 'ratio', limit: threshold.min, bound: 'at-least', minSamples: minSamplesForRate(threshold.min), confidence: proportionInterval(m.count, m.total) }
    }
    case 'mean': {
      const { mean, stddev, count } = m.latency
      return { measured: mean, samples: count, unit: 'ms', limit: threshold.limitMs, bound: 'at-most', minSamples: 2, confidence: meanInterval(mean, stddev, count) }
    }
    default: {
      const p = percentileOf(threshold)!
      const latency = m.latency
      const measured = p >= 100 ? latency.max : latency.percentile(p)
      const base: Reading = { measured, samples: latency.count, unit: 'ms', limit: threshold.limitMs, bound: 'at-most', minSamples: minSamplesFor(p) }
      if (p >= 100) return base
      const phi = dispersionOf(m, p)
      const bounds = percentileBounds(latency, p, phi)
      const widened = phi > 1 ? { overdispersion: phi } : {}
      if (bounds.low !== undefined && bounds.high !== undefined) return { ...base, confidence: { low: bounds.low, high: bounds.high }, ...widened }
      return { ...base, ...widened, ...(phi > 1 ? { bounds } : {}) }
    }
  }
}

function round3(value: number): number {
  return Number(value.toPrecision(3))
}
