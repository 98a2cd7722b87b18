import { formatNumber, formatValue } from './format.ts'
import { describeCause, type BreachCause, type CapacityProbe } from './probe.ts'
import { metricName, type Threshold } from './threshold.ts'
import { MARGINAL_MARGIN, type Verdict } from './verdict.ts'

/**
 * Why a capacity search stopped:
 * - `resolved`: the highest met rate and the lowest broken one are within the resolution;
 * - `reached-to`: every rate up to `to` met the SLA (the capacity is at least `to`);
 * - `broke-at-from`: even `from` broke it (the capacity is below `from`);
 * - `generator-saturated`: perfgate could not push further (saturated twice at one rate), so there is
 *   no breaking point to report;
 * - `undecided`: the search narrowed its gaps down to rates that stayed undecided after their repeat
 *   (the judge could not tell which side of the SLA they are on: `undecided`);
 * - `budget`: the probes or the time allowed ran out first.
 */
export type CapacityStop = 'resolved' | 'reached-to' | 'broke-at-from' | 'generator-saturated' | 'undecided' | 'budget'

/**
 * What `findCapacity` found, as plain data: the highest arrival rate that met the SLA with
 * confidence, the lowest that clearly broke it and why, why the search stopped, and every probe.
 */
export interface CapacityResult {
  kind: 'capacity'
  /** The target loaded, as the probes' measurements name it (`facts.target`), credentials removed. */
  source: string
  /** The thresholds each probe was judged on (the SLA plus the error-rate limit). */
  thresholds: Threshold[]
  from: number
  to: number
  /** Relative width of the bracket the search narrows to (0.05 = 5% of the rate). */
  resolution: number
  /** Highest rate (req/s) that met every threshold with 95% confidence; undefined if none did. */
  capacity: number | undefined
  /** Lowest rate (req/s) that clearly broke a threshold; undefined if none did. */
  breakingPoint: number | undefined
  /** Why the breaking point broke. */
  cause?: BreachCause
  /** Set when the generator was the limit: the rate perfgate could not offer faithfully. */
  generatorLimitAt?: number
  /** Rates between `capacity` and `breakingPoint` that stayed undecided after their repeat, lowest first. */
  undecided?: number[]
  stop: CapacityStop
  /** The search in one paragraph: what was found, why it stopped, what the number means. */
  summary: string
  /** Every probe, in the order run (a repeated rate appears twice). */
  probes: CapacityProbe[]
  elapsedMs: number
}

const STOPS: readonly CapacityStop[] = ['resolved', 'reached-to', 'broke-at-from', 'generator-saturated', 'undecided', 'budget']

/** Why `value` is not a CapacityResult, or undefined when it is one. */
export function capacityResultProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) return `got ${value === null ? 'null' : typeof value}`
  const r = value as Partial<CapacityResult>
  if (r.kind !== 'capacity') return 'it has no kind: \'capacity\' (is it a Measurement? use toSustainRps for a single run)'
  if (!Array.isArray(r.probes)) return 'it has no probes'
  if (typeof r.stop !== 'string' || !STOPS.includes(r.stop)) return `its stop ${JSON.stringify(r.stop)} is not one of ${STOPS.join(', ')}`
  if (r.capacity !== undefined && !(typeof r.capacity === 'number' && r.capacity > 0)) return `its capacity ${String(r.capacity)} is not a positive rate`
  return undefined
}

/** Why the search stopped, in words, with the rates involved. */
export function describeStop(r: CapacityResult): string {
  const rate = (value: number | undefined): string => (value === undefined ? '?' : formatValue(value, 'req/s'))
  switch (r.stop) {
    case 'resolved':
      return `narrowed to ${rate(r.capacity)} met and ${rate(r.breakingPoint)} broken, within the ${Math.round(r.resolution * 100)}% resolution`
    case 'reached-to':
      return `every rate up to to = ${rate(r.to)} met the SLA: the capacity is at least that`
    case 'broke-at-from':
      return `even from = ${rate(r.from)} broke the SLA: the capacity is below it`
    case 'generator-saturated':
      return `perfgate could not push further than ${rate(r.generatorLimitAt)}: the generator, not the service, was the limit there, so ${r.breakingPoint === undefined ? 'this is no breaking point' : `the search could not narrow the bracket below the breaking point ${rate(r.breakingPoint)}`}`
    case 'undecided':
      return `${undecidedText(r)} stayed undecided after a longer repeat (the judge could not tell which side of the SLA ${r.undecided?.length === 1 ? 'it is' : 'they are'} on), between ${r.capacity === undefined ? 'no rate' : rate(r.capacity)} met and ${r.breakingPoint === undefined ? 'no rate' : rate(r.breakingPoint)} broken`
    case 'budget':
      return 'the probes or the time allowed ran out before the resolution was reached'
  }
}

/** '220 req/s', '220 – 230 req/s (3 rates)'. */
function undecidedText(r: CapacityResult): string {
  const rates = r.undecided ?? []
  if (rates.length <= 1) return formatValue(rates[0] ?? Number.NaN, 'req/s')
  return `${formatNumber(rates[0]!)} – ${formatValue(rates.at(-1)!, 'req/s')} (${rates.length} rates)`
}

/**
 * Judges a capacity result against a floor (req/s). Pure. Pass when a rate at or above the floor
 * met the SLA with confidence; fail when a rate at or below it clearly broke it; otherwise
 * inconclusive: within the search's resolution (`within-noise`, which does not fail a test), the
 * generator was the limit (`generator-saturated`), or the search never reached the floor (`no-data`).
 *
 * @example
 * judgeCapacity(await findCapacity(url, { sla: 'p95<200ms', from: 50, to: 2000 }), 800).status // 'pass'
 */
export function judgeCapacity(r: CapacityResult, floor: number): Verdict {
  const measured = r.capacity ?? 0
  const breaking = r.breakingPoint
  const base = {
    metric: 'capacity',
    threshold: { stat: 'rps', min: floor } as Threshold,
    bound: 'at-least' as const,
    measured,
    limit: floor,
    unit: 'req/s' as const,
    margin: (measured - floor) / floor,
    samples: r.probes.length,
    // The true capacity lies between the highest met rate and the lowest broken one.
    ...(breaking === undefined ? {} : { confidence: { level: 0.95, low: measured, high: breaking } }),
  }
  const found = `capacity ${r.capacity === undefined ? 'not shown at any rate' : formatValue(measured, 'req/s')}`
  if (r.capacity !== undefined && r.capacity >= floor) {
    return { ...base, status: 'pass', summary: `${found} >= ${formatValue(floor, 'req/s')}`, ...(base.margin < MARGINAL_MARGIN ? { marginal: true as const } : {}) }
  }
  if (breaking !== undefined && breaking <= floor) {
    const why = r.cause ? `: ${describeCause(r.cause)}` : ''
    return { ...base, status: 'fail', summary: `${found} < ${formatValue(floor, 'req/s')}; ${formatValue(breaking, 'req/s')} broke the SLA${why}`, hint: failHint(r) }
  }
  if (r.stop === 'generator-saturated') {
    return {
      ...base,
      status: 'inconclusive',
      reason: 'generator-saturated',
      summary: `${found}; ${describeStop(r)}, below the floor ${formatValue(floor, 'req/s')}`,
      hint: 'give the generator more room: workers: 2, run the service in another process, or generate the load from more machines (perfgate shards)',
    }
  }
  // Past the highest met rate the search tried up to the breaking point, or (undecided all the way) to `to`.
  const upper = breaking ?? (r.undecided?.length ? r.to : undefined)
  if (r.capacity !== undefined && upper !== undefined && floor < upper) {
    const upperText = upper === breaking ? `${formatValue(upper, 'req/s')} (broken)` : `${formatValue(upper, 'req/s')} (to)`
    const undecided = r.undecided?.length ? `, where ${undecidedText(r)} stayed undecided` : ''
    return {
      ...base,
      status: 'inconclusive',
      reason: 'within-noise',
      summary: `the floor ${formatValue(floor, 'req/s')} lies between ${formatValue(measured, 'req/s')} (met) and ${upperText}${undecided}: the search cannot tell which side it is on`,
      hint: r.undecided?.length ? 'a longer step, or a quieter machine: the judge found those probes too noisy or too short to decide' : `search again with from: ${floor} and a finer resolution, or a longer step, to decide the floor itself`,
    }
  }
  return {
    ...base,
    status: 'inconclusive',
    reason: 'no-data',
    summary: `${found}; the search never judged the floor ${formatValue(floor, 'req/s')}: ${describeStop(r)}`,
    hint: r.stop === 'reached-to' ? `raise to above ${floor}`
      : r.capacity === undefined && floor < r.from ? `lower from below ${floor}`
      : r.undecided?.length ? 'a longer step, or a quieter machine: the judge found the probes above the capacity too noisy or too short to decide'
      : 'raise maxProbes or maxDuration, or narrow from and to around the floor',
  }
}

function failHint(r: CapacityResult): string {
  if (r.cause?.kind === 'errors') return 'look at the broken probe\'s errorsByKind: connection errors point at the server or its pool, 5xx at the service'
  return 'profile the service at the breaking rate: compare with its serviceTime to tell queueing from work, and look for the resource that runs out (CPU, pool, lock)'
}

/** 'p95 <= 50 ms', 'errorRate <= 1.00%', 'rps >= 100 req/s'. */
export function describeThreshold(t: Threshold): string {
  switch (t.stat) {
    case 'rps':
      return `rps >= ${formatValue(t.min, 'req/s')}`
    case 'errorRate':
      return `errorRate <= ${formatValue(t.max, 'ratio')}`
    case 'successRate':
      return `successRate >= ${formatValue(t.min, 'ratio')}`
    default:
      return `${metricName(t)} <= ${formatValue(t.limitMs, 'ms')}`
  }
}

/**
 * The search in one paragraph: the capacity and the SLA it met, the breaking point and why, why
 * the search stopped, and what the number is (this service, this machine, this generator).
 */
export function describeCapacity(r: Omit<CapacityResult, 'summary'>): string {
  const sla = r.thresholds.map(describeThreshold).join(', ')
  const found = r.capacity === undefined ? `no rate from ${formatValue(r.from, 'req/s')} met ${sla} with 95% confidence` : `capacity ${formatValue(r.capacity, 'req/s')}: the highest rate that met ${sla} with 95% confidence`
  const broke = r.breakingPoint === undefined ? '' : `; broke at ${formatValue(r.breakingPoint, 'req/s')}${r.cause ? `: ${describeCause(r.cause)}` : ''}`
  const seconds = Math.round(r.elapsedMs / 1000)
  return `${found}${broke}. Stopped: ${describeStop(r as CapacityResult)} (${r.probes.length} probe${r.probes.length === 1 ? '' : 's'} in ${seconds} s). It is the capacity of ${r.source} on this machine with this generator, not of the service anywhere else.`
}
