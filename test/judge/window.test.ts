import { expect, test } from 'vitest'
import 'perfgate/vitest'
import { bench, fromSamples, isPerfgateError, load, parseMeasurement } from 'perfgate'
import { judgeWindows, windowMsOf } from '../../src/judge/index.ts'
import { startServer } from '../load/servers/startServer.ts'

test('a windowed SLA catches a run whose last 10% is all errors while the whole-run rate passes', async ({ task }) => {
  // The n-th request (over all connections) gets sequence[n % 1000]: 900 answers, then 100 × 500.
  await using server = await startServer({ kind: 'sequence', sequence: [...Array<number>(900).fill(200), ...Array<number>(100).fill(500)] })
  // 100/s keeps the generator well clear of saturation on a busy machine.
  const m = await load(server.url, { rate: 100, duration: '10s' })
  expect(m.total).toBe(1000)
  expect(m.errorsByKind['http-5xx']).toBe(100)
  // Over the whole run: 10% errors, under a 15% limit.
  await expect(m).toHaveErrorRateBelow(0.15)
  // Per 2 s window: the last is half errors; it fails, and the message names it.
  await expect(expect(m).toHaveErrorRateBelow(0.15, { window: '2s' })).rejects.toThrow(/errorRate 50\.00% in the worst of 5 windows, 8–10 s, limit <= 15\.00%.* FAIL/)
  const windowed = task.meta.perfgate!.at(-1)!.verdicts[0]!
  expect(windowed).toMatchObject({ status: 'fail', window: { startMs: 8000, endMs: 10_000, windows: 5 }, samples: 200 })
  expect(windowed.summary).toMatch(/^worst of 5 windows of 2 s, 8–10 s: errorRate 50\.00% > 15\.00%$/)
})

test('every threshold takes a window: a slow final stretch fails p95 per window, not over the run', () => {
  // 10 s at 100/s, all at 2 ms but for 40 answers of 300 ms in the last second: 4% of the run, so
  // its p95 is 2 ms; 20% of the last 2 s, whose p95 is 300 ms.
  const bin = (ms: number): number => Math.ceil(16 * Math.log2(ms))
  const timeline = Array.from({ length: 10 }, (_, t) => {
    const slow = t === 9 ? 40 : 0
    const bins: Array<[number, number]> = slow ? [[bin(2), 100 - slow], [bin(300), slow]] : [[bin(2), 100]]
    return { t, count: 100, errors: 0, latencySumMs: 2 * (100 - slow) + 300 * slow, latencyMaxMs: slow ? 300 : 2, bins }
  })
  const samplesMs = timeline.flatMap((p) => p.bins.flatMap(([b, n]) => Array<number>(n).fill(b === bin(300) ? 300 : 2)))
  const m = parseMeasurement({ version: 1, source: 'load', latency: { kind: 'exact', samplesMs }, count: 1000, errors: 0, errorsByKind: {}, durationMs: 10_000, startedAt: 0, timeline, facts: { coordinatedOmission: 'corrected', saturation: { saturated: false, reasons: [] } } })
  // One window of the whole run: the burst makes it overdispersed, but it never fails there.
  expect(m.latency.p95).toBe(2)
  const whole = judgeWindows(m, { stat: 'p95', limitMs: 100 }, 10_000)
  expect(whole).toMatchObject({ window: { startMs: 0, endMs: 10_000, windows: 1 } })
  expect(whole.status).not.toBe('fail')
  const perTwoSeconds = judgeWindows(m, { stat: 'p95', limitMs: 100 }, 2000)
  // The window's p95 comes from the timeline's bins: within half a bin (2.2%) of 300 ms.
  expect(perTwoSeconds).toMatchObject({ status: 'fail', window: { startMs: 8000, endMs: 10_000, windows: 5 } })
  expect(perTwoSeconds.measured).toBeGreaterThan(300 / 1.023)
  expect(perTwoSeconds.measured).toBeLessThanOrEqual(300)
  // rps per window: every window has 100/s.
  expect(judgeWindows(m, { stat: 'rps', min: 50 }, 2000)).toMatchObject({ status: 'pass' })
})

test('a window must be whole seconds, and needs a timeline', async () => {
  expect(() => windowMsOf('1500ms')).toThrow(expect.objectContaining({ code: 'PERFGATE_ERR_INVALID_OPTION' }))
  expect(() => windowMsOf('0s')).toThrow(/whole seconds, at least 1 s/)
  expect(windowMsOf('10s')).toBe(10_000)
  const error = await expect(fromSamples([1, 2, 3], { durationMs: 1000 })).toMeetP95(5, { window: '1s' }).catch((e: unknown) => e)
  expect(isPerfgateError(error, 'PERFGATE_ERR_INVALID_INPUT')).toBe(true)
  expect(String(error)).toMatch(/needs the per-second timeline load\(\) records/)
  void bench
})
