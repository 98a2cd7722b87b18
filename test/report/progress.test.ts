import { describe, expect, test } from 'vitest'
import { createProgress, formatProgress, type ProgressSnapshot } from '../../src/report/progress.ts'

const snapshot: ProgressSnapshot = { elapsedMs: 3000, totalMs: 10_000, completed: 3000, errors: 3, p95Ms: 12.34, rate: 1000 }

function tty(isTTY = true) {
  const written: string[] = []
  return { stream: { isTTY, write: (text: string) => written.push(text) }, written }
}

describe('formatProgress', () => {
  test('shows the bar, rate, p95 so far, errors and time left', () => {
    expect(formatProgress(snapshot)).toBe('perfgate [██████░░░░░░░░░░░░░░] 30% · 1,000 req/s · p95 12.3 ms · 3 errors · 7 s left')
  })

  test('without a planned length shows elapsed time, and a dash before any success', () => {
    expect(formatProgress({ ...snapshot, totalMs: 0, p95Ms: Number.NaN, errors: 1 })).toBe('perfgate 3 s · 1,000 req/s · p95 — · 1 error')
  })
})

describe('createProgress', () => {
  test('redraws one line in place on a TTY, throttled, and clears it when done', () => {
    const { stream, written } = tty()
    let clock = 0
    const progress = createProgress({ stream, env: {}, now: () => clock })
    progress.update(snapshot)
    clock = 100
    progress.update({ ...snapshot, elapsedMs: 4000 }) // throttled
    clock = 300
    progress.update({ ...snapshot, elapsedMs: 5000, errors: 1 })
    progress.done()
    expect(progress.enabled).toBe(true)
    expect(written).toHaveLength(3)
    expect(written[0]).toBe(`\r${formatProgress(snapshot)}`)
    // One character shorter than the line before: padded so no stale character remains.
    expect(written[1]).toBe('\rperfgate [██████████░░░░░░░░░░] 50% · 1,000 req/s · p95 12.3 ms · 1 error · 5 s left ')
    expect(written[2]).toMatch(/^\r {20,}\r$/)
  })

  test('is silent in CI and when stderr is not a terminal', () => {
    for (const [isTTY, env] of [[true, { CI: 'true' }], [false, {}]] as const) {
      const { stream, written } = tty(isTTY)
      const progress = createProgress({ stream, env })
      progress.update(snapshot)
      progress.done()
      expect(progress.enabled).toBe(false)
      expect(written).toEqual([])
    }
  })
})
