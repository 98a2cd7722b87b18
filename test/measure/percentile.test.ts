import { describe, expect, test } from 'vitest'
import { fromSamples, isPerfgateError } from 'perfgate'

describe('nearest-rank percentiles', () => {
  test('one sample is every percentile', () => {
    const { latency } = fromSamples([7])
    expect([latency.percentile(0.1), latency.p50, latency.p99, latency.percentile(100), latency.max]).toEqual([7, 7, 7, 7, 7])
  })

  test('unsorted input gives the same answer as sorted', () => {
    const values = [30, 10, 50, 20, 40]
    const shuffled = fromSamples(values).latency
    const sorted = fromSamples([...values].sort((a, b) => a - b)).latency
    for (const p of [0.1, 20, 40, 50, 60, 99, 100]) expect(shuffled.percentile(p)).toBe(sorted.percentile(p))
    expect(shuffled.p50).toBe(30)
  })

  test('is the smallest sample with at least p% at or below it', () => {
    const { latency } = fromSamples(Array.from({ length: 100 }, (_, i) => i + 1))
    expect(latency.p50).toBe(50)
    expect(latency.p95).toBe(95)
    expect(latency.p99).toBe(99)
    expect(latency.percentile(99.1)).toBe(100)
    expect(latency.percentile(0.1)).toBe(1)
    expect(latency.percentile(100)).toBe(100)
  })

  test('p99.9 of 1000 samples is rank 999 despite floating point (99.9 * 1000 / 100)', () => {
    const { latency } = fromSamples(Array.from({ length: 1000 }, (_, i) => i + 1))
    expect(latency.p999).toBe(999)
    expect(latency.percentile(99.9)).toBe(999)
  })

  test('ties: the value repeats, never an interpolation', () => {
    const { latency } = fromSamples([1, 2, 2, 2, 2, 2, 9, 9, 9, 9])
    expect(latency.p50).toBe(2)
    expect(latency.percentile(60)).toBe(2)
    expect(latency.percentile(61)).toBe(9)
    expect(latency.p95).toBe(9)
  })

  test('no samples give NaN, not zero', () => {
    expect(fromSamples([]).latency.p95).toBeNaN()
  })

  test('p outside (0, 100] is a clear error', () => {
    const { latency } = fromSamples([1, 2, 3])
    for (const p of [0, -1, 101, Number.NaN]) {
      let error: unknown
      try {
        latency.percentile(p)
      } catch (caught) {
        error = caught
      }
      expect(isPerfgateError(error, 'PERFGATE_ERR_INVALID_INPUT')).toBe(true)
      expect((error as Error).message).toMatch(/p must be a number in \(0, 100\]/)
    }
  })

  test('mean and stddev', () => {
    const { latency } = fromSamples([2, 4, 4, 4, 5, 5, 7, 9])
    expect(latency.mean).toBe(5)
    expect(latency.stddev).toBeCloseTo(2.138, 3)
  })
})
