import { describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { compactUpdates, detectConflicts, resolveFieldWrites, SyncDevice, type FieldWrite, type Receipt } from '../../perf/app/sync/index.ts'

/** The server's side of a sync, in memory: the log and the receipts, as the Postgres log records them. */
function memoryServer() {
  const log: Uint8Array[] = []
  const receipts: Receipt[] = []
  return {
    log,
    receipts,
    push(device: SyncDevice, seen = device.stateVector()): Uint8Array {
      const update = Y.encodeStateAsUpdate(device.doc, Y.encodeStateVectorFromUpdate(compactUpdates(log)))
      const meta = Y.parseUpdateMeta(update)
      for (const [client, to] of meta.to) receipts.push({ client, from: meta.from.get(client) ?? 0, to, seen })
      log.push(update)
      return update
    },
    pull(device: SyncDevice): void {
      Y.applyUpdate(device.doc, compactUpdates(log))
    },
  }
}

const logged = (...devices: SyncDevice[]): FieldWrite[] =>
  devices.flatMap((d) => d.edits.flatMap((e) => (e.kind === 'set' ? [{ client: e.client, clock: e.clock, field: `${e.task}.${e.field}`, seen: e.seen }] : [])))
/** The sender's own entry in `seen` differs (the server learns it at sync time) and never decides a conflict. */
const byKey = (writes: FieldWrite[]) =>
  [...writes]
    .sort((x, y) => x.client - y.client || x.clock - y.clock)
    .map((w) => ({ ...w, seen: new Map([...w.seen].filter(([client]) => client !== w.client)) }))

describe('resolveFieldWrites', () => {
  test('finds every register write in the stored state, with its sender\'s state vector', () => {
    const server = memoryServer()
    const a = new SyncDevice('a', 'doc')
    const b = new SyncDevice('b', 'doc')
    a.setField('t1', 'status', 'todo')
    a.setField('t1', 'assignee', 'p01')
    a.addNote('t1', 'first visit')
    server.push(a)
    server.pull(b)
    // Offline: a overwrites status twice (Yjs merges the overwritten items), b writes both fields and a note.
    a.setField('t1', 'status', 'doing')
    a.setField('t1', 'status', 'done')
    b.setField('t1', 'status', 'blocked')
    b.setField('t1', 'assignee', 'p02')
    b.addNote('t1', 'called patient')
    server.push(b)
    server.push(a)

    const resolved = resolveFieldWrites(compactUpdates(server.log), server.receipts)
    expect(byKey(resolved)).toEqual(byKey(logged(a, b)))
    const report = detectConflicts(resolved)
    expect(report).toEqual(detectConflicts(logged(a, b)))
    expect(report.conflictedFields).toEqual(['t1.status'])
    expect(report.conflicting).toBe(3)
  })

  test('a re-delivered update keeps its first receipt', () => {
    const server = memoryServer()
    const a = new SyncDevice('a', 'doc')
    const b = new SyncDevice('b', 'doc')
    a.setField('t1', 'status', 'todo')
    const update = server.push(a)
    server.pull(b)
    b.setField('t1', 'status', 'done')
    server.push(b)
    // The same bytes of a arrive again, now with a state vector that has seen b.
    const meta = Y.parseUpdateMeta(update)
    for (const [client, to] of meta.to) server.receipts.push({ client, from: 0, to, seen: b.stateVector() })
    const resolved = resolveFieldWrites(compactUpdates(server.log), server.receipts)
    expect(detectConflicts(resolved).conflicting).toBe(0)
    expect(resolved).toHaveLength(2)
  })

  test('notes and structure are not register writes', () => {
    const server = memoryServer()
    const a = new SyncDevice('a', 'doc')
    a.addNote('t1', 'only notes')
    server.push(a)
    expect(resolveFieldWrites(compactUpdates(server.log), server.receipts)).toEqual([])
  })
})
