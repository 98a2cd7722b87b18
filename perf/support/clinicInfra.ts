import { postgres, redis } from 'perfgate/fixtures'
import type { StartedPostgres, StartedRedis } from 'perfgate/fixtures'
import { seedClinic } from '../app/index.ts'
import type { ClinicSeed } from '../app/index.ts'

export interface ClinicInfra extends AsyncDisposable {
  /** The seeded template's server: `db.url` is one copy, `db.clone()` gives more. */
  db: StartedPostgres
  cache: StartedRedis
  /** What was seeded: ids, classes and practitioner tokens. */
  clinic: ClinicSeed
  /** Stops Postgres and Redis (dropping every database they made). Idempotent. */
  close(): Promise<void>
}

/**
 * Postgres seeded with the clinic (the template every clone copies) and Redis, from perfgate's
 * fixtures: PERFGATE_POSTGRES_URL / PERFGATE_REDIS_URL when set, else a container or the embedded
 * default. Set-up time never counts in a measurement.
 */
export async function startClinicInfra({ tasks }: { tasks?: number } = {}): Promise<ClinicInfra> {
  let clinic: ClinicSeed | undefined
  const started = await Promise.allSettled([
    postgres({
      seed: async (client) => {
        clinic = await seedClinic(client, tasks === undefined ? {} : { tasks })
      },
    }),
    redis(),
  ])
  const [pgResult, redisResult] = started
  const close = async (): Promise<void> => {
    for (const result of started) if (result.status === 'fulfilled') await result.value.stop().catch(() => {})
  }
  if (pgResult.status === 'rejected' || redisResult.status === 'rejected' || !clinic) {
    await close()
    throw pgResult.status === 'rejected' ? pgResult.reason : redisResult.status === 'rejected' ? redisResult.reason : new Error('the clinic seed did not run')
  }
  return { db: pgResult.value, cache: redisResult.value, clinic, close, [Symbol.asyncDispose]: close }
}
