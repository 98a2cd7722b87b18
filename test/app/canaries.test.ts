import { afterEach, describe, expect, it } from 'vitest'
import { readCommittedOverbook, staleCounterLostUpdate, startClinic, tokenForOrganization } from '../../perf/app/index.ts'
import type { ReserveStrategy } from '../../perf/app/index.ts'
import { clinicApi } from './clinicApi.ts'
import type { AuthorizationCounters } from './clinicApi.ts'
import { clinicDatabase, REDIS_URL } from './clinicDatabase.ts'
import type { ClinicDatabase } from './clinicDatabase.ts'

const databases: ClinicDatabase[] = []
afterEach(async () => {
  await Promise.all(databases.splice(0).map((db) => db.drop()))
})

/** The burst from the authorization team's test: 50 × 10 units at once on a 50-unit authorization. */
async function burst(reserve: ReserveStrategy) {
  const db = await clinicDatabase({ tasks: 0 })
  databases.push(db)
  await using clinic = await startClinic({ databaseUrl: db.url, redisUrl: REDIS_URL, reserve })
  const id = db.clinic.authorizationIdsByTotal.units50[0]!
  const organizationId = db.clinic.authorizations.find((a) => a.id === id)!.organizationId
  const api = clinicApi(clinic.url, tokenForOrganization(db.clinic, organizationId))
  const responses = await Promise.all(Array.from({ length: 50 }, () => api.post(`/authorizations/${id}/reserve`, { units: 10 })))
  return {
    strategy: clinic.reserveStrategy,
    successes: responses.filter((response) => response.status === 200).length,
    counters: (await api.get<AuthorizationCounters>(`/authorizations/${id}`)).body,
    integrity: await clinic.integrity(),
  }
}

describe('canary reservation strategies (broken on purpose)', () => {
  it('read-then-write at READ COMMITTED overbooks the authorization, and the bounds check catches it', async () => {
    const result = await burst(readCommittedOverbook())
    expect(result.strategy).toBe('canary:read-committed-overbook')
    expect(result.successes).toBeGreaterThan(5)
    expect(result.counters.scheduledUnits).toBeGreaterThan(50)
    expect(result.integrity.ok).toBe(false)
    expect(result.integrity.overbooked).toEqual([
      expect.objectContaining({ totalUnits: 50, scheduledUnits: result.successes * 10 }),
    ])
    expect(result.integrity.ledgerMismatches).toEqual([])
  })

  it('the stale-counter lost update stays within bounds but disagrees with the ledger, and the ledger check catches it', async () => {
    const result = await burst(staleCounterLostUpdate())
    expect(result.strategy).toBe('canary:stale-counter-lost-update')
    expect(result.counters.scheduledUnits).toBeLessThanOrEqual(50)
    expect(result.integrity.overbooked).toEqual([])
    expect(result.integrity.ledgerMismatches).toHaveLength(1)
    const [mismatch] = result.integrity.ledgerMismatches
    expect(mismatch!.ledgerScheduledUnits).toBe(result.successes * 10)
    expect(mismatch!.ledgerScheduledUnits).toBeGreaterThan(mismatch!.scheduledUnits)
  })
})
