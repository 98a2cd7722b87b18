import 'perfgate/vitest'
import { readMeasurement } from 'perfgate'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { startServer } from '../../test/load/servers/startServer.ts'
import { REPO, runNode, tempDir } from '../../test/report/runFixture.ts'

const CLI = join(REPO, 'src/cli/cli.ts')

/**
 * Shards on a scheduler, in small: four `perfgate load --shard i/4` processes share one start time
 * and a server of known latency (20 ms), `perfgate merge` joins their files, and the spec judges the
 * merged file as it would judge one run (the recipes in examples/shards/ do the same on Kubernetes
 * and GitHub Actions). Each process offers 50 req/s; the four make one schedule at 200 req/s.
 */
describe('a run split over 4 shard processes', () => {
  test('the merged file meets p95 < 100 ms at 200 req/s, and its latencies are the server\'s 20 ms and more', async () => {
    await using server = await startServer({ kind: 'delay', delayMs: 20 })
    using dir = tempDir('perfgate-perf-shards-')
    const startAt = Date.now() + 4000
    const files = [1, 2, 3, 4].map((i) => join(dir.path, `shard-${i}.json`))
    const runs = await Promise.all(files.map((out, i) => runNode([
      CLI, 'load', `${server.url}/tasks`, '--rate', '200', '--duration', '5s', '--shard', `${i + 1}/4`, '--start-at', String(startAt), '--dispatch', 'timer', '--out', out,
    ], { cwd: dir.path, timeoutMs: 60_000 })))
    for (const run of runs) expect(run.code, run.stderr).toBe(0)
    const all = join(dir.path, 'all.json')
    const merge = await runNode([CLI, 'merge', ...files, '--out', all], { cwd: dir.path })
    expect(merge.code, merge.stderr).toBe(0)

    await expect(readMeasurement(all)).toMeetSLA({ p95: 100, rps: 180, errorRate: 0.01 })
    // The judge reads the real latencies: no request beat the server's 20 ms.
    await expect(readMeasurement(all)).not.toMeetP95(15)
  })
})
