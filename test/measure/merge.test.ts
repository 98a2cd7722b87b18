import { describe, expect, test } from 'vitest'
import { EXACT_SAMPLE_CAP, fromSamples, HISTOGRAM_RELATIVE_ERROR, mergeMeasurements, parseMeasurement, stringifyMeasurement, type MeasurementData, type Outage } from 'perfgate'
import { binOf, measurementOf, percentileOfSorted } from '../../src/measure/index.ts'

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


describe('mergeMeasurements: shards and latency definitions', () => {
  const shard = (index: number, count: number, samples = [index]): MeasurementData =>
    part(samples, 5000, 1000, { latencyFrom: 'intended-start', shard: { index, count } })

  test('parts whose latency starts at different points are refused, naming both definitions and both parts', () => {
    const open = part([1], 0, 1000, { latencyFrom: 'intended-start' })
    const closed = part([1], 0, 1000, { latencyFrom: 'send' })
    const error = caught(() => mergeMeasurements([open, open, closed], { names: ['a.json', 'b.json', 'c.json'] }))
    expect(error).toMatchObject({ code: 'PERFGATE_ERR_MERGE_MISMATCH' })
    expect(error.message).toMatch(/^Cannot merge a\.json \(latency from each request's intended start .*\) with c\.json \(latency from the actual send .*\)/)
    expect(caught(() => mergeMeasurements([closed, open])).message).toMatch(/^Cannot merge part 1 .* with part 2 /)
  })

  test('a bench and a load are refused too; parts saved before latencyFrom existed merge with either', () => {
    const bench = part([1], 0, 1000, { source: 'bench' })
    expect(caught(() => mergeMeasurements([part([1], 0, 1000, { latencyFrom: 'send' }), bench])).message).toMatch(/in-process timing of a benchmarked function/)
    const old = part([1], 0, 1000)
    expect(mergeMeasurements([old, part([2], 0, 1000, { latencyFrom: 'send' })]).latencyFrom).toBeUndefined()
    expect(mergeMeasurements([part([1], 0, 1000, { latencyFrom: 'send' }), part([2], 0, 1000, { latencyFrom: 'send' })]).latencyFrom).toBe('send')
  })

  test('a merge of shards holds which shards it has; a whole run has no shard notes', () => {
    const m = mergeMeasurements([shard(2, 3), shard(1, 3), shard(3, 3)])
    expect(m.shards).toEqual({ count: 3, indexes: [1, 2, 3] })
    expect(m.shard).toBeUndefined()
    expect(m.latencyFrom).toBe('intended-start')
    expect(m.facts.notes ?? []).toEqual([])
    expect(parseMeasurement(stringifyMeasurement(m)).shards).toEqual({ count: 3, indexes: [1, 2, 3] })
  })

  test('missing and duplicate shards are noted; merging the rest later drops the stale note', () => {
    const partial = mergeMeasurements([shard(1, 4), shard(3, 4), shard(3, 4)])
    expect(partial.shards).toEqual({ count: 4, indexes: [1, 3, 3] })
    expect(partial.facts.notes).toEqual([
      expect.stringMatching(/^Missing shards 2\/4, 4\/4: this measurement holds 2 of the run's 4 shards/),
      expect.stringMatching(/^Shard 3\/4 merged more than once: its requests are counted twice/),
    ])
    const whole = mergeMeasurements([mergeMeasurements([shard(1, 4), shard(2, 4)]), shard(3, 4), shard(4, 4)])
    expect(whole.shards).toEqual({ count: 4, indexes: [1, 2, 3, 4] })
    expect(whole.facts.notes ?? []).toEqual([])
  })

  test('shards of different splits, or a shard with a part that is none, are refused', () => {
    const split = caught(() => mergeMeasurements([shard(1, 4), shard(2, 8)], { names: ['s1.json', 's2.json'] }))
    expect(split).toMatchObject({ code: 'PERFGATE_ERR_MERGE_MISMATCH' })
    expect(split.message).toMatch(/^Cannot merge s1\.json \(shard 1\/4\) with s2\.json \(shard 2\/8\): they are not shards of one run split 4 ways/)
    expect(caught(() => mergeMeasurements([shard(1, 2), part([1], 0, 1000)])).message).toMatch(/with part 2 \(not a shard\)/)
  })

  test('shards of different runs are refused: another load shape, or times that never overlapped', () => {
    const at = (index: number, startedAt: number, rate = 400) => ({ ...shard(index, 2), startedAt, facts: { ...shard(index, 2).facts, shape: { kind: 'open', rate, durationMs: 1000 } } })
    expect(mergeMeasurements([at(1, 5000), at(2, 5000)]).count).toBe(2)
    const shape = caught(() => mergeMeasurements([at(1, 5000), at(2, 5000, 800)], { names: ['a.json', 'b.json'] }))
    expect(shape).toMatchObject({ code: 'PERFGATE_ERR_MERGE_MISMATCH' })
    expect(shape.message).toMatch(/^Cannot merge a\.json \(shard 1\/2\) with b\.json \(shard 2\/2\): they record different load shapes .*"rate":400.*"rate":800/)
    // Yesterday's shard 2 beside today's shard 1: a file left from an earlier run.
    const stale = caught(() => mergeMeasurements([at(1, 86_405_000), at(2, 5000)], { names: ['today.json', 'old.json'] }))
    expect(stale).toMatchObject({ code: 'PERFGATE_ERR_MERGE_MISMATCH' })
    expect(stale.message).toMatch(/^Cannot merge old\.json \(shard 2\/2\) \(ran 1970-01-01T00:00:05\.000Z – 1970-01-01T00:00:06\.000Z\) with today\.json \(shard 1\/2\) \(started .*\): they never ran at the same time/)
  })

  test('timelines of processes that started at one common time line up second by second, exactly', () => {
    const at = 1_796_000_000_123
    const point = (t: number, count: number, max: number) => ({ t, count, errors: 0, latencySumMs: count * max, latencyMaxMs: max, bins: [[binOf(max), count]] as Array<[number, number]> })
    const a = part([1], at, 3000, { timeline: [point(0, 4, 2), point(2, 5, 3)] })
    const b = part([1], at, 3000, { timeline: [point(0, 6, 9), point(1, 1, 1)] })
    const later = part([1], at + 2000, 1000, { timeline: [point(0, 7, 4)] })
    const m = mergeMeasurements([a, b, later])
    expect(m.timeline.map((p) => [p.t, p.count, p.latencyMaxMs, p.bins])).toEqual([
      [0, 10, 9, [[binOf(2), 4], [binOf(9), 6]]],
      [1, 1, 1, [[binOf(1), 1]]],
      [2, 12, 4, [[binOf(3), 5], [binOf(4), 7]]],
    ])
    expect(m.facts.notes ?? []).toEqual([])
    // A part started a fraction of a second off can only be put in the nearest second: said so.
    const off = mergeMeasurements([a, part([1], at + 1400, 1000)], { names: ['a.json', 'late.json'] })
    expect(off.facts.notes).toEqual([expect.stringMatching(/^late\.json started 1400 ms after the earliest part, not a whole number of seconds/)])
    // Threads of one run start a few ms apart: nothing a second shows, nothing noted.
    expect(mergeMeasurements([a, part([1], at + 20, 1000)]).facts.notes ?? []).toEqual([])
  })

  test('past the exact cap, merged percentiles are within the histogram\'s stated error of the exact union', () => {
    // Three exact parts of 400,000 samples each: their union (1.2 million) is past EXACT_SAMPLE_CAP.
    let seed = 17
    const random = (): number => ((seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648)
    const parts = [0, 1, 2].map((k) => {
      const samples = Array.from({ length: 400_000 }, () => (1 + k) * Math.exp(3 * random()) + random())
      return { samples, data: { ...fromSamples(samples).toJSON(), startedAt: 0, durationMs: 1000, latencyFrom: 'send' as const } }
    })
    const union = new Float64Array(parts.flatMap((p) => p.samples)).sort()
    expect(union.length).toBeGreaterThan(EXACT_SAMPLE_CAP)
    const m = mergeMeasurements(parts.map((p) => p.data))
    expect(m.latency.exact).toBe(false)
    expect(m.count).toBe(1_200_000)
    for (const p of [50, 90, 95, 99, 99.9]) {
      const exact = percentileOfSorted(union, p)
      const merged = m.latency.percentile(p)
      expect(Math.abs(merged - exact) / exact, `p${p}: ${merged} vs exact ${exact}`).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR)
    }
  })
})

function caught(fn: () => unknown): Error & { code?: string } {
  try {
    fn()
  } catch (error) {
    return error as Error & { code?: string }
  }
  throw new Error('expected an error, none was thrown')
}
