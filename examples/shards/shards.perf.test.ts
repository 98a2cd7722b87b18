// The spec both recipes run on the merged file: the whole run's SLA, judged as one run.
import 'perfgate/vitest'
import { readMeasurement } from 'perfgate'
import { expect, test } from 'vitest'

/** The run's --start-at as the recipe passes it (PERFGATE_START_AT): epoch ms or an ISO time with its zone. */
function startAt(): number {
  const text = process.env.PERFGATE_START_AT
  if (!text) throw new Error("Set PERFGATE_START_AT to the run's --start-at: the spec checks the merged files are that run's.")
  return /^\d+$/.test(text) ? Number(text) : Date.parse(text)
}

test('the sharded run meets its SLA', async () => {
  const all = readMeasurement(process.env.PERFGATE_MERGED ?? 'results/all.json')
  // This run's shards, not files an earlier run left on the volume: every shard started at this run's --start-at.
  expect(all.startedAt, 'the merged run did not start at PERFGATE_START_AT: stale shard files from another run?').toBe(startAt())
  // Every shard's file is in the merge (a missing one is also noted in facts.notes).
  expect(all.shards?.indexes).toEqual(Array.from({ length: all.shards?.count ?? 0 }, (_, i) => i + 1))
  await expect(all).toMeetSLA({ p95: 500, p99: 1000, errorRate: 0.01 })
})
