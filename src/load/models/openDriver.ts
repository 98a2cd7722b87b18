import type { Exchange } from '../engines/exchange.ts'
import { LATE_START_MS } from '../options/limits.ts'
import type { ArrivalClock } from './arrivalClock.ts'
import type { Arrivals } from './arrivalSchedule.ts'
import { Backlog } from './backlog.ts'
import { Driver, type DriverContext } from './driver.ts'

/**
 * The open model: requests arrive on a schedule whether or not earlier ones were answered, and each
 * one's latency runs from its scheduled start (coordinated omission corrected). An arrival that finds
 * every connection busy waits in a backlog; one that starts more than LATE_START_MS late is a late
 * start; one that cannot start within the request timeout is dropped and counted.
 */
export class OpenDriver extends Driver {
  readonly #schedule: Arrivals
  readonly #maxConnections: number
  readonly #free: Exchange[] = []
  readonly #backlog = new Backlog()
  #issued = 0
  #inFlight = 0
  readonly #clock: ArrivalClock
  /** performance.now() at which the next arrival is due. */
  #nextMs = 0
  /** Arrivals that started more than LATE_START_MS after their scheduled time. */
  lateStarts = 0
  /** Late starts while a connection was free: the generator itself was behind. */
  lateWithFreeConnection = 0
  /** Arrivals that never started. */
  dropped = 0

  constructor(ctx: DriverContext, schedule: Arrivals, maxConnections: number, clock: ArrivalClock) {
    super(ctx)
    this.#schedule = schedule
    this.#maxConnections = maxConnections
    this.#clock = clock
    clock.wake = this.#tick
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
    // A response read just now may have run past the next arrival's time: send it without waiting for the clock.
    if (!this.stopping && this.#issued < this.#schedule.total && performance.now() >= this.#nextMs) this.#tick()
    else this.settleIfIdle()
  }

  override async closeAll(force: boolean): Promise<void> {
    this.#clock.close()
    await super.closeAll(force)
  }

  protected cancelTimers(): void {
    this.#clock.cancel()
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
    while (this.#issued < due && !this.stopping) this.#arrive(t0 + this.#schedule.timeOf(this.#issued++))
    if (this.#issued >= this.#schedule.total) {
      this.#clock.cancel()
      this.settleIfIdle()
      return
    }
    this.#nextMs = t0 + this.#schedule.timeOf(this.#issued)
    this.#clock.arm(this.#nextMs)
  }

  #arrive(startMs: number): void {
    let exchange = this.#free.pop()
    if (exchange === undefined && this.exchanges.length < this.#maxConnections) exchange = this.newExchange(this.exchanges.length)
    if (exchange === undefined) {
      this.#backlog.push(startMs)
      return
    }
    // A connection is free: any lateness now is the generator's own, not the server's.
    const lag = Math.max(0, performance.now() - startMs)
    this.ctx.recorder.dispatched(lag)
    if (lag > LATE_START_MS) {
      this.lateStarts++
      this.lateWithFreeConnection++
    }
    this.#inFlight++
    this.sendNext(exchange, startMs)
  }
}
