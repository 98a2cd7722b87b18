import type { ClientBase, Pool } from 'pg'

export interface OverbookedAuthorization {
  id: number
  totalUnits: number
  usedUnits: number
  scheduledUnits: number
}

export interface LedgerMismatch {
  id: number
  usedUnits: number
  scheduledUnits: number
  ledgerUsedUnits: number
  ledgerScheduledUnits: number
}

export interface AuthorizationIntegrity {
  /** Authorizations where used + scheduled > total: the invariant the clinic teams checked after every test. */
  overbooked: OverbookedAuthorization[]
  /** Authorizations whose counters disagree with their ledger (lost updates hide here). */
  ledgerMismatches: LedgerMismatch[]
  /** True when both lists are empty. */
  ok: boolean
}

/**
 * Checks every authorization against its bounds and its ledger. Read-only; run it after a spec.
 *
 * @example
 * const integrity = await checkAuthorizationIntegrity(pool)
 * expect(integrity.overbooked).toEqual([])
 */
export async function checkAuthorizationIntegrity(db: Pool | ClientBase): Promise<AuthorizationIntegrity> {
  const overbooked = await db.query<OverbookedAuthorization>(
    `SELECT id, total_units AS "totalUnits", used_units AS "usedUnits", scheduled_units AS "scheduledUnits"
       FROM authorizations WHERE used_units + scheduled_units > total_units ORDER BY id`,
  )
  const mismatches = await db.query<LedgerMismatch>(
    `SELECT a.id, a.used_units AS "usedUnits", a.scheduled_units AS "scheduledUnits",
            coalesce(l.consumed, 0)::int AS "ledgerUsedUnits",
            coalesce(l.reserved - l.released - l.consumed, 0)::int AS "ledgerScheduledUnits"
       FROM authorizations a
       LEFT JOIN (
         SELECT authorization_id,
                coalesce(sum(units) FILTER (WHERE kind = 'reserve'), 0) AS reserved,
                coalesce(sum(units) FILTER (WHERE kind = 'release'), 0) AS released,
                coalesce(sum(units) FILTER (WHERE kind = 'consume'), 0) AS consumed
           FROM authorization_ledger GROUP BY authorization_id
       ) l ON l.authorization_id = a.id
      WHERE a.used_units <> coalesce(l.consumed, 0)
         OR a.scheduled_units <> coalesce(l.reserved - l.released - l.consumed, 0)
      ORDER BY a.id`,
  )
  return {
    overbooked: overbooked.rows,
    ledgerMismatches: mismatches.rows,
    ok: overbooked.rows.length === 0 && mismatches.rows.length === 0,
  }
}
