import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { mulberry32 } from '../app/seed/index.ts'
import { detectConflicts, type ConflictReport, type FieldWrite } from '../app/sync/index.ts'
import { reportLines } from '../support/keyFigure.ts'
import { startSyncCluster, type SyncCluster } from './infra.ts'
import { syncProfile } from './profile.ts'
import { runRounds } from './rounds.ts'
import { joinDevices, SETUP_WRITES_PER_TASK } from './seedDoc.ts'
import { expectedConflicts, planEdits } from './workload.ts'

const profile = syncProfile()
const SEED = 42
const plan = planEdits({ seed: SEED, devices: profile.devices, rounds: profile.rounds, editsPerDeviceRound: profile.editsPerDeviceRound, tasks: profile.tasks })
/** What the pinned workload implies; recomputed below from the plan, pinned here so a change to the generator shows. */
const PINNED = { quick: { writes: 287, conflicting: 7 }, full: { writes: 1911, conflicting: 116 } }[profile.name]

describe(`conflict rate (${profile.name}, seed ${SEED})`, () => {
  let cluster: SyncCluster
  beforeAll(async () => {
    cluster = await startSyncCluster()
  })
  afterAll(async () => {
    await cluster?.close()
  })

  test('devices\' edit log, the server detector and the plan agree on the conflict rate', async (context) => {
    const docId = 'conflicts'
    const [a, b] = cluster.urls as [string, string]
    const { seeder, devices } = await joinDevices(docId, plan.tasks, profile.devices, [a, b])
    await runRounds({ plan, replicas: devices, servers: cluster.urls, random: mulberry32(SEED) })

    const expected = expectedConflicts(plan, SETUP_WRITES_PER_TASK * plan.tasks.length)
    const writes: FieldWrite[] = [seeder, ...devices].flatMap((device) =>
      device.edits.flatMap((edit) => (edit.kind === 'set' ? [{ client: edit.client, clock: edit.clock, field: `${edit.task}.${edit.field}`, seen: edit.seen }] : [])),
    )
    const measured = detectConflicts(writes)
    const server = (await (await fetch(`${b}/docs/${docId}/conflicts`)).json()) as ConflictReport

    const line = `conflict rate ${(measured.rate * 100).toFixed(2)}% (${measured.conflicting} of ${measured.writes} register writes, ${measured.conflictedFields.length} fields); server detector ${(server.rate * 100).toFixed(2)}%; expected ${(expected.rate * 100).toFixed(2)}%`
    await reportLines(context, line)

    expect({ writes: expected.writes, conflicting: expected.conflicting }).toEqual(PINNED)
    expect({ writes: measured.writes, conflicting: measured.conflicting }).toEqual({ writes: expected.writes, conflicting: expected.conflicting })
    expect(server).toEqual(measured)
  })
})
