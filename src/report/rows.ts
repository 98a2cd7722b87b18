import { formatNumber, formatValue } from '../judge/format.ts'
import { failsTest, type JudgedVerdict } from '../judge/verdict.ts'
import { baselineNote, type JudgedAssertion } from '../results/assertion.ts'
import { verdictMargin } from '../results/format.ts'
import type { PerfResults } from './results.ts'

/** How loudly a verdict should be shown: `error` fails the gate, `warning` deserves a look. */
export type Severity = 'error' | 'warning' | 'ok'

/** One verdict of one assertion, formatted for tables and annotations. */
export interface VerdictRow {
  test: string
  /** The tag (endpoint of a scenario mix) the assertion judged; '' for a whole run. */
  tag: string
  file: string
  matcher: string
  metric: string
  /** '<= 500 ms', '>= 1,000 req/s', '<= 2,048 MB' or '<= 0' (violations). */
  limit: string
  measured: string
  margin: string
  samples: string
  /** 'pass', 'pass (marginal)', 'FAIL', 'within noise', 'INCONCLUSIVE: too-few-samples'. */
  verdict: string
  severity: Severity
  summary: string
  hint?: string
  location?: JudgedAssertion['location']
}

/** Flattens results into one row per verdict, in file and test order. */
export function verdictRows(results: Pick<PerfResults, 'tests'>): VerdictRow[] {
  return results.tests.flatMap((test) =>
    test.assertions.flatMap((assertion) => {
      const note = baselineNote(assertion)
      if (note) return [noteRow(test.fullName, test.file, assertion, note)]
      return assertion.verdicts.map((v) => ({
        test: test.fullName,
        tag: assertion.tag ?? '',
        file: test.file,
        matcher: `${assertion.negated ? 'not.' : ''}${assertion.matcher}`,
        metric: v.metric,
        limit: `${v.bound === 'at-most' ? '<=' : '>='} ${formatValue(v.limit, v.unit)}`,
        measured: formatValue(v.measured, v.unit),
        margin: verdictMargin(v),
        samples: formatNumber(v.samples),
        verdict: verdictLabel(v),
        severity: severityOf(v, assertion),
        summary: v.summary,
        ...(v.status !== 'pass' && v.hint ? { hint: v.hint } : {}),
        ...(assertion.location ? { location: assertion.location } : {}),
      }))
    }),
  )
}

/** An assertion with nothing judged: a baseline just written, or one missing where none may be written. */
function noteRow(test: string, file: string, assertion: JudgedAssertion, note: 'recorded' | 'missing'): VerdictRow {
  const m = assertion.measurement
  const missing = note === 'missing'
  return {
    test,
    tag: assertion.tag ?? '',
    file,
    matcher: assertion.matcher,
    metric: 'baseline',
    limit: '—',
    measured: m ? `p95 ${formatValue(m.latency.p95, 'ms')}` : '—',
    margin: '—',
    samples: m ? formatNumber(m.count) : '—',
    verdict: missing ? 'MISSING' : 'recorded',
    severity: missing ? 'error' : 'ok',
    summary: missing ? 'no baseline stored for this test; run it with -u to record one, and commit the file' : 'baseline recorded',
    ...(assertion.location ? { location: assertion.location } : {}),
  }
}

export function verdictLabel(v: JudgedVerdict): string {
  if (v.status === 'pass') return v.marginal ? 'pass (marginal)' : 'pass'
  if (v.status === 'fail') return 'FAIL'
  if (v.reason === 'within-noise') return 'within noise'
  if (v.reason === 'advisory') return 'advisory'
  return `INCONCLUSIVE: ${v.reason}`
}

function severityOf(v: JudgedVerdict, assertion: JudgedAssertion): Severity {
  const causedFailure = !assertion.passed && (assertion.negated || failsTest(v))
  if (causedFailure) return 'error'
  if (v.status === 'inconclusive' || v.marginal) return 'warning'
  return 'ok'
}

/** Whether any row judged a tag: tables then show an endpoint column. */
export function anyTagged(rows: readonly VerdictRow[]): boolean {
  return rows.some((r) => r.tag !== '')
}

/** 'GET /tasks/:id p95' or 'p95': what a row judged, besides its test. */
export function judgedOf(row: Pick<VerdictRow, 'tag' | 'metric'>): string {
  return row.tag ? `${row.tag} ${row.metric}` : row.metric
}
