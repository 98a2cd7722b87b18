import { describe, expect, test } from 'vitest'
import { judge } from '../../src/judge/index.ts'
import { load } from '../../src/load/index.ts'
import { toMeetP95 } from '../../src/matchers/toMeetP95.ts'
import { measurementOf, mergeMeasurements, noiseOf, overdispersionAt, parseMeasurement, type TimelinePoint } from '../../src/measure/index.ts'
import { startServer } from '../load/servers/startServer.ts'

describe('a run with injected one-second stalls', () => {
  // The stall server (its own process) freezes its event loop for 1 s every 3 s, from 1 s after its
  // first request; an open-model run times each request from its scheduled start, so the requests
  // scheduled during a stall all come back late, in one burst.
  test('reports its overdispersion and its stall seconds, and the judge widens the interval by it', async () => {
    await using stalling = await startServer({ kind: 'stall', delayMs: 5, stallMs: 1000, everyMs: 3000, firstAfterMs: 1000 })
    await using steady = await startServer({ kind: 'delay', delayMs: 5 })
    const stalled = await load(stalling.url, { rate: 100, duration: '7s' })
    const control = await load(steady.url, { rate: 100, duration: '7s' })

    const noise = stalled.facts.noise!
    expect(noise, 'facts.noise of the stalled run').toBeDefined()
    // Independent samples give φ ≈ 1: a stall piles a second's worth of slow samples into one window.
    // (At p95 of this run — about 800 ms, inside the stalls' own latencies — φ is 5 to 6 here.)
    // Measured here: φ 5–7 (p95 of this run, about 1 s, sits inside the stalls' own latencies). A
    // steady server on this busy machine can show as much (5–10: its 5 ms latencies make every
    // late timer a burst), so φ is checked against the binomial 1, and the stalls by their seconds.
    const detail = JSON.stringify({ stalled: noise, steady: control.facts.noise, timeline: stalled.timeline.map((p) => [p.t, p.count, Math.round(p.latencyMaxMs)]) })
    expect(noise.overdispersion, detail).toBeGreaterThan(2)
    // Two stalls fall in 7 s, 3 to 4 s apart: two runs of consecutive stall seconds that far apart.
    const runs = noise.stallSeconds.filter((t, i) => noise.stallSeconds[i - 1] !== t - 1)
    expect(runs.length, detail).toBeGreaterThanOrEqual(2)
    expect(runs.length, detail).toBeLessThanOrEqual(3)
    expect(runs[1]! - runs[0]!, detail).toBeGreaterThanOrEqual(2)
    expect(runs[1]! - runs[0]!, detail).toBeLessThanOrEqual(5)
    // Every stall second is one the timeline itself shows as stalled: a burst of slow answers or hardly any.
    const median = [...stalled.timeline].map((p) => p.count).sort((a, b) => a - b)[Math.floor(stalled.timeline.length / 2)]!
    for (const t of noise.stallSeconds) {
      const point = stalled.timeline.find((p) => p.t === t)
      expect(point === undefined || point.latencyMaxMs > 300 || point.count < median / 10, `second ${t}: ${JSON.stringify(point)}`).toBe(true)
    }
    // The judge widens the p95 interval by √φ, and says so; the failure message names the noise.
    const verdict = judge(stalled, { stat: 'p95', limitMs: 1 })
    expect(verdict.overdispersion).toBeGreaterThan(1)
    const result = await toMeetP95.call({ isNot: false }, stalled, 1)
    expect(result.message()).toMatch(/noise: overdispersion [\d.,]+ .*stall seconds: \d/)
    // What the engine recorded survives JSON and merging.
    expect(parseMeasurement(JSON.parse(JSON.stringify(stalled.toJSON()))).facts.noise).toEqual(noise)
  })
})

describe('overdispersionAt and noiseOf', () => {
  const point = (t: number, n: number, slow: number): TimelinePoint => ({
    t, count: n, errors: 0, latencySumMs: n, latencyMaxMs: slow ? 100 : 1,
    // bin 0 is 1 ms, bin 106 about 100 ms
    bins: slow ? [[0, n - slow], [106, slow]] : [[0, n]],
  })

  test('is about 1 for binomial counts and far above it when slow samples come in bursts', () => {
    // 5 slow of 100 every second: exactly the share — no spread at all.
    const even = Array.from({ length: 10 }, (_, t) => point(t, 100, 5))
    expect(overdispersionAt(even, 95)).toBe(0)
    // The same 50 slow samples, all in one second.
    const burst = Array.from({ length: 10 }, (_, t) => point(t, 100, t === 6 ? 50 : 0))
    expect(overdispersionAt(burst, 95)).toBeGreaterThan(40)
    expect(noiseOf(burst, 10_000)).toEqual({ overdispersion: expect.any(Number), stallSeconds: [6] })
    // Too few windows, or no bins (a Measurement saved before perfgate kept them): nothing to say.
    expect(overdispersionAt(burst.slice(0, 2), 95)).toBeUndefined()
    expect(overdispersionAt(burst.map(({ bins: _bins, ...rest }) => rest), 95)).toBeUndefined()
  })

  test('a second with hardly any answers is a stall second, and merged runs recompute the facts', () => {
    const quiet = Array.from({ length: 8 }, (_, t) => point(t, t === 3 ? 2 : 100, t === 3 ? 0 : 5))
    expect(noiseOf(quiet, 8000)?.stallSeconds).toEqual([3])
    const data = { version: 1 as const, source: 'load' as const, latency: { kind: 'exact' as const, samplesMs: [] }, count: 0, errors: 0, errorsByKind: {}, durationMs: 8000, startedAt: 0, timeline: [], facts: { coordinatedOmission: 'corrected' as const, saturation: { saturated: false, reasons: [] } } }
    const part = (offset: number) => measurementOf({ ...data, startedAt: offset, timeline: quiet, count: quiet.reduce((a, p) => a + p.count, 0), latency: { kind: 'exact', samplesMs: quiet.flatMap((p) => p.bins!.flatMap(([bin, n]) => Array.from<number>({ length: n }).fill(bin ? 100 : 1))) } })
    // Two workers on the same clock: the merged seconds hold both, and so does the stall.
    expect(mergeMeasurements([part(0), part(0)]).facts.noise?.stallSeconds).toEqual([3])
  })
})
