import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { createClient } from 'redis'
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest'
import { sweepLeftovers } from '../../src/fixtures/process/tempRoot.ts'
import { databasesOf, leftoversIn, LOCAL_POSTGRES_URL, LOCAL_REDIS_URL, openPorts, processesUnder, redisClaimsOf, startHeldRun, type HeldRun, type Provider } from './heldRun.ts'
import { isAlive } from '../../src/fixtures/process/control.ts'

/** How CI runners, `timeout`, a terminal's Ctrl-C and an OOM killer end a run. */
const INTERRUPTS = {
  'SIGINT to the vitest process': (run: HeldRun) => process.kill(run.vitest.pid!, 'SIGINT'),
  'SIGINT to its process group (Ctrl-C)': (run: HeldRun) => process.kill(-run.vitest.pid!, 'SIGINT'),
  'SIGKILL to its process group': (run: HeldRun) => process.kill(-run.vitest.pid!, 'SIGKILL'),
} as const

interface Left {
  processes: number[]
  worker: boolean
  files: string[]
  ports: number[]
  databases: string[]
  redisClaims: string[]
}

async function whatIsLeft(root: string, run: HeldRun, provider: Provider): Promise<Left> {
  return {
    processes: processesUnder(root),
    worker: isAlive(run.held.workerPid),
    files: leftoversIn(root),
    ports: await openPorts(run.held.urls),
    databases: provider === 'url' ? await databasesOf(run.held.workerPid) : [],
    redisClaims: provider === 'url' ? await redisClaimsOf(run.held.workerPid) : [],
  }
}

/** Each case runs once in `npm test`; PERFGATE_RELIABILITY_REPEATS=3 repeats it, as the audit did. */
const REPEATS = Number(process.env['PERFGATE_RELIABILITY_REPEATS'] ?? 1)

const NOTHING: Left = { processes: [], worker: false, files: [], ports: [], databases: [], redisClaims: [] }

describe('an interrupted run leaves nothing behind within 5 s', () => {
  // One temp root for the file (its cached initdb cluster is reused); only this run's servers work in it.
  let root: string
  let current: HeldRun | undefined
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'perfgate-interrupts-'))
    chmodSync(root, 0o755)
  })
  afterEach(async () => {
    // Whatever a failed case left must not outlive it.
    const run = current
    current = undefined
    if (run === undefined) return
    for (const pid of [...processesUnder(root), run.held.workerPid]) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // Gone.
      }
    }
    try {
      process.kill(-run.vitest.pid!, 'SIGKILL')
    } catch {
      // Gone.
    }
    sweepLeftovers(root)
    const admin = new pg.Client({ connectionString: LOCAL_POSTGRES_URL })
    await admin.connect()
    for (const name of await databasesOf(run.held.workerPid)) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
    await admin.end()
    const claims = await redisClaimsOf(run.held.workerPid)
    if (claims.length > 0) {
      const client = await createClient({ url: LOCAL_REDIS_URL }).connect()
      const book = Number((await client.configGet('databases'))['databases'] ?? 16) - 1
      for (const key of claims) {
        await client.select(Number(key.split(':')[2]))
        await client.flushDb()
        await client.select(book)
        await client.del(key)
      }
      client.destroy()
    }
  })
  afterAll(() => rmSync(root, { recursive: true, force: true }))

  for (const provider of ['embedded', 'url'] as const) {
    for (const [name, interrupt] of Object.entries(INTERRUPTS)) {
      test.for(Array.from({ length: REPEATS }, (_, i) => i + 1))(`${provider} provider, ${name}${REPEATS > 1 ? ' (run %i)' : ''}`, { timeout: 90_000 }, async (repeat) => {
        const run = await startHeldRun(provider, root, `${provider}-${name.split(' ')[0]}-${repeat}-${Date.now()}`)
        current = run
        const before = await whatIsLeft(root, run, provider)
        expect(before.worker).toBe(true)
        if (provider === 'embedded') expect(before.processes.length).toBeGreaterThan(0)
        else expect(before.databases.length).toBeGreaterThan(0)
        interrupt(run)
        const deadline = Date.now() + 5000
        let left = await whatIsLeft(root, run, provider)
        while (Date.now() < deadline && JSON.stringify(left) !== JSON.stringify(NOTHING)) {
          await new Promise((resolve) => setTimeout(resolve, 100))
          left = await whatIsLeft(root, run, provider)
        }
        expect(left).toEqual(NOTHING)
        await run.exited
      })
    }
  }
})
