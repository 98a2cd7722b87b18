import pg from 'pg'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { isPerfgateError } from '../../src/errors/index.ts'
import { postgres, type StartedPostgres } from '../../src/fixtures/index.ts'

const LOCAL_URL = 'postgres://postgres@127.0.0.1:5432/postgres'
const SEED = `
  CREATE TABLE account (id serial PRIMARY KEY, name text NOT NULL);
  CREATE TABLE booking (id serial PRIMARY KEY, account_id int NOT NULL REFERENCES account(id), units int NOT NULL);
  INSERT INTO account (name) VALUES ('a'), ('b'), ('c');
  INSERT INTO booking (account_id, units) VALUES (1, 10), (2, 20);
`

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

/** perfgate databases on the local server; `mine` keeps this process's only (others run tests on it too). */
async function databases(mine = false): Promise<string[]> {
  const all = (await query<{ datname: string }>(LOCAL_URL, `SELECT datname FROM pg_database WHERE datname LIKE 'perfgate\\_%'`)).map((r) => r.datname)
  return mine ? all.filter((name) => name.includes(`_${process.pid}_`)).sort() : all
}

beforeAll(() => {
  vi.stubEnv('PERFGATE_PROVIDER', undefined)
  vi.stubEnv('PERFGATE_POSTGRES_URL', undefined)
})
afterAll(() => {
  vi.unstubAllEnvs()
})

for (const provider of ['url', 'embedded'] as const) {
  describe(`postgres() with the ${provider} provider`, () => {
    let db: StartedPostgres
    beforeAll(async () => {
      if (provider === 'url') vi.stubEnv('PERFGATE_POSTGRES_URL', LOCAL_URL)
      db = await postgres({ seed: SEED, snapshotTables: ['account', 'booking'] })
      vi.stubEnv('PERFGATE_POSTGRES_URL', undefined)
    })
    afterAll(async () => {
      await db?.stop()
    })

    test('reports its provider and serves the seeded data at db.url', async () => {
      expect(db.provider).toBe(provider)
      expect(db.url).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/perfgate_d_/)
      expect(await query(db.url, 'SELECT name FROM account ORDER BY id')).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
      const settings = await query<{ fsync: string }>(db.url, `SELECT current_setting('fsync') AS fsync`)
      expect(settings[0]?.fsync).toBe(provider === 'embedded' ? 'off' : 'on')
    })

    test('clones are seeded copies, isolated from each other, and drop() removes them', async () => {
      await using a = await db.clone()
      const b = await db.clone()
      expect(new Set([db.database, a.database, b.database]).size).toBe(3)
      await query(a.url, `INSERT INTO account (name) VALUES ('only-in-a')`)
      await query(b.url, 'DELETE FROM booking')
      expect(await query(a.url, 'SELECT count(*)::int AS n FROM account')).toEqual([{ n: 4 }])
      expect(await query(b.url, 'SELECT count(*)::int AS n FROM account')).toEqual([{ n: 3 }])
      expect(await query(db.url, 'SELECT count(*)::int AS n FROM booking')).toEqual([{ n: 2 }])
      const pool = b.pool()
      await pool.query('SELECT 1')
      await b.drop()
      const names = (await query<{ datname: string }>(db.url, 'SELECT datname FROM pg_database')).map((r) => r.datname)
      expect(names).toContain(a.database)
      expect(names).not.toContain(b.database)
      await expect(b.reset()).rejects.toMatchObject({ code: 'PERFGATE_ERR_FIXTURE_STOPPED' })
    })

    test('reset() recreates the database from the template; its pools reconnect', async () => {
      await using c = await db.clone()
      const pool = c.pool()
      await pool.query(`DELETE FROM booking; DELETE FROM account`)
      await c.reset()
      const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM account')
      expect(rows).toEqual([{ n: 3 }])
    })

    test('resetTables() restores rows and sequences in place, keeping the connection', async () => {
      await using c = await db.clone()
      const client = new pg.Client({ connectionString: c.url })
      await client.connect()
      try {
        await client.query(`DELETE FROM booking; INSERT INTO account (name) VALUES ('x'), ('y')`)
        await c.resetTables()
        expect((await client.query('SELECT count(*)::int AS n FROM account')).rows).toEqual([{ n: 3 }])
        expect((await client.query('SELECT count(*)::int AS n FROM booking')).rows).toEqual([{ n: 2 }])
        // The sequence is back where the seed left it: the next id is 4, not 6.
        expect((await client.query(`INSERT INTO account (name) VALUES ('d') RETURNING id`)).rows).toEqual([{ id: 4 }])
      } finally {
        await client.end()
      }
      await expect(c.resetTables(['nope'])).rejects.toMatchObject({ code: 'PERFGATE_ERR_INVALID_OPTION', message: expect.stringContaining('snapshotTables') })
    })
  })
}

describe('postgres() around its edges', () => {
  test('stop() drops everything it created on a URL server; a stopped fixture says so', async () => {
    const before = await databases(true)
    const db = await postgres({ url: LOCAL_URL, seed: 'CREATE TABLE t (id int)' })
    const c = await db.clone()
    const during = await databases(true)
    expect(during).toHaveLength(before.length + 3) // template, main, clone
    expect(during).toEqual(expect.arrayContaining([db.database, c.database]))
    await db.stop()
    expect(await databases(true)).toEqual(before)
    await expect(db.clone()).rejects.toMatchObject({ code: 'PERFGATE_ERR_FIXTURE_STOPPED', message: expect.stringMatching(/Next step: start a new one/) })
    await c.drop() // after stop: no-op, no error
  })

  test('a failing SQL seed names the line and drops the template', async () => {
    const before = await databases(true)
    const error = await postgres({ url: LOCAL_URL, seed: 'CREATE TABLE t (id int);\nINSERT INTO missing VALUES (1);' }).catch((e: unknown) => e)
    expect(isPerfgateError(error, 'PERFGATE_ERR_SEED_FAILED')).toBe(true)
    expect((error as Error).message).toMatch(/seed SQL failed at line 2: INSERT INTO missing VALUES \(1\);: relation "missing" does not exist/)
    expect((error as Error).message).toMatch(/Next step: fix the seed/)
    expect(await databases(true)).toEqual(before)
  })

  test('a seed function runs once with a client; a missing seed file is a clear error', async () => {
    let calls = 0
    await using db = await postgres({
      url: LOCAL_URL,
      seed: async (client) => {
        calls++
        await client.query('CREATE TABLE t (v text)')
        await client.query(`INSERT INTO t VALUES ($1)`, ['from-fn'])
      },
    })
    await using c1 = await db.clone()
    await using c2 = await db.clone()
    expect(calls).toBe(1)
    expect(await query(c2.url, 'SELECT v FROM t')).toEqual([{ v: 'from-fn' }])
    expect(c1.url).not.toBe(c2.url)
    await expect(postgres({ url: LOCAL_URL, seed: './no/such/seed.sql' })).rejects.toMatchObject({
      code: 'PERFGATE_ERR_SEED_FAILED',
      message: expect.stringMatching(/seed file .*no\/such\/seed\.sql failed: the file does not exist/),
    })
  })

  test('bad options are rejected before anything starts, naming the option to use', async () => {
    expect(() => postgres({ seeds: 'x' } as never)).toThrow(/unknown option 'seeds'. Use 'seed' instead/)
    await expect(postgres({ provider: 'docker' as never })).rejects.toMatchObject({ code: 'PERFGATE_ERR_INVALID_OPTION', message: expect.stringMatching(/url, container, embedded/) })
    await expect(postgres({ url: 'mysql://x' })).rejects.toMatchObject({ code: 'PERFGATE_ERR_INVALID_OPTION' })
  })

  test('a wrong password never appears in the error', async () => {
    const error = await postgres({ url: 'postgres://nobody:hunter2secret@127.0.0.1:1/postgres' }).catch((e: unknown) => e)
    expect(isPerfgateError(error, 'PERFGATE_ERR_PROVIDER_FAILED')).toBe(true)
    expect((error as Error).message).toContain('postgres://nobody:***@127.0.0.1:1/postgres')
    expect((error as Error).message).not.toContain('hunter2secret')
  })

  test('databases left by a dead process on a shared server are dropped by the next run', async () => {
    const { execFileSync } = await import('node:child_process')
    // A process that dies right after creating a perfgate database under its own pid.
    const script = `import pg from 'pg'; import { databaseName } from './src/fixtures/postgres/admin.ts';
      const c = new pg.Client('${LOCAL_URL}'); await c.connect(); const n = databaseName('d');
      await c.query('CREATE DATABASE ' + n); console.log(n); process.exit(0)`
    const leftover = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), encoding: 'utf8' }).trim()
    expect(await databases()).toContain(leftover)
    await using db = await postgres({ url: LOCAL_URL })
    expect(await databases()).not.toContain(leftover)
    expect(db.provider).toBe('url')
  })
})
