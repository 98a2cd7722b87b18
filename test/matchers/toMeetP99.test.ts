import { expect, test } from 'vitest'
import 'perfgate/vitest'
import { fromSamples } from 'perfgate'

const ramp = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

test('judges the 99th percentile with its interval', async () => {
  await expect(fromSamples(ramp(1000))).toMeetP99(1000)
  await expect(expect(fromSamples(ramp(1000))).toMeetP99(900)).rejects.toThrow(/p99 990 ms, limit <= 900 ms .* FAIL/)
})

test('368 samples are the fewest p99 can be judged from', async () => {
  await expect(expect(fromSamples(ramp(367))).toMeetP99(10_000)).rejects.toThrow(/p99 needs at least 368 samples/)
  await expect(fromSamples(ramp(368))).toMeetP99(10_000)
})
