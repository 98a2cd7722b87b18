import { fileURLToPath } from 'node:url'
import { forkServer } from '../../test/load/servers/forkServer.ts'

/** A server whose breaking point is known, in its own process on a loopback port. */
export interface QueueServer {
  url: string
  /** Requests per second it serves; above it, its queue (and every latency) grows without bound. */
  capacity: number
  close(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

const entry = fileURLToPath(new URL('./queueServerProcess.ts', import.meta.url))

/**
 * Starts a server that serves one request at a time, each in 1000 / `capacity` ms, through a FIFO
 * queue. Below `capacity` req/s (evenly spaced arrivals, as the open model sends them) a request
 * never waits and its latency is the service time; above it, the queue grows by the excess, and
 * after T seconds at (1 + ε) × capacity a request waits about ε · T seconds. An SLA of p95 < L ms
 * therefore breaks just above the capacity: at ε ≈ L / (0.95 · T · 1000), 1.8% for L = 50 ms and a
 * 3 s probe.
 *
 * @example
 * await using server = await startQueueServer(250)
 * const cap = await findCapacity(server.url, { sla: 'p95<50ms', from: 80, to: 1000 })
 */
export async function startQueueServer(capacity: number): Promise<QueueServer> {
  const { port, close } = await forkServer(entry, [String(capacity)], 'queue server')
  return { url: `http://127.0.0.1:${port}/`, capacity, close, [Symbol.asyncDispose]: close }
}
