import { createClient } from 'redis'
import { afterAll, test as base, describe, expect, vi } from 'vitest'
import { withFixtures } from '../../src/fixtures/index.ts'

vi.stubEnv('PERFGATE_PROVIDER', 'embedded')
afterAll(() => {
  vi.unstubAllEnvs()
})

const test = withFixtures(base, {
  postgres: { seed: `CREATE TABLE note (id serial PRIMARY KEY, body text); INSERT INTO note (body) VALUES ('seeded')` },
})

const seen: { server: string[]; db: string[] } = { server: [], db: [] }

describe('withFixtures', () => {
  test('a test gets its own seeded database and may change it', async ({ pg, pgServer }) => {
    seen.server.push(pgServer.url)
    seen.db.push(pg.database)
    const pool = pg.pool()
    await pool.query(`INSERT INTO note (body) VALUES ('mine')`)
    expect((await pool.query('SELECT count(*)::int AS n FROM note')).rows).toEqual([{ n: 2 }])
  })

  test('the next test sees the seed only, on the same worker server', async ({ pg, pgServer }) => {
    seen.server.push(pgServer.url)
    seen.db.push(pg.database)
    expect((await pg.pool().query('SELECT body FROM note')).rows).toEqual([{ body: 'seeded' }])
    expect(seen.server[0]).toBe(seen.server[1])
    expect(seen.db[0]).not.toBe(seen.db[1])
    expect(pgServer.provider).toBe('embedded')
  })

  test('redis: an empty logical database per test', async ({ redis }) => {
    const c = await createClient({ url: redis.url }).connect()
    try {
      expect(await c.dbSize()).toBe(0)
      await c.set('k', 'v')
    } finally {
      await c.quit()
    }
  })

  test('redis: the previous test left nothing behind', async ({ redis }) => {
    const c = await createClient({ url: redis.url }).connect()
    try {
      expect(await c.dbSize()).toBe(0)
    } finally {
      await c.quit()
    }
  })
})
