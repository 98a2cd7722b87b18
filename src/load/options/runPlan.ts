import { invalidOption } from '../../errors/index.ts'
import { thresholdsFromSla, type Sla } from '../../judge/threshold.ts'
import { toMs, type Duration } from '../../measure/index.ts'
import { DEFAULT_TIMEOUT_MS, LIMITS, START_AT_TOLERANCE_MS } from './limits.ts'
import type { DispatchMode, LoadOptions, Stage, ThinkTime } from './loadOptions.ts'
import { partOf, plannedMs, type LoadShape, type RunShare, type StagePlan, type ThinkPlan } from './loadShape.ts'

/** Everything a run needs to know, validated: the shape plus per-run settings. */
export interface RunPlan {
  shape: LoadShape
  timeoutMs: number
  workers: number
  /** Open and staged-rate models: how the generator waits for each arrival. */
  dispatch: DispatchMode
  stopWhen?: Sla | string
  /** The share of the whole `shape` this thread drives (a shard's, a worker's, or a worker's of a shard); all of it when absent. */
  share?: RunShare
  /** The shard this run is, as recorded in the Measurement (1-based). */
  shard?: { index: number; count: number }
  /** Epoch ms at which the run's clock starts: a common start for all shards. */
  startAt?: number
}

const KNOWN = new Set<string>([
  'connections', 'rate', 'stages', 'startRate', 'startConnections', 'duration', 'requests', 'think',
  'maxConnections', 'dispatch', 'timeout', 'expectStatus', 'baseUrl', 'allowHosts', 'workers', 'signal', 'stopWhen', 'name', 'shard', 'startAt',
])

/** Names people bring from k6, autocannon and wrk, and the option to use instead. */
const RENAMED: Record<string, string> = {
  vus: 'connections', shards: 'shard', startTime: 'startAt', users: 'connections', concurrency: 'connections', amount: 'requests', iterations: 'requests',
  count: 'requests', arrivalRate: 'rate', rps: 'rate', requestsPerSecond: 'rate', overallRate: 'rate', time: 'duration',
  durationMs: 'duration', thinkTime: 'think', sleep: 'think', timeoutMs: 'timeout', allowedHosts: 'allowHosts',
  threads: 'workers', maxVUs: 'maxConnections', preAllocatedVUs: 'maxConnections', startVUs: 'startConnections',
  url: 'the target (first argument)', headers: 'a request spec as the target: { url, headers }',
  method: 'a request spec as the target: { url, method }', body: 'a request spec as the target: { url, body }',
}

/** Validates user options into a {@link RunPlan}; throws `PERFGATE_ERR_INVALID_OPTION` before any load starts. */
export function planOf(options: LoadOptions): RunPlan {
  if (typeof options !== 'object' || options === null) {
    throw invalidOption(`load() options must be an object such as { connections: 50, duration: '10s' }; got ${String(options)}.`)
  }
  for (const key of Object.keys(options)) {
    if (KNOWN.has(key)) continue
    const instead = RENAMED[key]
    throw invalidOption(
      instead
        ? `load() option '${key}' is not a perfgate option; use ${instead.includes(' ') ? instead : `'${instead}'`} instead.`
        : `load() has no option '${key}'. Known options: ${[...KNOWN].join(', ')}.`,
    )
  }
  const o = options as LoadOptions & Record<string, unknown>
  const given = (['connections', 'rate', 'stages'] as const).filter((k) => o[k] !== undefined)
  if (given.length === 0) {
    throw invalidOption(`load() needs a load model: { connections, duration } (closed), { rate, duration } (open) or { stages } (staged). Example: load(url, { connections: 10, duration: '10s' }).`)
  }
  if (given.includes('rate') && given.includes('connections')) {
    throw invalidOption(`load() got both rate and connections. 'connections' is the closed model's concurrency; for the open model give 'rate' and cap requests in flight with 'maxConnections'.`)
  }
  if (given.includes('stages') && given.length > 1) {
    throw invalidOption(`load() got stages together with ${given.filter((g) => g !== 'stages').join(' and ')}; put the rate or connections inside each stage: { stages: [{ duration: '30s', rate: 100 }] }.`)
  }
  const shape = given[0] === 'stages' ? stagedShape(o) : given[0] === 'rate' ? openShape(o) : closedShape(o)
  const planned = plannedMs(shape)
  if (planned !== undefined && planned > LIMITS.maxDurationMs) {
    throw invalidOption(`load() would run ${planned} ms, over the ${LIMITS.maxDurationMs} ms (8 h) hard cap. Shorten the duration or split the run.`)
  }
  const timeoutMs = o.timeout === undefined ? DEFAULT_TIMEOUT_MS : toMs(o.timeout, 'timeout')
  if (timeoutMs <= 0 || timeoutMs > LIMITS.maxTimeoutMs) {
    throw invalidOption(`timeout must be more than 0 and at most ${LIMITS.maxTimeoutMs} ms; got ${timeoutMs}. Use e.g. '2s'.`)
  }
  const workers = o.workers === undefined ? 1 : wholeNumber(o.workers, 'workers', 1, LIMITS.maxWorkers)
  const smallest = shape.kind === 'closed' ? shape.connections : undefined
  if (smallest !== undefined && smallest < workers) {
    throw invalidOption(`workers (${workers}) exceeds connections (${smallest}); each worker needs at least one connection. Lower workers.`)
  }
  validateOthers(o)
  if (o.stopWhen !== undefined && workers > 1) {
    throw invalidOption(`stopWhen needs workers: 1; with ${workers} workers each thread would judge only its share of each second. Drop workers or stopWhen.`)
  }
  const plan: RunPlan = { shape, timeoutMs, workers, dispatch: dispatchOf(o) }
  if (o.stopWhen !== undefined) plan.stopWhen = typeof o.stopWhen === 'string' ? o.stopWhen : { ...o.stopWhen }
  if (o.shard !== undefined) {
    const shard = parseShard(o.shard)
    const share = { index: shard.index - 1, count: shard.count }
    assertShareable(shape, share, workers)
    Object.assign(plan, { shard, share })
  }
  if (o.startAt !== undefined) plan.startAt = startAtOf(o.startAt)
  return plan
}

/**
 * Reads a shard as `'3/8'` or `{ index: 3, count: 8 }` (1-based): shard 3 of 8.
 *
 * @example
 * parseShard('3/8') // { index: 3, count: 8 }
 */
export function parseShard(shard: unknown): { index: number; count: number } {
  const bad = (why: string): never => {
    throw invalidOption(`shard ${JSON.stringify(shard) ?? String(shard)} ${why}. Give it as 'i/n' with 1 <= i <= n, e.g. '3/8' (shard 3 of 8), or { index: 3, count: 8 }.`)
  }
  let index: unknown
  let count: unknown
  if (typeof shard === 'string') {
    const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(shard)
    if (!match) bad('is not of the form i/n')
    index = Number(match![1])
    count = Number(match![2])
  } else if (typeof shard === 'object' && shard !== null) {
    ;({ index, count } = shard as Record<string, unknown>)
  } else {
    bad('is neither a string nor an object')
  }
  if (!Number.isSafeInteger(count) || (count as number) < 1) bad('needs a whole count of at least 1')
  if ((count as number) > LIMITS.maxShards) bad(`splits the run over more than ${LIMITS.maxShards} shards`)
  if (!Number.isSafeInteger(index) || (index as number) < 1 || (index as number) > (count as number)) bad(`needs an index from 1 to ${String(count)} (shards count from 1)`)
  return { index: index as number, count: count as number }
}

/** Every thread of every shard of a closed run needs a connection (and a request) of its own. */
function assertShareable(shape: LoadShape, share: RunShare, workers: number): void {
  const threads = share.count * workers
  const needs = (n: number, name: string): void => {
    if (partOf(n, { index: threads - 1, count: threads }) < 1) {
      throw invalidOption(`${name} (${n}) is less than shards × workers (${share.count} × ${workers}); each shard's threads need at least one. Raise ${name} or use fewer shards.`)
    }
  }
  if (shape.kind === 'closed') {
    needs(shape.connections, 'connections')
    if (shape.requests !== undefined) needs(shape.requests, 'requests')
  }
}

function startAtOf(value: unknown): number {
  const ms = value instanceof Date ? value.getTime() : value
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0) {
    throw invalidOption(`startAt must be epoch ms or a Date, e.g. Date.now() + 30_000; got ${value instanceof Date ? 'an invalid Date' : String(value)}.`)
  }
  const ahead = ms - Date.now()
  if (ahead < -START_AT_TOLERANCE_MS) {
    throw invalidOption(`startAt ${new Date(ms).toISOString()} is ${Math.round(-ahead)} ms in the past (more than the ${START_AT_TOLERANCE_MS} ms allowed); the shards would not start together. Pick a start time far enough ahead for every shard to be ready.`)
  }
  if (ahead > LIMITS.maxStartWaitMs) {
    throw invalidOption(`startAt ${new Date(ms).toISOString()} is ${Math.round(ahead / 1000)} s away, over the ${LIMITS.maxStartWaitMs / 1000} s a run waits. Pick a nearer start time.`)
  }
  return ms
}

function closedShape(o: LoadOptions): LoadShape {
  const connections = wholeNumber(o.connections, 'connections', 1, LIMITS.maxConnections)
  rejectFor('closed', o, ['maxConnections', 'dispatch', 'startRate', 'startConnections'])
  if (o.duration === undefined && o.requests === undefined) {
    throw invalidOption(`The closed model needs duration or requests (or both: whichever comes first). Example: { connections: ${connections}, duration: '10s' }.`)
  }
  const shape: LoadShape = { kind: 'closed', connections }
  if (o.duration !== undefined) shape.durationMs = positiveMs(o.duration, 'duration')
  if (o.requests !== undefined) shape.requests = wholeNumber(o.requests, 'requests', 1, LIMITS.maxRequests)
  if (o.think !== undefined) shape.think = thinkOf(o.think)
  return shape
}

function openShape(o: LoadOptions): LoadShape {
  const rate = positiveNumber(o.rate, 'rate', LIMITS.maxRate)
  if (o.requests !== undefined) {
    throw invalidOption(`The open model makes rate × duration requests; drop 'requests', or use { connections, requests } for a closed run of a fixed count.`)
  }
  if (o.think !== undefined) throw invalidOption(`'think' applies to virtual users of the closed model; the open model sends at 'rate' regardless of responses. Drop 'think' or use connections.`)
  rejectFor('open', o, ['startRate', 'startConnections'])
  if (o.duration === undefined) throw invalidOption(`The open model needs a duration. Example: { rate: ${rate}, duration: '30s' }.`)
  const durationMs = positiveMs(o.duration, 'duration')
  if ((rate * durationMs) / 1000 > LIMITS.maxRequests) {
    throw invalidOption(`rate × duration is ${Math.round((rate * durationMs) / 1000)} requests, over the ${LIMITS.maxRequests} hard cap. Lower the rate or the duration.`)
  }
  return { kind: 'open', rate, durationMs, maxConnections: maxConnectionsOf(o) }
}

function stagedShape(o: LoadOptions): LoadShape {
  if (!Array.isArray(o.stages) || o.stages.length === 0) {
    throw invalidOption(`stages must be a non-empty array such as [{ duration: '30s', rate: 100 }, { duration: '1m', rate: 500 }].`)
  }
  if (o.duration !== undefined) throw invalidOption(`With stages the run lasts the sum of the stage durations; drop 'duration'.`)
  if (o.requests !== undefined) throw invalidOption(`'requests' does not apply to stages; drop it or use { connections, requests }.`)
  const stages = o.stages as readonly Stage[]
  const unit = stages.every((s) => 'rate' in s && s.rate !== undefined) ? 'rate' : stages.every((s) => 'connections' in s && s.connections !== undefined) ? 'connections' : undefined
  if (!unit) {
    throw invalidOption(`Every stage needs either rate (open) or connections (closed), the same in all stages; got ${JSON.stringify(stages)}. Split mixed ramps into two load() runs.`)
  }
  const plans: StagePlan[] = stages.map((stage, i) => {
    const durationMs = toMs(stage.duration, `stages[${i}].duration`)
    const target = unit === 'rate'
      ? nonNegative((stage as { rate: number }).rate, `stages[${i}].rate`, LIMITS.maxRate)
      : wholeNumber((stage as { connections: number }).connections, `stages[${i}].connections`, 0, LIMITS.maxConnections)
    return { durationMs, target }
  })
  if (plans.reduce((a, s) => a + s.durationMs, 0) <= 0) throw invalidOption(`The stages add up to 0 ms; give at least one stage a duration such as '30s'.`)
  if (unit === 'rate') {
    if (o.think !== undefined) throw invalidOption(`'think' applies to connection stages (virtual users); rate stages send regardless of responses. Drop 'think'.`)
    rejectFor('rate stages', o, ['startConnections'])
    const start = o.startRate === undefined ? 0 : nonNegative(o.startRate, 'startRate', LIMITS.maxRate)
    // Each stage ramps linearly from the previous rate to its target: the mean rate times its duration.
    const requests = plans.reduce((sum, s, i) => sum + (((i === 0 ? start : plans[i - 1]!.target) + s.target) / 2) * (s.durationMs / 1000), 0)
    if (requests > LIMITS.maxRequests) {
      throw invalidOption(`The rate stages make ${Math.round(requests)} requests, over the ${LIMITS.maxRequests} hard cap. Lower the rates or the durations.`)
    }
    return { kind: 'stages', unit, start, stages: plans, maxConnections: maxConnectionsOf(o) }
  }
  rejectFor('connection stages', o, ['maxConnections', 'dispatch', 'startRate'])
  const start = o.startConnections === undefined ? 0 : wholeNumber(o.startConnections, 'startConnections', 0, LIMITS.maxConnections)
  if (Math.max(start, ...plans.map((s) => s.target)) === 0) throw invalidOption(`Every stage has 0 connections; give at least one stage connections > 0.`)
  return { kind: 'stages', unit, start, stages: plans, ...(o.think === undefined ? {} : { think: thinkOf(o.think) }) }
}

function validateOthers(o: LoadOptions): void {
  if (o.expectStatus !== undefined && typeof o.expectStatus !== 'function') {
    if (!Array.isArray(o.expectStatus) || !o.expectStatus.every((s) => Number.isInteger(s) && s >= 100 && s <= 599)) {
      throw invalidOption(`expectStatus must be a list of HTTP statuses such as [200, 201, 409] or a function (status) => boolean; got ${JSON.stringify(o.expectStatus)}.`)
    }
  }
  if (o.allowHosts !== undefined && (!Array.isArray(o.allowHosts) || !o.allowHosts.every((h) => typeof h === 'string' && h.length > 0))) {
    throw invalidOption(`allowHosts must be a list of host names such as ['api.staging.internal'].`)
  }
  if (o.signal !== undefined && !(o.signal instanceof AbortSignal)) throw invalidOption(`signal must be an AbortSignal, e.g. AbortSignal.timeout(60_000).`)
  // The SLA toMeetSLA takes, validated by the same parser the run's StopWatcher uses.
  if (o.stopWhen !== undefined) thresholdsFromSla(o.stopWhen, 'stopWhen')
}

function dispatchOf(o: LoadOptions): DispatchMode {
  if (o.dispatch === undefined) return 'precise'
  if (o.dispatch === 'precise' || o.dispatch === 'timer') return o.dispatch
  throw invalidOption(`dispatch must be 'precise' (the default: requests leave within tens of µs of their schedule) or 'timer' (0–1 ms late, no CPU while waiting); got ${JSON.stringify(o.dispatch)}.`)
}

function maxConnectionsOf(o: LoadOptions): number {
  return o.maxConnections === undefined ? 1000 : wholeNumber(o.maxConnections, 'maxConnections', 1, LIMITS.maxConnections)
}

function rejectFor(model: string, o: LoadOptions, keys: ReadonlyArray<keyof LoadOptions>): void {
  for (const key of keys) {
    if (o[key] !== undefined) throw invalidOption(`'${key}' does not apply to the ${model} model; drop it.`)
  }
}

function thinkOf(think: ThinkTime): ThinkPlan {
  if (typeof think === 'object' && think !== null) {
    const minMs = toMs(think.min, 'think.min')
    const maxMs = toMs(think.max, 'think.max')
    if (maxMs < minMs) throw invalidOption(`think.max (${maxMs} ms) is below think.min (${minMs} ms); swap them.`)
    return { minMs, maxMs }
  }
  const ms = toMs(think, 'think')
  return { minMs: ms, maxMs: ms }
}

function positiveMs(duration: Duration, name: string): number {
  const ms = toMs(duration, name)
  if (ms <= 0) throw invalidOption(`${name} must be more than 0; got ${ms} ms. Use e.g. '10s'.`)
  return ms
}

function wholeNumber(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw invalidOption(`${name} must be a whole number of at least ${min}; got ${String(value)}.`)
  }
  if (value > max) throw invalidOption(`${name} ${value} is over the hard cap of ${max}; lower it.`)
  return value
}

function positiveNumber(value: unknown, name: string, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw invalidOption(`${name} must be a number above 0; got ${String(value)}.`)
  }
  if (value > max) throw invalidOption(`${name} ${value} is over the hard cap of ${max}; lower it.`)
  return value
}

function nonNegative(value: unknown, name: string, max: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw invalidOption(`${name} must be a number of at least 0; got ${String(value)}.`)
  }
  if (value > max) throw invalidOption(`${name} ${value} is over the hard cap of ${max}; lower it.`)
  return value
}
