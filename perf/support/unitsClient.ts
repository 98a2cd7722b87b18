import { Agent, request } from 'undici'
import type { ClinicSeed } from '../app/index.ts'

export type UnitsKind = 'reserve' | 'release' | 'consume'

/**
 * How one reserve/release/consume ended, as the client saw it:
 * - `applied` (200) and `insufficient` (409) are acknowledged outcomes;
 * - `exhausted` (503 with x-retries) is a definite "not applied": the last attempt rolled back;
 * - `indeterminate` (any other failure: a 500 when the database connection was killed, a reset
 *   socket, a timeout) may or may not have been applied — Jepsen's "info" operations.
 */
export type OutcomeStatus = 'applied' | 'insufficient' | 'exhausted' | 'indeterminate'

export interface UnitsCall {
  kind: UnitsKind
  id: number
  units: number
  outcome: OutcomeStatus
  httpStatus: number
  /** Serialization retries the clinic reported (x-retries); 0 when it sent none. */
  retries: number
  /** Send to last body byte, ms. */
  ms: number
  /** When it started, ms on performance.now(). */
  at: number
}

export interface UnitsClient {
  call(kind: UnitsKind, id: number, units: number): Promise<UnitsCall>
  close(): Promise<void>
}

/**
 * A keep-alive HTTP client for POST /authorizations/:id/{reserve,release,consume} that keeps what
 * load() cannot: each answer's outcome and its x-retries header. Tokens are chosen by the
 * authorization's organization.
 */
export function unitsClient(baseUrl: string, clinic: ClinicSeed, { connections = 64, timeoutMs = 10_000 } = {}): UnitsClient {
  const agent = new Agent({ connections, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, keepAliveTimeout: 30_000 })
  const tokens = new Map(clinic.authorizations.map((a) => [a.id, clinic.practitioners.find((p) => p.organizationId === a.organizationId)!.token]))
  return {
    async call(kind, id, units) {
      const at = performance.now()
      let httpStatus = 0
      let retries = 0
      try {
        const response = await request(`${baseUrl}/authorizations/${id}/${kind}`, {
          method: 'POST',
          dispatcher: agent,
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(id) ?? ''}` },
          body: JSON.stringify({ units }),
        })
        await response.body.dump()
        httpStatus = response.statusCode
        const header = response.headers['x-retries']
        retries = typeof header === 'string' ? Number(header) : 0
        const outcome: OutcomeStatus =
          httpStatus === 200 ? 'applied' : httpStatus === 409 ? 'insufficient' : httpStatus === 503 && typeof header === 'string' ? 'exhausted' : 'indeterminate'
        return { kind, id, units, outcome, httpStatus, retries, ms: performance.now() - at, at }
      } catch {
        return { kind, id, units, outcome: 'indeterminate', httpStatus, retries, ms: performance.now() - at, at }
      }
    },
    close: () => agent.close(),
  }
}
