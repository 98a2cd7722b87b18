import { describe, expect, test } from 'vitest'
import { isPerfgateError, parseThreshold, thresholdsFromSla, validateThreshold } from 'perfgate'

function codeAndMessage(fn: () => unknown): [string | undefined, string] {
  try {
    fn()
  } catch (error) {
    return [isPerfgateError(error) ? error.code : undefined, (error as Error).message]
  }
  return [undefined, 'did not throw']
}

describe('threshold validation', () => {
  test.each([
    ['a negative limit', { stat: 'p95', limitMs: -5 }, /p95 limit must be a positive, finite number of milliseconds; got -5/],
    ['NaN', { stat: 'p99', limitMs: Number.NaN }, /got NaN/],
    ['p > 100', { stat: 'percentile', p: 101, limitMs: 5 }, /p must be a number in \(0, 100\]/],
    ['p = 0', { stat: 'percentile', p: 0, limitMs: 5 }, /p must be a number in \(0, 100\]/],
    ['an unknown stat', { stat: 'p96', limitMs: 5 }, /Unknown threshold stat "p96". Use one of p50, p75/],
    ['rps = 0', { stat: 'rps', min: 0 }, /rps must be a positive, finite number/],
    ['rps < 0', { stat: 'rps', min: -10 }, /rps must be a positive/],
    ['errorRate as a percentage', { stat: 'errorRate', max: 5 }, /Did you mean 0.05/],
    ['not an object', 'p95<500', /must be an object/],
  ])('%s is a clear error with its code', (_name, input, message) => {
    const [code, text] = codeAndMessage(() => validateThreshold(input))
    expect(code).toBe('PERFGATE_ERR_INVALID_THRESHOLD')
    expect(text).toMatch(message)
  })

  test('valid thresholds come back as data', () => {
    expect(validateThreshold({ stat: 'p99.9', limitMs: 2000 })).toEqual({ stat: 'p99.9', limitMs: 2000 })
    expect(validateThreshold({ stat: 'errorRate', max: 0 })).toEqual({ stat: 'errorRate', max: 0 })
  })
})

describe('SLA objects', () => {
  test('every key becomes one threshold, in a stable order', () => {
    expect(thresholdsFromSla({ errorRate: 0.01, rps: 1000, p99: 1000, p95: 500 })).toEqual([
      { stat: 'p95', limitMs: 500 },
      { stat: 'p99', limitMs: 1000 },
      { stat: 'rps', min: 1000 },
      { stat: 'errorRate', max: 0.01 },
    ])
  })

  test('an unknown key names the ones to use', () => {
    const [code, text] = codeAndMessage(() => thresholdsFromSla({ p95: 500, latency: 3 }))
    expect(code).toBe('PERFGATE_ERR_INVALID_THRESHOLD')
    expect(text).toMatch(/Unknown SLA key 'latency'. Use p50, p75, p90, p95, p99, p99.9, mean, max, rps, errorRate/)
  })

  test('an empty SLA is an error', () => {
    expect(() => thresholdsFromSla({})).toThrow(/at least one limit/)
  })
})

describe('string sugar', () => {
  test.each([
    ['p95<500ms', { stat: 'p95', limitMs: 500 }],
    ['p(99.9) < 2s', { stat: 'p99.9', limitMs: 2000 }],
    ['p97<40', { stat: 'percentile', p: 97, limitMs: 40 }],
    ['rps>1000', { stat: 'rps', min: 1000 }],
    ['errorRate<1%', { stat: 'errorRate', max: 0.01 }],
    ['max<=5s', { stat: 'max', limitMs: 5000 }],
  ])('%s', (text, expected) => {
    expect(parseThreshold(text)).toEqual(expected)
  })

  test('a bound in the wrong direction says which way to write it', () => {
    expect(() => parseThreshold('rps<1000')).toThrow(/write 'rps>1000'/)
    expect(() => parseThreshold('p95>5ms')).toThrow(/write 'p95<5ms'/)
    expect(() => parseThreshold('fast please')).toThrow(/Write it like 'p95<500ms'/)
  })
})

describe('successRate', () => {
  test('is a lower bound on the successful fraction, in all three forms', () => {
    expect(validateThreshold({ stat: 'successRate', min: 0.95 })).toEqual({ stat: 'successRate', min: 0.95 })
    expect(thresholdsFromSla({ p95: 1000, successRate: 0.95 })).toEqual([{ stat: 'p95', limitMs: 1000 }, { stat: 'successRate', min: 0.95 }])
    expect(parseThreshold('successRate>95%')).toEqual({ stat: 'successRate', min: 0.95 })
    expect(codeAndMessage(() => parseThreshold('successRate<0.95'))[1]).toMatch(/successRate is a lower bound; write 'successRate>0.95'/)
    expect(codeAndMessage(() => validateThreshold({ stat: 'successRate', min: 95 }))).toEqual(['PERFGATE_ERR_INVALID_THRESHOLD', expect.stringMatching(/Did you mean 0.95/)])
  })
})
