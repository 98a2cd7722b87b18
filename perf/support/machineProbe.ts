import { Worker } from 'node:worker_threads'

/** How long the machine held up a thread that only sleeps, over one stretch of time. */
export interface MachineHoldUps {
  /** The longest a 1 ms sleep overran, ms. */
  maxMs: number
  /** Share of the time lost in overruns longer than 0.3 ms. */
  lostShare: number
}


// A thread that sleeps 1 ms at a time and notes how late each wake-up was. It does none of the
// generator's work, so a late wake-up is a thread waiting for a CPU: other processes, the hypervisor,
// or (on 2 cores) the generator and the server themselves when both cores are busy. So it measures
// how much the machine held threads up, generously: never less than the machine did.
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

/** Runs `work` while a probe thread measures how much the machine held threads up; the probe always stops. */
export async function whileProbing<T>(work: () => Promise<T>): Promise<{ result: T; machine: MachineHoldUps }> {
  const flags = new SharedArrayBuffer(8)
  const worker = new Worker(PROBE, { eval: true, workerData: flags })
  // Never keeps the test process alive, whatever happens.
  worker.unref()
  const report = new Promise<MachineHoldUps>((resolve, reject) => {
    worker.once('message', resolve)
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the machine probe thread exited (code ${code}) before reporting`)))
  })
  // Read below; never an unhandled rejection if `work` fails first.
  report.catch(() => {})
  try {
    await new Promise<void>((resolve, reject) => {
      worker.once('online', resolve)
      worker.once('error', reject)
    })
    let result: T
    try {
      result = await work()
    } finally {
      const view = new Int32Array(flags)
      Atomics.store(view, 0, 1)
      Atomics.notify(view, 1)
    }
    return { result, machine: await report }
  } finally {
    await worker.terminate()
  }
}
