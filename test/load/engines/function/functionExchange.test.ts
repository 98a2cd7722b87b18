import { monitorEventLoopDelay } from 'node:perf_hooks'
import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { isPerfgateError } from '../../../../src/errors/index.ts'
import { judge } from '../../../../src/judge/index.ts'
import { load } from '../../../../src/load/index.ts'
import type { WorkloadContext } from '../../../../src/load/index.ts'

/**
 * Self-validation of the function engine: a function with a known delay distribution, one that
 * stalls, one that fails on every 10th call. Latency bounds add the worst moment this thread's event
 * loop was held up during the run (measured), so they stay strict on a quiet machine and true on a busy one.
 */
async function withLoopDelay<T>(work: () => Promise<T>): Promise<{ result: T; interferenceMs: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 })
  histogram.enable()
  try {
    const result = await work()
    return { result, interferenceMs: histogram.max / 1e6 }
  } finally {
    histogram.disable()
  }
}

async function rejectionOf(run: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await run
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected the run to be rejected')
}

// 9 calls in 10 take 10 ms, every 10th takes 50 ms: p50 is 10 ms and p95 is 50 ms.
const FAST_MS = 10
const SLOW_MS = 50
const knownDelays = async ({ iteration }: WorkloadContext): Promise<void> => {
  await sleep(iteration % 10 === 0 ? SLOW_MS : FAST_MS)
}
// Timers fire late by a millisecond or so, and the machine is shared: the slack over the true delay.
const SLACK_MS = 8
// Node's timers may also fire up to 1 ms early.
const EARLY_MS = 1

describe('function workloads: a known delay distribution', () => {
  it('is measured within tolerance in the closed model', async () => {
    const { result: m, interferenceMs } = await withLoopDelay(() => load({ run: knownDelays }, { connections: 4, requests: 400 }))
    expect(m.total).toBe(400)
    expect(m.errors).toBe(0)
    expect(m.facts.coordinatedOmission).toBe('uncorrected')
    expect(m.latency.p50).toBeGreaterThanOrEqual(FAST_MS - EARLY_MS)
    expect(m.latency.p50).toBeLessThan(FAST_MS + SLACK_MS + interferenceMs)
    expect(m.latency.p95).toBeGreaterThanOrEqual(SLOW_MS - EARLY_MS)
    expect(m.latency.p95).toBeLessThan(SLOW_MS + SLACK_MS + interferenceMs)
    // Exactly the 40 slow calls are the slow ones.
    expect(m.latency.valueAtRank(360)).toBeLessThan(FAST_MS + SLACK_MS + interferenceMs)
    expect(m.latency.valueAtRank(361)).toBeGreaterThanOrEqual(SLOW_MS - EARLY_MS)
  })

  it('is measured within tolerance in the open model, from each scheduled start', async () => {
    const { result: m, interferenceMs } = await withLoopDelay(() => load({ run: knownDelays }, { rate: 200, duration: '2s' }))
    expect(m.total).toBe(400)
    expect(m.rps).toBe(200)
    expect(m.facts.coordinatedOmission).toBe('corrected')
    expect(m.facts.dropped).toBe(0)
    expect(m.latency.p50).toBeGreaterThanOrEqual(FAST_MS - EARLY_MS)
    expect(m.latency.p50).toBeLessThan(FAST_MS + SLACK_MS + interferenceMs)
    expect(m.latency.p95).toBeGreaterThanOrEqual(SLOW_MS - EARLY_MS)
    expect(m.latency.p95).toBeLessThan(SLOW_MS + SLACK_MS + interferenceMs)
    expect(m.serviceTime!.count).toBe(400)
    expect(m.serviceTime!.p50).toBeLessThanOrEqual(m.latency.p50)
  })

  it('runs under staged models too', async () => {
    const rate = await load({ run: knownDelays }, { stages: [{ duration: '500ms', rate: 100 }, { duration: '500ms', rate: 100 }] })
    expect(rate.total).toBe(75) // 25 while ramping from 0, 50 while holding
    expect(rate.facts.shape?.kind).toBe('stages')
    const users = await load({ run: knownDelays }, { stages: [{ duration: '500ms', connections: 3 }] })
    expect(users.count).toBeGreaterThan(10)
    expect(users.facts.coordinatedOmission).toBe('uncorrected')
  })
})

describe('function workloads: a stall', () => {
  // One call (the 50th) stalls for 400 ms; the others take 1 ms.
  const STALL_MS = 400
  const EARLY_MS = 1
  const stallAt50 = async ({ iteration }: WorkloadContext): Promise<void> => {
    await sleep(iteration === 50 ? STALL_MS : 1)
  }

  it('shows in the open model\'s percentiles: arrivals queued behind it count from their scheduled start', async () => {
    // One slot: every arrival during the stall waits behind it, as callers of a stalled service do.
    const m = await load({ run: stallAt50 }, { rate: 100, duration: '2s', maxConnections: 1 })
    expect(m.total).toBe(200)
    // ~40 arrivals were due during the 400 ms stall: 20% of the run waited, most for far more than 1 ms.
    expect(m.latency.p90).toBeGreaterThan(STALL_MS / 4)
    expect(m.latency.max).toBeGreaterThanOrEqual(STALL_MS - EARLY_MS)
    expect(m.facts.lateStarts).toBeGreaterThan(25)
    // The service time (from the actual call) hides the queueing; the corrected latency does not.
    expect(m.serviceTime!.p90).toBeLessThan(STALL_MS / 4)
  })

  it('hides in the closed model, which only slows the callers (coordinated omission)', async () => {
    const m = await load({ run: stallAt50 }, { connections: 1, requests: 200 })
    expect(m.latency.max).toBeGreaterThanOrEqual(STALL_MS - EARLY_MS)
    // One sample in 200 is the stall: it is past p99, and p90 never sees it.
    expect(m.latency.p90).toBeLessThan(STALL_MS / 4)
    expect(m.facts.coordinatedOmission).toBe('uncorrected')
  })
})

describe('function workloads: failures', () => {
  it('counts a call that throws or rejects on every 10th iteration as exactly 10% errors, by kind', async () => {
    const run = ({ iteration }: WorkloadContext): Promise<void> | undefined => {
      if (iteration % 20 === 9) throw new TypeError('a bug in the 10th call') // synchronous throw
      if (iteration % 20 === 19) return Promise.reject(Object.assign(new Error('duplicate key value violates unique constraint "tasks_pkey"'), { code: '23505' }))
      return iteration % 2 ? Promise.resolve() : undefined // async and sync successes
    }
    const closed = await load({ run }, { connections: 4, requests: 1000 })
    expect(closed.total).toBe(1000)
    expect(closed.errors).toBe(100)
    expect(closed.errorRate).toBe(0.1)
    expect(closed.errorsByKind).toEqual({ TypeError: 50, 23505: 50 })
    const open = await load({ run }, { rate: 500, duration: '1s' })
    expect(open.total).toBe(500)
    expect(open.errorRate).toBe(0.1)
  })

  it('aborts a call at its timeout through the signal, and counts it as a timeout', async () => {
    const aborted: unknown[] = []
    const m = await load(
      {
        run: ({ iteration, signal }) => {
          if (iteration % 4 !== 0) return sleep(1)
          // Ignores its signal apart from noting the reason: the run must not wait for it.
          signal.addEventListener('abort', () => aborted.push(signal.reason))
          return new Promise(() => {})
        },
      },
      { connections: 2, requests: 12, timeout: '100ms' },
    )
    expect(m.total).toBe(12)
    expect(m.errorsByKind).toEqual({ timeout: 3 })
    expect(aborted).toHaveLength(3)
    expect((aborted[0] as Error).name).toBe('TimeoutError')
  })

  it('stops at once on the abort signal, aborting the calls in flight', async () => {
    const controller = new AbortController()
    let inFlightAborted = 0
    setTimeout(() => controller.abort(new Error('test over')), 200)
    const started = performance.now()
    const error = await rejectionOf(
      load(
        { run: ({ signal }) => new Promise<void>((resolve) => signal.addEventListener('abort', () => { inFlightAborted++; resolve() })) },
        { connections: 3, duration: '10s', signal: controller.signal },
      ),
    )
    expect(isPerfgateError(error, 'PERFGATE_ERR_ABORTED')).toBe(true)
    expect(performance.now() - started).toBeLessThan(2000)
    expect(inFlightAborted).toBe(3)
  })

  it('a synchronous function neither starves the event loop (the abort still fires) nor overflows the stack', async () => {
    const controller = new AbortController()
    setTimeout(() => controller.abort(new Error('test over')), 200)
    let calls = 0
    const started = performance.now()
    const error = await rejectionOf(load({ run: () => void calls++ }, { connections: 2, duration: '10s', signal: controller.signal }))
    expect(isPerfgateError(error, 'PERFGATE_ERR_ABORTED')).toBe(true)
    expect(performance.now() - started).toBeLessThan(2000)
    expect(calls).toBeGreaterThan(200) // past several yields (every 64 calls)
  })

  it('marks the run saturated when the function blocks the generator thread, and the judge then abstains', async () => {
    const busy = (): void => {
      const until = performance.now() + 70
      while (performance.now() < until) { /* CPU-bound on purpose */ }
    }
    const m = await load({ run: async () => { await sleep(1); busy() } }, { connections: 1, duration: '1s' })
    expect(m.facts.saturation.saturated).toBe(true)
    expect(judge(m, { stat: 'p95', limitMs: 1000 }).reason).toBe('generator-saturated')
  })
})

describe('function workloads: input', () => {
  it('refuses worker threads, naming why and what to do', async () => {
    const error = await rejectionOf(load({ run: async () => {} }, { connections: 4, requests: 10, workers: 2 }))
    expect(error.code).toBe('PERFGATE_ERR_INVALID_OPTION')
    expect(error.message).toMatch(/cannot run in worker threads: its closure[\s\S]*Use workers: 1/)
  })

  it('refuses HTTP options and a run that is not a function', async () => {
    const http = await rejectionOf(load({ run: async () => {} }, { connections: 1, requests: 1, expectStatus: [200] }))
    expect(http.code).toBe('PERFGATE_ERR_INVALID_OPTION')
    expect(http.message).toMatch(/expectStatus is for HTTP targets/)
    const notFn = await rejectionOf(load({ run: 'SELECT 1' } as never, { connections: 1, requests: 1 }))
    expect(notFn.message).toMatch(/its run is string/)
  })

  it('keeps the request-function form, and points an async function at { run }', async () => {
    const error = await rejectionOf(load((async () => ({ url: 'http://127.0.0.1:1/' })) as never, { connections: 1, requests: 1 }))
    expect(error.code).toBe('PERFGATE_ERR_INVALID_INPUT')
    expect(error.message).toMatch(/got a Promise[\s\S]*load\(\{ run: async/)
  })

  it('names the workload in the facts', async () => {
    const m = await load({ run: async function syncEmr() {} }, { connections: 1, requests: 3 })
    expect(m.facts.target).toBe('function syncEmr')
    const named = await load({ run: async () => {}, name: 'emr sync' }, { connections: 1, requests: 3 })
    expect(named.facts.target).toBe('function emr sync')
  })
})
