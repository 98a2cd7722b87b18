import { describe, expect, it } from 'vitest'
import type { LoadEngine } from '../../../src/load/engines/exchangeFactory.ts'
import type { LoadOptions } from '../../../src/load/options/loadOptions.ts'
import { planOf } from '../../../src/load/options/runPlan.ts'
import { runThread } from '../../../src/load/run/runThread.ts'
import type { LoadTarget } from '../../../src/load/target/loadTarget.ts'
import { sourceOf } from '../../../src/load/target/requestSource.ts'
import { measurementOf, type Measurement } from '../../../src/measure/index.ts'
import type { ServerBehaviour } from '../servers/behaviour.ts'
import { refusedPort, startServer } from '../servers/startServer.ts'

/** One run on the given engine, through the same path load() takes. */
async function runOn(engine: LoadEngine, target: LoadTarget, options: LoadOptions): Promise<Measurement> {
  const plan = planOf(options)
  const source = sourceOf(target, { baseUrl: options.baseUrl, expectStatus: options.expectStatus, timeoutMs: plan.timeoutMs })
  return measurementOf(await runThread({ source, plan, signal: new AbortController().signal, engine }))
}

/** The outcome counts both engines must agree on. */
const outcome = (m: Measurement): object => ({ total: m.total, count: m.count, errors: m.errors, errorsByKind: m.errorsByKind })

/** Runs the same load on both engines against a fresh server each, and returns both measurements. */
async function bothEngines(behaviour: ServerBehaviour | undefined, target: (url: string) => LoadTarget, options: LoadOptions): Promise<Measurement[]> {
  const results: Measurement[] = []
  for (const engine of ['net', 'undici'] as const) {
    if (behaviour === undefined) {
      results.push(await runOn(engine, target(`http://127.0.0.1:${await refusedPort()}`), options))
      continue
    }
    await using server = await startServer(behaviour)
    results.push(await runOn(engine, target(server.url), options))
  }
  return results
}

describe('net and undici engines give the same outcomes', () => {
  it('a fixed delay: every request a success, latency at least the delay', async () => {
    const [net, undici] = await bothEngines({ kind: 'delay', delayMs: 10 }, (url) => url, { connections: 4, requests: 80 })
    expect(outcome(net!)).toEqual({ total: 80, count: 80, errors: 0, errorsByKind: {} })
    expect(outcome(undici!)).toEqual(outcome(net!))
    for (const m of [net!, undici!]) {
      expect(m.latency.min).toBeGreaterThanOrEqual(9) // the server's 10 ms timer can fire up to 1 ms early
      expect(m.latency.p50).toBeLessThan(100)
    }
  })

  it('statuses, resets and broken bodies, by kind', async () => {
    const behaviour: ServerBehaviour = { kind: 'sequence', sequence: [200, 500, 404, 'reset', 200, 'body', 503, 409, 200, 302] }
    const [net, undici] = await bothEngines(behaviour, (url) => url, { connections: 1, requests: 50 })
    expect(outcome(net!)).toEqual({ total: 50, count: 20, errors: 30, errorsByKind: { 'http-5xx': 10, 'http-4xx': 10, 'connection-reset': 5, body: 5 } })
    expect(outcome(undici!)).toEqual(outcome(net!))
  })

  it('chunked bodies, 1 MiB bodies over many reads, Connection: close and 103 Early Hints', async () => {
    const behaviour: ServerBehaviour = { kind: 'sequence', sequence: ['chunked', 'large', 'close', 'hints', 404] }
    const [net, undici] = await bothEngines(behaviour, (url) => url, { connections: 1, requests: 40 })
    expect(outcome(net!)).toEqual({ total: 40, count: 32, errors: 8, errorsByKind: { 'http-4xx': 8 } })
    expect(outcome(undici!)).toEqual(outcome(net!))
  })

  it('a POST with a JSON body and a request function with per-user headers', async () => {
    const [net, undici] = await bothEngines(
      { kind: 'sequence', sequence: [201, 409] },
      (url) => ({ url, method: 'POST', body: { units: 10 } }),
      { connections: 2, requests: 20, expectStatus: [201] },
    )
    expect(outcome(net!)).toEqual({ total: 20, count: 10, errors: 10, errorsByKind: { 'http-4xx': 10 } })
    expect(outcome(undici!)).toEqual(outcome(net!))
    const [fnNet, fnUndici] = await bothEngines(
      { kind: 'delay', delayMs: 1 },
      (url) => ({ vu, iteration }) => ({ url: `${url}/tasks/${iteration}`, headers: { authorization: `Bearer ${vu}` } }),
      { connections: 3, requests: 30 },
    )
    expect(fnNet!.count).toBe(30)
    expect(outcome(fnUndici!)).toEqual(outcome(fnNet!))
  })

  it('an invalid request ends the run with the same error on both engines', async () => {
    await using server = await startServer({ kind: 'delay', delayMs: 1 })
    for (const engine of ['net', 'undici'] as const) {
      const run = runOn(engine, { url: server.url, headers: { 'x-a': 'a\r\nx-injected: 1' } }, { connections: 2, requests: 4 })
      await expect(run, engine).rejects.toMatchObject({ code: 'PERFGATE_ERR_INVALID_INPUT', message: expect.stringMatching(/invalid x-a header/) })
    }
  })

  it('a refused port: connection-refused, every attempt', async () => {
    const [net, undici] = await bothEngines(undefined, (url) => url, { connections: 2, requests: 20 })
    expect(outcome(net!)).toEqual({ total: 20, count: 0, errors: 20, errorsByKind: { 'connection-refused': 20 } })
    expect(outcome(undici!)).toEqual(outcome(net!))
  })

  it('a slow accept times out; a slow answer times out; both within the timeout plus a sweep', async () => {
    const [net, undici] = await bothEngines({ kind: 'slowAccept', acceptDelayMs: 400 }, (url) => url, { connections: 2, requests: 2, timeout: '100ms' })
    expect(outcome(net!)).toEqual({ total: 2, count: 0, errors: 2, errorsByKind: { timeout: 2 } })
    expect(outcome(undici!)).toEqual(outcome(net!))
    const started = performance.now()
    const [slowNet, slowUndici] = await bothEngines({ kind: 'delay', delayMs: 1000 }, (url) => url, { connections: 3, requests: 6, timeout: '100ms' })
    expect(outcome(slowNet!)).toEqual({ total: 6, count: 0, errors: 6, errorsByKind: { timeout: 6 } })
    expect(outcome(slowUndici!)).toEqual(outcome(slowNet!))
    expect(performance.now() - started).toBeLessThan(4000)
  })

  it('an open-model run: the same arrivals, all answered, service time recorded', async () => {
    const [net, undici] = await bothEngines({ kind: 'delay', delayMs: 2 }, (url) => url, { rate: 200, duration: '1s' })
    expect(outcome(net!)).toEqual({ total: 200, count: 200, errors: 0, errorsByKind: {} })
    expect(outcome(undici!)).toEqual(outcome(net!))
    expect(net!.serviceTime!.p50).toBeLessThanOrEqual(net!.latency.p50)
  })

  it('service time counts the connect of a request that opened a connection: latency is lag plus service', async () => {
    // Every response closes its connection, so every request opens a new one.
    const [net, undici] = await bothEngines({ kind: 'sequence', sequence: ['close'] }, (url) => url, { rate: 100, duration: '1s' })
    for (const m of [net!, undici!]) {
      expect(outcome(m)).toEqual({ total: 100, count: 100, errors: 0, errorsByKind: {} })
      const lag = m.dispatchLag!
      expect(lag.count).toBe(100)
      // What a fresh connection's connect took (0.4–0.6 ms on loopback here) is the server's accept: it
      // is service time, not a gap between latency and service time. The 0.1 ms is the difference
      // between a difference of medians and the median of the differences.
      const context = `latency p50 ${m.latency.p50.toFixed(3)}, service p50 ${m.serviceTime!.p50.toFixed(3)}, lag p50 ${lag.p50.toFixed(3)}`
      expect(m.latency.p50 - m.serviceTime!.p50, context).toBeLessThanOrEqual(lag.p50 + 0.1)
    }
  })
})

describe('protocol edge cases, on bare TCP servers', () => {
  const ok = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'
  it('heads and chunks split over reads, trailers, extensions and HTTP/1.0 bodies until close', async () => {
    const behaviour: ServerBehaviour = {
      kind: 'raw',
      responses: [
        { parts: ['HTTP/1.1 20', '0 OK\r\nContent-Le', 'ngth: 5\r\n', '\r\nhel', 'lo'] },
        { parts: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;ext=1\r', '\nhello\r\n0\r\nX-Trailer: 1\r\n', '\r\n'] },
        { parts: ['HTTP/1.0 200 OK\r\n\r\nuntil close'], close: true },
        { parts: ['HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok'] },
        { parts: ['HTTP/1.1 503 Busy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'], close: true },
      ],
    }
    const [net, undici] = await bothEngines(behaviour, (url) => url, { connections: 1, requests: 30 })
    expect(outcome(net!)).toEqual({ total: 30, count: 24, errors: 6, errorsByKind: { 'http-5xx': 6 } })
    expect(outcome(undici!)).toEqual(outcome(net!))
  })

  it('skips an unasked-for 100 Continue before the response, as RFC 9110 asks (undici 8 fails the request instead)', async () => {
    const behaviour: ServerBehaviour = { kind: 'raw', responses: [{ parts: ['HTTP/1.1 100 Continue\r\n\r\n', ok] }] }
    const [net, undici] = await bothEngines(behaviour, (url) => url, { connections: 1, requests: 4 })
    expect(outcome(net!)).toEqual({ total: 4, count: 4, errors: 0, errorsByKind: {} })
    // The one known difference between the engines; 103 Early Hints (the 1xx servers do send) agree above.
    expect(outcome(undici!)).toEqual({ total: 4, count: 0, errors: 4, errorsByKind: { 'connection-reset': 4 } })
  })

  it('a closed connection before the body ends is a body error; a garbled status line is a protocol error', async () => {
    const behaviour: ServerBehaviour = {
      kind: 'raw',
      responses: [
        { parts: ['HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort'], close: true },
        { parts: ['HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel'], close: true },
        { parts: ['HTP/1.1 200 OK\r\n\r\n'] },
        { parts: [ok] },
      ],
    }
    const [net, undici] = await bothEngines(behaviour, (url) => url, { connections: 1, requests: 20 })
    expect(outcome(net!)).toEqual({ total: 20, count: 5, errors: 15, errorsByKind: { body: 10, other: 5 } })
    expect(outcome(undici!)).toEqual(outcome(net!))
  })
})
