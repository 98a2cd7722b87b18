import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createServer } from 'node:http'
import { join } from 'node:path'
import { beforeAll, describe, expect, test } from 'vitest'
import { fromSamples, mergeMeasurements, readMeasurement, type Measurement } from 'perfgate'
import { REPO, runNode, tempDir } from '../report/runFixture.ts'

/** The built bin, as `npx perfgate` runs it once installed. */
const CLI = join(REPO, 'dist/esm/cli/cli.js')

beforeAll(() => {
  const built = existsSync(CLI) ? statSync(CLI).mtimeMs : 0
  const newest = Math.max(...readdirSync(join(REPO, 'src/cli')).map((f) => statSync(join(REPO, 'src/cli', f)).mtimeMs))
  if (built < newest) throw new Error('dist/ is missing or older than src/cli: run `node scripts/build.ts` first (npm test does).')
})

/**
 * A loopback server in this process that answers every request after `delayMs` and records when each
 * arrived (epoch ms): what the four shard processes did together, seen from the one server they load.
 */
async function recordingServer(delayMs: number): Promise<{ url: string; arrivals: number[] } & AsyncDisposable> {
  const arrivals: number[] = []
  const server = createServer((req, res) => {
    arrivals.push(performance.timeOrigin + performance.now())
    req.resume()
    setTimeout(() => res.writeHead(200, { 'content-type': 'text/plain' }).end('ok'), delayMs)
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  const close = async (): Promise<void> => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return { url: `http://127.0.0.1:${port}`, arrivals, [Symbol.asyncDispose]: close }
}

const samplesOf = (m: Measurement): number[] => {
  const latency = m.toJSON().latency
  if (latency.kind !== 'exact') throw new Error('expected exact samples')
  return latency.samplesMs
}

describe('4 shard processes, merged', () => {
  test('make exactly one run at the whole rate, and merge to the percentiles of the union of their samples', { timeout: 120_000 }, async () => {
    await using server = await recordingServer(20)
    using dir = tempDir('perfgate-shards-')
    const [rate, seconds, shards] = [200, 3, 4]
    // Far enough ahead for four Node processes to start on a busy 2-core machine; timer dispatch, so four
    // generators sharing two cores do not also poll for microsecond precision.
    const startAt = Date.now() + 4000
    const runs = await Promise.all(Array.from({ length: shards }, (_, i) => runNode([
      CLI, 'load', `${server.url}/tasks`, '--rate', String(rate), '--duration', `${seconds}s`, '--shard', `${i + 1}/${shards}`,
      '--start-at', String(startAt), '--dispatch', 'timer', '--header', 'authorization: Bearer s3cret-token-123', '--out', join(dir.path, `shard-${i + 1}.json`),
    ], { cwd: dir.path, timeoutMs: 60_000 })))
    for (const [i, run] of runs.entries()) {
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toMatch(new RegExp(`^perfgate load shard ${i + 1}/4: GET http://127\\.0\\.0\\.1:\\d+/tasks: 150 ok, 0 errors, 50\\.0 req/s, p50 `))
      expect(run.stdout).toBe('')
      expect(run.stderr).not.toContain('s3cret-token-123')
    }
    // Seen from the server, the four shards made one schedule at the whole rate: arrivals 1/R apart, not bursts of four.
    // (Shards that all started at arrival 0 would send four requests at once every 4/R: three gaps in four near zero.)
    const arrivals = server.arrivals.toSorted((a, b) => a - b)
    expect(arrivals).toHaveLength(rate * seconds)
    expect(arrivals[0]! - startAt, 'the first arrival is due at the common start').toBeGreaterThanOrEqual(-5)
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]!)
    const period = 1000 / rate
    const bursts = gaps.filter((gap) => gap < period / 4).length
    // Generous for two shared cores (a late timer makes one short gap); a burst of 4 makes 75% of gaps short.
    expect(bursts / gaps.length, `${bursts} of ${gaps.length} gaps under ${period / 4} ms`).toBeLessThan(0.1)
    const median = gaps.toSorted((a, b) => a - b)[gaps.length >> 1]!
    expect(median, 'the median gap is 1/R').toBeGreaterThan(period * 0.6)
    expect(median).toBeLessThan(period * 1.5)

    const files = Array.from({ length: shards }, (_, i) => join(dir.path, `shard-${i + 1}.json`))
    for (const file of files) expect(readFileSync(file, 'utf8')).not.toContain('s3cret-token-123')
    const parts = files.map(readMeasurement)
    for (const [i, part] of parts.entries()) {
      expect(part.shard).toEqual({ index: i + 1, count: shards })
      // One clock for all: each shard's run starts at the common time exactly.
      expect([part.startedAt, part.durationMs, part.count, part.errors]).toEqual([startAt, seconds * 1000, (rate * seconds) / shards, 0])
      expect(part.latencyFrom).toBe('intended-start')
      expect(part.facts.shape).toEqual({ kind: 'open', rate, durationMs: seconds * 1000, maxConnections: 1000 })
    }

    const merge = await runNode([CLI, 'merge', ...files, '--out', join(dir.path, 'all.json')], { cwd: dir.path })
    expect(merge.code, merge.stderr).toBe(0)
    expect(merge.stderr).toMatch(/^perfgate merge: shards 1, 2, 3, 4 of 4: 600 ok, 0 errors, 200\.0 req\/s, p50 /)
    const merged = readMeasurement(join(dir.path, 'all.json'))
    const inProcess = mergeMeasurements(parts, { names: files })
    expect(merged.toJSON()).toEqual(inProcess.toJSON())
    // Without --out the same JSON goes to stdout.
    const printed = await runNode([CLI, 'merge', ...files], { cwd: dir.path })
    expect(JSON.parse(printed.stdout)).toEqual(merged.toJSON())

    expect([merged.count, merged.errors, merged.startedAt, merged.durationMs, merged.rps]).toEqual([rate * seconds, 0, startAt, seconds * 1000, rate])
    expect(merged.shards).toEqual({ count: 4, indexes: [1, 2, 3, 4] })
    expect(merged.latencyFrom).toBe('intended-start')
    expect(merged.facts.notes?.filter((n) => /shard/i.test(n)) ?? []).toEqual([])
    // The timeline: its totals are the run's, and each second is the sum of the shards' same second.
    expect(merged.timeline.reduce((a, p) => a + p.count, 0)).toBe(merged.count)
    const seconds_ = new Set(parts.flatMap((p) => p.timeline.map((point) => point.t)))
    for (const t of seconds_) {
      const sum = parts.reduce((a, p) => a + (p.timeline.find((point) => point.t === t)?.count ?? 0), 0)
      expect(merged.timeline.find((point) => point.t === t)?.count, `second ${t}`).toBe(sum)
    }
    // Exact: the percentiles of one recorder fed the union of the four files' samples.
    const union = fromSamples(parts.flatMap(samplesOf), { durationMs: seconds * 1000 })
    for (const stat of ['min', 'mean', 'p50', 'p90', 'p95', 'p99', 'p999', 'max'] as const) expect(merged.latency[stat], stat).toBe(union.latency[stat])
    expect(merged.latency.exact).toBe(true)
    // Every request waited at least the server's 20 ms: the judge reads real latencies.
    expect(merged.latency.min).toBeGreaterThanOrEqual(19)
    // perf/shards/merged.test.ts judges a merged file with the matchers, in the perf project (one spec at a time).

    // A closed-model shard measures from the send: merging it with the open ones is refused, naming both files.
    const closedFile = join(dir.path, 'closed.json')
    const closed = await runNode([CLI, 'load', `${server.url}/tasks`, '--connections', '4', '--duration', '500', '--shard', '1/4', '--out', closedFile], { cwd: dir.path })
    expect(closed.code, closed.stderr).toBe(0)
    expect(readMeasurement(closedFile)).toMatchObject({ latencyFrom: 'send', shard: { index: 1, count: 4 }, facts: { shape: { kind: 'closed', connections: 4 } } })
    const mixed = await runNode([CLI, 'merge', files[1]!, closedFile], { cwd: dir.path })
    expect(mixed.code).toBe(1)
    expect(mixed.stdout).toBe('')
    expect(mixed.stderr).toBe(`perfgate: Cannot merge ${files[1]} (latency from each request's intended start (open model, coordinated omission corrected)) with ${closedFile} (latency from the actual send (closed model, or k6's http_req_duration)): their percentiles measure different things. Merge only parts of one definition, e.g. rerun every shard with the same model (--rate for all, or --connections for all). [PERFGATE_ERR_MERGE_MISMATCH]\n`)

    // Two of four shards: merged, with the missing ones named.
    const half = await runNode([CLI, 'merge', files[0]!, files[2]!], { cwd: dir.path })
    expect(half.code).toBe(0)
    expect(half.stderr).toContain('note: Missing shards 2/4, 4/4: this measurement holds 2 of the run\'s 4 shards')
  })
})

describe('perfgate load and merge on bad input', () => {
  test('a shard that is not one of n is a usage error, exit code 2', async () => {
    using dir = tempDir('perfgate-shards-usage-')
    for (const shard of ['0/8', '9/8', 'three', '3']) {
      const run = await runNode([CLI, 'load', 'http://127.0.0.1:9/', '--rate', '10', '--duration', '1s', '--shard', shard], { cwd: dir.path })
      expect(run.code, shard).toBe(2)
      expect(run.stderr).toMatch(new RegExp(`^perfgate: --shard: shard "${shard}" .*Give it as 'i/n' with 1 <= i <= n, e\\.g\\. '3/8'.*\\nRun perfgate --help for the usage\\.\\n$`))
      expect(readdirSync(dir.path)).toEqual([])
    }
    // A start time without a zone would be read in each machine's local time: refused, with the accepted forms.
    const local = await runNode([CLI, 'load', 'http://127.0.0.1:9/', '--rate', '10', '--duration', '1s', '--start-at', '2026-11-30T06:00:00'], { cwd: dir.path })
    expect([local.code, local.stderr]).toEqual([2, expect.stringMatching(/^perfgate: --start-at takes epoch ms or an ISO time with its zone, got '2026-11-30T06:00:00'\. Accepted: .*\(2026-11-30T06:00:00Z\) or with an offset \(2026-11-30T07:00:00\+01:00\).*\nRun perfgate --help for the usage\.\n$/)])
    const past = await runNode([CLI, 'load', 'http://127.0.0.1:9/', '--rate', '10', '--duration', '1s', '--start-at', '2020-01-01T00:00:00Z'], { cwd: dir.path })
    expect([past.code, past.stderr]).toEqual([2, expect.stringMatching(/^perfgate: startAt 2020-01-01T00:00:00\.000Z is \d+ ms in the past/)])
  })

  test('merging a missing or corrupt file fails with the path named, exit code 1', async () => {
    using dir = tempDir('perfgate-shards-missing-')
    const missing = await runNode([CLI, 'merge', 'nope.json'], { cwd: dir.path })
    expect([missing.code, missing.stderr]).toEqual([1, 'perfgate: The measurement file nope.json does not exist. Check the path; a shard that failed writes no file. [PERFGATE_ERR_FILE_NOT_FOUND]\n'])
    const none = await runNode([CLI, 'merge'], { cwd: dir.path })
    expect(none.code).toBe(2)
  })
})
