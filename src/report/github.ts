import type { PerfResults } from './results.ts'
import { judgedOf, verdictRows, type VerdictRow } from './rows.ts'

/** Escapes a workflow command's message: `%`, CR and LF. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** Escapes a workflow command's property value: the message escapes plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}

/**
 * GitHub Actions annotations at each assertion's file and line: `::error` for a verdict that
 * failed its test, `::warning` for an inconclusive or marginal one (under 10% headroom). The title
 * names what was judged: the metric, after the endpoint when the assertion judged a tag of a mix.
 * `rebase` maps a root-relative path to the one GitHub expects (relative to the workspace).
 *
 * @example
 * ::error file=perf/api.perf.ts,line=12,col=5,title=perfgate p95 – GET /tasks::p95 612 ms > 500 ms (margin −22%, 1,000 samples)
 */
export function annotations(results: PerfResults, rebase: (file: string) => string = (file) => file): string[] {
  return verdictRows(results).flatMap((row) => (row.severity === 'ok' ? [] : [annotation(row, rebase)]))
}

function annotation(row: VerdictRow, rebase: (file: string) => string): string {
  const properties: string[] = []
  if (row.location) {
    properties.push(`file=${escapeProperty(rebase(row.location.file))}`, `line=${row.location.line}`, `col=${row.location.column}`)
  } else {
    properties.push(`file=${escapeProperty(rebase(row.file))}`)
  }
  properties.push(`title=${escapeProperty(`perfgate ${judgedOf(row)} ${row.verdict} – ${row.test}`)}`)
  const hint = row.hint ? `\ntry: ${row.hint}` : ''
  const message = `${row.summary} — margin ${row.margin}, ${row.samples} samples (${row.matcher})${hint}`
  return `::${row.severity} ${properties.join(',')}::${escapeData(message)}`
}
