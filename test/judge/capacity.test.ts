import { describe, expect, it } from 'vitest'
import { capacityResultProblem, describeCapacity, judgeCapacity, judgeProbe, type CapacityResult, type Threshold } from '../../src/judge/index.ts'
import { fromSamples } from '../../src/measure/index.ts'

const SLA: Threshold[] = [{ stat: 'p95', limitMs: 50 }, { stat: 'errorRate', max: 0.05 }]
/** `n` latencies spread evenly between `lowMs` and `highMs`. */
const spread = (n: number, lowMs: number, highMs: number): number[] => Array.from({ length: n }, (_, i) => lowMs + ((highMs - lowMs) * i) / (n - 1))

describe('judgeProbe', () => {
  it('meets a rate only when every threshold passes with confidence', () => {
    const probe = judgeProbe(fromSamples(spread(600, 4, 12), { durationMs: 3000 }), 200, SLA)
    expect(probe).toMatchObject({ rate: 200, outcome: 'met', achievedRps: 200, errorRate: 0 })
    expect(probe.p95).toBeCloseTo(11.6, 0)
    expect(probe.cause).toBeUndefined()
    expect(probe.measurement.count).toBe(600)
  })

  it('breaks a rate on a clear latency miss, saying which statistic and by how much', () => {
    const probe = judgeProbe(fromSamples(spread(600, 100, 300), { durationMs: 3000 }), 200, SLA)
    expect(probe.outcome).toBe('broke')
    expect(probe.cause).toMatchObject({ kind: 'latency', metric: 'p95', limitMs: 50 })
    if (probe.cause?.kind !== 'latency') throw new Error('not a latency cause')
    expect(probe.cause.overByMs).toBeCloseTo(probe.cause.measuredMs - 50, 6)
    expect(probe.cause.measuredMs).toBeGreaterThan(280)
  })

  it('breaks a rate on errors, with their kinds', () => {
    const probe = judgeProbe(fromSamples(spread(400, 4, 12), { durationMs: 3000, errors: { 'connection-refused': 200 } }), 200, SLA)
    expect(probe).toMatchObject({ outcome: 'broke', cause: { kind: 'errors', metric: 'errorRate', errorsByKind: { 'connection-refused': 200 } } })
  })

  it('says nothing of the service when the generator was saturated, and is undecided on too few samples', () => {
    const saturated = fromSamples(spread(600, 100, 300), { durationMs: 3000, facts: { saturation: { saturated: true, reasons: ['busy 99%'] } } })
    expect(judgeProbe(saturated, 900, SLA)).toMatchObject({ outcome: 'saturated' })
    expect(judgeProbe(saturated, 900, SLA)).not.toHaveProperty('cause')
    expect(judgeProbe(fromSamples(spread(20, 4, 12), { durationMs: 3000 }), 7, SLA).outcome).toBe('undecided')
  })
})

type Overrides = { [K in keyof CapacityResult]?: CapacityResult[K] | undefined }

function result(over: Overrides): CapacityResult {
  const probe = judgeProbe(fromSamples(spread(600, 4, 12), { durationMs: 3000 }), 400, SLA)
  const base = {
    kind: 'capacity' as const,
    source: 'GET http://127.0.0.1:3000/',
    thresholds: SLA,
    from: 100,
    to: 1600,
    resolution: 0.05,
    capacity: 400,
    breakingPoint: 420,
    cause: { kind: 'latency' as const, metric: 'p95', measuredMs: 130, limitMs: 50, overByMs: 80 },
    stop: 'resolved' as const,
    probes: [probe],
    elapsedMs: 20_000,
  }
  // An override of undefined removes the field, as findCapacity leaves out what it did not find.
  const facts = Object.fromEntries(Object.entries({ ...base, ...over }).filter(([, value]) => value !== undefined)) as Omit<CapacityResult, 'summary'>
  return { ...facts, summary: describeCapacity(facts) }
}

describe('judgeCapacity', () => {
  it('passes a floor at or under the capacity, and fails one a broken rate is under', () => {
    expect(judgeCapacity(result({}), 400)).toMatchObject({ status: 'pass', metric: 'capacity', measured: 400, limit: 400, unit: 'req/s', marginal: true })
    expect(judgeCapacity(result({}), 300)).toMatchObject({ status: 'pass', margin: 1 / 3 })
    const fail = judgeCapacity(result({ capacity: 200, breakingPoint: 250 }), 300)
    expect(fail.status).toBe('fail')
    expect(fail.summary).toBe('capacity 200 req/s < 300 req/s; 250 req/s broke the SLA: p95 130 ms over its limit 50 ms by 80 ms')
  })

  it('cannot decide a floor between the met and the broken rate, and warns without failing', () => {
    expect(judgeCapacity(result({}), 410)).toMatchObject({ status: 'inconclusive', reason: 'within-noise', confidence: { low: 400, high: 420 } })
  })

  it('cannot decide a floor where rates stayed undecided, and says so', () => {
    const undecided = result({ capacity: 400, breakingPoint: 480, undecided: [420, 440], stop: 'undecided' })
    expect(judgeCapacity(undecided, 450)).toMatchObject({ status: 'inconclusive', reason: 'within-noise', summary: expect.stringContaining('where 420 – 440 req/s (2 rates) stayed undecided') })
    expect(judgeCapacity(undecided, 500)).toMatchObject({ status: 'fail' })
    expect(undecided.summary).toContain('Stopped: 420 – 440 req/s (2 rates) stayed undecided after a longer repeat (the judge could not tell which side of the SLA they are on), between 400 req/s met and 480 req/s broken')
    // Undecided up to `to` with nothing broken: a floor past `to` was never tried.
    const top = result({ capacity: 400, breakingPoint: undefined, cause: undefined, to: 800, undecided: [800], stop: 'undecided' })
    expect(judgeCapacity(top, 600)).toMatchObject({ status: 'inconclusive', reason: 'within-noise' })
    expect(judgeCapacity(top, 900)).toMatchObject({ status: 'inconclusive', reason: 'no-data' })
  })

  it('never turns a saturated generator into a verdict on the service', () => {
    const saturated = result({ breakingPoint: undefined, cause: undefined, stop: 'generator-saturated', generatorLimitAt: 800 })
    const verdict = judgeCapacity(saturated, 1000)
    expect(verdict).toMatchObject({ status: 'inconclusive', reason: 'generator-saturated' })
    expect(verdict.summary).toContain('perfgate could not push further than 800 req/s')
    expect(saturated.summary).toContain('this is no breaking point')
  })

  it('has no data on a floor the search never reached', () => {
    const verdict = judgeCapacity(result({ capacity: 1600, breakingPoint: undefined, cause: undefined, stop: 'reached-to' }), 2000)
    expect(verdict).toMatchObject({ status: 'inconclusive', reason: 'no-data', hint: 'raise to above 2000' })
  })
})

describe('capacityResultProblem', () => {
  it('accepts a result and names what is wrong with anything else', () => {
    expect(capacityResultProblem(result({}))).toBeUndefined()
    expect(capacityResultProblem(fromSamples([1, 2, 3]))).toMatch(/no kind: 'capacity'/)
    expect(capacityResultProblem(null)).toBe('got null')
    expect(capacityResultProblem({ ...result({}), stop: 'tired' })).toMatch(/stop "tired" is not one of/)
  })
})
