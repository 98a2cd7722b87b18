import { expect, test } from 'vitest'
import 'perfgate/vitest'
import { fromSamples, load, parseMeasurement } from 'perfgate'

const ok = (n: number) => Array(n).fill(1)
const rateOf = (trues: number, total: number) =>
  parseMeasurement({ ...fromSamples(ok(1), { durationMs: 1000 }).toJSON(), metrics: { rates: { cache_hit: { trues, total } } } }).rate('cache_hit')

test('judges the true fraction of a custom rate with 95% confidence', async () => {
  await expect(rateOf(900, 1000)).toHaveRateAtLeast(0.8)
  await expect(expect(rateOf(600, 1000)).toHaveRateAtLeast(0.8)).rejects.toThrow(/successRate 60.00%, limit >= 80.00% .* FAIL[\s\S]*600 ok, 400 failed \(false: 400\)/)
  await expect(rateOf(600, 1000)).not.toHaveRateAtLeast(0.8)
})

test('a rate within noise of the limit is reported, not passed', async ({ task }) => {
  await expect(rateOf(82, 100)).toHaveRateAtLeast(0.8)
  expect(task.meta.perfgate?.[0]?.verdicts[0]).toMatchObject({ status: 'inconclusive', reason: 'within-noise', confidence: { level: 0.95 } })
})

test('too few observations to show the limit even if all were true is inconclusive and fails', async () => {
  // 0.8 needs 16 observations: Wilson's lower end for 15 of 15 is 0.796.
  await expect(expect(rateOf(15, 15)).toHaveRateAtLeast(0.8)).rejects.toThrow(/needs at least 16 observations to be shown with 95% confidence even if all succeed; got 15/)
  await expect(rateOf(16, 16)).toHaveRateAtLeast(0.8)
})

test('of any measurement, the successful fraction; a percentage is caught', async () => {
  await expect(fromSamples(ok(990), { errors: 10 })).toHaveRateAtLeast(0.95)
  await expect(expect(fromSamples(ok(1))).toHaveRateAtLeast(80)).rejects.toThrow(/Did you mean 0.8/)
  await expect(expect(fromSamples(ok(1))).toHaveRateAtLeast(1)).rejects.toThrow(/toHaveErrorRateBelow\(0\)/)
})

test('a cache hit rate recorded by a function workload', async () => {
  const cache = new Map<number, string>()
  const m = await load(
    {
      run: async ({ iteration, metrics }) => {
        const key = iteration % 50 // 50 keys, 500 gets: the first get of each key misses
        const hit = cache.has(key)
        if (!hit) cache.set(key, `value ${key}`)
        metrics.rate('cache_hit', hit)
      },
    },
    { connections: 4, requests: 500 },
  )
  expect(m.rate('cache_hit').errorRate).toBe(0.1)
  await expect(m.rate('cache_hit')).toHaveRateAtLeast(0.8)
})
