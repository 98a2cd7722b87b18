import type { RunRecorder } from '../../observe/runRecorder.ts'
import type { WorkloadContext } from '../../target/loadTarget.ts'
import type { PreparedRequest } from '../../target/preparedRequest.ts'
import type { Exchange, ExchangeOwner } from '../exchange.ts'
import type { ErrorKinds } from './workloadErrorKind.ts'

/** What every call of one run's function workload shares. */
export interface FunctionCalls {
  kinds: ErrorKinds
  /** Calls started on this thread: the next call's `iteration`. */
  started: number
  /** Calls sent since the last wait for a macrotask (see YIELD_EVERY). */
  sinceYield: number
}

/**
 * Every this many calls, the next waits for setImmediate: a loop of synchronous calls can neither
 * starve the event loop (timers, aborts, the timeout sweep) nor grow the stack without bound.
 */
const YIELD_EVERY = 64
/** How long closing waits for a call that ignores its aborted signal. */
const CLOSE_WAIT_MS = 1000

/** The reason a call's signal is aborted at its timeout. */
const CALL_TIMEOUT = Object.assign(new Error('The call exceeded its timeout.'), { name: 'TimeoutError', code: 'ETIMEDOUT' })
const RUN_STOPPED = Object.assign(new Error('The load run was stopped.'), { name: 'AbortError', code: 'ABORT_ERR' })

/**
 * The function engine: one virtual user (closed model) or slot (open model) calling the workload.
 * Latency runs from `startMs` (the scheduled start in the open model) to the call's promise
 * settling; a throw or rejection is a failure of its kind. At the timeout the call's signal is
 * aborted and the call counted as a `timeout`; whatever it does later is ignored.
 */
export class FunctionExchange implements Exchange {
  readonly vu: number
  busy = false
  readonly #calls: FunctionCalls
  readonly #owner: ExchangeOwner
  readonly #recorder: RunRecorder
  #tag: string | undefined
  #run: ((context: WorkloadContext) => unknown) | undefined
  #startMs = 0
  #sentMs = 0
  #controller: AbortController | undefined
  /** Settles when the call in flight settles, for close() to wait on. */
  #pending: Promise<void> | undefined
  /** Bumped when a call is given up (timeout, close): its late outcome must not count. */
  #generation = 0

  constructor(calls: FunctionCalls, vu: number, owner: ExchangeOwner, recorder: RunRecorder) {
    this.#calls = calls
    this.vu = vu
    this.#owner = owner
    this.#recorder = recorder
  }

  send(request: PreparedRequest, startMs: number): void {
    this.busy = true
    this.#tag = request.tag
    this.#run = request.call
    this.#startMs = startMs
    const generation = ++this.#generation
    const calls = this.#calls
    if (++calls.sinceYield >= YIELD_EVERY) {
      calls.sinceYield = 0
      setImmediate(() => this.#call(generation))
    } else {
      this.#call(generation)
    }
  }

  #call(generation: number): void {
    if (generation !== this.#generation) return
    const controller = new AbortController()
    this.#controller = controller
    const metrics = this.#tag === undefined ? this.#recorder.metrics : this.#recorder.metricsFor(this.#tag)
    const context: WorkloadContext = { vu: this.vu, iteration: this.#calls.started++, signal: controller.signal, metrics }
    this.#sentMs = performance.now()
    let result: unknown
    try {
      result = this.#run!(context)
    } catch (error) {
      this.#settle(generation, false, error)
      return
    }
    if (typeof (result as { then?: unknown } | null)?.then !== 'function') {
      this.#settle(generation, true, undefined)
      return
    }
    this.#pending = Promise.resolve(result as PromiseLike<unknown>).then(
      () => this.#settle(generation, true, undefined),
      (error: unknown) => this.#settle(generation, false, error),
    )
  }

  #settle(generation: number, ok: boolean, error: unknown): void {
    if (generation !== this.#generation) return
    const endMs = performance.now()
    const recorder = this.#recorder
    if (!recorder.sealed) {
      if (ok) {
        recorder.success(endMs, endMs - this.#startMs, endMs - this.#sentMs)
        if (this.#tag !== undefined) recorder.forTag(this.#tag).success(endMs, endMs - this.#startMs, endMs - this.#sentMs)
      } else {
        this.#fail(endMs, this.#calls.kinds.of(error))
      }
    }
    this.#done()
    const problem = recorder.metrics.problem
    if (problem) this.#owner.fail(problem)
    else this.#owner.finished(this)
  }

  #fail(endMs: number, kind: string): void {
    if (this.#recorder.sealed) return
    this.#recorder.failure(endMs, kind)
    if (this.#tag !== undefined) this.#recorder.forTag(this.#tag).failure(endMs, kind)
  }

  #done(): void {
    this.busy = false
    this.#controller = undefined
    this.#pending = undefined
  }

  expire(nowMs: number, timeoutMs: number): void {
    if (!this.busy || this.#controller === undefined || nowMs - this.#sentMs <= timeoutMs) return
    this.#generation++
    this.#controller.abort(CALL_TIMEOUT)
    this.#fail(nowMs, 'timeout')
    this.#done()
    this.#owner.finished(this)
  }

  /** Aborts a call in flight and waits (at most a second) for it to notice. */
  async close(_force: boolean): Promise<void> {
    if (!this.busy) return
    this.#generation++
    this.#controller?.abort(RUN_STOPPED)
    const pending = this.#pending
    this.busy = false
    if (pending === undefined) return
    let timer: NodeJS.Timeout | undefined
    await Promise.race([pending, new Promise<void>((resolve) => (timer = setTimeout(resolve, CLOSE_WAIT_MS)))])
    clearTimeout(timer)
  }
}
