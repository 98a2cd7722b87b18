import { describe, expect, test } from 'vitest'
import { fromSamples, mergeMeasurements, parseMeasurement, stringifyMeasurement, type MeasurementData } from 'perfgate'
import { isPerfgateError } from '../../src/errors/index.ts'

function withMetrics(metrics: MeasurementData['metrics'], extra: Partial<MeasurementData> = {}): MeasurementData {
  return { ...fromSamples([1, 2, 3], { durationMs: 1000 }).toJSON(), ...(metrics ? { metrics } : {}), ...extra }
}

const sync = (samplesMs: number[]) => ({ kind: 'exact' as const, samplesMs })

describe('custom metrics on a Measurement', () => {
  test('a trend is a Measurement of its own, judged with the run\'s facts', () => {
    const m = parseMeasurement(withMetrics({ trends: { emr_sync: sync([10, 20, 30, 40]) } }, { facts: { coordinatedOmission: 'corrected', saturation: { saturated: true, reasons: ['busy'] } } }))
    const trend = m.trend('emr_sync')
    expect(trend.count).toBe(4)
    expect(trend.latency.p50).toBe(20)
    expect(trend.latency.max).toBe(40)
    expect(trend.durationMs).toBe(1000)
    expect(trend.name).toBe('emr_sync')
    // Saturation carries over (the judge must abstain); the workload timed the trend itself.
    expect(trend.facts.saturation.saturated).toBe(true)
    expect(trend.facts.coordinatedOmission).toBe('not-applicable')
  })

  test('a rate counts true observations as successes and false ones as errors', () => {
    const m = parseMeasurement(withMetrics({ rates: { cache_hit: { trues: 85, total: 100 } }, counters: { jobs: 7 } }))
    const rate = m.rate('cache_hit')
    expect([rate.count, rate.errors, rate.total]).toEqual([85, 15, 100])
    expect(rate.errorsByKind).toEqual({ false: 15 })
    expect(rate.latency.count).toBe(0)
    expect(m.counter('jobs')).toBe(7)
  })

  test('an unknown name is a coded error listing the recorded ones', () => {
    const m = parseMeasurement(withMetrics({ trends: { emr_sync: sync([1]) } }))
    const error = (() => { try { m.trend('emr_synk') } catch (e) { return e as Error } })()
    expect(isPerfgateError(error, 'PERFGATE_ERR_INVALID_INPUT')).toBe(true)
    expect(error?.message).toMatch(/no trend named 'emr_synk'; its trends: 'emr_sync'/)
    expect(() => m.rate('hit')).toThrow(/its rates: none/)
    expect(() => m.counter('jobs')).toThrow(/metrics.count\('jobs'/)
  })

  test('merge: trend samples join, rates and counters add up, in the run and in each tag', () => {
    const a = withMetrics({ trends: { get: sync([1, 2]) }, rates: { hit: { trues: 8, total: 10 } }, counters: { sets: 2 } })
    const b = withMetrics({ trends: { get: sync([3]), set: sync([9]) }, rates: { hit: { trues: 1, total: 10 } } })
    const m = mergeMeasurements([
      { ...a, byTag: { x: withMetrics({ counters: { n: 1 } }) } },
      { ...b, byTag: { x: withMetrics({ counters: { n: 2 } }) } },
    ])
    expect(m.trend('get').count).toBe(3)
    expect(m.trend('get').latency.max).toBe(3)
    expect(m.trend('set').count).toBe(1)
    expect(m.rate('hit').count).toBe(9)
    expect(m.rate('hit').total).toBe(20)
    expect(m.counter('sets')).toBe(2)
    expect(m.byTag.x!.counter('n')).toBe(3)
    expect(mergeMeasurements([withMetrics(undefined), withMetrics(undefined)]).metrics).toBeUndefined()
  })

  test('metrics survive JSON; a saved measurement without them is still read', () => {
    const m = parseMeasurement(withMetrics({ trends: { get: sync([1.5]) }, rates: { hit: { trues: 1, total: 2 } }, counters: { n: 3 } }))
    const back = parseMeasurement(stringifyMeasurement(m))
    expect(back.metrics).toEqual(m.metrics)
    const old = JSON.parse(stringifyMeasurement(fromSamples([1, 2]))) as Record<string, unknown>
    expect('metrics' in old).toBe(false)
    expect(parseMeasurement(old).count).toBe(2)
  })

  test('bad metrics in a saved file name the field', () => {
    expect(() => parseMeasurement(withMetrics({ rates: { hit: { trues: 11, total: 10 } } }))).toThrow(/'metrics.rates\["hit"\]' must be \{ trues, total \}/)
    expect(() => parseMeasurement(withMetrics({ trends: { get: sync([-1]) } }))).toThrow(/'metrics.trends\["get"\].samplesMs\[0\]'/)
    expect(() => parseMeasurement(withMetrics({ counters: { n: Number.NaN } }))).toThrow(/'metrics.counters\["n"\]' must be a finite number/)
  })
})
