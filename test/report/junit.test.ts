import { describe, expect, test } from 'vitest'
import { renderJUnit } from '../../src/report/junit.ts'
import { sampleResults } from './sampleResults.ts'

describe('renderJUnit', () => {
  test('groups tests by file with perfgate properties and a failure for the failed one', () => {
    const xml = renderJUnit(sampleResults())
    expect(xml.split('\n').slice(0, 4)).toEqual([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="perfgate" tests="2" failures="1">',
      '  <testsuite name="perf/api.perf.ts" tests="2" failures="1" skipped="0">',
      '    <testcase classname="perf/api.perf.ts" name="clinic API &gt; clinic mix meets the API SLA" file="perf/api.perf.ts">',
    ])
    expect(xml).toContain('<property name="perfgate.errorRate" value="0.004"/>')
    expect(xml).toContain('<property name="perfgate.errorRate.limit" value="0.01"/>')
    expect(xml.match(/<failure /g)).toHaveLength(1)
    expect(xml.endsWith('</testsuites>\n')).toBe(true)
  })

  test('numbers repeated metrics and escapes names, marks skipped tests', () => {
    const results = sampleResults()
    const test0 = results.tests[0]!
    test0.fullName = 'quotes " & <tags>'
    test0.state = 'skipped'
    test0.assertions.push(structuredClone(test0.assertions[0]!))
    const xml = renderJUnit(results)
    expect(xml).toContain('name="quotes &quot; &amp; &lt;tags&gt;"')
    expect(xml).toContain('<property name="perfgate.p95#2" value="559.399"/>')
    expect(xml).toContain('skipped="1"')
    expect(xml).toContain('      <skipped/>')
  })
})
