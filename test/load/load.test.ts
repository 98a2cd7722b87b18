import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { isPerfgateError } from '../../src/errors/index.ts'
import { load, profiles } from '../../src/load/index.ts'
import { planOf } from '../../src/load/options/runPlan.ts'
import { runThread } from '../../src/load/run/runThread.ts'
import { sourceOf } from '../../src/load/target/requestSource.ts'
import { startServer, type TestServer } from './servers/startServer.ts'

let server: TestServer
beforeAll(async () => {
  server = await startServer({ kind: 'delay', delayMs: 5 })
})
afterAll(() => server.close())

async function rejectionOf(run: Promise<unknown>): Promise<Error & { code?: string }> {
  try {
    await run
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected the run to be rejected')
}

const openSockets = (): number => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length

describe('load()', () => {
  it('refuses hosts other than loopback unless allowed, before any request', async () => {
    const error = await rejectionOf(load('http://example.com/tasks', { connections: 1, requests: 1 }))
    expect(isPerfgateError(error, 'PERFGATE_ERR_TARGET_NOT_ALLOWED')).toBe(true)
    expect(error.message).toMatch(/allowHosts: \['example.com'\]/)
  })

  it('validates options before touching the target', async () => {
    const error = await rejectionOf(load('http://example.com/', { rate: -1, duration: '1s' }))
    expect(error.code).toBe('PERFGATE_ERR_INVALID_OPTION')
  })

  it('measures each tag of a weighted mix on its own', async () => {
    const m = await load(
      {
        mix: [
          { tag: 'GET /tasks/:id', weight: 3, request: () => ({ path: `/tasks/${Math.floor(Math.random() * 1000)}` }) },
          { tag: 'POST /tasks', weight: 1, request: { path: '/tasks', method: 'POST', body: { title: 'x' } } },
        ],
      },
      { baseUrl: server.url, connections: 4, requests: 400 },
    )
    expect(m.count).toBe(400)
    expect(m.byTag['GET /tasks/:id']!.count).toBe(300)
    expect(m.byTag['POST /tasks']!.count).toBe(100)
    expect(m.byTag['POST /tasks']!.latency.p50).toBeGreaterThanOrEqual(5)
    expect(m.byTag['GET /tasks/:id']!.facts.coordinatedOmission).toBe('uncorrected')
  })

  it('calls a request function per request with the virtual user, e.g. for a token per user', async () => {
    const seen = new Set<number>()
    const m = await load(
      ({ vu }) => {
        seen.add(vu)
        return { path: '/me', headers: { authorization: `Bearer token-of-${vu}` } }
      },
      { baseUrl: server.url, connections: 3, requests: 30 },
    )
    expect(m.count).toBe(30)
    expect([...seen].sort((a, b) => a - b)).toEqual([0, 1, 2])
  })

  it('stops the run when a request function throws, naming the cause', async () => {
    let calls = 0
    const error = await rejectionOf(
      load(() => {
        if (++calls > 5) throw new Error('no more ids')
        return { path: '/x' }
      }, { baseUrl: server.url, connections: 1, requests: 100 }),
    )
    expect(error.code).toBe('PERFGATE_ERR_WORKLOAD_THREW')
    expect(error.message).toMatch(/request function threw: no more ids/)
  })

  it('keeps secrets out of the Measurement', async () => {
    const m = await load(
      { url: `http://admin:hunter2@127.0.0.1:${server.port}/x?token=s3cret`, headers: { authorization: 'Bearer abc.def.ghi' } },
      { connections: 1, requests: 3 },
    )
    expect(m.count).toBe(3)
    const text = JSON.stringify(m.toJSON())
    expect(text).not.toMatch(/hunter2|s3cret|abc\.def\.ghi|admin/)
    expect(m.facts.target).toBe(`GET http://127.0.0.1:${server.port}/x?token=***`)
  })

  it('stops on an AbortSignal, closing every socket', async () => {
    const before = openSockets()
    const started = performance.now()
    const error = await rejectionOf(load(server.url, { connections: 20, duration: '30s', signal: AbortSignal.timeout(300) }))
    expect(error.code).toBe('PERFGATE_ERR_ABORTED')
    expect(error.message).toMatch(/All its connections are closed/)
    expect(performance.now() - started).toBeLessThan(2000)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(openSockets()).toBeLessThanOrEqual(before)
  })

  it('reports a thread run on an already-aborted signal as PERFGATE_ERR_ABORTED, with the reason as cause', async () => {
    const reason = new Error('test over')
    const source = sourceOf(server.url, { timeoutMs: 1000 })
    const error = await rejectionOf(runThread({ source, plan: planOf({ connections: 1, requests: 1 }), signal: AbortSignal.abort(reason) }))
    expect(error.code).toBe('PERFGATE_ERR_ABORTED')
    expect(error.cause).toBe(reason)
    expect(error.message).toMatch(/test over/)
  })

  it('leaves no socket open after a normal run', async () => {
    const before = openSockets()
    await load(server.url, { rate: 100, duration: '300ms' })
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(openSockets()).toBeLessThanOrEqual(before)
  })

  it('stops a stress profile at the first second that breaks its limit', async () => {
    await using failing = await startServer({ kind: 'sequence', sequence: [200, 500] })
    const started = performance.now()
    const m = await load(failing.url, profiles.stress({ from: 50, to: 100, steps: 2, stepDuration: '10s', until: { errorRate: 0.2 } }))
    expect(performance.now() - started).toBeLessThan(5000)
    expect(m.facts.notes?.join(' ')).toMatch(/Stopped at .* s: the error rate of the last second was \d+\.\d%, over the stopWhen limit of 20\.0%/)
    expect(m.errorRate).toBeCloseTo(0.5, 1)
  })
})

describe('load() shards and a common start', () => {
  it('an open shard starts at startAt exactly, makes its share of the whole schedule, and records which shard it is', async () => {
    const startAt = Date.now() + 300
    const [first, second] = await Promise.all([1, 2].map((index) => load(`${server.url}/s`, { rate: 101, duration: '1s', shard: `${index}/2`, startAt, dispatch: 'timer' })))
    expect([first!.startedAt, second!.startedAt]).toEqual([startAt, startAt])
    // 101 arrivals: shard 1 takes arrivals 0, 2, … 100, shard 2 takes 1, 3, … 99.
    expect([first!.total, second!.total]).toEqual([51, 50])
    expect([first!.shard, second!.shard, first!.latencyFrom]).toEqual([{ index: 1, count: 2 }, { index: 2, count: 2 }, 'intended-start'])
    expect(first!.facts.shape).toEqual({ kind: 'open', rate: 101, durationMs: 1000, maxConnections: 1000 })
    expect(first!.facts.notes).toContainEqual(expect.stringMatching(/^Missing shard 2\/2: this measurement holds 1 of the run's 2 shards/))
  })

  it('a closed shard runs its share of the connections and measures from the send; a function workload too', async () => {
    const m = await load(`${server.url}/c`, { connections: 5, requests: 40, shard: { index: 1, count: 2 } })
    // Shard 1 of 2 takes 3 of the 5 connections and 20 of the 40 requests.
    expect([m.total, m.latencyFrom, m.shard]).toEqual([20, 'send', { index: 1, count: 2 }])
    expect(m.facts.shape).toEqual({ kind: 'closed', connections: 5, requests: 40 })
    const calls = await load({ run: async () => {} }, { rate: 40, duration: '500ms', shard: '2/4' })
    expect([calls.total, calls.latencyFrom]).toEqual([5, 'intended-start'])
    expect((await load({ run: async () => {} }, { connections: 1, requests: 3 })).latencyFrom).toBe('send')
  })

  it('a shard with workers interleaves their arrivals within its share', async () => {
    const m = await load(`${server.url}/w`, { rate: 103, duration: '1s', shard: '2/3', workers: 2 })
    // Arrivals 1, 4, 7, … 100 of 103: 34, whichever thread made them.
    expect([m.total, m.facts.workers, m.shard]).toEqual([34, 2, { index: 2, count: 3 }])
  })
})
