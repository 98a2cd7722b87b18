import { verdictLine } from '../results/format.ts'
import type { PerfResults, PerfTestResult } from './results.ts'

/**
 * JUnit XML for CI systems that read it: one `<testcase>` per test with perfgate assertions and
 * `<properties>` per verdict — `perfgate.verdict` (the test's overall pass/fail), then
 * `perfgate.<metric>` (measured), `.limit`, `.margin`, `.samples` and `.verdict` — plus
 * `perfgate.count`, `perfgate.errors` and `perfgate.rps` of each load measurement; an assertion on a
 * service's resources or on invariant checks has its verdicts only (`perfgate.rssMb`,
 * `perfgate.violations`). Several assertions on one metric in a test are numbered: `perfgate.p95`,
 * `perfgate.p95#2`. An assertion on a tag of a scenario mix names it before the metric:
 * `perfgate.GET /tasks/:id.p95`.
 */
export function renderJUnit(results: PerfResults): string {
  const byFile = new Map<string, PerfTestResult[]>()
  for (const test of results.tests) byFile.set(test.file, [...(byFile.get(test.file) ?? []), test])
  const failed = (t: PerfTestResult): boolean => t.assertions.some((a) => !a.passed)
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="perfgate" tests="${results.tests.length}" failures="${results.tests.filter(failed).length}">`,
  ]
  for (const [file, tests] of byFile) {
    lines.push(`  <testsuite name="${attr(file)}" tests="${tests.length}" failures="${tests.filter(failed).length}" skipped="${tests.filter((t) => t.state === 'skipped').length}">`)
    for (const test of tests) lines.push(...testCase(test, failed(test)))
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}

function testCase(test: PerfTestResult, failed: boolean): string[] {
  const properties: Array<[string, string | number]> = [['perfgate.verdict', failed ? 'fail' : 'pass']]
  const seen = new Map<string, number>()
  for (const assertion of test.assertions) {
    const m = assertion.measurement
    if (m) properties.push(['perfgate.count', m.count], ['perfgate.errors', m.errors], ['perfgate.rps', round(m.rps)])
    for (const v of assertion.verdicts) {
      const name = assertion.tag ? `${assertion.tag}.${v.metric}` : v.metric
      const n = (seen.get(name) ?? 0) + 1
      seen.set(name, n)
      const key = `perfgate.${name}${n > 1 ? `#${n}` : ''}`
      properties.push([key, round(v.measured)], [`${key}.limit`, round(v.limit)], [`${key}.margin`, round(v.margin)], [`${key}.samples`, v.samples], [`${key}.verdict`, v.status])
    }
  }
  const lines = [
    `    <testcase classname="${attr(test.file)}" name="${attr(test.fullName)}" file="${attr(test.file)}">`,
    '      <properties>',
    ...properties.map(([name, value]) => `        <property name="${attr(name)}" value="${attr(String(value))}"/>`),
    '      </properties>',
  ]
  if (test.state === 'skipped') lines.push('      <skipped/>')
  if (failed) {
    const failing = test.assertions.filter((a) => !a.passed)
    const text = failing.flatMap((a) => [`${a.negated ? 'not.' : ''}${a.matcher}${a.tag ? ` [${a.tag}]` : ''}`, ...a.verdicts.map((v) => `  ${verdictLine(v)}`)]).join('\n')
    const first = failing[0]?.verdicts.find((v) => v.status !== 'pass') ?? failing[0]?.verdicts[0]
    lines.push(`      <failure message="${attr(first?.summary ?? 'perfgate assertion failed')}" type="perfgate">${escapeText(text)}</failure>`)
  }
  lines.push('    </testcase>')
  return lines
}

function round(value: number): number | string {
  return Number.isFinite(value) ? Math.round(value * 1e4) / 1e4 : String(value)
}

function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

function attr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
}
