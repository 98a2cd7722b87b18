import { createServer, type Server, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { isPerfgateError } from '../../src/errors/index.ts'
import { postgres, redis } from '../../src/fixtures/index.ts'

const sockets = new Set<Socket>()
const servers: Server[] = []

async function listen(onConnection: (socket: Socket) => void): Promise<number> {
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('error', () => undefined)
    onConnection(socket)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return (server.address() as { port: number }).port
}

// A port that accepts connections and never says a word: a stalled server, a proxy with nothing behind.
let port: number
// A "Postgres" that lets the client in (AuthenticationOk, ReadyForQuery) and then never answers a query.
let stallsAfterLogin: number
beforeAll(async () => {
  port = await listen(() => undefined)
  stallsAfterLogin = await listen((socket) =>
    socket.once('data', () => socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 0, 0x5a, 0, 0, 0, 5, 0x49]))),
  )
  vi.stubEnv('PERFGATE_PROVIDER', undefined)
})
afterAll(async () => {
  vi.unstubAllEnvs()
  for (const socket of sockets) socket.destroy()
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))))
})

/** How long `start` takes to fail, and with what. */
async function failure(start: () => Promise<{ stop(): Promise<void> }>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now()
  try {
    const fixture = await start()
    await fixture.stop()
  } catch (error) {
    return { error, ms: performance.now() - started }
  }
  throw new Error('it started against a server that never answers')
}

describe.concurrent('a server that accepts and never answers', () => {
  for (const [what, url] of [
    ['with a password (AUTH is the first command)', () => `redis://app:S3cretPw@127.0.0.1:${port}/2`],
    ['without a password', () => `redis://127.0.0.1:${port}`],
  ] as const) {
    test(`redis({ url }) ${what}: a coded error within 15 s naming the URL, never the password`, async () => {
      const { error, ms } = await failure(() => redis({ url: url() }))
      expect(isPerfgateError(error, 'PERFGATE_ERR_PROVIDER_FAILED'), String(error)).toBe(true)
      const message = (error as Error).message
      expect(message).toContain(`127.0.0.1:${port}`)
      expect(message).not.toContain('S3cretPw')
      expect(message).toMatch(/Next step: check .*\.$/s)
      expect(ms).toBeLessThan(15_000)
    }, 20_000)
  }

  for (const [what, url] of [
    ['that never answers', () => `postgres://app:S3cretPw@127.0.0.1:${port}/app`],
    ['that lets the client in, then never answers a query', () => `postgres://app:S3cretPw@127.0.0.1:${stallsAfterLogin}/app`],
  ] as const) {
  test(`postgres({ url }) ${what}: a coded error within 15 s naming the URL, never the password`, async () => {
    const { error, ms } = await failure(() => postgres({ url: url() }))
    expect(isPerfgateError(error, 'PERFGATE_ERR_PROVIDER_FAILED'), String(error)).toBe(true)
    const message = (error as Error).message
    expect(message).toContain(new URL(url()).host)
    expect(message).not.toContain('S3cretPw')
    expect(message).toMatch(/Next step: check .*\.$/s)
    expect(ms).toBeLessThan(15_000)
  }, 30_000)
  }
})
