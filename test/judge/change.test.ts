import { describe, expect, test } from 'vitest'
import { fromSamples, judge } from 'perfgate'
import { judgeChange, type ChangeReference } from '../../src/judge/change.ts'
import { measurementOf } from '../../src/measure/index.ts'
import { baselineEntryOf } from '../../src/baseline/entry.ts'

// 1..n ms scaled: every statistic and interval is known exactly.
const ramp = (n: number, scale = 1) => fromSamples(Array.from({ length: n }, (_, i) => (i + 1) * scale))
// What a baseline of ramp(1000) keeps: each statistic with its 95% interval.
const reference: ChangeReference = { p50: { value: 500, low: 469, high: 531 }, p95: { value: 950, low: 936, high: 964 }, p99: { value: 990, low: 983, high: 996 } }
const outcome = (verdicts: ReturnType<typeof judgeChange>) => verdicts.map((v) => `${v.metric}:${v.status}${v.reason ? `:${v.reason}` : ''}`)

describe('judgeChange', () => {
  test('an unchanged run passes, and a pass against a change is never marginal', () => {
    const verdicts = judgeChange(ramp(1000), reference, 0.1)
    expect(outcome(verdicts)).toEqual(['p50:pass', 'p95:pass', 'p99:pass'])
    expect(verdicts[1]).toMatchObject({ measured: 950, limit: 1045, confidence: { level: 0.95, low: 936, high: 964 } })
    // Under 10% headroom, which judge() marks marginal against the same limit.
    expect(verdicts[1]!.margin).toBeLessThan(0.1)
    expect(judge(ramp(1000), { stat: 'p95', limitMs: 1045 }).marginal).toBe(true)
    expect(verdicts.map((v) => v.marginal)).toEqual([undefined, undefined, undefined])
  })

  test('a regression beyond the tolerance fails with a hint; one within noise is inconclusive with a reason', () => {
    const fail = judgeChange(ramp(1000, 1.5), reference, 0.1)
    // p99 of 1,000 samples rests on 10 samples above it: advisory (MIN_TAIL_SAMPLES), never the failure.
    expect(outcome(fail)).toEqual(['p50:fail', 'p95:fail', 'p99:inconclusive:advisory'])
    expect(fail[1]!.hint).toMatch(/update the baseline/)
    expect(outcome(judgeChange(ramp(1000, 1.08), reference, 0.1))).toEqual(['p50:inconclusive:within-noise', 'p95:inconclusive:within-noise', 'p99:pass'])
    // The tail's tight interval resolves a 12% slowdown the median's cannot, but on 10 samples above it only as advice.
    expect(outcome(judgeChange(ramp(1000, 1.12), reference, 0.1))).toEqual(['p50:inconclusive:within-noise', 'p95:inconclusive:within-noise', 'p99:inconclusive:advisory'])
  })

  test('too few samples and no data follow the judge: the tail needs what the judge needs', () => {
    // p50 needs 6 samples and p95 72 (minSamplesFor); p99 is not compared below its 368.
    expect(outcome(judgeChange(ramp(50), reference, 0.1))).toEqual(['p50:pass', 'p95:inconclusive:too-few-samples'])
    expect(outcome(judgeChange(fromSamples([]), reference, 0.1))).toEqual(['p50:inconclusive:no-data', 'p95:inconclusive:no-data'])
    expect(judgeChange(ramp(50), reference, 0.1)[1]).toMatchObject({ samples: 50, minSamples: 72, hint: 'collect as many samples as the baseline run did' })
  })

  test('judges only the statistics the reference has; a saturated run gets the judge\'s own answer', () => {
    expect(outcome(judgeChange(ramp(1000), { p95: reference.p95! }, 0.1))).toEqual(['p95:pass'])
    const data = ramp(1000).toJSON()
    const saturated = measurementOf({ ...data, facts: { ...data.facts, saturation: { saturated: true, reasons: ['schedule lag 300 ms'] } } })
    expect(outcome(judgeChange(saturated, reference, 0.1))).toEqual(['p50:inconclusive:generator-saturated', 'p95:inconclusive:generator-saturated', 'p99:inconclusive:generator-saturated'])
  })

  test('a baseline\'s run-to-run spread is a floor under the change: a move inside it is within noise', () => {
    // ramp(1000, 1.15): p95 +15%, which the order-statistic intervals alone call a regression.
    expect(outcome(judgeChange(ramp(1000, 1.15), { p95: reference.p95! }, 0.1))).toEqual(['p95:fail'])
    // Recorded over 3 runs whose p95 moved 5% from run to run: ±1.96·5%·√(1 + 1/3) = ±11% of 950 ms.
    const floored = judgeChange(ramp(1000, 1.15), { p95: reference.p95! }, 0.1, { runs: 3, spread: { p95: 0.05 }, samples: 3000 })
    expect(outcome(floored)).toEqual(['p95:inconclusive:within-noise'])
    expect(floored[0]!.summary).toMatch(/run-to-run spread \(±108 ms\)/)
    // A 50% slowdown is outside any such floor.
    expect(outcome(judgeChange(ramp(1000, 1.5), { p95: reference.p95! }, 0.1, { runs: 3, spread: { p95: 0.05 }, samples: 3000 }))).toEqual(['p95:fail'])
  })

  test('a change within noise says how many samples would decide it, and that many do', () => {
    // The same distribution at any size: n samples spread evenly over 1..1000 ms.
    const spread = (n: number, scale = 1) => fromSamples(Array.from({ length: n }, (_, i) => ((i + 1) * 1000 * scale) / n))
    const undecided = judgeChange(spread(1000, 1.11), baselineEntryOf(spread(1000)).intervals, 0.1)[1]!
    expect(undecided).toMatchObject({ metric: 'p95', reason: 'within-noise' })
    const needed = Number(/about ([\d,]+) samples per run/.exec(undecided.hint ?? '')?.[1]?.replaceAll(',', ''))
    expect(needed).toBeGreaterThan(1000)
    expect(needed).toBeLessThan(20_000)
    // That many, in the run and in the baseline, turn the same +11% into a fail; a fifth fewer do not: the estimate is close.
    expect(judgeChange(spread(needed, 1.11), baselineEntryOf(spread(needed)).intervals, 0.1)[1]).toMatchObject({ status: 'fail' })
    const fewer = Math.round(needed * 0.8)
    expect(judgeChange(spread(fewer, 1.11), baselineEntryOf(spread(fewer)).intervals, 0.1)[1]).toMatchObject({ reason: 'within-noise' })
    // A floor from the baseline's run-to-run spread does not shrink with samples, and the hint says so.
    const floored = judgeChange(spread(1000, 1.2), baselineEntryOf(spread(1000)).intervals, 0.1, { runs: 3, spread: { p95: 0.1 }, samples: 3000 })[1]!
    expect(floored.hint).toMatch(/record the baseline over more runs/)
  })
})
