import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { load } from '../../src/load/index.ts'
import type { Measurement } from '../../src/measure/index.ts'
import { startServer, type TestServer } from '../../test/load/servers/startServer.ts'
import { whileProbing, type MachineHoldUps } from '../support/machineProbe.ts'

// Self-validation of the open model's precision (issue 19). The least a server can do (a bare TCP
// server answering every request head with one prebuilt response, in its own process) is loaded at
// 1,000, 5,000 and 20,000 req/s, and so is a function workload that settles at once. A request that
// finds a connection free has a latency (from its scheduled start) that is its service time (from its
// send, a new connection's connect included) plus the generator's own dispatch lag: the percentiles
// of the two may differ by no more than the bounds below, or perfgate charged its own lateness to the
// server.
//
// It runs in the perf project, one file at a time: in the unit project another file's work on the
// 2 cores moved the 5,000/s p50 past its bound in a clean-clone CI run.
//
// p50: 0.1 ms, as the issue asks, with nothing added. A dispatcher late by design (Node's millisecond
// timers, 0.3–0.55 ms at p50) fails it at all three rates: checked by running this file with
// dispatch: 'timer'.
// p99: 0.3 ms plus the longest the machine held up a thread in that run, and on this machine that is
// a sanity bound only: timer dispatch passes it too. This machine stalls threads that have nothing to
// do (a thread sleeping 1 ms at a time, alone, wakes up to 2–3 ms late and loses 0.2–0.5 % of the
// time to overruns past 0.3 ms; inside this suite 0.4–3 % and 3–10 ms), and an arrival due in such a
// stall leaves late whatever the dispatcher does, so about 1 % of arrivals leave 0.5–4 ms late and
// the p99 cannot be held to 0.3 ms here (bench/README.md has the measurements). The hold-ups are
// measured in the same run, never guessed: by a probe thread that does none of the generator's work,
// and by the server's event loop.
// Not judged: the p99 of a run in which the machine held a thread up for more than 10 ms (other work
// on the cores: 31 and 139 ms seen in CI runs), or whose generator flagged its own lag or saturation
// in facts (it said what it could not do, which is the contract); and both bounds of a run in which
// arrivals queued for a busy connection (the server fell behind: that wait is its latency, rightly,
// and the run no longer measures a fast server).
const BOUND = { p50Ms: 0.1, p99Ms: 0.3 }
/** Beyond this, a stall of the machine (not the dispatcher) decided the run. */
const MACHINE_HELD_UP_MS = 10
const RATES = [1000, 5000, 20_000]

// It uses no Postgres or Redis, so the CI's second perf run (PERFGATE_PROVIDER=container) would only
// repeat it beside a container engine and its containers competing for the same 2 cores.
describe.skipIf(process.env['PERFGATE_PROVIDER'] === 'container')('open-model precision', () => {
  describe('against a minimal server in its own process', () => {
    let server: TestServer
    beforeAll(async () => {
      server = await startServer({ kind: 'minimal' })
    })
    afterAll(() => server.close())

    for (const rate of RATES) {
      it(`at ${rate.toLocaleString('en-US')} req/s, latency is within ${BOUND.p50Ms} ms (p50) and ${BOUND.p99Ms} ms (p99) of service time`, async () => {
        expect.hasAssertions()
        // Warm both sides at this rate (JIT, the server's accept path): the first second at a new rate
        // runs code V8 has not optimized yet.
        await load(server.url, { rate, duration: '500ms' })
        await server.loopDelayMaxMs()
        const { result: m, machine } = await whileProbing(() => load(server.url, { rate, duration: '2s' }))
        // The server's event loop samples every 1 ms: what passes that period is time it was held up.
        judge(rate, m, machine, Math.max(0, (await server.loopDelayMaxMs()) - 1))
      })
    }
  })

  describe('of a function workload that settles at once', () => {
    // Its service time is a few microseconds of the generator's own thread and it never waits for a
    // connection, so whatever latency adds to it is dispatch lag: the same clock and bounds as HTTP.
    const workload = { run: (): Promise<void> => Promise.resolve() }
    for (const rate of RATES) {
      it(`at ${rate.toLocaleString('en-US')} calls/s, latency is within ${BOUND.p50Ms} ms (p50) and ${BOUND.p99Ms} ms (p99) of service time`, async () => {
        expect.hasAssertions()
        await load(workload, { rate, duration: '500ms' })
        const { result: m, machine } = await whileProbing(() => load(workload, { rate, duration: '2s' }))
        judge(rate, m, machine, 0)
      })
    }
  })
})

/** Holds one run to the bounds, given what the machine held up (the probe, and the server's loop if any). */
function judge(rate: number, m: Measurement, machine: MachineHoldUps, serverHeldUpMs: number): void {
  const heldUpMs = Math.max(machine.maxMs, serverHeldUpMs)
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
  const context = `rate ${rate}: latency p50 ${m.latency.p50.toFixed(3)} p99 ${m.latency.p99.toFixed(3)}, service p50 ${service.p50.toFixed(3)} p99 ${service.p99.toFixed(3)}, dispatch lag p50 ${lag.p50.toFixed(3)} p99 ${lag.p99.toFixed(3)} max ${lag.max.toFixed(3)}; the machine held a thread up ${heldUpMs.toFixed(2)} ms at most, ${(100 * machine.lostShare).toFixed(2)} % of the time; ${m.facts.saturation.reasons.join(' ')}`
  console.log(context)
  // Latency runs from the scheduled start, never after the send.
  expect(dp50, context).toBeGreaterThanOrEqual(0)
  if (lag.count < m.total) {
    // The server fell so far behind that every connection was busy: arrivals queued for one, and
    // that queue (the server's latency, rightly) is in the percentiles. Not a fast server any more.
    return
  }
  expect(dp50, context).toBeLessThanOrEqual(BOUND.p50Ms)
  if (heldUpMs > MACHINE_HELD_UP_MS) {
    console.log(`p99 not judged, the machine held a thread up ${heldUpMs.toFixed(1)} ms`)
    return
  }
  const lagNoted = (m.facts.notes ?? []).some((note) => note.includes('dispatch lag'))
  if (m.facts.saturation.saturated || lagNoted) {
    // The generator's lag passed its limit (or it saturated) and the run says so.
    expect([...m.facts.saturation.reasons, ...(m.facts.notes ?? [])].join(' '), context).toMatch(/generator|event loop/)
    return
  }
  expect(dp99, context).toBeLessThanOrEqual(BOUND.p99Ms + heldUpMs)
}
