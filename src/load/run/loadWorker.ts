// Entry of a load worker thread: rebuilds the request source, waits for the common start, runs its share.
import { parentPort, workerData } from 'node:worker_threads'
import { PerfgateError } from '../../errors/index.ts'
import { watchLiveWith } from '../observe/live.ts'
import { sourceOf } from '../target/requestSource.ts'
import type { WorkerInput, WorkerMessage } from './runInWorkers.ts'
import { runThread } from './runThread.ts'

const input = workerData as WorkerInput
const port = parentPort!
const controller = new AbortController()
const post = (message: WorkerMessage): void => port.postMessage(message)
// The main thread exports live metrics: hand it each window of this thread's share.
if (input.live) watchLiveWith(() => ({ window: (window) => post({ type: 'live', window }) }))

try {
  const source = sourceOf(input.target, { ...input.settings, timeoutMs: input.plan.timeoutMs })
  port.on('message', (message: { type: string }) => {
    if (message.type === 'stop') controller.abort(new PerfgateError('PERFGATE_ERR_ABORTED', 'stopped by the main thread'))
    if (message.type !== 'start') return
    runThread({ source, plan: input.plan, signal: controller.signal, name: input.name })
      .then((data) => post({ type: 'result', data }))
      .catch((error: Error & { code?: string }) => {
        const code = controller.signal.aborted ? 'PERFGATE_ERR_ABORTED' : error.code
        post({ type: 'error', ...(code ? { code } : {}), message: error.message })
      })
      .finally(() => port.close())
  })
  post({ type: 'ready' })
} catch (error) {
  const e = error as Error & { code?: string }
  post({ type: 'error', ...(e.code ? { code: e.code } : {}), message: e.message })
  port.close()
}
