import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { SyncDevice, type TaskSnapshot } from '../../perf/app/sync/index.ts'
import { checkConvergence, type ReplicaState } from '../../perf/sync/convergence.ts'

const exchange = (...devices: SyncDevice[]): void => {
  for (const from of devices) for (const to of devices) if (from !== to) Y.applyUpdate(to.doc, Y.encodeStateAsUpdate(from.doc))
}
const stateOf = (device: SyncDevice): ReplicaState => ({ name: device.name, content: device.snapshot(), stateVector: device.stateVector() })

function concurrentEdits(): [SyncDevice, SyncDevice, SyncDevice] {
  const [a, b, c] = ['a', 'b', 'c'].map((name) => new SyncDevice(name, 'doc')) as [SyncDevice, SyncDevice, SyncDevice]
  a.setField('t1', 'status', 'todo')
  exchange(a, b, c)
  a.setField('t1', 'status', 'doing')
  b.setField('t1', 'status', 'done')
  b.addNote('t1', '[b1]')
  c.addNote('t1', '[c1]')
  c.setField('t1', 'assignee', 'p03')
  return [a, b, c]
}

describe('checkConvergence', () => {
  test('CRDT replicas that exchanged everything converge', () => {
    const devices = concurrentEdits()
    exchange(...devices)
    const report = checkConvergence(devices.map(stateOf), devices.flatMap((d) => d.edits))
    expect(report).toEqual({ converged: true, problems: [] })
  })

  test('replicas that missed an update differ in content and state vector', () => {
    const [a, b, c] = concurrentEdits()
    exchange(a, b)
    const report = checkConvergence([a, b, c].map(stateOf), [a, b, c].flatMap((d) => d.edits))
    expect(report.converged).toBe(false)
    expect(report.problems.some((p) => p.startsWith('content differs') && p.includes('(a vs c)'))).toBe(true)
    expect(report.problems.some((p) => p.startsWith('state vector differs'))).toBe(true)
  })

  test('identical replicas that dropped a note or kept a superseded value are reported', () => {
    const devices = concurrentEdits()
    exchange(...devices)
    const content: TaskSnapshot = { t1: { status: 'todo', assignee: 'p03', notes: '[b1]' } }
    const replicas = devices.map((d) => ({ name: d.name, content, stateVector: new Map<number, number>() }))
    const report = checkConvergence(replicas, devices.flatMap((d) => d.edits))
    expect(report.problems).toEqual([
      `lost note: c's "[c1]" on t1`,
      'lost write: t1.status is "todo", but the latest writes were "doing" by a, "done" by b',
    ])
  })

  test('a note applied twice is reported', () => {
    const devices = concurrentEdits()
    exchange(...devices)
    const content = structuredClone(devices[0]!.snapshot())
    content.t1!.notes += '[b1]'
    const report = checkConvergence([{ name: 'x', content, stateVector: new Map() }], devices.flatMap((d) => d.edits))
    expect(report.problems).toEqual([`duplicated note: b's "[b1]" appears 2 times on t1`])
  })
})
