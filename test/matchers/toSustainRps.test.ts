import { expect, test } from 'vitest'
import 'perfgate/vitest'
import { fromSamples } from 'perfgate'
import { measurementOf } from '../../src/measure/index.ts'

function steady(perSecond: number, seconds: number) {
  const data = fromSamples(Array(perSecond * seconds).fill(2), { durationMs: seconds * 1000 }).toJSON()
  const timeline = Array.from({ length: seconds }, (_, t) => ({ t, count: perSecond, errors: 0, latencySumMs: 2 * perSecond, latencyMaxMs: 2 }))
  return measurementOf({ ...data, timeline })
}

test('a steady 200 req/s sustains 150 and not 250', async () => {
  await expect(steady(200, 10)).toSustainRps(150)
  await expect(expect(steady(200, 10)).toSustainRps(250)).rejects.toThrow(/rps 200 req\/s, limit >= 250 req\/s \(−20%, 95% CI 200 req\/s – 200 req\/s\) FAIL/)
  await expect(steady(200, 10)).not.toSustainRps(250)
})

test('rps <= 0 is an error', async () => {
  await expect(expect(steady(1, 1)).toSustainRps(0)).rejects.toThrow(/rps must be a positive, finite number/)
})
