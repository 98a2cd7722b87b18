import type { ReserveStrategy } from '../authorizations/reserveStrategy.ts'
import { unlockedReserve } from './unlockedReserve.ts'

/**
 * BROKEN ON PURPOSE. Computes the new scheduled_units from a stale READ COMMITTED read and writes
 * it as an absolute value, while writing the ledger row correctly: concurrent reservations
 * overwrite each other, so the counters stay within bounds and look fine but end up lower than
 * the ledger says. Only a ledger reconciliation catches it.
 */
export function staleCounterLostUpdate({ raceWindowMs = 20 }: { raceWindowMs?: number } = {}): ReserveStrategy {
  return unlockedReserve({
    name: 'canary:stale-counter-lost-update',
    raceWindowMs,
    setScheduledUnits: '$4',
    writtenUnits: (row, units) => row.scheduled_units + units,
  })
}
