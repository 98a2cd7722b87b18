import { describe, expect, it } from 'vitest'
import { ArrivalSchedule } from '../../../src/load/models/arrivalSchedule.ts'

describe('ArrivalSchedule', () => {
  it('spaces a constant rate evenly, first arrival at once, exact total', () => {
    const s = ArrivalSchedule.constant(1000, 10_000)
    expect(s.total).toBe(10_000)
    expect(s.timeOf(0)).toBe(0)
    expect(s.timeOf(1)).toBeCloseTo(1, 9)
    expect(s.timeOf(9999)).toBeCloseTo(9999, 6)
    expect(s.dueBy(0)).toBe(1)
    expect(s.dueBy(4.5)).toBe(5)
    expect(s.dueBy(60_000)).toBe(10_000)
    expect(ArrivalSchedule.constant(3, 1000).total).toBe(3)
  })

  it('ramps linearly between stage targets like k6 ramping-arrival-rate', () => {
    const s = new ArrivalSchedule(0, [{ durationMs: 1000, target: 200 }, { durationMs: 1000, target: 200 }, { durationMs: 1000, target: 0 }])
    expect(s.total).toBe(100 + 200 + 100)
    // Half-way up the ramp a quarter of its arrivals are due.
    expect(s.dueBy(500)).toBe(26)
    expect(s.rateAt(500)).toBe(100)
    let previous = -1
    for (let k = 0; k < s.total; k++) {
      const t = s.timeOf(k)
      expect(t).toBeGreaterThanOrEqual(previous)
      expect(s.dueBy(t + 1e-6)).toBeGreaterThanOrEqual(k + 1)
      previous = t
    }
    expect(previous).toBeLessThan(3000)
  })

  it('jumps at once across a zero-length stage', () => {
    const s = new ArrivalSchedule(10, [{ durationMs: 1000, target: 10 }, { durationMs: 0, target: 100 }, { durationMs: 1000, target: 100 }])
    expect(s.total).toBe(110)
    expect(s.timeOf(10)).toBeCloseTo(1000, 6)
    expect(s.timeOf(11)).toBeCloseTo(1010, 6)
  })

  it('slices into shards whose union is exactly the whole schedule, at the same times (constant and staged)', () => {
    const schedules = [ArrivalSchedule.constant(201, 1000), ArrivalSchedule.constant(1000, 3000), new ArrivalSchedule(10, [{ durationMs: 1500, target: 300 }, { durationMs: 1000, target: 0 }])]
    for (const whole of schedules) {
      for (const count of [1, 3, 4, 7]) {
        const shards = Array.from({ length: count }, (_, index) => whole.slice({ index, count }))
        expect(shards.reduce((a, s) => a + s.total, 0)).toBe(whole.total)
        const times = shards.flatMap((s) => Array.from({ length: s.total }, (_, k) => s.timeOf(k))).sort((a, b) => a - b)
        expect(times).toEqual(Array.from({ length: whole.total }, (_, k) => whole.timeOf(k)))
        // What is due by any moment is shared out too: no shard runs ahead of the whole schedule.
        for (const at of [0, 0.5, 17, 700, 1499, 2600, 99_999]) expect(shards.reduce((a, s) => a + s.dueBy(at), 0)).toBe(whole.dueBy(at))
      }
    }
    // Shard 2 of 4 at 1,000/s takes arrivals 1, 5, 9…: rate/4, offset by 1/rate.
    const second = ArrivalSchedule.constant(1000, 1000).slice({ index: 1, count: 4 })
    expect([second.total, second.timeOf(0), second.timeOf(1), second.dueBy(0.5), second.dueBy(1)]).toEqual([250, 1, 5, 0, 1])
  })
})
