import type { Pool } from 'pg'
import type { UnitsOutcome, UnitsRequest } from './unitsOutcome.ts'

/**
 * How the clinic reserves units on an authorization. The correct one is `serializableReserve()`;
 * perf/app/canaries holds deliberately broken ones that the perf specs must catch.
 */
export interface ReserveStrategy {
  readonly name: string
  reserve(pool: Pool, request: UnitsRequest): Promise<UnitsOutcome>
}
