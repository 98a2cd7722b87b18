import { describe, expect, test } from 'vitest'
import { expectedConflicts, planEdits, type EditPlan } from '../../perf/sync/workload.ts'

describe('the seeded edit plan', () => {
  test('the same seed yields the same plan; another seed another', () => {
    const options = { seed: 1, devices: 4, rounds: 3, editsPerDeviceRound: 5, tasks: 20 }
    expect(planEdits(options)).toEqual(planEdits(options))
    expect(planEdits({ ...options, seed: 2 }).rounds).not.toEqual(planEdits(options).rounds)
  })

  test('expected conflicts: writes to a field by two devices in one round, all of them', () => {
    const plan: EditPlan = {
      seed: 0,
      tasks: ['t1', 't2'],
      rounds: [
        [
          [{ kind: 'set', task: 't1', field: 'status', value: 'a' }, { kind: 'set', task: 't1', field: 'status', value: 'b' }],
          [{ kind: 'set', task: 't1', field: 'status', value: 'c' }, { kind: 'note', task: 't1', text: 'x' }],
          [{ kind: 'set', task: 't1', field: 'assignee', value: 'p' }],
        ],
        [[{ kind: 'set', task: 't1', field: 'assignee', value: 'q' }], [], []],
      ],
    }
    expect(expectedConflicts(plan, 4)).toEqual({ writes: 9, conflicting: 3, rate: 3 / 9 })
  })
})
