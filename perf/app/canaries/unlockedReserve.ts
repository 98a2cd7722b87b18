import type { ReserveStrategy } from '../authorizations/reserveStrategy.ts'
import { countersOf } from '../authorizations/unitsOutcome.ts'
import type { CounterRow } from '../authorizations/unitsOutcome.ts'

export interface UnlockedReserveOptions {
  name: string
  /** Pause between the read and the write, which makes the race reliable. */
  raceWindowMs: number
  /** The SQL expression scheduled_units is set to; `$4` is `writtenUnits(row, units)`. */
  setScheduledUnits: string
  writtenUnits: (row: CounterRow, units: number) => number
}

/**
 * The shape both canaries share, BROKEN ON PURPOSE: availability is checked on an unlocked READ
 * COMMITTED read, then, after a pause, the counter is written without checking again, together with
 * a correct ledger row. How the counter is written decides how the canary breaks.
 */
export function unlockedReserve({ name, raceWindowMs, setScheduledUnits, writtenUnits }: UnlockedReserveOptions): ReserveStrategy {
  return {
    name,
    async reserve({ pool }, { authorizationId, organizationId, practitionerId, units }) {
      const read = await pool.query<CounterRow>(
        `SELECT id, total_units, used_units, scheduled_units FROM authorizations WHERE id = $1 AND organization_id = $2`,
        [authorizationId, organizationId],
      )
      const row = read.rows[0]
      if (!row) return { kind: 'not-found', retries: 0 }
      if (row.used_units + row.scheduled_units + units > row.total_units) {
        return { kind: 'insufficient', counters: countersOf(row), retries: 0 }
      }
      await new Promise((resolve) => setTimeout(resolve, raceWindowMs))
      const written = await pool.query<CounterRow>(
        `WITH changed AS (
           UPDATE authorizations SET scheduled_units = ${setScheduledUnits}, updated_at = now() WHERE id = $1
           RETURNING id, total_units, used_units, scheduled_units
         ), ledger AS (
           INSERT INTO authorization_ledger (authorization_id, practitioner_id, kind, units)
           SELECT id, $2, 'reserve', $3 FROM changed
         )
         SELECT * FROM changed`,
        [authorizationId, practitionerId, units, writtenUnits(row, units)],
      )
      return { kind: 'applied', counters: countersOf(written.rows[0]!), retries: 0 }
    },
  }
}
