import type { RunRecorder } from '../observe/runRecorder.ts'
import type { PreparedRequest } from '../target/preparedRequest.ts'
import { statusKind } from './errorKind.ts'

/** Told when an exchange's request has finished, successfully or not. */
export interface ExchangeOwner {
  finished(exchange: Exchange): void
  /** The request itself is invalid (a header, method or path undici would refuse): a bug in the target. */
  rejected(error: Error): void
  /** Ends the run with `error`, e.g. a misused custom metric: a bug in the workload, not a failure of the system. */
  fail(error: unknown): void
}

/** One connection and the request in flight on it, whichever engine carries it. */
export interface Exchange {
  /** The virtual user (closed model) or connection slot (open model), 0-based. */
  readonly vu: number
  readonly busy: boolean
  /**
   * Sends `request`. `startMs` is the latency origin: the scheduled start (open model) or the moment
   * of sending (closed model).
   */
  send(request: PreparedRequest, startMs: number): void
  /** Aborts the request in flight if it was sent more than `timeoutMs` before `nowMs`. */
  expire(nowMs: number, timeoutMs: number): void
  /** Closes the connection; `force` (or a request in flight) destroys it at once. */
  close(force: boolean): Promise<void>
}

/** The reason a request is aborted at its timeout; one shared object, counted as kind 'timeout'. */
export const REQUEST_TIMEOUT = Object.assign(new Error('The request exceeded its timeout.'), { code: 'ETIMEDOUT' })

/** Records a complete response: a success if its status is expected, else an error of its status class. */
export function recordResponse(recorder: RunRecorder, request: PreparedRequest, status: number, endMs: number, startMs: number, sentMs: number): void {
  if (recorder.sealed) return // the run was cut: nothing more is counted
  if (request.ok(status)) {
    const latency = endMs - startMs
    const service = endMs - sentMs
    recorder.success(endMs, latency, service)
    if (request.tag !== undefined) recorder.forTag(request.tag).success(endMs, latency, service)
  } else {
    recordFailure(recorder, request, endMs, statusKind(status))
  }
}

export function recordFailure(recorder: RunRecorder, request: PreparedRequest, endMs: number, kind: string): void {
  if (recorder.sealed) return
  recorder.failure(endMs, kind)
  if (request.tag !== undefined) recorder.forTag(request.tag).failure(endMs, kind)
}
