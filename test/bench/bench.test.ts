import { setImmediate as nextTurn } from 'node:timers/promises'
import { describe, expect, test } from 'vitest'
import { bench, isPerfgateError } from 'perfgate'

/** Spins for `ms` of wall-clock time: a function whose cost is known in advance. */
function busyWait(ms: number): void {
  const end = performance.now() + ms
  while (performance.now() < end);
}

// Tolerances are generous on purpose: two shared cores, other suites running beside this one.
// A busy-wait can never be measured faster than its duration; preemption only adds time.
describe('bench() self-validation', () => {
  test('a 2 ms busy-wait is measured at 2 ms', async () => {
    const m = await bench(() => busyWait(2), { time: '400ms' })
    expect(m.source).toBe('bench')
    expect(m.count).toBeGreaterThanOrEqual(60) // 400 ms at the rps bound below
    expect(m.latency.min).toBeGreaterThanOrEqual(2)
    expect(m.latency.p50).toBeLessThan(4)
    expect(m.latency.mean).toBeLessThan(6)
    expect(m.rps).toBeGreaterThan(150)
    expect(m.rps).toBeLessThanOrEqual(500)
    expect(m.facts.coordinatedOmission).toBe('not-applicable')
  })

  test('an async function is timed until its promise settles', async () => {
    const m = await bench(async () => {
      await nextTurn()
      busyWait(1)
    }, { time: '300ms' })
    expect(m.latency.min).toBeGreaterThanOrEqual(1)
    expect(m.latency.p50).toBeLessThan(3)
  })

  test('iterations bound the run exactly when no time is given', async () => {
    let calls = 0
    const m = await bench(() => calls++, { iterations: 200, warmupIterations: 5, warmup: 0 })
    expect(m.count).toBe(200)
    // 5 warm-up calls, 200 measured, and one tinybench makes to learn whether the function is async.
    expect(calls).toBeGreaterThanOrEqual(205)
    expect(calls).toBeLessThanOrEqual(206)
  })

  test('maxIterations caps a fast function however long the budget', async () => {
    const m = await bench(() => 1 + 1, { time: '5s', maxIterations: 1000 })
    expect(m.count).toBe(1000)
  })

  test('a function that throws is a clear error, not a measurement', async () => {
    const error = await bench(() => { throw new Error('boom') }, { iterations: 5 }).catch((e: unknown) => e)
    expect(isPerfgateError(error, 'PERFGATE_ERR_WORKLOAD_THREW')).toBe(true)
    expect((error as Error).message).toMatch(/the function threw: boom/)
  })

  test('options are validated before anything runs, naming the right one', async () => {
    let called = false
    const error = await bench(() => { called = true }, { duration: '1s' } as never).catch((e: unknown) => e)
    expect(isPerfgateError(error, 'PERFGATE_ERR_INVALID_OPTION')).toBe(true)
    expect((error as Error).message).toMatch(/unknown option 'duration'. Use 'time' for bench\(\)/)
    expect(called).toBe(false)
    await expect(bench(() => 1, { time: '2 weeks' as never })).rejects.toThrow(/is not a duration/)
  })

  test('a stop from the caller rejects with PERFGATE_ERR_ABORTED, before or during the run', async () => {
    let calls = 0
    const before = await bench(() => calls++, { signal: AbortSignal.abort(), iterations: 5 }).catch((e: unknown) => e)
    expect(isPerfgateError(before, 'PERFGATE_ERR_ABORTED')).toBe(true)
    expect(calls).toBe(0)
    // An async function gives the timer behind the signal a turn; a synchronous one cannot be interrupted.
    const started = performance.now()
    const during = await bench(async () => {
      await nextTurn()
      busyWait(1)
    }, { time: '5s', signal: AbortSignal.timeout(150) }).catch((e: unknown) => e)
    expect(isPerfgateError(during, 'PERFGATE_ERR_ABORTED')).toBe(true)
    expect(performance.now() - started).toBeLessThan(2000)
  })
})
