import { PerfgateError } from '../errors/index.ts'
import { latencyOf, type Latency } from './latency.ts'
import { LatencyRecorder, type LatencyData } from './latencyData.ts'
import { metricNames, type MetricsData } from './metrics.ts'

/** Throughput and outcomes for one second of a run; `t` counts seconds from `startedAt`. */
export interface TimelinePoint {
  t: number
  count: number
  errors: number
  latencySumMs: number
  latencyMaxMs: number
  /**
   * This second's successes as a coarse log histogram: sorted `[bin, count]` pairs, bin
   * `ceil(16 · log2(ms))` (a 1/16 octave, 4.4% wide; bin {@link ZERO_BIN} holds ~0 ms). What the
   * judge reads to tell how far each second strayed from the whole run (overdispersion) and to
   * judge windowed SLAs. Absent in measurements saved before perfgate recorded it.
   */
  bins?: Array<[number, number]>
  /**
   * This second's p50, p95 and p99 latency (ms, within 2%), as recorded by load(); absent on data
   * from elsewhere and on merged runs (percentiles of parts do not add up).
   */
  p50Ms?: number
  p95Ms?: number
  p99Ms?: number
}

/** The bin of latencies at or below 0.001 ms. */
export const ZERO_BIN = -160

/** The load shape that produced a measurement, as plain data (see `src/load`). */
export interface ShapeSummary {
  kind: string
  [key: string]: unknown
}

/**
 * A stretch of the run (at least a second) without a single answer, starting with a request that
 * failed to connect: the server was down or restarting. Times are ms from the run's start.
 */
export interface Outage {
  /** When the first connection error of the stretch happened. */
  startMs: number
  /** When the stretch ended: the first answer after it, or the last error when the run ended still down. */
  endMs: number
  /** Requests that failed during the stretch (refused or reset connections, mostly). */
  errors: number
  /** Time to recover, from the first connection error to the first answer; absent when the server never came back. */
  recoveryMs?: number
}

/** Facts about how a measurement was taken, which the judge and the reporters read. */
export interface RunFacts {
  /**
   * `corrected`: latency runs from each request's scheduled start (open model).
   * `uncorrected`: latency runs from the actual send, so stalls hide behind waiting clients (closed model).
   * `not-applicable`: in-process timing or samples collected elsewhere.
   */
  coordinatedOmission: 'corrected' | 'uncorrected' | 'not-applicable'
  /** Set when the generator itself was the bottleneck; the judge then answers inconclusive. */
  saturation: { saturated: boolean; reasons: string[] }
  shape?: ShapeSummary
  /** Requests the generator could not start at their scheduled time (open model). */
  lateStarts?: number
  /** Requests scheduled but never started before the run's time bound. */
  dropped?: number
  /** The target, with credentials removed. */
  target?: string
  workers?: number
  /** Outages during the run (load only), in order. */
  outages?: Outage[]
  /** Which infrastructure provider served the run (url, container, embedded). */
  provider?: string
  notes?: string[]
  /**
   * How noisy the run was, from its per-second windows (runs with a timeline and at least 3 busy seconds):
   * `overdispersion` is φ, the variance of each second's count of samples above the run's p95 over
   * what independent samples give (1 = as binomial; the judge widens percentile intervals by √φ);
   * `stallSeconds` lists the seconds (from the start) that strayed beyond any binomial chance: far
   * more slow samples than the run's share, or almost no answers.
   */
  noise?: RunNoise
}

/** See {@link RunFacts.noise}. */
export interface RunNoise {
  overdispersion: number
  stallSeconds: number[]
}

/** One shard of a run split `count` ways: `index` is 1-based (shard 3/8 is `{ index: 3, count: 8 }`). */
export interface ShardRef {
  index: number
  count: number
}

/** The shards a merged measurement holds, out of the `count` the run was split into. */
export interface ShardSet {
  count: number
  indexes: number[]
}

/** A measurement as plain, serializable data: what is saved, merged, diffed and sent between threads. */
export interface MeasurementData {
  version: 1
  source: 'bench' | 'load' | 'samples' | 'merged'
  name?: string
  /** Latencies of successful requests or calls, in ms. */
  latency: LatencyData
  /**
   * Open model only: latency from the actual send (service time), next to the corrected one. The send
   * is when the request went to the network, so a request that opened a connection counts its connect
   * (the server's accept). Latency is then the wait for a busy connection, plus dispatchLag, plus this.
   */
  serviceTime?: LatencyData
  /**
   * Open model only: the generator's own lateness, in ms after each scheduled start, of every request
   * that found a connection free (or opened one). Time spent waiting for a busy connection is not in
   * it: that is the server's, and stays in `latency`. One sample per such request, failed ones too.
   */
  dispatchLag?: LatencyData
  /**
   * Where each latency sample starts: `intended-start` (the scheduled start, open model: corrected for
   * coordinated omission), `send` (the actual send; k6's http_req_duration, the closed model) or
   * `first-byte` (time to first byte). Absent on measurements saved before perfgate recorded it.
   */
  latencyFrom?: 'intended-start' | 'send' | 'first-byte'
  /**
   * Which shard of a run split over machines or processes this is (1-based: `{ index: 3, count: 8 }`
   * is shard 3/8), as `load({ shard })` and `perfgate load --shard` record it.
   */
  shard?: ShardRef
  /** A merge of shards: which shards of how many it holds (sorted, a duplicate listed twice). */
  shards?: ShardSet
  /** Successful requests or calls. */
  count: number
  /** Failed ones; every request made is in exactly one of `count` and `errors`. */
  errors: number
  errorsByKind: Record<string, number>
  /** Measured time in ms: the denominator of `rps`. */
  durationMs: number
  /** Epoch ms at which measuring began. */
  startedAt: number
  timeline: TimelinePoint[]
  facts: RunFacts
  /** One sub-measurement per tag of a weighted scenario mix. */
  byTag?: Record<string, MeasurementData>
  /** Custom metrics the workload recorded (`metrics.trend`, `metrics.rate`, `metrics.count`); absent when none. */
  metrics?: MetricsData
}

/** A measurement with its statistics; `toJSON()` gives back the plain data. */
export interface Measurement extends Readonly<Omit<MeasurementData, 'latency' | 'serviceTime' | 'dispatchLag' | 'byTag'>> {
  readonly latency: Latency
  readonly serviceTime: Latency | undefined
  /** Open model: how late the generator itself sent each request it had a free connection for (see {@link MeasurementData.dispatchLag}). */
  readonly dispatchLag: Latency | undefined
  readonly byTag: Readonly<Record<string, Measurement>>
  /** errors / (count + errors); 0 when nothing ran. */
  readonly errorRate: number
  /** Successful requests per second of measured time. */
  readonly rps: number
  /** Total requests made: count + errors. */
  readonly total: number
  /**
   * The custom trend `name` (durations in ms from `metrics.trend(name, ms)`) as a Measurement of
   * its own, so every latency matcher judges it: `count` is its samples, and the run's facts
   * (saturation included) carry over.
   *
   * @example
   * await expect(m.trend('emr_sync')).toMeetP95(2000)
   */
  trend(name: string): Measurement
  /**
   * The custom rate `name` (observations from `metrics.rate(name, ok)`) as a Measurement: `count`
   * is the true observations, `errors` the false ones (kind `false`), so `toHaveRateAtLeast` judges
   * the true fraction.
   *
   * @example
   * await expect(m.rate('cache_hit')).toHaveRateAtLeast(0.8)
   */
  rate(name: string): Measurement
  /** The total of the custom counter `name` (from `metrics.count(name, n)`). */
  counter(name: string): number
  /** Set on a `byTag` entry: the tag it measures (an endpoint of a scenario mix), which reporters name. */
  readonly tag?: string
  toJSON(): MeasurementData
}

const BRAND = Symbol.for('perfgate.measurement')

export function measurementOf(data: MeasurementData, tag?: string): Measurement {
  let latency: Latency | undefined
  let serviceTime: Latency | undefined
  let dispatchLag: Latency | undefined
  let byTag: Record<string, Measurement> | undefined
  const total = data.count + data.errors
  const measurement = {
    ...data,
    get latency() { return (latency ??= latencyOf(data.latency)) },
    get serviceTime() { return data.serviceTime && (serviceTime ??= latencyOf(data.serviceTime)) },
    get dispatchLag() { return data.dispatchLag && (dispatchLag ??= latencyOf(data.dispatchLag)) },
    get byTag() {
      return (byTag ??= Object.fromEntries(Object.entries(data.byTag ?? {}).map(([tag, sub]) => [tag, measurementOf(sub, tag)])))
    },
    errorRate: total === 0 ? 0 : data.errors / total,
    rps: data.durationMs > 0 ? data.count / (data.durationMs / 1000) : 0,
    total,
    trend: (name: string) => measurementOf(trendData(data, name), tag),
    rate: (name: string) => measurementOf(rateData(data, name), tag),
    counter: (name: string) => {
      const n = data.metrics?.counters?.[name]
      if (n === undefined) throw unknownMetric('counter', name, data.metrics?.counters)
      return n
    },
    ...(tag === undefined ? {} : { tag }),
    toJSON: () => data,
    [BRAND]: true,
  }
  return measurement
}

export function isMeasurement(value: unknown): value is Measurement {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true
}

/** A trend as a measurement of its own: its samples, the run's time and facts, no errors. */
function trendData(data: MeasurementData, name: string): MeasurementData {
  const latency = data.metrics?.trends?.[name]
  if (latency === undefined) throw unknownMetric('trend', name, data.metrics?.trends)
  return {
    ...viewBase(data, name),
    latency,
    count: latency.kind === 'exact' ? latency.samplesMs.length : latency.count,
    errors: 0,
    errorsByKind: {},
  }
}

/** A rate as a measurement: true observations are successes, false ones errors of kind `false`. */
function rateData(data: MeasurementData, name: string): MeasurementData {
  const rate = data.metrics?.rates?.[name]
  if (rate === undefined) throw unknownMetric('rate', name, data.metrics?.rates)
  const falses = rate.total - rate.trues
  return { ...viewBase(data, name), latency: new LatencyRecorder().toData(), count: rate.trues, errors: falses, errorsByKind: falses ? { false: falses } : {} }
}

function viewBase(data: MeasurementData, name: string): Omit<MeasurementData, 'latency' | 'count' | 'errors' | 'errorsByKind'> {
  return {
    version: 1,
    source: data.source,
    name: data.name === undefined ? name : `${data.name} › ${name}`,
    durationMs: data.durationMs,
    startedAt: data.startedAt,
    timeline: [],
    // The workload timed these itself: the run's coordinated-omission correction does not reach them.
    facts: { ...data.facts, coordinatedOmission: 'not-applicable' },
  }
}

function unknownMetric(kind: 'trend' | 'rate' | 'counter', name: string, recorded: Record<string, unknown> | undefined): PerfgateError {
  const call = kind === 'counter' ? 'count' : kind
  return new PerfgateError(
    'PERFGATE_ERR_INVALID_INPUT',
    `This measurement has no ${kind} named '${String(name)}'; its ${kind}s: ${metricNames(recorded)}. Record it in the workload with metrics.${call}('${String(name)}', …), or check the name.`,
  )
}
