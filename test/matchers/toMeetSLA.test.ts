import { expect, test } from 'vitest'
import 'perfgate/vitest'
import { fromSamples } from 'perfgate'
import { measurementOf } from '../../src/measure/index.ts'

const ramp = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

test('every limit must hold; the message lists each one', async () => {
  const m = fromSamples(ramp(1000), { durationMs: 1000, errors: 2 })
  await expect(m).toMeetSLA({ p50: 600, p95: 1000, max: 1000, errorRate: 0.05 })
  const error = await expect(m).toMeetSLA({ p50: 600, p95: 900, errorRate: 0.05 }).catch((e: Error) => e)
  expect(String(error)).toMatch(/toMeetSLA\(\): 1 of 3 limits not met/)
  expect(String(error)).toMatch(/p50 500 ms, limit <= 600 ms .* PASS/)
  expect(String(error)).toMatch(/p95 950 ms, limit <= 900 ms .* FAIL/)
})

test('a saturated generator fails as inconclusive, with the reason and what to do', async () => {
  const data = fromSamples(ramp(1000)).toJSON()
  const m = measurementOf({ ...data, facts: { ...data.facts, saturation: { saturated: true, reasons: ['schedule lag 300 ms'] } } })
  await expect(expect(m).toMeetSLA({ p95: 10_000 })).rejects.toThrow(/INCONCLUSIVE \(generator-saturated: .*schedule lag 300 ms[\s\S]*try: lower the rate/)
})

test('an uncorrected closed-model measurement says so in the message', async () => {
  const m = fromSamples(ramp(1000), { facts: { coordinatedOmission: 'uncorrected', shape: { kind: 'closed', connections: 10, durationMs: 5000 } } })
  const error = await expect(m).toMeetSLA({ p95: 10 }).catch((e: Error) => e)
  expect(String(error)).toMatch(/load: closed model, 10 connections for 5 s/)
  expect(String(error)).toMatch(/coordinated omission/)
})

test('unknown keys are rejected', async () => {
  await expect(expect(fromSamples([1])).toMeetSLA({ p95: 1, latency: 2 } as never)).rejects.toThrow(/Unknown SLA key 'latency'/)
})

test('a non-measurement is a clear error', async () => {
  await expect(expect([1, 2, 3]).toMeetSLA({ p95: 1 })).rejects.toThrow(/expects a Measurement .* got an array \(wrap latencies with fromSamples\(array\)\)/)
})

test('the string form judges the one threshold it names, as parseThreshold reads it', async () => {
  const m = fromSamples(ramp(1000), { durationMs: 1000 })
  await expect(m).toMeetSLA('p95<1s')
  const error = await expect(m).toMeetSLA('p95<900ms').catch((e: Error) => e)
  expect(String(error)).toMatch(/toMeetSLA\(\): 1 of 1 limit not met/)
  expect(String(error)).toMatch(/p95 950 ms, limit <= 900 ms .* FAIL/)
  await expect(expect(m).toMeetSLA('p95 under 900')).rejects.toThrow(/Write it like 'p95<500ms'/)
})
