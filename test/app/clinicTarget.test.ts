import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { clinicTarget, TEST_JWT_SECRET, verifyPractitionerToken } from '../../perf/app/index.ts'
import { clinicApi } from './clinicApi.ts'
import { clinicDatabase, REDIS_URL } from './clinicDatabase.ts'
import type { ClinicDatabase } from './clinicDatabase.ts'

describe('clinicTarget', () => {
  let db: ClinicDatabase
  beforeAll(async () => {
    db = await clinicDatabase({ tasks: 50 })
  })
  afterAll(async () => {
    await db?.drop()
  })

  it('starts the clinic in-process when no PERFGATE_BASE_URL is set', async () => {
    await using target = await clinicTarget({ databaseUrl: db.url, redisUrl: REDIS_URL, env: {} })
    expect(target.mode).toBe('in-process')
    const [authorization] = target.clinic.authorizations
    const token = target.clinic.practitioners.find((p) => p.organizationId === authorization!.organizationId)!.token
    expect((await clinicApi(target.url, token).get(`/authorizations/${authorization!.id}`)).status).toBe(200)
  })

  it('targets an external base URL, logging practitioners in for tokens, or signing them with PERFGATE_JWT_SECRET', async () => {
    await using deployed = await clinicTarget({ databaseUrl: db.url, redisUrl: REDIS_URL, env: {} })
    await using viaLogin = await clinicTarget({ env: { PERFGATE_BASE_URL: `${deployed.url}/` } })
    expect(viaLogin).toMatchObject({ mode: 'external', url: deployed.url, started: undefined })
    const practitioner = viaLogin.clinic.practitioners[4]!
    expect(await verifyPractitionerToken(practitioner.token, TEST_JWT_SECRET)).toMatchObject({ practitionerId: practitioner.id })
    expect((await clinicApi(viaLogin.url, practitioner.token).get('/tasks?limit=1')).status).toBe(200)

    const viaSecret = await clinicTarget({ env: { PERFGATE_BASE_URL: deployed.url, PERFGATE_JWT_SECRET: TEST_JWT_SECRET } })
    expect((await clinicApi(viaSecret.url, viaSecret.clinic.practitioners[0]!.token).get('/tasks?limit=1')).status).toBe(200)
  })

  it('explains what is missing or wrong', async () => {
    await expect(clinicTarget({ env: {} })).rejects.toThrow(/pass databaseUrl and redisUrl .* or set PERFGATE_BASE_URL/)
    await expect(clinicTarget({ env: { PERFGATE_BASE_URL: 'not a url' } })).rejects.toMatchObject({ code: 'PERFGATE_ERR_INVALID_OPTION' })
    await expect(clinicTarget({ env: { PERFGATE_BASE_URL: 'ftp://x' } })).rejects.toThrow(/must be http/)
    await expect(clinicTarget({ env: { PERFGATE_BASE_URL: 'http://127.0.0.1:1' } })).rejects.toMatchObject({
      code: 'PERFGATE_ERR_TARGET_UNREACHABLE',
    })
  })
})
