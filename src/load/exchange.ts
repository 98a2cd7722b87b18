import { Client, type Dispatcher } from 'undici'
import { errorKindOf, statusKind } from './errorKind.ts'
import type { RunRecorder } from './recorder.ts'
import type { PreparedRequest } from './target.ts'

/** Told when an exchange's request has finished, successfully or not. */
export interface ExchangeOwner {
  finished(exchange: Exchange): void
  /** undici refused the request itself (an invalid header, method or path): a bug in the target. */
  rejected(error: Error): void
}

/** The reason a request is aborted at its timeout; one shared object, counted as kind 'timeout'. */
const REQUEST_TIMEOUT = Object.assign(new Error('The request exceeded its timeout.'), { code: 'PERFGATE_REQUEST_TIMEOUT' })

/** Undici client settings every connection of a run shares. */
export function clientOptionsOf(timeoutMs: number): Client.Options {
  return {
    pipelining: 1,
    connect: { timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 60_000,
    keepAliveMaxTimeout: 600_000,
  }
}

/**
 * One connection and the request in flight on it. The exchange is its own undici dispatch handler
 * and is reused for every request on its connection, so the hot path allocates nothing of ours.
 * The body is consumed chunk by chunk and dropped, which keeps the socket reusable.
 */
export class Exchange implements Dispatcher.DispatchHandler {
  readonly client: Client
  /** The virtual user (closed model) or connection slot (open model), 0-based. */
  readonly vu: number
  busy = false
  /** Latency origin: the scheduled start (open model) or the moment of sending (closed model). */
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
    this.sentMs = startMs
    this.#dispatching = true
    this.client.dispatch(request.options, this)
    this.#dispatching = false
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller
    if (this.#timesService) this.sentMs = performance.now()
  }

  /** Aborts the request in flight if it was sent more than `timeoutMs` before `nowMs`. */
  expire(nowMs: number, timeoutMs: number): void {
    if (this.busy && this.#controller !== undefined && nowMs - this.sentMs > timeoutMs) this.#controller.abort(REQUEST_TIMEOUT)
  }

  onResponseStart(_controller: Dispatcher.DispatchController, statusCode: number): void {
    this.#status = statusCode
  }

  onResponseData(): void {}

  onResponseEnd(): void {
    const endMs = performance.now()
    const request = this.#request!
    const status = this.#status
    if (this.#recorder.sealed) {
      // The run was cut: nothing more is counted.
    } else if (request.ok(status)) {
      const latency = endMs - this.startMs
      const service = endMs - this.sentMs
      this.#recorder.success(endMs, latency, service)
      if (request.tag !== undefined) this.#recorder.forTag(request.tag).success(endMs, latency, service)
    } else {
      this.#fail(endMs, statusKind(status), request)
    }
    this.busy = false
    this.#owner.finished(this)
  }

  onResponseError(_controller: Dispatcher.DispatchController | null, error: Error): void {
    if ((error as { code?: string }).code === 'UND_ERR_INVALID_ARG') {
      this.busy = false
      this.#owner.rejected(error)
      return
    }
    if (!this.#recorder.sealed) this.#fail(performance.now(), errorKindOf(error, this.#status !== 0), this.#request!)
    this.busy = false
    // undici reports errors from inside its own loops (over queued requests, or within dispatch()
    // for a closed client): the next request must wait until they have unwound.
    if (this.#dispatching) setImmediate(this.#finish)
    else queueMicrotask(this.#finish)
  }

  readonly #finish = (): void => this.#owner.finished(this)

  #fail(endMs: number, kind: string, request: PreparedRequest): void {
    this.#recorder.failure(endMs, kind)
    if (request.tag !== undefined) this.#recorder.forTag(request.tag).failure(endMs, kind)
  }
}
