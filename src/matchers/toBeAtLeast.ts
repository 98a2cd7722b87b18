import { PerfgateError } from '../errors/index.ts'
import { capacityResultProblem, describeStop, judgeCapacity, validateThreshold, type CapacityResult, type Verdict } from '../judge/index.ts'
import { formatNumber, formatValue } from '../judge/format.ts'
import { redactSecrets } from '../redact/index.ts'
import { verdictLine } from '../results/format.ts'
import { assertionPasses, type MatcherResult } from './assert.ts'
import { callSite, recordAssertion, type MatcherContext } from './record.ts'

/** Probes listed in a failure message, the last ones run. */
const SHOWN_PROBES = 12

async function toCapacity(received: unknown): Promise<CapacityResult> {
  const value: unknown = await received
  const problem = capacityResultProblem(value)
  if (problem) throw new PerfgateError('PERFGATE_ERR_INVALID_INPUT', `toBeAtLeast() expects what findCapacity() returns; ${problem}. Pass await findCapacity(target, { sla, from, to }).`)
  return value as CapacityResult
}

function probeLine(p: CapacityResult['probes'][number]): string {
  const ms = (value: number): string => (Number.isFinite(value) ? formatNumber(value) : '–')
  return `${formatNumber(p.rate).padStart(7)} req/s for ${formatNumber(p.durationMs / 1000)} s: ${formatNumber(p.achievedRps)} req/s achieved, p50 ${ms(p.p50)} · p95 ${ms(p.p95)} · p99 ${ms(p.p99)} ms, errors ${formatValue(p.errorRate, 'ratio')} → ${p.outcome}${p.outcome === 'met' ? '' : ` (${p.summary})`}`
}

function message(r: CapacityResult, floor: number, verdict: Verdict, negated: boolean): string {
  const lines = [
    negated
      ? `expect(capacity).not.toBeAtLeast(${floor}): expected the capacity to be shown below ${formatValue(floor, 'req/s')}, but it was not`
      : `expect(capacity).toBeAtLeast(${floor}): the capacity was not shown to reach ${formatValue(floor, 'req/s')}`,
    `  ${verdictLine(verdict)}`,
    `  search: ${r.source}, ${formatValue(r.from, 'req/s')} to ${formatValue(r.to, 'req/s')}; stopped: ${describeStop(r)}`,
    `  probes (${r.probes.length} in ${formatNumber(r.elapsedMs / 1000)} s):`,
    ...r.probes.slice(-SHOWN_PROBES).map((p) => `    ${probeLine(p)}`),
  ]
  if (verdict.status !== 'pass') lines.push(`  try: ${verdict.hint}`)
  return redactSecrets(lines.join('\n'))
}

/**
 * Passes when a capacity search showed, with confidence, a rate at or above `floor` (req/s) that
 * met its SLA. Fails when a rate at or below the floor clearly broke it. A floor within the
 * search's resolution warns without failing; a floor the search never reached, or one above where
 * the generator could push, fails both forms (there is nothing to judge it on).
 *
 * @example
 * await expect(await findCapacity(url, { sla: 'p95<200ms', from: 50, to: 2000 })).toBeAtLeast(800)
 */
export async function toBeAtLeast(this: MatcherContext, received: unknown, floor: number): Promise<MatcherResult> {
  const site = callSite(new Error().stack, this.testPath)
  validateThreshold({ stat: 'rps', min: floor })
  const result = await toCapacity(received)
  const verdict = judgeCapacity(result, floor)
  const negated = this.isNot === true
  const passed = assertionPasses([verdict], negated)
  const shown = result.probes.findLast((p) => p.rate === result.capacity) ?? result.probes.at(-1)
  // A search with no probe ran no load: its verdict is still reported, with no measurement.
  recordAssertion({ matcher: 'toBeAtLeast', negated, passed, verdicts: [verdict], ...(shown ? { measurement: shown.measurement } : {}), ...(site ? { location: site } : {}) }, this)
  return { pass: negated ? !passed : passed, message: () => message(result, floor, verdict, negated) }
}
