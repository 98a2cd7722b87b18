// The clinic under test as a program of its own, started by clinicService.ts through perfgate's
// service() fixture: the clinic gets a process (and an event loop) of its own, as in production,
// and the load generator measures the service instead of sharing a thread with it.
//   PERFGATE_CLINIC_PROCESS='<ClinicProcessConfig as JSON>' node perf/support/clinicProcess.ts
// Prints "clinic ready url=<url> admin=<url> reserve=<strategy>" once it serves. The admin URL
// answers GET /stats and POST /stats/reset (server-side counters the specs read). SIGTERM closes
// the clinic (its Redis keys are deleted) and exits.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readCommittedOverbook, serializableReserve, staleCounterLostUpdate, startClinic } from '../app/index.ts'
import type { ClinicOptions, ReserveStrategy, StartedClinic } from '../app/index.ts'
import type { ClinicProcessConfig, ClinicProcessStats, ReserveStats } from './clinicService.ts'

const config = JSON.parse(process.env['PERFGATE_CLINIC_PROCESS'] ?? '{}') as ClinicProcessConfig
const stats: ReserveStats = { requests: 0, applied: 0, insufficient: 0, exhausted: 0, retries: 0, maxRetries: 0 }

function strategyOf(name: ClinicProcessConfig['reserve']): ReserveStrategy {
  const inner = name === 'readCommittedOverbook' ? readCommittedOverbook() : name === 'staleCounterLostUpdate' ? staleCounterLostUpdate() : serializableReserve()
  // Counts what the reservations went through, for the load()-driven specs that cannot read x-retries.
  return {
    name: inner.name,
    async reserve(db, request) {
      const outcome = await inner.reserve(db, request)
      stats.requests++
      stats.retries += outcome.retries
      stats.maxRetries = Math.max(stats.maxRetries, outcome.retries)
      if (outcome.kind === 'applied') stats.applied++
      else if (outcome.kind === 'insufficient') stats.insufficient++
      else if (outcome.kind === 'retries-exhausted') stats.exhausted++
      return outcome
    },
  }
}

let clinic: StartedClinic | undefined
const current = (): ClinicProcessStats => ({ stats: { ...stats }, emrCalls: clinic?.emr.calls() ?? { epic: 0, cerner: 0 } })

const admin = createServer((req, res) => {
  if (req.url === '/stats/reset' && req.method === 'POST') Object.assign(stats, { requests: 0, applied: 0, insufficient: 0, exhausted: 0, retries: 0, maxRetries: 0 })
  else if (req.url !== '/stats') return void res.writeHead(404).end()
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(current()))
})

async function shutdown(code: number): Promise<void> {
  const closing = clinic
  clinic = undefined
  admin.close()
  await closing?.close().catch(() => {})
  process.exit(code)
}
process.on('SIGTERM', () => void shutdown(0))

try {
  const options: ClinicOptions = {
    databaseUrl: config.databaseUrl,
    redisUrl: config.redisUrl,
    reserve: strategyOf(config.reserve),
    ...(config.poolSize === undefined ? {} : { poolSize: config.poolSize }),
    ...(config.emr === undefined ? {} : { emr: config.emr }),
  }
  clinic = await startClinic(options)
  await new Promise<void>((resolve) => admin.listen(0, '127.0.0.1', resolve))
  const adminUrl = `http://127.0.0.1:${(admin.address() as AddressInfo).port}`
  console.log(`clinic ready url=${clinic.url} admin=${adminUrl} reserve=${clinic.reserveStrategy}`)
} catch (error) {
  console.error(`the clinic failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
  await shutdown(1)
}
