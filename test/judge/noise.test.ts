import { describe, expect, test } from 'vitest'
import { failsTest, judge, percentileRankInterval } from '../../src/judge/index.ts'
import { binOf, measurementOf, withNoise, type TimelinePoint } from '../../src/measure/index.ts'

/**
 * 1,000 samples, 1..1000 ms, over 10 seconds of 100: `even` gives every second its share of each
 * decile; `bursty` deals most of the slow tenth to seconds 0, 3 and 7, `stalled` all of it.
 */
function run(mode: 'even' | 'bursty' | 'stalled') {
  const bursty = mode !== 'even'
  const samples = Array.from({ length: 1000 }, (_, i) => i + 1)
  const perSecond: number[][] = Array.from({ length: 10 }, () => [])
  if (bursty) {
    // Fast samples spread evenly; the slow ones (901..1000) dealt out so that seconds 0, 3 and 7
    // get most of them, each slow sample in turn (so every second gets some of each slow decile).
    const fast = samples.slice(0, 900)
    const slow = samples.slice(900)
    // 'stalled': all of them in those three seconds.
    const deal = mode === 'stalled' ? [0, 3, 7] : [0, 3, 7, 0, 3, 7, 0, 3, 7, 1, 2, 4, 5, 6, 8, 9, 0, 3, 7, 5]
    slow.forEach((ms, k) => perSecond[deal[k % deal.length]!]!.push(ms))
    let f = 0
    for (let t = 0; t < 10; t++) while (perSecond[t]!.length < 100) perSecond[t]!.push(fast[f++]!)
  } else {
    samples.forEach((ms, i) => perSecond[i % 10]!.push(ms))
  }
  const timeline: TimelinePoint[] = perSecond.map((xs, t) => {
    const bins = new Map<number, number>()
    for (const ms of xs) bins.set(binOf(ms), (bins.get(binOf(ms)) ?? 0) + 1)
    return { t, count: xs.length, errors: 0, latencySumMs: xs.reduce((a, b) => a + b, 0), latencyMaxMs: Math.max(...xs), bins: [...bins].sort((a, b) => a[0] - b[0]) }
  })
  return measurementOf(withNoise({ version: 1, source: 'load', latency: { kind: 'exact', samplesMs: perSecond.flat() }, count: 1000, errors: 0, errorsByKind: {}, durationMs: 10_000, startedAt: 0, timeline, facts: { coordinatedOmission: 'corrected', saturation: { saturated: false, reasons: [] } } }))
}

describe('noise-aware intervals', () => {
  test('an overdispersion φ moves each end of the rank interval √φ times as far from n·p', () => {
    const plain = percentileRankInterval(95, 1000)
    const wide = percentileRankInterval(95, 1000, 4)
    expect(plain).toEqual({ low: 936, high: 964 })
    expect(wide).toEqual({ low: 922, high: 978 })
    // Too wide for the sample on one side: that end is missing.
    expect(percentileRankInterval(99, 1000, 9)).toEqual({ low: 969, high: undefined })
  })

  test('a quiet run keeps the binomial interval; a bursty one is widened, and the verdict says by how much', () => {
    const quiet = judge(run('even'), { stat: 'p95', limitMs: 2000 })
    expect(quiet).toMatchObject({ status: 'pass', confidence: { low: 936, high: 964 } })
    expect(quiet.overdispersion).toBeUndefined()
    const bursty = run('bursty')
    expect(bursty.latency.p95).toBe(950)
    const verdict = judge(bursty, { stat: 'p95', limitMs: 2000 })
    // φ about 3: the interval 925–975 ms, √φ times the binomial 936–964 ms.
    expect(verdict.overdispersion).toBeGreaterThan(2)
    const width = verdict.confidence!.high - verdict.confidence!.low
    expect(width / (964 - 936)).toBeCloseTo(Math.sqrt(verdict.overdispersion!), 0)
    // A limit of 930 ms is under the whole binomial interval (a fail) but inside the widened one: within noise.
    expect(judge(run('even'), { stat: 'p95', limitMs: 930 }).status).toBe('fail')
    expect(judge(bursty, { stat: 'p95', limitMs: 930 })).toMatchObject({ status: 'inconclusive', reason: 'within-noise' })
  })

  test('a run too noisy to bound a percentile is inconclusive noisy-run, which warns and does not fail the test', () => {
    const bursty = run('stalled')
    const p99 = judge(bursty, { stat: 'p99', limitMs: 995 })
    expect(p99).toMatchObject({ status: 'inconclusive', reason: 'noisy-run' })
    expect(p99.summary).toMatch(/too noisy to judge p99: its seconds varied [\d.]+× more than independent samples do; stalls at 0 s, 3 s, 7 s/)
    expect(failsTest(p99)).toBe(false)
    // Clearly over the limit on the side that stays inside the sample: still a failure.
    expect(judge(bursty, { stat: 'p99', limitMs: 500 })).toMatchObject({ status: 'fail' })
  })
})
