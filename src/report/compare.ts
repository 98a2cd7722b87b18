import { PerfgateError } from '../errors/index.ts'
import { MARGINAL_MARGIN, type Verdict } from '../judge/verdict.ts'
import type { JudgedAssertion } from '../results/assertion.ts'
import { proportionInterval } from '../judge/confidence.ts'
import { deltaNoise, formatDelta } from './deltas.ts'
import { RESULTS_SCHEMA_VERSION, type PerfResults } from './results.ts'
import { verdictLabel } from './rows.ts'

type Metric = [name: string, unit: Verdict['unit'], pick: (m: PerfResults['tests'][number]['assertions'][number]['measurement']) => number]

const METRICS: readonly Metric[] = [
  ['p50', 'ms', (m) => m.latency.p50],
  ['p95', 'ms', (m) => m.latency.p95],
  ['p99', 'ms', (m) => m.latency.p99],
  ['rps', 'req/s', (m) => m.rps],
  ['errorRate', 'ratio', (m) => m.errorRate],
]

interface Entry {
  test: string
  label: string
  assertion: PerfResults['tests'][number]['assertions'][number]
}

function entries(results: PerfResults): Map<string, Entry> {
  const map = new Map<string, Entry>()
  for (const test of results.tests) {
    test.assertions.forEach((assertion, i) => {
      const label = `${test.fullName} (${assertion.matcher}${test.assertions.length > 1 ? ` #${i + 1}` : ''})`
      map.set(`${test.file}\u0000${test.fullName}\u0000${i}\u0000${assertion.matcher}`, { test: test.fullName, label, assertion })
    })
  }
  return map
}

/**
 * What changed between two perfgate results files: per assertion present in both, p50/p95/p99,
 * rps and error rate before → after, each marked significant or within noise when both files hold
 * its 95% interval (percentiles: the judge's intervals the matchers recorded; error rate: Wilson's
 * from the counts), and verdicts that changed; then assertions only in one file.
 *
 * @example
 * compareResults(before, after)
 * // GET /tasks/:id > p95 (toMeetP95)
 * //   p95 312 → 268 ms (−14%), significant
 * //   verdicts: FAIL → pass
 */
export function compareResults(before: PerfResults, after: PerfResults): string {
  const old = entries(before)
  const now = entries(after)
  const lines = [`perfgate compare: ${before.outcome} → ${after.outcome}`]
  for (const [key, entry] of now) {
    const previous = old.get(key)
    if (!previous) continue
    lines.push('', entry.label)
    for (const [name, unit, pick] of METRICS) {
      const a = pick(previous.assertion.measurement)
      const b = pick(entry.assertion.measurement)
      if (!Number.isFinite(a) || !Number.isFinite(b)) continue
      lines.push(`  ${formatDelta(name, a, b, unit)}${deltaNoise(intervalOf(previous.assertion, name, a), intervalOf(entry.assertion, name, b))}`)
    }
    const was = previous.assertion.verdicts.map((v) => `${v.metric} ${verdictLabel(v)}`).join(', ')
    const is = entry.assertion.verdicts.map((v) => `${v.metric} ${verdictLabel(v)}`).join(', ')
    lines.push(was === is ? `  verdicts: ${is || '—'}` : `  verdicts: ${was || '—'} → ${is || '—'}`)
  }
  const added = [...now].filter(([key]) => !old.has(key)).map(([, e]) => e.label)
  const removed = [...old].filter(([key]) => !now.has(key)).map(([, e]) => e.label)
  if (added.length) lines.push('', 'only in the new results:', ...added.map((l) => `  ${l}`))
  if (removed.length) lines.push('', 'only in the old results:', ...removed.map((l) => `  ${l}`))
  return `${lines.join('\n')}\n`
}

/** Reads a results file's text, checking it is one this perfgate understands. */
export function parseResults(text: string, name: string): PerfResults {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new PerfgateError('PERFGATE_ERR_INVALID_RESULTS', `${name} is not JSON; pass files written by the perfgate reporter's { json } option.`, { cause: error })
  }
  const results = data as Partial<PerfResults>
  if (results?.tool !== 'perfgate' || !Array.isArray(results.tests)) {
    throw new PerfgateError('PERFGATE_ERR_INVALID_RESULTS', `${name} is not a perfgate results file; pass files written by the perfgate reporter's { json } option.`)
  }
  if (results.schemaVersion !== RESULTS_SCHEMA_VERSION) {
    throw new PerfgateError('PERFGATE_ERR_INVALID_RESULTS', `${name} has schemaVersion ${String(results.schemaVersion)}; this perfgate reads ${RESULTS_SCHEMA_VERSION}.`)
  }
  for (const test of results.tests) test.assertions = test.assertions.map(withExplicitOutcomes)
  return results as PerfResults
}

/**
 * A results file written before verdicts said `marginal` and baseline assertions said what they did
 * (both added within schema version 1): fills them in as that perfgate's reporters decided them.
 */
function withExplicitOutcomes(assertion: JudgedAssertion): JudgedAssertion {
  if (assertion.matcher === 'toMatchBaseline') {
    return assertion.baseline ? assertion : { ...assertion, baseline: assertion.verdicts.length ? 'compared' : assertion.passed ? 'recorded' : 'missing' }
  }
  // The judge's own rule, which a file it wrote already follows: a no-op there.
  const marked = (v: Verdict): Verdict => (v.status === 'pass' && v.margin < MARGINAL_MARGIN ? { ...v, marginal: true } : v)
  return { ...assertion, verdicts: assertion.verdicts.map(marked) }
}

/** A metric's value with its 95% interval, when the results file holds one. */
function intervalOf(assertion: JudgedAssertion, metric: string, measured: number): { measured: number; low?: number; high?: number } {
  if (metric === 'errorRate') {
    const m = assertion.measurement
    const { low, high } = proportionInterval(m.errors, m.count + m.errors)
    return m.count + m.errors > 0 ? { measured, low, high } : { measured }
  }
  const own = assertion.intervals?.[metric as 'p50' | 'p95' | 'p99']
  return own ? { measured, low: own.low, high: own.high } : { measured }
}
