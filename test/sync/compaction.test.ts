import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { compactUpdates, shouldCompact, snapshotTasks, SyncDevice } from '../../perf/app/sync/index.ts'
import { EMPTY_UPDATE } from '../../perf/app/sync/wire.ts'

function editedLog(): Uint8Array[] {
  const updates: Uint8Array[] = []
  const a = new SyncDevice('a', 'doc')
  const b = new SyncDevice('b', 'doc')
  a.doc.on('update', (update: Uint8Array, origin: unknown) => origin === null && updates.push(update))
  b.doc.on('update', (update: Uint8Array, origin: unknown) => origin === null && updates.push(update))
  for (let i = 0; i < 20; i++) {
    a.setField(`t${i % 4}`, 'status', `a${i}`)
    b.addNote(`t${i % 3}`, `b${i};`)
  }
  return updates
}

const docOf = (updates: readonly Uint8Array[]): Y.Doc => {
  const doc = new Y.Doc()
  for (const update of updates) Y.applyUpdate(doc, update)
  return doc
}

describe('compactUpdates', () => {
  test('one merged update holds the content and state vector of the whole log', () => {
    const log = editedLog()
    const merged = compactUpdates(log)
    expect(log.length).toBeGreaterThan(40)
    expect(snapshotTasks(docOf([merged]))).toEqual(snapshotTasks(docOf(log)))
    expect(Y.decodeStateVector(Y.encodeStateVectorFromUpdate(merged))).toEqual(Y.decodeStateVector(Y.encodeStateVector(docOf(log))))
    expect(merged.length).toBeLessThan(log.reduce((sum, update) => sum + update.length, 0))
  })

  test('duplicates and any order fold to the same content', () => {
    const log = editedLog()
    const shuffled = [...log.slice(10), ...log.slice(0, 10), ...log.slice(5, 15)]
    expect(snapshotTasks(docOf([compactUpdates(shuffled)]))).toEqual(snapshotTasks(docOf(log)))
  })

  test('compacting a compacted log changes nothing', () => {
    const merged = compactUpdates(editedLog())
    expect(snapshotTasks(docOf([compactUpdates([merged, compactUpdates([merged])])]))).toEqual(snapshotTasks(docOf([merged])))
  })

  test('an empty log is the empty update', () => {
    expect(compactUpdates([])).toEqual(EMPTY_UPDATE)
  })

  test('compaction starts only past the threshold', () => {
    expect(shouldCompact(64, 64)).toBe(false)
    expect(shouldCompact(65, 64)).toBe(true)
  })
})
