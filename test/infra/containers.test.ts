// The container provider against a real engine (CI: scripts/containerEngine.sh up). Without one the
// tests are skipped and their title says why; with PERFGATE_REQUIRE_CONTAINER_ENGINE=1 a missing
// engine fails the file instead.
import { hostname } from 'node:os'
import pg from 'pg'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { isPerfgateError } from '../../src/errors/index.ts'
import { postgres, redis } from '../../src/fixtures/index.ts'
import { RespConnection } from '../../src/fixtures/redis/respClient.ts'
import { containersLabelled, engine, engineGet, skipReason } from './support/engine.ts'

const SEED = `
  CREATE TABLE account (id serial PRIMARY KEY, name text NOT NULL);
  INSERT INTO account (name) VALUES ('a'), ('b'), ('c');
`
const OWNED_BY_ME = `dev.perfgate.owner-pid=${process.pid}`

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return (await client.query<T>(sql)).rows
  } finally {
    await client.end()
  }
}

async function redisCommand(url: string, args: string[]): Promise<unknown> {
  const conn = await RespConnection.open(url)
  try {
    const db = new URL(url).pathname.slice(1)
    if (db) await conn.command(['SELECT', db])
    return await conn.command(args)
  } finally {
    conn.close()
  }
}

beforeEach(() => {
  vi.stubEnv('PERFGATE_PROVIDER', undefined)
  vi.stubEnv('PERFGATE_POSTGRES_URL', undefined)
  vi.stubEnv('PERFGATE_REDIS_URL', undefined)
})
afterEach(() => {
  vi.unstubAllEnvs()
})

describe.skipIf(!engine.ok)(`the container provider on a real engine${skipReason}`, () => {
  test('unforced, with no URL set, the chain picks the container provider for Postgres and Redis', async () => {
    await using db = await postgres()
    await using r = await redis()
    expect(db.provider).toBe('container')
    expect(r.provider).toBe('container')
  })

  test.skipIf(process.platform !== 'linux')("is reached at the container's bridge address, not through the published port's proxy", async () => {
    await using db = await postgres({ provider: 'container' })
    await using r = await redis({ provider: 'container' })
    for (const [url, port] of [[db.url, '5432'], [r.url, '6379']] as const) {
      expect(new URL(url).hostname).toMatch(/^\d+\.\d+\.\d+\.\d+$/)
      expect(new URL(url).hostname).not.toMatch(/^127\./)
      expect(new URL(url).port).toBe(port)
    }
    expect(await query(db.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }])
    expect(await redisCommand(r.url, ['PING'])).toBe('PONG')
    // PERFGATE_CONTAINER_DIRECT=0 keeps the published port on the loopback.
    vi.stubEnv('PERFGATE_CONTAINER_DIRECT', '0')
    await using published = await postgres({ provider: 'container' })
    expect(['localhost', '127.0.0.1']).toContain(new URL(published.url).hostname)
    expect(await query(published.url, 'SELECT 1 AS one')).toEqual([{ one: 1 }])
  })

  test('Postgres: start, seed, clone, reset, stop, and its container is labelled with its owner and then gone', async () => {
    const db = await postgres({ provider: 'container', seed: SEED, snapshotTables: ['account'] })
    const mine = await containersLabelled(OWNED_BY_ME)
    expect(mine).toHaveLength(1)
    expect(mine[0]?.Labels).toMatchObject({ 'dev.perfgate.owner-pid': String(process.pid), 'dev.perfgate.owner-host': hostname(), 'dev.perfgate.service': 'postgres' })
    if (process.env['PERFGATE_POSTGRES_IMAGE']) expect(mine[0]?.Image).toBe(process.env['PERFGATE_POSTGRES_IMAGE'])
    expect(await query(db.url, 'SELECT name FROM account ORDER BY id')).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }])

    const clone = await db.clone()
    expect(clone.database).not.toBe(db.database)
    await query(clone.url, `INSERT INTO account (name) VALUES ('d')`)
    expect(await query(clone.url, 'SELECT count(*)::int AS n FROM account')).toEqual([{ n: 4 }])
    expect(await query(db.url, 'SELECT count(*)::int AS n FROM account')).toEqual([{ n: 3 }])
    await clone.resetTables()
    expect(await query(clone.url, 'SELECT count(*)::int AS n FROM account')).toEqual([{ n: 3 }])
    await query(clone.url, `DELETE FROM account`)
    await clone.reset()
    expect(await query(clone.url, 'SELECT name FROM account ORDER BY id')).toEqual([{ name: 'a' }, { name: 'b' }, { name: 'c' }])
    await clone.drop()

    await db.stop()
    expect(await containersLabelled(OWNED_BY_ME)).toEqual([])
    expect((await engineGet(`/containers/${mine[0]?.Id}/json`)).status).toBe(404)
  })

  test('Redis: start, clone, flush, drop, stop, and its container is labelled with its owner and then gone', async () => {
    const r = await redis({ provider: 'container' })
    const mine = await containersLabelled(OWNED_BY_ME)
    expect(mine.map((c) => c.Labels['dev.perfgate.service'])).toEqual(['redis'])
    if (process.env['PERFGATE_REDIS_IMAGE']) expect(mine[0]?.Image).toBe(process.env['PERFGATE_REDIS_IMAGE'])
    expect(await redisCommand(r.url, ['PING'])).toBe('PONG')

    const clone = await r.clone()
    expect(clone.db).not.toBe(r.db)
    await redisCommand(clone.url, ['SET', 'k', 'v'])
    expect(await redisCommand(clone.url, ['DBSIZE'])).toBe(1)
    expect(await redisCommand(r.url, ['DBSIZE'])).toBe(0)
    await clone.flush()
    expect(await redisCommand(clone.url, ['DBSIZE'])).toBe(0)
    await clone.drop()

    await r.stop()
    expect(await containersLabelled(OWNED_BY_ME)).toEqual([])
  })

  test('the image option wins over PERFGATE_POSTGRES_IMAGE, and a missing image fails fast naming it and both variables', async () => {
    vi.stubEnv('PERFGATE_POSTGRES_IMAGE', 'perfgate-missing/postgres:0')
    const started = performance.now()
    const error = await postgres({ provider: 'container' }).catch((e: unknown) => e)
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(isPerfgateError(error, 'PERFGATE_ERR_IMAGE_MISSING')).toBe(true)
    const message = (error as Error).message
    expect(message).toContain("'perfgate-missing/postgres:0'")
    expect(message).toContain('PERFGATE_POSTGRES_IMAGE')
    expect(message).toContain('PERFGATE_REDIS_IMAGE')

    const redisError = await redis({ provider: 'container', image: 'perfgate-missing/redis:0' }).catch((e: unknown) => e)
    expect(isPerfgateError(redisError, 'PERFGATE_ERR_IMAGE_MISSING')).toBe(true)
    expect((redisError as Error).message).toContain("'perfgate-missing/redis:0'")
    expect(await containersLabelled(OWNED_BY_ME)).toEqual([])
  })
})
