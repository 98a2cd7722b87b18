import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, test } from 'vitest'
import { fromK6, isPerfgateError, type Measurement } from 'perfgate'
import 'perfgate/vitest'
import { K6Writer, k6Time, type Tags } from './k6Json.ts'

const dir = mkdtempSync(join(tmpdir(), 'perfgate-k6-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const T0 = Date.UTC(2026, 10, 30, 6, 0, 0, 250)
const base = (name: string, status: number, pod: string): Tags => ({
  group: '', method: 'GET', name, proto: 'HTTP/1.1', scenario: 'default', status: String(status), url: `http://api.test${name.slice(4)}`, instance: pod,
})

/** What the two pods did, kept beside the files so every expectation is computed from it. */
interface Sent { atMs: number; ms: number; name: string; failedKind?: string }
const sent: Sent[] = []

// Pod 0, zone +02:00 (as k6 on a host in that zone writes it): 400 successes of 1..100 ms on two
// endpoints; a 503, a refused connection (status 0, error_code 1212) and a timeout (1050).
const pod0 = new K6Writer()
pod0.point('vus', k6Time(T0, 120), 5, null)
for (let i = 0; i < 400; i++) {
  const atMs = T0 + i * 25
  const name = i % 2 ? 'GET /b' : 'GET /a'
  pod0.request(k6Time(atMs, 120, 123_456), 1 + ((i * 37) % 100), base(name, 200, 'pod-0'), false)
  pod0.point('iterations', k6Time(atMs, 120, 123_456), 1, { scenario: 'default' })
  sent.push({ atMs, ms: 1 + ((i * 37) % 100), name })
}
pod0.request(k6Time(T0 + 10_050, 120), 30_000, base('GET /a', 503, 'pod-0'), true)
sent.push({ atMs: T0 + 10_050, ms: 30_000, name: 'GET /a', failedKind: 'http-5xx' })
pod0.request(k6Time(T0 + 10_150, 120), 0.4, { ...base('GET /a', 0, 'pod-0'), error_code: '1212', error: 'dial: connection refused' }, true)
sent.push({ atMs: T0 + 10_150, ms: 0.4, name: 'GET /a', failedKind: 'connection-refused' })
pod0.request(k6Time(T0 + 10_250, 120), 60_000, { ...base('GET /b', 0, 'pod-0'), error_code: '1050', error: 'request timeout' }, true)
sent.push({ atMs: T0 + 10_250, ms: 60_000, name: 'GET /b', failedKind: 'timeout' })
for (const s of [2, 5, 7]) pod0.point('dropped_iterations', k6Time(T0 + s * 1000, 120), 1, { scenario: 'default' })

// Pod 1, UTC, its systemTags without expected_response: only http_req_failed tells the outcome.
// 100 requests of 200..299 ms starting 3 s after pod 0; two 500s the callback failed, and a 404
// the script's callback expected (http_req_failed 0), which is a success whatever its status.
const pod1 = new K6Writer()
for (let i = 0; i < 100; i++) {
  const atMs = T0 + 3000 + i * 75
  const status = i === 10 || i === 20 ? 500 : i === 30 ? 404 : 200
  const failed = status === 500
  pod1.request(k6Time(atMs, 0, 999_999), 200 + i, base('GET /c', status, 'pod-1'), failed, false)
  sent.push({ atMs, ms: 200 + i, name: 'GET /c', ...(failed ? { failedKind: 'http-5xx' } : {}) })
}
pod1.point('dropped_iterations', k6Time(T0 + 9000), 2, { scenario: 'default' })

const plainPath = join(dir, 'pod-0.json')
writeFileSync(plainPath, pod0.text())
// Gzip with a name that does not say so: fromK6 goes by the file's first bytes.
const gzipPath = join(dir, 'pod-1.results')
writeFileSync(gzipPath, gzipSync(pod1.text()))

const nearestRank = (sorted: readonly number[], p: number): number => sorted[Math.ceil((p * sorted.length) / 100) - 1]!
const okMs = (filter: (s: Sent) => boolean = () => true): number[] => sent.filter((s) => !s.failedKind && filter(s)).map((s) => s.ms).sort((a, b) => a - b)

describe('fromK6: two pods, plain and gzip', () => {
  let m: Measurement
  test('every request counts once: successes as latencies, failures by kind', async () => {
    m = await fromK6([plainPath, gzipPath])
    expect(m.count).toBe(400 + 98)
    expect(m.errors).toBe(5)
    expect(m.errorsByKind).toEqual({ 'http-5xx': 3, 'connection-refused': 1, timeout: 1 })
    expect(m.facts.workers).toBe(2)
    expect(m.facts.dropped).toBe(5)
    expect(m.facts.coordinatedOmission).toBe('uncorrected')
    expect(m.latencyFrom).toBe('send')
  })

  test('percentiles are exact against the known latencies', () => {
    const all = okMs()
    expect(m.latency.exact).toBe(true)
    expect(m.latency.count).toBe(all.length)
    for (const p of [50, 90, 95, 99]) expect(m.latency.percentile(p)).toBe(nearestRank(all, p))
    expect(m.latency.min).toBe(1)
    expect(m.latency.max).toBe(299)
  })

  test('start, duration and the per-second timeline come from the point times, zones and nanoseconds included', () => {
    const first = Math.min(...sent.map((s) => s.atMs))
    const last = Math.max(...sent.map((s) => s.atMs))
    const firstSecond = Math.floor(first / 1000)
    expect(m.startedAt).toBe(firstSecond * 1000)
    expect(m.durationMs).toBe(last - firstSecond * 1000)
    const seconds = new Map<number, { count: number; errors: number }>()
    for (const s of sent) {
      const t = Math.floor(s.atMs / 1000) - firstSecond
      const point = seconds.get(t) ?? { count: 0, errors: 0 }
      if (s.failedKind) point.errors++
      else point.count++
      seconds.set(t, point)
    }
    expect(m.timeline.map(({ t, count, errors }) => ({ t, count, errors }))).toEqual([...seconds].sort((a, b) => a[0] - b[0]).map(([t, p]) => ({ t, ...p })))
  })

  test("byTag splits by k6's name tag, each exact", () => {
    expect(Object.keys(m.byTag).sort()).toEqual(['GET /a', 'GET /b', 'GET /c'])
    for (const name of ['GET /a', 'GET /b', 'GET /c']) {
      const sub = m.byTag[name]!
      const known = okMs((s) => s.name === name)
      expect(sub.count, name).toBe(known.length)
      expect(sub.errors, name).toBe(sent.filter((s) => s.name === name && s.failedKind).length)
      expect(sub.latency.p95, name).toBe(nearestRank(known, 95))
      expect(sub.facts.coordinatedOmission).toBe('uncorrected')
    }
    expect(m.byTag['GET /c']!.errorsByKind).toEqual({ 'http-5xx': 2 })
    expect(m.byTag['GET /a']!.errorsByKind).toEqual({ 'http-5xx': 1, 'connection-refused': 1 })
  })

  test('another tag splits by it; one file alone is one worker', async () => {
    const byPod = await fromK6([plainPath, gzipPath], { tag: 'instance' })
    expect(Object.keys(byPod.byTag).sort()).toEqual(['pod-0', 'pod-1'])
    expect(byPod.byTag['pod-1']!.count).toBe(98)
    const one = await fromK6(gzipPath, { tag: false })
    expect(one.byTag).toEqual({})
    expect(one.count).toBe(98)
    expect(one.facts.workers).toBe(1)
    expect(one.facts.dropped).toBe(2)
  })

  test('the honesty note: what http_req_duration leaves out, and the dropped iterations', () => {
    const note = m.facts.notes?.[0]
    expect(note).toContain('leaves out connection set-up')
    expect(note).toContain('not corrected for coordinated omission')
    expect(note).toContain('dropped_iterations: 5')
  })

  test('the matchers judge it, and a failure shows the note', async () => {
    await expect(m).toMeetP95(400)
    await expect(m.byTag['GET /a']!).toMeetP95(120)
    const failure = await expect(m).toMeetP95(50).then(() => undefined, (error: Error) => error)
    expect(failure?.message).toMatch(/p95/)
    expect(failure?.message).toContain("note: k6's http_req_duration")
    expect(failure?.message).toContain('dropped_iterations: 5')
    // perfgate's own advice for its closed model (use { rate }) does not apply to a k6 run.
    expect(failure?.message).not.toContain('Use { rate }')
  })
})

test("README's example: several pods, one SLA", async () => {
  const m = await fromK6([plainPath, gzipPath])
  await expect(m).toMeetP95(400)
  await expect(m.byTag['GET /a']).toMeetP95(120)
  expect(m.facts.dropped).toBe(5)
})

describe('fromK6: files from k6 versions without expected_response or http_req_failed', () => {
  test("the status decides, by k6's default: 200-399 succeed, anything else fails", async () => {
    const old = new K6Writer()
    const statuses = [200, 302, 502, 0, 200, 429]
    statuses.forEach((status, i) => old.point('http_req_duration', k6Time(T0 + i * 10), 10 + i, { ...base('GET /a', status, 'old'), ...(status ? {} : { error_code: '1101' }) }))
    const path = join(dir, 'old-k6.json')
    writeFileSync(path, old.text())
    const m = await fromK6(path)
    expect(m.count).toBe(3)
    expect(m.toJSON().latency).toEqual({ kind: 'exact', samplesMs: [10, 11, 14] })
    expect(m.errorsByKind).toEqual({ 'http-5xx': 1, dns: 1, 'http-4xx': 1 })
  })
})

describe('fromK6: how lines come', () => {
  test("CRLF line ends, blank lines, no final newline, k6's newer key order, and http_req_failed before its duration", async () => {
    const point = (metric: string, time: string, value: number, tags: Tags | null): string => JSON.stringify({ metric, type: 'Point', data: { time, value, tags } })
    const at = (i: number): string => k6Time(T0 + i * 100, -300, 1)
    // Past the first 20 lines, lines perfgate does not read are only checked to be one object: CR and all.
    const lines = Array.from({ length: 25 }, (_, i) => point('vus', at(0), i, null))
    for (let i = 0; i < 6; i++) {
      const tags = base('GET /a', i === 4 ? 502 : 200, 'new')
      const failed = point('http_req_failed', at(i), i === 4 || i === 5 ? 1 : 0, tags)
      const duration = point('http_req_duration', at(i), 10 + i, tags)
      // Odd requests have their http_req_failed point before their http_req_duration one.
      lines.push(...(i % 2 ? [failed, duration] : [duration, '', failed]))
    }
    const path = join(dir, 'crlf.json')
    writeFileSync(path, lines.join('\r\n'))
    const m = await fromK6(path)
    // i = 5 answered 200 but the script's callback failed it: http_req_failed decides.
    expect(m.count).toBe(4)
    expect(m.toJSON().latency).toEqual({ kind: 'exact', samplesMs: [10, 11, 12, 13] })
    expect(m.errorsByKind).toEqual({ 'http-5xx': 1, 'http-2xx': 1 })
  })

  test('a line longer than 1 MB is refused, naming it', async () => {
    const path = join(dir, 'long.json')
    writeFileSync(path, `${pod0.lines.slice(0, 3).join('\n')}\n{"type":"Point","metric":"x","data":"${'a'.repeat(1.5e6)}"}\n`)
    const error = await fromK6(path).catch((e: unknown) => e as Error)
    expect(isPerfgateError(error, 'PERFGATE_ERR_K6_FORMAT')).toBe(true)
    expect((error as Error).message).toContain(`line 4 of ${path} is longer than`)
  })
})

describe('fromK6: limits and bad input', () => {
  test('tag values past maxTagValues count in the totals, and a note says so', async () => {
    const m = await fromK6(plainPath, { maxTagValues: 1 })
    expect(Object.keys(m.byTag)).toEqual(['GET /a'])
    expect(m.count + m.errors).toBe(403)
    expect(m.facts.notes?.join('\n')).toMatch(/more than 1 values: 201 requests/)
  })

  test('the cap holds for the whole run, not per file', async () => {
    const m = await fromK6([plainPath, gzipPath], { maxTagValues: 2 })
    expect(Object.keys(m.byTag).sort()).toEqual(['GET /a', 'GET /b'])
    expect(m.facts.notes?.join('\n')).toMatch(/more than 2 values: 100 requests/)
  })

  const codeOf = (promise: Promise<unknown>): Promise<{ code: string; message: string }> =>
    promise.then(
      () => ({ code: 'resolved', message: '' }),
      (error: unknown) => ({ code: isPerfgateError(error) ? error.code : String(error), message: (error as Error).message }),
    )

  test('a missing file', async () => {
    const missing = join(dir, 'nope.json')
    const { code, message } = await codeOf(fromK6([plainPath, missing]))
    expect(code).toBe('PERFGATE_ERR_K6_FILE')
    expect(message).toContain(`${missing} does not exist`)
    expect(message).toContain('k6 run --out json=results.json')
  })

  test('a file that is not k6 JSON names the line', async () => {
    const notK6 = join(dir, 'not-k6.json')
    writeFileSync(notK6, `${pod0.lines.slice(0, 2).join('\n')}\n{"version":1,"source":"load"}\n`)
    const { code, message } = await codeOf(fromK6(notK6))
    expect(code).toBe('PERFGATE_ERR_K6_FORMAT')
    expect(message).toContain(`line 3 of ${notK6}`)
    const broken = join(dir, 'broken.json')
    writeFileSync(broken, `${pod0.lines.slice(0, 40).join('\n')}\n${pod0.lines[41]!.slice(0, 30)}\n`)
    expect(await codeOf(fromK6(broken))).toMatchObject({ code: 'PERFGATE_ERR_K6_FORMAT', message: expect.stringContaining(`line 41 of ${broken} is not JSON`) })
    const badTime = join(dir, 'bad-time.json')
    writeFileSync(badTime, pod0.lines.slice(0, 4).join('\n').replace(/"time":"[^"]+"/g, '"time":"yesterday"'))
    expect(await codeOf(fromK6(badTime))).toMatchObject({ code: 'PERFGATE_ERR_K6_FORMAT', message: expect.stringContaining('"time" is not an ISO 8601 time') })
  })

  test('a k6 file without http_req_duration points', async () => {
    const vusOnly = new K6Writer()
    for (let i = 0; i < 5; i++) vusOnly.point('vus', k6Time(T0 + i * 1000), 5, null)
    const path = join(dir, 'vus.json')
    writeFileSync(path, vusOnly.text())
    const { code, message } = await codeOf(fromK6(path))
    expect(code).toBe('PERFGATE_ERR_K6_NO_REQUESTS')
    expect(message).toContain(`${path} holds no http_req_duration point`)
  })

  test('a corrupt gzip file', async () => {
    const path = join(dir, 'corrupt.gz')
    writeFileSync(path, gzipSync(pod0.text()).subarray(0, 200))
    expect((await codeOf(fromK6(path))).code).toBe('PERFGATE_ERR_K6_FILE')
  })

  test('wrong arguments and options', async () => {
    expect((await codeOf(fromK6([]))).code).toBe('PERFGATE_ERR_INVALID_INPUT')
    expect((await codeOf(fromK6(plainPath, { tags: 'name' } as never))).message).toContain("unknown option 'tags'")
    expect((await codeOf(fromK6(plainPath, { maxTagValues: 0 }))).code).toBe('PERFGATE_ERR_INVALID_OPTION')
  })
})
