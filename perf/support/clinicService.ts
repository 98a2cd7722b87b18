import { fork } from 'node:child_process'
import { fileURLToPath } from 'node:url'
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

export type ClinicProcessMessage =
  | { type: 'ready'; url: string; reserveStrategy: string }
  | { type: 'failed'; message: string }
  | ({ type: 'stats' } & ClinicProcessStats)

/** The clinic running in a child process of its own. */
export interface ClinicService extends AsyncDisposable {
  url: string
  reserveStrategy: string
  /** Server-side counters of reservations and EMR calls. */
  stats(): Promise<ClinicProcessStats>
  /** Zeroes the reservation counters (EMR call counts keep running). */
  resetStats(): Promise<ClinicProcessStats>
  /** Asks the process to close the clinic and exit; kills it if it does not within 5 s. Idempotent. */
  close(): Promise<void>
}

const ENTRY = fileURLToPath(new URL('./clinicProcess.ts', import.meta.url))

/**
 * Starts the clinic in a child process on the same Node (the server then has an event loop of its
 * own, as in production, and never counts as the load generator's work). The process exits when
 * its parent does, so a crashed spec leaks nothing.
 *
 * @example
 * await using clinic = await startClinicProcess({ databaseUrl: db.url, redisUrl: cache.url, reserve: 'serializable' })
 */
export async function startClinicProcess(config: ClinicProcessConfig, { startTimeoutMs = 30_000 } = {}): Promise<ClinicService> {
  const child = fork(ENTRY, [], {
    env: { ...process.env, PERFGATE_CLINIC_PROCESS: JSON.stringify(config) },
    execArgv: [],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const close = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return
    if (child.connected) child.send({ type: 'close' })
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000)
    await exited
    clearTimeout(timer)
  }
  let ready: { url: string; reserveStrategy: string }
  try {
    ready = await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the clinic process did not start within ${startTimeoutMs} ms`)), startTimeoutMs)
      child.once('exit', (code) => reject(new Error(`the clinic process exited (code ${code}) before it was ready`)))
      child.on('message', (message: ClinicProcessMessage) => {
        if (message.type === 'ready') resolve(message)
        if (message.type === 'failed') reject(new Error(`the clinic process failed to start: ${message.message}`))
      })
      void exited.then(() => clearTimeout(timer))
      child.once('message', () => clearTimeout(timer))
    })
  } catch (error) {
    await close()
    throw error
  }
  const ask = (type: 'stats' | 'reset-stats'): Promise<ClinicProcessStats> =>
    new Promise((resolve, reject) => {
      const onMessage = (message: ClinicProcessMessage): void => {
        if (message.type !== 'stats') return
        child.off('message', onMessage)
        resolve({ stats: message.stats, emrCalls: message.emrCalls })
      }
      child.on('message', onMessage)
      child.send({ type }, (error) => {
        if (error) {
          child.off('message', onMessage)
          reject(error)
        }
      })
    })
  return {
    url: ready.url,
    reserveStrategy: ready.reserveStrategy,
    stats: () => ask('stats'),
    resetStats: () => ask('reset-stats'),
    close,
    [Symbol.asyncDispose]: close,
  }
}

