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

  test('the dispatch lag round-trips, and a measurement saved before it existed still reads', () => {
    const data = { ...fromSamples([1, 2, 3]).toJSON(), dispatchLag: { kind: 'exact' as const, samplesMs: [0.01, 0.02, 0.5, 0.03] } }
    const back = parseMeasurement(JSON.stringify(data))
    expect(back.toJSON()).toEqual(data)
    // One sample per request sent on a free connection, failed ones too: not tied to count.
    expect([back.dispatchLag?.count, back.dispatchLag?.max]).toEqual([4, 0.5])
    expect(parseMeasurement(JSON.stringify(fromSamples([1, 2, 3]).toJSON())).dispatchLag).toBeUndefined()
    expect(() => parseMeasurement({ ...data, dispatchLag: { kind: 'exact', samplesMs: [-1] } })).toThrow(/'dispatchLag.samplesMs\[0\]' must be a finite latency/)
  })

  test('foreign JSON is rejected with a clear error', () => {
    expect(() => parseMeasurement('{"p95": 3}')).toThrow(/Not a perfgate measurement: unsupported version/)
    expect(() => parseMeasurement({ ...fromSamples([1]).toJSON(), latency: undefined })).toThrow(/'latency' must be/)
  })
})

describe('stringifyMeasurement redacts', () => {
  test('secrets in tag names, names and notes never reach the text; numbers and structure stay', () => {
    const tagged = fromSamples([1, 2, 3], { durationMs: 1000, name: 'GET /x?token=s3cr3tvalue123' }).toJSON()
    const data = {
      ...tagged,
      byTag: { 'GET https://api.example/x?api_key=s3cr3tvalue123': fromSamples([4], { durationMs: 1000 }).toJSON() },
      facts: { ...tagged.facts, notes: ['sent with authorization: Bearer abcdef123456'] },
    }
    const text = stringifyMeasurement(data)
    expect(text).not.toMatch(/s3cr3tvalue123|abcdef123456/)
    const back = parseMeasurement(text)
    expect([back.count, back.latency.p50, Object.values(back.byTag).map((m) => m.count)]).toEqual([3, 2, [1]])
    expect(Object.keys(back.byTag)[0]).toBe('GET https://api.example/x?api_key=***')
  })
})
