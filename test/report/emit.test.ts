import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { emitReports } from '../../src/report/emit.ts'
import type { PerfResults } from '../../src/report/results.ts'
import { tempDir } from './runFixture.ts'
import { judgedResults } from './sampleResults.ts'

test("every output carries the verdicts on a service's resources and on invariant checks, and no secret", async () => {
  using out = tempDir('perfgate-emit-')
  const logged: string[] = []
  const options = { json: 'results.json', junit: 'junit.xml', html: 'report.html' }
  const judged = await judgedResults()
  // As if a matcher had forgotten to redact: the outputs must still keep the secret out.
  judged.tests[0]!.assertions[0]!.verdicts[0]!.summary += ' (Authorization: Bearer s3cret-raw-token)'
  emitReports(judged, options, { log: (text) => logged.push(text), env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: join(out.path, 'summary.md') }, root: out.path })
  const file = (name: string): string => readFileSync(join(out.path, name), 'utf8')

  const results = JSON.parse(file('results.json')) as PerfResults
  expect(results.tests.map((t) => t.assertions.map((a) => [a.matcher, a.passed, 'measurement' in a, a.verdicts.map((v) => `${v.metric}:${v.status}`)]))).toEqual([
    [['toStayWithin', false, false, ['cpu:pass', 'rssMb:fail', 'exited:fail']]],
    [['toHaveNoViolations', false, false, ['violations:fail']]],
  ])
  expect(results.tests[0]!.assertions[0]!.verdicts[1]).toMatchObject({ metric: 'rssMb', bound: 'at-most', measured: 180, limit: 150, unit: 'MB', margin: -0.2, samples: 9 })
  expect(results.tests[1]!.assertions[0]!.verdicts[0]).toMatchObject({ metric: 'violations', measured: 3, limit: 0, unit: 'count', summary: '3 violations in 1 of 2 checks over 1.5 s: overbooking token=*** 3' })

  expect(logged.join('\n')).toContain('payments > no overbooking under load  violations        <= 0          3      −3      121  FAIL')
  expect(logged.join('\n')).toContain('::error file=perf/payments.perf.ts,line=10,col=5,title=perfgate rssMb FAIL')
  expect(file('summary.md')).toContain('| ❌ | payments > no overbooking under load | violations | &lt;= 0 | 3 | −3 | 121 | FAIL |')

  const xml = file('junit.xml')
  expect(xml).toContain('<property name="perfgate.rssMb" value="180"/>')
  expect(xml).toContain('<property name="perfgate.rssMb.limit" value="150"/>')
  expect(xml).toContain('<property name="perfgate.violations" value="3"/>')
  expect(xml).toContain('<property name="perfgate.violations.verdict" value="fail"/>')
  // No load ran in these assertions: no request counts are made up for them.
  expect(xml).not.toContain('perfgate.count')
  expect(xml).toContain('  violations 3, limit &lt;= 0 (−3) FAIL')

  const html = file('report.html')
  expect(html).toContain('<td>rssMb</td><td class="num">&lt;= 150 MB</td><td class="num">180 MB</td>')
  expect(html).toContain('<h2>payments &gt; no overbooking under load <small>toHaveNoViolations</small></h2>')
  expect(html).toContain('<li class="fail">3 violations in 1 of 2 checks over 1.5 s: overbooking token=*** 3; try: ')

  for (const text of [...logged, file('results.json'), file('summary.md'), xml, html]) expect(text).not.toContain('s3cret')
})
