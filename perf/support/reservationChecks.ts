import { history, invariants, showRange, within } from 'perfgate'
import type { History, InvariantSampler, Op, OpOutcome } from 'perfgate'
import type { Pool } from 'pg'
import { checkAuthorizationIntegrity } from '../app/index.ts'
import type { OutcomeStatus, UnitsCall } from './unitsClient.ts'

/**
 * The overbooking checks of the clinic's reservations, on perfgate's invariants() and history():
 * what is specific to authorizations lives here, the scheduling, bounding, history ranges and the
 * toHaveNoViolations verdict are the framework's. Check names:
 * - `sampler` (during the run): used + scheduled <= total on every read of every authorization;
 * - `bounds` (after): the same at the end — the check the clinic teams ran after every test;
 * - `ledger` (after): the counters equal their ledger sums;
 * - `history` (after): the answers the clients received add up to the counters;
 * - `durability` (after): every acknowledged change has its ledger row, nothing refused has one.
 */
export type ReservationHistory = History<UnitsCall>

/** Jepsen's outcome of an answer: 200 happened, 409 and an exhausted retry (rolled back) did not, anything else may have. */
const OUTCOME: Record<OutcomeStatus, OpOutcome> = { applied: 'ok', insufficient: 'fail', exhausted: 'fail', indeterminate: 'info' }

export function reservationHistory(): ReservationHistory {
  return history<UnitsCall>()
}

/** Adds a call a client made to the history. */
export function recordCall(h: ReservationHistory, process: number, call: UnitsCall): UnitsCall {
  h.record({ process, outcome: OUTCOME[call.outcome], value: call, startMs: call.at, endMs: call.at + call.ms })
  return call
}

/** How a call moves each counter when it happened: reserve +u scheduled; release −u; consume −u scheduled, +u used. */
const scheduledDelta = (op: Op<UnitsCall>): number => (op.value.kind === 'reserve' ? op.value.units : -op.value.units)
const usedDelta = (op: Op<UnitsCall>): number => (op.value.kind === 'consume' ? op.value.units : 0)

/** The client-history cross-check (Jepsen's bank test, per authorization). */
async function historyCheck(pool: Pool, h: ReservationHistory): Promise<string[]> {
  const { rows } = await pool.query<{ id: number; used_units: number; scheduled_units: number }>('SELECT id, used_units, scheduled_units FROM authorizations')
  const actual = new Map(rows.map((row) => [row.id, row]))
  const scheduled = h.ranges((op) => op.value.id, scheduledDelta)
  const used = h.ranges((op) => op.value.id, usedDelta)
  const problems: string[] = []
  for (const [id, expectedScheduled] of scheduled) {
    const row = actual.get(id)
    const expectedUsed = used.get(id) ?? { min: 0, max: 0 }
    if (!row) problems.push(`authorization ${id}: clients changed it, but the database has no such row`)
    else if (!within(row.scheduled_units, expectedScheduled) || !within(row.used_units, expectedUsed)) {
      problems.push(`authorization ${id}: clients were told scheduled ${showRange(expectedScheduled)}, used ${showRange(expectedUsed)}; the database holds scheduled ${row.scheduled_units}, used ${row.used_units}`)
    }
  }
  return problems
}

/** Per authorization, kind and size: at least one ledger row per applied answer, at most one more per indeterminate one. */
async function durabilityCheck(pool: Pool, h: ReservationHistory): Promise<string[]> {
  const { rows } = await pool.query<{ key: string; rows: number }>(
    `SELECT authorization_id || '/' || kind || '/' || units AS key, count(*)::int AS rows FROM authorization_ledger GROUP BY 1`,
  )
  const found = new Map(rows.map((row) => [row.key, row.rows]))
  const expected = h.ranges((op) => `${op.value.id}/${op.value.kind}/${op.value.units}`, () => 1)
  const problems: string[] = []
  for (const key of new Set([...expected.keys(), ...found.keys()])) {
    const range = expected.get(key) ?? { min: 0, max: 0 }
    const n = found.get(key) ?? 0
    if (n < range.min) problems.push(`${key}: ${range.min} acknowledged, only ${n} in the ledger (lost)`)
    if (n > range.max) problems.push(`${key}: ${n} in the ledger, but at most ${range.max} could have been applied`)
  }
  return problems
}

/** used + scheduled <= total on every authorization, in one read (READ COMMITTED: one consistent snapshot). */
async function overbooked(pool: Pool): Promise<string[]> {
  const { rows } = await pool.query<{ id: number; total_units: number; used_units: number; scheduled_units: number }>(
    'SELECT id, total_units, used_units, scheduled_units FROM authorizations WHERE used_units + scheduled_units > total_units',
  )
  return rows.map((row) => `authorization ${row.id} held used ${row.used_units} + scheduled ${row.scheduled_units} > total ${row.total_units}`)
}

/**
 * Every check of a reservation run: `sampler` reads during it (Jepsen's bank test reads during
 * the run: an implementation that overbooks and later releases the excess is caught, though a
 * check at the end would pass it), the others once after it against `h`, the clients' history.
 */
export function reservationInvariants(pool: Pool, h: ReservationHistory): InvariantSampler {
  return invariants({
    during: { sampler: () => overbooked(pool) },
    after: {
      bounds: () => overbooked(pool),
      ledger: async () =>
        (await checkAuthorizationIntegrity(pool)).ledgerMismatches.map(
          (row) => `authorization ${row.id}: counters used ${row.usedUnits}, scheduled ${row.scheduledUnits}; ledger used ${row.ledgerUsedUnits}, scheduled ${row.ledgerScheduledUnits}`,
        ),
      history: () => historyCheck(pool, h),
      durability: () => durabilityCheck(pool, h),
    },
    interval: 5,
  })
}

/** Only the bounds, read during a load() run whose answers are not kept one by one. */
export function boundsDuringRun(pool: Pool): InvariantSampler {
  return invariants({ during: { sampler: () => overbooked(pool) }, interval: 5 })
}
