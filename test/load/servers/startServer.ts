import { once } from 'node:events'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import type { ServerBehaviour } from './behaviour.ts'
import { forkServer } from './forkServer.ts'

/** A server of known behaviour in its own process, on a loopback port. */
export interface TestServer {
  url: string
  port: number
  /** The longest its event loop was held up (timers late, process descheduled) since the last call, ms. */
  loopDelayMaxMs(): Promise<number>
  /** Stops the server process and waits for it to exit. */
  close(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

const entry = fileURLToPath(new URL('./serverProcess.ts', import.meta.url))

/**
 * Starts a server of known behaviour (fixed delay, error sequence, periodic stall, slow accept) in a
 * child process, so the generator under test never shares its event loop.
 *
 * @example
 * await using server = await startServer({ kind: 'delay', delayMs: 20 })
 * const m = await load(server.url, { connections: 10, duration: '2s' })
 */
export async function startServer(behaviour: ServerBehaviour): Promise<TestServer> {
  const { child, port, close } = await forkServer(entry, [JSON.stringify(behaviour)], 'test server')
  const loopDelayMaxMs = async (): Promise<number> => {
    const answer = once(child, 'message') as Promise<[{ loopDelayMaxMs: number }]>
    child.send('loopDelay')
    return (await answer)[0].loopDelayMaxMs
  }
  return { url: `http://127.0.0.1:${port}`, port, loopDelayMaxMs, close, [Symbol.asyncDispose]: close }
}

/** A loopback port nothing listens on (bound, then released): connections to it are refused. */
export async function refusedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}
