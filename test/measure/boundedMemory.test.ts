import { describe, expect, test } from 'vitest'
import { EXACT_SAMPLE_CAP, HISTOGRAM_RELATIVE_ERROR } from 'perfgate'
import { LatencyRecorder, latencyOf } from '../../src/measure/index.ts'

// A deterministic, heavy-tailed stream: most values near 10 ms, a tail up to seconds.
function* stream(n: number): Generator<number> {
  let seed = 12345
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    const u = seed / 2 ** 31
    yield 5 + 10 * -Math.log(1 - u) + (u > 0.995 ? 2000 * u : 0)
  }
}

describe('bounded memory', () => {
  test('a million samples stay exact', () => {
    const recorder = new LatencyRecorder()
    for (const ms of stream(EXACT_SAMPLE_CAP)) recorder.record(ms)
    const data = recorder.toData()
    expect(data.kind).toBe('exact')
    expect(latencyOf(data).exact).toBe(true)
  })

  test('past the cap, samples fold into a histogram whose size does not grow with the run', () => {
    const cap = 50_000
    const exact = Array.from(stream(400_000))
    const recorder = new LatencyRecorder(cap)
    let bucketsAtHalf = 0
    exact.forEach((ms, i) => {
      recorder.record(ms)
      if (i === 200_000) bucketsAtHalf = (recorder.toData() as { buckets: unknown[] }).buckets.length
    })
    const data = recorder.toData()
    expect(data.kind).toBe('histogram')
    if (data.kind !== 'histogram') return
    // Buckets are bounded by the value range, not the sample count: doubling the run barely adds any.
    expect(data.buckets.length).toBeLessThan(bucketsAtHalf * 1.2)
    expect(data.buckets.length).toBeLessThan(10_000)
    expect(JSON.stringify(data).length).toBeLessThan(200_000)

    const approx = latencyOf(data)
    const sorted = [...exact].sort((a, b) => a - b)
    expect(approx.count).toBe(exact.length)
    expect(approx.max).toBe(sorted.at(-1))
    expect(approx.min).toBe(sorted[0])
    for (const p of [50, 90, 95, 99, 99.9]) {
      const truth = sorted[Math.ceil((p * sorted.length) / 100) - 1]!
      expect(Math.abs(approx.percentile(p) - truth) / truth).toBeLessThanOrEqual(HISTOGRAM_RELATIVE_ERROR * 1.01)
    }
  })
})
