import { describe, expect, test } from 'vitest'
import { fromSamples, mergeMeasurements, type MeasurementData, type Outage } from 'perfgate'
import { measurementOf } from '../../src/measure/index.ts'

function part(samples: number[], startedAt: number, durationMs: number, extra: Partial<MeasurementData> = {}): MeasurementData {
  return {
    ...fromSamples(samples).toJSON(),
    startedAt,
    durationMs,
    timeline: [{ t: 0, count: samples.length, errors: 0, latencySumMs: samples.reduce((a, b) => a + b, 0), latencyMaxMs: Math.max(...samples) }],
    ...extra,
  }
}

describe('mergeMeasurements', () => {
  test('samples, counts and errors add up; percentiles are those of the union', () => {
    const a = part([1, 2, 3], 1000, 1000, { errors: 1, errorsByKind: { timeout: 1 } })
    const b = part([4, 5, 6, 7], 1000, 1000, { errors: 2, errorsByKind: { timeout: 1, 'http-5xx': 1 } })
    const m = mergeMeasurements([a, b])
    expect(m.count).toBe(7)
    expect(m.errors).toBe(3)
    expect(m.errorsByKind).toEqual({ timeout: 2, 'http-5xx': 1 })
    expect(m.latency.p50).toBe(4)
    expect(m.latency.max).toBe(7)
    expect(m.facts.workers).toBe(2)
  })

  test('the dispatch lags of the parts merge into one distribution', () => {
    const lag = (samplesMs: number[]) => ({ dispatchLag: { kind: 'exact' as const, samplesMs } })
    const m = mergeMeasurements([part([1], 0, 1000, lag([0.01, 0.02])), part([2], 0, 1000, lag([0.9])), part([3], 0, 1000)])
    expect([m.dispatchLag?.count, m.dispatchLag?.max]).toEqual([3, 0.9])
    expect(mergeMeasurements([part([1], 0, 1000), part([2], 0, 1000)]).dispatchLag).toBeUndefined()
  })

  test('measured time spans the earliest start to the latest end, so rps is not double-counted', () => {
    const m = mergeMeasurements([part([1, 1], 10_000, 2000), part([1, 1], 10_500, 2000)])
    expect(m.startedAt).toBe(10_000)
    expect(m.durationMs).toBe(2500)
    expect(m.rps).toBe(4 / 2.5)
  })

  test('timelines are re-based onto the earliest start', () => {
    const m = mergeMeasurements([part([5], 0, 1000), part([7], 2000, 1000)])
    expect(m.timeline.map((p) => [p.t, p.count, p.latencyMaxMs])).toEqual([[0, 1, 5], [2, 1, 7]])
  })

  test('one uncorrected or saturated part marks the whole', () => {
    const corrected = part([1], 0, 1000, { facts: { coordinatedOmission: 'corrected', saturation: { saturated: false, reasons: [] } } })
    const uncorrected = part([1], 0, 1000, { facts: { coordinatedOmission: 'uncorrected', saturation: { saturated: true, reasons: ['event loop lag 80 ms'] } } })
    const m = mergeMeasurements([corrected, uncorrected])
    expect(m.facts.coordinatedOmission).toBe('uncorrected')
    expect(m.facts.saturation).toEqual({ saturated: true, reasons: ['event loop lag 80 ms'] })
  })

  test('sub-measurements per tag merge tag by tag', () => {
    const a = part([1], 0, 1000, { byTag: { 'GET /a': part([1], 0, 1000) } })
    const b = part([9], 0, 1000, { byTag: { 'GET /a': part([3], 0, 1000), 'POST /b': part([9], 0, 1000) } })
    const m = mergeMeasurements([a, b])
    expect(m.byTag['GET /a']?.count).toBe(2)
    expect(m.byTag['GET /a']?.latency.max).toBe(3)
    expect(m.byTag['POST /b']?.count).toBe(1)
  })

  test('merging nothing is an error', () => {
    expect(() => mergeMeasurements([])).toThrow(/at least one measurement/)
  })

  test('a single part comes back unchanged', () => {
    const data = part([1, 2], 0, 1000)
    expect(mergeMeasurements([measurementOf(data)]).toJSON()).toEqual(data)
  })

  test('outages of threads that ran together are one outage on the merged clock, recovered when every thread saw the server back', () => {
    const facts = (outages: Outage[]): Partial<MeasurementData> => ({ facts: { coordinatedOmission: 'uncorrected', saturation: { saturated: false, reasons: [] }, outages } })
    const a = part([1], 1000, 5000, facts([{ startMs: 1500, endMs: 3500, errors: 10, recoveryMs: 2000 }]))
    const b = part([1], 1100, 5000, facts([{ startMs: 1500, endMs: 3600, errors: 12, recoveryMs: 2100 }, { startMs: 4000, endMs: 4900, errors: 3 }]))
    expect(mergeMeasurements([a, b]).facts.outages).toEqual([
      { startMs: 1500, endMs: 3700, errors: 22, recoveryMs: 2200 },
      { startMs: 4100, endMs: 5000, errors: 3 },
    ])
  })
})

