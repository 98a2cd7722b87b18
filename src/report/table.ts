import type { PerfResults } from './results.ts'
import { anyTagged, verdictRows, type VerdictRow } from './rows.ts'

type Column = [header: string, cell: (row: VerdictRow) => string, align: 'left' | 'right']

const TEST: Column = ['test', (r) => r.test, 'left']
const ENDPOINT: Column = ['endpoint', (r) => r.tag, 'left']
const COLUMNS: readonly Column[] = [
  ['metric', (r) => r.metric, 'left'],
  ['limit', (r) => r.limit, 'right'],
  ['measured', (r) => r.measured, 'right'],
  ['margin', (r) => r.margin, 'right'],
  ['samples', (r) => r.samples, 'right'],
  ['verdict', (r) => r.verdict, 'left'],
]

/** Longest test name shown before it is shortened with '…'. */
const MAX_TEST_WIDTH = 60

/**
 * The console table printed after a run: one line per verdict, then the GO / NO-GO line; an
 * `endpoint` column names the tag of a scenario mix each verdict judged. Long test names keep the
 * part that tells them apart (see {@link shortenNames}). Empty string when no test made a perfgate assertion.
 */
export function renderTable(results: PerfResults): string {
  const rows = verdictRows(results)
  if (rows.length === 0) return ''
  const columns = [TEST, ...(anyTagged(rows) ? [ENDPOINT] : []), ...COLUMNS]
  const names = shortenNames(rows.map((r) => r.test), MAX_TEST_WIDTH)
  const cells = rows.map((row, r) => columns.map(([, cell], i) => (i === 0 ? names[r]! : cell(row))))
  const widths = columns.map(([header], i) => Math.max(header.length, ...cells.map((line) => line[i]!.length)))
  const format = (line: readonly string[]): string =>
    line
      .map((text, i) => (columns[i]![2] === 'right' ? text.padStart(widths[i]!) : text.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd()
  const header = format(columns.map(([name]) => name))
  return [
    'perfgate',
    header,
    widths.map((w) => '─'.repeat(w)).join('  '),
    ...cells.map(format),
    '',
    outcomeLine(results),
  ].join('\n')
}

/** 'GO: 4 passed (1 marginal), 0 failed, 1 inconclusive, 2 failed as .not expects' or the NO-GO form. */
export function outcomeLine(results: PerfResults): string {
  const t = results.totals
  const marginal = t.marginal ? ` (${t.marginal} marginal)` : ''
  const expected = t.expectedFails ? `, ${t.expectedFails} failed as .not expects` : ''
  return `${results.outcome}: ${t.passed} passed${marginal}, ${t.failed} failed, ${t.inconclusive} inconclusive${expected}`
}

/**
 * Test names of at most `max` characters that still tell the tests apart. A name that fits is
 * kept. A longer one first loses the leading words it shares with the other long names, cut at a
 * ' > ' or a space, then its describe titles (before the last ' > '), each marked '…'; what is still
 * too long keeps the start of the test's own title, cut at the end.
 *
 * @example
 * shortenNames(['clinic API traffic shapes (quick) > weighted endpoint mix at 200/s', 'clinic API traffic shapes (quick) > spike 30 → 600/s'], 40)
 * // ['…weighted endpoint mix at 200/s', '…spike 30 → 600/s']
 */
export function shortenNames(names: readonly string[], max: number): string[] {
  const long = [...new Set(names.filter((n) => n.length > max))]
  const shared = long.length > 1 ? sharedPrefix(long) : ''
  return names.map((name) => {
    if (name.length <= max) return name
    let rest = shared ? `…${name.slice(shared.length)}` : name
    const title = rest.lastIndexOf(' > ')
    if (rest.length > max && title >= 0) rest = `…${rest.slice(title + 3)}`
    return rest.length <= max ? rest : `${rest.slice(0, max - 1)}…`
  })
}

/** The longest common start of `names`, ending after a ' > ' or a space (whole words only). */
function sharedPrefix(names: readonly string[]): string {
  let end = 0
  const first = names[0]!
  while (end < first.length && names.every((n) => n[end] === first[end])) end++
  const common = first.slice(0, end)
  const cut = Math.max(common.lastIndexOf(' > ') + 3, common.lastIndexOf(' ') + 1)
  return cut >= 4 ? common.slice(0, cut) : ''
}
