import { describe, expect, test } from 'vitest'
import { TimelineRecorder } from '../../src/measure/timeline.ts'

describe('TimelineRecorder per-second percentiles', () => {
  test("each second's p50, p95 and p99 are within 2% above the exact ones, and capped by its max", () => {
    const recorder = new TimelineRecorder(0)
    // Second 0: 1..1000 ms; second 1: ten answers of 3 ms; second 3: one answer (a stall before it).
    for (let i = 1; i <= 1000; i++) recorder.success(500, i)
    for (let i = 0; i < 10; i++) recorder.success(1500, 3)
    recorder.success(3200, 2000)
    const [s0, s1, s3] = recorder.toData()
    for (const [got, exact] of [[s0!.p50Ms, 500], [s0!.p95Ms, 950], [s0!.p99Ms, 990]] as const) {
      expect(got).toBeGreaterThanOrEqual(exact)
      expect(got! / exact).toBeLessThanOrEqual(1.02)
    }
    expect(s1).toMatchObject({ t: 1, count: 10, p50Ms: 3, p95Ms: 3, p99Ms: 3 })
    expect(s3).toMatchObject({ t: 3, count: 1, p50Ms: 2000, p99Ms: 2000 })
  })
})
