import { expect, test } from 'vitest'
import 'perfgate/vitest'
import { fromSamples } from 'perfgate'

const ramp = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

test('any percentile, including p99.9', async () => {
  await expect(fromSamples(ramp(10_000))).toMeetPercentile(99.9, 10_000)
  await expect(expect(fromSamples(ramp(10_000))).toMeetPercentile(99.9, 9000)).rejects.toThrow(/p99.9 9,990 ms, limit <= 9,000 ms/)
})

test('p = 100 is the maximum, compared directly', async () => {
  await expect(fromSamples([1, 2, 3])).toMeetPercentile(100, 3)
  await expect(expect(fromSamples([1, 2, 3])).toMeetPercentile(100, 2)).rejects.toThrow(/max 3 ms, limit <= 2 ms/)
})

test('p outside (0, 100] is rejected before measuring', async () => {
  await expect(expect(fromSamples([1])).toMeetPercentile(101, 5)).rejects.toMatchObject({ code: 'PERFGATE_ERR_INVALID_THRESHOLD' })
})
