import type { ReserveStrategy } from '../authorizations/reserveStrategy.ts'
import { countersOf } from '../authorizations/unitsOutcome.ts'
import type { CounterRow } from '../authorizations/unitsOutcome.ts'

/**
 * BROKEN ON PURPOSE. Computes the new scheduled_units from a stale READ COMMITTED read and writes
 * it as an absolute value, while writing the ledger row correctly: concurrent reservations
 * overwrite each other, so the counters stay within bounds and look fine but end up lower than
 * the ledger says. Only a ledger reconciliation catches it.
 */
export function staleCounterLostUpdate({ raceWindowMs = 20 }: { raceWindowMs?: number } = {}): ReserveStrategy {
  return {
    name: 'canary:stale-counter-lost-update',
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
           UPDATE authorizations SET scheduled_units = $4, updated_at = now() WHERE id = $1
           RETURNING id, total_units, used_units, scheduled_units
         ), ledger AS (
           INSERT INTO authorization_ledger (authorization_id, practitioner_id, kind, units)
           SELECT id, $2, 'reserve', $3 FROM changed
         )
         SELECT * FROM changed`,
        [authorizationId, practitionerId, units, row.scheduled_units + units],
      )
      return { kind: 'applied', counters: countersOf(written.rows[0]!), retries: 0 }
    },
  }
}
