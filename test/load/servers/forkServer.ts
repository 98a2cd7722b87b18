import { fork, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'

/** A server process that said where it listens. */
export interface ForkedServer {
  child: ChildProcess
  port: number
  /** Kills the process and waits for it to exit. */
  close(): Promise<void>
}

/**
 * Forks a server entry in its own process (so its event loop never shares a thread with the
 * generator under test) and waits for its first IPC message, `{ port }`. `name` is what an early exit
 * is reported as.
 */
export async function forkServer(entry: string, args: readonly string[], name: string): Promise<ForkedServer> {
  const child = fork(entry, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execPath: process.execPath })
  const [message] = (await Promise.race([
    once(child, 'message'),
    once(child, 'exit').then(([code]) => Promise.reject(new Error(`${name} exited with code ${String(code)} before listening`))),
  ])) as [{ port: number }]
  const close = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    const exited = once(child, 'exit')
    child.kill('SIGKILL')
    await exited
  }
  return { child, port: message.port, close }
}
