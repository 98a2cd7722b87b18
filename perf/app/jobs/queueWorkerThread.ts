// Entry of the clinic's job worker thread (see queueWorkers.ts): verifier, cache, simulated EMRs and queue workers.
import { parentPort, workerData } from 'node:worker_threads'
import { emrVerifier } from '../emr/emrVerifier.ts'
import { startFakeEmr } from '../emr/fakeEmr.ts'
import { connectRedisCache } from '../emr/redisCache.ts'
import { clinicJobHandler } from './coverageJobs.ts'
import type { QueueWorkersOptions, WorkerThreadMessage } from './queueWorkers.ts'
import { startJobQueue } from './redisJobQueue.ts'

const options = workerData as QueueWorkersOptions
const port = parentPort!
const post = (message: WorkerThreadMessage): void => port.postMessage(message)
const cleanups: (() => Promise<unknown>)[] = []
const closeAll = async (): Promise<void> => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {})
}

try {
  const emr = await startFakeEmr(options.emr)
  cleanups.push(() => emr.close())
  const cache = await connectRedisCache(options.redisUrl, `${options.namespace}cache:`)
  cleanups.push(() => cache.close())
  const verifier = emrVerifier(emr.url, cache)
  cleanups.push(() => verifier.close())
  const queue = await startJobQueue(options.redisUrl, options.namespace, clinicJobHandler(verifier), { workers: options.workers, maxAttempts: options.maxAttempts ?? 3 })
  cleanups.push(() => queue.close())
  port.on('message', (message: { type: string }) => {
    if (message.type !== 'stop') return
    void closeAll().then(() => {
      post({ type: 'closed' })
      port.close()
    })
  })
  post({ type: 'ready' })
} catch (error) {
  await closeAll()
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) })
  port.close()
}
