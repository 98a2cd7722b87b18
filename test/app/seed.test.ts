import { createHash } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeClinic, TEST_JWT_SECRET, verifyPractitionerToken } from '../../perf/app/index.ts'
import { clinicDatabase } from './clinicDatabase.ts'
import type { ClinicDatabase } from './clinicDatabase.ts'

const TABLES = ['organizations', 'service_codes', 'patients', 'practitioners', 'authorizations', 'tasks']

async function fingerprint(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    const hash = createHash('sha256')
    for (const table of TABLES) {
      const rows = await client.query(`SELECT * FROM ${table} ORDER BY 1`)
      hash.update(table + JSON.stringify(rows.rows))
    }
    return hash.digest('hex')
  } finally {
    await client.end()
  }
}

describe('seedClinic', () => {
  let db: ClinicDatabase
  let client: pg.Client
  beforeAll(async () => {
    db = await clinicDatabase()
    client = new pg.Client({ connectionString: db.url })
    await client.connect()
  })
  afterAll(async () => {
    await client?.end()
    await db?.drop()
  })
  const count = async (sql: string): Promise<Record<string, number>[]> => (await client.query(sql)).rows

  it('creates 3 organizations, the 5 service codes and 20 patients spread over every organization', async () => {
    expect(await count('SELECT count(*)::int AS n FROM organizations')).toEqual([{ n: 3 }])
    expect((await client.query('SELECT code FROM service_codes ORDER BY code')).rows.map((row) => row.code)).toEqual([
      '97151', '97153', '97155', '97156', '97157',
    ])
    const perOrganization = await count('SELECT organization_id, count(*)::int AS n FROM patients GROUP BY 1 ORDER BY 1')
    expect(perOrganization.map((row) => row['organization_id'])).toEqual([1, 2, 3])
    expect(perOrganization.reduce((sum, row) => sum + row['n']!, 0)).toBe(20)
  })

  it('creates 55 unused authorizations: 10 × 50, 20 × 200 and 25 × 1,000 units, each in its patient\'s organization', async () => {
    expect(await count('SELECT total_units, count(*)::int AS n FROM authorizations GROUP BY 1 ORDER BY 1')).toEqual([
      { total_units: 50, n: 10 },
      { total_units: 200, n: 20 },
      { total_units: 1000, n: 25 },
    ])
    expect(await count('SELECT count(*)::int AS n FROM authorizations WHERE used_units <> 0 OR scheduled_units <> 0')).toEqual([{ n: 0 }])
    expect(
      await count('SELECT count(*)::int AS n FROM authorizations a JOIN patients p ON p.id = a.patient_id WHERE a.organization_id <> p.organization_id'),
    ).toEqual([{ n: 0 }])
    expect(db.clinic.authorizationIdsByTotal.units50).toHaveLength(10)
    expect(db.clinic.authorizationIdsByTotal.units200).toHaveLength(20)
    expect(db.clinic.authorizationIdsByTotal.units1000).toHaveLength(25)
    const totals = await client.query('SELECT id, total_units FROM authorizations WHERE id = ANY($1)', [db.clinic.authorizationIdsByTotal.units50])
    expect(totals.rows.every((row) => row.total_units === 50)).toBe(true)
  })

  it('has no constraint enforcing used + scheduled <= total, so canaries can break it', async () => {
    await client.query('BEGIN')
    const overbooked = await client.query('UPDATE authorizations SET scheduled_units = total_units + 1 WHERE id = 1')
    await client.query('ROLLBACK')
    expect(overbooked.rowCount).toBe(1)
  })

  it('returns 10 practitioners whose tokens verify with the test secret and carry their organization', async () => {
    expect(db.clinic.practitioners).toHaveLength(10)
    const stored = await client.query('SELECT id, organization_id FROM practitioners ORDER BY id')
    for (const practitioner of db.clinic.practitioners) {
      const claims = await verifyPractitionerToken(practitioner.token, TEST_JWT_SECRET)
      expect(claims).toEqual({ practitionerId: practitioner.id, organizationId: practitioner.organizationId, role: practitioner.role })
      expect(stored.rows.find((row) => row.id === practitioner.id)?.organization_id).toBe(practitioner.organizationId)
    }
    await expect(verifyPractitionerToken(db.clinic.practitioners[0]!.token, 'another-secret-of-sufficient-length')).rejects.toThrow(/signature/)
  })

  it('creates 10,000 tasks with every status and priority, assignees from the patient\'s organization and a search vector', async () => {
    expect(await count('SELECT count(*)::int AS n FROM tasks')).toEqual([{ n: 10_000 }])
    expect(await count('SELECT count(DISTINCT status)::int AS s, count(DISTINCT priority)::int AS p FROM tasks')).toEqual([{ s: 5, p: 4 }])
    expect(
      await count(`SELECT count(*)::int AS n FROM tasks t JOIN practitioners pr ON pr.id = t.assignee_id
                    WHERE pr.organization_id <> t.organization_id`),
    ).toEqual([{ n: 0 }])
    expect(await count(`SELECT count(*)::int AS n FROM tasks WHERE search @@ websearch_to_tsquery('english', 'reinforcement')`))
      .not.toEqual([{ n: 0 }])
  })

  it('creates the indexes the query specs rely on', async () => {
    const indexes = (await client.query(`SELECT indexname FROM pg_indexes WHERE tablename = 'tasks'`)).rows.map((row) => row.indexname)
    expect(indexes).toEqual(expect.arrayContaining([
      'tasks_org_status_priority_due_idx', 'tasks_org_assignee_status_idx', 'tasks_patient_idx', 'tasks_search_idx',
    ]))
  })

  it('is deterministic: the same seed gives identical rows, another seed different ones', async () => {
    const same = await clinicDatabase({ seed: 42 })
    const other = await clinicDatabase({ seed: 7 })
    try {
      const [first, second, third] = await Promise.all([fingerprint(db.url), fingerprint(same.url), fingerprint(other.url)])
      expect(second).toBe(first)
      expect(third).not.toBe(first)
    } finally {
      await Promise.all([same.drop(), other.drop()])
    }
  })

  it('describes the same ids without a database', async () => {
    const described = await describeClinic({ seed: 42 })
    expect(described.authorizations).toEqual(db.clinic.authorizations)
    expect(described.patients).toEqual(db.clinic.patients)
  })

  it('refuses a database that is already seeded', async () => {
    await expect((await import('../../perf/app/index.ts')).seedClinic(client)).rejects.toThrow(/already has an authorizations table/)
  })
})
