import type { PerfResults } from './results.ts'
import { outcomeLine } from './table.ts'
import { anyTagged, judgedOf, verdictRows, type Severity } from './rows.ts'

const ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', ok: '✅' }

/**
 * The markdown appended to `$GITHUB_STEP_SUMMARY`: a GO / NO-GO headline and one table row per
 * verdict, with an Endpoint column when a verdict judged a tag of a scenario mix. Empty when no test made a perfgate assertion.
 */
export function renderStepSummary(results: PerfResults): string {
  const rows = verdictRows(results)
  if (rows.length === 0) return ''
  const headline = results.outcome === 'GO' ? '## ✅ perfgate: GO' : '## ❌ perfgate: NO-GO'
  const tagged = anyTagged(rows)
  const lines = [
    headline,
    '',
    outcomeLine(results),
    '',
    `| | Test |${tagged ? ' Endpoint |' : ''} Metric | Limit | Measured | Margin | Samples | Verdict |`,
    `|---|---|${tagged ? '---|' : ''}---|---:|---:|---:|---:|---|`,
    ...rows.map((r) => `| ${ICON[r.severity]} | ${cell(r.test)} |${tagged ? ` ${cell(r.tag)} |` : ''} ${cell(r.metric)} | ${cell(r.limit)} | ${cell(r.measured)} | ${cell(r.margin)} | ${cell(r.samples)} | ${cell(r.verdict)} |`),
  ]
  const notes = rows.filter((r) => r.severity === 'error' && r.hint)
  if (notes.length) {
    lines.push('', ...notes.map((r) => `- **${cell(r.test)}** (${cell(judgedOf(r))}): ${cell(r.summary)}. Try: ${cell(r.hint!)}`))
  }
  return `${lines.join('\n')}\n`
}

/** Markdown-safe table cell: pipes and `*` escaped (a redacted `***` is not emphasis), newlines folded, `<` kept literal. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\*/g, '\\*').replace(/\r?\n/g, ' ').replace(/</g, '&lt;')
}
