import { afterEach, expect, test } from 'vitest'
import { buildResults } from '../../src/report/results.ts'
import { verdictRows } from '../../src/report/rows.ts'
import { jestAssertionSink, readChannel, RESULTS_DIR_ENV } from '../../src/results/jestChannel.ts'
import { tempDir } from '../report/runFixture.ts'
import { judgedResults } from '../report/sampleResults.ts'

afterEach(() => {
  delete process.env[RESULTS_DIR_ENV]
})

test('assertions on resources and invariants reach the Jest reporter through the side channel as Vitest sees them', async () => {
  using dir = tempDir('perfgate-channel-')
  process.env[RESULTS_DIR_ENV] = dir.path
  const direct = await judgedResults()
  for (const t of direct.tests) {
    for (const assertion of t.assertions) {
      // As if a matcher had forgotten to redact: the channel file must still keep the secret out.
      const raw = { ...assertion, verdicts: assertion.verdicts.map((v) => ({ ...v, summary: `${v.summary} (Authorization: Bearer s3cret-raw-token)` })) }
      jestAssertionSink(raw, { testPath: `/repo/${t.file}`, currentTestName: t.fullName.replace(' > ', ' ') })
    }
  }
  const records = readChannel(dir.path)
  expect(records.map((r) => [r.testPath, r.testName, r.assertion.matcher])).toEqual([
    ['/repo/perf/payments.perf.ts', 'payments memory and CPU under load', 'toStayWithin'],
    ['/repo/perf/payments.perf.ts', 'payments no overbooking under load', 'toHaveNoViolations'],
  ])
  const viaJest = buildResults(
    direct.tests.map((t, i) => ({ ...t, file: records[i]!.testPath, assertions: [records[i]!.assertion] })),
    { root: '/repo', runner: 'jest' },
  )
  expect(verdictRows(viaJest)).toEqual(verdictRows(direct).map((row) => ({ ...row, summary: `${row.summary} (Authorization: ***)` })))
  expect(JSON.stringify(records)).not.toContain('s3cret')
})
