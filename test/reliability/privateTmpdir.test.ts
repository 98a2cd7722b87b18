import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, expect, test, vi } from 'vitest'
import { postgres } from '../../src/fixtures/index.ts'

// As root, Postgres runs as an unprivileged user, who cannot enter a `mktemp -d` folder (0700, root's).
const private0700 = mkdtempSync(join(tmpdir(), 'perfgate-private-'))
beforeAll(() => {
  vi.stubEnv('PERFGATE_TMPDIR', join(private0700, 'perfgate'))
  vi.stubEnv('PERFGATE_POSTGRES_URL', undefined)
})
afterAll(() => {
  vi.unstubAllEnvs()
  rmSync(private0700, { recursive: true, force: true })
})

test.runIf(process.getuid?.() === 0)('as root, with PERFGATE_TMPDIR inside a 0700 folder, the embedded Postgres starts, serves and leaves nothing running', async () => {
  expect(statSync(private0700).mode & 0o777).toBe(0o700)
  const db = await postgres({ provider: 'embedded', seed: 'CREATE TABLE t (id int); INSERT INTO t VALUES (1)' })
  const client = new pg.Client({ connectionString: db.url })
  await client.connect()
  expect((await client.query('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 1 }])
  await client.end()
  await db.stop()
  // Stopped for good, and the 0700 folder was not loosened.
  const refused = await new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port: Number(new URL(db.url).port) })
    socket.once('connect', () => resolve(socket.destroy() && false)).once('error', () => resolve(true))
  })
  expect(refused).toBe(true)
  expect(statSync(private0700).mode & 0o777).toBe(0o700)
  expect(readdirSync(join(private0700, 'perfgate')).filter((name) => name.startsWith('run-'))).toEqual([])
})
