// Starts a Postgres and a Redis (embedded, or with `container` as argument in containers), prints
// where they run, then waits to be killed. Used by test/infra/leak.test.ts and
// test/infra/containerLeak.test.ts: whatever kills this process, nothing of it may be left behind.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { postgres, redis } from '../src/fixtures/index.ts'
import { tempRoot } from '../src/fixtures/process/tempRoot.ts'

const provider = process.argv[2] === 'container' ? 'container' : 'embedded'
delete process.env['PERFGATE_POSTGRES_URL']
delete process.env['PERFGATE_REDIS_URL']
const db = await postgres({ provider, seed: 'CREATE TABLE t (id int)' })
const r = await redis({ provider })
const root = tempRoot()
const { readdirSync } = await import('node:fs')
const runs = readdirSync(root)
  .filter((name) => name.startsWith(`run-`) && name.includes(`-${process.pid}-`))
  .map((name) => join(root, name))
const servers = runs.map((dir) => (JSON.parse(readFileSync(join(dir, 'owner.json'), 'utf8')) as { serverPid: number }).serverPid)
const registry = readdirSync(root).find((name) => name.startsWith(`watch-${process.pid}-`) && name.endsWith('.json'))
const watchdog = registry === undefined ? undefined : (JSON.parse(readFileSync(join(root, registry), 'utf8')) as { watchdogPid?: number }).watchdogPid
process.stdout.write(`${JSON.stringify({ pid: process.pid, runs, servers, watchdog, pg: db.url, redis: r.url })}\n`)
setInterval(() => undefined, 1000)
