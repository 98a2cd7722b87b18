import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { load } from '../../../src/load/index.ts'
import { MAX_METRIC_NAMES } from '../../../src/load/observe/metricsRecorder.ts'

async function rejectionOf(run: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await run
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected the run to be rejected')
}

describe('custom metrics in a function workload', () => {
  it('records trends, rates and counters onto the Measurement', async () => {
    const m = await load(
      {
        run: async ({ iteration, metrics }) => {
          const t0 = performance.now()
          await sleep(iteration % 2 ? 5 : 1)
          metrics.trend('inner', performance.now() - t0)
          metrics.rate('hit', iteration % 5 !== 0) // 4 in 5 hit
          metrics.count('bytes', 10)
          metrics.count('calls')
        },
      },
      { connections: 2, requests: 100 },
    )
    expect(m.trend('inner').count).toBe(100)
    expect(m.trend('inner').latency.max).toBeLessThanOrEqual(m.latency.max)
    expect(m.trend('inner').latency.p95).toBeGreaterThanOrEqual(4)
    expect(m.rate('hit').count).toBe(80)
    expect(m.rate('hit').total).toBe(100)
    expect(m.counter('bytes')).toBe(1000)
    expect(m.counter('calls')).toBe(100)
    expect(m.toJSON().metrics?.rates).toEqual({ hit: { trues: 80, total: 100 } })
  })

  it('in a mix of function workloads, measures each tag with its own metrics, and the run with all of them', async () => {
    const m = await load(
      {
        mix: [
          { tag: 'reserve', weight: 7, request: { run: async ({ metrics }) => { await sleep(1); metrics.rate('granted', true) } } },
          { tag: 'release', weight: 3, request: { run: async ({ metrics }) => { metrics.rate('granted', false); metrics.count('released') } } },
        ],
      },
      { connections: 2, requests: 100 },
    )
    expect(m.byTag.reserve!.count).toBe(70)
    expect(m.byTag.release!.count).toBe(30)
    expect(m.byTag.reserve!.rate('granted').count).toBe(70)
    expect(m.byTag.release!.rate('granted').errors).toBe(30)
    expect(() => m.byTag.reserve!.counter('released')).toThrow(/no counter named 'released'/)
    expect(m.rate('granted').total).toBe(100)
    expect(m.rate('granted').count).toBe(70)
    expect(m.counter('released')).toBe(30)
    expect(m.facts.target).toBe('mix of reserve ×7, release ×3 on function:')
  })

  it('refuses a mix of HTTP requests and function workloads', async () => {
    const error = await rejectionOf(load({ mix: [{ tag: 'a', weight: 1, request: 'http://127.0.0.1:1/' }, { tag: 'b', weight: 1, request: { run: async () => {} } }] }, { connections: 1, requests: 1 }))
    expect(error.code).toBe('PERFGATE_ERR_INVALID_OPTION')
    expect(error.message).toMatch(/either HTTP requests or function workloads/)
    const workers = await rejectionOf(load({ mix: [{ tag: 'b', weight: 1, request: { run: async () => {} } }] }, { connections: 2, requests: 2, workers: 2 }))
    expect(workers.message).toMatch(/cannot run in worker threads/)
  })

  it('leaves metrics out when none were recorded', async () => {
    const m = await load({ run: async () => {} }, { connections: 1, requests: 5 })
    expect(m.metrics).toBeUndefined()
  })

  it('fails the run on a misused metric, even when the workload swallows the error', async () => {
    const swallowed = await rejectionOf(load(
      {
        run: ({ metrics }) => {
          try {
            metrics.trend('emr sync', 12) // a space: not a metric name
          } catch { /* a careless workload */ }
        },
      },
      { connections: 1, requests: 10 },
    ))
    expect(swallowed.code).toBe('PERFGATE_ERR_INVALID_INPUT')
    expect(swallowed.message).toMatch(/trend name must be letters, digits[\s\S]*got the string 'emr sync'/)
    const badValue = await rejectionOf(load({ run: ({ metrics }) => metrics.rate('hit', 1 as never) }, { connections: 1, requests: 10 }))
    expect(badValue.message).toMatch(/metrics.rate\('hit', value\) takes true or false; got number 1/)
    const nan = await rejectionOf(load({ run: ({ metrics }) => metrics.trend('t', Number.NaN) }, { connections: 1, requests: 10 }))
    expect(nan.message).toMatch(/finite duration in ms >= 0; got number NaN/)
  })

  it('bounds the number of names: ids belong in values, not names', async () => {
    const error = await rejectionOf(load({ run: ({ iteration, metrics }) => metrics.count(`task_${iteration}`) }, { connections: 1, requests: MAX_METRIC_NAMES + 5 }))
    expect(error.code).toBe('PERFGATE_ERR_INVALID_INPUT')
    expect(error.message).toMatch(new RegExp(`at most ${MAX_METRIC_NAMES} counter names; 'task_${MAX_METRIC_NAMES}' would be one more`))
  })
})
