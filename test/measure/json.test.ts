import { describe, expect, test } from 'vitest'
import { fromSamples, parseMeasurement, stringifyMeasurement } from 'perfgate'
import { LatencyRecorder, measurementOf } from '../../src/measure/index.ts'

describe('JSON round trip', () => {
  test('a measurement survives stringify → parse with every statistic intact', () => {
    const m = fromSamples([5, 1, 9, 3, 7], { durationMs: 2000, errors: { timeout: 1 }, name: 'GET /x', facts: { coordinatedOmission: 'corrected' } })
    const back = parseMeasurement(stringifyMeasurement(m))
    expect(back.toJSON()).toEqual(m.toJSON())
    expect([back.latency.p50, back.latency.max, back.errorRate, back.rps, back.name]).toEqual([5, 9, 1 / 6, 2.5, 'GET /x'])
    expect(JSON.parse(JSON.stringify(m))).toEqual(m.toJSON())
  })

  test('a histogram-mode measurement round-trips too', () => {
    const recorder = new LatencyRecorder(10)
    for (let i = 1; i <= 100; i++) recorder.record(i)
    const m = measurementOf({ ...fromSamples([]).toJSON(), latency: recorder.toData(), count: 100 })
    const back = parseMeasurement(JSON.stringify(m))
    expect(back.latency.exact).toBe(false)
    expect(back.latency.p95).toBe(m.latency.p95)
    expect(back.latency.count).toBe(100)
  })

  test('foreign JSON is rejected with a clear error', () => {
    expect(() => parseMeasurement('{"p95": 3}')).toThrow(/Not a perfgate measurement: unsupported version/)
    expect(() => parseMeasurement({ ...fromSamples([1]).toJSON(), latency: undefined })).toThrow(/'latency' must be/)
  })
})
