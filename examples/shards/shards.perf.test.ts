// The spec both recipes run on the merged file: the whole run's SLA, judged as one run.
import 'perfgate/vitest'
import { readMeasurement } from 'perfgate'
import { expect, test } from 'vitest'

test('the sharded run meets its SLA', async () => {
  const all = readMeasurement(process.env.PERFGATE_MERGED ?? 'results/all.json')
  // Every shard's file is in the merge (a missing one is also noted in facts.notes).
  expect(all.shards?.indexes).toEqual(Array.from({ length: all.shards?.count ?? 0 }, (_, i) => i + 1))
  await expect(all).toMeetSLA({ p95: 500, p99: 1000, errorRate: 0.01 })
})
