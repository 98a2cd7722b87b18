import { describe, expect, test } from 'vitest'
import { annotations, escapeData, escapeProperty } from '../../src/report/github.ts'
import { judgedResults, sampleResults } from './sampleResults.ts'

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

  test("a service's resources and an invariant run are annotated like any verdict: the limit blown, the check that caught it", async () => {
    expect(annotations(await judgedResults())).toEqual([
      '::warning file=perf/payments.perf.ts,line=10,col=5,title=perfgate cpu pass (marginal) – payments > memory and CPU under load::CPU of the busiest second 1.9 cores <= 2 cores (+5.0%25) at 0 s — margin +5.0%25, 9 samples (toStayWithin)',
      '::error file=perf/payments.perf.ts,line=10,col=5,title=perfgate rssMb FAIL – payments > memory and CPU under load::peak resident memory 180 MB > 150 MB (−20%25) at 2 s — margin −20%25, 9 samples (toStayWithin)%0Atry: memory that grows with the load and is not given back is a leak: take heap snapshots before and after a run (node --heapsnapshot-signal), or raise the limit if the service needs it',
      '::error file=perf/payments.perf.ts,line=10,col=5,title=perfgate exited FAIL – payments > memory and CPU under load::service "payments password=***" (pid 4242) was not running at the end of the run (killed by SIGKILL) — margin −1, 9 samples (toStayWithin)%0Atry: see its output (svc.logTail())',
      "::error file=perf/payments.perf.ts,line=20,col=5,title=perfgate violations FAIL – payments > no overbooking under load::3 violations in 1 of 2 checks over 1.5 s: overbooking token=*** 3 — margin −3, 121 samples (toHaveNoViolations)%0Atry: the test's failure message lists each failed check's first violations and when they were seen",
    ])
  })

  test('falls back to the spec file when the call site is unknown', () => {
    const results = sampleResults()
    delete results.tests[1]!.assertions[0]!.location
    expect(annotations(results)[0]).toMatch(/^::error file=perf\/api\.perf\.ts,title=perfgate p95 FAIL/)
  })
})
