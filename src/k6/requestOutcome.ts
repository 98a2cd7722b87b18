import { failedByStatus, type K6Tags } from './errorKind.ts'

/** One request, as its http_req_duration point gives it. */
export interface K6Request {
  atMs: number
  ms: number
  tags: K6Tags
}

/** Requests without `expected_response` waiting for their `http_req_failed` point; past this, settled by status. */
const MAX_PENDING = 10_000

interface Pending {
  request?: K6Request
  failed?: boolean
}

/**
 * Decides once whether each request failed. Its `expected_response` tag says so when k6 wrote it;
 * otherwise the `http_req_failed` point of the same request (k6 writes a request's points with one
 * time and the same tags, in either order) does; a request that never gets one is judged by its
 * status. At most {@link MAX_PENDING} requests wait: the oldest is then settled by its status.
 */
export class RequestOutcomes {
  readonly #pending = new Map<string, Pending>()
  readonly #settle: (request: K6Request, failed: boolean) => void

  constructor(settle: (request: K6Request, failed: boolean) => void) {
    this.#settle = settle
  }

  /** An http_req_duration point; `key` names its request (time and tags). */
  duration(request: K6Request, key: () => string): void {
    const expected = request.tags.expected_response
    if (expected === 'true' || expected === 'false') {
      this.#settle(request, expected === 'false')
      return
    }
    const id = key()
    const found = this.#pending.get(id)
    if (found && !found.request && found.failed !== undefined) {
      this.#pending.delete(id)
      this.#settle(request, found.failed)
      return
    }
    if (found) this.#drop(id, found)
    this.#wait(id, { request })
  }

  /** An http_req_failed point (1 = failed); ignored when the request carried `expected_response`. */
  failed(tags: K6Tags, failed: boolean, key: () => string): void {
    if (tags.expected_response !== undefined) return
    const id = key()
    const found = this.#pending.get(id)
    if (found?.request) {
      this.#pending.delete(id)
      this.#settle(found.request, failed)
    } else {
      this.#wait(id, { failed })
    }
  }

  /** Settles every request still waiting (its file has no http_req_failed point for it) by status. */
  finish(): void {
    for (const [id, entry] of this.#pending) this.#drop(id, entry)
  }

  #wait(id: string, entry: Pending): void {
    if (this.#pending.size >= MAX_PENDING) {
      const [oldest, stale] = this.#pending.entries().next().value!
      this.#drop(oldest, stale)
    }
    this.#pending.set(id, entry)
  }

  #drop(id: string, entry: Pending): void {
    this.#pending.delete(id)
    if (entry.request) this.#settle(entry.request, failedByStatus(entry.request.tags))
  }
}
