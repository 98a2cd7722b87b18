import type { ReserveStrategy } from '../authorizations/reserveStrategy.ts'
import { countersOf } from '../authorizations/unitsOutcome.ts'
import type { CounterRow } from '../authorizations/unitsOutcome.ts'

/**
 * BROKEN ON PURPOSE. Checks availability on an unlocked READ COMMITTED read, then adds the units
 * without checking again: concurrent reservations all pass the check and overbook
 * (used + scheduled > total). The pause between the read and the write makes the race reliable.
 * Its ledger stays consistent, so only the bounds check catches it.
 */
export function readCommittedOverbook({ raceWindowMs = 20 }: { raceWindowMs?: number } = {}): ReserveStrategy {
  return {
    name: 'canary:read-committed-overbook',
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
           UPDATE authorizations SET scheduled_units = scheduled_units + $3, updated_at = now() WHERE id = $1
           RETURNING id, total_units, used_units, scheduled_units
         ), ledger AS (
           INSERT INTO authorization_ledger (authorization_id, practitioner_id, kind, units)
           SELECT id, $2, 'reserve', $3 FROM changed
         )
         SELECT * FROM changed`,
        [authorizationId, practitionerId, units],
      )
      return { kind: 'applied', counters: countersOf(written.rows[0]!), retries: 0 }
    },
  }
}
