import { PerfgateError } from '../errors/index.ts'
import { formatValue } from '../judge/format.ts'
import { MARGINAL_MARGIN, type JudgedVerdict, type Verdict } from '../judge/verdict.ts'
import type { JudgedAssertion } from '../results/assertion.ts'
import { formatDelta } from './deltas.ts'
import { READABLE_RESULTS_SCHEMAS, type PerfResults } from './results.ts'
import { escapeHtml as h } from './html/escape.ts'
import { STYLE } from './html/style.ts'
import { verdictLabel } from './rows.ts'
import { markChanges, type ChangeMark } from './significance.ts'

type Metric = [name: string, unit: Verdict['unit'], pick: (m: NonNullable<JudgedAssertion['measurement']>) => number]

const METRICS: readonly Metric[] = [
  ['p50', 'ms', (m) => m.latency.p50],
  ['p95', 'ms', (m) => m.latency.p95],
  ['p99', 'ms', (m) => m.latency.p99],
  ['rps', 'req/s', (m) => m.rps],
  ['errorRate', 'ratio', (m) => m.errorRate],
]

interface Entry {
  test: string
  tag: string
  label: string
  assertion: PerfResults['tests'][number]['assertions'][number]
}

function entries(results: PerfResults): Map<string, Entry> {
  const map = new Map<string, Entry>()
  for (const test of results.tests) {
    test.assertions.forEach((assertion, i) => {
      const label = `${test.fullName}${assertion.tag ? ` [${assertion.tag}]` : ''} (${assertion.matcher}${test.assertions.length > 1 ? ` #${i + 1}` : ''})`
      map.set(`${test.file}\u0000${test.fullName}\u0000${i}\u0000${assertion.matcher}`, { test: test.fullName, tag: assertion.tag ?? '', label, assertion })
    })
  }
  return map
}

/** One assertion found in both files: its metrics before and after, marked by the judge. */
export interface ComparedAssertion {
  test: string
  tag: string
  label: string
  metrics: Array<{ name: string; unit: Verdict['unit']; before: number; after: number; mark?: ChangeMark }>
  verdictsBefore: string
  verdictsAfter: string
}

/** What changed between two results files, as data every rendering (text, markdown, HTML) shares. */
export interface Comparison {
  outcomes: [before: PerfResults['outcome'], after: PerfResults['outcome']]
  compared: ComparedAssertion[]
  added: string[]
  removed: string[]
}

/** Pairs the assertions of two results files and marks each latency change with the judge's statistics. */
export function compare(before: PerfResults, after: PerfResults): Comparison {
  const old = entries(before)
  const now = entries(after)
  const compared: ComparedAssertion[] = []
  for (const [key, entry] of now) {
    const previous = old.get(key)
    if (!previous) continue
    const marks = markChanges(previous.assertion, entry.assertion)
    // An assertion on no load measurement (resources, invariants) has only its verdicts to compare.
    const [was, is] = [previous.assertion.measurement, entry.assertion.measurement]
    const metrics = !was || !is ? [] : METRICS.flatMap(([name, unit, pick]) => {
      const a = pick(was)
      const b = pick(is)
      if (!Number.isFinite(a) || !Number.isFinite(b)) return []
      const mark = marks.find((m) => m.metric === name)
      return [{ name, unit, before: a, after: b, ...(mark ? { mark } : {}) }]
    })
    compared.push({
      test: entry.test,
      tag: entry.tag,
      label: entry.label,
      metrics,
      verdictsBefore: previous.assertion.verdicts.map((v) => `${v.metric} ${verdictLabel(v)}`).join(', '),
      verdictsAfter: entry.assertion.verdicts.map((v) => `${v.metric} ${verdictLabel(v)}`).join(', '),
    })
  }
  return {
    outcomes: [before.outcome, after.outcome],
    compared,
    added: [...now].filter(([key]) => !old.has(key)).map(([, e]) => e.label),
    removed: [...old].filter(([key]) => !now.has(key)).map(([, e]) => e.label),
  }
}

const MARK_TEXT: Record<ChangeMark['significance'], string> = { slower: 'slower, significant', faster: 'faster, significant', 'within-noise': 'within noise', 'not-judged': 'not judged' }

/** The text after a metric's change: the judge's mark, or nothing for files without intervals. */
function markText(mark: ChangeMark | undefined): string {
  if (!mark || (mark.significance === 'not-judged' && mark.detail.includes('older perfgate'))) return ''
  return `  ${MARK_TEXT[mark.significance]}`
}

/**
 * What changed between two perfgate results files: per assertion present in both, p50/p95/p99,
 * rps and error rate before → after, and verdicts that changed; then assertions only in one file.
 *
 * @example
 * compareResults(before, after)
 * // GET /tasks/:id > p95 (toMeetP95)
 * //   p95 312 → 268 ms (−14%)   verdicts: FAIL → pass
 */
export function compareResults(before: PerfResults, after: PerfResults): string {
  const c = compare(before, after)
  const lines = [`perfgate compare: ${c.outcomes[0]} → ${c.outcomes[1]}`]
  for (const entry of c.compared) {
    lines.push('', entry.label)
    for (const m of entry.metrics) lines.push(`  ${formatDelta(m.name, m.before, m.after, m.unit)}${markText(m.mark)}`)
    const { verdictsBefore: was, verdictsAfter: is } = entry
    lines.push(was === is ? `  verdicts: ${is || '—'}` : `  verdicts: ${was || '—'} → ${is || '—'}`)
  }
  if (c.added.length) lines.push('', 'only in the new results:', ...c.added.map((l) => `  ${l}`))
  if (c.removed.length) lines.push('', 'only in the old results:', ...c.removed.map((l) => `  ${l}`))
  return `${lines.join('\n')}\n`
}

const ICON: Record<ChangeMark['significance'], string> = { slower: '🔴 slower', faster: '🟢 faster', 'within-noise': '⚪ within noise', 'not-judged': 'not judged' }

/**
 * The comparison as markdown for a pull-request comment or `$GITHUB_STEP_SUMMARY`: one row per
 * latency statistic and per rate of each assertion in both files, the change, and whether the judge
 * calls it significant (its 95% intervals) or within noise.
 */
export function compareMarkdown(before: PerfResults, after: PerfResults): string {
  const c = compare(before, after)
  const slower = c.compared.flatMap((e) => e.metrics.filter((m) => m.mark?.significance === 'slower'))
  const faster = c.compared.flatMap((e) => e.metrics.filter((m) => m.mark?.significance === 'faster'))
  const lines = [
    `## perfgate compare: ${c.outcomes[0]} → ${c.outcomes[1]}`,
    '',
    `${slower.length} significantly slower, ${faster.length} significantly faster (95% confidence, the judge's order-statistic intervals of both runs); everything else is within noise or not judged.`,
    '',
    '| Test | Endpoint | Metric | Before | After | Change | Significance |',
    '|---|---|---|---:|---:|---:|---|',
  ]
  for (const e of c.compared) {
    for (const m of e.metrics) {
      const [from, to, change] = deltaCells(m.name, m.before, m.after, m.unit)
      const mark = m.mark ? (markText(m.mark) ? ICON[m.mark.significance] : 'not judged') : '—'
      lines.push(`| ${cell(e.test)} | ${cell(e.tag)} | ${m.name} | ${from} | ${to} | ${change} | ${mark} |`)
    }
  }
  const changed = c.compared.filter((e) => e.verdictsBefore !== e.verdictsAfter)
  if (changed.length) lines.push('', '**Verdicts that changed**', '', ...changed.map((e) => `- ${cell(e.label)}: ${cell(e.verdictsBefore || '—')} → ${cell(e.verdictsAfter || '—')}`))
  if (c.added.length) lines.push('', '**Only in the new results**', '', ...c.added.map((l) => `- ${cell(l)}`))
  if (c.removed.length) lines.push('', '**Only in the old results**', '', ...c.removed.map((l) => `- ${cell(l)}`))
  return `${lines.join('\n')}\n`
}

/**
 * The comparison as a self-contained HTML page (inline CSS, no script, light and dark): the same
 * table as {@link compareMarkdown}, each mark titled with the judge's sentence.
 */
export function compareHtml(before: PerfResults, after: PerfResults): string {
  const c = compare(before, after)
  const rows = c.compared.flatMap((e) =>
    e.metrics.map((m) => {
      const [from, to, change] = deltaCells(m.name, m.before, m.after, m.unit)
      const judged = m.mark && markText(m.mark) ? m.mark : undefined
      const cls = judged ? judged.significance : 'none'
      return `<tr class="${cls}"><td>${h(e.test)}</td><td>${h(e.tag)}</td><td>${m.name}</td><td class="num">${h(from)}</td><td class="num">${h(to)}</td><td class="num">${h(change)}</td><td class="mark" title="${h(m.mark?.detail ?? '')}">${judged ? MARK_TEXT[judged.significance] : m.mark ? 'not judged' : '—'}</td></tr>`
    }),
  )
  const list = (title: string, items: string[]): string => (items.length ? `<h2>${title}</h2><ul>${items.map((i) => `<li>${h(i)}</li>`).join('')}</ul>` : '')
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="color-scheme" content="light dark"><title>perfgate compare</title><style>${STYLE}
tr.slower td.mark { color: var(--bad); font-weight: 600; } tr.faster td.mark { color: var(--ok); font-weight: 600; } tr.within-noise td.mark { color: var(--muted); }</style></head>
<body>
<h1>perfgate compare <span class="outcome ${c.outcomes[1] === 'GO' ? 'go' : 'no-go'}">${c.outcomes[0]} → ${c.outcomes[1]}</span></h1>
<p class="meta">Significant: the 95% intervals of both runs (order statistics) put the change away from zero, as the judge's judgeChange decides; hover a mark for its sentence.</p>
<table class="compare"><thead><tr><th>Test</th><th>Endpoint</th><th>Metric</th><th class="num">Before</th><th class="num">After</th><th class="num">Change</th><th>Significance</th></tr></thead><tbody>
${rows.join('\n')}
</tbody></table>
${list('Verdicts that changed', c.compared.filter((e) => e.verdictsBefore !== e.verdictsAfter).map((e) => `${e.label}: ${e.verdictsBefore || '—'} → ${e.verdictsAfter || '—'}`))}
${list('Only in the new results', c.added)}
${list('Only in the old results', c.removed)}
</body></html>
`
}

/** ['312 ms', '268 ms', '−14%']: a metric's values before and after, and the relative change. */
function deltaCells(name: string, before: number, after: number, unit: Verdict['unit']): [string, string, string] {
  const change = /\(([^)]+)\)$/.exec(formatDelta(name, before, after, unit))?.[1] ?? ''
  return [formatValue(before, unit), formatValue(after, unit), change]
}

/** Markdown-safe table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\*/g, '\\*').replace(/\r?\n/g, ' ').replace(/</g, '&lt;')
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
  if (typeof results.schemaVersion !== 'number' || !READABLE_RESULTS_SCHEMAS.includes(results.schemaVersion)) {
    throw new PerfgateError(
      'PERFGATE_ERR_INVALID_RESULTS',
      `${name} has schemaVersion ${String(results.schemaVersion)}; this perfgate reads ${READABLE_RESULTS_SCHEMAS.join(' and ')}. Compare files written by the same perfgate version, or upgrade perfgate.`,
    )
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
  // The judge's own rule, which a file it wrote already follows: a no-op there. A verdict without a
  // threshold (resources, invariants) is newer than that rule and was marked when it was written.
  const marked = (v: JudgedVerdict): JudgedVerdict => (v.status === 'pass' && v.threshold && v.margin < MARGINAL_MARGIN ? { ...v, marginal: true } : v)
  return { ...assertion, verdicts: assertion.verdicts.map(marked) }
}
