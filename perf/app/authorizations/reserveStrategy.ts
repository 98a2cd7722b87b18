import type { ReservationDb } from './reservationDb.ts'
import type { UnitsOutcome, UnitsRequest } from './unitsOutcome.ts'

/**
 * How the clinic reserves units on an authorization. The correct one is `serializableReserve()`;
 * perf/app/canaries holds deliberately broken ones that the perf specs must catch.
 */
export interface ReserveStrategy {
  readonly name: string
  reserve(db: ReservationDb, request: UnitsRequest): Promise<UnitsOutcome>
}
