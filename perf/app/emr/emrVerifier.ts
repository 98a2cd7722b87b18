import { Agent, request } from 'undici'
import { circuitBreaker } from './circuitBreaker.ts'
import type { CircuitBreakerOptions, CircuitState } from './circuitBreaker.ts'
import type { EmrSystem } from './emrProfile.ts'
import type { RedisCache } from './redisCache.ts'
import { singleFlight } from './singleFlight.ts'

export interface EmrVerifierOptions {
  /** Abort an EMR call after this long (counts as a failure). @default 1500 */
  timeoutMs?: number
  /** @default 300 */
  cacheTtlSeconds?: number
  breaker?: CircuitBreakerOptions
}

export interface EmrPatientRef {
  emrSystem: EmrSystem
  emrPatientId: string
}

export interface EmrVerification {
  verification: unknown
  /** 'cache': from Redis; 'emr': this request called the EMR; 'shared': joined another request's call. */
  source: 'cache' | 'emr' | 'shared'
}

/** The EMR answered with an error status, or did not answer in time. */
export class EmrUnavailableError extends Error {
  readonly code = 'CLINIC_EMR_UNAVAILABLE'
}

export interface EmrVerifier {
  verify(patient: EmrPatientRef): Promise<EmrVerification>
  breakerState(system: EmrSystem): CircuitState
  close(): Promise<void>
}

/**
 * Patient verification against an EMR: Redis cache first; on a miss one EMR call per patient no
 * matter how many requests ask at once (single-flight); every call behind a per-system circuit breaker.
 */
export function emrVerifier(emrUrl: string, cache: RedisCache, options: EmrVerifierOptions = {}): EmrVerifier {
  const { timeoutMs = 1500, cacheTtlSeconds = 300 } = options
  const agent = new Agent({ connections: 64, keepAliveTimeout: 10_000 })
  const breakers = { epic: circuitBreaker('epic', options.breaker), cerner: circuitBreaker('cerner', options.breaker) }
  const flights = singleFlight<{ verification: unknown; source: 'cache' | 'emr' }>()

  const callEmr = async ({ emrSystem, emrPatientId }: EmrPatientRef): Promise<unknown> => {
    const url = `${emrUrl}/${emrSystem}/patients/${encodeURIComponent(emrPatientId)}`
    let response
    try {
      response = await request(url, { dispatcher: agent, signal: AbortSignal.timeout(timeoutMs) })
    } catch (error) {
      throw new EmrUnavailableError(`${emrSystem} EMR did not answer within ${timeoutMs} ms`, { cause: error })
    }
    if (response.statusCode !== 200) {
      await response.body.dump()
      throw new EmrUnavailableError(`${emrSystem} EMR answered ${response.statusCode}`)
    }
    return response.body.json()
  }

  return {
    async verify(patient) {
      const key = `emr:${patient.emrSystem}:${patient.emrPatientId}`
      const { value, shared } = await flights.run(key, async () => {
        const cached = await cache.get(key)
        if (cached !== null) return { verification: JSON.parse(cached) as unknown, source: 'cache' as const }
        const verification = await breakers[patient.emrSystem].run(() => callEmr(patient))
        // The cache is an optimisation: failing to fill it must not fail the verification.
        await cache.set(key, JSON.stringify(verification), cacheTtlSeconds).catch(() => {})
        return { verification, source: 'emr' as const }
      })
      return { verification: value.verification, source: shared && value.source === 'emr' ? 'shared' : value.source }
    },
    breakerState: (system) => breakers[system].state(),
    close: () => agent.close(),
  }
}
