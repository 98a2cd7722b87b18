import { applyUnits } from './applyUnits.ts'
import type { ReserveStrategy } from './reserveStrategy.ts'
import type { RetryPolicy } from './serializableRetry.ts'

/**
 * The correct reservation: SERIALIZABLE, index lookup by primary key, bounded jittered retries of
 * 40001/40P01, a ledger row per reservation. The clinic's default.
 *
 * @example
 * await startClinic({ databaseUrl, redisUrl, reserve: serializableReserve({ retry: { maxRetries: 5 } }) })
 */
export function serializableReserve({ retry }: { retry?: RetryPolicy } = {}): ReserveStrategy {
  return {
    name: 'serializable',
    reserve: (db, request) => applyUnits(db, 'reserve', request, retry),
  }
}
