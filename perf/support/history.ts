import type { UnitsCall } from './unitsClient.ts'

/** A broken promise found by one of the checks, as data: which check, and what it saw. */
export interface Violation {
  check: 'bounds' | 'ledger' | 'history' | 'durability' | 'sampler'
  detail: string
}

export interface CounterValues {
  usedUnits: number
  scheduledUnits: number
}

interface Range {
  min: number
  max: number
}

/**
 * What the database must hold for each authorization, given what the clients were told. Applied
 * answers count exactly; indeterminate ones (killed connections, timeouts) may or may not have
 * happened, so they widen the range. Starting from `initial` (zeros when not given).
 */
export function expectedCounters(calls: readonly UnitsCall[], initial: ReadonlyMap<number, CounterValues> = new Map()): Map<number, { used: Range; scheduled: Range }> {
  const expected = new Map<number, { used: Range; scheduled: Range }>()
  for (const call of calls) {
    let entry = expected.get(call.id)
    if (!entry) {
      const start = initial.get(call.id) ?? { usedUnits: 0, scheduledUnits: 0 }
      entry = { used: { min: start.usedUnits, max: start.usedUnits }, scheduled: { min: start.scheduledUnits, max: start.scheduledUnits } }
      expected.set(call.id, entry)
    }
    const { used, scheduled } = entry
    const u = call.units
    // How the call moves each counter when it happened: reserve +u scheduled; release -u; consume -u scheduled, +u used.
    const scheduledDelta = call.kind === 'reserve' ? u : -u
    const usedDelta = call.kind === 'consume' ? u : 0
    if (call.outcome === 'applied') {
      shift(scheduled, scheduledDelta, scheduledDelta)
      shift(used, usedDelta, usedDelta)
    } else if (call.outcome === 'indeterminate') {
      shift(scheduled, Math.min(0, scheduledDelta), Math.max(0, scheduledDelta))
      shift(used, 0, usedDelta)
    }
  }
  return expected
}

function shift(range: Range, min: number, max: number): void {
  range.min += min
  range.max += max
}

/**
 * The client-history cross-check: the acknowledgements clients received must add up to the
 * counters in the database (Jepsen's bank test, per authorization).
 */
export function historyViolations(calls: readonly UnitsCall[], actual: ReadonlyMap<number, CounterValues>, initial?: ReadonlyMap<number, CounterValues>): Violation[] {
  const violations: Violation[] = []
  for (const [id, { used, scheduled }] of expectedCounters(calls, initial)) {
    const row = actual.get(id)
    if (!row) {
      violations.push({ check: 'history', detail: `authorization ${id}: clients changed it, but the database has no such row` })
      continue
    }
    const within = (value: number, range: Range): boolean => value >= range.min && value <= range.max
    const show = (range: Range): string => (range.min === range.max ? String(range.min) : `${range.min}…${range.max}`)
    if (!within(row.scheduledUnits, scheduled) || !within(row.usedUnits, used)) {
      violations.push({
        check: 'history',
        detail: `authorization ${id}: clients were told scheduled ${show(scheduled)}, used ${show(used)}; the database holds scheduled ${row.scheduledUnits}, used ${row.usedUnits}`,
      })
    }
  }
  return violations
}

export interface LedgerCount {
  authorizationId: number
  kind: string
  units: number
  rows: number
}

/**
 * Nothing acknowledged is lost and nothing refused was written: per authorization, kind and size,
 * the ledger holds at least one row per applied answer and at most one more per indeterminate one.
 */
export function durabilityViolations(calls: readonly UnitsCall[], ledger: readonly LedgerCount[]): Violation[] {
  const key = (id: number, kind: string, units: number): string => `${id}/${kind}/${units}`
  const bounds = new Map<string, Range>()
  for (const call of calls) {
    if (call.outcome !== 'applied' && call.outcome !== 'indeterminate') continue
    const k = key(call.id, call.kind, call.units)
    const range = bounds.get(k) ?? { min: 0, max: 0 }
    range.max++
    if (call.outcome === 'applied') range.min++
    bounds.set(k, range)
  }
  const rows = new Map(ledger.map((row) => [key(row.authorizationId, row.kind, row.units), row.rows]))
  const violations: Violation[] = []
  for (const k of new Set([...bounds.keys(), ...rows.keys()])) {
    const range = bounds.get(k) ?? { min: 0, max: 0 }
    const found = rows.get(k) ?? 0
    if (found < range.min) violations.push({ check: 'durability', detail: `${k}: ${range.min} acknowledged, only ${found} in the ledger (lost)` })
    if (found > range.max) violations.push({ check: 'durability', detail: `${k}: ${found} in the ledger, but at most ${range.max} could have been applied` })
  }
  return violations
}
