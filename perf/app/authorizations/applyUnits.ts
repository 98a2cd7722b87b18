import type { Pool } from 'pg'
import { runSerializable } from './serializableRetry.ts'
import type { RetryPolicy } from './serializableRetry.ts'
import { countersOf } from './unitsOutcome.ts'
import type { CounterRow, UnitsKind, UnitsOutcome, UnitsRequest } from './unitsOutcome.ts'

export interface ApplyUnitsOptions {
  retry?: RetryPolicy
  /**
   * Keep the planner off sequential scans inside these transactions. On a table this small it
   * would pick one, and under SSI a sequential scan takes a relation-wide predicate lock, so every
   * two concurrent reservations conflict even on different authorizations. @default true
   */
  forceIndexScan?: boolean
}

const NEXT_COUNTERS: Record<UnitsKind, { fits: string; set: string }> = {
  reserve: { fits: 'used_units + scheduled_units + $3 <= total_units', set: 'scheduled_units = scheduled_units + $3' },
  release: { fits: 'scheduled_units >= $3', set: 'scheduled_units = scheduled_units - $3' },
  consume: {
    fits: 'scheduled_units >= $3',
    set: 'scheduled_units = scheduled_units - $3, used_units = used_units + $3',
  },
}

/**
 * Reserves, releases or consumes units correctly: SERIALIZABLE, primary-key lookups, one ledger
 * row per change, retried on serialization failures. Reserve needs used + scheduled + units <= total;
 * release and consume need scheduled >= units (consume moves scheduled units to used).
 */
export async function applyUnits(
  pool: Pool,
  kind: UnitsKind,
  request: UnitsRequest,
  { retry, forceIndexScan = true }: ApplyUnitsOptions = {},
): Promise<UnitsOutcome> {
  const { fits, set } = NEXT_COUNTERS[kind]
  const { authorizationId, organizationId, practitionerId, units } = request
  const attempt = await runSerializable(
    pool,
    async (client) => {
      const current = await client.query<CounterRow & { fits: boolean }>(
        `SELECT id, total_units, used_units, scheduled_units, ${fits} AS fits
           FROM authorizations WHERE id = $1 AND organization_id = $2`,
        [authorizationId, organizationId, units],
      )
      const row = current.rows[0]
      if (!row) return { kind: 'not-found' as const }
      if (!row.fits) return { kind: 'insufficient' as const, counters: countersOf(row) }
      const updated = await client.query<CounterRow>(
        `WITH changed AS (
           UPDATE authorizations SET ${set}, updated_at = now() WHERE id = $1
           RETURNING id, total_units, used_units, scheduled_units
         ), ledger AS (
           INSERT INTO authorization_ledger (authorization_id, practitioner_id, kind, units)
           SELECT id, $2, $4, $3 FROM changed
         )
         SELECT * FROM changed`,
        [authorizationId, practitionerId, units, kind],
      )
      return { kind: 'applied' as const, counters: countersOf(updated.rows[0]!) }
    },
    retry,
    forceIndexScan ? 'SET LOCAL enable_seqscan = off' : '',
  )
  if (!attempt.ok) return { kind: 'retries-exhausted', retries: attempt.retries }
  return { ...attempt.value, retries: attempt.retries }
}
