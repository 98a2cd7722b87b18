import { describe, expect, test } from 'vitest'
import type { JudgedAssertion } from '../../src/results/assertion.ts'
import { formatDelta, indexMeasured, renderDeltas } from '../../src/report/deltas.ts'
import { PerfgateReporter } from '../../src/report/vitest.ts'
import { sampleResults } from './sampleResults.ts'

describe('formatDelta', () => {
  test('shows before → after with the relative change', () => {
    expect(formatDelta('p95', 312, 268, 'ms')).toBe('p95 312 → 268 ms (−14%)')
    expect(formatDelta('rps', 1000, 1050, 'req/s')).toBe('rps 1,000 → 1,050 req/s (+5.0%)')
    expect(formatDelta('errorRate', 0.01, 0.02, 'ratio')).toBe('errorRate 1 → 2% (+100%)')
    expect(formatDelta('errorRate', 0, 0.02, 'ratio')).toBe('errorRate 0 → 2% (new)')
  })
})

describe('renderDeltas', () => {
  test('lists each assertion in both runs; nothing without a previous run', () => {
    const before = sampleResults()
    const after = structuredClone(before)
    after.tests[1]!.assertions[0]!.verdicts[0]!.measured = 268
    expect(renderDeltas(undefined, indexMeasured(after))).toBe('')
    expect(renderDeltas(indexMeasured(before), indexMeasured(after)).split('\n')).toEqual([
      'perfgate: since the previous run',
      // Unchanged values, judged with their recorded 95% intervals: within noise.
      '  clinic API > clinic mix meets the API SLA: p95 559 → 559 ms (+0.0%), within noise',
      '  clinic API > clinic mix meets the API SLA: p99 885 → 885 ms (+0.0%), within noise',
      '  clinic API > clinic mix meets the API SLA: errorRate 0.398 → 0.398% (+0.0%), within noise',
      // A value edited outside its own interval carries no interval to judge by: no mark.
      '  clinic API > task create under 300 ms: p95 559 → 268 ms (−52%)',
    ])
  })
})

/** Just enough of Vitest's reported tasks for the reporter. */
function fakeRun(assertions: JudgedAssertion[]) {
  const testCase = { name: 'p95', fullName: 'GET /tasks > p95', meta: () => ({ perfgate: assertions }), result: () => ({ state: 'passed' }) }
  return [{ moduleId: '/repo/api.perf.ts', children: { allTests: () => [testCase][Symbol.iterator]() } }] as never
}

describe('PerfgateReporter in watch mode', () => {
  test('keeps the last results across re-runs and prints the change per assertion', () => {
    const logged: string[] = []
    const reporter = new PerfgateReporter({ githubActions: false })
    reporter.onInit({ config: { root: '/repo', watch: true }, logger: { log: (text: string) => logged.push(text) } } as never)
    const assertion = sampleResults().tests[1]!.assertions[0]!
    reporter.onTestRunEnd(fakeRun([assertion]))
    expect(logged[0]).not.toContain('since the previous run')
    const faster = structuredClone(assertion)
    faster.verdicts[0]!.measured = 312
    reporter.onTestRunEnd(fakeRun([faster]))
    expect(logged[1]).toMatch(/\n\nperfgate: since the previous run\n {2}GET \/tasks > p95: p95 559 → 312 ms \(−44%\)$/)
  })

  test('prints no deltas outside watch mode', () => {
    const logged: string[] = []
    const reporter = new PerfgateReporter({ githubActions: false })
    reporter.onInit({ config: { root: '/repo', watch: false }, logger: { log: (text: string) => logged.push(text) } } as never)
    const assertion = sampleResults().tests[1]!.assertions[0]!
    reporter.onTestRunEnd(fakeRun([assertion]))
    reporter.onTestRunEnd(fakeRun([assertion]))
    expect(logged.join('\n')).not.toContain('since the previous run')
  })
})
