import { Worker } from 'node:worker_threads'

/** How long the machine held up a thread that only sleeps, over one stretch of time. */
export interface MachineHoldUps {
  /** The longest a 1 ms sleep overran, ms. */
  maxMs: number
  /** Share of the time lost in overruns longer than 0.3 ms. */
  lostShare: number
}

// A thread of its own that sleeps 1 ms at a time and notes how late each wake-up was. It does no
// other work, so a late wake-up is the machine's doing (other processes or the hypervisor holding
// the CPU), never the generator's: its main thread can be busy without moving these numbers.
const PROBE = `
const { parentPort, workerData } = require('node:worker_threads')
const flags = new Int32Array(workerData)
const started = performance.now()
let maxMs = 0
let lostMs = 0
while (Atomics.load(flags, 0) === 0) {
  const before = performance.now()
  Atomics.wait(flags, 1, 0, 1)
  const lateMs = performance.now() - before - 1
  if (lateMs > maxMs) maxMs = lateMs
  if (lateMs > 0.3) lostMs += lateMs
}
parentPort.postMessage({ maxMs, lostShare: lostMs / (performance.now() - started) })
`

/** Starts probing; `stop()` ends the probe thread and resolves with what it saw. */
export async function probeMachine(): Promise<{ stop(): Promise<MachineHoldUps> }> {
  const flags = new SharedArrayBuffer(8)
  const worker = new Worker(PROBE, { eval: true, workerData: flags })
  await new Promise<void>((resolve, reject) => {
    worker.once('online', resolve)
    worker.once('error', reject)
  })
  return {
    async stop() {
      const result = new Promise<MachineHoldUps>((resolve, reject) => {
        worker.once('message', resolve)
        worker.once('error', reject)
      })
      Atomics.store(new Int32Array(flags), 0, 1)
      Atomics.notify(new Int32Array(flags), 1)
      const holdUps = await result
      await worker.terminate()
      return holdUps
    },
  }
}
