// Measures reservation bursts against a freshly seeded clinic, for the tuning notes in the README:
//   node perf/app/tuning/reserveBurst.ts [serializable pool size] [forceIndexScan: on|off]
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { Agent, request } from 'undici'
import { seedClinic, startClinic, tokenForOrganization } from '../index.ts'
import type { ClinicSeed } from '../index.ts'

const ADMIN_URL = process.env['PERFGATE_APP_DEV_POSTGRES_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const REDIS_URL = process.env['PERFGATE_APP_DEV_REDIS_URL'] ?? 'redis://127.0.0.1:6379'
const poolSize = Number(process.argv[2] ?? 10)
const forceIndexScan = (process.argv[3] ?? 'on') === 'on'

interface BurstResult { status: number; retries: number; ms: number }

async function burst(url: string, clinic: ClinicSeed, picks: { id: number; units: number }[]): Promise<BurstResult[]> {
  const agent = new Agent({ connections: picks.length })
  try {
    return await Promise.all(picks.map(async ({ id, units }) => {
      const organizationId = clinic.authorizations.find((a) => a.id === id)!.organizationId
      const started = performance.now()
      const response = await request(`${url}/authorizations/${id}/reserve`, {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tokenForOrganization(clinic, organizationId)}` },
        body: JSON.stringify({ units }),
      })
      await response.body.dump()
      return { status: response.statusCode, retries: Number(response.headers['x-retries'] ?? 0), ms: performance.now() - started }
    }))
  } finally {
    await agent.close()
  }
}

function summary(label: string, results: BurstResult[]): string {
  const sorted = results.map((r) => r.ms).sort((a, b) => a - b)
  const at = (p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!
  const byStatus = Object.entries(Object.groupBy(results, (r) => String(r.status))).map(([s, rs]) => `${s}×${rs!.length}`).join(' ')
  const retries = results.reduce((sum, r) => sum + r.retries, 0)
  return `${label}: ${byStatus}; retries ${retries} (max ${Math.max(...results.map((r) => r.retries))}); p50 ${at(50).toFixed(0)} ms, p95 ${at(95).toFixed(0)} ms, max ${at(100).toFixed(0)} ms`
}

const name = `perfgate_app_dev_${randomBytes(4).toString('hex')}`
const admin = new pg.Client({ connectionString: ADMIN_URL })
await admin.connect()
await admin.query(`CREATE DATABASE ${name}`)
const databaseUrl = Object.assign(new URL(ADMIN_URL), { pathname: `/${name}` }).href
try {
  const seeder = new pg.Client({ connectionString: databaseUrl })
  await seeder.connect()
  const clinic = await seedClinic(seeder, { tasks: 0 })
  await seeder.end()
  await using app = await startClinic({ databaseUrl, redisUrl: REDIS_URL, poolSize, reservations: { poolSize, forceIndexScan } })
  console.log(`poolSize ${poolSize}, forceIndexScan ${forceIndexScan}`)
  const hot = clinic.authorizationIdsByTotal.units50
  for (let round = 0; round < 3; round++) {
    const picks = Array.from({ length: 50 }, () => ({ id: hot[round]!, units: 10 }))
    console.log(summary(`50 on one 50-unit authorization #${hot[round]}`, await burst(app.url, clinic, picks)))
  }
  const spreadIds = clinic.authorizations.map((a) => a.id).filter((id) => id > 3)
  const spread = Array.from({ length: 200 }, (_, i) => ({ id: spreadIds[i % spreadIds.length]!, units: 1 }))
  for (let round = 1; round <= 3; round++) {
    console.log(summary(`200 spread over ${spreadIds.length}, round ${round}`, await burst(app.url, clinic, spread)))
  }
  const integrity = await app.integrity()
  console.log(`integrity ok: ${integrity.ok}`)
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  await admin.end()
}
