import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import Fastify from 'fastify'
import pg from 'pg'
import { checkAuthorizationIntegrity } from './authorizations/integrity.ts'
import type { AuthorizationIntegrity } from './authorizations/integrity.ts'
import { serializablePool } from './authorizations/reservationDb.ts'
import type { SerializablePoolOptions } from './authorizations/reservationDb.ts'
import type { ReserveStrategy } from './authorizations/reserveStrategy.ts'
import { authorizationRoutes } from './authorizations/routes.ts'
import { serializableReserve } from './authorizations/serializableReserve.ts'
import type { RetryPolicy } from './authorizations/serializableRetry.ts'
import type { CircuitBreakerOptions, CircuitState } from './emr/circuitBreaker.ts'
import type { EmrProfile, EmrSystem } from './emr/emrProfile.ts'
import { emrVerifier } from './emr/emrVerifier.ts'
import { startFakeEmr } from './emr/fakeEmr.ts'
import type { StartedFakeEmr } from './emr/fakeEmr.ts'
import { connectRedisCache } from './emr/redisCache.ts'
import { verifyEmrRoute } from './emr/verifyEmrRoute.ts'
import { TEST_JWT_SECRET } from './seed/tokens.ts'
import { authenticate } from './server/authenticate.ts'
import { loginRoute } from './server/loginRoute.ts'
import { taskRoutes } from './tasks/taskRoutes.ts'

export interface ClinicEmrOptions {
  /** The simulated Epic: defaults to EPIC_PROFILE (~150 ms median). */
  epic?: Partial<EmrProfile>
  /** The simulated Cerner: defaults to CERNER_PROFILE (~300 ms median). */
  cerner?: Partial<EmrProfile>
  /** @default 1500 */
  timeoutMs?: number
  /** @default 300 */
  cacheTtlSeconds?: number
  /** @default { failureThreshold: 5, cooldownMs: 5000 } */
  breaker?: CircuitBreakerOptions
}

export interface ClinicOptions {
  databaseUrl: string
  redisUrl: string
  /** HS256 secret for practitioner tokens. @default TEST_JWT_SECRET */
  jwtSecret?: string
  /** How POST /authorizations/:id/reserve works. @default serializableReserve() */
  reserve?: ReserveStrategy
  /** The serializable pool of reserve/release/consume, and the retry policy of release/consume. */
  reservations?: SerializablePoolOptions & { retry?: RetryPolicy }
  /** Postgres connections of every other query. @default 10 */
  poolSize?: number
  emr?: ClinicEmrOptions
  /** Prefix of this clinic's Redis keys, all deleted on close. @default a fresh unique one */
  cacheNamespace?: string
  /** @default '127.0.0.1' */
  host?: string
  /** @default 0 (an ephemeral port) */
  port?: number
}

export interface StartedClinic extends AsyncDisposable {
  /** The base URL, e.g. http://127.0.0.1:39211 */
  url: string
  /** Name of the reserve strategy in use (canaries are prefixed `canary:`). */
  reserveStrategy: string
  emr: {
    url: string
    calls(): Record<EmrSystem, number>
    setProfile(system: EmrSystem, profile: Partial<EmrProfile>): void
    breakerState(system: EmrSystem): CircuitState
  }
  /** Bounds and ledger check over every authorization. */
  integrity(): Promise<AuthorizationIntegrity>
  close(): Promise<void>
}

/**
 * Starts the reference clinic in-process on an ephemeral port: Fastify on a pg pool, Redis for
 * the EMR cache, and a simulated EMR over loopback HTTP. The database must have been seeded with
 * `seedClinic`.
 *
 * @example
 * await using clinic = await startClinic({ databaseUrl: db.url, redisUrl: redis.url })
 * await fetch(`${clinic.url}/tasks/1`, { headers: { authorization: `Bearer ${token}` } })
 */
export async function startClinic(options: ClinicOptions): Promise<StartedClinic> {
  validate(options)
  const secret = options.jwtSecret ?? TEST_JWT_SECRET
  const reservations = options.reservations ?? {}
  const reserve = options.reserve ?? serializableReserve(reservations.retry ? { retry: reservations.retry } : {})
  const cleanups: (() => Promise<unknown>)[] = []
  // Last started, first closed: the HTTP server stops before the pool it uses.
  const closeAll = async (): Promise<void> => {
    const errors: unknown[] = []
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch((error: unknown) => errors.push(error))
    if (errors.length > 0) throw errors[0]
  }
  try {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10 })
    pool.on('error', () => {}) // an idle client's connection dropped; the pool replaces it
    cleanups.push(() => pool.end())
    const serializable = serializablePool(options.databaseUrl, reservations)
    cleanups.push(() => serializable.end())
    await pool.query('SELECT 1 FROM authorizations LIMIT 1').catch((error: Error) => {
      throw new Error(`startClinic: cannot use the database (${error.message}); seed it with seedClinic first`, { cause: error })
    })
    const fakeEmr: StartedFakeEmr = await startFakeEmr({ ...options.emr })
    cleanups.push(() => fakeEmr.close())
    const cache = await connectRedisCache(options.redisUrl, options.cacheNamespace ?? `perfgate:clinic:${randomUUID()}:`)
    cleanups.push(() => cache.close())
    const verifier = emrVerifier(fakeEmr.url, cache, { ...options.emr })
    cleanups.push(() => verifier.close())

    // Unknown body fields are a 400, not silently dropped (Fastify's default removes them).
    const app = Fastify({ logger: false, ajv: { customOptions: { removeAdditional: false } } })
    app.get('/health', async () => ({ ok: true }))
    loginRoute(app, pool, secret)
    await app.register(async (scope) => {
      scope.addHook('onRequest', authenticate(secret))
      authorizationRoutes(scope, { pool, serializable }, reserve, reservations.retry ?? {})
      taskRoutes(scope, pool)
      verifyEmrRoute(scope, pool, verifier)
    })
    cleanups.push(() => app.close())
    await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 })
    const { address, port } = app.server.address() as AddressInfo

    const close = closeAll
    return {
      url: `http://${address.includes(':') ? `[${address}]` : address}:${port}`,
      reserveStrategy: reserve.name,
      emr: {
        url: fakeEmr.url,
        calls: fakeEmr.calls,
        setProfile: fakeEmr.setProfile,
        breakerState: verifier.breakerState,
      },
      integrity: () => checkAuthorizationIntegrity(pool),
      close,
      [Symbol.asyncDispose]: close,
    }
  } catch (error) {
    await closeAll().catch(() => {})
    throw error
  }
}

function validate(options: ClinicOptions): void {
  for (const key of ['databaseUrl', 'redisUrl'] as const) {
    if (typeof options[key] !== 'string' || options[key].length === 0) {
      throw new TypeError(`startClinic: ${key} is required (a postgres:// or redis:// URL)`)
    }
  }
  if (options.poolSize !== undefined && !(Number.isInteger(options.poolSize) && options.poolSize >= 1)) {
    throw new RangeError(`startClinic: poolSize must be an integer >= 1, got ${options.poolSize}`)
  }
}
