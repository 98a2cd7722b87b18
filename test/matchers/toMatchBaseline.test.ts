import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from 'vitest'
import { fileBaselineStore } from '../../src/baseline/store.ts'
import { fromSamples } from '../../src/measure/fromSamples.ts'
import { measurementOf } from '../../src/measure/measurement.ts'
import { setBaselineStore, toMatchBaseline } from '../../src/matchers/toMatchBaseline.ts'
import { setAssertionSink, type MatcherContext } from '../../src/matchers/record.ts'
import type { JudgedAssertion } from '../../src/results/assertion.ts'
import { tempDir } from '../report/runFixture.ts'

const ramp = (scale = 1) => fromSamples(Array.from({ length: 1000 }, (_, i) => (i + 1) * scale))
const SPEC = join(process.cwd(), 'perf', 'checkout.perf.ts')

describe('toMatchBaseline', () => {
  let dir: ReturnType<typeof tempDir>
  let recorded: JudgedAssertion[]
  const file = () => join(dir.path, 'perf', 'checkout.perf.ts.baseline.json')
  const context = (mode: string, extra: Partial<MatcherContext> = {}) => ({ testPath: SPEC, currentTestName: 'checkout > p95', snapshotState: { snapshotUpdateState: mode }, ...extra })

  beforeEach(() => {
    dir = tempDir('perfgate-baseline-matcher-')
    setBaselineStore(fileBaselineStore(() => dir.path))
    recorded = []
    setAssertionSink((assertion) => recorded.push(assertion))
  })
  afterEach(() => {
    setAssertionSink(undefined)
    setBaselineStore(undefined)
    dir[Symbol.dispose]()
  })

  test('records a missing baseline under the test name, and passes', async () => {
    const result = await toMatchBaseline.call(context('new'), ramp())
    expect(result.pass).toBe(true)
    expect(result.message()).toBe(`toMatchBaseline: recorded the baseline "checkout > p95" in ${file()}`)
    const stored = JSON.parse(readFileSync(file(), 'utf8'))
    expect(stored.schemaVersion).toBe(1)
    expect(stored.entries['checkout > p95']).toMatchObject({ count: 1000, quantiles: { p95: 950 }, intervals: { p95: { value: 950, low: 936, high: 964 } } })
    expect(recorded).toMatchObject([{ matcher: 'toMatchBaseline', passed: true, verdicts: [] }])
  })

  test('records from several runs (an array, or runs: n of a function) and keeps their spread', async () => {
    const result = await toMatchBaseline.call(context('new'), [ramp(1), ramp(1.04), ramp(0.96)])
    expect(result.pass).toBe(true)
    const stored = JSON.parse(readFileSync(file(), 'utf8')).entries['checkout > p95']
    expect(stored).toMatchObject({ count: 3000, noise: { runs: 3, spread: { p95: expect.closeTo(0.04, 2) } } })
    // Its floor holds a +15% run within noise; a function is run `runs` times.
    expect((await toMatchBaseline.call(context('none'), ramp(1.15))).pass).toBe(true)
    expect(recorded.at(-1)!.verdicts[1]).toMatchObject({ status: 'inconclusive', reason: 'within-noise' })
    let calls = 0
    await toMatchBaseline.call(context('all', { currentTestName: 'fn' }), () => calls++, { runs: 2, bench: { time: '20ms', iterations: 5 } })
    expect(JSON.parse(readFileSync(file(), 'utf8')).entries.fn.noise.runs).toBe(2)
    await expect(toMatchBaseline.call(context('new'), ramp(), { runs: 0 })).rejects.toThrow(/runs must be a whole number from 1 to 100/)
  })

  test('a stable run passes against it; a clear regression fails with a diagnosis', async () => {
    await toMatchBaseline.call(context('new'), ramp())
    expect((await toMatchBaseline.call(context('new'), ramp())).pass).toBe(true)
    const regression = await toMatchBaseline.call(context('none'), ramp(1.5))
    expect(regression.pass).toBe(false)
    expect(regression.message()).toContain('p95 1,425 ms, limit <= 1,045 ms (−36%, 95% CI 1,404 ms – 1,446 ms) FAIL')
    expect(regression.message()).toContain(`baseline: "checkout > p95" in ${file()} (1,000 samples)`)
    expect(recorded.map((a) => [a.passed, a.verdicts.map((v) => v.status)])).toEqual([
      [true, []],
      [true, ['pass', 'pass', 'pass']],
      // p99 of 1,000 samples rests on 10 samples above it: advisory, never the failure.
      [false, ['fail', 'fail', 'inconclusive']],
    ])
  })

  test('a change within noise passes and is recorded as within noise', async () => {
    await toMatchBaseline.call(context('new'), ramp())
    const result = await toMatchBaseline.call(context('none'), ramp(1.08))
    expect(result.pass).toBe(true)
    expect(recorded[1]!.verdicts.map((v) => v.reason ?? v.status)).toEqual(['within-noise', 'within-noise', 'pass'])
  })

  test('-u (update "all", or Jest\'s _updateSnapshot) rewrites the baseline', async () => {
    await toMatchBaseline.call(context('new'), ramp())
    const update = await toMatchBaseline.call({ testPath: SPEC, currentTestName: 'checkout > p95', snapshotState: { _updateSnapshot: 'all' } }, ramp(1.5))
    expect(update.pass).toBe(true)
    expect(update.message()).toMatch(/^toMatchBaseline: updated the baseline/)
    expect(JSON.parse(readFileSync(file(), 'utf8')).entries['checkout > p95'].quantiles.p95).toBe(1425)
  })

  test('in CI (update "none") a missing baseline fails and is not written', async () => {
    const result = await toMatchBaseline.call(context('none'), ramp())
    expect(result.pass).toBe(false)
    expect(result.message()).toMatch(/no baseline "checkout > p95" in .* Run the test locally \(or with -u\) to record it, then commit the file\./)
    expect(existsSync(file())).toBe(false)
    expect(recorded).toMatchObject([{ passed: false, verdicts: [] }])
  })

  test('names tell apart several baselines in one test', async () => {
    await toMatchBaseline.call(context('new'), ramp(), { name: 'read' })
    await toMatchBaseline.call(context('new'), ramp(2), { name: 'write' })
    expect(Object.keys(JSON.parse(readFileSync(file(), 'utf8')).entries)).toEqual(['checkout > p95 › read', 'checkout > p95 › write'])
  })

  test('rejects a bad tolerance before measuring', async () => {
    await expect(toMatchBaseline.call(context('new'), ramp(), { tolerance: -1 })).rejects.toMatchObject({ code: 'PERFGATE_ERR_INVALID_OPTION' })
    expect(existsSync(file())).toBe(false)
  })

  test('a saturated run is neither recorded nor judged against the baseline', async () => {
    const data = ramp().toJSON()
    const saturated = measurementOf({ ...data, facts: { ...data.facts, saturation: { saturated: true, reasons: ['event-loop delay p99 120 ms'] } } })
    const refused = await toMatchBaseline.call(context('new'), saturated)
    expect(refused.pass).toBe(false)
    expect(refused.message()).toMatch(/not recording "checkout > p95": the load generator was saturated \(event-loop delay p99 120 ms\)/)
    expect(existsSync(file())).toBe(false)

    await toMatchBaseline.call(context('new'), ramp())
    const judged = await toMatchBaseline.call(context('none'), saturated)
    expect(judged.pass).toBe(false)
    expect(recorded.at(-1)?.verdicts.map((v) => v.reason)).toEqual(['generator-saturated', 'generator-saturated', 'generator-saturated'])
  })

  test('.not treats a change within noise like every other matcher: it fails neither form', async () => {
    await toMatchBaseline.call(context('new'), ramp())
    const negated = await toMatchBaseline.call(context('none', { isNot: true }), ramp(1.08))
    // The runner inverts pass for .not: false here means the .not assertion holds.
    expect(negated.pass).toBe(false)
  })
})
