import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { fileURLToPath } from 'node:url'

const entry = fileURLToPath(new URL('./loopbackServer.ts', import.meta.url))

/** A loopback HTTP server in its own process, which a test may kill and start again on its port. */
export interface LoopbackServer {
  url: string
  port: number
  /** SIGKILLs the process (a crash: open connections are reset, new ones refused) and waits for its exit. */
  crash(): Promise<void>
  /** Starts a fresh process on the same port. */
  restart(): Promise<void>
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * Starts a server that answers 200 at once; with `stallFirstMs`, its first request stalls that
 * long (timer-based, so every other request is still answered at once).
 *
 * @example
 * await using server = await startLoopbackServer({ stallFirstMs: 6000 })
 */
export async function startLoopbackServer(options: { stallFirstMs?: number } = {}): Promise<LoopbackServer> {
  let child = await spawnOn(0, options.stallFirstMs ?? 0)
  const port = child.port
  const crash = async (): Promise<void> => {
    const { process: p } = child
    if (p.exitCode !== null || p.signalCode !== null) return
    const exited = once(p, 'exit')
    p.kill('SIGKILL')
    await exited
  }
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    crash,
    restart: async () => {
      await crash()
      child = await spawnOn(port, 0)
    },
    [Symbol.asyncDispose]: crash,
  }
}

async function spawnOn(port: number, stallFirstMs: number): Promise<{ process: ChildProcess; port: number }> {
  const child = fork(entry, [JSON.stringify({ port, stallFirstMs })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execPath: process.execPath })
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`loopback server exited with code ${String(code)} before listening`))),
  ])) as [{ port: number }]
  return { process: child, port: message.port }
}
