import { describe, expect, test } from 'vitest'
import 'perfgate/vitest'
import { fromSamples, isPerfgateError, parseMeasurement, type PerfgateErrorCode } from 'perfgate'

// Careless inputs an audit fed perfgate: each must end at the edge with a coded error that names
// the field, never as a plain SyntaxError/TypeError or as NaN in a report.
const good = fromSamples([1, 2, 3], { durationMs: 1000, errors: { timeout: 1 } }).toJSON()

function codeOf(run: () => unknown): { code: PerfgateErrorCode | undefined; message: string } {
  try {
    run()
  } catch (error) {
    return { code: isPerfgateError(error) ? error.code : undefined, message: (error as Error).message }
  }
  return { code: undefined, message: 'did not throw' }
}

describe('parseMeasurement refuses junk with PERFGATE_ERR_INVALID_MEASUREMENT', () => {
  const cases: Array<[string, unknown, RegExp]> = [
    ['text that is not JSON', 'not json', /not JSON/],
    ['a v1 object without samplesMs', { ...good, latency: { kind: 'exact' } }, /'latency.samplesMs' must be an array/],
    ['empty facts', { ...good, facts: {} }, /'facts.coordinatedOmission'/],
    ['a count the samples do not back', { ...good, count: 1e6 }, /holds 3 samples, but 'count' is 1000000/],
    ['a fractional count', { ...good, count: 1.5 }, /'count' must be a whole number/],
    ['negative errors', { ...good, errors: -3 }, /'errors' must be a whole number >= 0, got -3/],
    ['errors by kind that do not add up', { ...good, errors: 5 }, /'errorsByKind' adds up to 1, but 'errors' is 5/],
    ['samples that are not numbers', { ...good, latency: { kind: 'exact', samplesMs: ['1', null, 'x'] } }, /'latency.samplesMs\[0\]' must be a finite latency/],
    ['a negative duration', { ...good, durationMs: -1 }, /'durationMs'/],
    ['a timeline point with a negative count', { ...good, timeline: [{ t: 0, count: -1, errors: 0, latencySumMs: 0, latencyMaxMs: 0 }] }, /'timeline\[0\]'.count/],
    ['a histogram whose buckets disagree with its count', { ...good, latency: { kind: 'histogram', buckets: [[1, 2]], count: 3, sumMs: 1, sumSquaresMs: 1, minMs: 0, maxMs: 1 } }, /buckets hold 2/],
    ['a bad sub-measurement', { ...good, byTag: { 'GET /x': { ...good, count: -1 } } }, /'byTag\["GET \/x"\]\.count'/],
  ]
  test.each(cases)('%s', (_, input, message) => {
    expect(codeOf(() => parseMeasurement(input))).toMatchObject({ code: 'PERFGATE_ERR_INVALID_MEASUREMENT', message: expect.stringMatching(message) })
  })

  test('a matcher handed such data answers with the same code instead of crashing', async () => {
    await expect(expect({ ...good, facts: {} }).toMeetP95(10)).rejects.toMatchObject({ code: 'PERFGATE_ERR_INVALID_MEASUREMENT' })
  })

  test('sound data still round-trips', () => {
    expect(parseMeasurement(JSON.stringify(good)).toJSON()).toEqual(good)
  })
})

describe('fromSamples refuses junk with PERFGATE_ERR_INVALID_INPUT', () => {
  const cases: Array<[string, () => unknown, RegExp]> = [
    ['a number instead of samples', () => fromSamples(5 as never), /samplesMs must be an array/],
    ['null samples', () => fromSamples(null as never), /samplesMs must be an array/],
    ['string samples', () => fromSamples(['1', null, 'x'] as never), /sample #0 is "1"/],
    ['a zero duration', () => fromSamples([1, 2], { durationMs: 0 }), /durationMs must be a positive number of ms, got 0/],
    ['a NaN duration', () => fromSamples([1, 2], { durationMs: Number.NaN }), /durationMs must be a positive number/],
    ['negative errors', () => fromSamples([1], { errors: -3 }), /errors must be non-negative whole numbers/],
    ['fractional errors by kind', () => fromSamples([1], { errors: { timeout: 1.5 } }), /errors must be non-negative whole numbers/],
    ['errors as text', () => fromSamples([1], { errors: 'many' as never }), /errors must be a count or counts by kind/],
    ['facts that would crash a matcher', () => fromSamples([1], { facts: { saturation: 3 } as never }), /'facts.saturation' must be/],
  ]
  test.each(cases)('%s', (_, run, message) => {
    expect(codeOf(run)).toMatchObject({ code: 'PERFGATE_ERR_INVALID_INPUT', message: expect.stringMatching(message) })
  })
})
