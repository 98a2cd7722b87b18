/** k6's tags on a request's points (`status`, `error_code`, `expected_response`, `name`, …). */
export type K6Tags = Readonly<Record<string, unknown>>

const STATUS_KINDS = ['http-1xx', 'http-1xx', 'http-2xx', 'http-3xx', 'http-4xx', 'http-5xx'] as const

/**
 * The kind of a failed k6 request, in the names perfgate's own load engine counts by (see
 * `ErrorKind`): an answered request by its status class (`http-5xx`); one without an answer
 * (`status` 0) by k6's `error_code` tag: 1050 and 1211 `timeout`, 11xx `dns`, 1212
 * `connection-refused`, 1201 and 1220 `connection-reset`, any other `other`.
 */
export function k6ErrorKind(tags: K6Tags): string {
  const status = Number(tags.status)
  if (status >= 100) return STATUS_KINDS[Math.min(5, Math.floor(status / 100))]!
  const code = Number(tags.error_code)
  if (code === 1050 || code === 1211) return 'timeout'
  if (code >= 1100 && code < 1200) return 'dns'
  if (code === 1212) return 'connection-refused'
  if (code === 1201 || code === 1220) return 'connection-reset'
  return 'other'
}

/**
 * Whether a request whose outcome k6 did not tag (`expected_response` absent) failed, by k6's own
 * default: a status from 200 to 399 is expected; no status (0) or any other is a failure.
 */
export function failedByStatus(tags: K6Tags): boolean {
  if (tags.error_code !== undefined && tags.error_code !== '') return true
  if (tags.status === undefined) return false
  const status = Number(tags.status)
  return !(status >= 200 && status < 400)
}
