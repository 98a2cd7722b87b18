import { spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { load, serveMetrics, type Measurement, type MetricsServer } from '../../src/index.ts'
import { DURATION_BUCKETS_SECONDS } from '../../src/metrics/openMetrics.ts'
import { HISTOGRAM_RELATIVE_ERROR } from '../../src/measure/index.ts'

const PROMETHEUS = '/usr/bin/prometheus'
/** CI sets it (.ci/run installs Debian's prometheus): there a missing binary fails instead of skipping. */
const REQUIRED = process.env.PERFGATE_REQUIRE_PROMETHEUS === '1'
const TEST_NAME = 'a real Prometheus scrapes perfgate during a load > http_reqs and a http_req_duration quantile match the Measurement'

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((done) => probe.close(() => done()))
  return port
}

/** Polls `check` every 250 ms until it returns a value, for at most `ms`. */
async function until<T>(what: string, ms: number, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms
  let last: unknown
  for (let i = 0; Date.now() < deadline && i < 1000; i++) {
    try {
      const value = await check()
      if (value !== undefined) return value
    } catch (error) {
      last = error
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`)
}

interface Sample {
  metric: Record<string, string>
  value?: [number, string]
  values?: Array<[number, string]>
}

describe.skipIf(!existsSync(PROMETHEUS) && !REQUIRED)('a real Prometheus scrapes perfgate during a load', () => {
  const dir = mkdtempSync(join(tmpdir(), 'perfgate-prometheus-'))
  let prometheus: ChildProcess | undefined
  let promLog = ''
  let api = ''
  let metrics: MetricsServer
  let target: Server
  let baseUrl = ''

  const query = async (promql: string): Promise<Sample[]> => {
    const response = await fetch(`${api}/api/v1/query?query=${encodeURIComponent(promql)}`)
    const body = (await response.json()) as { status: string; data: { result: Sample[] }; error?: string }
    if (body.status !== 'success') throw new Error(`${promql}: ${body.error}`)
    return body.data.result
  }

  beforeAll(async () => {
    if (!existsSync(PROMETHEUS)) throw new Error(`${PROMETHEUS} is missing: PERFGATE_REQUIRE_PROMETHEUS is set, so install it (apt-get install -y prometheus).`)
    metrics = await serveMetrics({ port: 0 })
    const scrape = new URL(metrics.url)
    writeFileSync(
      join(dir, 'prometheus.yml'),
      ['global:', '  scrape_interval: 1s', '  scrape_timeout: 1s', 'scrape_configs:', '  - job_name: perfgate', `    metrics_path: ${scrape.pathname}`, '    static_configs:', `      - targets: ['${scrape.host}']`, ''].join('\n'),
    )
    const port = await freePort()
    api = `http://127.0.0.1:${port}`
    prometheus = spawn(PROMETHEUS, [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'], { stdio: ['ignore', 'ignore', 'pipe'] })
    prometheus.stderr!.on('data', (chunk: Buffer) => (promLog = (promLog + chunk.toString()).slice(-4000)))
    await until('Prometheus to be ready', 30_000, async () => ((await fetch(`${api}/-/ready`)).ok ? true : undefined))
    await until('the perfgate target to be up', 20_000, async () => {
      const body = (await (await fetch(`${api}/api/v1/targets`)).json()) as { data: { activeTargets: Array<{ health: string }> } }
      return body.data.activeTargets.some((t) => t.health === 'up') ? true : undefined
    })
    target = createServer((req, res) => {
      req.resume()
      // A fast endpoint and one that takes 20–30 ms: two distributions the histogram must tell apart.
      if (req.url === '/slow') setTimeout(() => res.end('ok'), 20 + Math.random() * 10)
      else res.end('ok')
    })
    await new Promise<void>((done) => target.listen(0, '127.0.0.1', done))
    baseUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`
  }, 70_000)

  afterAll(async () => {
    prometheus?.kill('SIGTERM')
    if (prometheus && prometheus.exitCode === null) await new Promise((done) => prometheus!.once('exit', done))
    await metrics?.close()
    await new Promise<void>((done) => (target ? target.close(() => done()) : done()))
    rmSync(dir, { recursive: true, force: true })
  }, 30_000)

  test('http_reqs and a http_req_duration quantile match the Measurement', async () => {
    const m: Measurement = await load(
      { mix: [{ tag: 'GET /fast', weight: 1, request: '/fast' }, { tag: 'GET /slow', weight: 1, request: '/slow' }] },
      { rate: 200, duration: '5s', baseUrl, name: 'live mix' },
    )
    expect(m.errors).toBe(0)
    const label = `test="${TEST_NAME}"`
    // After the run: a scrape that saw the whole run (its last, partial second included).
    const total = await until('a scrape with every request', 20_000, async () => {
      const [sample] = await query(`sum(http_reqs_total{${label}})`)
      return sample && Number(sample.value![1]) === m.total ? Number(sample.value![1]) : undefined
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}\nprometheus: ${promLog}`)
    })
    expect(total).toBe(m.total)
    // Per tag, as labels.
    const byTag = await query(`http_reqs_total{${label}}`)
    expect(Object.fromEntries(byTag.map((s) => [s.metric.tag, Number(s.value![1])]))).toEqual({ 'GET /fast': m.byTag['GET /fast']!.total, 'GET /slow': m.byTag['GET /slow']!.total })
    // Scraped during the load, not only after it: samples between none and all.
    const history = await query(`sum(http_reqs_total{${label}})[2m:1s]`)
    const during = history[0]!.values!.map(([, v]) => Number(v)).filter((v) => v > 0 && v < m.total)
    expect(during.length).toBeGreaterThanOrEqual(2)

    // The quantile Prometheus computes from the histogram lies in the bucket of the measured one.
    for (const [tag, q] of [['GET /slow', 0.95], ['GET /fast', 0.5], ['GET /slow', 0.5]] as const) {
      const [sample] = await query(`histogram_quantile(${q}, sum by (le) (http_req_duration_bucket{${label},tag="${tag}"}))`)
      const promMs = Number(sample!.value![1]) * 1000
      const measured = m.byTag[tag]!.latency.percentile(q * 100)
      const i = DURATION_BUCKETS_SECONDS.findIndex((le) => le * 1000 >= measured)
      const [low, high] = [(DURATION_BUCKETS_SECONDS[i - 1] ?? 0) * 1000, DURATION_BUCKETS_SECONDS[i]! * 1000]
      // The bucket of the measured value, widened by the Measurement's own histogram error.
      expect({ tag, q, promMs }).toEqual({ tag, q, promMs: expect.toSatisfy((v: number) => v >= low * (1 - HISTOGRAM_RELATIVE_ERROR) && v <= high * (1 + HISTOGRAM_RELATIVE_ERROR)) })
      expect(Math.abs(promMs - measured) / measured).toBeLessThan(2 ** 0.25 - 1 + HISTOGRAM_RELATIVE_ERROR)
    }
    // Failures, vus and drops are there under k6's names.
    expect(Number((await query(`sum(http_req_failed_total{${label}})`))[0]!.value![1])).toBe(0)
    expect((await query(`vus{${label}}`)).map((s) => Number(s.value![1]))).toEqual([0])
    expect((await query(`dropped_iterations_total{${label}}`)).map((s) => Number(s.value![1]))).toEqual([m.facts.dropped ?? 0])
  }, 60_000)

  test('a run split over two worker threads is exported whole', async () => {
    const m = await load(`${baseUrl}/fast`, { rate: 200, duration: '3s', workers: 2, name: 'two threads' })
    const label = 'test="a real Prometheus scrapes perfgate during a load > a run split over two worker threads is exported whole"'
    const total = await until('a scrape with every request of both threads', 20_000, async () => {
      const [sample] = await query(`sum(http_reqs_total{${label}})`)
      return sample && Number(sample.value![1]) === m.total ? Number(sample.value![1]) : undefined
    })
    expect(total).toBe(m.total)
    expect(Number((await query(`sum(http_req_duration_count{${label}})`))[0]!.value![1])).toBe(m.count)
  }, 60_000)
})
