export type CircuitState = 'closed' | 'open' | 'half-open'

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. @default 5 */
  failureThreshold?: number
  /** How long it stays open before letting one trial call through (half-open). @default 5000 */
  cooldownMs?: number
  /** @default Date.now */
  now?: () => number
}

/** Thrown instead of calling through while the circuit is open (or its half-open trial is running). */
export class CircuitOpenError extends Error {
  readonly code = 'CLINIC_CIRCUIT_OPEN'
  readonly retryAfterMs: number

  constructor(name: string, retryAfterMs: number) {
    super(`${name} circuit is open after repeated failures; retry in ${Math.ceil(retryAfterMs / 1000)} s`)
    this.name = 'CircuitOpenError'
    this.retryAfterMs = retryAfterMs
  }
}

export interface CircuitBreaker {
  state(): CircuitState
  run<T>(call: () => Promise<T>): Promise<T>
}

/**
 * Closed: calls go through and consecutive failures are counted. Open: calls fail fast with
 * CircuitOpenError until the cooldown ends. Half-open: one trial call goes through; its success
 * closes the circuit, its failure opens it again.
 *
 * @example
 * const breaker = circuitBreaker('epic', { failureThreshold: 5, cooldownMs: 5000 })
 * await breaker.run(() => fetchPatient(id))
 */
export function circuitBreaker(name: string, options: CircuitBreakerOptions = {}): CircuitBreaker {
  const { failureThreshold = 5, cooldownMs = 5000, now = Date.now } = options
  if (!(Number.isInteger(failureThreshold) && failureThreshold >= 1)) {
    throw new RangeError(`failureThreshold must be an integer >= 1, got ${failureThreshold}`)
  }
  if (!(cooldownMs >= 0)) throw new RangeError(`cooldownMs must be >= 0, got ${cooldownMs}`)
  let failures = 0
  let openedAt: number | undefined
  let trialRunning = false
  /** Counts openings: a success only closes the circuit it started under (or as the half-open trial). */
  let generation = 0

  const state = (): CircuitState => {
    if (openedAt === undefined) return 'closed'
    return now() - openedAt >= cooldownMs ? 'half-open' : 'open'
  }

  return {
    state,
    async run(call) {
      const current = state()
      if (current === 'open' || (current === 'half-open' && trialRunning)) {
        throw new CircuitOpenError(name, Math.max(0, (openedAt ?? 0) + cooldownMs - now()))
      }
      const trial = current === 'half-open'
      if (trial) trialRunning = true
      const startedIn = generation
      try {
        const value = await call()
        // A late success of a call started while closed says nothing about failures since: it
        // must not close a circuit that opened meanwhile.
        if (trial || startedIn === generation) {
          failures = 0
          openedAt = undefined
        }
        return value
      } catch (error) {
        failures++
        if (trial || failures >= failureThreshold) {
          openedAt = now()
          generation++
        }
        throw error
      } finally {
        if (trial) trialRunning = false
      }
    },
  }
}
