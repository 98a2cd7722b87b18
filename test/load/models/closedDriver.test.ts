import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { load } from '../../../src/load/index.ts'
import { withInterference } from '../servers/interference.ts'
import { startServer, type TestServer } from '../servers/startServer.ts'

// The server adds its 20 ms by timer (which fires 20–22 ms late at most on an idle machine); the
// generator adds < 1 ms. p99 may also carry the worst moment the machine held up either event loop
// (measured, see withInterference): one such pause delays every request in flight.
const DELAY_MS = 20
const P50_SLACK_MS = 15
const P99_SLACK_MS = 30

let server: TestServer
beforeAll(async () => {
  server = await startServer({ kind: 'delay', delayMs: DELAY_MS })
})
afterAll(() => server.close())

describe('closed model', () => {
  it('measures a fixed-delay server: p50 and p99 within tolerance of the delay', async () => {
    const { result: m, interferenceMs } = await withInterference(server, () => load(`${server.url}/tasks/42`, { connections: 10, duration: '2s' }))
    expect(m.errors).toBe(0)
    expect(m.latency.p50).toBeGreaterThanOrEqual(DELAY_MS)
    expect(m.latency.p50).toBeLessThan(DELAY_MS + P50_SLACK_MS)
    expect(m.latency.p99).toBeLessThan(DELAY_MS + P99_SLACK_MS + interferenceMs)
    // 10 users, each ~1 request per 20 ms, for 2 s: about 1,000 requests (at least half of that on a busy box).
    expect(m.count).toBeGreaterThan(400)
    expect(m.count).toBeLessThanOrEqual(1000)
    expect(m.durationMs).toBeGreaterThanOrEqual(2000)
    expect(m.facts.coordinatedOmission).toBe('uncorrected')
    expect(m.facts.notes?.join(' ')).toMatch(/coordinated omission uncorrected/)
    expect(m.facts.shape).toEqual({ kind: 'closed', connections: 10, durationMs: 2000 })
    expect(m.serviceTime).toBeUndefined()
    expect(m.timeline.reduce((a, p) => a + p.count, 0)).toBe(m.count)
  })

  it('makes exactly `requests` requests, spread over the connections', async () => {
    const m = await load(server.url, { connections: 4, requests: 37 })
    expect(m.total).toBe(37)
    expect(m.count).toBe(37)
  })

  it('waits the think time between a user’s requests', async () => {
    const started = performance.now()
    const m = await load(server.url, { connections: 2, requests: 6, think: '100ms' })
    // Each user: 3 requests of ~20 ms with two pauses of 100 ms between them.
    expect(m.count).toBe(6)
    expect(performance.now() - started).toBeGreaterThanOrEqual(2 * 100 + 3 * DELAY_MS)
  })

  it('ramps virtual users through connection stages', async () => {
    const m = await load(server.url, { stages: [{ duration: '500ms', connections: 4 }, { duration: '500ms', connections: 4 }] })
    expect(m.facts.shape).toMatchObject({ kind: 'stages', unit: 'connections' })
    expect(m.facts.coordinatedOmission).toBe('uncorrected')
    // At most 4 users at ~50 requests/s each for 1 s, fewer while ramping.
    expect(m.count).toBeGreaterThan(40)
    expect(m.count).toBeLessThan(4 * 50 + 10)
  })
})
