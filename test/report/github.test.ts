import { describe, expect, test } from 'vitest'
import { annotations, escapeData, escapeProperty } from '../../src/report/github.ts'
import { sampleResults } from './sampleResults.ts'

describe('workflow command escaping', () => {
  test('escapes %, CR and LF in messages, and also : and , in properties', () => {
    expect(escapeData('50% of\r\nrequests: a, b')).toBe('50%25 of%0D%0Arequests: a, b')
    expect(escapeProperty('GET /tasks/:id, 50%\n')).toBe('GET /tasks/%3Aid%2C 50%25%0A')
  })
})

describe('annotations', () => {
  test('one ::error per failed verdict, at the assertion, rebased onto the workspace', () => {
    const lines = annotations(sampleResults(), (file) => `app/${file}`)
    expect(lines).toEqual([
      '::error file=app/perf/api.perf.ts,line=20,col=5,title=perfgate p95 FAIL – clinic API > task create under 300 ms::p95 559 ms > 300 ms — margin −86%25, 3,000 samples (toMeetP95)%0Atry: profile the slowest requests: compare with serviceTime (if present) to tell queueing from work, and check the spread over the timeline',
    ])
  })

  test('falls back to the spec file when the call site is unknown', () => {
    const results = sampleResults()
    delete results.tests[1]!.assertions[0]!.location
    expect(annotations(results)[0]).toMatch(/^::error file=perf\/api\.perf\.ts,title=perfgate p95 FAIL/)
  })
})
