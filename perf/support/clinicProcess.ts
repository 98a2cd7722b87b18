// Child-process entry of the clinic under test (see clinicService.ts). The clinic gets a process
// of its own, as in production: the load generator's thread then measures the service instead of
// sharing an event loop with it. Talks to its parent over the IPC channel and exits when it closes.
import { readCommittedOverbook, serializableReserve, staleCounterLostUpdate, startClinic } from '../app/index.ts'
import type { ClinicOptions, ReserveStrategy, StartedClinic } from '../app/index.ts'
import type { ClinicProcessConfig, ClinicProcessMessage, ReserveStats } from './clinicService.ts'

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
const send = (message: ClinicProcessMessage): void => {
  process.send?.(message)
}

process.on('message', (message: { type: string }) => {
  if (message.type === 'stats') send({ type: 'stats', stats: { ...stats }, emrCalls: clinic?.emr.calls() ?? { epic: 0, cerner: 0 } })
  if (message.type === 'reset-stats') {
    Object.assign(stats, { requests: 0, applied: 0, insufficient: 0, exhausted: 0, retries: 0, maxRetries: 0 })
    send({ type: 'stats', stats: { ...stats }, emrCalls: clinic?.emr.calls() ?? { epic: 0, cerner: 0 } })
  }
  if (message.type === 'close') void shutdown(0)
})
// The parent went away (a crashed worker, Ctrl-C): never outlive it.
process.on('disconnect', () => void shutdown(0))

async function shutdown(code: number): Promise<void> {
  const closing = clinic
  clinic = undefined
  await closing?.close().catch(() => {})
  process.exit(code)
}

try {
  const options: ClinicOptions = {
    databaseUrl: config.databaseUrl,
    redisUrl: config.redisUrl,
    reserve: strategyOf(config.reserve),
    ...(config.poolSize === undefined ? {} : { poolSize: config.poolSize }),
    ...(config.emr === undefined ? {} : { emr: config.emr }),
  }
  clinic = await startClinic(options)
  send({ type: 'ready', url: clinic.url, reserveStrategy: clinic.reserveStrategy })
} catch (error) {
  send({ type: 'failed', message: error instanceof Error ? error.message : String(error) })
  await shutdown(1)
}
