import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { load } from '../../../src/load/index.ts'
import { startServer, type TestServer } from '../servers/startServer.ts'

// Self-validation of the open model's precision (issue 19). A server that answers at once, in its own
// process, is loaded at 1,000, 5,000 and 20,000 req/s. Its requests never wait for a connection, so
// each one's latency (from its scheduled start) is its service time (from its actual send) plus the
// generator's own dispatch lag: the percentiles of the two may differ by no more than the bounds below,
// or perfgate charged its own lateness to the server.
//
// Margins: 0.1 ms at p50 and 0.3 ms at p99, what the issue asks. A shared machine (this suite's other
// files run alongside) can hold either process up for milliseconds, so what it did is measured in the
// same run, never guessed; on a quiet machine none of it applies and the bounds are strict:
// - the server's own event loop held up (its process descheduled) is added to both bounds: requests
//   in flight meanwhile wait on it, and new arrivals open new connections;
// - a server held up long enough to fill the connection pool makes arrivals queue for a connection:
//   that queue is the server's latency, rightly, and the run no longer measures a fast server;
// - the generator flagging itself: when its dispatch lag passes its limit (facts.saturation), it has
//   said what it could not do, which is the contract, and every verdict on the run is inconclusive.
const BOUND = { p50Ms: 0.1, p99Ms: 0.3 }

describe('open-model precision against a fast server in its own process', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer({ kind: 'fast' })
    // Warm both sides (JIT, the server's first connections) so the first rate measures steady state.
    await load(server.url, { rate: 2000, duration: '500ms' })
  })
  afterAll(() => server.close())

  for (const rate of [1000, 5000, 20_000]) {
    it(`at ${rate.toLocaleString('en-US')} req/s, latency is within ${BOUND.p50Ms} ms (p50) and ${BOUND.p99Ms} ms (p99) of service time`, async () => {
      await server.loopDelayMaxMs()
      const m = await load(server.url, { rate, duration: '2s' })
      // The server samples its event loop with a 1 ms timer: what passes that period is time held up.
      const serverHeldUpMs = Math.max(0, (await server.loopDelayMaxMs()) - 1)
      expect(m.total).toBe(rate * 2)
      expect(m.errors).toBe(0)
      const lag = m.dispatchLag!
      const service = m.serviceTime!
      // Each request that found a connection free (or opened one) has its own lateness recorded; one
      // that waited for a busy connection (the server held up long enough to fill the pool) has not.
      expect(lag.count).toBeGreaterThan(0)
      expect(lag.count).toBeLessThanOrEqual(m.total)
      const dp50 = m.latency.p50 - service.p50
      const dp99 = m.latency.p99 - service.p99
      const context = `rate ${rate}: latency p50 ${m.latency.p50.toFixed(3)} p99 ${m.latency.p99.toFixed(3)}, service p50 ${service.p50.toFixed(3)} p99 ${service.p99.toFixed(3)}, dispatch lag p50 ${lag.p50.toFixed(3)} p99 ${lag.p99.toFixed(3)} max ${lag.max.toFixed(3)}, server held up ${serverHeldUpMs.toFixed(1)} ms; ${m.facts.saturation.reasons.join(' ')}`
      // Latency runs from the scheduled start, never after the send.
      expect(dp50, context).toBeGreaterThanOrEqual(0)
      if (m.facts.saturation.saturated) {
        expect(m.facts.saturation.reasons.join(' '), context).toMatch(/generator|event loop/)
        return
      }
      if (lag.count < m.total) {
        // The server fell so far behind that every connection was busy: arrivals queued for one, and
        // that queue (the server's latency, rightly) is in the tail. Not the fast server this is about.
        return
      }
      expect(dp50, context).toBeLessThanOrEqual(BOUND.p50Ms + serverHeldUpMs)
      expect(dp99, context).toBeLessThanOrEqual(BOUND.p99Ms + serverHeldUpMs)
    })
  }
})
