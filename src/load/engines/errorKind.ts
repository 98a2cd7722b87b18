/**
 * Error kinds as they appear in `errorsByKind`. HTTP failures are counted by status class
 * (`http-4xx`, `http-5xx`, …); transport failures by what went wrong. A function workload's failures
 * are counted by the error's `code`, else its class name, else `error` (and `timeout`).
 */
export type ErrorKind =
  | 'connection-refused'
  | 'connection-reset'
  | 'timeout'
  | 'body'
  | 'dns'
  | 'other'
  | `http-${1 | 2 | 3 | 4 | 5}xx`

const STATUS_KINDS = ['http-1xx', 'http-1xx', 'http-2xx', 'http-3xx', 'http-4xx', 'http-5xx'] as const

/** The kind of a response whose status is not an expected one. */
export function statusKind(status: number): ErrorKind {
  return STATUS_KINDS[Math.min(5, Math.floor(status / 100))] ?? 'other'
}

/** The kind of a transport error; `afterHeaders` tells a failed body from a failed request. */
export function errorKindOf(error: unknown, afterHeaders: boolean): ErrorKind {
  const code = (error as { code?: unknown } | null)?.code
  switch (code) {
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'ETIMEDOUT':
      return 'timeout'
    case 'ECONNREFUSED':
      return 'connection-refused'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'dns'
  }
  if (afterHeaders) return 'body'
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET' || code === 'UND_ERR_CLOSED') return 'connection-reset'
  return 'other'
}
