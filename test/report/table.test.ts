import { describe, expect, test } from 'vitest'
import { buildResults } from '../../src/report/results.ts'
import { verdictRows } from '../../src/report/rows.ts'
import { renderStepSummary } from '../../src/report/stepSummary.ts'
import { outcomeLine, renderTable, shortenNames } from '../../src/report/table.ts'
import { judgedResults, sampleResults } from './sampleResults.ts'

describe('renderTable', () => {
  test('aligns one row per verdict and ends with the outcome', () => {
    expect(renderTable(sampleResults()).split('\n')).toEqual([
      'perfgate',
      'test                                       metric           limit  measured  margin  samples  verdict',
      '─────────────────────────────────────────  ─────────  ───────────  ────────  ──────  ───────  ───────',
      'clinic API > clinic mix meets the API SLA  p95          <= 700 ms    559 ms    +20%    3,000  pass',
      'clinic API > clinic mix meets the API SLA  p99        <= 1,000 ms    885 ms    +12%    3,000  pass',
      'clinic API > clinic mix meets the API SLA  errorRate     <= 1.00%     0.40%    +60%    3,012  pass',
      'clinic API > task create under 300 ms      p95          <= 300 ms    559 ms    −86%    3,000  FAIL',
      '',
      'NO-GO: 3 passed, 1 failed, 0 inconclusive',
    ])
  })

  test('shortens long names to the part that tells them apart: shared words, then describe titles, then the end', () => {
    const mix = 'clinic API traffic shapes (quick) > weighted endpoint mix at 200/s: every endpoint meets p95'
    const spike = 'clinic API traffic shapes (quick) > spike 30 → 600/s: errors < 5% through it, healthy after'
    expect(shortenNames([mix, spike, 'short one', mix], 60)).toEqual([
      '…weighted endpoint mix at 200/s: every endpoint meets p95',
      '…spike 30 → 600/s: errors < 5% through it, healthy after',
      'short one',
      '…weighted endpoint mix at 200/s: every endpoint meets p95',
    ])
    // One long name alone: its describe titles go first, then its end.
    expect(shortenNames([mix], 40)).toEqual(['…weighted endpoint mix at 200/s: every …'])
    expect(shortenNames(['a'.repeat(50)], 40)).toEqual([`${'a'.repeat(39)}…`])
  })

  test('cuts long test names and prints nothing without perf assertions', () => {
    const results = sampleResults()
    results.tests[0]!.fullName = 'x'.repeat(80)
    expect(renderTable(results).split('\n')[3]).toMatch(/^x{59}… {2}p95/)
    const empty = buildResults([], { root: '/', runner: 'vitest' })
    expect(renderTable(empty)).toBe('')
    expect(renderStepSummary(empty)).toBe('')
    expect(empty.outcome).toBe('GO')
  })
})

describe('outcomeLine', () => {
  test('a FAIL a `.not` assertion expects (a canary caught) is not counted as failed', () => {
    const sample = sampleResults()
    const failing = sample.tests[1]!
    const canary = { ...failing, state: 'passed' as const, assertions: failing.assertions.map((a) => ({ ...a, negated: true, passed: true })) }
    const results = buildResults([{ ...sample.tests[0]!, file: '/repo/a.ts' }, { ...canary, file: '/repo/b.ts' }], { root: '/repo', runner: 'vitest' })
    expect(results.outcome).toBe('GO')
    expect(results.totals).toMatchObject({ failed: 0, expectedFails: 1 })
    expect(outcomeLine(results)).toMatch(/^GO: \d+ passed, 0 failed, \d+ inconclusive, 1 failed as \.not expects$/)
    expect(outcomeLine(sample)).toMatch(/^NO-GO: .*1 failed, \d+ inconclusive$/)
  })
})

describe('verdictRows', () => {
  test('a baseline that may not be written in CI is an error row', () => {
    const results = sampleResults()
    results.tests[0]!.assertions = [{ ...results.tests[0]!.assertions[0]!, matcher: 'toMatchBaseline', passed: false, verdicts: [], baseline: 'missing' }]
    expect(verdictRows(results)[0]).toMatchObject({ metric: 'baseline', verdict: 'MISSING', severity: 'error', measured: 'p95 559 ms' })
  })

  test('step summary escapes pipes in cells', () => {
    const results = sampleResults()
    results.tests[0]!.fullName = 'a | b'
    expect(renderStepSummary(results)).toContain('| ✅ | a \\| b | p95 |')
  })
})

describe('assertions on no load measurement', () => {
  test('a row per verdict: each resource limit toStayWithin judged, and the violations toHaveNoViolations found', async () => {
    const results = await judgedResults()
    expect(renderTable(results).split('\n')).toEqual([
      'perfgate',
      'test                                  metric           limit   measured  margin  samples  verdict',
      '────────────────────────────────────  ──────────  ──────────  ─────────  ──────  ───────  ───────────────',
      'payments > memory and CPU under load  cpu         <= 2 cores  1.9 cores   +5.0%        9  pass (marginal)',
      'payments > memory and CPU under load  rssMb        <= 150 MB     180 MB    −20%        9  FAIL',
      'payments > memory and CPU under load  exited            <= 0          1      −1        9  FAIL',
      'payments > no overbooking under load  violations        <= 0          3      −3      121  FAIL',
      '',
      'NO-GO: 1 passed (1 marginal), 3 failed, 0 inconclusive',
    ])
    expect(results.totals).toMatchObject({ tests: 2, assertions: 2, verdicts: 4, passed: 1, marginal: 1, failed: 3, inconclusive: 0 })
  })

  test('the job summary shows them, with what to try for each failure and no secret', async () => {
    const summary = renderStepSummary(await judgedResults())
    expect(summary).toContain(
      [
        '| ⚠️ | payments > memory and CPU under load | cpu | &lt;= 2 cores | 1.9 cores | +5.0% | 9 | pass (marginal) |',
        '| ❌ | payments > memory and CPU under load | rssMb | &lt;= 150 MB | 180 MB | −20% | 9 | FAIL |',
        '| ❌ | payments > memory and CPU under load | exited | &lt;= 0 | 1 | −1 | 9 | FAIL |',
        '| ❌ | payments > no overbooking under load | violations | &lt;= 0 | 3 | −3 | 121 | FAIL |',
      ].join('\n'),
    )
    expect(summary).toContain('- **payments > memory and CPU under load** (rssMb): peak resident memory 180 MB > 150 MB (−20%) at 2 s. Try: memory that grows with the load')
    expect(summary).toContain('- **payments > memory and CPU under load** (exited): service "payments password=\\*\\*\\*" (pid 4242) was not running at the end of the run (killed by SIGKILL). Try: see its output (svc.logTail())')
    expect(summary).toContain('- **payments > no overbooking under load** (violations): 3 violations in 1 of 2 checks over 1.5 s: overbooking token=\\*\\*\\* 3. Try: ')
    expect(summary).not.toContain('s3cret')
  })
})
