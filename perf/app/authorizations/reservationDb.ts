import pg from 'pg'
import type { Pool } from 'pg'

/** The connections the reservation paths use. */
export interface ReservationDb {
  /** READ COMMITTED, as every other query of the clinic. */
  pool: Pool
  /** Every statement is its own SERIALIZABLE transaction (default_transaction_isolation). */
  serializable: Pool
}

export interface SerializablePoolOptions {
  /** @default 8 */
  poolSize?: number
  /**
   * Keep the planner off sequential scans. On a table as small as authorizations it would pick
   * one, and under SSI a sequential scan takes a relation-wide predicate lock: every two
   * concurrent reservations then conflict, even on different authorizations. @default true
   */
  forceIndexScan?: boolean
}

export function serializablePool(databaseUrl: string, { poolSize = 8, forceIndexScan = true }: SerializablePoolOptions = {}): Pool {
  const settings = ['-c default_transaction_isolation=serializable']
  if (forceIndexScan) settings.push('-c enable_seqscan=off')
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, options: settings.join(' ') })
  pool.on('error', () => {}) // an idle client's connection dropped; the pool replaces it
  return pool
}
