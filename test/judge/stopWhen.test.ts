import { describe, expect, test } from 'vitest'
import { isPerfgateError } from '../../src/errors/index.ts'
import { StopWatcher } from '../../src/judge/stopWhen.ts'
import { planOf } from '../../src/load/options/runPlan.ts'

/** One second of a run: `ok` successes at `ms` each, `errors` failures. */
const window = (ok: number, ms: number, errors = 0) => ({ latenciesMs: Array.from({ length: ok }, () => ms), errors })

function watch(limits: ConstructorParameters<typeof StopWatcher>[0]) {
  const stops: number[] = []
  const watcher = new StopWatcher(limits, () => stops.push(1))
  return { watcher, stops }
}

describe('StopWatcher', () => {
  test('takes the string form of an SLA, as toMeetSLA does', () => {
    const { watcher, stops } = watch('p95<500ms')
    watcher.judge(window(20, 400), 1000)
    expect(watcher.verdict).toBeUndefined()
    watcher.judge(window(20, 600), 2000)
    expect(watcher.verdict).toBe('Stopped at 2.0 s: p95 of the last second was 600.0 ms, over the stopWhen limit of 500 ms.')
    expect(stops).toEqual([1])
    watcher.judge(window(20, 900), 3000)
    expect(stops).toEqual([1])
  })

  test('the string and object forms stop at the same window with the same words', () => {
    const windows = [window(20, 10, 1), window(15, 10, 5)]
    const verdicts = ['errorRate<10%', { errorRate: 0.1 }].map((limits) => {
      const { watcher } = watch(limits)
      windows.forEach((w, i) => watcher.judge(w, (i + 1) * 1000))
      return watcher.verdict
    })
    expect(verdicts).toEqual([
      'Stopped at 2.0 s: the error rate of the last second was 25.0%, over the stopWhen limit of 10.0%.',
      'Stopped at 2.0 s: the error rate of the last second was 25.0%, over the stopWhen limit of 10.0%.',
    ])
  })

  test('judges the error rate first, and not windows under 10 requests', () => {
    const { watcher } = watch({ p95: 100, errorRate: 0.2 })
    watcher.judge(window(5, 900, 4), 1000)
    expect(watcher.verdict).toBeUndefined()
    watcher.judge(window(10, 900, 10), 2000)
    expect(watcher.verdict).toMatch(/^Stopped at 2\.0 s: the error rate of the last second was 50\.0%/)
  })

  test('stops when the success rate of a second falls under its floor', () => {
    const { watcher } = watch({ successRate: 0.9 })
    watcher.judge(window(19, 1, 1), 1000)
    expect(watcher.verdict).toBeUndefined()
    watcher.judge(window(16, 1, 4), 2000)
    expect(watcher.verdict).toBe('Stopped at 2.0 s: the success rate of the last second was 80.0%, under the stopWhen floor of 90.0%.')
  })

  test('load() validates a string stopWhen with the same parser, before any load starts', () => {
    expect(planOf({ rate: 100, duration: '10s', stopWhen: 'p99<2s' }).stopWhen).toBe('p99<2s')
    let error: unknown
    try {
      planOf({ rate: 100, duration: '10s', stopWhen: 'p95>5ms' })
    } catch (caught) {
      error = caught
    }
    expect(isPerfgateError(error, 'PERFGATE_ERR_INVALID_THRESHOLD')).toBe(true)
    expect((error as Error).message).toMatch(/write 'p95<5ms'/)
  })
})
