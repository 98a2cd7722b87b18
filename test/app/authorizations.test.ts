import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startClinic, tokenForOrganization } from '../../perf/app/index.ts'
import type { StartedClinic } from '../../perf/app/index.ts'
import { serializablePool } from '../../perf/app/authorizations/reservationDb.ts'
import { clinicApi } from './clinicApi.ts'
import type { Problem } from './clinicApi.ts'
import { clinicDatabase, REDIS_URL } from './clinicDatabase.ts'
import type { ClinicDatabase } from './clinicDatabase.ts'

describe('authorization reserve / release / consume', () => {
  let db: ClinicDatabase
  let clinic: StartedClinic
  beforeAll(async () => {
    db = await clinicDatabase({ tasks: 0 })
    clinic = await startClinic({ databaseUrl: db.url, redisUrl: REDIS_URL })
  })
  afterAll(async () => {
    await clinic?.close()
    await db?.drop()
  })
  const apiFor = (id: number) => {
    const authorization = db.clinic.authorizations.find((a) => a.id === id)!
    return clinicApi(clinic.url, tokenForOrganization(db.clinic, authorization.organizationId))
  }

  it('reserves, releases and consumes, answering the counters and x-retries; 409 when the units do not fit', async () => {
    const id = db.clinic.authorizationIdsByTotal.units200[0]!
    const api = apiFor(id)
    const reserved = await api.post(`/authorizations/${id}/reserve`, { units: 150 })
    expect(reserved.status).toBe(200)
    expect(reserved.headers.get('x-retries')).toBe('0')
    expect(reserved.body).toEqual({ id, totalUnits: 200, usedUnits: 0, scheduledUnits: 150, availableUnits: 50 })

    const tooMany = await api.post<Problem>(`/authorizations/${id}/reserve`, { units: 51 })
    expect(tooMany.status).toBe(409)
    expect(tooMany.body.authorization).toMatchObject({ availableUnits: 50 })

    expect((await api.post(`/authorizations/${id}/consume`, { units: 100 })).body).toMatchObject({ usedUnits: 100, scheduledUnits: 50 })
    expect((await api.post(`/authorizations/${id}/release`, { units: 20 })).body).toMatchObject({ usedUnits: 100, scheduledUnits: 30 })
    expect((await api.post(`/authorizations/${id}/release`, { units: 31 })).status).toBe(409)
    expect((await api.post(`/authorizations/${id}/consume`, { units: 31 })).status).toBe(409)
    expect((await api.post(`/authorizations/${id}/reserve`, { units: 70 })).body).toMatchObject({ availableUnits: 0 })
    expect((await api.get(`/authorizations/${id}`)).body).toEqual({
      id, totalUnits: 200, usedUnits: 100, scheduledUnits: 100, availableUnits: 0,
    })
    expect(await clinic.integrity()).toEqual({ overbooked: [], ledgerMismatches: [], ok: true })
  })

  it('answers 400 for bad units and ids, 404 for an unknown authorization', async () => {
    const id = db.clinic.authorizationIdsByTotal.units200[1]!
    const api = apiFor(id)
    for (const body of [{ units: 0 }, { units: -5 }, { units: 2.5 }, { units: '10x' }, {}, { units: 1, extra: true }]) {
      expect((await api.post(`/authorizations/${id}/reserve`, body)).status).toBe(400)
    }
    expect((await api.get(`/authorizations/${id}`)).body).toMatchObject({ scheduledUnits: 0 })
    expect((await api.post('/authorizations/abc/reserve', { units: 1 })).status).toBe(400)
    expect((await api.post('/authorizations/9999/reserve', { units: 1 })).status).toBe(404)
  })

  it('never overbooks: 50 concurrent 10-unit reservations on a 50-unit authorization give exactly 5 × 200 and 45 × 409', async () => {
    const id = db.clinic.authorizationIdsByTotal.units50[0]!
    const api = apiFor(id)
    const responses = await Promise.all(Array.from({ length: 50 }, () => api.post(`/authorizations/${id}/reserve`, { units: 10 })))
    const statuses = responses.map((response) => response.status)
    expect(statuses.filter((status) => status === 200)).toHaveLength(5)
    expect(statuses.filter((status) => status === 409)).toHaveLength(45)
    expect(responses.every((response) => /^\d+$/.test(response.headers.get('x-retries') ?? ''))).toBe(true)
    expect((await api.get(`/authorizations/${id}`)).body).toMatchObject({ scheduledUnits: 50, availableUnits: 0 })
    const integrity = await clinic.integrity()
    expect(integrity.ok).toBe(true)
  })

  it('reserves 200 concurrent requests spread over every authorization without a single serialization retry', async () => {
    const ids = db.clinic.authorizationIdsByTotal.units1000
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => apiFor(ids[i % ids.length]!).post(`/authorizations/${ids[i % ids.length]}/reserve`, { units: 1 })),
    )
    expect(responses.map((response) => response.status)).toEqual(Array(200).fill(200))
    // Reservations on different authorizations only meet on the same row when the burst wraps
    // around (8 per authorization here), so retries stay far below one per request.
    const retries = responses.reduce((sum, response) => sum + Number(response.headers.get('x-retries')), 0)
    expect(retries).toBeLessThan(100)
    expect((await clinic.integrity()).ok).toBe(true)
  })

  it('plans the reservation as a primary-key index scan, never a sequential scan (which would lock the whole relation under SSI)', async () => {
    const pool = serializablePool(db.url, { poolSize: 1 })
    try {
      const plan = await pool.query(
        `EXPLAIN UPDATE authorizations SET scheduled_units = scheduled_units + 1 WHERE id = $1 AND organization_id = $2
           AND used_units + scheduled_units + 1 <= total_units`,
        [1, 1],
      )
      const text = plan.rows.map((row) => row['QUERY PLAN']).join('\n')
      expect(text).toContain('Index Scan using authorizations_pkey')
      expect(text).not.toMatch(/Seq Scan|Bitmap/)
    } finally {
      await pool.end()
    }
  })
})
