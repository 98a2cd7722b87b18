import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A loopback server in this process that answers `ok` and counts what reached it. */
export interface CountingServer {
  /** `http://127.0.0.1:<port>/` */
  url: string
  /** Requests it has answered so far. */
  requests(): number
  [Symbol.asyncDispose](): Promise<void>
}

/**
 * Starts a counting server: for tests that must show a refused run sent nothing.
 *
 * @example
 * await using server = await startCountingServer()
 * await expect(load(server.url, { rate: 20, duration: '2s', signal: AbortSignal.abort() })).rejects.toThrow()
 * expect(server.requests()).toBe(0)
 */
export async function startCountingServer(): Promise<CountingServer> {
  let requests = 0
  const server = createServer((_req, res) => {
    requests++
    res.end('ok')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests: () => requests,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
