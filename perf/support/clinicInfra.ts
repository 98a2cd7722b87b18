import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { postgres, redis } from 'perfgate/fixtures'
import type { StartedPostgres, StartedRedis } from 'perfgate/fixtures'
import { describeClinic, seedClinic } from '../app/index.ts'
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

const SEED_DIR = new URL('../app/seed/', import.meta.url)

/** What the clinic seed writes: its code and SQL, and the task count (the dataset is deterministic). */
function clinicSeedKey(tasks: number | undefined): string {
  const hash = createHash('sha256')
  for (const name of readdirSync(SEED_DIR).toSorted()) hash.update(name).update(readFileSync(new URL(name, SEED_DIR)))
  return `clinic tasks=${tasks ?? 'default'} code=${hash.digest('hex').slice(0, 12)}`
}

/**
 * Postgres seeded with the clinic (the template every clone copies) and Redis, from perfgate's
 * fixtures: PERFGATE_POSTGRES_URL / PERFGATE_REDIS_URL when set, else a container or the embedded
 * default. Set-up time never counts in a measurement. Under the perf project's shared servers
 * (perf/support/sharedServers.ts) the seeded template is kept for the next spec and the next
 * watch-mode run, keyed by the seed's code and task count.
 */
export async function startClinicInfra({ tasks }: { tasks?: number } = {}): Promise<ClinicInfra> {
  const options = tasks === undefined ? {} : { tasks }
  const started = await Promise.allSettled([
    postgres({
      seed: async (client) => {
        await seedClinic(client, options)
      },
      seedKey: clinicSeedKey(tasks),
    }),
    redis(),
  ])
  // The clinic's ids and tokens follow from its options alone, whether this start seeded it or not.
  const clinic = await describeClinic(options)
  const [pgResult, redisResult] = started
  const close = async (): Promise<void> => {
    for (const result of started) if (result.status === 'fulfilled') await result.value.stop().catch(() => {})
  }
  if (pgResult.status === 'rejected' || redisResult.status === 'rejected') {
    await close()
    throw pgResult.status === 'rejected' ? pgResult.reason : (redisResult as PromiseRejectedResult).reason
  }
  return { db: pgResult.value, cache: redisResult.value, clinic, close, [Symbol.asyncDispose]: close }
}
