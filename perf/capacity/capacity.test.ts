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
 * and the latencies grow without bound, so 'p90 < 50 ms' breaks just above 235 req/s (at +1.9% for
 * a 3 s probe). p90 rather than p95: on this shared machine the judge often finds a short run too
 * noisy to bound p95, and p90 needs half the samples. 235 is well inside what this 2-core machine
 * offers: the search offers 280 req/s at most, and perfgate's generator keeps 500 req/s of HTTP on
 * it (perf/api's sustain spec), a margin of 1.8×, so the server, not perfgate, is what breaks. The
 * rates tried are 140, 280, 210, 245, 228, 237: none lands on 235 exactly (where a queue neither
 * grows nor drains), and the first to break, 280, is 19% off, so only a search that bisects passes.
 */
describe(`capacity search (${profile.name})`, () => {
  test('finds the breaking point of a 235 req/s server within 10%', async (context) => {
    await using server = await startQueueServer(235)
    const cap = await findCapacity(server.url, {
      sla: 'p90<50ms',
      maxErrorRate: 0.05,
      from: 140,
      to: 1000,
      step: capacity.stepMs,
      resolution: capacity.resolution,
      maxDuration: capacity.maxDurationMs,
      name: 'queue server',
    })
    await reportLines(context, cap.summary)
    for (const p of cap.probes) {
      await reportLines(context, `  ${p.rate} req/s for ${(p.durationMs / 1000).toFixed(1)} s: p50 ${p.p50.toFixed(1)} · p95 ${p.p95.toFixed(1)} · p99 ${p.p99.toFixed(1)} ms → ${p.outcome}${p.outcome === 'met' ? '' : ` (${p.summary})`}`)
    }
    expect(cap.breakingPoint, cap.summary).toBeDefined()
    await reportKeyFigure(context, { spec: 'capacity/queue', figure: 'breaking point', value: cap.breakingPoint!, unit: 'req/s', limit: 235 * 1.1 })
    expect(Math.abs(cap.breakingPoint! - 235) / 235).toBeLessThanOrEqual(0.1)
    expect(cap.cause).toMatchObject({ kind: 'latency', metric: 'p90' })
    // The floor is the first rate tried: on a quiet machine the search shows about 230 req/s, but on
    // a busy one the judge may leave the rates between 140 and 245 undecided (it says so), and a
    // breaking point, not a capacity, is what this spec pins.
    await expect(cap).toBeAtLeast(140)
  })
})
