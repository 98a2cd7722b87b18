import { describe, expect, it } from 'vitest'
import { PreciseClock, TimerClock, type ArrivalClock } from '../../../src/load/models/arrivalClock.ts'

/** Arms `count` deadlines `gapMs` apart, one after the other, and returns how late each wake-up came. */
async function lateness(clock: ArrivalClock, count: number, gapMs: number): Promise<number[]> {
  const late: number[] = []
  let deadline = performance.now() + gapMs
  await new Promise<void>((resolve) => {
    clock.wake = () => {
      late.push(performance.now() - deadline)
      if (late.length === count) return resolve()
      deadline += gapMs
      clock.arm(deadline)
    }
    clock.arm(deadline)
  })
  clock.close()
  return late.sort((a, b) => a - b)
}

describe('arrival clocks', () => {
  it('the precise clock never wakes before a deadline, and usually within tens of µs of it', async () => {
    const late = await lateness(await PreciseClock.start(), 300, 1)
    // Sending early would understate latency: never.
    expect(late[0]).toBeGreaterThanOrEqual(0)
    // The median survives a busy machine; the tail is what bench/open-precision.ts reports.
    expect(late[150]).toBeLessThan(0.3)
  })

  it('the timer clock never wakes early either, but lags by up to a millisecond', async () => {
    const late = await lateness(new TimerClock(), 50, 1)
    expect(late[0]).toBeGreaterThanOrEqual(0)
  })

  it('a cancelled precise clock stays silent until armed again', async () => {
    const clock = await PreciseClock.start()
    let woken = 0
    clock.wake = () => woken++
    clock.arm(performance.now() + 2)
    clock.cancel()
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(woken).toBe(0)
    clock.arm(performance.now() + 2)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(woken).toBe(1)
    clock.close()
  })
})
