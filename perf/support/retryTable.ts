import type { UnitsCall, UnitsKind } from './unitsClient.ts'

/** Serialization retries and outcomes of one kind of call, as measured values. */
export interface RetryRow {
  kind: UnitsKind | 'all'
  requests: number
  applied: number
  insufficient: number
  /** Gave up after the clinic's retry budget (503). */
  exhausted: number
  indeterminate: number
  /** Serialization failures retried, summed over requests (x-retries). */
  retries: number
  /** Requests that needed at least one retry. */
  retried: number
  maxRetries: number
  p50Ms: number
  p95Ms: number
}

function nearestRank(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? 0 : sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!
}

export function retryRows(calls: readonly UnitsCall[]): RetryRow[] {
  const kinds: (UnitsKind | 'all')[] = ['reserve', 'release', 'consume', 'all']
  return kinds
    .map((kind) => {
      const of = kind === 'all' ? calls : calls.filter((call) => call.kind === kind)
      const ms = of.map((call) => call.ms).sort((a, b) => a - b)
      const count = (outcome: UnitsCall['outcome']): number => of.filter((call) => call.outcome === outcome).length
      return {
        kind,
        requests: of.length,
        applied: count('applied'),
        insufficient: count('insufficient'),
        exhausted: count('exhausted'),
        indeterminate: count('indeterminate'),
        retries: of.reduce((sum, call) => sum + call.retries, 0),
        retried: of.filter((call) => call.retries > 0).length,
        maxRetries: of.reduce((max, call) => Math.max(max, call.retries), 0),
        p50Ms: nearestRank(ms, 50),
        p95Ms: nearestRank(ms, 95),
      }
    })
    .filter((row) => row.requests > 0)
}

/** A short fixed-width table: outcomes, serialization retries and latencies side by side. */
export function retryTable(title: string, calls: readonly UnitsCall[]): string {
  const header = ['kind', 'requests', '200', '409', '503', 'indet.', 'retries', 'retried', 'max', 'p50 ms', 'p95 ms']
  const lines = retryRows(calls).map((row) => [
    row.kind, row.requests, row.applied, row.insufficient, row.exhausted, row.indeterminate,
    row.retries, row.retried, row.maxRetries, row.p50Ms.toFixed(1), row.p95Ms.toFixed(1),
  ].map(String))
  const widths = header.map((cell, i) => Math.max(cell.length, ...lines.map((line) => line[i]!.length)))
  const render = (cells: string[]): string => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')
  return [title, render(header), ...lines.map(render)].join('\n')
}
