import { describe, expect, test } from 'vitest'
import { fromSamples } from 'perfgate'

describe('fromSamples', () => {
  test('samples are the successes; errors are counted beside them', () => {
    const m = fromSamples([12.1, 9.8, 30.2], { durationMs: 1000, errors: 1 })
    expect(m.count).toBe(3)
    expect(m.errors).toBe(1)
    expect(m.total).toBe(4)
    expect(m.errorRate).toBe(0.25)
    expect(m.rps).toBe(3)
    expect(m.errorsByKind).toEqual({ error: 1 })
  })

  test('errors by kind add up', () => {
    const m = fromSamples([1], { errors: { timeout: 2, 'http-5xx': 3 } })
    expect(m.errors).toBe(5)
    expect(m.errorsByKind).toEqual({ timeout: 2, 'http-5xx': 3 })
  })

  test('duration defaults to the sum of the samples', () => {
    expect(fromSamples([100, 200]).durationMs).toBe(300)
  })

  test.each([[Number.NaN], [-1], [Number.POSITIVE_INFINITY]])('rejects the sample %s with its index', (bad) => {
    expect(() => fromSamples([1, bad])).toThrow(/sample #1 is .*finite, non-negative latency/)
  })

  test('rejects fractional or negative error counts', () => {
    expect(() => fromSamples([1], { errors: -1 })).toThrow(/errors must be non-negative whole numbers/)
    expect(() => fromSamples([1], { errors: { timeout: 1.5 } })).toThrow(/errors must be non-negative whole numbers/)
  })
})
