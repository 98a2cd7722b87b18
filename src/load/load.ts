import { invalidOption, PerfgateError } from '../errors/index.ts'
import { measurementOf, shardNotes, type Measurement, type MeasurementData } from '../measure/index.ts'
import { liveListeners } from './observe/live.ts'
import { progressListener } from './observe/progress.ts'
import type { LoadOptions } from './options/loadOptions.ts'
import { planOf, type RunPlan } from './options/runPlan.ts'
import { assertCopyable, runInWorkers } from './run/runInWorkers.ts'
import { RunInterrupt } from './run/runInterrupt.ts'
import { runThread } from './run/runThread.ts'
import type { LoadTarget } from './target/loadTarget.ts'
import { sourceOf } from './target/requestSource.ts'

/**
 * Drives load at `target` and measures it: HTTP, or a function workload `{ run }` called once per
 * iteration (a query, a cache, a queue). HTTP (plain `http:` over prebuilt HTTP/1.1 on `node:net`, anything else over undici). The model follows from the options:
 * `connections` (closed), `rate` (open, coordinated omission corrected) or `stages` (ramps). Options
 * and the target host are checked before any request is sent; every run is bounded in time and count,
 * and stops (closing all sockets) on `signal` or Ctrl-C.
 *
 * @example
 * const closed = await load('http://127.0.0.1:3000/tasks/42', { connections: 50, duration: '10s' })
 * const open = await load('http://127.0.0.1:3000/tasks/42', { rate: 1000, duration: '30s' })
 * await expect(open).toMeetSLA({ p95: 500, p99: 1000, rps: 1000, errorRate: 0.01 })
 * const queries = await load({ run: ({ signal }) => pool.query('SELECT 1') }, { rate: 200, duration: '10s' })
 */
export async function load(target: LoadTarget, options: LoadOptions): Promise<Measurement> {
  const plan = planOf(options)
  const settings = { baseUrl: options.baseUrl, allowHosts: options.allowHosts, expectStatus: options.expectStatus, timeoutMs: plan.timeoutMs }
  if (plan.workers > 1) assertCopyable(target, options)
  if (isFunctionTarget(target)) assertNoHttpOptions(options)
  const source = sourceOf(target, settings)
  if (options.signal?.aborted) {
    throw new PerfgateError('PERFGATE_ERR_ABORTED', 'load() was not started: the signal passed to it was already aborted. No request was sent.', { cause: options.signal.reason })
  }
  const interrupt = new RunInterrupt(options.signal)
  try {
    if (plan.workers === 1) return measurementOf(asShard(await runThread({ source, plan, signal: interrupt.signal, name: options.name, progress: progressListener() }), plan))
    const copyableSettings = { baseUrl: options.baseUrl, allowHosts: options.allowHosts, expectStatus: options.expectStatus as readonly number[] | undefined }
    return measurementOf(asShard(await runInWorkers({ target, settings: copyableSettings, plan, name: options.name }, interrupt.signal, () => liveListeners({ name: options.name })), plan))
  } finally {
    interrupt.dispose()
  }
}

/** A shard's measurement records which shard it is, and that its shape is the whole run's. */
function asShard(data: MeasurementData, plan: RunPlan): MeasurementData {
  if (!plan.shard) return data
  const { index, count } = plan.shard
  const notes = [...(data.facts.notes ?? []), ...shardNotes({ count, indexes: [index] })]
  return { ...data, shard: { index, count }, facts: { ...data.facts, ...(notes.length ? { notes } : {}) } }
}

/** A function workload, or a mix of them. */
function isFunctionTarget(target: LoadTarget): boolean {
  if (typeof target !== 'object' || target === null) return false
  if ('run' in target) return true
  return 'mix' in target && Array.isArray(target.mix) && target.mix.some((entry) => typeof entry.request === 'object' && entry.request !== null && 'run' in entry.request)
}

/** HTTP-only options mean nothing to a function workload: refuse them rather than ignore them. */
function assertNoHttpOptions(options: LoadOptions): void {
  const http = (['baseUrl', 'allowHosts', 'expectStatus'] as const).filter((key) => options[key] !== undefined)
  if (http.length) {
    throw invalidOption(`${http.join(', ')} ${http.length > 1 ? 'are' : 'is'} for HTTP targets; a function workload decides success itself: a call that throws or rejects is a failure. Remove ${http.length > 1 ? 'them' : 'it'}.`)
  }
}
