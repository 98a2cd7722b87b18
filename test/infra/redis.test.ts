import { createClient } from 'redis'
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest'
import { redis, type StartedRedis } from '../../src/fixtures/index.ts'

beforeAll(() => {
  vi.stubEnv('PERFGATE_PROVIDER', undefined)
  vi.stubEnv('PERFGATE_REDIS_URL', undefined)
})
afterAll(() => {
  vi.unstubAllEnvs()
})

async function client(url: string) {
  const c = createClient({ url })
  c.on('error', () => undefined)
  return c.connect()
}

for (const provider of ['url', 'embedded'] as const) {
  describe(`redis() with the ${provider} provider`, () => {
    let r: StartedRedis
    beforeAll(async () => {
      r = await redis(provider === 'url' ? { url: 'redis://127.0.0.1:6379' } : {})
    })
    afterAll(async () => {
      await r?.stop()
    })

    test('serves a logical database of its own; clones are separate; flush and drop empty only theirs', async () => {
      expect(r.provider).toBe(provider)
      expect(r.url).toBe(`${r.url.slice(0, r.url.lastIndexOf('/'))}/${r.db}`)
      const main = await client(r.url)
      const clone = await r.clone()
      const other = await client(clone.url)
      try {
        expect(clone.db).not.toBe(r.db)
        await main.set('k', 'main')
        await other.set('k', 'clone')
        expect(await main.get('k')).toBe('main')
        expect(await other.get('k')).toBe('clone')
        await clone.flush()
        expect(await other.dbSize()).toBe(0)
        expect(await main.get('k')).toBe('main')
        await other.set('k2', 'x')
        await clone.drop()
        expect(await other.dbSize()).toBe(0)
        await r.flush()
        expect(await main.dbSize()).toBe(0)
      } finally {
        await main.quit()
        await other.quit()
      }
    })
  })
}

test('never claims a logical database that holds data, and a stopped fixture says so', async () => {
  const seedClient = await client('redis://127.0.0.1:6379')
  // Occupy the lowest free database with someone else's data.
  const probe = await redis({ url: 'redis://127.0.0.1:6379' })
  const occupied = probe.db
  await probe.stop()
  await seedClient.select(occupied)
  await seedClient.set('precious', 'yes')
  try {
    const r = await redis({ url: 'redis://127.0.0.1:6379' })
    expect(r.db).not.toBe(occupied)
    await r.stop()
    expect(await seedClient.get('precious')).toBe('yes')
    await expect(r.clone()).rejects.toMatchObject({ code: 'PERFGATE_ERR_FIXTURE_STOPPED' })
  } finally {
    await seedClient.del('precious')
    await seedClient.quit()
  }
})
