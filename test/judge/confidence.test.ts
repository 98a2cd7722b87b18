import { describe, expect, test } from 'vitest'
import { minSamplesFor } from 'perfgate'
import { percentileRankInterval, proportionInterval } from '../../src/judge/index.ts'

function binomialCdf(k: number, n: number, p: number): number {
  let sum = 0
  for (let i = 0; i <= k; i++) {
    let logC = 0
    for (let j = 0; j < i; j++) logC += Math.log(n - j) - Math.log(j + 1)
    sum += Math.exp(logC + i * Math.log(p) + (n - i) * Math.log1p(-p))
  }
  return sum
}

describe('order-statistic confidence intervals', () => {
  test('minimum samples: both ends of a 95% interval exist inside the sample', () => {
    expect(minSamplesFor(50)).toBe(6)
    expect(minSamplesFor(95)).toBe(72)
    expect(minSamplesFor(99)).toBe(368)
    expect(minSamplesFor(99.9)).toBe(3688)
    expect(percentileRankInterval(99, 367).high).toBeUndefined()
    expect(percentileRankInterval(99, 368).high).toBe(368)
  })

  test.each([
    [50, 20],
    [95, 200],
    [99, 1000],
  ])('p%s of %s samples: ranks cover the quantile with at least 95%%', (percentile, n) => {
    const { low, high } = percentileRankInterval(percentile, n)
    const p = percentile / 100
    // P(low <= B <= high - 1) where B ~ Binomial(n, p) counts samples below the true quantile.
    const coverage = binomialCdf(high! - 1, n, p) - binomialCdf(low! - 1, n, p)
    expect(coverage).toBeGreaterThanOrEqual(0.95)
    // and the interval is tight: one rank narrower on either side drops under 97.5% per tail
    expect(binomialCdf(high! - 2, n, p)).toBeLessThan(0.975)
    expect(binomialCdf(low!, n, p)).toBeGreaterThan(0.025)
  })

  test('the normal approximation for large n brackets n·p', () => {
    const { low, high } = percentileRankInterval(95, 100_000)
    expect(low).toBeGreaterThan(94_800)
    expect(low).toBeLessThan(95_000)
    expect(high).toBeGreaterThan(95_000)
    expect(high).toBeLessThan(95_200)
  })

  test('Wilson interval is honest at zero failures', () => {
    const { low, high } = proportionInterval(0, 100)
    expect(low).toBe(0)
    expect(high).toBeGreaterThan(0.03)
    expect(high).toBeLessThan(0.04)
  })
})

describe('minSamplesForRate', () => {
  test('is the fewest observations whose all-true Wilson interval clears the limit', async () => {
    const { minSamplesForRate } = await import('../../src/judge/index.ts')
    for (const min of [0.5, 0.8, 0.95, 0.999]) {
      const n = minSamplesForRate(min)
      expect(proportionInterval(0, n).high, `failures interval at n = ${n}`).toBeGreaterThan(0)
      // All n true: the success interval's low end (1 - the failure interval's high end) reaches min; at n - 1 it does not.
      expect(1 - proportionInterval(0, n).high).toBeGreaterThanOrEqual(min - 1e-12)
      expect(1 - proportionInterval(0, n - 1).high).toBeLessThan(min)
    }
    expect([minSamplesForRate(0.8), minSamplesForRate(0.95), minSamplesForRate(0.999)]).toEqual([16, 73, 3838])
  })
})
