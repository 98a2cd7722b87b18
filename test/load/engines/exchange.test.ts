import { describe, expect, it } from 'vitest'
import { load } from '../../../src/load/index.ts'
import { refusedPort, startServer } from '../servers/startServer.ts'

describe('outcomes by kind', () => {
  it('counts every error by kind, exactly', async () => {
    await using server = await startServer({ kind: 'sequence', sequence: [200, 500, 404, 'reset', 200, 'body', 503, 409, 200, 302] })
    // One connection keeps the server's sequence in step with the requests.
    const m = await load(server.url, { connections: 1, requests: 50 })
    expect(m.total).toBe(50)
    expect(m.count).toBe(5 * 4) // 200 ×3 and 302 per cycle of 10
    expect(m.errorsByKind).toEqual({ 'http-5xx': 10, 'http-4xx': 10, 'connection-reset': 5, body: 5 })
    expect(m.errors).toBe(30)
    expect(m.errorRate).toBeCloseTo(0.6, 10)
  })

  it('treats listed statuses as expected outcomes', async () => {
    await using server = await startServer({ kind: 'sequence', sequence: [201, 409] })
    const m = await load({ url: server.url, method: 'POST', body: { units: 10 } }, { connections: 1, requests: 20, expectStatus: [201, 409] })
    expect(m.count).toBe(20)
    expect(m.errors).toBe(0)
  })

  it('reports a refused target as connection-refused, every attempt', async () => {
    const port = await refusedPort()
    const m = await load(`http://127.0.0.1:${port}/`, { connections: 2, requests: 20 })
    expect(m.count).toBe(0)
    expect(m.errorsByKind).toEqual({ 'connection-refused': 20 })
  })

  it('times out requests to a server that accepts too slowly, and measures the wait when it is allowed', async () => {
    await using server = await startServer({ kind: 'slowAccept', acceptDelayMs: 400 })
    const timedOut = await load(server.url, { connections: 2, requests: 2, timeout: '100ms' })
    expect(timedOut.errorsByKind).toEqual({ timeout: 2 })
    const patient = await load(server.url, { connections: 1, requests: 3, timeout: '5s' })
    expect(patient.count).toBe(3)
    // The first request waits for the accept; the connection is then reused at once.
    expect(patient.latency.max).toBeGreaterThanOrEqual(400)
    expect(patient.latency.min).toBeLessThan(100)
  })
})
