import type { Exchange } from '../engines/exchange.ts'
import { LATE_START_MS } from '../options/limits.ts'
import type { ArrivalSchedule } from './arrivalSchedule.ts'
import { Backlog } from './backlog.ts'
import { Driver, type DriverContext } from './driver.ts'

/**
 * The open model: requests arrive on a schedule whether or not earlier ones were answered, and each
 * one's latency runs from its scheduled start (coordinated omission corrected). An arrival that finds
 * every connection busy waits in a backlog; one that starts more than LATE_START_MS late is a late
 * start; one that cannot start within the request timeout is dropped and counted.
 */
export class OpenDriver extends Driver {
  readonly #schedule: ArrivalSchedule
  readonly #maxConnections: number
  readonly #free: Exchange[] = []
  readonly #backlog = new Backlog()
  #issued = 0
  #inFlight = 0
  #timer: NodeJS.Timeout | undefined
  /** Arrivals that started more than LATE_START_MS after their scheduled time. */
  lateStarts = 0
  /** Late starts while a connection was free: the generator itself was behind. */
  lateWithFreeConnection = 0
  /** Arrivals that never started. */
  dropped = 0

  constructor(ctx: DriverContext, schedule: ArrivalSchedule, maxConnections: number) {
    super(ctx)
    this.#schedule = schedule
    this.#maxConnections = maxConnections
  }

  get active(): number {
    return this.#inFlight
  }

  /** Arrivals the schedule made before the run ended. */
  get issued(): number {
    return this.#issued
  }

  start(): void {
    this.#tick()
  }

  finished(exchange: Exchange): void {
    this.#inFlight--
    if (!this.stopping) {
      const now = performance.now()
      while (this.#backlog.length > 0) {
        const startMs = this.#backlog.shift()
        if (now - startMs > this.ctx.timeoutMs) {
          this.dropped++
          continue
        }
        if (now - startMs > LATE_START_MS) this.lateStarts++
        this.#inFlight++
        this.sendNext(exchange, startMs)
        return
      }
    }
    this.#free.push(exchange)
    this.settleIfIdle()
  }

  protected cancelTimers(): void {
    clearTimeout(this.#timer)
    this.dropped += this.#backlog.length
    while (this.#backlog.length > 0) this.#backlog.shift()
  }

  protected idle(): boolean {
    return this.#inFlight === 0 && (this.stopping || (this.#issued >= this.#schedule.total && this.#backlog.length === 0))
  }

  readonly #tick = (): void => {
    if (this.stopping) return
    const t0 = this.ctx.t0
    const now = performance.now()
    const due = this.#schedule.dueBy(now - t0)
    while (this.#issued < due && !this.stopping) {
      const startMs = t0 + this.#schedule.timeOf(this.#issued++)
      this.#arrive(startMs, now - startMs)
    }
    if (this.#issued >= this.#schedule.total) {
      this.settleIfIdle()
      return
    }
    const nextMs = t0 + this.#schedule.timeOf(this.#issued)
    this.#timer = setTimeout(this.#tick, Math.max(0, nextMs - performance.now()))
  }

  #arrive(startMs: number, lag: number): void {
    let exchange = this.#free.pop()
    if (exchange === undefined && this.exchanges.length < this.#maxConnections) exchange = this.newExchange(this.exchanges.length)
    if (exchange === undefined) {
      this.#backlog.push(startMs)
      return
    }
    if (lag > LATE_START_MS) {
      this.lateStarts++
      this.lateWithFreeConnection++
    }
    this.#inFlight++
    this.sendNext(exchange, startMs)
  }
}
