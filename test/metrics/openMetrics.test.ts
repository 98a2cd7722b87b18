import { describe, expect, test } from 'vitest'
import { DURATION_BUCKETS_SECONDS, LiveRegistry } from '../../src/metrics/openMetrics.ts'
import { serveMetrics } from '../../src/metrics/server.ts'

const window = (tags: Array<{ tag: string; latenciesMs: number[]; errors: number }>, extra: { active?: number; dropped?: number; final?: boolean } = {}) => ({
  name: 'run',
  elapsedMs: 1000,
  tags,
  active: extra.active ?? 3,
  dropped: extra.dropped ?? 0,
  final: extra.final ?? false,
})

describe('LiveRegistry', () => {
  test('renders k6 names as OpenMetrics: counters, a cumulative histogram in seconds, gauges, # EOF', () => {
    const registry = new LiveRegistry()
    const record = registry.openRun('api > "mix"\nrun')
    record(window([{ tag: 'GET /a', latenciesMs: [1, 2, 40], errors: 1 }], { dropped: 2 }))
    record(window([{ tag: 'GET /a', latenciesMs: [40_000_000], errors: 0 }], { dropped: 5, final: true }))
    const text = registry.render()
    const labels = 'test="api > \\"mix\\"\\nrun",tag="GET /a"'
    expect(text).toContain(`http_reqs_total{${labels}} 5\n`)
    expect(text).toContain(`http_req_failed_total{${labels}} 1\n`)
    expect(text).toContain(`http_req_duration_bucket{${labels},le="0.000951366"} 0\n`)
    expect(text).toContain(`http_req_duration_bucket{${labels},le="0.00113137"} 1\n`)
    expect(text).toContain(`http_req_duration_bucket{${labels},le="${DURATION_BUCKETS_SECONDS.at(-1)}"} 3\n`)
    expect(text).toContain(`http_req_duration_bucket{${labels},le="+Inf"} 4\nhttp_req_duration_count{${labels}} 4\nhttp_req_duration_sum{${labels}} 40000.043\n`)
    // The run has ended: no one is running; drops count once each.
    expect(text).toContain('vus{test="api > \\"mix\\"\\nrun"} 0\n')
    expect(text).toContain('dropped_iterations_total{test="api > \\"mix\\"\\nrun"} 5\n')
    expect(text.indexOf('# TYPE http_req_duration histogram')).toBeGreaterThan(0)
    expect(text.endsWith('# EOF\n')).toBe(true)
  })

  test('redacts secrets in label values', () => {
    const registry = new LiveRegistry()
    registry.openRun('login with postgres://app:s3cret@db/app')(window([{ tag: '', latenciesMs: [1], errors: 0 }]))
    expect(registry.render()).not.toContain('s3cret')
  })
})

describe('serveMetrics', () => {
  test('serves /metrics on loopback in the OpenMetrics content type, and refuses a second server or a bad port', async () => {
    const server = await serveMetrics({ port: 0 })
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
      const response = await fetch(server.url)
      expect(response.headers.get('content-type')).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8')
      expect(await response.text()).toMatch(/# EOF\n$/)
      expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404)
      await expect(serveMetrics({ port: 0 })).rejects.toMatchObject({ code: 'PERFGATE_ERR_INVALID_OPTION', message: expect.stringContaining('already served') })
    } finally {
      await server.close()
    }
    await expect(serveMetrics({ port: 70_000 })).rejects.toMatchObject({ code: 'PERFGATE_ERR_INVALID_OPTION' })
  })
})
