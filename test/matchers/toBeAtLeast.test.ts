import { expect, test } from 'vitest'
import 'perfgate/vitest'
import { fromSamples, type CapacityResult } from 'perfgate'
import { describeCapacity, judgeProbe, type Threshold } from '../../src/judge/index.ts'

const SLA: Threshold[] = [{ stat: 'p95', limitMs: 50 }, { stat: 'errorRate', max: 0.05 }]
const latencies = (n: number, ms: number): number[] => Array.from({ length: n }, (_, i) => ms + (i % 10))

/** What findCapacity answers for a service that met 400 req/s and broke at 420 (p95 130 ms). */
type Overrides = { [K in keyof CapacityResult]?: CapacityResult[K] | undefined }

function capacity(over: Overrides = {}): CapacityResult {
  const probes = [
    judgeProbe(fromSamples(latencies(600, 4), { durationMs: 3000 }), 200, SLA),
    judgeProbe(fromSamples(latencies(1200, 4), { durationMs: 3000 }), 400, SLA),
    judgeProbe(fromSamples(latencies(1260, 125), { durationMs: 3000 }), 420, SLA),
  ]
  const base = {
    kind: 'capacity' as const,
    source: 'GET http://user:hunter2@127.0.0.1:3000/',
    thresholds: SLA,
    from: 200,
    to: 1600,
    resolution: 0.05,
    capacity: 400,
    breakingPoint: 420,
    cause: { kind: 'latency' as const, metric: 'p95', measuredMs: 133, limitMs: 50, overByMs: 83 },
    stop: 'resolved' as const,
    probes,
    elapsedMs: 9_000,
  }
  // An override of undefined removes the field, as findCapacity leaves out what it did not find.
  const facts = Object.fromEntries(Object.entries({ ...base, ...over }).filter(([, value]) => value !== undefined)) as Omit<CapacityResult, 'summary'>
  return { ...facts, summary: describeCapacity(facts) }
}

test('passes a floor the capacity reaches and records the verdict with the probe that met it', async ({ task }) => {
  await expect(capacity()).toBeAtLeast(350)
  // A promise of a result is awaited, as findCapacity(...) can be given directly.
  await expect(Promise.resolve(capacity())).toBeAtLeast(400)
  const recorded = task.meta.perfgate?.[0]
  expect(recorded).toMatchObject({ matcher: 'toBeAtLeast', negated: false, passed: true, verdicts: [{ metric: 'capacity', status: 'pass', measured: 400, limit: 350, unit: 'req/s' }] })
  expect(recorded?.measurement?.count).toBe(1200)
})

test('fails a floor above the breaking point, saying what was found, why the search stopped and what to do', async () => {
  const message = await expect(capacity()).toBeAtLeast(800).then(() => '', (error: Error) => error.message)
  expect(message).toContain('expect(capacity).toBeAtLeast(800): the capacity was not shown to reach 800 req/s')
  expect(message).toMatch(/capacity 400 req\/s, limit >= 800 req\/s \(−50%, 95% CI 400 req\/s – 420 req\/s\) FAIL/)
  expect(message).toContain('stopped: narrowed to 400 req/s met and 420 req/s broken, within the 5% resolution')
  expect(message).toMatch(/420 req\/s for 3 s: 420 req\/s achieved, p50 \d+ · p95 \d+ · p99 \d+ ms, errors 0.00% → broke \(p95 \d+ ms > 50 ms\)/)
  expect(message).toContain('try: profile the service at the breaking rate')
  // The target's credentials never reach the output.
  expect(message).not.toContain('hunter2')
  await expect(capacity()).not.toBeAtLeast(800)
})

test('.not fails on a floor that was met, and on one the search could not judge', async () => {
  await expect(expect(capacity()).not.toBeAtLeast(300)).rejects.toThrow(/expected the capacity to be shown below 300 req\/s, but it was not/)
  const saturated = capacity({ breakingPoint: undefined, cause: undefined, stop: 'generator-saturated', generatorLimitAt: 420 })
  await expect(expect(saturated).not.toBeAtLeast(1000)).rejects.toThrow(/generator-saturated/)
  await expect(expect(saturated).toBeAtLeast(1000)).rejects.toThrow(/perfgate could not push further than 420 req\/s/)
})

test('a floor within the search resolution warns and does not fail, either way', async ({ task }) => {
  await expect(capacity()).toBeAtLeast(410)
  await expect(capacity()).not.toBeAtLeast(410)
  expect(task.meta.perfgate?.[0]?.verdicts[0]).toMatchObject({ status: 'inconclusive', reason: 'within-noise' })
})

test('anything but a capacity result, or a floor that is no rate, is a coded error', async () => {
  await expect(expect(fromSamples([1, 2, 3])).toBeAtLeast(100)).rejects.toMatchObject({ code: 'PERFGATE_ERR_INVALID_INPUT', message: expect.stringMatching(/expects what findCapacity\(\) returns/) })
  await expect(expect(capacity()).toBeAtLeast(0)).rejects.toMatchObject({ code: 'PERFGATE_ERR_INVALID_THRESHOLD' })
})
