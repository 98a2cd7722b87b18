import { expect, test } from 'vitest'
import 'perfgate/vitest'
import type { CheckReport, InvariantRun } from 'perfgate'

/** An invariant run over 1.5 s: per check, how often it ran and how many violations it found. */
function run(checks: Record<string, { runs: number; violations: number; when?: CheckReport['when'] }>): InvariantRun {
  const reports = Object.fromEntries(
    Object.entries(checks).map(([name, c]): [string, CheckReport] => [
      name,
      { when: c.when ?? 'during', runs: c.runs, violatingRuns: c.violations, violations: c.violations, first: Array.from({ length: c.violations }, (_, i) => ({ check: name, detail: `used 24 > total 20 (#${i + 1})`, atMs: 60 + i * 10 })) },
    ]),
  )
  const failed = Object.keys(reports).filter((name) => reports[name]!.violations > 0)
  return { kind: 'invariants', durationMs: 1500, checks: reports, failed, violations: failed.reduce((sum, name) => sum + reports[name]!.violations, 0) }
}

const clean = run({ bounds: { runs: 386, violations: 0 }, history: { runs: 1, violations: 0, when: 'after' } })
const overbooked = run({ bounds: { runs: 386, violations: 27 }, history: { runs: 1, violations: 1, when: 'after' }, ledger: { runs: 386, violations: 0 } })

test('records one verdict, the violations found against none allowed, at the expect() call', async ({ task }) => {
  await expect({ result: undefined, run: clean }).toHaveNoViolations()
  const recorded = task.meta.perfgate?.[0]
  expect(recorded).toMatchObject({
    matcher: 'toHaveNoViolations',
    negated: false,
    passed: true,
    verdicts: [{ metric: 'violations', status: 'pass', bound: 'at-most', measured: 0, limit: 0, unit: 'count', margin: 0, samples: 387, summary: 'no violations in 2 checks (bounds 386×, history 1×) over 1.5 s' }],
  })
  // Against a limit of zero there is no headroom to call marginal.
  expect(recorded?.verdicts[0]?.marginal).toBeUndefined()
  expect(recorded?.measurement).toBeUndefined()
  expect(recorded?.location?.file).toMatch(/toHaveNoViolations\.test\.ts$/)
  expect(recorded?.location?.line).toBe(21)
})

test('violations are recorded as a failed verdict naming the checks that found them', async ({ task }) => {
  await expect(expect(overbooked).toHaveNoViolations()).rejects.toThrow(/28 violations in 2 of 3 checks/)
  expect(task.meta.perfgate?.[0]).toMatchObject({
    negated: false,
    passed: false,
    verdicts: [{ metric: 'violations', status: 'fail', measured: 28, limit: 0, margin: -28, samples: 773, summary: '28 violations in 2 of 3 checks over 1.5 s: bounds 27, history 1', hint: expect.stringMatching(/first violations/) }],
  })
})

test('.not is recorded negated: passing on a violation, failing when every check held', async ({ task }) => {
  await expect(overbooked).not.toHaveNoViolations()
  await expect(expect(clean).not.toHaveNoViolations()).rejects.toThrow(/expected a violation, but every check held/)
  expect(task.meta.perfgate?.map((a) => [a.negated, a.passed, a.verdicts.map((v) => `${v.metric}:${v.status}`)])).toEqual([
    [true, true, ['violations:fail']],
    [true, false, ['violations:pass']],
  ])
})

test('a check that never ran is inconclusive (no data) in both forms', async ({ task }) => {
  const idle = run({ bounds: { runs: 0, violations: 0 }, history: { runs: 1, violations: 0, when: 'after' } })
  await expect(expect(idle).toHaveNoViolations()).rejects.toThrow(/check bounds never ran/)
  await expect(expect(idle).not.toHaveNoViolations()).rejects.toThrow(/check bounds never ran/)
  expect(task.meta.perfgate?.map((a) => [a.negated, a.passed])).toEqual([[false, false], [true, false]])
  expect(task.meta.perfgate?.[0]?.verdicts[0]).toMatchObject({ status: 'inconclusive', reason: 'no-data', summary: 'no violations over 1.5 s; check bounds never ran', hint: 'make the work last longer than one check' })
})

test('a violation found fails, and satisfies .not, even when another check never ran', async ({ task }) => {
  const partly = run({ bounds: { runs: 0, violations: 0 }, ledger: { runs: 40, violations: 2 } })
  const message = await expect(partly).toHaveNoViolations().then(() => '', (error: Error) => error.message)
  expect(message).toMatch(/2 violations in 1 of 2 checks/)
  expect(message).toContain('never ran: bounds')
  await expect(partly).not.toHaveNoViolations()
  expect(task.meta.perfgate?.map((a) => [a.negated, a.passed, a.verdicts[0]?.status])).toEqual([
    [false, false, 'fail'],
    [true, true, 'fail'],
  ])
  expect(task.meta.perfgate?.[0]?.verdicts[0]?.summary).toBe('2 violations in 1 of 2 checks over 1.5 s: ledger 2; check bounds never ran')
})

test('a secret in a check name reaches neither the message nor the recorded verdict', async ({ task }) => {
  const leaky = run({ 'ledger token=s3cret': { runs: 10, violations: 2 } })
  const message = await expect(leaky).toHaveNoViolations().then(() => '', (error: Error) => error.message)
  expect(message).toContain('ledger token=***')
  expect(task.meta.perfgate?.[0]?.verdicts[0]?.summary).toBe('2 violations in 1 of 1 checks over 1.5 s: ledger token=*** 2')
  await expect(expect(run({ 'ledger token=s3cret': { runs: 0, violations: 0 } })).toHaveNoViolations()).rejects.toThrow('check ledger token=*** never ran')
  await expect(expect(run({ 'ledger token=s3cret': { runs: 3, violations: 0 } })).not.toHaveNoViolations()).rejects.toThrow('held (ledger token=*** 3×)')
  expect(JSON.stringify(task.meta.perfgate)).not.toContain('s3cret')
})
