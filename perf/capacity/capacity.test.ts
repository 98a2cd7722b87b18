import 'perfgate/vitest'
import { findCapacity } from 'perfgate'
import { describe, expect, test } from 'vitest'
import { reportKeyFigure, reportLines } from '../support/keyFigure.ts'
import { perfProfile } from '../support/profile.ts'
import { startQueueServer } from './queueServer.ts'

const profile = perfProfile()
const { capacity } = profile

/**
 * The capacity of a server whose breaking point is known (queueServer.ts: one request at a time,
 * 1000 / 235 ms each, in a process of its own): below 235 req/s nothing waits, above it the queue
 * and p95 grow without bound, so 'p95 < 50 ms' breaks just above 235 req/s (at +1.8% for a 3 s
 * probe). 235 is well inside what this 2-core machine offers: the search steps up to 320 req/s at
 * most, and perfgate's generator keeps 500 req/s of HTTP on it (perf/api's sustain spec), so the
 * server, not perfgate, is what breaks. 235 is chosen so that no probe lands on it exactly
 * (80, 160, 320, 240, 200, 220, 230, …), where a queue neither grows nor drains.
 */
describe(`capacity search (${profile.name})`, () => {
  test('finds the breaking point of a 235 req/s server within 10%', async (context) => {
    await using server = await startQueueServer(235)
    const cap = await findCapacity(server.url, {
      sla: 'p95<50ms',
      maxErrorRate: 0.05,
      from: 80,
      to: 1000,
      step: capacity.stepMs,
      resolution: capacity.resolution,
      maxDuration: capacity.maxDurationMs,
      name: 'queue server',
    })
    await reportLines(context, cap.summary)
    for (const p of cap.probes) {
      await reportLines(context, `  ${p.rate} req/s for ${(p.durationMs / 1000).toFixed(1)} s: p50 ${p.p50.toFixed(1)} · p95 ${p.p95.toFixed(1)} · p99 ${p.p99.toFixed(1)} ms → ${p.outcome}`)
    }
    expect(cap.breakingPoint, cap.summary).toBeDefined()
    await reportKeyFigure(context, { spec: 'capacity/queue', figure: 'breaking point', value: cap.breakingPoint!, unit: 'req/s', limit: 235 * 1.1 })
    expect(Math.abs(cap.breakingPoint! - 235) / 235).toBeLessThanOrEqual(0.1)
    expect(cap.cause).toMatchObject({ kind: 'latency', metric: 'p95' })
    await expect(cap).toBeAtLeast(200)
  })
})
