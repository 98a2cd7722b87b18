import type { ReservationDb } from './reservationDb.ts'
import { retrySerializable } from './serializableRetry.ts'
import type { RetryPolicy } from './serializableRetry.ts'
import { countersOf } from './unitsOutcome.ts'
import type { CounterRow, UnitsKind, UnitsOutcome, UnitsRequest } from './unitsOutcome.ts'

const CHANGE: Record<UnitsKind, { fits: string; set: string }> = {
  reserve: { fits: 'used_units + scheduled_units + $3 <= total_units', set: 'scheduled_units = scheduled_units + $3' },
  release: { fits: 'scheduled_units >= $3', set: 'scheduled_units = scheduled_units - $3' },
  consume: {
    fits: 'scheduled_units >= $3',
    set: 'scheduled_units = scheduled_units - $3, used_units = used_units + $3',
  },
}

/**
 * Reserves, releases or consumes units correctly: one SERIALIZABLE statement that checks, updates
 * by primary key and writes the ledger row (one round trip, so the transaction is as short as it
 * gets), retried on serialization failures. Reserve needs used + scheduled + units <= total;
 * release and consume need scheduled >= units (consume moves scheduled units to used).
 */
export async function applyUnits(
  db: ReservationDb,
  kind: UnitsKind,
  request: UnitsRequest,
  retry: RetryPolicy = {},
): Promise<UnitsOutcome> {
  const { fits, set } = CHANGE[kind]
  const { authorizationId, organizationId, practitionerId, units } = request
  const attempt = await retrySerializable(async () => {
    const changed = await db.serializable.query<CounterRow>(
      `WITH changed AS (
         UPDATE authorizations SET ${set}, updated_at = now()
          WHERE id = $1 AND organization_id = $2 AND ${fits}
         RETURNING id, total_units, used_units, scheduled_units
       ), ledger AS (
         INSERT INTO authorization_ledger (authorization_id, practitioner_id, kind, units)
         SELECT id, $4, $5, $3 FROM changed
       )
       SELECT * FROM changed`,
      [authorizationId, organizationId, units, practitionerId, kind],
    )
    if (changed.rows[0]) return { kind: 'applied' as const, counters: countersOf(changed.rows[0]) }
    // Nothing changed: say why, from a fresh read.
    const current = await db.serializable.query<CounterRow>(
      'SELECT id, total_units, used_units, scheduled_units FROM authorizations WHERE id = $1 AND organization_id = $2',
      [authorizationId, organizationId],
    )
    const row = current.rows[0]
    return row ? { kind: 'insufficient' as const, counters: countersOf(row) } : { kind: 'not-found' as const }
  }, retry)
  if (!attempt.ok) return { kind: 'retries-exhausted', retries: attempt.retries }
  return { ...attempt.value, retries: attempt.retries }
}
