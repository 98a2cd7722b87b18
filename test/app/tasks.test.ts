import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startClinic, tokenForOrganization } from '../../perf/app/index.ts'
import type { StartedClinic } from '../../perf/app/index.ts'
import { clinicApi } from './clinicApi.ts'
import type { Problem, Task, TaskPage } from './clinicApi.ts'
import { clinicDatabase, REDIS_URL } from './clinicDatabase.ts'
import type { ClinicDatabase } from './clinicDatabase.ts'

describe('clinic tasks API', () => {
  let db: ClinicDatabase
  let clinic: StartedClinic
  let sql: pg.Client
  let api: ReturnType<typeof clinicApi>
  beforeAll(async () => {
    db = await clinicDatabase()
    clinic = await startClinic({ databaseUrl: db.url, redisUrl: REDIS_URL })
    sql = new pg.Client({ connectionString: db.url })
    await sql.connect()
    api = clinicApi(clinic.url, tokenForOrganization(db.clinic, 1))
  })
  afterAll(async () => {
    await sql?.end()
    await clinic?.close()
    await db?.drop()
  })
  const ownPatient = () => db.clinic.patients.find((p) => p.organizationId === 1)!
  const colleague = () => db.clinic.practitioners.find((p) => p.organizationId === 1 && p.id !== 1)!

  it('creates, reads and patches a task', async () => {
    const created = await api.post<Task>('/tasks', {
      patientId: ownPatient().id, title: 'Collect signed consent forms', notes: 'Needs the guardian signature', priority: 'high',
      assigneeId: colleague().id, dueAt: '2025-07-01T09:00:00.000Z',
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      id: expect.any(Number), patientId: ownPatient().id, patientName: expect.any(String), status: 'todo', priority: 'high',
      assigneeId: colleague().id, dueAt: '2025-07-01T09:00:00.000Z',
    })
    expect(created.body.id).toBeGreaterThan(10_000)
    const read = await api.get<Task>(`/tasks/${created.body.id}`)
    expect(read.body).toEqual(created.body)

    const patched = await api.patch<Task>(`/tasks/${created.body.id}`, { status: 'in_progress', assigneeId: null })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({ status: 'in_progress', assigneeId: null, title: 'Collect signed consent forms' })
    expect(Date.parse(patched.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.updatedAt))
    const stored = await sql.query('SELECT status, assignee_id FROM tasks WHERE id = $1', [created.body.id])
    expect(stored.rows).toEqual([{ status: 'in_progress', assignee_id: null }])
  })

  it('rejects bad task input with 400 and references outside the organization with 422', async () => {
    expect((await api.post('/tasks', { title: 'no patient' })).status).toBe(400)
    expect((await api.post('/tasks', { patientId: ownPatient().id, title: '' })).status).toBe(400)
    expect((await api.post('/tasks', { patientId: ownPatient().id, title: 't', status: 'lost' })).status).toBe(400)
    expect((await api.patch('/tasks/1', {})).status).toBe(400)
    const foreignPatient = db.clinic.patients.find((p) => p.organizationId === 2)!
    const foreign = await api.post<Problem>('/tasks', { patientId: foreignPatient.id, title: 'not mine' })
    expect(foreign.status).toBe(422)
    expect(foreign.body.message).toMatch(/not a patient of your organization/)
    const foreignAssignee = db.clinic.practitioners.find((p) => p.organizationId === 2)!
    expect((await api.post('/tasks', { patientId: ownPatient().id, title: 't', assigneeId: foreignAssignee.id })).status).toBe(422)
  })

  it('lists 50 tasks by default, filtered, soonest due first, with working pagination', async () => {
    const page = await api.get<TaskPage>('/tasks?status=todo&priority=urgent')
    const expected = await sql.query(
      `SELECT count(*)::int AS n FROM tasks WHERE organization_id = 1 AND status = 'todo' AND priority = 'urgent'`,
    )
    expect(page.body.items).toHaveLength(Math.min(50, expected.rows[0].n))
    expect(page.body.items.every((task) => task.status === 'todo' && task.priority === 'urgent')).toBe(true)
    const dues = page.body.items.map((task) => task.dueAt).filter(Boolean)
    expect(dues).toEqual([...dues].sort((a, b) => a!.localeCompare(b!)))

    const first = await api.get<TaskPage>('/tasks?limit=10')
    const second = await api.get<TaskPage>(`/tasks?limit=10&offset=${first.body.nextOffset}`)
    expect(first.body.nextOffset).toBe(10)
    const ids = new Set([...first.body.items, ...second.body.items].map((task) => task.id))
    expect(ids.size).toBe(20)

    const mine = await api.get<TaskPage>(`/tasks?assignee=${colleague().id}&limit=200`)
    expect(mine.body.items.length).toBeGreaterThan(0)
    expect(mine.body.items.every((task) => task.assigneeId === colleague().id)).toBe(true)
    expect((await api.get('/tasks?limit=500')).status).toBe(400)
  })

  it('searches title and notes with full-text search', async () => {
    const found = await api.get<TaskPage>('/tasks?q=denied%20claim&limit=200')
    expect(found.body.items.length).toBeGreaterThan(0)
    expect(found.body.items.every((task) => /denied claim/i.test(task.notes))).toBe(true)
    const expected = await sql.query(
      `SELECT count(*)::int AS n FROM tasks WHERE organization_id = 1 AND search @@ websearch_to_tsquery('english', 'denied claim')`,
    )
    expect(found.body.items.length).toBe(Math.min(200, expected.rows[0].n))
  })

  it('counts the organization\'s tasks by status', async () => {
    const analytics = await api.get<{ total: number; byStatus: { status: string; count: number }[] }>('/analytics/tasks-by-status')
    const expected = await sql.query(
      'SELECT status, count(*)::int AS count FROM tasks WHERE organization_id = 1 GROUP BY status ORDER BY status',
    )
    expect(analytics.body.byStatus.map(({ status, count }) => ({ status, count }))).toEqual(expected.rows)
    expect(analytics.body.total).toBe(expected.rows.reduce((sum, row) => sum + row.count, 0))
  })
})
