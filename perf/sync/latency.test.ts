import 'perfgate/vitest'
import { fromSamples } from 'perfgate'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { SyncDevice } from '../app/sync/index.ts'
import { reportLines } from '../support/keyFigure.ts'
import { startSyncCluster, type SyncCluster } from './infra.ts'
import { syncProfile } from './profile.ts'
import { seedTasks } from './seedDoc.ts'
import { timeEach } from './timing.ts'
import { taskIds } from './workload.ts'

const profile = syncProfile()
const DOC = 'latency'
const tasks = taskIds(profile.tasks * 5)

/**
 * End-to-end sync latencies through the real service: a writer syncs over HTTP through instance A
 * (Postgres append, Redis publish), a peer connected by WebSocket to instance B applies the push.
 */
describe(`CRDT sync latency (${profile.name})`, () => {
  let cluster: SyncCluster
  let a: string
  let b: string
  const writer = new SyncDevice('writer', DOC)
  const peer = new SyncDevice('peer', DOC)

  beforeAll(async () => {
    cluster = await startSyncCluster()
    ;[a, b] = cluster.urls as [string, string]
    seedTasks(writer, tasks)
    for (const [i, task] of tasks.entries()) writer.addNote(task, `intake notes for ${task}, visit ${i}`)
    await writer.sync(a)
    await peer.goOnline(b)
  })
  afterAll(async () => {
    await peer.disconnect()
    await cluster?.close()
  })

  test(`initial sync of ${tasks.length} tasks < 1 s`, async (context) => {
    const fresh: SyncDevice[] = []
    const { samplesMs, durationMs } = await timeEach(profile.initialSyncs, 1, async (i) => {
      const device = new SyncDevice(`fresh${i}`, DOC)
      fresh.push(device)
      await device.sync(i % 2 ? b : a)
    })
    for (const device of fresh) expect(device.snapshot()).toEqual(writer.snapshot())
    const m = fromSamples(samplesMs, { durationMs, name: 'initial sync' })
    await reportLines(context, `initial sync: p50 ${m.latency.p50.toFixed(1)} ms, max ${m.latency.max.toFixed(1)} ms over ${m.count}`)
    await expect(m).toMeetSLA({ max: 1000 })
  })

  test('a single change reaches a peer on the other instance: p95 < 500 ms', async (context) => {
    const { samplesMs, durationMs } = await timeEach(profile.singleChanges, 1, async (i) => {
      const task = tasks[i % tasks.length]!
      const value = `p${String(i % 10).padStart(2, '0')}-${i}`
      const seen = peer.waitUntil(() => peer.field(task, 'assignee') === value)
      seen.catch(() => {}) // handled below; if sync throws first, not an unhandled rejection later
      writer.setField(task, 'assignee', value)
      await writer.sync(a)
      await seen
    })
    const m = fromSamples(samplesMs, { durationMs, name: 'single change, writer → peer' })
    await reportLines(context, `single change: p50 ${m.latency.p50.toFixed(1)} ms, p95 ${m.latency.p95.toFixed(1)} ms over ${m.count}`)
    await expect(m).toMeetP95(500)
  })

  test(`batches of ${profile.batchSizes.join(', ')} changes reach the peer < 2 s`, async (context) => {
    const samplesMs: number[] = []
    for (const [n, size] of profile.batchSizes.entries()) {
      for (let i = 0; i < size; i++) {
        const task = tasks[(n * 7919 + i) % tasks.length]!
        if (i % 3 === 2) writer.addNote(task, `batch ${n} note ${i}; `)
        else writer.setField(task, i % 3 ? 'status' : 'assignee', `b${n}-${i}`)
      }
      const target = writer.stateVector().get(writer.doc.clientID)
      const t0 = performance.now()
      const applied = peer.waitUntil(() => peer.stateVector().get(writer.doc.clientID) === target, 10_000)
      applied.catch(() => {}) // handled below; if sync throws first, not an unhandled rejection later
      await writer.sync(a)
      samplesMs.push((await applied) - t0)
      expect(peer.snapshot()).toEqual(writer.snapshot())
    }
    const m = fromSamples(samplesMs, { name: 'batch, writer → peer' })
    await reportLines(context, `batches ${profile.batchSizes.join('/')}: ${samplesMs.map((ms) => ms.toFixed(0)).join('/')} ms`)
    await expect(m).toMeetSLA({ max: 2000 })
  })

  test('concurrent sync of every device < 1 s each', async (context) => {
    const devices = Array.from({ length: profile.devices }, (_, i) => new SyncDevice(`c${i}`, DOC))
    for (const [i, device] of devices.entries()) await device.sync(i % 2 ? b : a)
    devices.forEach((device, i) => device.setField(tasks[i]!, 'status', `concurrent-${i}`))
    const { samplesMs, durationMs } = await timeEach(devices.length, devices.length, (i) => devices[i]!.sync(i % 2 ? b : a))
    const m = fromSamples(samplesMs, { durationMs, name: 'concurrent sync' })
    await reportLines(context, `${devices.length} concurrent syncs: max ${m.latency.max.toFixed(1)} ms`)
    await expect(m).toMeetSLA({ max: 1000 })
  })

  test('reading sync state: p95 < 500 ms', async (context) => {
    const expected = Buffer.from(Y.encodeStateVector(writer.doc)).length
    const { samplesMs, durationMs } = await timeEach(profile.stateReads, 4, async (i) => {
      const response = await fetch(`${i % 2 ? b : a}/docs/${DOC}/state`)
      const state = (await response.json()) as { stateVector: string; rows: number }
      if (!response.ok || Buffer.from(state.stateVector, 'base64').length < expected) throw new Error(`bad state read: HTTP ${response.status}`)
    })
    const m = fromSamples(samplesMs, { durationMs, name: 'GET /docs/:id/state' })
    await reportLines(context, `state reads: p95 ${m.latency.p95.toFixed(1)} ms over ${m.count}, ${m.rps.toFixed(0)}/s`)
    await expect(m).toMeetP95(500)
  })
})
