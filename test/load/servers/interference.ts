import { monitorEventLoopDelay } from 'node:perf_hooks'
import type { TestServer } from './startServer.ts'

/**
 * Runs `work` and says how long, at worst, the machine held up the generator's event loop (this
 * thread) and the server's: time neither of them could spend on the requests. A latency bound that
 * adds it stays as strict as its slack on a quiet machine and stays true on a busy one.
 */
export async function withInterference<T>(server: TestServer, work: () => Promise<T>): Promise<{ result: T; interferenceMs: number }> {
  const here = monitorEventLoopDelay({ resolution: 1 })
  await server.loopDelayMaxMs()
  here.enable()
  try {
    const result = await work()
    here.disable()
    return { result, interferenceMs: here.max / 1e6 + (await server.loopDelayMaxMs()) }
  } finally {
    here.disable()
  }
}
