import { expect, test } from 'vitest'
import 'perfgate/vitest'
import { fromSamples } from 'perfgate'

const ok = (n: number) => Array(n).fill(1)

test('judges failures over all requests', async () => {
  await expect(fromSamples(ok(5000), { errors: 5 })).toHaveErrorRateBelow(0.01)
  await expect(expect(fromSamples(ok(900), { errors: { timeout: 100 } })).toHaveErrorRateBelow(0.01)).rejects.toThrow(
    /errorRate 10.00%, limit <= 1.00% .* FAIL[\s\S]*samples: 900 ok, 100 failed \(timeout: 100\)[\s\S]*try: look at errorsByKind/,
  )
})

test('a rate right at the limit is within noise: reported, not failed', async ({ task }) => {
  await expect(fromSamples(ok(990), { errors: 10 })).toHaveErrorRateBelow(0.01)
  expect(task.meta.perfgate?.[0]?.verdicts[0]).toMatchObject({ status: 'inconclusive', reason: 'within-noise' })
  await expect(fromSamples(ok(990), { errors: 10 })).not.toHaveErrorRateBelow(0.01)
})

test('a percentage instead of a fraction is caught', async () => {
  await expect(expect(fromSamples(ok(1))).toHaveErrorRateBelow(1.5)).rejects.toThrow(/Did you mean 0.015/)
})
