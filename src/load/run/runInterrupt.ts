import { isMainThread } from 'node:worker_threads'
import { PerfgateError } from '../../errors/index.ts'

/**
 * One AbortSignal for a run that fires on the user's signal or on Ctrl-C (SIGINT). While a run
 * lasts, SIGINT stops the load and closes its sockets first; afterwards the process gets the
 * interrupt it was sent (Node's default: exit), unless someone else listens for it.
 */
export class RunInterrupt {
  readonly #controller = new AbortController()
  readonly #user: AbortSignal | undefined
  #interrupted = false

  constructor(user?: AbortSignal) {
    this.#user = user
    if (user?.aborted) this.#controller.abort(user.reason)
    user?.addEventListener('abort', this.#onUser, { once: true })
    if (isMainThread) process.on('SIGINT', this.#onSigint)
  }

  get signal(): AbortSignal {
    return this.#controller.signal
  }

  dispose(): void {
    this.#user?.removeEventListener('abort', this.#onUser)
    process.off('SIGINT', this.#onSigint)
    // Re-raised after the caller's synchronous handling of the rejection, so Ctrl-C still exits.
    if (this.#interrupted && process.listenerCount('SIGINT') === 0) setImmediate(() => process.kill(process.pid, 'SIGINT'))
  }

  readonly #onUser = (): void => {
    this.#controller.abort(this.#user!.reason ?? new PerfgateError('PERFGATE_ERR_ABORTED', 'the signal passed to load() was aborted'))
  }

  readonly #onSigint = (): void => {
    this.#interrupted = true
    this.#controller.abort(new PerfgateError('PERFGATE_ERR_ABORTED', 'interrupted by SIGINT (Ctrl-C)'))
  }
}

