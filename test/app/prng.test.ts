import { describe, expect, it } from 'vitest'
import { mulberry32 } from '../../perf/app/index.ts'

describe('mulberry32', () => {
  it('repeats its sequence for a seed and differs for another seed', () => {
    const draw = (seed: number) => Array.from({ length: 5 }, mulberry32(seed).next)
    expect(draw(42)).toEqual(draw(42))
    expect(draw(42)).not.toEqual(draw(43))
    expect(draw(42).every((x) => x >= 0 && x < 1)).toBe(true)
  })

  it('draws integers within bounds, covering both ends', () => {
    const random = mulberry32(1)
    const rolls = Array.from({ length: 2000 }, () => random.int(1, 6))
    expect(new Set(rolls)).toEqual(new Set([1, 2, 3, 4, 5, 6]))
  })

  it('draws lognormal samples around the median', () => {
    const random = mulberry32(3)
    const samples = Array.from({ length: 4001 }, () => random.lognormal(150, 0.35)).sort((a, b) => a - b)
    expect(samples[2000]).toBeGreaterThan(135)
    expect(samples[2000]).toBeLessThan(165)
  })

  it('rejects a non-integer seed', () => {
    expect(() => mulberry32(1.5)).toThrow(/integer/)
  })
})
