import { Worker } from 'node:worker_threads'
import { invalidOption, PerfgateError, type PerfgateErrorCode } from '../../errors/index.ts'
import { mergeData, type MeasurementData } from '../../measure/index.ts'
import type { LiveListener, LiveWindow } from '../observe/live.ts'
import type { LoadOptions } from '../options/loadOptions.ts'
import { shareWithin } from '../options/loadShape.ts'
import type { RunPlan } from '../options/runPlan.ts'
import type { LoadTarget } from '../target/loadTarget.ts'

/** The worker entry beside this file, in its format: loadWorker.ts from source, loadWorker.js when built (ESM or CommonJS). */
const WORKER_ENTRY = new URL(`./loadWorker${import.meta.url.slice(import.meta.url.lastIndexOf('.'))}`, import.meta.url)

/** What a worker thread needs to rebuild the run: all of it plain, structured-clonable data. */
export interface WorkerInput {
  target: LoadTarget
  settings: { baseUrl?: string | undefined; allowHosts?: readonly string[] | undefined; expectStatus?: readonly number[] | undefined }
  plan: RunPlan
  name?: string | undefined
  /** Post each live window to the main thread (someone there exports live metrics). */
  live?: boolean
}

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'live'; window: LiveWindow }
  | { type: 'result'; data: MeasurementData }
  | { type: 'error'; code?: string; message: string }

/** Refuses targets and options that cannot be copied into a worker thread (functions), naming the fix. */
export function assertCopyable(target: LoadTarget, options: LoadOptions): void {
  const functionWorkload = (t: unknown): boolean => typeof t === 'object' && t !== null && 'run' in t
  if (functionWorkload(target) || (typeof target === 'object' && target !== null && 'mix' in target && target.mix.some((e) => functionWorkload(e.request)))) {
    throw invalidOption(
      'A function workload cannot run in worker threads: its closure (and the pools and clients it uses) cannot be copied into another thread. Use workers: 1 — the function runs in the test\'s thread, and perfgate reports the run as saturated if that thread becomes the bottleneck; for more load, run the system under test in its own process.',
    )
  }
  const fix = 'Use workers: 1, or give the target as URLs and request specs (no functions) so each worker can rebuild it.'
  if (typeof target === 'function') throw invalidOption(`A request function cannot be copied into worker threads. ${fix}`)
  if (typeof options.expectStatus === 'function') throw invalidOption(`expectStatus as a function cannot be copied into worker threads; give a list such as [200, 409]. ${fix}`)
  const specs = typeof target === 'object' && target !== null && 'mix' in target ? target.mix.map((e) => e.request) : [target]
  for (const spec of specs) {
    if (typeof spec === 'function') throw invalidOption(`A mix entry's request function cannot be copied into worker threads. ${fix}`)
    if (typeof spec === 'object' && spec !== null && !(spec instanceof URL) && !('run' in spec) && typeof spec.expectStatus === 'function') {
      throw invalidOption(`A request's expectStatus function cannot be copied into worker threads; give a list of statuses. ${fix}`)
    }
  }
}

/**
 * Runs the plan split over `plan.workers` threads (each drives its share of connections or rate),
 * starts them together once all are ready, and merges their measurements.
 */
export async function runInWorkers(input: WorkerInput, signal: AbortSignal, openLive: () => LiveListener[] = () => []): Promise<MeasurementData> {
  const { workers } = input.plan
  const target = input.target instanceof URL ? String(input.target) : input.target
  const threads = Array.from({ length: workers }, (_, index) => {
    const share: RunPlan = { ...input.plan, share: shareWithin(input.plan.share, index, workers), workers: 1 }
    // Each thread's windows go to listeners of their own, as a run of one thread's would.
    const live = openLive()
    const thread = new Worker(WORKER_ENTRY, { workerData: { ...input, target, plan: share, live: live.length > 0 } satisfies WorkerInput })
    if (live.length) {
      thread.on('message', (message: WorkerMessage) => {
        if (message.type === 'live') for (const listener of live) listener.window(message.window)
      })
    }
    return thread
  })
  const stopAll = (): void => threads.forEach((t) => t.postMessage({ type: 'stop' }))
  signal.addEventListener('abort', stopAll, { once: true })
  try {
    const ready = threads.map((thread) => nextMessage(thread, 'ready'))
    await Promise.all(ready)
    const results = threads.map((thread) => nextMessage(thread, 'result'))
    threads.forEach((t) => t.postMessage({ type: 'start' }))
    const parts = (await Promise.all(results)).map((m) => (m as Extract<WorkerMessage, { type: 'result' }>).data)
    const merged = mergeData(parts)
    return { ...merged, facts: { ...merged.facts, shape: { ...input.plan.shape }, workers } }
  } finally {
    signal.removeEventListener('abort', stopAll)
    await Promise.all(threads.map((t) => t.terminate()))
  }
}

function nextMessage(thread: Worker, type: WorkerMessage['type']): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerMessage): void => {
      if (message.type === 'error') {
        cleanup()
        const code = message.code?.startsWith('PERFGATE_ERR_') ? (message.code as PerfgateErrorCode) : 'PERFGATE_ERR_INTERNAL'
        reject(new PerfgateError(code, message.message))
      } else if (message.type === type) {
        cleanup()
        resolve(message)
      }
    }
    const onError = (error: Error): void => {
      cleanup()
      reject(error)
    }
    const onExit = (code: number): void => {
      cleanup()
      reject(new PerfgateError('PERFGATE_ERR_INTERNAL', `A load worker thread exited (code ${code}) before reporting; run with workers: 1 to see its error.`))
    }
    const cleanup = (): void => {
      thread.off('message', onMessage)
      thread.off('error', onError)
      thread.off('exit', onExit)
    }
    thread.on('message', onMessage)
    thread.on('error', onError)
    thread.on('exit', onExit)
  })
}
