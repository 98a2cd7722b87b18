// Fixture timings on this machine: `node bench/fixtures.ts` (add `--initdb` to also time a cold
// start without the cached cluster, `--n 50` for more clones). The container provider is measured
// too when an engine answers (scripts/containerEngine.sh up, then its `env`; images from
// PERFGATE_POSTGRES_IMAGE / PERFGATE_REDIS_IMAGE). Prints a table; nothing is asserted.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { percentileOfSorted } from '../src/measure/index.ts'
import { postgres, redis, type RedisOptions, type StartedPostgres } from '../src/fixtures/index.ts'
import { probeContainerRuntime } from '../src/fixtures/providers/containerRuntime.ts'

const { values } = parseArgs({ options: { initdb: { type: 'boolean', default: false }, n: { type: 'string', default: '30' } } })
const N = Number(values.n)
const SEED = `
  CREATE TABLE account (id serial PRIMARY KEY, name text NOT NULL);
  CREATE TABLE booking (id serial PRIMARY KEY, account_id int NOT NULL REFERENCES account(id), units int NOT NULL, at timestamptz DEFAULT now());
  INSERT INTO account (name) SELECT 'a' || g FROM generate_series(1, 1000) g;
  INSERT INTO booking (account_id, units) SELECT 1 + g % 1000, g % 50 FROM generate_series(1, 10000) g;
  CREATE INDEX ON booking (account_id);`

const rows: string[][] = []
const ms = (x: number): string => x.toFixed(1)
function row(what: string, samples: number[]): void {
  const sorted = [...samples].sort((a, b) => a - b)
  rows.push(samples.length === 1 ? [what, '1', ms(sorted[0] ?? 0), '', ''] : [what, String(samples.length), ms(percentileOfSorted(sorted, 50)), ms(percentileOfSorted(sorted, 95)), ms(sorted.at(-1) ?? 0)])
}
async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now()
  const value = await fn()
  return [value, performance.now() - start]
}

async function postgresRun(label: string, options: Parameters<typeof postgres>[0]): Promise<void> {
  const [empty, bare] = await time(() => postgres({ ...options, seed: 'CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t SELECT generate_series(1, 100)' }))
  row(`${label}: start to ready, 100-row seed`, [bare])
  const small: number[] = []
  for (let i = 0; i < N; i++) {
    const [c, t] = await time(() => empty.clone())
    small.push(t)
    await c.drop()
  }
  row(`${label}: clone() of the 100-row seed`, small)
  await empty.stop()
  const [db, seeded] = await time(() => postgres({ ...options, seed: SEED, snapshotTables: ['account', 'booking'] }))
  row(`${label}: start + seed (11k rows) + snapshot`, [seeded])
  await clones(label, db)
  const [, stop] = await time(() => db.stop())
  row(`${label}: stop (drop all, stop server)`, [stop])
}

async function clones(label: string, db: StartedPostgres): Promise<void> {
  const clone: number[] = []
  const drop: number[] = []
  for (let i = 0; i < N; i++) {
    const [c, t] = await time(() => db.clone())
    clone.push(t)
    drop.push((await time(() => c.drop()))[1])
  }
  row(`${label}: clone()`, clone)
  row(`${label}: drop()`, drop)
  const reset: number[] = []
  const resetTables: number[] = []
  await using c = await db.clone()
  const pool = c.pool({ max: 2 })
  for (let i = 0; i < Math.min(N, 15); i++) {
    await pool.query('DELETE FROM booking WHERE id % 2 = 0')
    resetTables.push((await time(() => c.resetTables()))[1])
    reset.push((await time(() => c.reset()))[1])
  }
  row(`${label}: resetTables() (11k rows, in place)`, resetTables)
  row(`${label}: reset() (recreate from template)`, reset)
}

delete process.env['PERFGATE_PROVIDER']
delete process.env['PERFGATE_POSTGRES_URL']
if (values.initdb) {
  const fresh = mkdtempSync(join(tmpdir(), 'perfgate-bench-'))
  chmodSync(fresh, 0o755) // the unprivileged server user (when run as root) must reach it
  process.env['PERFGATE_TMPDIR'] = fresh
  const [db, t] = await time(() => postgres({ provider: 'embedded', seed: SEED }))
  await db.stop()
  row('embedded: cold start with initdb (no cache) + seed', [t])
  delete process.env['PERFGATE_TMPDIR']
  rmSync(fresh, { recursive: true, force: true })
}
async function redisRun(label: string, options: RedisOptions): Promise<void> {
  const [r, rt] = await time(() => redis(options))
  row(`redis ${label}: start to ready`, [rt])
  const rc: number[] = []
  const rf: number[] = []
  for (let i = 0; i < N; i++) {
    const [c, t] = await time(() => r.clone())
    rc.push(t)
    rf.push((await time(() => c.drop()))[1])
  }
  row(`redis ${label}: clone()`, rc)
  row(`redis ${label}: drop() (flush + release)`, rf)
  row(`redis ${label}: stop`, [(await time(() => r.stop()))[1]])
}

const engine = await probeContainerRuntime()
await postgresRun('embedded', { provider: 'embedded' })
if (engine.ok) await postgresRun(`container (${process.env['PERFGATE_POSTGRES_IMAGE'] ?? 'default image'})`, { provider: 'container' })
await postgresRun('url (local PG 15)', { url: 'postgres://postgres@127.0.0.1:5432/postgres' }).catch((error: unknown) => console.log(`url provider skipped: ${(error as Error).message.split('\n')[0]}`))
await redisRun('embedded', { provider: 'embedded' })
if (engine.ok) await redisRun(`container (${process.env['PERFGATE_REDIS_IMAGE'] ?? 'default image'})`, { provider: 'container' })
else console.log(`container provider skipped: ${engine.reason}`)

const header = ['what', 'n', 'p50 ms', 'p95 ms', 'max ms']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
const line = (cells: string[]): string => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ')
console.log(`perfgate fixtures on ${process.platform}-${process.arch}, node ${process.version}, ${N} clones each`)
console.log(line(header))
for (const r of rows) console.log(line(r))
