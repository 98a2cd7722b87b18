import { describe, expect, it } from 'vitest'
import { nextStep, type Bracket, type SearchBounds } from '../../src/capacity/search.ts'

/** Runs the search against a service that meets the SLA exactly below `capacity`, returning the probes and the end. */
function search(capacity: number, bounds: SearchBounds): { rates: number[]; bracket: Bracket; done: string } {
  const bracket: Bracket = {}
  const rates: number[] = []
  for (let i = 0; i < 50; i++) {
    const step = nextStep(bracket, bounds)
    if ('done' in step) return { rates, bracket, done: step.done }
    rates.push(step.rate)
    if (step.rate < capacity) bracket.met = step.rate
    else bracket.broke = step.rate
  }
  throw new Error('the search did not end')
}

describe('nextStep', () => {
  it('starts at from, doubles until a rate breaks, then bisects to the resolution', () => {
    const { rates, bracket, done } = search(700, { from: 100, to: 5000, resolution: 0.05 })
    expect(rates.slice(0, 5)).toEqual([100, 200, 400, 800, 600])
    expect(done).toBe('resolved')
    expect(bracket.met).toBeLessThan(700)
    expect(bracket.broke).toBeGreaterThanOrEqual(700)
    expect(bracket.broke! - bracket.met!).toBeLessThanOrEqual(0.05 * bracket.met!)
    // About log2(5000/100) steps up and log2(1/0.05) bisections: bounded, not a sweep.
    expect(rates.length).toBeLessThanOrEqual(9)
  })

  it('finds a different capacity for a different service', () => {
    for (const capacity of [130, 1234, 3999]) {
      const { bracket } = search(capacity, { from: 50, to: 5000, resolution: 0.02 })
      expect(bracket.met).toBeLessThan(capacity)
      expect(bracket.broke).toBeGreaterThanOrEqual(capacity)
      expect(bracket.broke! / capacity).toBeLessThan(1.03)
    }
  })

  it('caps the step up at to, and stops there when to is met', () => {
    const { rates, done, bracket } = search(10_000, { from: 100, to: 300, resolution: 0.05 })
    expect(rates).toEqual([100, 200, 300])
    expect(done).toBe('reached-to')
    expect(bracket.broke).toBeUndefined()
  })

  it('stops at once when from already breaks', () => {
    expect(search(50, { from: 100, to: 300, resolution: 0.05 })).toEqual({ rates: [100], bracket: { broke: 100 }, done: 'broke-at-from' })
  })

  it('narrows both sides of a rate the judge left undecided, the breaking point first', () => {
    const bounds = { from: 50, to: 1000, resolution: 0.05 }
    // 400 broke, 220 stayed undecided: look between 220 and 400 for the breaking point…
    expect(nextStep({ met: 200, broke: 400, undecided: [220] }, bounds)).toEqual({ rate: 310 })
    // …then between 200 and 220 for the capacity, and stop when both gaps are narrow.
    expect(nextStep({ met: 200, broke: 230, undecided: [220] }, bounds)).toEqual({ rate: 210 })
    expect(nextStep({ met: 210, broke: 230, undecided: [220] }, bounds)).toEqual({ done: 'undecided' })
    // Undecided before anything broke: step up from it.
    expect(nextStep({ met: 200, undecided: [400] }, bounds)).toEqual({ rate: 800 })
    expect(nextStep({ undecided: [50] }, bounds)).toEqual({ rate: 100 })
    expect(nextStep({ met: 100, undecided: [1000] }, bounds)).toEqual({ rate: 550 })
    // Undecided rates outside the bracket no longer matter.
    expect(nextStep({ met: 200, broke: 205, undecided: [300] }, bounds)).toEqual({ done: 'resolved' })
    expect(nextStep({ met: 220, broke: 240, undecided: [210] }, bounds)).toEqual({ rate: 230 })
  })

  it('pins the breaking point even when a band around the capacity stays undecided', () => {
    const bounds = { from: 100, to: 5000, resolution: 0.05 }
    const bracket: { met?: number; broke?: number; undecided: number[] } = { undecided: [] }
    let done: string | undefined
    for (let i = 0; i < 50 && done === undefined; i++) {
      const step = nextStep(bracket, bounds)
      if ('done' in step) done = step.done
      else if (step.rate < 660) bracket.met = step.rate
      else if (step.rate < 720) bracket.undecided.push(step.rate)
      else bracket.broke = step.rate
    }
    expect(done).toBe('undecided')
    expect(bracket.broke! / 720).toBeLessThanOrEqual(1.05)
    expect(bracket.met! / 660).toBeGreaterThanOrEqual(0.95)
  })

  it('rounds rates a reader can repeat, and never probes a bracket end twice', () => {
    expect(nextStep({ met: 200, broke: 401 }, { from: 50, to: 1000, resolution: 0.05 })).toEqual({ rate: 301 })
    expect(nextStep({ met: 10, broke: 15 }, { from: 5, to: 100, resolution: 0.05 })).toEqual({ rate: 12.5 })
    expect(nextStep({ met: 200, broke: 201 }, { from: 50, to: 1000, resolution: 0.001 })).toEqual({ done: 'resolved' })
  })
})
