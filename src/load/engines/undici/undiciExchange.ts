import { Client, type Dispatcher } from 'undici'
import type { RunRecorder } from '../../observe/runRecorder.ts'
import type { PreparedRequest } from '../../target/preparedRequest.ts'
import { errorKindOf } from '../errorKind.ts'
import { recordFailure, recordResponse, REQUEST_TIMEOUT, type Exchange, type ExchangeOwner } from '../exchange.ts'

/** Undici client settings every connection of a run shares. */
export function clientOptionsOf(timeoutMs: number): Client.Options {
  return {
    pipelining: 1,
    connect: { timeout: timeoutMs },
    // No undici timers per request: the run's sweep (expire) aborts requests at the timeout.
    headersTimeout: 0,
    bodyTimeout: 0,
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 600_000,
  }
}

/**
 * One undici Client (one connection) and the request in flight on it. The exchange is its own
 * undici dispatch handler and is reused for every request on its connection, so the hot path
 * allocates nothing of ours. The body is consumed chunk by chunk and dropped, which keeps the socket reusable.
 */
export class UndiciExchange implements Exchange, Dispatcher.DispatchHandler {
  readonly client: Client
  readonly vu: number
  busy = false
  startMs = 0
  sentMs = 0
  readonly #owner: ExchangeOwner
  readonly #recorder: RunRecorder
  #request: PreparedRequest | undefined
  #status = 0
  #dispatching = false
  /** Open model: service time is recorded next to latency, so the actual send is timed too. */
  readonly #timesService: boolean
  #controller: Dispatcher.DispatchController | undefined

  constructor(origin: string, options: Client.Options, vu: number, owner: ExchangeOwner, recorder: RunRecorder) {
    this.client = new Client(origin, options)
    this.vu = vu
    this.#owner = owner
    this.#recorder = recorder
    this.#timesService = recorder.serviceTime !== undefined
  }

  send(request: PreparedRequest, startMs: number): void {
    this.busy = true
    this.#request = request
    this.#status = 0
    this.#controller = undefined
    this.startMs = startMs
    // Service time runs from here, a new connection's connect included, as with the net engine.
    this.sentMs = this.#timesService ? performance.now() : startMs
    this.#dispatching = true
    this.client.dispatch(request.options, this)
    this.#dispatching = false
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller
  }

  expire(nowMs: number, timeoutMs: number): void {
    if (this.busy && this.#controller !== undefined && nowMs - this.sentMs > timeoutMs) this.#controller.abort(REQUEST_TIMEOUT)
  }

  close(force: boolean): Promise<void> {
    return (force || this.busy ? this.client.destroy() : this.client.close()).catch(() => {})
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.#status = statusCode
  }

  onResponseData(): void {}

  onResponseEnd(): void {
    recordResponse(this.#recorder, this.#request!, this.#status, performance.now(), this.startMs, this.sentMs)
    this.busy = false
    this.#owner.finished(this)
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, error: Error): void {
    if ((error as { code?: string }).code === 'UND_ERR_INVALID_ARG') {
      this.busy = false
      this.#owner.rejected(error)
      return
    }
    recordFailure(this.#recorder, this.#request!, performance.now(), errorKindOf(error, this.#status !== 0))
    this.busy = false
    // undici reports errors from inside its own loops (over queued requests, or within dispatch()
    // for a closed client): the next request must wait until they have unwound.
    if (this.#dispatching) setImmediate(this.#finish)
    else queueMicrotask(this.#finish)
  }

  readonly #finish = (): void => this.#owner.finished(this)
}
