import { describe, expect, it } from 'vitest'
import { profiles } from '../../../src/load/index.ts'
import { planOf } from '../../../src/load/options/runPlan.ts'

describe('profiles', () => {
  it('builds valid staged options for every classic shape', () => {
    for (const options of [
      profiles.baseline({ at: 50 }),
      profiles.peak({ normal: 100 }),
      profiles.spike({ from: 20, to: 200 }),
      profiles.stress({ from: 100, to: 500, until: { p95: 500 } }),
      profiles.soak({ at: 500, unit: 'connections' }),
    ]) {
      expect(planOf(options).shape.kind).toBe('stages')
    }
  })

  it('spikes from a held level to the peak within a second and back', () => {
    const shape = planOf(profiles.spike({ from: 20, to: 200, before: '10s', hold: '5s', after: '10s' })).shape
    expect(shape).toMatchObject({ unit: 'rate', start: 20 })
    expect(shape.kind === 'stages' && shape.stages).toEqual([
      { durationMs: 10_000, target: 20 }, { durationMs: 1000, target: 200 }, { durationMs: 5000, target: 200 },
      { durationMs: 1000, target: 20 }, { durationMs: 10_000, target: 20 },
    ])
  })

  it('steps a stress run evenly and stops it at the SLA', () => {
    const options = profiles.stress({ from: 500, to: 6000, steps: 12, stepDuration: '1m', unit: 'connections', until: { p95: 500 } })
    const plan = planOf(options)
    const levels = plan.shape.kind === 'stages' ? plan.shape.stages.filter((_, i) => i % 2 === 1).map((s) => s.target) : []
    expect(levels).toEqual([500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5500, 6000])
    expect(plan.stopWhen).toEqual({ p95: 500 })
  })

  it("stops a stress run at an SLA in toMeetSLA's string form too", () => {
    expect(planOf(profiles.stress({ from: 100, to: 500, until: 'p95<500ms' })).stopWhen).toBe('p95<500ms')
    expect(() => planOf(profiles.stress({ from: 100, to: 500, until: 'p95<fast' }))).toThrow(expect.objectContaining({ code: 'PERFGATE_ERR_INVALID_THRESHOLD' }))
  })
})
