import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signPractitionerToken, startClinic, TEST_PASSWORD, verifyPractitionerToken } from '../../perf/app/index.ts'
import type { StartedClinic } from '../../perf/app/index.ts'
import { clinicApi } from './clinicApi.ts'
import type { TaskPage } from './clinicApi.ts'
import { clinicDatabase, REDIS_URL } from './clinicDatabase.ts'
import type { ClinicDatabase } from './clinicDatabase.ts'

describe('clinic authentication and tenant isolation', () => {
  let db: ClinicDatabase
  let clinic: StartedClinic
  beforeAll(async () => {
    db = await clinicDatabase({ tasks: 300 })
    clinic = await startClinic({ databaseUrl: db.url, redisUrl: REDIS_URL })
  })
  afterAll(async () => {
    await clinic?.close()
    await db?.drop()
  })
  const practitionerIn = (organizationId: number) => db.clinic.practitioners.find((p) => p.organizationId === organizationId)!
  const authorizationIn = (organizationId: number) => db.clinic.authorizations.find((a) => a.organizationId === organizationId)!

  it('answers 401 without a token, with a malformed one, a forged one and an expired one', async () => {
    const forged = await signPractitionerToken({ practitionerId: 1, organizationId: 1, role: 'bcba' }, { secret: 'x'.repeat(40) })
    const expired = await signPractitionerToken({ practitionerId: 1, organizationId: 1, role: 'bcba' }, { expiresIn: '-1m' })
    for (const token of [undefined, 'not-a-jwt', forged, expired]) {
      const response = await clinicApi(clinic.url, token).get('/authorizations/1')
      expect(response.status).toBe(401)
      expect(response.headers.get('www-authenticate')).toBe('Bearer')
      expect(JSON.stringify(response.body)).not.toContain(token ?? 'eyJ')
    }
    expect((await clinicApi(clinic.url).get('/tasks/1', { authorization: 'Basic dXNlcjpwYXNz' })).status).toBe(401)
  })

  it('answers 404 for another organization\'s authorization and task, 200 for its own', async () => {
    const own = clinicApi(clinic.url, practitionerIn(1).token)
    const foreignAuthorization = authorizationIn(2)
    expect((await own.get(`/authorizations/${authorizationIn(1).id}`)).status).toBe(200)
    expect((await own.get(`/authorizations/${foreignAuthorization.id}`)).status).toBe(404)
    expect((await own.post(`/authorizations/${foreignAuthorization.id}/reserve`, { units: 1 })).status).toBe(404)
    const foreign = await clinicApi(clinic.url, practitionerIn(2).token).get(`/authorizations/${foreignAuthorization.id}`)
    expect(foreign.body).toMatchObject({ usedUnits: 0, scheduledUnits: 0 })

    const tasks = await clinicApi(clinic.url, practitionerIn(2).token).get<TaskPage>('/tasks?limit=1')
    const foreignTaskId = tasks.body.items[0]!.id
    expect((await own.get(`/tasks/${foreignTaskId}`)).status).toBe(404)
    expect((await own.patch(`/tasks/${foreignTaskId}`, { status: 'done' })).status).toBe(404)
    expect((await own.post(`/tasks/${foreignTaskId}/verify-emr`)).status).toBe(404)
  })

  it('logs a practitioner in with the test password and refuses a wrong one', async () => {
    const practitioner = practitionerIn(3)
    const anonymous = clinicApi(clinic.url)
    const login = await anonymous.post<{ token: string }>('/auth/login', { practitionerId: practitioner.id, password: TEST_PASSWORD })
    expect(login.status).toBe(200)
    const claims = await verifyPractitionerToken(login.body.token, 'perfgate-clinic-test-secret-not-for-production-use')
    expect(claims).toEqual({ practitionerId: practitioner.id, organizationId: 3, role: practitioner.role })
    expect((await clinicApi(clinic.url, login.body.token).get(`/authorizations/${authorizationIn(3).id}`)).status).toBe(200)

    expect((await anonymous.post('/auth/login', { practitionerId: practitioner.id, password: 'wrong' })).status).toBe(401)
    expect((await anonymous.post('/auth/login', { practitionerId: 999, password: TEST_PASSWORD })).status).toBe(401)
    expect((await anonymous.post('/auth/login', { practitionerId: 'one' })).status).toBe(400)
  })
})
