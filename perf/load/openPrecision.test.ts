import { monitorEventLoopDelay } from 'node:perf_hooks'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { load } from '../../src/load/index.ts'
import { startServer, type TestServer } from '../../test/load/servers/startServer.ts'

// Self-validation of the open model's precision (issue 19). A server that answers at once, in its own
// process, is loaded at 1,000, 5,000 and 20,000 req/s. Its requests never wait for a connection, so
// each one's latency (from its scheduled start) is its service time (from its actual send) plus the
// generator's own dispatch lag: the percentiles of the two may differ by no more than the bounds below,
// or perfgate charged its own lateness to the server.
//
// It runs in the perf project, one file at a time: in the unit project another file's work on the
// 2 cores moved the 5,000/s p50 past its bound (0.111 ms) in a clean-clone CI run.
//
// Margins: 0.1 ms at p50 and 0.3 ms at p99, what the issue asks. A shared machine can hold either
// process up for milliseconds, so what it did is measured in the same run, never guessed, and added; on a quiet machine the additions shrink toward nil:
// - how long the machine held up either process (the server's event loop, or the generator's: a thread
//   woken on time that waits for a CPU) beyond their 1 ms sampling period: at worst, for the p99
//   bound; the generator's median, for the p50 bound (0.1–0.2 ms on this machine, part of it the
//   monitor's own rounding). A dispatcher late by design (Node's millisecond timers: 0.5 ms at p50)
//   is not held up, and fails: checked by running this file with dispatch: 'timer';
// - a server held up long enough to fill the connection pool makes arrivals queue for a connection:
//   that queue is the server's latency, rightly, and the run no longer measures a fast server;
// - the generator flagging itself: when its dispatch lag passes its limit (a note in facts.notes) or
//   it saturated, it has said what it could not do, which is the contract (a limit missed by no more
//   than the lag is inconclusive); the p99 bound is then not applied (the p50 bound still is).
const BOUND = { p50Ms: 0.1, p99Ms: 0.3 }
/** Beyond this, a stall of the machine (not the dispatcher) decided the run: seen at 31 and 139 ms in CI runs. */
const MACHINE_HELD_UP_MS = 10

// It uses no Postgres or Redis, so the CI's second perf run (PERFGATE_PROVIDER=container) would only
// repeat it beside a container engine and its containers competing for the same 2 cores.
describe.skipIf(process.env['PERFGATE_PROVIDER'] === 'container')('open-model precision against a fast server in its own process', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startServer({ kind: 'fast' })
    // Warm both sides (JIT, the server's first connections) so the first rate measures steady state.
    await load(server.url, { rate: 2000, duration: '500ms' })
  })
  afterAll(() => server.close())

  for (const rate of [1000, 5000, 20_000]) {
    it(`at ${rate.toLocaleString('en-US')} req/s, latency is within ${BOUND.p50Ms} ms (p50) and ${BOUND.p99Ms} ms (p99) of service time`, async () => {
      const here = monitorEventLoopDelay({ resolution: 1 })
      await server.loopDelayMaxMs()
      here.enable()
      const m = await load(server.url, { rate, duration: '2s' })
      here.disable()
      // Both sample their event loop with a 1 ms timer: what passes that period is time held up.
      const heldUpMs = Math.max(0, here.max / 1e6 - 1) + Math.max(0, (await server.loopDelayMaxMs()) - 1)
      const usuallyHeldUpMs = Math.max(0, here.percentile(50) / 1e6 - 1)
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
      const context = `rate ${rate}: latency p50 ${m.latency.p50.toFixed(3)} p99 ${m.latency.p99.toFixed(3)}, service p50 ${service.p50.toFixed(3)} p99 ${service.p99.toFixed(3)}, dispatch lag p50 ${lag.p50.toFixed(3)} p99 ${lag.p99.toFixed(3)} max ${lag.max.toFixed(3)}, held up ${usuallyHeldUpMs.toFixed(3)} ms at p50, ${heldUpMs.toFixed(2)} ms at most; ${m.facts.saturation.reasons.join(' ')}`
      // Latency runs from the scheduled start, never after the send.
      expect(dp50, context).toBeGreaterThanOrEqual(0)
      if (lag.count < m.total) {
        // The server fell so far behind that every connection was busy: arrivals queued for one, and
        // that queue (the server's latency, rightly) is in the percentiles. Not a fast server any more.
        return
      }
      if (heldUpMs > MACHINE_HELD_UP_MS) {
        // The machine stopped a process for longer than any dispatcher can hide (other work on the 2
        // cores): the run measured the machine. Said, not asserted; latency still never beats the send.
        console.log(`not judged, the machine held a process up ${heldUpMs.toFixed(1)} ms: ${context}`)
        return
      }
      expect(dp50, context).toBeLessThanOrEqual(BOUND.p50Ms + usuallyHeldUpMs)
      const lagNoted = (m.facts.notes ?? []).some((note) => note.includes('dispatch lag'))
      if (m.facts.saturation.saturated || lagNoted) {
        // The generator's lag passed its limit (or it saturated) and the run says so.
        expect([...m.facts.saturation.reasons, ...(m.facts.notes ?? [])].join(' '), context).toMatch(/generator|event loop/)
        return
      }
      expect(dp99, context).toBeLessThanOrEqual(BOUND.p99Ms + heldUpMs)
    })
  }
})
