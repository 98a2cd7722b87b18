import type { Outage } from '../../measure/index.ts'

/** Error kinds that mean the server could not be reached at all (down, restarting), not that it answered badly. */
const CONNECTION_KINDS = new Set(['connection-refused', 'connection-reset'])

/** A stretch shorter than this is a blip (one reset connection), not an outage. */
export const OUTAGE_MIN_MS = 1000

/**
 * Finds outages while a run records outcomes: stretches of at least {@link OUTAGE_MIN_MS} without
 * a single answer, starting with a request that failed to connect. A stretch ends at the first
 * answer of any kind (a success or an HTTP status: the server is reachable again); the time from
 * its first connection error to that answer is the recovery time. Other failures inside it (a
 * timeout, a body cut while the server went down) belong to the stretch but do not start one.
 */
export class OutageTracker {
  readonly #originMs: number
  readonly #outages: Outage[] = []
  #sinceMs: number | undefined
  #lastMs = 0
  #errors = 0

  constructor(originMs: number) {
    this.#originMs = originMs
  }

  /** A request ended at `endMs`: answered (`kind` undefined or an HTTP kind) or failed with `kind`. */
  outcome(endMs: number, kind: string | undefined): void {
    if (kind === undefined || kind.startsWith('http-')) {
      if (this.#sinceMs !== undefined) this.#close(endMs)
      return
    }
    if (this.#sinceMs === undefined && !CONNECTION_KINDS.has(kind)) return
    this.#sinceMs ??= endMs
    this.#lastMs = endMs
    this.#errors++
  }

  /** The outages found, an unfinished one included (not recovered by the end of the run). */
  toData(): Outage[] {
    const open = this.#sinceMs === undefined ? [] : this.#stretch(this.#lastMs, false)
    return [...this.#outages, ...open]
  }

  #close(endMs: number): void {
    this.#outages.push(...this.#stretch(endMs, true))
    this.#sinceMs = undefined
    this.#errors = 0
  }

  #stretch(endMs: number, recovered: boolean): Outage[] {
    const startMs = this.#sinceMs!
    if (endMs - startMs < OUTAGE_MIN_MS) return []
    const at = (ms: number): number => Math.round(ms - this.#originMs)
    return [{ startMs: at(startMs), endMs: at(endMs), errors: this.#errors, ...(recovered ? { recoveryMs: at(endMs) - at(startMs) } : {}) }]
  }
}
