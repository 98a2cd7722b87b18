import type { Pool } from 'pg'
import { checkAuthorizationIntegrity } from '../app/index.ts'
import type { SamplerResult } from './boundsSampler.ts'
import { durabilityViolations, historyViolations } from './history.ts'
import type { CounterValues, LedgerCount, Violation } from './history.ts'
import type { UnitsCall } from './unitsClient.ts'

/** Every check of a reservation run, each one's violations listed separately. */
export interface InvariantReport {
  /** used + scheduled <= total, at the end (the check the clinic teams ran after every test). */
  bounds: Violation[]
  /** The counters equal their ledger sums. */
  ledger: Violation[]
  /** The answers the clients received add up to the counters. */
  history: Violation[]
  /** Every acknowledged change has its ledger row, and nothing refused has one. */
  durability: Violation[]
  /** used + scheduled <= total on every read taken during the run. */
  sampler: Violation[]
}

/** The names of the checks that failed, e.g. `['ledger', 'history']`. */
export function failedChecks(report: InvariantReport): (keyof InvariantReport)[] {
  return (Object.keys(report) as (keyof InvariantReport)[]).filter((check) => report[check].length > 0)
}

/** Runs every check against the database after a run (read-only). `calls` is the clients' history. */
export async function checkInvariants(pool: Pool, calls: readonly UnitsCall[], sampled?: SamplerResult): Promise<InvariantReport> {
  const integrity = await checkAuthorizationIntegrity(pool)
  const counters = await pool.query<{ id: number; used_units: number; scheduled_units: number }>('SELECT id, used_units, scheduled_units FROM authorizations')
  const actual = new Map<number, CounterValues>(counters.rows.map((row) => [row.id, { usedUnits: row.used_units, scheduledUnits: row.scheduled_units }]))
  const ledger = await pool.query<LedgerCount>(
    `SELECT authorization_id AS "authorizationId", kind, units, count(*)::int AS rows FROM authorization_ledger GROUP BY 1, 2, 3`,
  )
  return {
    bounds: integrity.overbooked.map((row) => ({
      check: 'bounds',
      detail: `authorization ${row.id}: used ${row.usedUnits} + scheduled ${row.scheduledUnits} > total ${row.totalUnits}`,
    })),
    ledger: integrity.ledgerMismatches.map((row) => ({
      check: 'ledger',
      detail: `authorization ${row.id}: counters used ${row.usedUnits}, scheduled ${row.scheduledUnits}; ledger used ${row.ledgerUsedUnits}, scheduled ${row.ledgerScheduledUnits}`,
    })),
    history: historyViolations(calls, actual),
    durability: durabilityViolations(calls, ledger.rows),
    sampler: sampled?.violations ?? [],
  }
}
