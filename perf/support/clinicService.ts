import { fileURLToPath } from 'node:url'
import { service } from 'perfgate/fixtures'
import type { StartedService } from 'perfgate/fixtures'
import type { ClinicEmrOptions } from '../app/index.ts'

/** How the clinic process is started: plain data, handed over in an environment variable. */
export interface ClinicProcessConfig {
  databaseUrl: string
  redisUrl: string
  /** The correct strategy, or one of the canaries that are broken on purpose. @default 'serializable' */
  reserve: 'serializable' | 'readCommittedOverbook' | 'staleCounterLostUpdate'
  poolSize?: number
  emr?: ClinicEmrOptions
}

/** What the clinic's reservation path went through since start (or the last reset). */
export interface ReserveStats {
  requests: number
  applied: number
  insufficient: number
  exhausted: number
  /** Serialization retries (40001/40P01) summed over all reservations. */
  retries: number
  maxRetries: number
}

export interface ClinicProcessStats {
  stats: ReserveStats
  emrCalls: { epic: number; cerner: number }
}

/** The clinic running in a process of its own, started with perfgate's service() fixture. */
export interface ClinicService extends AsyncDisposable {
  url: string
  reserveStrategy: string
  /** The process: its output, and its CPU and memory during a workload (`service.during(…)`). */
  service: StartedService
  /** Server-side counters of reservations and EMR calls. */
  stats(): Promise<ClinicProcessStats>
  /** Zeroes the reservation counters (EMR call counts keep running). */
  resetStats(): Promise<ClinicProcessStats>
  /** SIGTERM (the clinic closes its pools and deletes its Redis keys), SIGKILL to its group after 5 s. Idempotent. */
  close(): Promise<void>
}

const ENTRY = fileURLToPath(new URL('./clinicProcess.ts', import.meta.url))

/**
 * Starts the clinic in a process of its own on the same Node, through perfgate's `service()`: its
 * own process group, ready when it prints its URL, stopped however the spec ends.
 *
 * @example
 * await using clinic = await startClinicProcess({ databaseUrl: db.url, redisUrl: cache.url, reserve: 'serializable' })
 */
export async function startClinicProcess(config: ClinicProcessConfig): Promise<ClinicService> {
  const svc = await service({
    name: `clinic (${config.reserve})`,
    command: process.execPath,
    args: [ENTRY],
    env: { PERFGATE_CLINIC_PROCESS: JSON.stringify(config) },
    ready: { log: /^clinic ready url=(\S+) admin=(\S+) reserve=(\S+)$/ },
    timeout: '30s',
  })
  const [, url, adminUrl, reserveStrategy] = svc.ready.match as RegExpMatchArray as [string, string, string, string]
  const ask = async (path: '/stats' | '/stats/reset'): Promise<ClinicProcessStats> => {
    const response = await fetch(`${adminUrl}${path}`, { method: path === '/stats' ? 'GET' : 'POST', signal: AbortSignal.timeout(5000) })
    if (!response.ok) throw new Error(`clinic admin ${path}: HTTP ${response.status}`)
    return (await response.json()) as ClinicProcessStats
  }
  const close = (): Promise<void> => svc.stop()
  return { url, reserveStrategy, service: svc, stats: () => ask('/stats'), resetStats: () => ask('/stats/reset'), close, [Symbol.asyncDispose]: close }
}
