import { randomUUID } from 'node:crypto'
import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startClinic, tokenForOrganization } from '../../perf/app/index.ts'
import type { StartedClinic } from '../../perf/app/index.ts'
import { clinicApi } from './clinicApi.ts'
import type { TaskPage } from './clinicApi.ts'

interface Verified {
  taskId: number
  emrSystem: string
  source: 'emr' | 'shared' | 'cache'
  verification: unknown
}
import { clinicDatabase, REDIS_URL } from './clinicDatabase.ts'
import type { ClinicDatabase } from './clinicDatabase.ts'

const FAST = { medianMs: 40, sigma: 0.1, maxMs: 100 }

describe('EMR verification (simulated EMR over loopback)', () => {
  let db: ClinicDatabase
  beforeAll(async () => {
    db = await clinicDatabase({ tasks: 500 })
  })
  afterAll(async () => {
    await db?.drop()
  })

  /** A task of each patient of organization 1 that uses `system`. */
  async function tasksOf(clinic: StartedClinic, system: 'epic' | 'cerner') {
    const api = clinicApi(clinic.url, tokenForOrganization(db.clinic, 1))
    const patients = db.clinic.patients.filter((p) => p.organizationId === 1 && p.emrSystem === system)
    const tasks = await Promise.all(patients.map(async (p) => (await api.get<TaskPage>(`/tasks?patient=${p.id}&limit=1`)).body.items[0]))
    return { api, taskIds: tasks.filter((task) => task !== undefined).map((task) => task.id) }
  }

  it('serves N concurrent verifications of one patient with a single EMR call, then from the Redis cache', async () => {
    // Slow enough that all 20 requests miss the cache while the first EMR call is in flight:
    // without single-flight each of them would call the EMR.
    const slow = { medianMs: 300, sigma: 0, maxMs: 300 }
    await using clinic = await startClinic({ databaseUrl: db.url, redisUrl: REDIS_URL, emr: { epic: slow, cerner: slow } })
    const { api, taskIds } = await tasksOf(clinic, 'epic')
    const taskId = taskIds[0]!
    const responses = await Promise.all(Array.from({ length: 20 }, () => api.post<Verified>(`/tasks/${taskId}/verify-emr`)))
    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200))
    expect(clinic.emr.calls()).toEqual({ epic: 1, cerner: 0 })
    const sources = responses.map((response) => response.body.source)
    expect(sources.filter((source) => source === 'emr')).toHaveLength(1)
    expect(sources.filter((source) => source === 'shared').length).toBeGreaterThan(0)
    expect(sources.filter((source) => source === 'shared' || source === 'cache')).toHaveLength(19)
    expect(responses[0]!.body).toMatchObject({ taskId, emrSystem: 'epic', verification: { active: true } })

    const again = await api.post<Verified>(`/tasks/${taskId}/verify-emr`)
    expect(again.body.source).toBe('cache')
    expect(again.headers.get('x-emr-source')).toBe('cache')
    expect(clinic.emr.calls().epic).toBe(1)
  })

  it('opens the circuit after consecutive failures, fails fast while open, and closes after a successful half-open trial', async () => {
    // The breaker's clock moves only when the test moves it, so "still open" and "cooled down" hold
    // however slowly the machine runs the requests in between.
    let clock = 0
    await using clinic = await startClinic({
      databaseUrl: db.url,
      redisUrl: REDIS_URL,
      emr: { epic: FAST, cerner: { ...FAST, failureRate: 1 }, breaker: { failureThreshold: 3, cooldownMs: 400, now: () => clock } },
    })
    const { api, taskIds } = await tasksOf(clinic, 'cerner')
    expect(taskIds.length).toBeGreaterThan(0)
    const taskId = taskIds[0]!
    for (let i = 0; i < 3; i++) expect((await api.post(`/tasks/${taskId}/verify-emr`)).status).toBe(502)
    expect(clinic.emr.breakerState('cerner')).toBe('open')
    expect(clinic.emr.breakerState('epic')).toBe('closed')

    const rejected = await api.post(`/tasks/${taskId}/verify-emr`)
    expect(rejected.status).toBe(503)
    expect(rejected.headers.get('retry-after')).toBe('1')
    expect(clinic.emr.calls().cerner).toBe(3) // failed fast: the open circuit never called the EMR

    clinic.emr.setProfile('cerner', { failureRate: 0 })
    clock += 399
    expect(clinic.emr.breakerState('cerner')).toBe('open')
    clock += 1
    expect(clinic.emr.breakerState('cerner')).toBe('half-open')
    expect((await api.post(`/tasks/${taskId}/verify-emr`)).status).toBe(200)
    expect(clinic.emr.breakerState('cerner')).toBe('closed')
    expect(clinic.emr.calls().cerner).toBe(4)
  })

  it('answers 502 when the EMR is slower than the timeout', async () => {
    await using clinic = await startClinic({
      databaseUrl: db.url,
      redisUrl: REDIS_URL,
      emr: { epic: { medianMs: 500, sigma: 0, maxMs: 500 }, cerner: { medianMs: 500, sigma: 0, maxMs: 500 }, timeoutMs: 100 },
    })
    const { api, taskIds } = await tasksOf(clinic, 'epic')
    const response = await api.post<{ message: string }>(`/tasks/${taskIds[0]}/verify-emr`)
    expect(response.status).toBe(502)
    expect(response.body.message).toMatch(/did not answer within 100 ms/)
  })

  it('caches under its own Redis namespace and deletes it on close', async () => {
    const namespace = `perfgate:clinic:test-${randomUUID()}:`
    const redis = createClient({ url: REDIS_URL })
    await redis.connect()
    try {
      const clinic = await startClinic({ databaseUrl: db.url, redisUrl: REDIS_URL, cacheNamespace: namespace, emr: { epic: FAST, cerner: FAST } })
      const { api, taskIds } = await tasksOf(clinic, 'epic')
      expect((await api.post(`/tasks/${taskIds[0]}/verify-emr`)).status).toBe(200)
      const keys = await redis.keys(`${namespace}*`)
      expect(keys).toHaveLength(1)
      expect(await redis.ttl(keys[0]!)).toBeGreaterThan(250)
      await clinic.close()
      expect(await redis.keys(`${namespace}*`)).toEqual([])
    } finally {
      await redis.close()
    }
  })
})
