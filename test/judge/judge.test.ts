import { describe, expect, test } from 'vitest'
import { fromSamples, judge } from 'perfgate'
import { measurementOf } from '../../src/measure/index.ts'

const ramp = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

describe('judge', () => {
  test('pass when the whole interval is under the limit, with margin and confidence', () => {
    const v = judge(fromSamples(ramp(1000)), { stat: 'p95', limitMs: 1000 })
    expect(v).toMatchObject({ status: 'pass', metric: 'p95', measured: 950, limit: 1000, unit: 'ms', bound: 'at-most', samples: 1000, minSamples: 72 })
    expect(v.margin).toBeCloseTo(0.05)
    expect(v.confidence).toEqual({ level: 0.95, low: 936, high: 964 })
  })

  test('the judge marks a pass with under 10% headroom marginal; reasons belong to inconclusive verdicts only', () => {
    const close = judge(fromSamples(ramp(1000)), { stat: 'p95', limitMs: 1000 })
    expect(close).toMatchObject({ status: 'pass', marginal: true })
    expect(close.reason).toBeUndefined()
    expect('marginal' in judge(fromSamples(ramp(1000)), { stat: 'p95', limitMs: 2000 })).toBe(false)
    expect('marginal' in judge(fromSamples(ramp(1000)), { stat: 'p95', limitMs: 900 })).toBe(false)
  })

  test('fail when the whole interval is over the limit', () => {
    const v = judge(fromSamples(ramp(1000)), { stat: 'p95', limitMs: 900 })
    expect(v.status).toBe('fail')
    expect(v.margin).toBeLessThan(0)
    expect(v.hint).toMatch(/serviceTime/)
  })

  test('a measurement within noise of the limit is inconclusive, on either side of it', () => {
    const under = judge(fromSamples(ramp(1000)), { stat: 'p95', limitMs: 955 })
    const over = judge(fromSamples(ramp(1000)), { stat: 'p95', limitMs: 945 })
    for (const v of [under, over]) {
      expect(v.status).toBe('inconclusive')
      expect(v.reason).toBe('within-noise')
      expect(v.summary).toMatch(/within noise of the limit .* \(95% CI 936 ms – 964 ms\)/)
    }
  })

  test('too few samples for the percentile is inconclusive, with how many are needed', () => {
    const v = judge(fromSamples(ramp(20)), { stat: 'p99', limitMs: 1 })
    expect(v).toMatchObject({ status: 'inconclusive', reason: 'too-few-samples', minSamples: 368, samples: 20 })
    expect(v.summary).toBe('p99 needs at least 368 samples for a 95% confidence interval; got 20')
    expect(v.hint).toMatch(/about 19× what ran/)
  })

  test('a saturated generator makes every verdict inconclusive, with its reasons', () => {
    const data = fromSamples(ramp(1000)).toJSON()
    const m = measurementOf({ ...data, facts: { ...data.facts, saturation: { saturated: true, reasons: ['event-loop delay p99 120 ms'] } } })
    const v = judge(m, { stat: 'p95', limitMs: 10_000 })
    expect(v).toMatchObject({ status: 'inconclusive', reason: 'generator-saturated' })
    expect(v.summary).toMatch(/event-loop delay p99 120 ms/)
  })

  test('all requests failed: no data, and the hint names the errors', () => {
    const v = judge(fromSamples([], { errors: { 'connection-refused': 5 } }), { stat: 'p95', limitMs: 5 })
    expect(v).toMatchObject({ status: 'inconclusive', reason: 'no-data' })
    expect(v.hint).toMatch(/connection-refused: 5/)
  })

  test('max is a fact about the data: no interval, judged directly', () => {
    expect(judge(fromSamples([1, 2, 3]), { stat: 'max', limitMs: 3 }).status).toBe('pass')
    expect(judge(fromSamples([1, 2, 4]), { stat: 'max', limitMs: 3 }).status).toBe('fail')
  })

  test('error rate uses a Wilson interval', () => {
    const clean = fromSamples(ramp(5000), { errors: 0 })
    expect(judge(clean, { stat: 'errorRate', max: 0.01 }).status).toBe('pass')
    const bad = fromSamples(ramp(900), { errors: 100 })
    expect(judge(bad, { stat: 'errorRate', max: 0.01 })).toMatchObject({ status: 'fail', measured: 0.1, unit: 'ratio' })
    const near = fromSamples(ramp(990), { errors: 10 })
    expect(judge(near, { stat: 'errorRate', max: 0.01 }).reason).toBe('within-noise')
  })

  test('rps is a floor, judged over whole seconds of the timeline', () => {
    const timeline = Array.from({ length: 10 }, (_, t) => ({ t, count: 100 + (t % 2), errors: 0, latencySumMs: 100, latencyMaxMs: 2 }))
    const data = { ...fromSamples(Array(1005).fill(1), { durationMs: 10_000 }).toJSON(), timeline }
    expect(judge(measurementOf(data), { stat: 'rps', min: 50 })).toMatchObject({ status: 'pass', bound: 'at-least', unit: 'req/s' })
    expect(judge(measurementOf(data), { stat: 'rps', min: 200 }).status).toBe('fail')
    expect(judge(measurementOf(data), { stat: 'rps', min: 100.5 }).reason).toBe('within-noise')
  })

  test('a stall leaves silent seconds: they count as zero and widen the rps interval', () => {
    const busy = (t: number) => ({ t, count: 100, errors: 0, latencySumMs: 100, latencyMaxMs: 2 })
    const timeline = [0, 1, 2, 7, 8, 9].map(busy) // seconds 3–6: the server stalled, nothing answered
    const data = { ...fromSamples(Array(600).fill(1), { durationMs: 10_000 }).toJSON(), timeline }
    const v = judge(measurementOf(data), { stat: 'rps', min: 59 })
    expect(v.measured).toBe(60)
    expect(v.reason).toBe('within-noise')
    expect(v.confidence!.low).toBeLessThan(30)
  })

  test('an error-rate limit of zero gives a finite margin', () => {
    const v = judge(fromSamples(ramp(99), { errors: 1 }), { stat: 'errorRate', max: 0 })
    expect(v.status).toBe('fail')
    expect(v.margin).toBeCloseTo(-0.01)
  })
})

describe("the open model's own dispatch lag", () => {
  // 1,000 samples 1..1000 ms (p95 950 ms) with a generator that sent its requests up to 30 ms late.
  const lagged = (lagMs: number) =>
    measurementOf({
      ...fromSamples(Array.from({ length: 1000 }, (_, i) => i + 1), { durationMs: 10_000 }).toJSON(),
      dispatchLag: { kind: 'exact', samplesMs: Array.from({ length: 100 }, (_, i) => (i < 98 ? 0.05 : lagMs)) },
    })

  test('leaves a met limit met: the lag only ever adds to latency', () => {
    expect(judge(lagged(30), { stat: 'p95', limitMs: 2000 })).toMatchObject({ status: 'pass' })
  })

  test('makes a miss no larger than its p99 inconclusive, naming the lag', () => {
    const verdict = judge(lagged(30), { stat: 'p95', limitMs: 930 })
    expect(verdict).toMatchObject({ status: 'inconclusive', reason: 'generator-saturated', measured: 950 })
    expect(verdict.summary).toMatch(/misses the limit 930 ms by 20 ms, no more than perfgate's own dispatch lag \(p99 30 ms\)/)
  })

  test('keeps a miss larger than the lag a fail, and leaves error rates alone', () => {
    expect(judge(lagged(30), { stat: 'p95', limitMs: 500 })).toMatchObject({ status: 'fail' })
    expect(judge(lagged(0.05), { stat: 'p95', limitMs: 930 })).toMatchObject({ status: 'fail' })
    expect(judge(lagged(30), { stat: 'errorRate', max: 0.01 })).toMatchObject({ status: 'pass' })
  })
})
