import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PerfgateError } from '../errors/index.ts'
import { LiveRegistry, type RunWindow } from './openMetrics.ts'

/** The environment variable that turns the endpoint on for every load() in a process: a port (0 for any free one). */
export const METRICS_PORT_ENV = 'PERFGATE_METRICS_PORT'

/** Options of {@link serveMetrics}. */
export interface MetricsOptions {
  /** TCP port; 0 picks a free one (read it from `url`). @default 9464 */
  port?: number
  /** Interface to listen on. Only loopback by default: the metrics name your tests and endpoints. @default '127.0.0.1' */
  host?: string
}

/** A running `/metrics` endpoint. */
export interface MetricsServer {
  /** 'http://127.0.0.1:9464/metrics': what Prometheus scrapes. */
  readonly url: string
  /** Stops serving; later load() runs are not recorded. */
  close(): Promise<void>
}

const registry = new LiveRegistry()
let serving: { server: Server; url: string } | undefined
let starting: Promise<MetricsServer> | undefined

/**
 * Serves the live metrics of every later load() run in this process at `/metrics`, in the
 * OpenMetrics text format with k6's names (`http_reqs`, `http_req_failed`, `http_req_duration` as a
 * histogram in seconds, `vus`, `dropped_iterations`), labelled with the test name and the tag. Opt
 * in: nothing is served unless this is called or `PERFGATE_METRICS_PORT` is set. Counters only grow
 * while the process lives, as Prometheus expects.
 *
 * @example
 * const metrics = await serveMetrics({ port: 9464 })
 * // prometheus.yml: scrape_configs: [{ job_name: perfgate, scrape_interval: 1s, static_configs: [{ targets: ['127.0.0.1:9464'] }] }]
 * await load(url, { rate: 200, duration: '30s' })
 * await metrics.close()
 */
export function serveMetrics(options: MetricsOptions = {}): Promise<MetricsServer> {
  const port = options.port ?? 9464
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    return Promise.reject(new PerfgateError('PERFGATE_ERR_INVALID_OPTION', `serveMetrics: port must be a whole number from 0 to 65535; got ${String(port)}. Pass { port: 0 } for any free port.`))
  }
  if (serving || starting) {
    return Promise.reject(new PerfgateError('PERFGATE_ERR_INVALID_OPTION', `serveMetrics: metrics are already served${serving ? ` at ${serving.url}` : ''} in this process; close that server first.`))
  }
  const host = options.host ?? '127.0.0.1'
  starting = new Promise<MetricsServer>((resolve, reject) => {
    const server = createServer((req, res) => {
      if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('perfgate serves /metrics only\n')
        return
      }
      res.writeHead(200, { 'content-type': 'application/openmetrics-text; version=1.0.0; charset=utf-8' }).end(registry.render())
    })
    server.once('error', (error: NodeJS.ErrnoException) => {
      starting = undefined
      reject(new PerfgateError('PERFGATE_ERR_INVALID_OPTION', `serveMetrics could not listen on ${host}:${port}: ${error.code ?? error.message}. Pick a free port, or 0 for any.`, { cause: error }))
    })
    server.listen(port, host, () => {
      server.unref()
      const address = server.address() as AddressInfo
      const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}/metrics`
      serving = { server, url }
      starting = undefined
      resolve({
        url,
        close: () =>
          new Promise<void>((done) => {
            if (serving?.server === server) serving = undefined
            server.closeAllConnections()
            server.close(() => done())
          }),
      })
    })
  })
  return starting
}

let envTried = false

/**
 * What the package entry plugs into load(): a listener for a run while metrics are served (or
 * `PERFGATE_METRICS_PORT` asks for them, which starts the endpoint at the first run), none otherwise.
 * The test label is the running test's name (Vitest and Jest both keep it in expect's state), else
 * the run's name.
 */
export function openRunMetrics(run: { name: string | undefined }): { window(window: RunWindow): void } | undefined {
  if (!serving && !starting && !envTried && process.env[METRICS_PORT_ENV] !== undefined) {
    envTried = true
    serveMetrics({ port: Number(process.env[METRICS_PORT_ENV]) }).catch((error: unknown) => {
      process.stderr.write(`perfgate: ${error instanceof Error ? error.message : String(error)}\n`)
    })
  }
  if (!serving && !starting) return undefined
  const record = registry.openRun(currentTestName() ?? run.name ?? 'load')
  return { window: record }
}

function currentTestName(): string | undefined {
  const state = (globalThis as Record<symbol, { state?: { currentTestName?: unknown } } | undefined>)[Symbol.for('$$jest-matchers-object')]?.state
  return typeof state?.currentTestName === 'string' && state.currentTestName ? state.currentTestName : undefined
}
