import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { emitProgress } from '../../../src/load/observe/progress.ts'
import { OutcomeRecorder } from '../../../src/load/observe/runRecorder.ts'
import { SecondWindows } from '../../../src/load/observe/secondWindows.ts'
import { createProgress } from '../../../src/report/progress.ts'

describe('live progress of a run', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  function run(env: NodeJS.ProcessEnv, isTTY: boolean): string[] {
    const written: string[] = []
    const recorder = new OutcomeRecorder(0, false)
    const windows = new SecondWindows(recorder, performance.now())
    const progress = createProgress({ stream: { isTTY, write: (text: string) => written.push(text) }, env, minIntervalMs: 0 })
    emitProgress(windows, 10_000, () => recorder.count + recorder.errors, progress)
    windows.start()
    for (let i = 1; i <= 100; i++) recorder.success(0, i, 0)
    recorder.failure(0, 'timeout')
    vi.advanceTimersByTime(1000)
    windows.stop()
    progress.done()
    return written
  }

  test('shows the last second: rate, p95 and errors, on a terminal', () => {
    const line = run({}, true)[0] ?? ''
    expect(line).toMatch(/^\rperfgate \[██░{18}\] 10% · 101 req\/s · p95 95 ms · 1 error · 9 s left/)
  })

  test('is silent in CI and when stderr is not a terminal', () => {
    expect(run({ CI: 'true' }, true)).toEqual([])
    expect(run({}, false)).toEqual([])
  })
})
