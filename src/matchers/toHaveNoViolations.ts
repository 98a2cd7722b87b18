import { PerfgateError } from '../errors/index.ts'
import { formatNumber } from '../judge/format.ts'
import type { JudgedVerdict } from '../judge/verdict.ts'
import { invariantRunProblem, type InvariantRun } from '../invariants/violation.ts'
import { redactSecrets } from '../redact/index.ts'
import type { MatcherResult } from './assert.ts'
import { callSite, recordAssertion, type MatcherContext } from './record.ts'

/** Violations printed per failed check. */
const SHOWN = 5

async function toRun(received: unknown): Promise<InvariantRun> {
  const value: unknown = await received
  // `invariants().during()` answers { result, run }: take its run.
  const run = typeof value === 'object' && value !== null && 'run' in value ? (value as { run: unknown }).run : value
  const problem = invariantRunProblem(run)
  if (problem) throw new PerfgateError('PERFGATE_ERR_INVALID_INPUT', `toHaveNoViolations() expects what invariants(…).during() returns ({ result, run }, or its run); ${problem}.`)
  return run as InvariantRun
}

/**
 * What the reporters show: one verdict, the violations found against none allowed, naming the
 * checks that found them (a violation found fails it even if another check never ran); inconclusive
 * (no data) when none was found but a check never ran.
 */
function verdictOf(run: InvariantRun, unchecked: readonly string[]): JudgedVerdict {
  const names = Object.keys(run.checks)
  const runs = names.reduce((sum, name) => sum + run.checks[name]!.runs, 0)
  const over = `over ${formatNumber(run.durationMs / 1000)} s`
  // A limit of zero has no relative headroom: the margin is the count over it, as the judge's.
  const facts = { metric: 'violations', bound: 'at-most' as const, measured: run.violations, limit: 0, unit: 'count' as const, margin: run.violations === 0 ? 0 : -run.violations, samples: runs }
  // Check names come from the user: a name may hold a credential.
  const idle = unchecked.length ? `; check${unchecked.length > 1 ? 's' : ''} ${unchecked.join(', ')} never ran` : ''
  if (run.violations > 0) {
    const failed = run.failed.map((name) => `${name} ${formatNumber(run.checks[name]?.violations ?? 0)}`).join(', ')
    return {
      ...facts,
      status: 'fail',
      summary: redactSecrets(`${formatNumber(run.violations)} violation${run.violations === 1 ? '' : 's'} in ${run.failed.length} of ${names.length} checks ${over}: ${failed}${idle}`),
      hint: "the test's failure message lists each failed check's first violations and when they were seen",
    }
  }
  if (unchecked.length) {
    return { ...facts, status: 'inconclusive', reason: 'no-data', summary: redactSecrets(`no violations ${over}${idle}`), hint: 'make the work last longer than one check' }
  }
  return { ...facts, status: 'pass', summary: redactSecrets(`no violations in ${names.length} check${names.length === 1 ? '' : 's'} (${names.map((name) => `${name} ${formatNumber(run.checks[name]!.runs)}×`).join(', ')}) ${over}`) }
}

function message(run: InvariantRun, negated: boolean, unchecked: readonly string[]): string {
  const names = Object.keys(run.checks)
  const runs = names.map((name) => `${name} ${formatNumber(run.checks[name]!.runs)}×`).join(', ')
  if (negated) return redactSecrets(`expect(run).not.toHaveNoViolations(): expected a violation, but every check held (${runs}) over ${formatNumber(run.durationMs / 1000)} s`)
  const lines = [`expect(run).toHaveNoViolations(): ${formatNumber(run.violations)} violation${run.violations === 1 ? '' : 's'} in ${run.failed.length} of ${names.length} checks over ${formatNumber(run.durationMs / 1000)} s`]
  for (const name of run.failed) {
    const report = run.checks[name]
    if (report === undefined) continue
    const how = report.when === 'during' ? `checked ${formatNumber(report.runs)}× during the run, ${formatNumber(report.violatingRuns)} saw a violation` : 'checked after the run'
    lines.push(`  ${name} (${how}): ${formatNumber(report.violations)} violation${report.violations === 1 ? '' : 's'}${report.violations > SHOWN ? `, the first ${SHOWN}` : ''}`)
    for (const v of report.first.slice(0, SHOWN)) lines.push(`    at ${formatNumber(v.atMs / 1000)} s: ${v.detail}`)
  }
  const held = names.filter((name) => !run.failed.includes(name) && !unchecked.includes(name))
  if (held.length) lines.push(`  held: ${held.map((name) => `${name} (${formatNumber(run.checks[name]!.runs)}×)`).join(', ')}`)
  if (unchecked.length) lines.push(`  never ran: ${unchecked.join(', ')}`)
  return redactSecrets(lines.join('\n'))
}

/**
 * Passes when no invariant check found a violation, during the run or after it; the message
 * lists the first violations of each failed check, with when they were seen.
 *
 * @example
 * const { run } = await checks.during(() => load(target, { rate: 200, duration: '6s' }))
 * await expect(run).toHaveNoViolations()
 */
export async function toHaveNoViolations(this: MatcherContext, received: unknown): Promise<MatcherResult> {
  const site = callSite(new Error().stack, this.testPath)
  const run = await toRun(received)
  const clean = run.violations === 0
  const unchecked = Object.entries(run.checks).filter(([, report]) => report.runs === 0).map(([name]) => name)
  // No violation found while a check never ran proves nothing: it fails both forms. A violation
  // found is one, whatever another check did.
  const undecided = clean && unchecked.length > 0
  const negated = this.isNot === true
  const passed = !undecided && clean !== negated
  recordAssertion({ matcher: 'toHaveNoViolations', negated, passed, verdicts: [verdictOf(run, unchecked)], ...(site ? { location: site } : {}) }, this)
  if (undecided) {
    const never = `check${unchecked.length > 1 ? 's' : ''} ${unchecked.join(', ')} never ran, so ${unchecked.length > 1 ? 'they prove' : 'it proves'} nothing`
    return { pass: negated, message: () => redactSecrets(`expect(run).${negated ? 'not.' : ''}toHaveNoViolations(): ${never}: make the work last longer than one check.`) }
  }
  return { pass: clean, message: () => message(run, negated, unchecked) }
}
