import { describe, expect, test } from 'vitest'
import 'perfgate/vitest'
import { fromSamples } from 'perfgate'
import { measurementOf } from '../../src/measure/index.ts'

const ramp = (n: number, scale = 1) => Array.from({ length: n }, (_, i) => ((i + 1) * scale))

describe('toMeetP95', () => {
  test('passes when the whole confidence interval is under the limit', async () => {
    await expect(fromSamples(ramp(1000))).toMeetP95(2000)
  })

  test('fails with a diagnosis when p95 is clearly over the limit', async () => {
    const m = fromSamples(ramp(1000), { durationMs: 10_000 })
    await expect(expect(m).toMeetP95(500)).rejects.toThrow(/p95 950 ms, limit <= 500 ms \(−90%, 95% CI 936 ms – 964 ms\) FAIL/)
  })

  test('an open-model miss shows how late the generator itself sent its requests', async () => {
    const m = measurementOf({ ...fromSamples(ramp(1000), { durationMs: 10_000 }).toJSON(), dispatchLag: { kind: 'exact', samplesMs: [0.01, 0.02, 0.03, 1.5] } })
    await expect(expect(m).toMeetP95(500)).rejects.toThrow(/\n {2}dispatch lag: p50 0.02 · p99 1.5 · max 1.5 ms — how late perfgate itself sent the 4 requests that found a connection free/)
  })

  test('.not passes on a clear miss and fails on a clear pass', async () => {
    await expect(fromSamples(ramp(1000))).not.toMeetP95(500)
    await expect(expect(fromSamples(ramp(1000))).not.toMeetP95(2000)).rejects.toThrow(/expected the SLA to be missed/)
  })

  test('measures a function with bench()', async () => {
    await expect(() => 1 + 1).toMeetP95(50, { bench: { time: 50 } })
  })

  test('rejects an invalid limit before measuring', async () => {
    let called = false
    await expect(expect(() => { called = true }).toMeetP95(-1)).rejects.toMatchObject({ code: 'PERFGATE_ERR_INVALID_THRESHOLD' })
    expect(called).toBe(false)
  })

  test('too few samples fails as inconclusive and says what to do', async () => {
    await expect(expect(fromSamples(ramp(20))).toMeetP95(500)).rejects.toThrow(/too-few-samples: p95 needs at least 72 samples.*\n[\s\S]*try: collect more samples/)
  })

  test('records the verdict on the running test for reporters', async ({ task }) => {
    await expect(fromSamples(ramp(1000))).toMeetP95(2000)
    const recorded = task.meta.perfgate?.[0]
    expect(recorded?.verdicts[0]).toMatchObject({ status: 'pass', metric: 'p95', measured: 950, limit: 2000 })
    expect(recorded?.location?.line).toBeGreaterThan(0)
  })
})
