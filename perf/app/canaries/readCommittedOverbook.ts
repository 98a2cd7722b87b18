import type { ReserveStrategy } from '../authorizations/reserveStrategy.ts'
import { unlockedReserve } from './unlockedReserve.ts'

/**
 * BROKEN ON PURPOSE. Checks availability on an unlocked READ COMMITTED read, then adds the units
 * without checking again: concurrent reservations all pass the check and overbook
 * (used + scheduled > total). Its ledger stays consistent, so only the bounds check catches it.
 */
export function readCommittedOverbook({ raceWindowMs = 20 }: { raceWindowMs?: number } = {}): ReserveStrategy {
  return unlockedReserve({
    name: 'canary:read-committed-overbook',
    raceWindowMs,
    setScheduledUnits: 'scheduled_units + $4',
    writtenUnits: (_row, units) => units,
  })
}
