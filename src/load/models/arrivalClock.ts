import { Worker } from 'node:worker_threads'

/** Wakes the open model at (never before) a deadline in performance.now() ms. */
export interface ArrivalClock {
  /** What a deadline calls; set by the model that owns the clock. */
  wake: () => void
  /** Calls `wake` once, at or after `deadlineMs`; replaces any earlier arm. */
  arm(deadlineMs: number): void
  cancel(): void
  /** Ends the clock for good (its helper thread, if any). */
  close(): void
}

/**
 * Node's timers (wrk2's approach): no CPU while waiting, no helper thread. They count whole
 * milliseconds on a clock of their own, so a timer may fire up to 1 ms before the deadline; it is
 * then set again for the rest, which is how a request ends up 0–1 ms late.
 */
export class TimerClock implements ArrivalClock {
  wake: () => void = () => {}
  #timer: NodeJS.Timeout | undefined
  #deadlineMs = 0

  arm(deadlineMs: number): void {
    clearTimeout(this.#timer)
    this.#deadlineMs = deadlineMs
    this.#timer = setTimeout(this.#fire, Math.max(0, deadlineMs - performance.now()))
  }

  readonly #fire = (): void => {
    const remainingMs = this.#deadlineMs - performance.now()
    if (remainingMs > 0) this.#timer = setTimeout(this.#fire, remainingMs)
    else this.wake()
  }

  cancel(): void {
    clearTimeout(this.#timer)
  }

  close(): void {
    this.cancel()
  }
}

// Slots of the shared Int32Array / Float64Array views.
const GEN = 0 // bumped (and notified) by this thread on every arm, cancel and close (it may wrap)
const CLOSED = 1 // 1 once the clock is closed
const DEADLINE = 1 // Float64 slot (bytes 8–15): when the helper should post, on this thread's performance.now() clock

/**
 * The helper thread: waits until the deadline this thread set (or a new one), posts once, and waits
 * for the next. Plain CommonJS evaluated from a string, so it works the same from src/ and dist/.
 */
const HELPER = `
const { parentPort, workerData } = require('node:worker_threads')
const gen = new Int32Array(workerData.buffer)
const at = new Float64Array(workerData.buffer)
const offset = workerData.timeOrigin - performance.timeOrigin
parentPort.postMessage('online')
for (;;) {
  const g = Atomics.load(gen, ${GEN})
  if (Atomics.load(gen, ${CLOSED}) === 1) break
  const waitMs = at[${DEADLINE}] + offset - performance.now()
  if (waitMs === Infinity) { Atomics.wait(gen, ${GEN}, g); continue }
  if (waitMs > 0 && Atomics.wait(gen, ${GEN}, g, waitMs) !== 'timed-out') continue
  if (Atomics.load(gen, ${GEN}) !== g) continue
  parentPort.postMessage(g)
  Atomics.wait(gen, ${GEN}, g)
}
`

/** Wake-up lateness the lead starts from, and the range it adapts in (ms). */
const LEAD = { initialMs: 0.08, minMs: 0.01, maxMs: 1 }
/** The lead tracks this quantile of the helper's wake-up lateness: the rest of the wait is polled. */
const LEAD_QUANTILE = 0.8
const LEAD_STEP_MS = 0.005
/** Most of the time between two arrivals the clock may spend polling: precision gives way above ~5,000 req/s. */
const POLL_SHARE = 0.25

/**
 * The precise clock. A futex wait sleeps to within ~50 µs (the kernel's timer slack) and the message
 * that wakes this thread takes a few tens more, so the helper posts `lead` early; this thread then
 * polls with setImmediate, which keeps reading responses, until the deadline. The lead follows the
 * wake-ups it sees (the 80th percentile of their lateness), so the polling stays short.
 */
export class PreciseClock implements ArrivalClock {
  wake: () => void = () => {}
  readonly #worker: Worker
  readonly #gen: Int32Array
  readonly #at: Float64Array
  #deadlineMs = Number.POSITIVE_INFINITY
  #armed = false
  #polling = false
  #leadMs = LEAD.initialMs
  #closed = false
  #pollStartMs = 0
  #pollCapMs = 0
  /** Time spent polling for deadlines (spinning, mostly idle), for the saturation check. */
  pollMs = 0

  private constructor(worker: Worker, buffer: SharedArrayBuffer) {
    this.#worker = worker
    this.#gen = new Int32Array(buffer)
    this.#at = new Float64Array(buffer)
    worker.on('message', this.#onMessage)
  }

  /** Starts the helper thread and resolves once it waits for deadlines. */
  static async start(): Promise<PreciseClock> {
    const buffer = new SharedArrayBuffer(16)
    new Float64Array(buffer)[DEADLINE] = Number.POSITIVE_INFINITY
    const worker = new Worker(HELPER, { eval: true, workerData: { buffer, timeOrigin: performance.timeOrigin } })
    await new Promise<void>((resolve, reject) => {
      worker.once('message', () => resolve())
      worker.once('error', reject)
    })
    worker.unref()
    return new PreciseClock(worker, buffer)
  }

  arm(deadlineMs: number): void {
    if (this.#closed) return
    // Polling costs CPU: it may take at most POLL_SHARE of the time between two arrivals.
    this.#pollCapMs = POLL_SHARE * Math.max(0, deadlineMs - this.#deadlineMs)
    this.#deadlineMs = deadlineMs
    this.#armed = true
    if (this.#polling) return
    const leadMs = this.#lead()
    if (deadlineMs - performance.now() <= leadMs) this.#poll()
    else this.#post(deadlineMs - leadMs)
  }

  #lead(): number {
    return Math.min(this.#leadMs, this.#pollCapMs)
  }

  cancel(): void {
    this.#armed = false
    this.#post(Number.POSITIVE_INFINITY)
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    this.#armed = false
    Atomics.store(this.#gen, CLOSED, 1)
    Atomics.add(this.#gen, GEN, 1)
    Atomics.notify(this.#gen, GEN)
    void this.#worker.terminate()
  }

  #post(atMs: number): void {
    this.#at[DEADLINE] = atMs
    Atomics.add(this.#gen, GEN, 1)
    Atomics.notify(this.#gen, GEN)
  }

  readonly #onMessage = (gen: number): void => {
    if (gen !== Atomics.load(this.#gen, GEN) || !this.#armed) return
    const lateMs = performance.now() - this.#at[DEADLINE]!
    // Stochastic quantile tracking: up by q·step when later than the lead, down by (1−q)·step otherwise.
    this.#leadMs += lateMs > this.#leadMs ? LEAD_STEP_MS * LEAD_QUANTILE : -LEAD_STEP_MS * (1 - LEAD_QUANTILE)
    this.#leadMs = Math.min(LEAD.maxMs, Math.max(LEAD.minMs, this.#leadMs))
    this.#poll()
  }

  #poll(): void {
    this.#polling = true
    this.#pollStartMs = performance.now()
    setImmediate(this.#check)
  }

  readonly #check = (): void => {
    const now = performance.now()
    if (!this.#armed) {
      this.#stopPolling(now)
      return
    }
    const remainingMs = this.#deadlineMs - now
    if (remainingMs > 2 * this.#lead() + LEAD.minMs) {
      // Re-armed for a later deadline while polling: sleep on the helper again.
      this.#stopPolling(now)
      this.#post(this.#deadlineMs - this.#lead())
    } else if (remainingMs > 0) {
      setImmediate(this.#check)
    } else {
      this.#stopPolling(now)
      this.#armed = false
      this.wake()
    }
  }

  #stopPolling(now: number): void {
    this.pollMs += now - this.#pollStartMs
    this.#polling = false
  }
}
