import 'perfgate/vitest'
import { fromSamples } from 'perfgate'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { SyncDevice } from '../app/sync/index.ts'
import { startSyncCluster, type SyncCluster } from './infra.ts'
import { syncProfile } from './profile.ts'
import { reportLines } from '../support/keyFigure.ts'
import { timeEach } from './timing.ts'

const profile = syncProfile()
const DOC = 'live'
const CONNECT_CONCURRENCY = 25

/**
 * `profile.connections` devices hold WebSockets, split over both instances; a writer syncs changes
 * through instance A and every connected device's apply time is a delivery sample (half of them
 * crossed Redis to instance B).
 */
describe(`WebSocket delivery with ${profile.connections} connections (${profile.name})`, () => {
  let cluster: SyncCluster
  const devices: SyncDevice[] = []
  const writer = new SyncDevice('writer', DOC)
  // Connecting is timed by the first test and awaited by the second, so either runs alone.
  let connected: Promise<{ samplesMs: number[]; durationMs: number }> | undefined
  const connect = (): Promise<{ samplesMs: number[]; durationMs: number }> =>
    (connected ??= timeEach(profile.connections, CONNECT_CONCURRENCY, async (i) => {
      const device = new SyncDevice(`live${i}`, DOC)
      devices.push(device)
      await device.goOnline(cluster.urls[i % 2]!)
    }))

  beforeAll(async () => {
    cluster = await startSyncCluster()
    writer.setField('probe', 'status', 'start')
    await writer.sync(cluster.urls[0]!)
  })
  afterAll(async () => {
    await Promise.allSettled(devices.map((device) => device.disconnect()))
    await cluster?.close()
  })

  test(`${profile.connections} devices connect: p95 < 1 s`, async (context) => {
    const { samplesMs, durationMs } = await connect()
    const held = cluster.servers.reduce((sum, server) => sum + server.hub.connections, 0)
    expect(held).toBe(profile.connections)
    const m = fromSamples(samplesMs, { durationMs, name: 'connect + initial sync' })
    await reportLines(context, `connect + initial sync: p95 ${m.latency.p95.toFixed(1)} ms; ${held} connections held (${cluster.servers.map((server) => server.hub.connections).join('/')} per instance)`)
    await expect(m).toMeetP95(1000)
  })

  test('a change reaches every other connected device: p95 < 200 ms', async (context) => {
    await connect()
    expect(devices.length).toBe(profile.connections)
    const samplesMs: number[] = []
    const byInstance: number[][] = [[], []]
    const started = performance.now()
    for (let n = 0; n < profile.deliveries; n++) {
      const value = `change-${n}`
      const arrivals = Promise.all(devices.map((device) => device.waitUntil(() => device.field('probe', 'status') === value, 10_000)))
      arrivals.catch(() => {}) // handled below; if sync throws first, not an unhandled rejection later
      const t0 = performance.now()
      writer.setField('probe', 'status', value)
      await writer.sync(cluster.urls[0]!)
      const times = await arrivals
      times.forEach((at, i) => {
        samplesMs.push(at - t0)
        byInstance[i % 2]!.push(at - t0)
      })
    }
    const m = fromSamples(samplesMs, { durationMs: performance.now() - started, name: 'WebSocket delivery' })
    const p95Of = (list: number[]) => fromSamples(list).latency.p95.toFixed(1)
    await reportLines(
      context,
      `WebSocket delivery to ${devices.length} connections: p50 ${m.latency.p50.toFixed(1)} ms, p95 ${m.latency.p95.toFixed(1)} ms, max ${m.latency.max.toFixed(1)} ms over ${m.count} deliveries (p95 same instance ${p95Of(byInstance[0]!)} ms, via Redis ${p95Of(byInstance[1]!)} ms)`,
    )
    await expect(m).toMeetP95(200)
  })
})
