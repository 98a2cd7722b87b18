import { PerfgateError } from '../../errors/index.ts'
import type { Exchange, ExchangeOwner } from '../engines/exchange.ts'
import type { ExchangeFactory } from '../engines/exchangeFactory.ts'
import type { RunRecorder } from '../observe/runRecorder.ts'
import type { PreparedRequest } from '../target/preparedRequest.ts'
import type { RequestSource } from '../target/requestSource.ts'

/** What a load model needs from the run around it. */
export interface DriverContext {
  source: RequestSource
  recorder: RunRecorder
  /** Opens a connection on the run's engine. */
  openExchange: ExchangeFactory
  /** performance.now() at which the run starts. */
  t0: number
  timeoutMs: number
}

/**
 * Shared lifecycle of the load models: connections (exchanges) created on demand, a promise that
 * settles when the model is done, and a stop that either lets requests in flight finish or drops them.
 */
export abstract class Driver implements ExchangeOwner {
  protected readonly ctx: DriverContext
  protected readonly exchanges: Exchange[] = []
  protected stopping = false
  /** performance.now() at which the model stopped offering load (deadline or stopWhen), if it did. */
  stoppedAtMs: number | undefined
  #settled = false
  #resolve!: () => void
  #reject!: (error: unknown) => void
  readonly done: Promise<void>

  constructor(ctx: DriverContext) {
    this.ctx = ctx
    this.done = new Promise<void>((resolve, reject) => {
      this.#resolve = resolve
      this.#reject = reject
    })
  }

  abstract start(): void
  abstract finished(exchange: Exchange): void
  /** Requests in flight now (open model) or users running (closed): what live metrics call `vus`. */
  abstract get active(): number
  /** Called once when stopping begins, to cancel the model's own timers. */
  protected abstract cancelTimers(): void
  protected abstract idle(): boolean

  /** Stops offering load; requests in flight finish (bounded by the per-request timeout). */
  stop(): void {
    if (this.stopping) return
    this.stopping = true
    this.stoppedAtMs = performance.now()
    this.cancelTimers()
    this.settleIfIdle()
  }

  /** Stops at once, for an abort or an overrun: closes every socket, requests in flight are not counted. */
  async destroy(): Promise<void> {
    this.stopping = true
    this.cancelTimers()
    this.ctx.recorder.sealed = true
    await this.closeAll(true)
    this.#settle()
  }

  /** A bug in the user's request function ends the run with its error. */
  fail(error: unknown): void {
    this.stopping = true
    this.cancelTimers()
    if (this.#settled) return
    this.#settled = true
    this.#reject(error)
  }

  /** Aborts every request in flight longer than the per-request timeout. */
  expireRequests(): void {
    const now = performance.now()
    for (const exchange of this.exchanges) exchange.expire(now, this.ctx.timeoutMs)
  }

  rejected(error: Error): void {
    this.fail(
      new PerfgateError('PERFGATE_ERR_INVALID_INPUT', `The request is invalid: ${error.message}. Fix the target's method, path or headers.`, { cause: error }),
    )
  }

  async closeAll(force: boolean): Promise<void> {
    this.ctx.recorder.sealed = true
    await Promise.all(this.exchanges.map((e) => e.close(force)))
  }

  protected newExchange(vu: number): Exchange {
    const exchange = this.ctx.openExchange(vu, this, this.ctx.recorder)
    this.exchanges.push(exchange)
    return exchange
  }

  /** Sends the next request from the source on `exchange`; false (and the run failed) when the source threw. */
  protected sendNext(exchange: Exchange, startMs: number): boolean {
    let request: PreparedRequest
    try {
      request = this.ctx.source.next(exchange.vu)
    } catch (error) {
      this.fail(error)
      return false
    }
    exchange.send(request, startMs)
    return true
  }

  protected settleIfIdle(): void {
    if (this.idle()) this.#settle()
  }

  #settle(): void {
    if (this.#settled) return
    this.#settled = true
    this.#resolve()
  }
}
