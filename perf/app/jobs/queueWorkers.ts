import { Worker } from 'node:worker_threads'
import type { FakeEmrOptions } from '../emr/fakeEmr.ts'

export interface QueueWorkersOptions {
  redisUrl: string
  /** The queue's namespace, as the producer's `startJobQueue` has it. */
  namespace: string
  workers: number
  maxAttempts?: number
  /** The simulated EMRs the workers' verifier calls (they run in the workers' thread too). */
  emr?: FakeEmrOptions
}

export interface StartedQueueWorkers {
  /** Stops the workers (each finishes its job), then their verifier, cache and EMRs; the thread exits. */
  close(): Promise<void>
}

export type WorkerThreadMessage = { type: 'ready' } | { type: 'closed' } | { type: 'error'; message: string }

/**
 * The clinic's job workers in a thread of their own, as a worker service runs apart from the API
 * that enqueues: its own event loop, its own Redis connections, its own verifier and simulated EMRs.
 * The producer side is `startJobQueue(url, namespace, undefined, { workers: 0 })`.
 */
export async function startQueueWorkers(options: QueueWorkersOptions): Promise<StartedQueueWorkers> {
  const thread = new Worker(new URL('./queueWorkerThread.ts', import.meta.url), { workerData: options })
  const next = (type: 'ready' | 'closed', timeoutMs: number): Promise<void> =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => done(() => reject(new Error(`queue workers: no '${type}' within ${timeoutMs} ms`))), timeoutMs)
      const onMessage = (message: WorkerThreadMessage): void => {
        if (message.type === 'error') done(() => reject(new Error(`queue workers: ${message.message}`)))
        else if (message.type === type) done(resolve)
      }
      const onExit = (code: number): void => done(() => (type === 'closed' ? resolve() : reject(new Error(`queue workers exited (code ${code}) before '${type}'`))))
      const onError = (error: Error): void => done(() => reject(error))
      const done = (outcome: () => void): void => {
        clearTimeout(timer)
        thread.off('message', onMessage).off('exit', onExit).off('error', onError)
        outcome()
      }
      thread.on('message', onMessage).on('exit', onExit).on('error', onError)
    })
  try {
    await next('ready', 30_000)
  } catch (error) {
    await thread.terminate()
    throw error
  }
  return {
    async close() {
      const closed = next('closed', 15_000)
      thread.postMessage({ type: 'stop' })
      try {
        await closed
      } finally {
        await thread.terminate()
      }
    },
  }
}
