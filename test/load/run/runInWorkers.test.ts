import { describe, expect, it } from 'vitest'
import { load } from '../../../src/load/index.ts'
import { startCountingServer } from '../servers/countingServer.ts'
import { startServer } from '../servers/startServer.ts'

describe('workers', () => {
  it('splits an open run over threads and merges their measurements', async () => {
    await using server = await startServer({ kind: 'delay', delayMs: 5 })
    const m = await load(`${server.url}/x`, { rate: 201, duration: '1s', workers: 2 })
    expect(m.total).toBe(201) // the threads take every other arrival of one schedule at 201/s: exactly rate × duration
    expect(m.facts.workers).toBe(2)
    expect(m.facts.coordinatedOmission).toBe('corrected')
    expect(m.facts.shape).toEqual({ kind: 'open', rate: 201, durationMs: 1000, maxConnections: 1000 })
    expect(m.serviceTime?.count).toBe(m.count)
  })

  it('splits connections and requests of a closed run exactly, with tags', async () => {
    await using server = await startServer({ kind: 'delay', delayMs: 1 })
    const m = await load(
      { mix: [{ tag: 'a', weight: 1, request: `${server.url}/a` }, { tag: 'b', weight: 1, request: `${server.url}/b` }] },
      { connections: 3, requests: 101, workers: 2 },
    )
    expect(m.total).toBe(101)
    expect(m.byTag.a!.count + m.byTag.b!.count).toBe(101)
    expect(m.facts.coordinatedOmission).toBe('uncorrected')
  })

  it('refuses request functions, which cannot be copied into a thread', async () => {
    await expect(load(() => ({ url: 'http://127.0.0.1:1/' }), { connections: 2, requests: 2, workers: 2 })).rejects.toThrow(/cannot be copied into worker threads/)
  })

  it('refuses an already-aborted signal before sending any request', async () => {
    await using server = await startCountingServer()
    const started = performance.now()
    const error = await load(`${server.url}x`, { rate: 20, duration: '2s', workers: 2, signal: AbortSignal.abort() }).catch((e: unknown) => e)
    expect((error as { code?: string }).code).toBe('PERFGATE_ERR_ABORTED')
    expect(performance.now() - started).toBeLessThan(1000)
    expect(server.requests()).toBe(0)
  })

  it('reports an abort as PERFGATE_ERR_ABORTED, not as invalid input, while the workers start and mid-run', async () => {
    await using server = await startServer({ kind: 'delay', delayMs: 5 })
    // 20 ms lands while the threads are still starting; 1500 ms lands mid-run.
    for (const afterMs of [20, 1500]) {
      const started = performance.now()
      const error = await load(`${server.url}/x`, { rate: 50, duration: '30s', workers: 2, signal: AbortSignal.timeout(afterMs) }).catch((e: unknown) => e)
      expect((error as { code?: string }).code).toBe('PERFGATE_ERR_ABORTED')
      expect(performance.now() - started).toBeLessThan(10_000)
    }
  })
})
