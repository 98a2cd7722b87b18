import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { createGzip } from 'node:zlib'

/**
 * Lines of k6's `--out json` output, in the format its documentation gives ("Results output → JSON"):
 * one `{"type":"Metric",…}` line declaring each metric, then `{"type":"Point",…}` lines with
 * `time` (RFC 3339 with nanoseconds and a zone offset), `value` (ms for times) and `tags`.
 */
export type Tags = Record<string, string>

const METRIC_TYPES: Record<string, [string, string]> = {
  vus: ['gauge', 'default'],
  http_reqs: ['counter', 'default'],
  http_req_duration: ['trend', 'time'],
  http_req_blocked: ['trend', 'time'],
  http_req_connecting: ['trend', 'time'],
  http_req_tls_handshaking: ['trend', 'time'],
  http_req_sending: ['trend', 'time'],
  http_req_waiting: ['trend', 'time'],
  http_req_receiving: ['trend', 'time'],
  http_req_failed: ['rate', 'default'],
  iterations: ['counter', 'default'],
  dropped_iterations: ['counter', 'default'],
}

/** Writes k6 lines, declaring each metric once before its first point, as k6 does. */
export class K6Writer {
  readonly #declared = new Set<string>()
  readonly lines: string[] = []

  point(metric: string, time: string, value: number, tags: Tags | null): void {
    if (!this.#declared.has(metric)) {
      this.#declared.add(metric)
      const [type, contains] = METRIC_TYPES[metric] ?? ['counter', 'default']
      this.lines.push(JSON.stringify({ type: 'Metric', data: { type, contains, tainted: null, thresholds: [], submetrics: null }, metric }))
    }
    this.lines.push(JSON.stringify({ type: 'Point', data: { time, value, tags }, metric }))
  }

  /**
   * One HTTP request as k6 emits it: every http_req_* point with the same time and tags.
   * `failed` is k6's verdict (its response callback); `expectedTag: false` leaves the
   * expected_response tag out (systemTags without it), so only http_req_failed tells.
   */
  request(time: string, ms: number, tags: Tags, failed: boolean, expectedTag = true): void {
    const all = expectedTag ? { ...tags, expected_response: String(!failed) } : tags
    this.point('http_reqs', time, 1, all)
    this.point('http_req_duration', time, ms, all)
    for (const phase of ['blocked', 'connecting', 'tls_handshaking', 'sending']) this.point(`http_req_${phase}`, time, 0.01, all)
    this.point('http_req_waiting', time, ms * 0.9, all)
    this.point('http_req_receiving', time, ms * 0.1, all)
    this.point('http_req_failed', time, failed ? 1 : 0, all)
  }

  text(): string {
    return `${this.lines.join('\n')}\n`
  }
}

/** An epoch ms as k6 writes it: nanoseconds, in the zone `offsetMinutes` east of UTC. */
export function k6Time(epochMs: number, offsetMinutes = 0, nanos = 0): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 19)
  const fraction = `${String(epochMs % 1000).padStart(3, '0')}${String(nanos).padStart(6, '0')}`
  const zone = offsetMinutes === 0 ? 'Z' : `${offsetMinutes > 0 ? '+' : '-'}${String(Math.floor(Math.abs(offsetMinutes) / 60)).padStart(2, '0')}:${String(Math.abs(offsetMinutes) % 60).padStart(2, '0')}`
  return `${local}.${fraction}${zone}`
}

/** What {@link writeLargeK6File} wrote. */
export interface LargeK6File {
  bytes: number
  lines: number
  requests: number
  failed: number
  dropped: number
}

/**
 * Writes a k6 results file of at least `bytes` (uncompressed) as k6 writes it for a constant-rate
 * run: 500 requests a second on four endpoints, each request's nine http_req_* points, 1% 503s,
 * a dropped iteration every 1,000 requests. Streamed to disk, gzipped when `gzip` (level 1).
 */
export async function writeLargeK6File(path: string, bytes: number, gzip = false): Promise<LargeK6File> {
  const file = createWriteStream(path)
  const zip = gzip ? createGzip({ level: 1 }) : undefined
  zip?.pipe(file)
  const out = zip ?? file
  const written: LargeK6File = { bytes: 0, lines: 0, requests: 0, failed: 0, dropped: 0 }
  const header = new K6Writer()
  header.point('vus', k6Time(Date.UTC(2026, 10, 30, 6)), 50, null)
  header.request(k6Time(Date.UTC(2026, 10, 30, 6)), 5, { name: 'warm-up', status: '200' }, false)
  header.point('dropped_iterations', k6Time(Date.UTC(2026, 10, 30, 6)), 0, { scenario: 'default' })
  written.requests++
  let chunk = header.text()
  written.lines += header.lines.length
  const start = Date.UTC(2026, 10, 30, 6)
  const names = ['/api/patients', '/api/appointments', '/api/slots', '/api/invoices']
  let seed = 42
  while (written.bytes < bytes) {
    const i = written.requests++ - 1
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    const ms = Math.round((5 + 20 * -Math.log(1 - seed / 2 ** 31)) * 1000) / 1000
    const failed = i % 100 === 99
    const time = k6Time(start + Math.floor(i * 2), 120, (i * 7919) % 1_000_000)
    const name = names[i % names.length]!
    const tags = `{"expected_response":"${!failed}","group":"","method":"GET","name":"http://api.test${name}","proto":"HTTP/1.1","scenario":"default","status":"${failed ? 503 : 200}","url":"http://api.test${name}"}`
    const point = (metric: string, value: number): string => `{"type":"Point","data":{"time":"${time}","value":${value},"tags":${tags}},"metric":"${metric}"}\n`
    let block = point('http_reqs', 1) + point('http_req_duration', ms) + point('http_req_blocked', 0.002) + point('http_req_connecting', 0) +
      point('http_req_tls_handshaking', 0) + point('http_req_sending', 0.011) + point('http_req_waiting', ms * 0.98) + point('http_req_receiving', ms * 0.02) +
      point('http_req_failed', failed ? 1 : 0)
    written.lines += 9
    if (i % 1000 === 999) {
      block += `{"type":"Point","data":{"time":"${time}","value":1,"tags":{"scenario":"default"}},"metric":"dropped_iterations"}\n`
      written.lines++
      written.dropped++
    }
    if (failed) written.failed++
    written.bytes += block.length
    chunk += block
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain')
      chunk = ''
    }
  }
  out.end(chunk)
  await once(file, 'close')
  return written
}
