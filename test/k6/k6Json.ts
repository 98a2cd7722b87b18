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
