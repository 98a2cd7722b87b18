import type { PerfResults } from './results.ts'
import { verdictRows, type VerdictRow } from './rows.ts'

const COLUMNS: ReadonlyArray<[header: string, cell: (row: VerdictRow) => string, align: 'left' | 'right']> = [
  ['test', (r) => r.test, 'left'],
  ['metric', (r) => r.metric, 'left'],
  ['limit', (r) => r.limit, 'right'],
  ['measured', (r) => r.measured, 'right'],
  ['margin', (r) => r.margin, 'right'],
  ['samples', (r) => r.samples, 'right'],
  ['verdict', (r) => r.verdict, 'left'],
]

/** Longest test name shown before it is cut with '…'. */
const MAX_TEST_WIDTH = 60

/**
 * The console table printed after a run: one line per verdict, then the GO / NO-GO line.
 * Empty string when no test made a perfgate assertion.
 */
export function renderTable(results: PerfResults): string {
  const rows = verdictRows(results)
  if (rows.length === 0) return ''
  const cells = rows.map((row) => COLUMNS.map(([, cell], i) => (i === 0 ? clip(cell(row)) : cell(row))))
  const widths = COLUMNS.map(([header], i) => Math.max(header.length, ...cells.map((line) => line[i]!.length)))
  const format = (line: readonly string[]): string =>
    line
      .map((text, i) => (COLUMNS[i]![2] === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  const header = format(COLUMNS.map(([name]) => name))
  return [
    'perfgate',
    header,
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...cells.map(format),
    '',
    outcomeLine(results),
  ].join('\n')
}

/** 'GO: 4 passed (1 marginal), 0 failed, 1 inconclusive' or the NO-GO form. */
export function outcomeLine(results: PerfResults): string {
  const t = results.totals
  const marginal = t.marginal ? ` (${t.marginal} marginal)` : ''
  return `${results.outcome}: ${t.passed} passed${marginal}, ${t.failed} failed, ${t.inconclusive} inconclusive`
}

function clip(text: string): string {
  return text.length <= MAX_TEST_WIDTH ? text : `${text.slice(0, MAX_TEST_WIDTH - 1)}…`
}
