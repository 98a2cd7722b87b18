import { describe, expect, test } from 'vitest'
import 'perfgate/vitest'
import { fromSamples, judge, load } from 'perfgate'
import { measurementOf } from '../../src/measure/index.ts'
import { startLoopbackServer } from './servers/startLoopbackServer.ts'

describe('a closed run with one straggler', () => {
  test('measures duration and rps over the 2 s of load, not until the 6 s straggler answers', { timeout: 30_000 }, async () => {
    await using server = await startLoopbackServer({ stallFirstMs: 6000 })
    const m = await load(`${server.url}/x`, { connections: 4, duration: '2s' })

    // The straggler counts: it was sent inside the window and its 6 s show in the latencies.
    expect(m.latency.max).toBeGreaterThanOrEqual(6000)
    expect(m.errors).toBe(0)
    // The window is the 2 s of load (its timer rounds to whole ms and may fire late on a busy machine), not ~6 s.
    expect(m.durationMs).toBeGreaterThan(1950)
    expect(m.durationMs).toBeLessThan(3000)
    expect(m.rps).toBeCloseTo(m.count / (m.durationMs / 1000), 6)
    expect(m.facts.notes?.join('\n')).toMatch(/took \d+ ms more to finish; they count in the latencies and counts/)

    // Judged at half of what it sustained, the rps limit passes; an interval, if any, never dips below 0.
    const verdict = judge(m, { stat: 'rps', min: m.rps / 2 })
    expect(verdict.status).toBe('pass')
    expect(verdict.confidence?.low ?? 0).toBeGreaterThanOrEqual(0)
  })
})

describe('an rps interval', () => {
  test('never starts below zero, however uneven the seconds', () => {
    // Ten seconds of bursts and silences: the normal approximation would reach far below zero.
    const counts = [500, 0, 0, 0, 2000, 0, 0, 0, 0, 1500]
    const base = fromSamples(Array.from({ length: 4000 }, () => 1), { durationMs: 10_000 }).toJSON()
    const m = measurementOf({ ...base, timeline: counts.map((count, t) => ({ t, count, errors: 0, latencySumMs: count, latencyMaxMs: 1 })) })
    const verdict = judge(m, { stat: 'rps', min: 300 })
    expect(verdict.confidence).toBeDefined()
    expect(verdict.confidence!.low).toBe(0)
    expect(verdict.status).toBe('inconclusive')
  })
})

describe('a server that crashes and restarts mid-run', () => {
  test('shows as an outage with its recovery time, in the facts and in the failure message', { timeout: 30_000 }, async () => {
    await using server = await startLoopbackServer()
    const crashAtMs = 1500
    const downForMs = 2000
    const t0 = performance.now()
    const chaos = (async () => {
      await new Promise((resolve) => setTimeout(resolve, crashAtMs))
      await server.crash()
      const crashedAt = performance.now() - t0
      await new Promise((resolve) => setTimeout(resolve, downForMs))
      await server.restart()
      return { crashedAt, backAt: performance.now() - t0 }
    })()
    const m = await load(`${server.url}/x`, { connections: 4, duration: '5s' })
    const { crashedAt, backAt } = await chaos

    expect({ outages: m.facts.outages?.length, kinds: m.errorsByKind }).toMatchObject({ outages: 1 })
    const outage = m.facts.outages![0]!
    // The run started a moment after t0, so its clock is at most a little behind the test's.
    expect(outage.startMs).toBeGreaterThan(crashedAt - 500)
    expect(outage.startMs).toBeLessThan(crashedAt + 500)
    expect(outage.endMs).toBeGreaterThan(backAt - 500)
    expect(outage.endMs).toBeLessThan(backAt + 1000)
    expect(outage.recoveryMs).toBe(outage.endMs - outage.startMs)
    expect(outage.recoveryMs).toBeGreaterThanOrEqual(downForMs - 200)
    expect(outage.errors).toBeGreaterThan(0)
    expect(outage.errors).toBeLessThanOrEqual(m.errors)
    expect(m.count).toBeGreaterThan(0)

    const failure = await expect(m).toSustainRps(1e9).then(() => undefined, (error: Error) => error.message)
    expect(failure).toMatch(/outage: server unreachable from [\d.]+ s to [\d.]+ s into the run \([\d,]+ requests failed\); recovered after [\d.]+ s/)
  })
})
