import { describe, expect, test } from 'vitest'
import { fromSamples } from '../../src/measure/fromSamples.ts'
import { baselineEntryOf } from '../../src/baseline/entry.ts'
import { compareToBaseline } from '../../src/baseline/compare.ts'

// 1..n ms scaled: every statistic and interval is known exactly.
const ramp = (n: number, scale = 1) => fromSamples(Array.from({ length: n }, (_, i) => (i + 1) * scale))
const base = baselineEntryOf(ramp(1000))
const statuses = (scale: number, n = 1000) => compareToBaseline(ramp(n, scale), base, 0.1).map((v) => `${v.metric}:${v.status}${v.reason ? `:${v.reason}` : ''}`)

describe('compareToBaseline', () => {
  test('a stable run passes every statistic', () => {
    expect(statuses(1)).toEqual(['p50:pass', 'p95:pass', 'p99:pass'])
  })

  test('a clear regression fails, outside noise', () => {
    const verdicts = compareToBaseline(ramp(1000, 1.5), base, 0.1)
    // p99 of 1,000 samples has 10 above it: too few for its change to fail a test, so it is advisory.
    expect(verdicts.map((v) => v.status)).toEqual(['fail', 'fail', 'inconclusive'])
    expect(verdicts[2]).toMatchObject({ reason: 'advisory' })
    expect(verdicts[1]).toMatchObject({ metric: 'p95', measured: 1425, limit: 1045, unit: 'ms', samples: 1000, confidence: { low: 1404, high: 1446 } })
    expect(verdicts[1]!.limit).toBeCloseTo(950 * 1.1)
    expect(verdicts[1]!.summary).toBe('p95 950 ms → 1,425 ms (+50%) against the baseline: a regression beyond the 10% tolerance, outside noise')
    expect(verdicts[1]!.hint).toMatch(/vitest -u/)
  })

  test('a change the intervals cannot resolve is within noise, not a failure', () => {
    expect(statuses(1.08)).toEqual(['p50:inconclusive:within-noise', 'p95:inconclusive:within-noise', 'p99:pass'])
    const p95 = compareToBaseline(ramp(1000, 1.08), base, 0.1)[1]!
    expect(p95.summary).toBe(
      'p95 950 ms → 1,026 ms (+8.0%) against the baseline: within noise — the 95% intervals (936 ms – 964 ms then, 1,011 ms – 1,041 ms now) cannot tell whether it moved more than the 10% tolerance',
    )
  })

  test('the tail, with tight intervals, catches a 12% slowdown the median cannot — with enough samples above it', () => {
    // 1,000 samples: p99's change is advisory (10 samples above it); 5,000 on both sides: a failure.
    expect(statuses(1.12)).toEqual(['p50:inconclusive:within-noise', 'p95:inconclusive:within-noise', 'p99:inconclusive:advisory'])
    const big = baselineEntryOf(ramp(5000))
    expect(compareToBaseline(ramp(5000, 1.12), big, 0.1).map((v) => `${v.metric}:${v.status}`)).toEqual(['p50:inconclusive', 'p95:fail', 'p99:fail'])
  })

  test('a faster run passes and says so', () => {
    const verdicts = compareToBaseline(ramp(1000, 0.5), base, 0.1)
    expect(verdicts.map((v) => v.status)).toEqual(['pass', 'pass', 'pass'])
    expect(verdicts[0]!.summary).toBe('p50 500 ms → 250 ms (−50%) against the baseline: faster, outside noise')
  })

  test('a wider tolerance turns the same slowdown into a pass', () => {
    expect(compareToBaseline(ramp(1000, 1.5), base, 0.7).map((v) => v.status)).toEqual(['pass', 'pass', 'pass'])
  })

  test('too few samples for p95 is inconclusive (fails the test); p99 is skipped', () => {
    expect(statuses(1, 50)).toEqual(['p50:pass', 'p95:inconclusive:too-few-samples'])
  })
})

describe('baselineEntryOf', () => {
  test('keeps quantiles, counts and the 95% intervals of the judged statistics', () => {
    expect(base).toEqual({
      count: 1000,
      errors: 0,
      rps: 1.998,
      durationMs: 500500,
      min: 1,
      max: 1000,
      mean: 500.5,
      quantiles: { p1: 10, p5: 50, p10: 100, p25: 250, p50: 500, p75: 750, p90: 900, p95: 950, p99: 990, 'p99.9': 999 },
      intervals: { p50: { value: 500, low: 469, high: 532 }, p95: { value: 950, low: 936, high: 964 }, p99: { value: 990, low: 983, high: 997 } },
    })
  })

  test('leaves out the intervals a small run cannot bound', () => {
    expect(Object.keys(baselineEntryOf(ramp(100)).intervals)).toEqual(['p50', 'p95'])
  })
})

describe('a baseline recorded from several runs', () => {
  test('pools their samples and keeps their run-to-run spread as the noise floor', () => {
    const runs = [ramp(1000, 1), ramp(1000, 1.04), ramp(1000, 0.96)]
    const entry = baselineEntryOf(runs)
    expect(entry).toMatchObject({ count: 3000, noise: { runs: 3 } })
    // p95 of the runs: 950, 988, 912 ms: a 4% spread.
    expect(entry.noise!.spread.p95).toBeCloseTo(0.04, 2)
    // A single-run baseline calls +15% a regression; this one's floor (±1.96·4%·√(1 + 1/3) ≈ 9%) does not.
    expect(compareToBaseline(ramp(1000, 1.15), base, 0.1)[1]!.status).toBe('fail')
    expect(compareToBaseline(ramp(1000, 1.15), entry, 0.1)[1]).toMatchObject({ status: 'inconclusive', reason: 'within-noise' })
    // Several current runs pooled shrink the floor on their side too.
    expect(compareToBaseline([ramp(1000, 1.5), ramp(1000, 1.5)], entry, 0.1)[1]!.status).toBe('fail')
  })
})
