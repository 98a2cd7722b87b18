import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import * as Y from 'yjs'
import { mulberry32 } from '../app/seed/index.ts'
import { SyncDevice } from '../app/sync/index.ts'
import { NaiveDevice, startNaiveServers } from './canary/naiveSync.ts'
import { checkConvergence, type ReplicaState } from './convergence.ts'
import { reportLines } from '../support/keyFigure.ts'
import { startSyncCluster, type SyncCluster } from './infra.ts'
import { syncProfile } from './profile.ts'
import { runRounds, type Replica } from './rounds.ts'
import { joinDevices } from './seedDoc.ts'
import { planEdits } from './workload.ts'

const profile = syncProfile()
const SEED = 7
const plan = planEdits({ seed: SEED, devices: profile.devices, rounds: profile.rounds, editsPerDeviceRound: profile.editsPerDeviceRound, tasks: profile.tasks, ownShare: 0 })
const COMPACT_THRESHOLD = 16

const stateOf = (replica: Replica): ReplicaState => ({ name: replica.name, content: replica.snapshot(), stateVector: replica.stateVector() })

describe(`CRDT sync convergence (${profile.name}: ${profile.devices} devices × ${profile.rounds} rounds × ${profile.editsPerDeviceRound} edits)`, () => {
  let cluster: SyncCluster
  const live: SyncDevice[] = []

  beforeAll(async () => {
    cluster = await startSyncCluster({ compactThreshold: COMPACT_THRESHOLD })
  })
  afterAll(async () => {
    await Promise.allSettled(live.map((device) => device.disconnect()))
    await cluster?.close()
  })

  test('devices editing offline converge through both instances, whatever the delivery order and duplicates', async (context) => {
    const docId = 'converge'
    const [a, b] = cluster.urls as [string, string]
    const { seeder, devices } = await joinDevices(docId, plan.tasks, profile.devices, [a, b])
    // Connected devices that never sync again: only WebSocket pushes (across instances via Redis) update them.
    for (const [i, url] of [a, b].entries()) {
      const device = new SyncDevice(`live${i}`, docId)
      live.push(device)
      await device.goOnline(url)
    }

    const stats = await runRounds({ plan, replicas: devices, servers: cluster.urls, random: mulberry32(SEED) })
    await seeder.sync(b)
    const target = devices[0]!.stateVector()
    const sameAsTarget = (device: SyncDevice) => () => [...target].every(([client, clock]) => device.stateVector().get(client) === clock)
    await Promise.allSettled(live.map((device) => device.waitUntil(sameAsTarget(device), 15_000)))

    const replicas = [seeder, ...devices, ...live]
    const report = checkConvergence(replicas.map(stateOf), replicas.flatMap((replica) => replica.edits))
    expect(report.problems).toEqual([])
    expect(report.converged).toBe(true)

    // The server holds the same state, and compaction kept its log short.
    const state = (await (await fetch(`${b}/docs/${docId}/state`)).json()) as { stateVector: string; rows: number }
    const serverVector = Y.decodeStateVector(new Uint8Array(Buffer.from(state.stateVector, 'base64')))
    expect(sorted(serverVector)).toEqual(sorted(target))
    expect(state.rows).toBeLessThanOrEqual(COMPACT_THRESHOLD)
    // The run really went through both instances and re-delivered requests.
    expect(Math.min(...stats.byServer)).toBeGreaterThan(0)
    expect(stats.duplicates).toBeGreaterThan(0)
    const edits = replicas.reduce((sum, replica) => sum + replica.edits.length, 0)
    await reportLines(context, `${replicas.length} replicas converged after ${edits} edits, ${stats.deliveries} deliveries (${stats.duplicates} duplicates, ${stats.byServer.join('/')} requests per instance); log ${state.rows} rows`)
  })

  test('canary: last-arrival-wins JSON snapshots are reported as divergent', async () => {
    const naive = await startNaiveServers(2)
    try {
      const replicas = Array.from({ length: profile.devices }, (_, i) => new NaiveDevice(`n${i}`, i + 1))
      await runRounds({ plan, replicas, servers: naive.urls, random: mulberry32(SEED) })
      const report = checkConvergence(replicas.map(stateOf), replicas.flatMap((replica) => replica.edits))
      expect(report.converged).toBe(false)
      expect(report.problems.some((problem) => problem.startsWith('content differs'))).toBe(true)
    } finally {
      await naive.close()
    }
  })

  test('canary: adopting the last snapshot makes replicas agree, and the lost edits are still reported', async () => {
    const naive = await startNaiveServers(2)
    try {
      const replicas = Array.from({ length: profile.devices }, (_, i) => new NaiveDevice(`n${i}`, i + 1, { pullWhenClean: true }))
      await runRounds({ plan, replicas, servers: naive.urls, random: mulberry32(SEED) })
      const report = checkConvergence(replicas.map(stateOf), replicas.flatMap((replica) => replica.edits))
      expect(report.problems.filter((problem) => problem.startsWith('content differs'))).toEqual([])
      expect(report.converged).toBe(false)
      expect(report.problems.some((problem) => problem.startsWith('lost note'))).toBe(true)
    } finally {
      await naive.close()
    }
  })
})

function sorted(vector: ReadonlyMap<number, number>): Array<[number, number]> {
  return [...vector].sort((x, y) => x[0] - y[0])
}
